"""Validate entry files and load them into the database in one transaction."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Sequence

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from .action_plan import PLAN_FILE, check_plan
from .db import create_schema, dispose_engine, get_engine, sqlite_path
from .models import Meta, Service, ServiceAudience, ServiceTopic
from .problems import Problem
from .settings import get_settings
from .snapshot import snapshot_hash, write_snapshot
from .staff_guidance import GUIDANCE_FILE, check_guidance
from .validate import validate_directory

log = logging.getLogger(__name__)

# Bump when the stored record format changes, so the next load rewrites unchanged files.
RECORD_FORMAT = 4  # 4: the action plan and the staff guidance are stored with the entries


class DirectoryError(Exception):
    """A problem the admin can fix; the message is a plain sentence."""


class InvalidEntries(DirectoryError):
    """Validation failed; nothing was loaded."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(f"{len(problems)} problem(s) found; nothing was loaded")
        self.problems = list(problems)


@dataclass(frozen=True)
class LoadResult:
    """What load did: "loaded" or "unchanged"."""

    status: str
    entries: int
    content_hash: str


def encode_entries(records: List[Dict[str, Any]]) -> str:
    """Canonical JSON of the records: hashed, and written into the snapshot as it is."""
    return json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(entries_json: str, regions: Dict[str, str]) -> str:
    """A hash of what would be stored, so loading the same files twice changes nothing."""
    regions_json = json.dumps(regions, sort_keys=True, ensure_ascii=False)
    text = f"{RECORD_FORMAT}\n{regions_json}\n{entries_json}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reset_sqlite(url: str) -> None:
    """Remove an unreadable SQLite file (and its journal) so it can be built again."""
    path = sqlite_path(url)
    dispose_engine(url)
    if path is None:
        return
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _ready_engine(url: str) -> Engine:
    """An engine on a usable database with the tables in place; rebuilds a corrupt SQLite file."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = get_engine(url)
    except (ArgumentError, ImportError) as error:
        raise DirectoryError(f"cannot use the database at {url}: {error}") from None
    try:
        with engine.connect() as connection:
            if path is not None and connection.execute(text("PRAGMA quick_check")).scalar() != "ok":
                raise DirectoryError("the SQLite file failed its integrity check")
        create_schema(engine)
        return engine
    except (DBAPIError, DirectoryError) as error:
        if path is None:
            raise DirectoryError(f"cannot use the database at {url}: {error}") from None
        log.warning("The database file %s is unreadable (%s); building it again.", path, error)
        _reset_sqlite(url)
        engine = get_engine(url)
        create_schema(engine)
        return engine


def _rows(records: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """Rows for the three tables, ready for one executemany each."""
    services, audiences, topics = [], [], []
    for record in records:
        area = record["area"]
        services.append(
            {
                "id": record["id"],
                "name": record["name"],
                "kind": record["kind"],
                "status": record["status"],
                "area_type": area["type"],
                "region": area.get("region"),
                "municipality": area.get("municipality"),
                "emergency": record["emergency"],
                "priority": record["priority"],
                "verified_on": date.fromisoformat(record["verified_on"]),
                "data": record,
            }
        )
        audiences += [{"service_id": record["id"], "audience": a} for a in record["audiences"]]
        topics += [{"service_id": record["id"], "topic": t} for t in record["topics"]]
    return {"services": services, "audiences": audiences, "topics": topics}


def _replace_all(
    session: Session,
    records: List[Dict[str, Any]],
    regions: Dict[str, str],
    digest: str,
    guidance_json: str,
) -> None:
    """Swap the whole directory inside the caller's transaction."""
    rows = _rows(records)
    for table in (ServiceTopic, ServiceAudience, Service):
        session.execute(delete(table))
    session.execute(insert(Service), rows["services"])
    if rows["audiences"]:
        session.execute(insert(ServiceAudience), rows["audiences"])
    if rows["topics"]:
        session.execute(insert(ServiceTopic), rows["topics"])
    session.execute(delete(Meta))
    session.execute(
        insert(Meta),
        [
            {"key": "content_hash", "value": digest},
            {"key": "municipality_regions", "value": json.dumps(regions, ensure_ascii=False)},
            {"key": "loaded_at", "value": datetime.now(timezone.utc).isoformat(timespec="seconds")},
            {"key": "entry_count", "value": str(len(records))},
            {"key": "guidance", "value": guidance_json},
        ],
    )


def load_directory(
    path: Path | None = None,
    *,
    db_url: str | None = None,
    snapshot_path: Path | None = None,
    today: date | None = None,
) -> LoadResult:
    """Validate, then replace the stored directory in one transaction, then write the snapshot.

    Raises InvalidEntries (nothing changed) or DirectoryError.
    """
    settings = get_settings()
    root = Path(path or settings.entries_dir)
    url = db_url or settings.db_url
    snapshot = Path(snapshot_path or settings.snapshot_path)
    try:
        report = validate_directory(root, today=today)
    except FileNotFoundError as error:
        raise DirectoryError(str(error)) from None
    plan, plan_problems = check_plan(settings.guidance_dir / PLAN_FILE)
    measures = {measure["id"] for measure in (plan or {}).get("measures", [])}
    guidance, guidance_problems = check_guidance(settings.guidance_dir / GUIDANCE_FILE, measures)
    if not report.ok or plan is None or guidance is None:
        raise InvalidEntries(sorted(report.problems + plan_problems + guidance_problems))
    entries_json = encode_entries(report.records)
    guidance_json = json.dumps(
        {"plan": plan, "guidance": guidance}, sort_keys=True, ensure_ascii=False
    )
    digest = content_hash(entries_json + "\n" + guidance_json, report.municipality_regions)
    engine = _ready_engine(url)
    try:
        with Session(engine, future=True) as session, session.begin():
            stored = session.execute(
                select(Meta.value).where(Meta.key == "content_hash")
            ).scalar_one_or_none()
            status = "unchanged" if stored == digest else "loaded"
            if status == "loaded":
                _replace_all(
                    session, report.records, report.municipality_regions, digest, guidance_json
                )
    except DBAPIError as error:
        raise DirectoryError(f"the database refused the load, nothing changed: {error}") from None
    if status == "loaded" or snapshot_hash(snapshot) != digest:
        try:
            write_snapshot(snapshot, digest, entries_json, report.municipality_regions)
        except OSError as error:
            raise DirectoryError(
                f"the entries were loaded, but the snapshot {snapshot} could not be written: "
                f"{error.strerror or error}"
            ) from None
    return LoadResult(status=status, entries=len(report.records), content_hash=digest)
