"""`make run`'s launcher keeps the assistant up: each child is killed in turn (and the Rasa server
is frozen), and the emergency answer and then normal referrals come back by themselves."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from harness.processes import children_of, command_line
from harness.servers import PYTHON, ROOT, free_port, load_directory, payloads, server_env

pytestmark = pytest.mark.servers

STATIC_IDS = {"sos-112", "kvinnofridslinjen", "bris", "askersund-kommun"}  # the fallback answer


def children(pid: int) -> dict:
    """{'actions'|'rasa': pid} of the launcher's child processes."""
    found = {}
    for child in children_of(pid):
        command = command_line(child)
        if "bot.action_server" in command:
            found["actions"] = child
        elif "rasa_cli run" in command or "rasa run" in command:
            found["rasa"] = child
    return found


class Launcher:
    def __init__(self, workdir: Path) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
        )
        env = {
            **server_env(workdir),
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "RASA_ENDPOINTS": str(endpoints),
        }
        load_directory(env)
        self.log_path = workdir / "launcher.log"
        with open(self.log_path, "wb") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                [PYTHON, "-m", "bot.launcher"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout: float, after: int = 0) -> None:
        """Until `text` is in the launcher's output past character `after`."""
        deadline = time.monotonic() + timeout
        while text not in self.log()[after:]:
            assert self.proc.poll() is None, self.log()
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.log()}"
            time.sleep(0.5)

    def say(self, message: str, sender: str) -> list:
        reply = requests.post(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=30,
        )
        reply.raise_for_status()
        return reply.json()

    def wait_for_referral(self, timeout: float) -> set:
        """Until a referral comes from the action server (not the static fallback)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                replies = self.say("min sambo slår mig", f"sup-{time.monotonic_ns()}")
                ids = {s["id"] for p in payloads(replies) for s in p.get("services", [])}
                if ids - STATIC_IDS:
                    return ids
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, self.log()
            time.sleep(1)

    def emergency(self) -> list:
        return self.say("han har en kniv och hotar att döda mig nu", f"em-{time.monotonic_ns()}")


@pytest.fixture(scope="module")
def launcher(tmp_path_factory):
    running = Launcher(tmp_path_factory.mktemp("launcher"))
    try:
        running.wait_for_log("The assistant is ready", 240)
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.send_signal(signal.SIGINT)
            try:
                running.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                running.proc.kill()


def is_emergency(replies: list) -> bool:
    return any(p.get("emergency") for p in payloads(replies)) and "112" in str(replies)


def test_the_console_says_only_what_the_assistant_says_about_itself(launcher):
    """A newcomer's `make run`: progress, where it listens, how to stop; no library warnings."""
    console = launcher.log()
    assert "The assistant is ready" in console and "Ctrl-C" in console
    assert "Warning" not in console and "deprecated" not in console.lower(), console


def test_killing_the_action_server_keeps_the_emergency_answer(launcher):
    launcher.wait_for_referral(30)
    os.kill(children(launcher.proc.pid)["actions"], signal.SIGKILL)
    assert is_emergency(launcher.emergency())  # needs no action server
    launcher.wait_for_log("The action server exited", 10)
    launcher.wait_for_referral(60)  # restarted: referrals come from the directory again


def test_killing_the_rasa_server_brings_it_back(launcher):
    before = len(launcher.log())
    os.kill(children(launcher.proc.pid)["rasa"], signal.SIGKILL)
    launcher.wait_for_log("The Rasa server exited", 10, after=before)
    launcher.wait_for_log("The Rasa server is answering again", 240, after=before)
    assert is_emergency(launcher.emergency())
    launcher.wait_for_referral(30)


def test_a_hung_rasa_server_is_restarted(launcher):
    hung, before = children(launcher.proc.pid)["rasa"], len(launcher.log())
    os.kill(hung, signal.SIGSTOP)  # alive but answering nothing, as in the Content-Length hang
    launcher.wait_for_log("did not answer its health check", 30, after=before)
    launcher.wait_for_log("The Rasa server is answering again", 240, after=before)
    assert children(launcher.proc.pid)["rasa"] != hung
    assert is_emergency(launcher.emergency())
    # each incident is said once
    assert launcher.log().count("did not answer its health check") == 1


def test_ctrl_c_stops_everything(launcher):
    kids = children(launcher.proc.pid)
    launcher.proc.send_signal(signal.SIGINT)
    assert launcher.proc.wait(timeout=40) == 0
    time.sleep(1)
    assert all(not Path(f"/proc/{pid}").exists() for pid in kids.values())
