"""Raw HTTP/1.1 over a socket, for requests no HTTP client library would send."""

import json
import re
import socket
import time
from dataclasses import dataclass
from typing import List, Optional, Tuple

_STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")


@dataclass
class Exchange:
    statuses: List[int]
    closed: bool  # the server closed the connection
    seconds: float
    raw: bytes


def exchange(
    port: int,
    data: bytes,
    wait: float = 2.0,
    source: Optional[str] = None,
    host: str = "127.0.0.1",
) -> Exchange:
    """Send `data`, read until the server closes or `wait` seconds pass."""
    start = time.monotonic()
    with socket.create_connection(
        (host, port), timeout=wait, source_address=(source, 0) if source else None
    ) as sock:
        try:
            sock.sendall(data)
        except OSError:
            return Exchange([], True, time.monotonic() - start, b"")
        received, closed = b"", False
        deadline = start + wait
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except OSError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
            if any(int(m.group(1)) >= 400 for m in _STATUS.finditer(received)):
                break  # refused: what the server does with the connection next is its own
        statuses = [int(m.group(1)) for m in _STATUS.finditer(received)]
        return Exchange(statuses, closed, time.monotonic() - start, received)


def json_post(path: str, payload: object, extra: str = "") -> bytes:
    body = json.dumps(payload).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def get(path: str, version: str = "1.1") -> bytes:
    return f"GET {path} HTTP/{version}\r\nHost: 127.0.0.1\r\n\r\n".encode()


def timed_chat(port: int, sender: str, message: str, source: str) -> Tuple[int, float]:
    """One chat message over a fresh connection from `source`: (status, seconds)."""
    import http.client

    start = time.monotonic()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(
            "POST",
            "/webhooks/rest/webhook",
            body=json.dumps({"sender": sender, "message": message}),
            headers={"Content-Type": "application/json"},
        )
        status = connection.getresponse().status
    finally:
        connection.close()
    return status, time.monotonic() - start


def p95(values: List[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]
