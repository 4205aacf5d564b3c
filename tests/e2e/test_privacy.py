"""Nothing of a conversation is written anywhere; forgetting deletes the stored tracker."""

import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from harness.servers import ROOT, send

pytestmark = pytest.mark.servers


def files_written_since(start: float, folders):
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(dirpath) / name
                try:
                    if path.stat().st_mtime >= start and path.stat().st_size < 200_000_000:
                        yield path
                except OSError:
                    continue


def test_conversation_text_is_not_written_anywhere(servers):
    marker = f"MARKER{uuid.uuid4().hex}"
    start = time.time() - 1
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    for message in [
        f"min sambo slår mig {marker}",
        f"{marker}",
        f"he is strangling me {marker}",
        "x" * 2500 + marker,
        f"<b>{marker}</b>",
        # Rasa quotes lines that start with "/" but are not valid commands in its warnings
        f"/{marker}",
        f"/greet {marker}",
        f"/greet@5.0 {marker}",
        f"/greet{{{marker}",
        f'/choose_language{{"language": "{marker}"}}',
        f'/choose_language{{"{marker}": "sv"}}',
        f"/ {marker}",
        f"//{marker}",
        f"\ud800{marker}\u202e",
        f"{marker} " + "min sambo slår mig " * 120,
        f"{marker}\n\n\x00\x1b[31m",
        f"{{{{{marker}}}}} ${{jndi:{marker}}}",
    ]:
        assert send(servers, sender, message)
    time.sleep(2)  # let any buffered log line and the statistics (written each second) land
    folders = [servers.workdir, ROOT / "var", ROOT / "models", Path(tempfile.gettempdir())]
    leaks = [
        str(p) for p in files_written_since(start, folders) if marker.encode() in p.read_bytes()
    ]
    assert leaks == []
    # the statistics counted this conversation, and hold neither its words nor its sender
    statistics = servers.workdir / "statistics.db"
    assert statistics.stat().st_mtime >= start
    content = statistics.read_bytes()
    assert marker.encode() not in content and sender.encode() not in content


def stored_events(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()[0]


@pytest.mark.parametrize("command", ["glöm", "forget", "/restart"])
def test_forget_command_deletes_the_stored_conversation(sql_servers, sender, command):
    send(sql_servers, sender, "min sambo slår mig")
    assert stored_events(sql_servers.tracker_db, sender) > 0
    replies = send(sql_servers, sender, command)
    assert replies
    assert stored_events(sql_servers.tracker_db, sender) == 0


def test_forget_endpoint_deletes_the_stored_conversation(sql_servers, sender):
    import requests

    send(sql_servers, sender, "hej")
    reply = requests.post(
        f"{sql_servers.url}/webhooks/rest/forget", json={"sender": sender}, timeout=10
    )
    assert reply.status_code == 204
    assert stored_events(sql_servers.tracker_db, sender) == 0
