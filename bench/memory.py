"""Memory of the servers under load: peak resident set of process trees."""

import asyncio
from dataclasses import dataclass, field
from typing import Dict

from harness.processes import process_tree, status_kb


def hwm_mb(pid: int) -> float:
    """Peak resident memory since start (VmHWM) of a process tree (MB)."""
    return sum(status_kb(p, "VmHWM") for p in process_tree(pid)) / 1024


@dataclass
class MemoryWatch:
    """Polls VmRSS of some processes in the background; keeps the highest value seen."""

    pids: Dict[str, int]
    peak: Dict[str, float] = field(default_factory=dict)

    async def run(self, interval: float = 0.25) -> None:
        trees = {name: process_tree(pid) for name, pid in self.pids.items()}  # once: cheap
        while True:
            for name, tree in trees.items():
                rss = sum(status_kb(p, "VmRSS") for p in tree) / 1024
                self.peak[name] = max(self.peak.get(name, 0.0), rss)
            await asyncio.sleep(interval)
