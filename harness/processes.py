"""Processes as /proc shows them: a process's descendants and its memory counters."""

from pathlib import Path
from typing import Dict, List


def parent_of(pid: int) -> int:
    """The parent pid (0 when the process is gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children_of(pid: int) -> List[int]:
    """Direct children of `pid`."""
    return [
        int(e.name)
        for e in Path("/proc").iterdir()
        if e.name.isdigit() and parent_of(int(e.name)) == pid
    ]


def process_tree(pid: int) -> List[int]:
    """pid and its descendants."""
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            children.setdefault(parent_of(int(entry.name)), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def status_kb(pid: int, key: str) -> int:
    """A /proc/<pid>/status counter in kB (VmRSS, VmHWM); 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
