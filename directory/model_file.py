"""One YAML file checked against one pydantic model, every problem with its line: the action
plan and the staff guidance (entries have their own, with ids and parallel checking)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple, Type

from pydantic import BaseModel, ValidationError

from .problems import Problem, field_path, line_of, plain_message, round_trip
from .yaml_load import EntryYamlError, load_yaml

Loc = Tuple[Any, ...]


def check_model_file(
    path: Path,
    model: Type[BaseModel],
    cross_checks: Callable[[Any], List[Tuple[Loc, str]]],
    shape: str,
    **dict_options: Any,
) -> Tuple[Dict[str, Any] | None, List[Problem]]:
    """(the file as plain data, []) when valid, else (None, every problem with its line).
    `shape` says what the file must hold when it is not a mapping at all."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(path, 1, "", f"cannot read the file: {error}")]
    try:
        data = load_yaml(text)
    except EntryYamlError as error:
        return None, [Problem(path, error.line, "", f"YAML syntax error: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", f"the file must hold {shape}")]
    errors: List[Tuple[Loc, str]] = []
    parsed = None
    try:
        parsed = model.parse_obj(data)
    except ValidationError as error:
        errors += [(tuple(e["loc"]), plain_message(dict(e), model)) for e in error.errors()]
    if parsed is not None:
        errors += cross_checks(parsed)
    if not errors and parsed is not None:
        return parsed.dict(**dict_options), []
    tree = round_trip(text)  # slow but it knows lines: only for a file with problems
    return None, [Problem(path, line_of(tree, loc), field_path(loc), msg) for loc, msg in errors]
