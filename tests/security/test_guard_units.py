"""The HTTP guard's decisions, one by one, without a server: what is refused and with what."""

import pytest
from sanic.compat import Header
from sanic.exceptions import InvalidUsage, PayloadTooLarge

from bot.guard.limits import ACTION_SERVER_LIMITS, chat_server_limits
from bot.guard.protocol import LengthRequired, check_head
from bot.guard.rate import RateLimiter

CHAT = chat_server_limits()


def head(*pairs):
    return Header([(name.lower(), value) for name, value in pairs])


@pytest.mark.parametrize(
    ("headers", "refused_with"),
    [
        (head(("Content-Length", "-1")), InvalidUsage),
        (head(("Content-Length", "+5")), InvalidUsage),
        (head(("Content-Length", " 0x10")), InvalidUsage),
        (head(("Content-Length", "5"), ("Content-Length", "6")), InvalidUsage),
        (head(("Content-Length", "5"), ("Content-Length", "5")), InvalidUsage),
        (head(("Content-Length", "5"), ("Transfer-Encoding", "chunked")), InvalidUsage),
        (head(("Transfer-Encoding", "chunked, identity")), InvalidUsage),
        (head(("Transfer-Encoding", "gzip")), InvalidUsage),
        (head(("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")), InvalidUsage),
        (head(("Transfer-Encoding", "chunked")), LengthRequired),
        (head(("Content-Length", str(CHAT.body_bytes + 1))), PayloadTooLarge),
        (head(("X-Evil", "a\x00b")), InvalidUsage),
        (head(("Bad Name", "x")), InvalidUsage),
    ],
)
def test_malformed_heads_are_refused_before_the_body_is_read(headers, refused_with):
    with pytest.raises(refused_with):
        check_head("POST", "/webhooks/rest/webhook", headers, CHAT)


@pytest.mark.parametrize("method", ["G\x01T", "GET /", ""])
def test_a_method_must_be_a_token(method):
    with pytest.raises(InvalidUsage):
        check_head(method, "/", head(), CHAT)


def test_ordinary_requests_pass():
    check_head("POST", "/webhooks/rest/webhook", head(("Content-Length", "120")), CHAT)
    check_head("GET", "/webhooks/webchat/widget.js", head(("Host", "x")), CHAT)
    check_head("POST", "/webhooks/rest/webhook", head(("Content-Length", "32768")), CHAT)


def test_the_action_server_takes_a_whole_tracker_but_not_more():
    tracker = str(2 * 1024 * 1024)
    check_head("POST", "/webhook", head(("Content-Length", tracker)), ACTION_SERVER_LIMITS)
    with pytest.raises(PayloadTooLarge):
        check_head("POST", "/webhook", head(("Content-Length", str(10**8))), ACTION_SERVER_LIMITS)
    assert ACTION_SERVER_LIMITS.requests_per_second == 0  # its one client is the Rasa server


def test_rasa_api_model_upload_keeps_sanics_own_limit():
    assert CHAT.body_limit("/model") is None
    assert CHAT.body_limit("/models-and-more") == CHAT.body_bytes
    assert CHAT.body_limit("/webhooks/rest/webhook") == CHAT.body_bytes


def test_chat_rate_can_be_set_for_a_loopback_benchmark(monkeypatch):
    monkeypatch.setenv("CHAT_RATE_PER_SECOND", "0")
    assert chat_server_limits().requests_per_second == 0
    monkeypatch.delenv("CHAT_RATE_PER_SECOND")
    assert chat_server_limits().requests_per_second > 0


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_person_typing_never_meets_the_rate_limit():
    clock = Clock()
    limiter = RateLimiter(CHAT.requests_per_second, CHAT.burst, clock)
    for _ in range(3):  # the widget loads: script, style, first message
        assert limiter.retry_after("10.0.0.1") == 0
    for _ in range(200):  # then a message every two seconds
        clock.now += 2
        assert limiter.retry_after("10.0.0.1") == 0


def test_a_flood_gets_retry_after_and_others_go_on():
    clock = Clock()
    limiter = RateLimiter(2, 10, clock)
    waits = [limiter.retry_after("attacker") for _ in range(50)]
    assert waits[:10] == [0] * 10 and all(w >= 1 for w in waits[10:])
    assert limiter.retry_after("someone else") == 0
    clock.now += 1  # two tokens back
    assert limiter.retry_after("attacker") == 0


def test_the_limiter_forgets_the_oldest_clients(monkeypatch):
    import bot.guard.rate as rate

    monkeypatch.setattr(rate, "MAX_CLIENTS", 5)
    limiter = RateLimiter(1, 1, Clock())
    for n in range(20):
        limiter.retry_after(f"client-{n}")
    assert len(limiter._buckets) == 5


def test_off_means_off():
    limiter = RateLimiter(0, 1, Clock())
    assert not limiter.enabled
    assert all(limiter.retry_after("x") == 0 for _ in range(1000))
