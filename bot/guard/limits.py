"""Every HTTP limit of the two servers, in one place, with the reason beside each number."""

import os
from dataclasses import dataclass, replace
from typing import Optional, Tuple

KIB = 1024


@dataclass(frozen=True)
class HttpLimits:
    # A chat request is one message of at most 2,000 characters: even escaped as \uXXXX that is
    # 12 KB of JSON. 32 KB leaves room and stops a 100 MB body from growing the server.
    body_bytes: int = 32 * KIB
    # Paths with a larger allowance: (path prefix, bytes). The action server receives the whole
    # tracker of a conversation; Rasa's HTTP API (off by default, token only) uploads models.
    large_bodies: Tuple[Tuple[str, Optional[int]], ...] = ()
    # Headers and body together must arrive within this many seconds, however the bytes trickle
    # in: a phone on a slow network sends a chat message in well under a second.
    read_seconds: float = 10.0
    # Open connections in one server process; beyond it a new connection gets a 503 and is
    # closed, so sockets held open cannot exhaust the process (a browser uses at most six).
    connections: int = 256
    # Open connections from one client address: an office behind one address gets many, one
    # attacker cannot take them all.
    connections_per_client: int = 48
    # Requests per second from one client address, and the burst allowed above it (token
    # bucket). A person typing sends one message every few seconds and the widget loads with
    # three requests; 0 switches the limit off (loopback benchmarks, the evaluation).
    requests_per_second: float = 3.0
    burst: int = 40
    # JSON nested deeper than this is refused: a chat message is two levels deep.
    json_depth: int = 16

    def body_limit(self, path: str) -> Optional[int]:
        """Bytes allowed for a body on `path` (None: Sanic's own limit)."""
        for prefix, limit in self.large_bodies:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.body_bytes


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def chat_server_limits() -> HttpLimits:
    """The Rasa server's limits; the rate can be changed with CHAT_RATE_PER_SECOND/CHAT_BURST."""
    base = HttpLimits(
        # Rasa's HTTP API: model upload and training take large bodies (off by default).
        large_bodies=(("/model", None),),
    )
    return replace(
        base,
        requests_per_second=_float("CHAT_RATE_PER_SECOND", base.requests_per_second),
        burst=int(_float("CHAT_BURST", base.burst)),
    )


# The action server listens on loopback and hears only the Rasa server: one client that sends
# every action call, so no rate limit; its /webhook body is a whole tracker.
ACTION_SERVER_LIMITS = HttpLimits(
    large_bodies=(("/webhook", 4 * KIB * KIB),),
    requests_per_second=0,
    connections_per_client=256,
)
