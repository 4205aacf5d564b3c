"""The webchat channel: what it serves, its settings, CORS, and rules its files keep."""

import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import requests

from bot.channels.webchat import STATIC_DIR, WebchatInput, js_literal
from harness.servers import ROOT, free_port

MENU = ["sv", "en", "ar", "fa", "so", "ti", "uk", "pl", "lattlast"]
NAMES = [
    "Svenska",
    "English",
    "العربية",
    "فارسی",
    "Soomaali",
    "ትግርኛ",
    "Українська",
    "Polski",
    "Lättläst svenska",
]


# ---- the files ------------------------------------------------------------------------------


def test_ui_strings_cover_every_language_with_review_markers():
    languages = json.loads((STATIC_DIR / "i18n.json").read_text(encoding="utf-8"))["languages"]
    assert list(languages) == MENU
    assert [block["name"] for block in languages.values()] == NAMES
    keys = set(languages["sv"]["strings"])
    for code, block in languages.items():
        assert set(block["strings"]) == keys, code
        assert all(isinstance(v, str) and v.strip() for v in block["strings"].values()), code
        placeholders = {k: set(re.findall(r"\{\w+\}", v)) for k, v in block["strings"].items()}
        assert placeholders == {
            k: set(re.findall(r"\{\w+\}", v)) for k, v in languages["sv"]["strings"].items()
        }, code
    for code in ["ar", "fa", "so", "ti", "uk", "pl"]:
        assert languages[code]["review"] == "native speaker", code
    assert {c for c, b in languages.items() if b["dir"] == "rtl"} == {"ar", "fa"}


def test_widget_source_never_inserts_html_or_stores_anything():
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)  # comments may name them
    for forbidden in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "localStorage",
        "sessionStorage",
        "document.cookie",
        "indexedDB",
        "http://",
        "https://www.",
    ]:
        assert forbidden not in code, forbidden


def test_static_files_name_no_other_host():
    """All assets are local: no CDN, no web fonts, no third-party requests."""
    for name in ["widget.css", "demo.css", "demo.html", "demo.js"]:
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        text = re.sub(r"<pre>.*?</pre>", "", text, flags=re.S)  # the embed example is text
        for found in re.findall(r"(?:src|href|url)\s*[=(]\s*[\"']?([^\"' )>]+)", text):
            local = found == "demo" or found.startswith(("#", "data:", "tel:", "widget.", "demo."))
            assert local, (name, found)
        assert "@import" not in text and "@font-face" not in text


# ---- the settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "*",
        "https://*.example.se",
        "www.askersund.se",
        "https://www.askersund.se/path",
        "ftp://x.se",
    ],
)
def test_a_bad_allowed_origin_stops_the_start(origin):
    with pytest.raises(ValueError):
        WebchatInput.from_credentials({"allowed_origins": [origin]})


def test_exit_url_must_be_a_web_address():
    with pytest.raises(ValueError):
        WebchatInput.from_credentials({"exit_url": "javascript:alert(1)"})


def test_defaults_are_same_origin_only_and_the_weather():
    channel = WebchatInput.from_credentials(None)
    assert channel.allowed_origins == frozenset()
    assert channel.exit_url == "https://www.google.com/search?q=v%C3%A4der"
    assert '"exitUrl": "https://www.google.com/search?q=v%C3%A4der"' in channel.widget_js()


def test_settings_written_into_widget_js_cannot_close_a_script_tag():
    assert js_literal({"a": "</script><b>&\u2028"}) == (
        '{"a": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    )


# ---- served by the running assistant ---------------------------------------------------------


@pytest.mark.servers
@pytest.mark.parametrize("prefix", ["/webhooks/webchat", "/webchat"])
def test_files_are_served_under_both_prefixes_and_not_cached(servers, prefix):
    for name, kind in [
        ("widget.js", "text/javascript"),
        ("widget.css", "text/css"),
        ("demo", "text/html"),
        ("demo.css", "text/css"),
    ]:
        reply = requests.get(f"{servers.url}{prefix}/{name}", timeout=10)
        assert reply.status_code == 200, name
        assert reply.headers["Content-Type"].startswith(kind), name
        assert reply.headers["Cache-Control"] == "no-store", name
        assert reply.headers["X-Content-Type-Options"] == "nosniff", name
        assert reply.headers["Referrer-Policy"] == "no-referrer", name
    widget = requests.get(f"{servers.url}{prefix}/widget.js", timeout=10)
    assert "/*@config*/" not in widget.text and '"rest": "/webhooks/rest"' in widget.text
    assert widget.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    csp = requests.get(f"{servers.url}{prefix}/demo", timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp


@pytest.mark.servers
def test_no_cors_headers_for_unlisted_origins(servers):
    reply = requests.options(
        servers.webhook,
        timeout=10,
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "Access-Control-Allow-Origin" not in reply.headers


@pytest.mark.servers
def test_forget_refuses_what_any_page_could_post(servers, sender):
    """text/plain needs no CORS preflight, so any web page could send it: forget takes JSON."""
    reply = requests.post(
        f"{servers.url}/webhooks/rest/forget",
        timeout=10,
        data=json.dumps({"sender": sender}),
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert reply.status_code == 415


# ---- CORS for listed origins, on a Rasa app without a model ----------------------------------

APP = textwrap.dedent("""
    import sys
    from rasa.core.run import configure_app
    from bot.channels.rest import AssistantRestInput
    from bot.channels.webchat import WebchatInput

    channels = [AssistantRestInput(), WebchatInput(allowed_origins=[sys.argv[2]])]
    app = configure_app(channels, cors=None, enable_api=False, port=int(sys.argv[1]))
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False)
""")


@pytest.fixture(scope="module")
def cors_app(tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("cors") / "app.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", APP, str(port), "https://www.askersund.se"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**_env(), "PYTHONPATH": str(ROOT)},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, Path(log.name).read_text()
        try:
            requests.get(url + "/webchat/widget.css", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def _env():
    import os

    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/webhooks/rest/forget"])
def test_listed_origin_may_call_the_rest_routes(cors_app, path):
    preflight = requests.options(
        cors_app + path,
        timeout=10,
        headers={
            "Origin": "https://www.askersund.se",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert 200 <= preflight.status_code < 300
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://www.askersund.se"
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    # an actual (here: refused, 415) request also carries the header, so the page can read it
    post = requests.post(
        cors_app + path,
        data="x",
        timeout=10,
        headers={"Origin": "https://www.askersund.se", "Content-Type": "text/plain"},
    )
    assert post.headers["Access-Control-Allow-Origin"] == "https://www.askersund.se"


def test_unlisted_origin_and_other_routes_get_no_cors(cors_app):
    evil = requests.options(
        cors_app + "/webhooks/rest/webhook",
        timeout=10,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in evil.headers
    other = requests.get(cors_app + "/", timeout=10, headers={"Origin": "https://www.askersund.se"})
    assert "Access-Control-Allow-Origin" not in other.headers
