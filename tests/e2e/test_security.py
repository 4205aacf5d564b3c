"""Attacks on the HTTP layer of both servers: each finding of the security review, an HTTP
fuzz of 2,000 malformed requests per server beside a normal client, slow requests, a flood."""

import threading
import time
import uuid

import pytest
import requests

from bot.guard.limits import chat_server_limits
from harness.servers import Servers, payloads, send
from tests.security.malformed import malformed_requests
from tests.security.raw_http import exchange, get, p95, timed_chat

pytestmark = pytest.mark.servers

CHAT_PATH = "/webhooks/rest/webhook"
LIMITS = chat_server_limits()


class NormalClient(threading.Thread):
    """A person's requests beside the attack, from another address: latency of each."""

    def __init__(self, request, pause: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.request, self.pause = request, pause
        self.seconds, self.failures = [], []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            start = time.monotonic()
            try:
                ok = self.request()
            except Exception as error:  # a refused or hung request is a failure, not a crash
                ok = False
                self.failures.append(repr(error))
            self.seconds.append(time.monotonic() - start)
            if not ok:
                self.failures.append("not ok")
            time.sleep(self.pause)

    def stop(self, at_least: int = 0, within: float = 15.0) -> None:
        """Stop, once `at_least` requests were made (or `within` seconds passed): a short attack
        still leaves enough requests, made during it and right after, for a p95."""
        deadline = time.monotonic() + within
        while len(self.seconds) < at_least and time.monotonic() < deadline and self.is_alive():
            time.sleep(0.05)
        self.done.set()
        self.join(timeout=60)


def chat_client(servers: Servers) -> NormalClient:
    """Conversations of ten messages, as people write, from another loopback address."""
    run, count = uuid.uuid4().hex[:8], iter(range(10**9))

    def one_message() -> bool:
        sender = f"normal-{run}-{next(count) // 10}"
        status, _ = timed_chat(servers.rasa_port, sender, "min sambo slår mig", "127.0.0.2")
        return status == 200

    return NormalClient(one_message)


def health_client(port: int) -> NormalClient:
    session = requests.Session()
    return NormalClient(lambda: session.get(f"http://127.0.0.1:{port}/health", timeout=5).ok)


def assert_answers(port: int, path: str) -> None:
    reply = exchange(port, get(path), wait=2)
    assert reply.statuses and reply.statuses[0] == 200, reply.raw[:200]


# ---- finding 1: Content-Length -1 froze the server ----------------------------------------


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_negative_content_length_is_refused_and_the_server_goes_on(servers, server):
    port, path, health = (
        (servers.rasa_port, CHAT_PATH, "/")
        if server == "rasa"
        else (servers.action_port, "/webhook", "/health")
    )
    raw = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: -1\r\n\r\n{}"
    ).encode()
    reply = exchange(port, raw, wait=3)
    assert reply.statuses == [400]
    assert_answers(port, health)


# ---- finding 3: no body limit ---------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_before_it_is_read(servers):
    head = (
        f"POST {CHAT_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {67 * 1024 * 1024}\r\n\r\n"
    ).encode()
    reply = exchange(servers.rasa_port, head + b"{" * 1000, wait=3)
    assert reply.statuses == [413] and reply.seconds < 2
    assert b"larger than" in reply.raw


def test_a_message_just_under_the_limit_still_gets_the_polite_answer(servers, sender):
    replies = send(servers, sender, "min sambo slår mig " * 1200)  # ~29 KB of JSON: too long
    assert "för långt" in replies[0]["text"]


# ---- finding 4 and 5: deep JSON, lone surrogates ----------------------------------------------


def test_deeply_nested_json_is_a_400(servers):
    deep = b'{"sender": "x", "message": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    reply = requests.post(
        servers.webhook, data=deep, headers={"Content-Type": "application/json"}, timeout=10
    )
    assert reply.status_code == 400 and "deeper" in reply.json()["error"]


def test_a_lone_surrogate_does_not_take_the_referral_away(servers, sender):
    raw = b'{"sender": "%s", "message": "\\ud800 min sambo sl\\u00e5r mig"}' % sender.encode()
    reply = requests.post(
        servers.webhook, data=raw, headers={"Content-Type": "application/json"}, timeout=30
    )
    services = [s["id"] for p in payloads(reply.json()) for s in p.get("services", [])]
    assert "kvinnofridslinjen" in services


# ---- finding 6: any value in the language slot ------------------------------------------------


@pytest.mark.parametrize(
    "value", ['"<img src=x onerror=alert(1)>"', '{"a": 1}', '"__proto__"', '"constructor"', "[1]"]
)
def test_the_language_slot_takes_only_supported_languages(servers, sender, value):
    replies = send(
        servers, sender, f'/choose_language{{"language": {value}, "language_choice": {value}}}'
    )
    assert replies and all("<img" not in str(r) for r in replies)
    replies = send(servers, sender, "min sambo slår mig")
    languages = {p.get("language") for p in payloads(replies)}
    assert languages == {"sv"}, languages  # the conversation stays in a real language


# ---- finding 7: hardening --------------------------------------------------------------------


def test_forget_takes_only_json(servers, sender):
    url = f"{servers.url}/webhooks/rest/forget"
    as_text = requests.post(
        url, data=f'{{"sender": "{sender}"}}', headers={"Content-Type": "text/plain"}, timeout=10
    )
    assert as_text.status_code == 415
    big = requests.post(url, json={"sender": sender, "pad": "x" * 40_000}, timeout=10)
    assert big.status_code == 413
    assert requests.post(url, json={"sender": sender}, timeout=10).status_code == 204


def test_sender_ids_are_not_trimmed_into_one_conversation(servers):
    reply = requests.post(servers.webhook, json={"sender": " x ", "message": "hej"}, timeout=10)
    assert reply.status_code == 400 and "sender" in reply.json()["error"]


@pytest.mark.parametrize(
    "headers",
    [
        "Content-Length: 10\r\nContent-Length: 12\r\n",
        "Transfer-Encoding: chunked, identity\r\n",
        "Content-Length: 10\r\nTransfer-Encoding: chunked\r\n",
    ],
)
def test_conflicting_framing_is_a_400_not_a_500(servers, headers):
    raw = (
        f"POST {CHAT_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"{headers}\r\n0\r\n\r\n"
    ).encode()
    assert exchange(servers.rasa_port, raw).statuses == [400]


def test_the_root_page_names_no_version(servers):
    reply = requests.get(servers.url + "/", timeout=10)
    assert reply.ok and "rasa" not in reply.text.lower() and "3.6" not in reply.text


# ---- the HTTP fuzz ----------------------------------------------------------------------------


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_http_fuzz_2000_malformed_requests_beside_a_normal_client(servers, server):
    if server == "rasa":
        port, path, normal = servers.rasa_port, CHAT_PATH.encode(), chat_client(servers)
    else:
        port, path, normal = servers.action_port, b"/webhook", health_client(servers.action_port)
    normal.start()
    wrong = []
    try:
        for attack, raw in malformed_requests(path):
            reply = exchange(port, raw, wait=2)
            fine = not any(s >= 500 for s in reply.statuses) and (
                reply.closed or any(400 <= s < 500 for s in reply.statuses)
            )
            if not fine:
                wrong.append((attack, reply.statuses, reply.closed, raw[:80]))
    finally:
        normal.stop(at_least=20)
    print(f"fuzz {server}: {len(normal.seconds)} normal requests, p95 {p95(normal.seconds):.3f} s")
    assert wrong == []
    assert normal.failures == []
    assert len(normal.seconds) >= 20 and p95(normal.seconds) < 0.5


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_slow_requests_are_cut_however_the_bytes_trickle(servers, server):
    port = servers.rasa_port if server == "rasa" else servers.action_port
    path = CHAT_PATH if server == "rasa" else "/webhook"
    normal = chat_client(servers) if server == "rasa" else health_client(port)
    results = {}

    def trickle(name: str, head: bytes, drip: bytes) -> None:
        """Send a little every 0.2 s until the server closes (a send then fails)."""
        import socket

        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            try:
                sock.sendall(head)
                while time.monotonic() - start < LIMITS.read_seconds + 10:
                    sock.sendall(drip)
                    time.sleep(0.2)
            except OSError:
                pass
        results[name] = time.monotonic() - start

    body_head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 20000\r\n\r\n"
    ).encode()
    threads = [
        threading.Thread(target=trickle, args=(f"body-{i}", body_head, b" ")) for i in range(8)
    ] + [
        threading.Thread(target=trickle, args=(f"head-{i}", b"GET / HTTP/1.1\r\n", b"X: y\r\n"))
        for i in range(8)
    ]
    normal.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    normal.stop()
    print(f"slow {server}: cut after {max(results.values()):.1f} s at most")
    assert len(results) == 16
    assert max(results.values()) < LIMITS.read_seconds + 3, results
    assert normal.failures == [] and p95(normal.seconds) < 0.5


# ---- a flood and held connections, on a server with the default limits ------------------------


@pytest.fixture(scope="module")
def limited(servers, tmp_path_factory):
    """A second Rasa server with the embedded default's limits (the shared one has the rate
    limit off, as the evaluation and the load benchmark need)."""
    workdir = tmp_path_factory.mktemp("limited")
    env = {k: v for k, v in servers.env.items() if k not in ("CHAT_RATE_PER_SECOND", "CHAT_BURST")}
    running = Servers(workdir=workdir, env=env, action_port=servers.action_port)
    try:
        running.start_rasa()
        yield running
    finally:
        running.stop()


def test_a_flood_from_one_address_gets_429_and_others_are_served(limited):
    normal = chat_client(limited)
    normal.pause = 0.2
    statuses, retry_after = [], set()
    flood = requests.Session()
    normal.start()
    try:
        deadline = time.monotonic() + 15
        for n in range(3_000):  # bounded in count and time
            if time.monotonic() > deadline:
                break
            reply = flood.post(limited.webhook, json={"sender": f"flood-{n % 5}", "message": "hej"})
            statuses.append(reply.status_code)
            if reply.status_code == 429:
                retry_after.add(reply.headers.get("Retry-After"))
    finally:
        normal.stop(at_least=20)
    print(
        f"flood: {len(statuses)} requests, {statuses.count(429)} got 429; other client "
        f"{len(normal.seconds)} messages, p95 {p95(normal.seconds):.3f} s"
    )
    assert statuses.count(429) > len(statuses) // 2, statuses[:60]
    assert set(statuses) <= {200, 429}
    assert retry_after and all(v and v.isdigit() and int(v) >= 1 for v in retry_after)
    assert normal.failures == []
    assert len(normal.seconds) >= 20 and p95(normal.seconds) < 0.5


def test_connections_held_open_by_one_address_leave_room_for_others(limited):
    import socket

    held = []
    try:
        for _ in range(LIMITS.connections_per_client + 10):
            held.append(socket.create_connection(("127.0.0.1", limited.rasa_port), timeout=5))
        refused = exchange(limited.rasa_port, get("/"), wait=2)
        assert refused.statuses == [503] and b"Connection: close" in refused.raw
        other = exchange(limited.rasa_port, get("/"), wait=2, source="127.0.0.3")
        assert other.statuses == [200]
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert exchange(limited.rasa_port, get("/"), wait=2).statuses == [200]


def test_a_person_typing_is_never_limited(limited):
    sender = f"typist-{uuid.uuid4().hex[:8]}"
    for message in ["hej", "min sambo slår mig", "jag har barn", "tack", "vad gör socialtjänsten"]:
        status, _seconds = timed_chat(limited.rasa_port, sender, message, "127.0.0.4")
        assert status == 200
        time.sleep(1)
