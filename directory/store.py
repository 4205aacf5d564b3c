"""Where queries get the directory: the database, else the last good snapshot."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any, Dict, Tuple

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from .catalog import Catalog
from .db import get_engine, sqlite_path
from .models import Meta, Service
from .settings import get_settings
from .snapshot import read_snapshot

log = logging.getLogger(__name__)


class DirectoryUnavailable(RuntimeError):
    """Neither the database nor a snapshot can be read: the directory was never loaded."""


class _NotLoaded(Exception):
    """The database is reachable but holds no directory yet (or the SQLite file is missing)."""


_lock = threading.Lock()
_from_db: Dict[str, Catalog] = {}  # per URL; valid while the stored content hash is the same
_from_file: Dict[Path, Tuple[Tuple[int, int], Catalog]] = {}  # per path, keyed by mtime and size
_degraded = False  # logged once when queries start using the snapshot, again when they stop


def _database_catalog(url: str) -> Catalog:
    """The cached catalog while the stored content hash is unchanged; else read it again."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise _NotLoaded(f"{path} does not exist")  # connecting would create an empty file
    with get_engine(url).connect() as connection:
        digest = connection.execute(
            select(Meta.value).where(Meta.key == "content_hash")
        ).scalar_one_or_none()
        if digest is None:
            raise _NotLoaded("the database holds no directory")
        cached = _from_db.get(url)
        if cached is not None and cached.content_hash == digest:
            return cached
        with _lock:
            cached = _from_db.get(url)
            if cached is not None and cached.content_hash == digest:
                return cached
            records = connection.execute(select(Service.data).order_by(Service.id)).scalars().all()
            regions = connection.execute(
                select(Meta.value).where(Meta.key == "municipality_regions")
            ).scalar_one_or_none()
            catalog = Catalog(records, json.loads(regions or "{}"), digest)
            _from_db[url] = catalog
            return catalog


def _snapshot_catalog(path: Path) -> Catalog | None:
    """The snapshot's catalog, re-read only when the file changes; None if unusable."""
    try:
        stat = path.stat()
    except OSError:
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _from_file.get(path)
    if cached is not None and cached[0] == version:
        return cached[1]
    payload = read_snapshot(path)
    if payload is None:
        return None
    catalog = Catalog(payload["entries"], payload["municipality_regions"], payload["content_hash"])
    _from_file[path] = (version, catalog)
    return catalog


def current_catalog() -> Catalog:
    """The directory to answer from; raises DirectoryUnavailable if there is none at all."""
    global _degraded
    settings = get_settings()
    try:
        catalog = _database_catalog(settings.db_url)
    except (DBAPIError, _NotLoaded) as error:
        snapshot = _snapshot_catalog(settings.snapshot_path)
        if not _degraded:
            _degraded = True
            if snapshot is None:
                log.error(
                    "The directory database cannot be read (%s) and there is no snapshot "
                    "at %s. Run: python -m directory load",
                    error,
                    settings.snapshot_path,
                )
            else:
                log.error(
                    "The directory database cannot be read (%s); answering from the "
                    "snapshot %s until it is loaded again.",
                    error,
                    settings.snapshot_path,
                )
        if snapshot is None:
            raise DirectoryUnavailable(
                "The directory is not loaded. Run: python -m directory load"
            ) from None
        return snapshot
    if _degraded:
        _degraded = False
        log.warning("The directory database is readable again.")
    return catalog


def current_plan() -> Dict[str, Any]:
    """The loaded action plan; raises DirectoryUnavailable when it has not been loaded."""
    return _stored_guidance()["plan"]


def current_guidance() -> Dict[str, Any]:
    """The loaded staff guidance (staff.yml): items, the routine and not-in-plan answers."""
    return _stored_guidance()["guidance"]


def _stored_guidance() -> Dict[str, Any]:
    """The plan and the staff guidance, as `load` stored them with the entries."""
    url = get_settings().db_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise DirectoryUnavailable("The directory is not loaded. Run: python -m directory load")
    try:
        with get_engine(url).connect() as connection:
            text = connection.execute(
                select(Meta.value).where(Meta.key == "guidance")
            ).scalar_one_or_none()
    except DBAPIError as error:
        raise DirectoryUnavailable(f"The directory database cannot be read ({error}).") from None
    if text is None:
        raise DirectoryUnavailable("The action plan is not loaded. Run: python -m directory load")
    plan: Dict[str, Any] = json.loads(text)
    return plan


def reset_caches() -> None:
    """Forget cached catalogs and the logged state (for tests)."""
    global _degraded
    _from_db.clear()
    _from_file.clear()
    _degraded = False
