"""Check and clean one incoming REST request: what is accepted, and the 4xx for what is not."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Optional

# Control characters other than tab and newline: never meaningful in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MAX_SENDER_CHARS = 128


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    too_long: bool
    metadata: Dict[str, Any]


class BadRequest(ValueError):
    """The request cannot be a chat message: answered with a 4xx and a plain reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def clean_text(text: str) -> str:
    """NFC, no control or direction-override characters, trimmed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


def parse_incoming(content_type: Optional[str], body: bytes, max_chars: int) -> Incoming:
    """Validate the body of POST /webhooks/rest/webhook; raise BadRequest for anything else."""
    import json

    if not (content_type or "").lower().startswith("application/json"):
        raise BadRequest(415, "Send JSON with Content-Type: application/json.")
    try:
        payload = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(400, "The body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "The body must be a JSON object with 'sender' and 'message'.")
    sender, message = payload.get("sender"), payload.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(
            400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters."
        )
    if not isinstance(message, str):
        raise BadRequest(400, "'message' must be a string.")
    metadata = payload.get("metadata") if isinstance(payload.get("metadata"), dict) else {}
    text = clean_text(message)
    return Incoming(
        sender=sender.strip(),
        text=text[:max_chars],
        too_long=len(text) > max_chars,
        metadata=metadata,
    )
