"""The last good directory as a JSON file, so queries can answer when the database cannot."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

FORMAT = 1


def write_snapshot(
    path: Path, content_hash: str, records: List[Dict[str, Any]], regions: Dict[str, str]
) -> None:
    """Write atomically (temp file + os.replace): readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "content_hash": content_hash,
        "municipality_regions": regions,
        "entries": records,
    }
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_snapshot(path: Path) -> Optional[Dict[str, Any]]:
    """The snapshot's content, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    return payload


def snapshot_hash(path: Path) -> Optional[str]:
    """The content hash a snapshot was written for, or None."""
    payload = read_snapshot(path)
    return payload["content_hash"] if payload else None
