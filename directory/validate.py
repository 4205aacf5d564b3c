"""Check entry files and report every problem at once as `path:line: field: message`."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Tuple

from pydantic import BaseModel, ValidationError

from .hours import TZ
from .phones import tel_uri
from .problems import (
    Loc,
    Problem,
    display,
    field_path,
    line_in_file,
    line_of,
    plain_message,
    round_trip,
)
from .schema import LOCAL_ROLES, Entry
from .taxonomy import load_taxonomy
from .yaml_load import EntryYamlError, load_yaml

_PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


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


def _as_date(value: Any) -> date | None:
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
    groups = data.get("eligibility")
    for index, group in enumerate(groups if isinstance(groups, list) else ()):
        values = group.get("audiences") if isinstance(group, dict) else None
        for place, value in enumerate(values if isinstance(values, list) else ()):
            if isinstance(value, str) and value not in vocab[0]:
                found.append(
                    (("eligibility", index, "audiences", place), f'unknown audience "{value}"')
                )
    if data.get("confidential_address") is True and data.get("address"):
        found.append((("address",), "this entry has a confidential address: remove the address"))
    verified = _as_date(data.get("verified_on"))
    if verified and verified > today:
        found.append((("verified_on",), f"{verified} is in the future"))
    return found


def _plain(value: Any) -> Any:
    """Models to dicts without None values; pydantic's .dict() does the same 2-3x slower."""
    if isinstance(value, BaseModel):
        return {key: _plain(item) for key, item in value.__dict__.items() if item is not None}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _record(entry: Entry) -> Dict[str, Any]:
    """The JSON-ready form stored in the database and the snapshot (phone URIs included)."""
    record = _plain(entry)
    record["verified_on"] = entry.verified_on.isoformat()
    for phone in record["phones"]:
        phone["uri"] = tel_uri(phone["number"])
    return record


def check_file(
    path: Path, vocab: Tuple[FrozenSet[str], FrozenSet[str]], today: date
) -> Tuple[str | None, Dict[str, Any] | None, List[Problem]]:
    """Validate one file: (id, record, []) when clean, else (id or None, None, problems)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, None, [Problem(path, 1, "", f"cannot read the file: {error}")]
    try:
        data = load_yaml(text)
    except EntryYamlError as error:
        return None, None, [Problem(path, error.line, "", f"YAML syntax error: {error}")]
    if not isinstance(data, dict):
        problem = Problem(path, 1, "", "the file must hold one entry: lines of `field: value`")
        return None, None, [problem]
    errors: List[Tuple[Loc, str]] = []
    entry = None
    try:
        entry = Entry.parse_obj(data)
    except ValidationError as error:
        errors += [(tuple(e["loc"]), plain_message(dict(e))) for e in error.errors()]
    errors += _cross_checks(data, path, vocab, today)
    entry_id = data.get("id") if isinstance(data.get("id"), str) else None
    if not errors and entry is not None:
        return entry_id, _record(entry), []
    tree = round_trip(text)  # slow but it knows lines: only for files with problems
    problems = [Problem(path, line_of(tree, loc), field_path(loc), msg) for loc, msg in errors]
    return entry_id, None, problems


def _route_problems(report: Report, ids: Dict[str, Path]) -> None:
    """`reached_through` names services that exist; each local role once per municipality."""
    roles: Dict[tuple, str] = {}
    for record in report.records:
        path = ids[record["id"]]
        for index, target in enumerate(record.get("reached_through") or []):
            role = target[len("local:") :] if target.startswith("local:") else None
            if (role is None and target not in ids) or (role and role not in LOCAL_ROLES):
                report.problems.append(
                    Problem(
                        path,
                        line_in_file(path, ("reached_through", index)),
                        f"reached_through.{index}",
                        f'"{target}" is neither an entry id nor local:<role> '
                        f"({', '.join(LOCAL_ROLES)})",
                    )
                )
        if record.get("local_role"):
            key = (record["area"].get("municipality"), record["local_role"])
            if key in roles:
                report.problems.append(
                    Problem(
                        path,
                        line_in_file(path, ("local_role",)),
                        "local_role",
                        f'{key[0]} already has "{key[1]}": {roles[key]}',
                    )
                )
            roles.setdefault(key, record["id"])


def _cross_file_checks(report: Report, ids: Dict[str, Path]) -> None:
    """Duplicate ids are found while collecting; here: one region per municipality, routes."""
    _route_problems(report, ids)
    for record in report.records:
        area = record["area"]
        if area["type"] != "municipality":
            continue
        known = report.municipality_regions.setdefault(area["municipality"], area["region"])
        if known != area["region"]:
            path = ids[record["id"]]
            report.problems.append(
                Problem(
                    path,
                    line_in_file(path, ("area", "region")),
                    "area.region",
                    f'{area["municipality"]} is in "{known}" in '
                    f'other entries, here in "{area["region"]}"',
                )
            )


def validate_directory(
    root: Path, *, today: date | None = None, workers: int | None = None
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
    for path, (entry_id, record, problems) in zip(paths, results, strict=True):
        report.problems += problems
        if entry_id is not None and entry_id in ids:
            report.problems.append(
                Problem(
                    path,
                    line_in_file(path, ("id",)),
                    "id",
                    f'"{entry_id}" is also the id in {display(ids[entry_id])}',
                )
            )
            continue
        if entry_id is not None:
            ids[entry_id] = path
        if record is not None:
            report.records.append(record)
    _cross_file_checks(report, ids)
    report.problems.sort()
    report.records.sort(key=lambda record: record["id"])
    return report
