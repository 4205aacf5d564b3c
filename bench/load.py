"""Speed and memory of the assistant, side by side with Rasa's stock starter assistant.

In one run, on loopback:
- training time from scratch (no cache) of the assistant and of the stock starter bot;
- cold start (process start to first answer) of both Rasa servers;
- an async load generator: virtual users hold realistic multi-turn conversations (2-5 turns,
  think time 0, a fresh sender per conversation; all nine languages for the assistant,
  greetings and moods for the stock bot) at 1, 10, 25 and 50 concurrent users, each level bounded
  in time and in requests; throughput, latency p50/p95/p99 and errors per level;
- peak RSS (VmHWM, and the highest VmRSS seen while polling /proc) of the Rasa servers and of the
  assistant's action server.

The stock bot is generated at run time with `rasa init --no-prompt` in a temporary folder (which
trains it from scratch; `--stock-retrain` also times a separate `rasa train`) and served with
`rasa run` (REST channel, no action server: the starter has no custom actions in use). All
servers run side by side and take turns level by level. `--write-docs` writes a table and a
latency plot into docs/.

    python -m bench.load [--write-docs] [--duration 15] [--users 1,10,25,50] [--skip-training]
"""

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

import aiohttp
import requests

from bench.docs_section import write_section
from bench.machine import load_average, machine, revision
from tests.servers import (
    PYTHON,
    Servers,
    free_port,
    load_directory,
    server_env,
    stop_process,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "assistant-bench"
PLOT = "bench-latency.png"
RASA = [PYTHON, "-m", "rasa"]
QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONHASHSEED": "0",
}
TARGETS = {
    "ratio_10": 2.0,
    "p95_10_ms": 500.0,
    "rasa_mb": 1200.0,
    "actions_mb": 300.0,
    "cold_s": 30.0,
    "train_s": 300.0,
}

# Conversations as people hold them: typed messages and button clicks (payloads), 2-5 turns.
ASSISTANT_SCRIPTS: List[List[str]] = [
    ["hej", "min kille slår mig när han har druckit", "/has_children", "tack"],
    ["jag är 14 och pappa slår mamma", "/ask_barnahus"],
    ["min syster blir slagen av sin man, vad kan jag göra?", "/has_children", "tack så mycket"],
    ["jag har slagit min sambo och vill sluta", "/ask_anonymous"],
    [
        "jag är lärare och oroar mig för ett barn, hur gör jag en orosanmälan?",
        "finns det utbildning om våld för personal?",
        "tack",
    ],
    ["mitt ex följer efter mig hela tiden", "/report_crime", "/victim_violence"],
    ["han står här med en kniv", "/victim_violence"],
    ["min familj vill gifta bort mig", "kan jag vara anonym?", "tack", "hej då"],
    ["hi", "my husband hits me", "/ask_shelter", "/has_children", "thanks"],
    ["im 13 and my stepdad hurts me", "/ask_barnahus"],
    ["i think my friend is being abused by her boyfriend", "/has_children", "thank you"],
    ["i hit my partner and i want to stop", "/ask_anonymous", "bye"],
    [
        "I work in home care, where do I refer a woman exposed to violence?",
        "is there a web course about violence for staff?",
    ],
    ["my ex keeps following me", "/report_crime"],
    ["he is strangling me", "/victim_violence"],
    ["i'm a man and my wife hits me", "can i stay anonymous?", "thanks", "bye"],
    ["مرحبا", "زوجي يضربني كل يوم وأنا خائفة", "/has_children", "شكرا"],
    ["سلام، شوهرم منو کتک میزنه و میترسم", "/ask_shelter"],
    ["ninkeygu wuu i garaacaa, maxaan sameeyaa?", "/ask_anonymous", "mahadsanid"],
    ["ሰብኣየይ ይወቕዓኒ እዩ፣ ሓገዝ የድልየኒ", "/has_children"],
    ["чоловік мене б'є, куди звернутися?", "/report_crime", "дякую"],
    ["mąż mnie bije i grozi mi, gdzie mogę dostać pomoc?", "/ask_shelter", "dziękuję"],
    ["lättläst", "min man slår mig", "/has_children"],
]
STOCK_SCRIPTS: List[List[str]] = [
    ["hello", "I am feeling sad", "yes", "bye"],
    ["hi", "great, thanks", "goodbye"],
    ["hey", "not good", "no", "bye"],
    ["good morning", "are you a bot?", "I'm happy", "see you"],
    ["hello there", "very sad", "yes it did", "thanks", "bye"],
    ["hi", "am I talking to a human?"],
]


# ---------------------------------------------------------------- processes and memory


def _tree(pid: int) -> List[int]:
    """pid and its descendants (from /proc)."""
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> float:
    """Current resident memory of a process tree (MB)."""
    return sum(_status_kb(p, "VmRSS") for p in _tree(pid)) / 1024


def hwm_mb(pid: int) -> float:
    """Peak resident memory since start (VmHWM) of a process tree (MB)."""
    return sum(_status_kb(p, "VmHWM") for p in _tree(pid)) / 1024


@dataclass
class MemoryWatch:
    """Polls VmRSS of some processes in the background; keeps the highest value seen."""

    pids: Dict[str, int]
    peak: Dict[str, float] = field(default_factory=dict)

    async def run(self, interval: float = 0.25) -> None:
        trees = {name: _tree(pid) for name, pid in self.pids.items()}  # once: cheap polling
        while True:
            for name, tree in trees.items():
                rss = sum(_status_kb(p, "VmRSS") for p in tree) / 1024
                self.peak[name] = max(self.peak.get(name, 0.0), rss)
            await asyncio.sleep(interval)


# ---------------------------------------------------------------- load generator


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
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


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


# ---------------------------------------------------------------- the two assistants


def first_answer(
    url: str, proc: subprocess.Popen, started: float, message: str, timeout: float = 300
) -> float:
    """Seconds from `started` (process start) until the webhook answers a message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            reply = requests.post(
                url, json={"sender": "cold-start", "message": message}, timeout=30
            )
            if reply.ok and isinstance(reply.json(), list):
                return time.monotonic() - started
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} gave no answer in {timeout} s")


def timed(command: List[str], cwd: Path, env: Dict[str, str], log: Path) -> float:
    started = time.monotonic()
    with open(log, "ab") as out:
        subprocess.run(command, cwd=cwd, env=env, check=True, stdout=out, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def train_assistant(tmp: Path) -> float:
    """Our assistant from scratch: a fresh RASA_CACHE_DIRECTORY, output into a temp folder."""
    env = {**os.environ, **QUIET_ENV, "RASA_CACHE_DIRECTORY": str(tmp / "cache-assistant")}
    return timed(
        [
            *RASA,
            "train",
            "--domain",
            "bot/domain",
            "--data",
            "data",
            "--config",
            "config.yml",
            "--out",
            str(tmp / "models-assistant"),
            "--quiet",
        ],
        ROOT,
        env,
        tmp / "train-assistant.log",
    )


def make_stock(tmp: Path, train: bool) -> Dict[str, object]:
    """`rasa init --no-prompt` in a temporary folder, timed.

    `rasa init --no-prompt` trains the starter model itself, from scratch here (a fresh
    RASA_CACHE_DIRECTORY), so its time is the stock training time (the scaffold copy takes well
    under a second). With `train` a separate `rasa train` from scratch is timed as well.
    """
    project = tmp / "stock"
    project.mkdir()
    env = {**os.environ, **QUIET_ENV, "RASA_CACHE_DIRECTORY": str(tmp / "cache-init")}
    init_s = timed(
        [*RASA, "init", "--no-prompt", "--init-dir", str(project)],
        project,
        env,
        tmp / "stock-init.log",
    )
    result: Dict[str, object] = {"project": project, "init_s": init_s}
    if train:
        shutil.rmtree(project / "models", ignore_errors=True)
        env["RASA_CACHE_DIRECTORY"] = str(tmp / "cache-stock")
        log = tmp / "stock-train.log"
        result["train_s"] = timed([*RASA, "train", "--quiet"], project, env, log)
    (project / "credentials.yml").write_text("rest:\n")
    return result


def start_stock(project: Path, stack: contextlib.ExitStack) -> Target:
    """`rasa run` of the stock bot with the REST channel; cold start to its first answer."""
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    port = free_port()
    env = {**os.environ, **QUIET_ENV, "RASA_CACHE_DIRECTORY": str(project.parent / "cache-run")}
    command = [*RASA, "run", "--model", str(model), "--credentials", "credentials.yml"]
    command += ["--endpoints", "endpoints.yml", "--interface", "127.0.0.1", "--port", str(port)]
    started = time.monotonic()
    with open(project.parent / "stock-run.log", "ab") as log:
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack.callback(stop_process, proc)
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    cold = first_answer(url, proc, started, "hello")
    print(f"stock: cold start {cold:.1f} s", flush=True)
    return Target("stock", url, STOCK_SCRIPTS, False, {"rasa": proc.pid}, cold)


def start_assistant(
    workdir: Path,
    stack: contextlib.ExitStack,
    name: str = "ours",
    extra_env: Optional[Dict[str, str]] = None,
    endpoints_extra: str = "",
) -> Target:
    """Our action server and Rasa server (tests/servers.py); cold start to the first answer."""
    workdir.mkdir()
    env = {**server_env(workdir), **QUIET_ENV, **(extra_env or {})}
    load_directory(env)
    servers = Servers(workdir=workdir, env=env, endpoints_extra=endpoints_extra)
    stack.callback(servers.stop)
    started = time.monotonic()
    servers.start_actions()
    actions_s = time.monotonic() - started
    started = time.monotonic()
    servers.start_rasa()
    cold = first_answer(servers.webhook, servers.procs["rasa"], started, "hej")
    print(f"{name}: cold start {cold:.1f} s (action server {actions_s:.1f} s)", flush=True)
    pids = {"rasa": servers.procs["rasa"].pid, "actions": servers.procs["actions"].pid}
    return Target(name, servers.webhook, ASSISTANT_SCRIPTS, True, pids, cold, actions_s)


def start_redis(workdir: Path) -> Optional[Tuple[subprocess.Popen, int]]:
    """Debian's redis-server on a free loopback port, nothing saved to disk; None if missing."""
    import redis

    binary = shutil.which("redis-server")
    if not binary:
        return None
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(workdir)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if redis.Redis(host="127.0.0.1", port=port).ping():
                return proc, port
        except redis.RedisError:
            time.sleep(0.1)
    stop_process(proc)
    raise RuntimeError("redis-server did not start")


def start_workers(tmp: Path, stack: contextlib.ExitStack, workers: int) -> Optional[Target]:
    """Our Rasa server with SANIC_WORKERS=n: locks and conversations in a loopback Redis."""
    workdir = tmp / "servers-workers"
    workdir.mkdir()
    started = start_redis(workdir)
    if started is None:
        print(
            "redis-server missing: skipped the multi-worker run (apt-get install -y redis-server)",
            flush=True,
        )
        return None
    redis_proc, port = started
    stack.callback(stop_process, redis_proc)
    endpoints = (
        f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {port}\n  db: 0\n"
        f"tracker_store:\n  type: redis\n  url: 127.0.0.1\n  port: {port}\n  db: 1\n"
    )
    return start_assistant(
        workdir / "servers",
        stack,
        f"ours, {workers} workers",
        {"SANIC_WORKERS": str(workers)},
        endpoints,
    )


# ---------------------------------------------------------------- report


def _ok(passed: bool) -> str:
    return "ok" if passed else "**missed**"


def _level(levels: List[Level], users: int) -> Optional[Level]:
    return next((lv for lv in levels if lv.users == users), None)


def series(ours: Target, stock: Target, workers: Optional[Target]) -> List[tuple]:
    """(label, result, colour) of every measured server, in table order."""
    found = [(ours.name, ours, "#1565c0"), (stock.name, stock, "#9e9e9e")]
    if workers:
        found.insert(1, (workers.name, workers, "#2e7d32"))
    return found


def report(
    meta: Dict[str, object],
    ours: Target,
    stock: Target,
    plot: Optional[str],
    workers: Optional[Target] = None,
) -> str:
    # the targets are at 10 users; a shorter trial run compares its largest common level
    common = [lv.users for lv in ours.levels if _level(stock.levels, lv.users)]
    at = 10 if 10 in common else max(common)
    o10, s10 = _level(ours.levels, at), _level(stock.levels, at)
    ratio = o10.throughput / s10.throughput if s10.throughput else float("nan")
    errors = sum(lv.errors for lv in ours.levels)
    rasa_mb = max(ours.hwm["rasa"], ours.peak.get("rasa", 0))
    actions_mb = max(ours.hwm["actions"], ours.peak.get("actions", 0))
    train_s = meta.get("train_assistant_s")
    lines = [
        "## Assistant speed and memory",
        "",
        f"Generated by `make bench` (`bench/load.py`) on {meta['when']}, commit "
        f"{meta['revision']}, on {meta['machine']}. **The machine is shared**: other work (tests, "
        "training) ran beside the benchmark, and the load generator itself runs on the same two "
        "cores, so the one-minute load average is given with every measurement. Read the "
        "numbers as ratios to the stock Rasa starter bot measured in the same run, not as "
        "absolutes.",
        "",
        "Method: virtual users hold multi-turn conversations (2–5 turns, typed messages and "
        "button payloads, in all nine languages; the stock bot gets its own greetings and moods) "
        "with think time 0, a fresh sender per conversation, over `POST /webhooks/rest/webhook` "
        "on loopback. All servers run side by side for the whole measurement and take turns "
        "level by level (stock, ours, ours with more workers), so that changes in the shared "
        f"machine's load hit them alike. Each level runs {meta['duration']:g} s or "
        f"{meta['max_requests']} messages, after a short warm-up. An error is a failed "
        "request, a non-200 status or an empty reply. Memory: VmHWM (peak resident set since "
        "start) of each server process, including model loading. Our servers run single-process "
        "(the default) unless marked.",
        "",
        "| target | result | |",
        "|---|---|---|",
        f"| throughput ≥ 2× stock at {at} users | {o10.throughput:.1f} vs "
        f"{s10.throughput:.1f} msg/s = {ratio:.2f}× | {_ok(ratio >= TARGETS['ratio_10'])} |",
        f"| p95 ≤ 500 ms at {at} users | {o10.percentile(95):.0f} ms | "
        f"{_ok(o10.percentile(95) <= TARGETS['p95_10_ms'])} |",
        f"| zero errors (all levels) | {errors} | {_ok(errors == 0)} |",
        f"| Rasa server ≤ 1.2 GB RSS | {rasa_mb:.0f} MB (stock: "
        f"{max(stock.hwm['rasa'], stock.peak.get('rasa', 0)):.0f} MB) | "
        f"{_ok(rasa_mb <= TARGETS['rasa_mb'])} |",
        f"| action server ≤ 300 MB RSS | {actions_mb:.0f} MB | "
        f"{_ok(actions_mb <= TARGETS['actions_mb'])} |",
        f"| cold start ≤ 30 s (process start to first answer) | {ours.cold_s:.1f} s (stock: "
        f"{stock.cold_s:.1f} s; action server {ours.actions_cold_s:.1f} s) | "
        f"{_ok(ours.cold_s <= TARGETS['cold_s'])} |",
    ]
    if train_s is not None:
        stock_train = meta.get("train_stock_s") or float("nan")
        lines.append(
            f"| training from scratch ≤ 5 min | {train_s:.0f} s (stock, "
            f"{meta.get('train_stock_how')}: {stock_train:.0f} s; load {meta['train_load']}) | "
            f"{_ok(train_s <= TARGETS['train_s'])} |"
        )
    lines += [
        "",
        "| assistant | users | messages | msg/s | p50 ms | p95 ms | p99 ms | errors | "
        "no reply | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result, _ in series(ours, stock, workers):
        for lv in result.levels:
            lines.append(
                f"| {name} | {lv.users} | {lv.requests} | {lv.throughput:.1f} | "
                f"{lv.percentile(50):.0f} | {lv.percentile(95):.0f} | {lv.percentile(99):.0f} | "
                f"{lv.errors} | {lv.empty} | {lv.loadavg:.2f} |"
            )
    lines += [
        "",
        "| process | peak RSS (VmHWM) | highest RSS seen under load |",
        "|---|---:|---:|",
        f"| our Rasa server | {ours.hwm['rasa']:.0f} MB | {ours.peak.get('rasa', 0):.0f} MB |",
        f"| our action server | {ours.hwm['actions']:.0f} MB | "
        f"{ours.peak.get('actions', 0):.0f} MB |",
        f"| stock Rasa server | {stock.hwm['rasa']:.0f} MB | {stock.peak.get('rasa', 0):.0f} MB |",
    ]
    if workers:
        n = meta.get("sanic_workers")
        lines += [
            f"| our Rasa server, {n} workers (all processes) | {workers.hwm['rasa']:.0f} MB | "
            f"{workers.peak.get('rasa', 0):.0f} MB |",
            "",
            f"With `SANIC_WORKERS={n}` the Rasa server runs {n} worker processes, which need a "
            "shared lock store and tracker store: the bench starts Debian's `redis-server` on "
            "loopback (installed with `apt-get install -y redis-server`; nothing saved to disk) "
            f"and adds `lock_store` and `tracker_store` of type `redis` to the endpoints. Cold "
            f"start {workers.cold_s:.1f} s. The default stays single-process.",
        ]
    elif meta.get("sanic_workers", 1) > 1:
        lines += ["", "The multi-worker run was skipped: `redis-server` is not installed."]
    if meta.get("stock_init_s"):
        lines += [
            "",
            "Training from scratch: ours with `rasa train` into a temporary folder with its own "
            "empty `RASA_CACHE_DIRECTORY`; the stock bot's `rasa init --no-prompt` trains the "
            "starter model itself, also with an empty cache, and took "
            f"{meta['stock_init_s']:.0f} s including the (sub-second) scaffold. "
            "`--stock-retrain` times a separate `rasa train` as well (about 3 more minutes).",
        ]
    if plot:
        lines += ["", f"![Latency and throughput against concurrent users]({plot})"]
    return "\n".join(lines)


def draw(ours: Target, stock: Target, path: Path, workers: Optional[Target] = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (lat, thr) = plt.subplots(1, 2, figsize=(10, 4))
    for name, result, colour in series(ours, stock, workers):
        users = [lv.users for lv in result.levels]
        for q, style in ((50, "-"), (95, "--"), (99, ":")):
            lat.plot(
                users,
                [lv.percentile(q) for lv in result.levels],
                style,
                marker="o",
                color=colour,
                label=f"{name} p{q}",
            )
        thr.plot(
            users,
            [lv.throughput for lv in result.levels],
            "-",
            marker="o",
            color=colour,
            label=name,
        )
    lat.axhline(TARGETS["p95_10_ms"], color="#c62828", linewidth=0.8, label="500 ms")
    lat.set_yscale("log")
    lat.set_xlabel("concurrent users")
    lat.set_ylabel("latency (ms, log scale)")
    lat.set_title("Latency per message")
    lat.legend(fontsize=7)
    thr.set_xlabel("concurrent users")
    thr.set_ylabel("messages per second")
    thr.set_title("Throughput")
    thr.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------- main


async def main_async(args) -> int:
    meta: Dict[str, object] = {
        "when": datetime.now(ZoneInfo("Europe/Stockholm")).strftime("%A %Y-%m-%d %H:%M")
        + " Swedish time",
        "revision": revision(),
        "machine": machine(),
        "duration": args.duration,
        "max_requests": args.max_requests,
    }
    print(f"{meta['machine']}; load average {load_average():.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        tmp = Path(name)
        if not args.skip_training:
            load_before = load_average()
            meta["train_assistant_s"] = await asyncio.to_thread(train_assistant, tmp)
            meta["train_load"] = f"{load_before:.2f}"
            print(
                f"assistant: trained from scratch in {meta['train_assistant_s']:.0f} s "
                f"(load {load_before:.2f})",
                flush=True,
            )
        if args.stock_project:  # an earlier `rasa init` project (for trying the bench quickly)
            stock_made = {"project": args.stock_project, "init_s": None}
            (args.stock_project / "credentials.yml").write_text("rest:\n")
        else:
            stock_made = await asyncio.to_thread(make_stock, tmp, args.stock_retrain)
            print(
                f"stock bot: rasa init (scaffold and training) {stock_made['init_s']:.0f} s",
                flush=True,
            )
        meta["stock_init_s"] = stock_made["init_s"]
        meta["train_stock_s"] = stock_made.get("train_s", stock_made["init_s"])
        meta["train_stock_how"] = "`rasa train`" if "train_s" in stock_made else "`rasa init`"
        with contextlib.ExitStack() as stack:
            print(f"starting the servers (load {load_average():.2f})", flush=True)
            stock = await asyncio.to_thread(start_stock, stock_made["project"], stack)
            ours = await asyncio.to_thread(start_assistant, tmp / "servers", stack)
            workers = None
            if args.sanic_workers > 1:
                workers = await asyncio.to_thread(start_workers, tmp, stack, args.sanic_workers)
            targets = [t for t in (stock, ours, workers) if t]
            await measure(targets, args.users, args.duration, args.max_requests)
    meta["sanic_workers"] = args.sanic_workers
    text = report(meta, ours, stock, PLOT if args.write_docs else None, workers)
    print(text)
    if args.write_docs:
        draw(ours, stock, DOCS.parent / PLOT, workers)
        write_section(DOCS, SECTION, text, title="Benchmarks")
        print(f"wrote {DOCS.relative_to(ROOT)} and docs/{PLOT}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per level")
    parser.add_argument("--max-requests", type=int, default=5000, help="messages per level")
    parser.add_argument(
        "--users", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 25, 50]
    )
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="skip the training measurements (rasa init still trains once)",
    )
    parser.add_argument(
        "--stock-project", type=Path, help="reuse this `rasa init` project with a trained model"
    )
    parser.add_argument(
        "--stock-retrain",
        action="store_true",
        help="also time a separate `rasa train` of the stock bot",
    )
    parser.add_argument(
        "--sanic-workers",
        type=int,
        default=1,
        help="also measure our Rasa server with this many Sanic workers "
        "(needs redis-server; the default 1 skips it)",
    )
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
