"""Faults on the real running servers: the assistant still answers, and with the right lines."""

import shutil
import socket
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness.servers import PYTHON, ROOT, send

pytestmark = pytest.mark.servers
ALWAYS_THERE = {"sos-112", "kvinnofridslinjen", "bris", "askersund-kommun"}


def shown(replies):
    return {s["id"] for r in replies for s in r.get("custom", {}).get("services", [])}


@pytest.fixture
def actions_down(servers):
    servers.stop("actions")
    try:
        yield
    finally:
        servers.start_actions()


@pytest.fixture
def actions_hanging(servers):
    """Something listens on the action port but never answers."""
    servers.stop("actions")
    sink = socket.socket()
    sink.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sink.bind(("127.0.0.1", servers.action_port))
    sink.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        sink.settimeout(0.5)
        while not stop.is_set():
            try:
                held.append(sink.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        sink.close()
        servers.start_actions()


@pytest.mark.parametrize(
    "language_message", [("sv", "min sambo slår mig"), ("en", "my husband hits me every week")]
)
def test_action_server_down_still_gives_the_lines_that_are_always_there(
    servers, sender, actions_down, language_message
):
    language, message = language_message
    replies = send(servers, sender, message)
    assert shown(replies) >= ALWAYS_THERE
    payload = next(r["custom"] for r in replies if "custom" in r)
    assert payload["language"] == language
    assert any("112" in (r.get("text") or "") for r in replies)


def test_action_server_down_emergency_still_works(servers, sender, actions_down):
    replies = send(servers, sender, "han står utanför med en kniv")
    payload = next(r["custom"] for r in replies if "custom" in r)
    assert payload["emergency"] is True and payload["services"][0]["id"] == "sos-112"


def test_action_server_hanging_times_out_to_the_static_referral(servers, sender, actions_hanging):
    replies = send(servers, sender, "min sambo slår mig", timeout=40)
    assert shown(replies) >= ALWAYS_THERE


def test_back_to_normal_after_the_action_server_returns(servers, sender):
    assert "askersund-socialtjanst" in shown(send(servers, sender, "min sambo slår mig"))


def load(servers, entries=None):
    env = dict(servers.env)
    if entries:
        env["DIRECTORY_ENTRIES_DIR"] = str(entries)
    return subprocess.run(
        [PYTHON, "-m", "directory", "load"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_corrupt_database_answers_from_the_snapshot_and_logs_once(servers, sender):
    database = servers.workdir / "directory.db"
    database.write_bytes(b"this is not a database" * 100)
    try:
        for message in [
            "min sambo slår mig",
            "jag är 13 och pappa slår mamma",
            "min sambo slår mig",
        ]:
            replies = send(servers, sender, message)
            assert shown(replies) & {"kvinnofridslinjen", "bris"}
            assert not shown(replies) >= ALWAYS_THERE  # a real referral, not the static one
        log = (servers.workdir / "actions.log").read_text(errors="replace")
        assert log.count("cannot be read") == 1
    finally:
        assert load(servers).returncode == 0
    assert "askersund-socialtjanst" in shown(send(servers, sender, "min sambo slår mig"))


def test_missing_database_answers_from_the_snapshot(servers, sender):
    database = servers.workdir / "directory.db"
    database.unlink()
    try:
        assert "kvinnofridslinjen" in shown(send(servers, sender, "min sambo slår mig"))
    finally:
        assert load(servers).returncode == 0


def test_invalid_directory_change_is_refused_while_serving(servers, sender, tmp_path):
    entries = tmp_path / "entries"
    shutil.copytree(ROOT / "directory" / "entries", entries)
    broken = entries / "national" / "kvinnofridslinjen.yml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace('"020-50 50 50"', '"0-0"'), encoding="utf-8"
    )
    (entries / "national" / "new-line.yml").write_text(
        "id: new-line\nname: [unclosed\n", encoding="utf-8"
    )
    result = load(servers, entries)
    assert result.returncode != 0
    assert "kvinnofridslinjen.yml" in result.stdout + result.stderr
    replies = send(servers, sender, "min sambo slår mig")
    kvinnofrid = next(
        s
        for r in replies
        for s in r.get("custom", {}).get("services", [])
        if s["id"] == "kvinnofridslinjen"
    )
    assert kvinnofrid["phone"] == "020-50 50 50"


def test_two_messages_at_once_in_one_conversation(servers, sender):
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(send, servers, sender, "min sambo slår mig")
        second = pool.submit(send, servers, sender, "jag har barn")
        replies = [first.result(), second.result()]
    assert all(replies)
    assert {"kvinnofridslinjen"} <= shown(replies[0]) or {"kvinnofridslinjen"} <= shown(replies[1])
    # the second answer builds on the first: the parent's answer, which names Bris in its text
    assert "askersund-socialtjanst" in shown(replies[0]) | shown(replies[1])
