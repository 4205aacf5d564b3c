"""A sheet to PDF: Jinja2 templates laid out by WeasyPrint, written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, List

import jinja2
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import PrintError
from .content import Sheet
from .plan import PAPERS
from .qr import qr_data_uri

TEMPLATES = Path(__file__).resolve().parent / "templates"


def left_to_right(value: object) -> str:
    """A date or number inside a sentence kept in its own order in right-to-left text (Unicode
    isolate marks: without them 2026-12-06 reads 06-12-2026 in Persian)."""
    return f"\u2066{value}\u2069"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["ltr"] = left_to_right
    return environment


def template_name(sheet: Sheet) -> str:
    return "staff.html" if sheet.audience == "staff" else f"{sheet.kind}.html"


def sheet_html(sheet: Sheet, paper: str = "a4") -> str:
    html_lang = "sv" if sheet.language == "lattlast" else sheet.language
    return (
        _environment()
        .get_template(template_name(sheet))
        .render(
            sheet=sheet,
            t=sheet.text,
            qr=qr_data_uri(sheet.chat_url),
            paper=paper,
            html_lang=html_lang,
        )
    )


class LocalOnlyFetcher(URLFetcher):
    """Templates may read their own files and inline data, never the network: anything else
    stops the print (fail_on_errors) instead of leaving a hole in the sheet."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:") and not url.startswith(TEMPLATES.as_uri() + "/"):
            raise ValueError(f"{url} is outside the templates folder")
        return super().fetch(url, headers)


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()) or ():
        yield child
        yield from _descendants(child)


def _overflowing(document: Any) -> List[str]:
    """Boxes marked `fixed` (a brochure panel, a card side, the poster) whose content is taller
    than their content area, or sticks out at a side: on paper it would be cut off."""
    found = []

    def check(box: Any, name: str, page: Any) -> None:
        if box.position_x + box.margin_width() > page.width + 0.5 or (
            box.position_y + box.margin_height() > page.height + 0.5
        ):
            found.append(name)  # the panel itself is larger than the paper
            return
        bottom = box.content_box_y() + box.height
        if any(c.position_y + c.margin_height() > bottom + 0.5 for c in box.children):
            found.append(name)  # half a CSS pixel allowed for rounding
            return
        left, right = box.position_x, box.position_x + box.margin_width()
        for inner in _descendants(box):
            if (
                inner.position_x < left - 0.5
                or inner.position_x + inner.margin_width() > right + 0.5
            ):
                found.append(name)
                return

    def walk(box: Any, page: Any) -> None:
        element: Any = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if element is not None and "fixed" in classes and getattr(box, "children", None):
            check(box, element.get("data-name") or "a panel", page)
            return
        for child in getattr(box, "children", ()) or ():
            walk(child, page)

    for page in document.pages:
        walk(page._page_box, page)  # WeasyPrint's laid-out boxes (no public way to read them)
    return found


def _services_laid_out(document: Any) -> int:
    """How many `.service` elements have a box on some page: a layout that drops content (a
    column that does not fit) loses services without growing any box."""
    seen = set()
    for page in document.pages:
        for box in _descendants(page._page_box):
            element: Any = getattr(box, "element", None)
            if element is not None and "service" in (element.get("class") or "").split():
                seen.add(id(element))
    return len(seen)


def write_pdf(sheet: Sheet, output: Path, paper: str = "a4") -> None:
    """Lay the sheet out and write it; a text too long for its panel is an error, not a cut."""
    if paper not in PAPERS:
        raise PrintError(f'Unknown paper "{paper}": use {", ".join(PAPERS)}.')
    if paper != "a4" and sheet.kind != "poster":
        raise PrintError(
            f"Only the poster comes in {paper.upper()}; the {sheet.kind} has one size."
        )
    output = output.resolve()
    if not output.parent.is_dir():
        raise PrintError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    if not os.access(output.parent, os.W_OK):
        raise PrintError(f"Cannot write {output}: the folder is not writable.")
    document = HTML(
        string=sheet_html(sheet, paper),
        base_url=str(TEMPLATES) + "/",
        url_fetcher=LocalOnlyFetcher(),
    ).render()
    cut = _overflowing(document)
    expected = sum(len(section.services) for section in sheet.sections)
    if _services_laid_out(document) < expected:
        cut.append("a service")
    if cut:
        raise PrintError(
            f"The {sheet.language} {sheet.kind} does not fit on the paper ({', '.join(cut)}). "
            "Shorten its texts."
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".print-", suffix=".pdf")
    except OSError as error:
        raise PrintError(f"Cannot write {output}: {error.strerror or error}.") from None
    os.close(handle)
    try:
        document.write_pdf(temporary)
        os.replace(temporary, output)  # readers never see half a PDF
    except OSError as error:
        raise PrintError(f"Cannot write {output}: {error.strerror or error}.") from None
    finally:
        Path(temporary).unlink(missing_ok=True)  # gone after the rename; left only on failure
