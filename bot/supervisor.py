"""Keep child servers running: restart one that exits or stops answering its health check,
with backoff, and say why once per incident. Used by the launcher (`make run`)."""

import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import requests

# Seconds between health checks, and how long one may take.
CHECK_EVERY = 2.0
CHECK_TIMEOUT = 2.0
# A server that has answered before and then fails this many checks in a row is hung.
HANG_CHECKS = 3
# Restart delays double from the first to the last; a child healthy this long starts over.
BACKOFF_FIRST, BACKOFF_MAX, BACKOFF_RESET_AFTER = 1.0, 30.0, 60.0


@dataclass
class Child:
    name: str
    command: List[str]
    health_url: str
    startup_seconds: float
    proc: Optional[subprocess.Popen] = None
    started_at: float = 0.0
    healthy_at: Optional[float] = None  # last successful check of this run
    failed_checks: int = 0
    backoff: float = BACKOFF_FIRST
    restart_at: Optional[float] = None


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=CHECK_TIMEOUT).ok
    except requests.RequestException:
        return False


@dataclass
class Supervisor:
    start: Callable[[List[str]], subprocess.Popen]
    say: Callable[[str], None] = print
    is_healthy: Callable[[str], bool] = answers
    clock: Callable[[], float] = time.monotonic
    children: Dict[str, Child] = field(default_factory=dict)

    def add(self, child: Child) -> None:
        self.children[child.name] = child
        self._launch(child)

    def _launch(self, child: Child) -> None:
        child.proc = self.start(child.command)
        child.started_at = self.clock()
        child.healthy_at = None
        child.failed_checks = 0
        child.restart_at = None

    def wait_ready(self, name: str) -> bool:
        """Block until the child answers (True) or its start-up time is over (False)."""
        child = self.children[name]
        while self.clock() - child.started_at < child.startup_seconds:
            if child.proc is not None and child.proc.poll() is not None:
                return False
            if self.is_healthy(child.health_url):
                child.healthy_at = self.clock()
                return True
            time.sleep(0.5)
        return False

    def check(self) -> None:
        """One round: restart whatever has died or hung (call every CHECK_EVERY seconds)."""
        now = self.clock()
        for child in self.children.values():
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self._launch(child)
                continue
            code = child.proc.poll() if child.proc is not None else None
            if code is not None:
                self._schedule_restart(child, f"exited with code {code}")
            elif self.is_healthy(child.health_url):
                if child.healthy_at is None:
                    self.say(f"{child.name} is answering again.")
                child.healthy_at, child.failed_checks = now, 0
                if now - child.started_at > BACKOFF_RESET_AFTER:
                    child.backoff = BACKOFF_FIRST
            elif child.healthy_at is not None or now - child.started_at > child.startup_seconds:
                child.failed_checks += 1
                if child.failed_checks >= HANG_CHECKS or child.healthy_at is None:
                    self._kill(child)
                    self._schedule_restart(
                        child, f"did not answer its health check {child.failed_checks} times"
                    )

    def _schedule_restart(self, child: Child, why: str) -> None:
        self.say(f"{child.name} {why}; restarting it in {child.backoff:.0f} s.")
        child.restart_at = self.clock() + child.backoff
        child.backoff = min(BACKOFF_MAX, child.backoff * 2)
        child.healthy_at = None

    @staticmethod
    def _kill(child: Child) -> None:
        if child.proc is not None and child.proc.poll() is None:
            child.proc.kill()  # a hung server cannot be asked to stop
            child.proc.wait()

    def processes(self) -> List[subprocess.Popen]:
        return [c.proc for c in self.children.values() if c.proc is not None]
