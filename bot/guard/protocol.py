"""Sanic's HTTP/1.1 server with the checks Sanic 21.12 lacks, before its request reader runs.

Sanic 21.12 believes any Content-Length (a negative one sends its body reader into an endless
loop that never yields), restarts its request timeout on every byte, accepts any number of
connections and requests from one client, and reads bodies up to 100 MB. Here every request's
head is checked as soon as it is parsed, and the connection is watched as a whole.
"""

import re
from collections import Counter
from time import monotonic
from typing import Any, Optional

from sanic.exceptions import InvalidUsage, PayloadTooLarge, RequestTimeout, SanicException
from sanic.http import Stage
from sanic.request import Request
from sanic.server.protocols.http_protocol import HttpProtocol

from bot.guard.limits import HttpLimits, chat_server_limits
from bot.guard.rate import RateLimiter

_DIGITS = re.compile(r"[0-9]{1,12}")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_HEADER_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# The head of a request whose lines end in a bare LF: it would never be complete for Sanic.
_BARE_LF_HEAD = re.compile(rb"(?<!\r)\n\r?\n|\r\n(?<!\r)\n")
_REFUSED = (
    b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 21\r\n\r\nToo many connections."
)
_BARE_LF_REFUSED = (
    b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 33\r\n\r\nHeader lines must end with CRLF."
)


class LengthRequired(SanicException):
    status_code = 411
    quiet = True


class TooManyRequests(SanicException):
    status_code = 429
    quiet = True

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many requests from this address: wait and try again.")
        self.headers = {"Retry-After": str(retry_after)}  # Sanic's error page sends these


def limits_of(app: Any) -> HttpLimits:
    """The app's limits (the action server sets its own); the chat server's by default."""
    limits = getattr(app.ctx, "http_limits", None)
    if limits is None:
        limits = app.ctx.http_limits = chat_server_limits()
    return limits


def rate_limiter_of(app: Any) -> RateLimiter:
    limiter = getattr(app.ctx, "rate_limiter", None)
    if limiter is None:
        limits = limits_of(app)
        limiter = app.ctx.rate_limiter = RateLimiter(limits.requests_per_second, limits.burst)
    return limiter


def client_of(transport: Any) -> str:
    peer = transport.get_extra_info("peername") if transport is not None else None
    return str(peer[0]) if isinstance(peer, (tuple, list)) and peer else "local"


def check_head(method: str, path: str, headers: Any, limits: HttpLimits) -> None:
    """Refuse a request head that Sanic would misread; raise the 4xx to answer with."""
    if not _TOKEN.fullmatch(method):
        raise InvalidUsage("Bad Request: invalid method.")
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name) or _BAD_HEADER_VALUE.search(value):
            raise InvalidUsage("Bad Request: invalid header.")
    lengths = headers.getall("content-length", [])
    encodings = headers.getall("transfer-encoding", [])
    if len(lengths) > 1 or (lengths and not _DIGITS.fullmatch(lengths[0].strip())):
        raise InvalidUsage("Bad Request: Content-Length must be one whole number.")
    if encodings and lengths:
        raise InvalidUsage("Bad Request: Content-Length and Transfer-Encoding together.")
    if len(encodings) > 1 or (encodings and encodings[0].strip().lower() != "chunked"):
        raise InvalidUsage("Bad Request: the only transfer encoding accepted is chunked.")
    limit = limits.body_limit(path)
    if limit is None:
        return
    if encodings:
        raise LengthRequired("Send the body with a Content-Length.")
    if lengths and int(lengths[0]) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes.")


class GuardedRequest(Request):
    """Checked when Sanic builds it: after the head is parsed, before any body is read."""

    def __init__(self, url_bytes: bytes, headers: Any, version: str, method: str, *args, **kw):
        super().__init__(url_bytes, headers, version, method, *args, **kw)
        if method == "NONE":  # Sanic's stand-in request for answering an error
            return
        limits = limits_of(self.app)
        check_head(method, self.path, headers, limits)
        wait = rate_limiter_of(self.app).retry_after(client_of(self.transport))
        if wait:
            raise TooManyRequests(wait)


class GuardedHttpProtocol(HttpProtocol):
    """Caps connections, bounds the whole time a request may take to arrive, builds
    GuardedRequests. Each server process has one app, so the counts are per process."""

    __slots__ = ("_guard_client", "_guard_reading_since", "_guard_refused")
    _clients: Counter = Counter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_class = GuardedRequest
        self.request_timeout = int(limits_of(self.app).read_seconds)
        self._guard_client: Optional[str] = None
        self._guard_reading_since: Optional[float] = None
        self._guard_refused = False

    def connection_made(self, transport: Any) -> None:
        limits = limits_of(self.app)
        client = client_of(transport)
        if (
            len(self.connections) >= limits.connections
            or self._clients[client] >= limits.connections_per_client
        ):
            self._guard_refused = True
            self.recv_buffer = bytearray()
            transport.write(_REFUSED)
            transport.close()
            return
        self._guard_client = client
        self._clients[client] += 1
        super().connection_made(transport)

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        if self._guard_client is not None:
            self._clients[self._guard_client] -= 1
            if self._clients[self._guard_client] <= 0:
                del self._clients[self._guard_client]
            self._guard_client = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._guard_refused:
            return
        http = getattr(self, "_http", None)  # None until the connection's task starts
        if http is None or http.stage is Stage.IDLE:
            # these bytes begin a request: all of it must arrive within read_seconds
            started = self._guard_reading_since = monotonic()
            self.loop.call_later(self.request_timeout, self._read_deadline, started)
        super().data_received(data)
        if http is None or http.stage in (Stage.IDLE, Stage.REQUEST):
            head_end = self.recv_buffer.find(b"\r\n\r\n")
            head = self.recv_buffer if head_end < 0 else self.recv_buffer[: head_end + 4]
            if _BARE_LF_HEAD.search(head) and self.transport is not None:
                self._guard_refused = True
                self.transport.write(_BARE_LF_REFUSED)
                self.close()

    def _read_deadline(self, started: float) -> None:
        """Sanic restarts its own timeout on every byte; this one counts from the first."""
        http = getattr(self, "_http", None)
        if self._guard_reading_since != started or http is None or not self._task:
            return  # another request began since, or the connection is gone
        if http.stage is Stage.REQUEST or getattr(http, "request_body", None):
            http.exception = RequestTimeout("The request took too long to arrive.")
            # answer, then close: never wait for the rest of a body that trickles in
            http.keep_alive = False
            http.request_body = None
            self._task.cancel()
