"""The last good directory as a JSON file, so queries can answer when the database cannot."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Dict

FORMAT = 1
_HEAD = re.compile(rf'\{{"format": {FORMAT}, "content_hash": "([0-9a-f]{{64}})"')


def write_snapshot(
    path: Path, content_hash: str, entries_json: str, regions: Dict[str, str]
) -> None:
    """Write atomically (temp file + os.replace): readers see the old file or the new one.

    `entries_json` is the JSON list of records, already encoded for the content hash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps(
        {"format": FORMAT, "content_hash": content_hash, "municipality_regions": regions},
        ensure_ascii=False,
    )
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(f'{head[:-1]}, "entries": {entries_json}}}')
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_snapshot(path: Path) -> Dict[str, Any] | None:
    """The snapshot's content, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    return payload


def snapshot_hash(path: Path) -> str | None:
    """The content hash a snapshot was written for, or None; reads only the file's head."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(512)
    except (OSError, UnicodeDecodeError):
        return None
    found = _HEAD.match(head)
    if found:  # write_snapshot puts format and hash first
        return found.group(1)
    payload = read_snapshot(path)
    return payload["content_hash"] if payload else None
