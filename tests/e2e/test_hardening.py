"""Bad input gets a sensible reply or a 4xx: never a 500, never a hang, never an empty answer."""

import pytest
import requests

from harness.servers import send

pytestmark = pytest.mark.servers


def post_raw(servers, body, content_type="application/json"):
    return requests.post(
        servers.webhook, data=body, headers={"Content-Type": content_type}, timeout=30
    )


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t  ",
        "\x00\x01\x02 hej \x1b[31m",
        "😢😢😢",
        "a" * 1500,
        "hej مرحبا привіт ሰላም cześć",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "{{7*7}} ${jndi:ldap://x}",
        "\u202eevil\u202c",
        '/restart_everything{"x": 1}',
        "/nonexistent_intent",
    ],
)
def test_odd_messages_get_a_real_answer(servers, sender, message):
    replies = send(servers, sender, message)
    assert replies and all(r.get("text") or r.get("custom") for r in replies)


def test_too_long_message_gets_a_polite_answer(servers, sender):
    replies = send(servers, sender, "min sambo slår mig " * 200)
    assert "för långt" in replies[0]["text"]
    # and the conversation still works afterwards
    assert send(servers, sender, "min sambo slår mig")


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'{"sender": "x"}', "application/json", 400),
        (b'{"message": "hej"}', "application/json", 400),
        (b'{"sender": 5, "message": "hej"}', "application/json", 400),
        (b'{"sender": "x", "message": ["hej"]}', "application/json", 400),
        (b'{"sender": "' + b"x" * 500 + b'", "message": "hej"}', "application/json", 400),
        (b"sender=x&message=hej", "application/x-www-form-urlencoded", 415),
        (b"hej", "text/plain", 415),
        (b"\xff\xfe\x00", "application/json", 400),
    ],
)
def test_malformed_requests_get_a_4xx_with_a_reason(servers, body, content_type, status):
    reply = post_raw(servers, body, content_type)
    assert reply.status_code == status
    assert reply.json()["error"]


def test_unknown_fields_are_ignored(servers, sender):
    reply = requests.post(
        servers.webhook,
        timeout=30,
        json={
            "sender": sender,
            "message": "hej",
            "admin": True,
            "metadata": {"language_locked": True},
        },
    )
    assert reply.status_code == 200 and reply.json()


def test_http_api_is_off_by_default(servers):
    for path in ("/status", "/conversations/x/tracker", "/model/parse"):
        assert requests.get(servers.url + path, timeout=10).status_code in (403, 404, 405)


def test_action_server_is_on_loopback_only(servers):
    import socket

    addresses = {
        info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    }
    outside = [a for a in addresses if not a.startswith("127.")]
    for address in outside:
        with (
            pytest.raises(OSError),
            socket.create_connection((address, servers.action_port), timeout=2),
        ):
            pass
