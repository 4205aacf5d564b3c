"""At least 2,000 malformed HTTP requests by attack class, each complete (nothing left to wait
for): a server must answer each with a 4xx or close the connection, never a 5xx or a hang."""

import random
from typing import Dict, Iterator, List, Tuple

SEED = 20261206
BODY = b'{"sender": "fuzz", "message": "hej"}'

BAD_LENGTHS = [
    b"-1",
    b"-0",
    b"+2",
    b"1.5",
    b"abc",
    b"",
    b" ",
    b"0x10",
    b"1e3",
    b"99999999999999999999",
    b"2, 2",
    b"\xff",
    b"-99999999",
    b"\t-1",
]
BAD_ENCODINGS = [
    b"chunked, identity",
    b"identity",
    b"gzip",
    b"gzip, chunked",
    b"chunked\x00",
    b"CHUNKED;x",
    b"",
    b"chunked chunked",
    b"\xffchunked",
]
BAD_CHUNKS = [
    b"zz\r\nab\r\n0\r\n\r\n",
    b"-5\r\nabcde\r\n0\r\n\r\n",
    b"3\r\nabcdef\r\n0\r\n\r\n",
    b"ffffffffffffffffff\r\nab\r\n",
    b"5;" + b"x" * 100 + b"\r\nabcde\r\n0\r\n\r\n",
]
BAD_METHODS = [b"G ET", b"GET\x00", b"\x16\x03\x01", b"", b"P\xffST", b"GET(", b"@@"]
BAD_LINES = [
    b"GET /\r\n\r\n",  # HTTP/0.9
    b"GET / HTTP/2.0\r\n\r\n",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    b"GET / HTTP/1.1 extra\r\n\r\n",
    b"GET  / HTTP/1.1\r\n\r\n",
    b"GET / FTP/1.1\r\n\r\n",
    b"\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
    b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n",
    b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
]


def _post(path: bytes, headers: List[bytes], body: bytes = BODY, version: bytes = b"1.1") -> bytes:
    lines = [b"POST " + path + b" HTTP/" + version, b"Host: 127.0.0.1"]
    lines += [b"Content-Type: application/json", *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _classes(path: bytes) -> Dict[str, List[bytes]]:
    n = str(len(BODY)).encode()
    return {
        "bad Content-Length": [_post(path, [b"Content-Length: " + v]) for v in BAD_LENGTHS],
        "conflicting lengths": [
            _post(path, [b"Content-Length: " + n, b"Content-Length: " + str(k).encode()])
            for k in (0, 1, len(BODY) + 5, len(BODY))
        ]
        + [_post(path, [b"Content-Length: " + n, b"Transfer-Encoding: chunked"])],
        "bad transfer encoding": [
            _post(path, [b"Transfer-Encoding: " + v], b"0\r\n\r\n") for v in BAD_ENCODINGS
        ]
        + [
            _post(
                path, [b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"], b"0\r\n\r\n"
            )
        ],
        "bad chunking": [_post(b"/model", [b"Transfer-Encoding: chunked"], c) for c in BAD_CHUNKS]
        + [_post(path, [b"Transfer-Encoding: chunked"], c) for c in BAD_CHUNKS],
        "huge headers": [
            _post(path, [b"Content-Length: " + n, b"X-Big: " + b"a" * 20_000]),
            _post(path, [b"Content-Length: " + n] + [b"X-%d: y" % i for i in range(2_000)]),
            b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        ],
        "body over the limit": [
            _post(path, [b"Content-Length: " + str(67 * 1024 * 1024).encode()], BODY),
            _post(path, [b"Content-Length: 40000"], b"x" * 40000),
        ],
        "pipelined with a bad one": [
            _post(path, [b"Content-Length: " + n]) + _post(path, [b"Content-Length: -1"]),
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 3 + b"GET / HTTP/9.9\r\n\r\n",
        ],
        "bare LF": [
            b"GET / HTTP/1.1\nHost: x\n\n",
            b"POST " + path + b" HTTP/1.1\nContent-Length: " + n + b"\n\n" + BODY,
            b"GET / HTTP/1.1\r\nHost: x\n\r\n",
        ],
        "HTTP/1.0": [
            _post(path, [b"Content-Length: -1"], version=b"1.0"),
            _post(path, [b"Transfer-Encoding: chunked"], b"0\r\n\r\n", version=b"1.0"),
        ],
        "invalid methods": [m + b" / HTTP/1.1\r\nHost: x\r\n\r\n" for m in BAD_METHODS],
        "broken request lines": BAD_LINES,
    }


def _mutate(rng: random.Random, request: bytes) -> bytes:
    """A seeded variation that keeps the request malformed: the header block is changed, a
    malformed part stays."""
    head, sep, body = request.partition(b"\r\n\r\n")
    choice = rng.random()
    if choice < 0.3:
        head = head.replace(b"Host: 127.0.0.1", b"Host: h%d" % rng.randint(0, 999))
    elif choice < 0.6:
        head += b"\r\nX-Pad-%d: %s" % (rng.randint(0, 999), b"p" * rng.randint(0, 200))
    elif choice < 0.8:
        head = head.replace(b"Content-Type: application/json", b"Content-Type: text/plain")
    return head + sep + body


def malformed_requests(path: bytes, count: int = 2_000) -> Iterator[Tuple[str, bytes]]:
    """(attack class, raw request): every class in full, then seeded variations up to `count`."""
    classes = _classes(path)
    base = [(name, request) for name, requests in classes.items() for request in requests]
    yield from base
    rng = random.Random(SEED)
    for _ in range(count - len(base)):
        name, request = rng.choice(base)
        yield name, _mutate(rng, request)
