"""Check entry files and report every problem at once as `path:line: field: message`."""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .hours import TZ
from .phones import tel_uri
from .schema import Entry
from .taxonomy import load_taxonomy

Loc = Tuple[Any, ...]
_PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{_display(self.path)}:{self.line}" if self.line else _display(self.path)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Report:
    """What validation found: clean records ready to load, or problems."""

    root: Path
    files: int = 0
    records: List[Dict[str, Any]] = field(default_factory=list)
    problems: List[Problem] = field(default_factory=list)
    municipality_regions: Dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def entry_files(root: Path) -> List[Path]:
    """Every .yml/.yaml file under root (any folder names), or root itself if it is a file."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a file or folder")
    return sorted(
        path
        for pattern in ("*.yml", "*.yaml")
        for path in root.rglob(pattern)
        if not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def field_path(loc: Loc) -> str:
    """('phones', 0, 'number') -> 'phones[0].number'."""
    text = ""
    for part in loc:
        if part == "__root__":
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(loc: Loc) -> Optional[type]:
    """The pydantic model a location points into, to list the fields allowed there."""
    model: Any = Entry
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "__fields__", {})
        if part not in fields:
            return None
        model = fields[part].type_
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _message(error: Dict[str, Any]) -> str:
    """pydantic's error in plain words."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error.missing":
        return "is required but missing"
    if kind == "value_error.extra":
        model = _model_at(error["loc"])
        allowed = f" (allowed here: {', '.join(model.__fields__)})" if model else ""
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
    if kind == "value_error.list.min_items":
        return "must list at least one item"
    if kind == "value_error.number.not_ge":
        return f"must be at least {ctx.get('limit_value')}"
    if kind == "value_error.number.not_le":
        return f"must be at most {ctx.get('limit_value')}"
    if kind in ("value_error.date", "type_error.date"):
        return "must be a date like 2026-11-26"
    return error["msg"]


def _as_date(value: Any) -> Optional[date]:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _cross_checks(
    data: Dict[str, Any], path: Path, vocab: Tuple[FrozenSet[str], FrozenSet[str]], today: date
) -> List[Tuple[Loc, str]]:
    """Rules the schema alone cannot know: file name, taxonomy, the calendar, confidentiality."""
    found: List[Tuple[Loc, str]] = []
    entry_id = data.get("id")
    if isinstance(entry_id, str) and entry_id != path.stem:
        found.append((("id",), f'"{entry_id}" must equal the file name "{path.stem}"'))
    for key, known, what in (("audiences", vocab[0], "audience"), ("topics", vocab[1], "topic")):
        values = data.get(key)
        for index, value in enumerate(values if isinstance(values, list) else ()):
            if isinstance(value, str) and value not in known:
                found.append(
                    ((key, index), f'unknown {what} "{value}" (known: {", ".join(sorted(known))})')
                )
    if data.get("confidential_address") is True and data.get("address"):
        found.append(
            (("address",), "this entry has a confidential address: remove the address")
        )
    verified = _as_date(data.get("verified_on"))
    if verified and verified > today:
        found.append((("verified_on",), f"{verified} is in the future"))
    return found


def _line_of(tree: Any, loc: Loc) -> int:
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


def _line_in_file(path: Path, loc: Loc) -> int:
    try:
        return _line_of(YAML().load(path.read_text(encoding="utf-8")), loc)
    except (OSError, YAMLError):
        return 1


def _record(entry: Entry) -> Dict[str, Any]:
    """The JSON-ready form stored in the database and the snapshot (phone URIs included)."""
    record = json.loads(entry.json(exclude_none=True))
    for phone in record["phones"]:
        phone["uri"] = tel_uri(phone["number"])
    return record


def check_file(
    path: Path, vocab: Tuple[FrozenSet[str], FrozenSet[str]], today: date
) -> Tuple[Optional[Dict[str, Any]], List[Problem]]:
    """Validate one file: (record, []) when clean, else (None, problems)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(path, 1, "", f"cannot read the file: {error}")]
    try:
        data = YAML(typ="safe", pure=False).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "unreadable YAML"
        return None, [Problem(path, line, "", f"YAML syntax error: {what}")]
    except YAMLError as error:
        return None, [Problem(path, 1, "", f"YAML syntax error: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", "the file must hold one entry: lines of `field: value`")]
    errors: List[Tuple[Loc, str]] = []
    entry = None
    try:
        entry = Entry.parse_obj(data)
    except ValidationError as error:
        errors += [(tuple(e["loc"]), _message(e)) for e in error.errors()]
    errors += _cross_checks(data, path, vocab, today)
    if not errors and entry is not None:
        return _record(entry), []
    tree = YAML().load(text)  # round-trip parse, only for files with problems: it knows lines
    return None, [Problem(path, _line_of(tree, loc), field_path(loc), msg) for loc, msg in errors]


def _cross_file_checks(report: Report, ids: Dict[str, Path]) -> None:
    """Duplicate ids are found while collecting; here: one region per municipality."""
    for record in report.records:
        area = record["area"]
        if area["type"] != "municipality":
            continue
        known = report.municipality_regions.setdefault(area["municipality"], area["region"])
        if known != area["region"]:
            path = ids[record["id"]]
            report.problems.append(
                Problem(path, _line_in_file(path, ("area", "region")), "area.region", f'{area["municipality"]} is in "{known}" in '
                        f'other entries, here in "{area["region"]}"')
            )


def validate_directory(
    root: Path, *, today: Optional[date] = None, workers: Optional[int] = None
) -> Report:
    """Check every entry file under root; fills a Report with records or problems."""
    root = Path(root)
    today = today or datetime.now(TZ).date()
    taxonomy = load_taxonomy()
    vocab = (taxonomy.audience_keys, taxonomy.topic_keys)
    paths = entry_files(root)
    report = Report(root=root, files=len(paths))
    if not paths:
        report.problems.append(Problem(root, 0, "", "no entry files (*.yml) found here"))
        return report
    check = partial(check_file, vocab=vocab, today=today)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(paths) >= _PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(check, paths, chunksize=max(1, len(paths) // (workers * 8))))
    else:
        results = [check(path) for path in paths]
    ids: Dict[str, Path] = {}
    for path, (record, problems) in zip(paths, results):
        report.problems += problems
        if record is None:
            continue
        if record["id"] in ids:
            first = _display(ids[record["id"]])
            report.problems.append(
                Problem(path, _line_in_file(path, ("id",)), "id",
                        f'"{record["id"]}" is also the id in {first}')
            )
            continue
        ids[record["id"]] = path
        report.records.append(record)
    _cross_file_checks(report, ids)
    report.problems.sort()
    report.records.sort(key=lambda record: record["id"])
    return report


def problems_text(problems: Sequence[Problem]) -> str:
    """All problems, one per line."""
    return "\n".join(str(problem) for problem in problems)
