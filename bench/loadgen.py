"""The load generator: virtual users hold conversations against one server, level by level."""

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp
import yaml

from bench.machine import load_average
from bench.memory import MemoryWatch, hwm_mb

SCRIPTS_FILE = Path(__file__).resolve().parent / "scripts.yml"


def load_scripts(name: str) -> List[List[str]]:
    """Conversations as people hold them (bench/scripts.yml): `assistant` or `stock`."""
    return yaml.safe_load(SCRIPTS_FILE.read_text(encoding="utf-8"))[name]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@dataclass
class Level:
    users: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: List[float]
    loadavg: float
    empty: int = 0  # 200 with no reply: an error for our assistant, counted apart for the stock bot

    @property
    def throughput(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


async def _user(
    session: aiohttp.ClientSession,
    url: str,
    scripts: Sequence[List[str]],
    rng: random.Random,
    deadline: float,
    budget: List[int],
    level: Level,
    must_reply: bool,
) -> None:
    while True:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for message in rng.choice(scripts):
            if time.monotonic() >= deadline or budget[0] <= 0:
                return
            budget[0] -= 1
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message}) as r:
                    body = await r.json(content_type=None)
                    ok = r.status == 200 and isinstance(body, list)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok, body = False, None
            level.requests += 1
            if ok and not body:
                level.empty += 1
                ok = not must_reply
            if ok:
                level.latencies_ms.append((time.perf_counter() - started) * 1000)
            else:
                level.errors += 1


async def run_level(
    url: str,
    scripts: Sequence[List[str]],
    users: int,
    duration: float,
    max_requests: int,
    must_reply: bool,
    seed: int = 7,
) -> Level:
    """`users` concurrent conversations, think time 0, until `duration` s or `max_requests`."""
    level = Level(users, 0, 0, 0.0, [], load_average())
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=users, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        started = time.monotonic()
        deadline = started + duration
        budget = [max_requests]
        await asyncio.gather(
            *[
                _user(
                    session,
                    url,
                    scripts,
                    random.Random(seed * 1000 + i),
                    deadline,
                    budget,
                    level,
                    must_reply,
                )
                for i in range(users)
            ]
        )
        level.seconds = time.monotonic() - started
    return level


@dataclass
class Target:
    """One server under test, with what was measured of it."""

    name: str
    url: str
    scripts: Sequence[List[str]]
    must_reply: bool  # our contract: every message gets an answer
    pids: Dict[str, int]
    cold_s: float
    actions_cold_s: Optional[float] = None
    levels: List[Level] = field(default_factory=list)
    peak: Dict[str, float] = field(default_factory=dict)
    hwm: Dict[str, float] = field(default_factory=dict)


async def measure(
    targets: List[Target], users: Sequence[int], duration: float, max_requests: int
) -> None:
    """Warm every server up, then each concurrency level on each server in turn.

    All servers run during the whole measurement and take turns level by level, so that a
    change in the shared machine's load hits them alike. Memory is polled throughout.
    """
    watch = MemoryWatch({f"{t.name}/{k}": pid for t in targets for k, pid in t.pids.items()})
    watcher = asyncio.create_task(watch.run())
    try:
        for t in targets:
            await run_level(t.url, t.scripts, 2, min(5.0, duration), 60, t.must_reply, seed=1)
        for count in users:
            for t in targets:
                level = await run_level(
                    t.url, t.scripts, count, duration, max_requests, t.must_reply
                )
                print(
                    f"  {t.name:>16} {count:>3} users: {level.throughput:6.1f} msg/s, p50 "
                    f"{level.percentile(50):6.0f} ms, p95 {level.percentile(95):6.0f} ms, p99 "
                    f"{level.percentile(99):6.0f} ms, {level.errors} errors of {level.requests} "
                    f"({level.empty} empty), load {level.loadavg:.2f}",
                    flush=True,
                )
                t.levels.append(level)
                await asyncio.sleep(1)
    finally:
        watcher.cancel()
    for t in targets:
        t.hwm = {k: hwm_mb(pid) for k, pid in t.pids.items()}
        t.peak = {k: watch.peak.get(f"{t.name}/{k}", 0.0) for k in t.pids}
