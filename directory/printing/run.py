"""Print one sheet, or every sheet in every language: load the directory, build, write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, List, Tuple
from urllib.parse import urlsplit

from ..catalog import Catalog
from ..hours import TZ
from ..i18n import SUPPORTED_LANGUAGES
from ..loader import load_directory
from ..settings import get_settings
from ..store import current_catalog
from . import PrintError
from .content import Sheet, build_sheet, municipality_site
from .render import write_pdf

# What `make print` writes for each language: (kind, audience, file name).
EVERY_SHEET: Tuple[Tuple[str, str, str], ...] = (
    ("brochure", "victim", "brochure-victim.pdf"),
    ("brochure", "child", "brochure-child.pdf"),
    ("brochure", "perpetrator", "brochure-perpetrator.pdf"),
    ("poster", "victim", "poster.pdf"),
    ("card", "victim", "wallet-card.pdf"),
    ("card", "staff", "staff-card.pdf"),
)


@dataclass(frozen=True)
class Printed:
    path: Path
    sheet: Sheet


def chat_url(catalog: Catalog, municipality: str, *, final: bool) -> str:
    """PRINT_CHAT_URL; a draft may fall back to the municipality's website, a final print not."""
    url = get_settings().chat_url
    if url is None:
        if final:
            raise PrintError(
                "Set PRINT_CHAT_URL to the chat page's address before a final print "
                "(the QR code leads there)."
            )
        url = municipality_site(catalog, municipality)
        if url is None:
            raise PrintError(
                "Set PRINT_CHAT_URL: the municipality has no website in the directory."
            )
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise PrintError(f'PRINT_CHAT_URL "{url}" is not a web address (https://...).')
    return url


def prepare(final: bool) -> Tuple[Catalog, str, str]:
    """Load the entries as the chat would (all or nothing), then the catalog and the chat page."""
    load_directory()  # raises InvalidEntries: nothing is printed from a directory that fails
    catalog = current_catalog()
    municipality = get_settings().municipality
    return catalog, municipality, chat_url(catalog, municipality, final=final)


def print_sheet(
    *,
    kind: str,
    audience: str,
    language: str,
    output: Path,
    final: bool = False,
    paper: str = "a4",
    prepared: Tuple[Catalog, str, str] | None = None,
) -> Printed:
    catalog, municipality, url = prepared or prepare(final)
    if language not in SUPPORTED_LANGUAGES:
        raise PrintError(f'Unknown language "{language}": use {", ".join(SUPPORTED_LANGUAGES)}.')
    sheet = build_sheet(
        catalog,
        kind=kind,
        audience=audience,
        language=language,
        municipality=municipality,
        chat_url=url,
        now=datetime.now(TZ),
    )
    if final and sheet.unreviewed:
        listed = "\n".join(f"  - {item}" for item in sheet.unreviewed)
        raise PrintError(
            f"Not printed: the {language} {kind} has {len(sheet.unreviewed)} unreviewed "
            f"text(s) or entries; --final prints only reviewed sheets.\n{listed}"
        )
    write_pdf(sheet, output, paper)
    return Printed(output, sheet)


def print_all(
    folder: Path, *, final: bool = False, progress: Callable[[str], None] = print
) -> List[str]:
    """Every sheet of EVERY_SHEET in every language into folder/<language>/; the failures'
    messages (each sheet is written whole or not at all, the others go on)."""
    prepared = prepare(final)
    failures = []
    started = time.monotonic()
    for language in SUPPORTED_LANGUAGES:
        (folder / language).mkdir(parents=True, exist_ok=True)
        for kind, audience, name in EVERY_SHEET:
            path = folder / language / name
            try:
                done = print_sheet(
                    kind=kind,
                    audience=audience,
                    language=language,
                    output=path,
                    final=final,
                    prepared=prepared,
                )
            except PrintError as error:
                failures.append(f"{path}: {error}")
                progress(f"FAILED {path}: {error}")
                continue
            draft = (
                f" (draft: {len(done.sheet.unreviewed)} to review)" if done.sheet.unreviewed else ""
            )
            progress(f"wrote {path}{draft}")
    count = len(SUPPORTED_LANGUAGES) * len(EVERY_SHEET)
    progress(f"{count - len(failures)} of {count} sheets in {time.monotonic() - started:.1f} s.")
    return failures
