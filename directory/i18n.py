"""Language fallback and the localised words kept in locales.yml."""

from __future__ import annotations

from functools import cache
from typing import Any, Dict, Mapping, Tuple

from ruamel.yaml import YAML

from .settings import LOCALES_PATH

# Every language the assistant speaks; "lattlast" is easy-to-read Swedish.
SUPPORTED_LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "uk", "pl", "lattlast")


def fallback_chain(language: str) -> Tuple[str, ...]:
    """Languages to try in order: the requested one, then English, then Swedish.

    Easy Swedish falls back to Swedish first, since its readers read Swedish.
    """
    if language == "lattlast":
        return ("lattlast", "sv", "en")
    if language in ("sv", "en"):
        return (language, "en" if language == "sv" else "sv")
    return (language, "en", "sv")


def localise(texts: Mapping[str, str] | None, language: str) -> Tuple[str | None, str | None]:
    """Return (text, language actually used) from a language->text mapping."""
    if not texts:
        return None, None
    for code in fallback_chain(language):
        text = texts.get(code)
        if text:
            return text, code
    return None, None


@cache
def _locale_file() -> Dict[str, Dict[str, Any]]:
    with open(LOCALES_PATH, encoding="utf-8") as handle:
        return YAML(typ="safe").load(handle)


@cache
def words(language: str) -> Dict[str, Any]:
    """The locale strings for a language, each key falling back along fallback_chain."""
    merged: Dict[str, Any] = {}
    blocks = _locale_file()
    for code in reversed(fallback_chain(language)):
        merged.update(blocks.get(code) or {})
    merged.pop("review", None)
    return merged


def review_note(language: str) -> str | None:
    """What a native speaker must still check in the language's own block, if anything."""
    note = (_locale_file().get(language) or {}).get("review")
    return str(note) if note else None
