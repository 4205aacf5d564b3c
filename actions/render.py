"""Render directory service views as plain text (any channel) and as the widget's payload."""

from functools import lru_cache
from typing import Any, Dict, FrozenSet, Optional, Sequence

from bot.language.detect import load_config

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


@lru_cache(maxsize=1)
def _right_to_left() -> FrozenSet[str]:
    return frozenset(load_config().rtl)


def direction(language: str) -> str:
    """ "rtl" for Arabic and Persian, so a website can lay the answer out right to left."""
    return "rtl" if language in _right_to_left() else "ltr"


def referral_payload(
    views: Sequence[Any], *, language: str, emergency: bool = False, need: Optional[str] = None
) -> Dict[str, Any]:
    """The reply contract of DESIGN.md: what the widget renders and the tests read."""
    payload: Dict[str, Any] = {
        "language": language,
        "direction": direction(language),
        "emergency": emergency,
        "services": [v.as_payload() for v in views],
    }
    if need:
        payload["need"] = need
    return payload
