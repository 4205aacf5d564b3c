"""Render directory service views as plain text (any channel) and as the widget's payload."""

from typing import Any, Dict, Optional, Sequence

from bot.language.detect import text_direction

MAX_SERVICES = 4


def service_line(view: Any) -> str:
    """One line per service: name, how to reach it, and when."""
    contact = view.phone or view.url or view.email or ""
    parts = [f"• {view.name}"]
    if contact:
        parts.append(f": {contact}")
    if view.hours:
        parts.append(f" ({view.hours})")
    return "".join(parts)


def services_text(views: Sequence[Any]) -> str:
    return "\n".join(service_line(v) for v in views)


def referral_payload(
    views: Sequence[Any], *, language: str, emergency: bool = False, need: Optional[str] = None
) -> Dict[str, Any]:
    """The reply contract of DESIGN.md: what the widget renders and the tests read."""
    payload: Dict[str, Any] = {
        "language": language,
        "direction": text_direction(language),
        "emergency": emergency,
        "services": [v.as_payload() for v in views],
    }
    if need:
        payload["need"] = need
    return payload
