"""The printed sheets' own sentences per language (texts/<language>.yml) and their review marks."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Dict, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import PrintError

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
SOURCE_LANGUAGE = "sv"  # every other file has the same keys


@dataclass(frozen=True)
class SheetTexts:
    language: str
    text: Dict[str, str]
    review: Dict[str, str]  # key -> what a native speaker should check


def _read(path: Path) -> Dict[str, object]:
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PrintError(
            f"There are no printed texts for this language ({path} is missing)."
        ) from None
    except YAMLError as error:
        raise PrintError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise PrintError(f"{path} must map text names to texts.")
    return data


@cache
def sheet_texts(language: str) -> SheetTexts:
    """The language's texts; every key of the Swedish file must be there, with its placeholders."""
    path = TEXTS_DIR / f"{language}.yml"
    data = _read(path)
    review: Any = data.pop("review", None) or {}
    source = _read(TEXTS_DIR / f"{SOURCE_LANGUAGE}.yml")
    source.pop("review", None)
    missing = sorted(set(source) - set(data))
    if missing:
        raise PrintError(f"{path}: missing text(s): {', '.join(missing)}.")
    text = {str(key): str(value) for key, value in data.items()}
    return SheetTexts(language, text, {str(k): str(v) for k, v in dict(review).items()})


def placeholders(text: str) -> Tuple[str, ...]:
    """The {names} a text is filled with, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(text) if name)
