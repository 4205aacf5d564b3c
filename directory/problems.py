"""A problem in an entry file, in plain words, with the line it is on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Sequence, Tuple

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .schema import Entry

Loc = Tuple[Any, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{display(self.path)}:{self.line}" if self.line else display(self.path)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def display(path: Path) -> str:
    """The path as the admin typed it (relative to the working folder) when possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def field_path(loc: Loc) -> str:
    """('phones', 0, 'number') -> 'phones[0].number'."""
    text = ""
    for part in loc:
        if part == "__root__":
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(loc: Loc, root: type | None = None) -> type | None:
    """The pydantic model a location points into, to list the fields allowed there."""
    model: Any = root or Entry
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "__fields__", {})
        if part not in fields:
            return None
        model = fields[part].type_
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def plain_message(error: Dict[str, Any], root: type | None = None) -> str:
    """pydantic's error in plain words; `root` is the file's model (default: an entry)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error.missing":
        return "is required but missing"
    if kind == "value_error.extra":
        model = _model_at(error["loc"], root)
        fields = getattr(model, "__fields__", None) or {}
        allowed = f" (allowed here: {', '.join(fields)})" if fields else ""
        return f"unknown field{allowed}"
    if kind == "value_error.const":
        return "must be one of: " + ", ".join(str(value) for value in ctx.get("permitted", ()))
    if kind in ("type_error.str", "value_error.strictstr"):
        return "must be text (put it in quotes)"
    if kind in ("type_error.bool", "value_error.strictbool"):
        return "must be true or false"
    if kind in ("type_error.integer", "value_error.strictint"):
        return "must be a whole number"
    if kind == "type_error.none.not_allowed":
        return "must not be empty"
    if kind == "type_error.list":
        return "must be a list, e.g. [a, b]"
    if kind == "type_error.dict":
        return "must be a block of `key: value` lines"
    if kind == "value_error.any_str.min_length":
        return "must not be empty"
    if kind == "value_error.any_str.max_length":
        return f"is too long (at most {ctx.get('limit_value')} characters)"
    if kind == "value_error.list.min_items":
        return "must list at least one item"
    if kind == "value_error.number.not_ge":
        return f"must be at least {ctx.get('limit_value')}"
    if kind == "value_error.number.not_le":
        return f"must be at most {ctx.get('limit_value')}"
    if kind in ("value_error.date", "type_error.date"):
        return "must be a date like 2026-11-26"
    return error["msg"]


def line_of(tree: Any, loc: Loc) -> int:
    """1-based line of the deepest key of loc that exists in the round-trip tree."""
    node, line = tree, getattr(getattr(tree, "lc", None), "line", 0) or 0
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0]
        else:
            break
        node = node[part]
    return line + 1


def round_trip(text: str) -> Any:
    """ruamel's round-trip tree, which remembers the line of every key."""
    try:
        return YAML().load(text)
    except YAMLError:
        return None  # the fast parser accepted it; without a tree, problems point at line 1


def line_in_file(path: Path, loc: Loc) -> int:
    """line_of for a file that passed the per-file checks (cross-file problems)."""
    try:
        return line_of(round_trip(path.read_text(encoding="utf-8")), loc)
    except OSError:
        return 1


def problems_text(problems: Sequence[Problem]) -> str:
    """All problems, one per line."""
    return "\n".join(str(problem) for problem in problems)
