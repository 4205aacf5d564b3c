"""Render directory service views as plain text (any channel) and as the widget's payload."""

from typing import Any, Dict, Optional, Sequence

from bot.language.detect import text_direction
from directory.i18n import words

MAX_SERVICES = 4


def _ways(view: Any, language: str) -> str:
    """Ways to write to a service (chat, SMS, e-mail...), for people who cannot phone."""
    names = words(language)["channels"]
    return ", ".join(names[way] for way in view.text_ways)


def service_line(view: Any, language: str = "sv") -> str:
    """One line per service: name, how to reach it (the after-hours number and its instruction
    when closed), when it is open, and when it opens next."""
    phone = view.phone_now()
    if phone is not None:
        contact = phone["number"] + (f" – {phone['label']}" if phone.get("label") else "")
    else:
        contact = view.url or view.email or ""
    parts = [f"• {view.name}"]
    if contact:
        parts.append(f": {contact}")
    if view.text_ways:
        where = view.url if view.url and view.url != contact else ""
        parts.append(f"; {_ways(view, language)}" + (f": {where}" if where else ""))
    if view.hours:
        parts.append(f" ({view.hours})")
    if view.open_now is False and view.next_open_text:
        parts.append(f" – {view.next_open_text}")
    return "".join(parts)


def services_text(views: Sequence[Any], language: str = "sv") -> str:
    return "\n".join(service_line(v, language) for v in views)


def routes_text(routes: Sequence[Any], language: str = "sv") -> str:
    """Services that have no contact of their own, named with the way to them."""
    lang = words(language)
    return "\n".join(
        f"• {route.name}: " + lang["reached_through"].format(routes=lang["or"].join(route.through))
        for route in routes
    )


def referral_payload(
    views: Sequence[Any],
    *,
    language: str,
    emergency: bool = False,
    need: Optional[str] = None,
    role: Optional[str] = None,
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
    if role:
        payload["role"] = role
    return payload
