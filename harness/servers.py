"""Start the real action server and Rasa server on free loopback ports, once per test session."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STATS_BROKER = "event_broker:\n  type: bot.stats.broker.StatsBroker\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}: {proc.args}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@dataclass
class Servers:
    """A running pair of servers with their own directory database and log files."""

    workdir: Path
    env: Dict[str, str]
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    procs: Dict[str, subprocess.Popen] = field(default_factory=dict)
    extra_rasa_args: List[str] = field(default_factory=list)
    endpoints_extra: str = ""
    # the anonymous statistics broker, as in endpoints.yml (counts into the workdir's database)
    counting: bool = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def _log(self, name: str):
        return open(self.workdir / f"{name}.log", "ab")

    def start_actions(self) -> None:
        proc = subprocess.Popen(
            [PYTHON, "-m", "bot.action_server", "--port", str(self.action_port)],
            cwd=ROOT,
            env=self.env,
            stdout=self._log("actions"),
            stderr=subprocess.STDOUT,
        )
        self.procs["actions"] = proc
        wait_for(f"http://127.0.0.1:{self.action_port}/health", proc, 60)

    def start_rasa(self) -> None:
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            + (STATS_BROKER if self.counting else "")
            + self.endpoints_extra
        )
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "rasa",
                "run",
                "--model",
                str(ROOT / "models" / "assistant.tar.gz"),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                *self.extra_rasa_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log("rasa"),
            stderr=subprocess.STDOUT,
            # its own process group: with SANIC_WORKERS the workers are its children, and Ctrl-C
            # (SIGINT to the whole group) is how Sanic expects them all to be stopped
            start_new_session=True,
        )
        self.procs["rasa"] = proc
        wait_for(self.url + "/", proc)

    def stop(self, name: Optional[str] = None) -> None:
        for key in [name] if name else list(self.procs):
            proc = self.procs.pop(key, None)
            if proc:
                stop_process(proc)


def _signal(proc: subprocess.Popen, signum: int) -> None:
    """To the process's own group when it leads one (its workers too, as Ctrl-C in a terminal
    does), else to the process alone."""
    try:
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
    except ProcessLookupError:
        pass


def running_in_group(pgid: int) -> List[int]:
    """The live processes of a process group, from /proc (zombies are gone already)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # the command name may hold spaces: the fields after its closing parenthesis
            state, _parent, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(group) == pgid and state != "Z":
                found.append(int(stat.parent.name))
    return found


def stop_process(proc: subprocess.Popen) -> None:
    """Ctrl-C first (the servers shut down cleanly), kill after 20 s; then nothing of its group
    is left running (a worker that outlived its parent would hold its memory and ports)."""
    if proc.poll() is None:
        _signal(proc, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _signal(proc, signal.SIGKILL)
            proc.wait()
    if os.name != "posix" or not Path("/proc").is_dir():
        return
    # workers still writing as they stop get a few seconds, then the group is killed
    deadline = time.monotonic() + 10
    while running_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers of its own group only
    deadline = time.monotonic() + 5
    while running_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def server_env(workdir: Path) -> Dict[str, str]:
    """The servers' environment: their own directory database, no telemetry, quiet TensorFlow."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        DIRECTORY_DB_URL=f"sqlite:///{workdir / 'directory.db'}",
        DIRECTORY_SNAPSHOT_PATH=str(workdir / "directory-snapshot.json"),
        # statistics of the servers' own conversations, written every second for the tests
        STATS_DB_URL=f"sqlite:///{workdir / 'statistics.db'}",
        STATS_FLUSH_SECONDS="1",
        # Tests, the evaluation and the load benchmark send everything from one loopback
        # address: the per-client rate limit is off here (tests/e2e/test_security.py has a
        # server with the embedded default's limits).
        CHAT_RATE_PER_SECOND="0",
    )
    return env


def load_directory(env: Dict[str, str]) -> None:
    subprocess.run(
        [PYTHON, "-m", "directory", "load"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def send(servers: Servers, sender: str, message: str, timeout: float = 30) -> List[dict]:
    """One user message over REST; the bot's replies."""
    reply = requests.post(
        servers.webhook, json={"sender": sender, "message": message}, timeout=timeout
    )
    reply.raise_for_status()
    return reply.json()


def payloads(replies: List[dict]) -> List[dict]:
    """The `custom` payloads of the bot's replies (services, language, emergency flag)."""
    return [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]


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


@contextlib.contextmanager
def running_servers() -> Iterator[Servers]:
    """Both servers on loopback with their own directory in a temporary folder, stopped after
    (the scripts that need the real assistant once: screenshots, Lighthouse)."""
    with tempfile.TemporaryDirectory() as workdir:
        env = server_env(Path(workdir))
        load_directory(env)
        servers = Servers(workdir=Path(workdir), env=env)
        try:
            servers.start_actions()
            servers.start_rasa()
            yield servers
        finally:
            servers.stop()
