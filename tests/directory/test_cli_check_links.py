"""`python -m directory check-links`, against a web server on 127.0.0.1 (never the internet)."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from directory.cli import cli
from directory.loader import load_directory

from .conftest import VALID


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def web(tmp_path, monkeypatch):
    """Serves /ok.html (200); every other path is a 404."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "ok.html").write_text("<p>ok</p>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def entry_pointing_at(tmp_path, url, sources):
    folder = tmp_path / "link-entries" / "national"
    folder.mkdir(parents=True)
    text = (VALID / "national" / "kids-line.yml").read_text()
    text = text.replace(
        "sources:\n  - https://example.se/kids",
        "url: " + url + "\nsources:\n" + "".join(f"  - {s}\n" for s in sources),
    )
    (folder / "kids-line.yml").write_text(text)
    return folder.parent


def test_broken_links_are_reported(directory_env, tmp_path, web):
    root = entry_pointing_at(tmp_path, f"{web}/ok.html", [f"{web}/missing.html"])
    load_directory(root)
    result = CliRunner().invoke(cli, ["check-links", "--timeout", "5"])
    assert result.exit_code == 1, result.output
    assert f"BROKEN {web}/missing.html: HTTP 404" in result.output
    assert "(used by kids-line)" in result.output
    assert f"{web}/ok.html" not in result.stdout
    assert "1 of 2 links are broken." in result.output


def test_all_links_work(directory_env, tmp_path, web):
    root = entry_pointing_at(tmp_path, f"{web}/ok.html", [f"{web}/ok.html"])
    load_directory(root)
    result = CliRunner().invoke(cli, ["check-links"])
    assert result.exit_code == 0, result.output
    assert "All 1 links work." in result.stdout


def test_unreachable_server(directory_env, tmp_path, web):
    root = entry_pointing_at(tmp_path, "http://127.0.0.1:9/nothing", [f"{web}/ok.html"])
    load_directory(root)
    result = CliRunner().invoke(cli, ["check-links", "--timeout", "2"])
    assert result.exit_code == 1
    assert "BROKEN http://127.0.0.1:9/nothing: cannot connect" in result.output
