"""What the assistant gets for one service: localised, with open-now worked out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List

from . import hours
from .catalog import CatalogEntry
from .i18n import fallback_chain, localise, words


@dataclass(frozen=True)
class ServiceView:
    """One service as shown to a user in one language at one moment."""

    id: str
    name: str
    organization: str | None
    kind: str
    status: str
    description: str
    description_language: str  # the language actually used, so a fallback is visible
    language: str  # the card's language: the requested one, or one fallback for all its texts
    phones: List[Dict[str, Any]]  # each {number, uri, type, label, after_hours}
    phone: str | None
    phone_uri: str | None
    url: str | None
    email: str | None
    address: str | None  # None when the address is confidential
    hours: str | None
    open_now: bool | None  # None: hours not known
    next_open: datetime | None
    next_open_text: str | None
    anonymous: bool | None
    free: bool | None
    shows_on_phone_bill: bool | None
    emergency: bool
    interpreter: bool
    languages: List[str]
    text_ways: List[str]  # ways to write instead of calling: sms, textphone, chat, email, web_form
    area_type: str
    area_name: str
    review_needed: str | None

    def phone_now(self) -> Dict[str, Any] | None:
        """The number to call now: the after-hours one (e.g. 112 for socialjouren) when closed."""
        after_hours = next((p for p in self.phones if p.get("after_hours")), None)
        if self.open_now is False and after_hours is not None:
            return after_hours
        return self.phones[0] if self.phones else None

    def as_payload(self) -> Dict[str, Any]:
        """The service part of the reply contract (DESIGN.md), ready for JSON."""
        phone = self.phone_now() or {}
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "phone": phone.get("number"),
            "phone_uri": phone.get("uri"),
            "phone_label": phone.get("label"),
            "url": self.url,
            "hours": self.hours,
            "open_now": self.open_now,
            "anonymous": self.anonymous,
            "free": self.free,
            "languages": list(self.languages) + (["interpreter"] if self.interpreter else []),
            "emergency": self.emergency,
            "kind": self.kind,
            "next_open_text": self.next_open_text,
            "text_ways": list(self.text_ways),
            "language": self.language,
        }


def _hours_text(entry: CatalogEntry, language: str) -> str | None:
    if language not in entry.hours_text:
        entry.hours_text[language] = hours.hours_text(entry.schedule, language)
    return entry.hours_text[language]


def card_language(record: Dict[str, Any], language: str) -> str:
    """The one language every text of the entry's card can be shown in: the requested one, else
    the first fallback that has them all, so a card never switches language mid-sentence."""
    phones = record.get("phones") or []
    texts = [record.get("description")] + [phone.get("label") for phone in phones]
    texts.append((record.get("schedule") or {}).get("note"))
    present = [text for text in texts if text]
    for code in fallback_chain(language):
        if all(text.get(code) for text in present):
            return code
    return language


def build_view(
    entry: CatalogEntry, language: str, now: datetime, is_open: bool | None = None
) -> ServiceView:
    """Localise one entry; `is_open` may be passed when the caller already worked it out."""
    record = entry.record
    language = card_language(record, language)
    description, used = localise(record["description"], language)
    phones = [
        {
            "number": phone["number"],
            "uri": phone["uri"],
            "type": phone["type"],
            "label": localise(phone.get("label"), language)[0],
            "after_hours": bool(phone.get("after_hours")),
        }
        for phone in record["phones"]
    ]
    area = record["area"]
    lang = words(language)
    if entry.status == "temporarily_closed":
        is_open, when, hours_text = False, None, lang["temporarily_closed"]
    else:
        if is_open is None:
            is_open = hours.open_now(entry.schedule, now)
        when = hours.next_open(entry.schedule, now) if is_open is False else None
        hours_text = _hours_text(entry, language)
    return ServiceView(
        id=entry.id,
        name=entry.name,
        organization=record.get("organization"),
        kind=record["kind"],
        status=entry.status,
        description=description or "",
        description_language=used or "",
        language=language,
        phones=phones,
        phone=phones[0]["number"] if phones else None,
        phone_uri=phones[0]["uri"] if phones else None,
        url=record.get("url"),
        email=record.get("email"),
        address=None if record["confidential_address"] else record.get("address"),
        hours=hours_text,
        open_now=is_open,
        next_open=when,
        next_open_text=hours.next_open_text(when, language, now),
        anonymous=record.get("anonymous"),
        free=record.get("free"),
        shows_on_phone_bill=record.get("shows_on_phone_bill"),
        emergency=entry.emergency,
        interpreter=entry.interpreter,
        languages=list(record["languages"]),
        text_ways=[
            way
            for way in ("sms", "textphone", "chat", "email", "web_form")
            if way in entry.text_ways
        ],
        area_type=area["type"],
        area_name=area.get("municipality") or area.get("region") or lang["all_of_sweden"],
        review_needed=record.get("review_needed"),
    )
