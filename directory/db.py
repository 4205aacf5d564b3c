"""The database engine and sessions (SQLAlchemy 1.4 in 2.0 style)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from .models import Base
from .settings import get_settings

_engines: Dict[str, Engine] = {}
_lock = threading.Lock()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process; the URL defaults to DIRECTORY_DB_URL."""
    url = url or get_settings().db_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_engine(url, future=True, pool_pre_ping=sqlite_path(url) is None)
            _engines[url] = engine
        return engine


def dispose_engine(url: str | None = None) -> None:
    """Close pooled connections, e.g. before replacing a SQLite file."""
    url = url or get_settings().db_url
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def new_session(url: str | None = None) -> Session:
    """A 2.0-style session; use it as a context manager."""
    return Session(get_engine(url), future=True)


def create_schema(engine: Engine) -> None:
    """Create the directory tables if they are missing."""
    Base.metadata.create_all(engine)
