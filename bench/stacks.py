"""The servers the benchmark measures: our assistant (single process or with workers and
Redis) and Rasa's stock starter bot, each started on loopback and timed to its first answer."""

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

from bench.loadgen import Target, load_scripts
from harness.servers import (
    PYTHON,
    Servers,
    free_port,
    load_directory,
    server_env,
    start_redis,
    stop_process,
)

ROOT = Path(__file__).resolve().parent.parent
RASA = [PYTHON, "-m", "rasa"]
QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONHASHSEED": "0",
}


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
    return Target("stock", url, load_scripts("stock"), False, {"rasa": proc.pid}, cold)


def start_assistant(
    workdir: Path,
    stack: contextlib.ExitStack,
    name: str = "ours",
    extra_env: Optional[Dict[str, str]] = None,
    endpoints_extra: str = "",
) -> Target:
    """Our action server and Rasa server (harness/servers.py); cold start to the first answer."""
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
    scripts = load_scripts("assistant")
    return Target(name, servers.webhook, scripts, True, pids, cold, actions_s)


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
        # the statistics' per-conversation state is shared by the workers, as in production
        {"SANIC_WORKERS": str(workers), "STATS_STATE_URL": f"redis://127.0.0.1:{port}/2"},
        endpoints,
    )
