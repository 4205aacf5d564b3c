"""5,000 random and adversarial messages over REST: no 5xx, never an empty reply, sane after."""

import random
import string

import pytest
import requests

from harness.servers import send

pytestmark = pytest.mark.servers

SEED = 20261127
SCRIPTS = [
    string.ascii_letters,
    "åäöÅÄÖ",
    "مرحباكيفحالك",
    "привітяксправи",
    "ሰላምእንዴትነህ",
    "😀😢🙏❤️🔪",
    "<>&\"'`;{}[]()\\/",
    "\u200b\u202e\u0000\u0007\t\n",
]
PHRASES = [
    "min sambo slår mig",
    "hjälp",
    "he is strangling me",
    "jag är 13",
    "tack",
    "/greet",
    "/restart",
    "SELECT * FROM events",
    "<script>alert(1)</script>",
    "glöm",
]


def random_message(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return (
            rng.choice(PHRASES)
            + " "
            + "".join(rng.choice(rng.choice(SCRIPTS)) for _ in range(rng.randint(0, 20)))
        )
    if kind < 0.9:
        return "".join(rng.choice(rng.choice(SCRIPTS)) for _ in range(rng.randint(0, 120)))
    return "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 3000)))


def test_fuzz_5000_messages(servers):
    rng = random.Random(SEED)
    session = requests.Session()
    failures = []
    for i in range(5000):
        sender = f"fuzz-{i // 10}"  # conversations of ten messages, as people write
        message = random_message(rng)
        reply = session.post(
            servers.webhook, json={"sender": sender, "message": message}, timeout=30
        )
        if reply.status_code >= 500 or not reply.json():
            failures.append((reply.status_code, message[:80]))
    assert failures == []
    # the assistant still answers normally afterwards
    replies = send(servers, "after-fuzz", "min sambo slår mig")
    assert any(
        s["id"] == "kvinnofridslinjen"
        for r in replies
        for s in r.get("custom", {}).get("services", [])
    )
