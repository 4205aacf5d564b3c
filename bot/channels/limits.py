"""Check and clean one incoming REST request: what is accepted, and the 4xx for what is not."""

import json
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Dict, Optional

from bot.text import normalise

MAX_SENDER_CHARS = 128
# A conversation id as clients make them (a UUID, hex, "me"): compared exactly as sent.
_SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}")
# A chat request is two levels deep; far deeper JSON is an attack on the parser.
MAX_JSON_DEPTH = 16
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET_STEP = {ord("{"): 1, ord("["): 1, ord("}"): -1, ord("]"): -1}


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    too_long: bool


class BadRequest(ValueError):
    """The request cannot be a chat message: answered with a 4xx and a plain reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def json_depth(body: bytes) -> int:
    """How deeply the JSON nests, counted without parsing it (strings skipped)."""
    brackets = [_BRACKET_STEP[b] for b in _JSON_STRING.sub(b'""', body) if b in _BRACKET_STEP]
    return max(accumulate(brackets), default=0)


def parse_json_object(content_type: Optional[str], body: bytes) -> Dict[str, Any]:
    """The body as a JSON object, or BadRequest (415 for another content type)."""
    if not (content_type or "").lower().startswith("application/json"):
        raise BadRequest(415, "Send JSON with Content-Type: application/json.")
    if json_depth(body or b"") > MAX_JSON_DEPTH:
        raise BadRequest(400, f"The JSON nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        payload = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(400, "The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "The body must be a JSON object with 'sender'.")
    return payload


def parse_sender(payload: Dict[str, Any]) -> str:
    sender = payload.get("sender")
    if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
        raise BadRequest(
            400,
            f"'sender' must be 1 to {MAX_SENDER_CHARS} letters, digits or . _ : @ - "
            "(a random id per conversation).",
        )
    return sender


def parse_incoming(content_type: Optional[str], body: bytes, max_chars: int) -> Incoming:
    """Validate the body of POST /webhooks/rest/webhook; raise BadRequest for anything else."""
    payload = parse_json_object(content_type, body)
    sender = parse_sender(payload)
    message = payload.get("message")
    if not isinstance(message, str):
        raise BadRequest(400, "'message' must be a string.")
    text = normalise(message)
    return Incoming(sender=sender, text=text[:max_chars], too_long=len(text) > max_chars)


def parse_forget(content_type: Optional[str], body: bytes) -> str:
    """The sender of POST /webhooks/rest/forget."""
    return parse_sender(parse_json_object(content_type, body))
