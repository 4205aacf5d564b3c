"""What goes on one sheet, in one language: texts, and services from the loaded directory."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Dict, List, Tuple

from ..catalog import ELSEWHERE, Catalog, CatalogEntry
from ..i18n import review_note, words
from ..queries import resolve_ids
from ..views import build_view
from ..wording import who_for_person
from . import PrintError
from .plan import SectionPlan, load_plan
from .texts import sheet_texts


@dataclass(frozen=True)
class PrintedService:
    """One service as printed: nothing here is written by hand, all of it is the directory's."""

    name: str
    who: str | None  # "For women." when it does not take everyone
    numbers: Tuple[Tuple[str, str | None], ...]  # (number, its instruction: "after hours: ...")
    hours: str | None
    writes: str | None  # "You can also write: chat, SMS."
    web: str | None  # the address without https://
    route: str | None  # "via ..." for a service with no contact of its own
    description: str | None
    anonymous: bool
    free: bool
    brief: bool  # shown in full earlier on the sheet: here its name and first number only


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str | None
    services: Tuple[PrintedService, ...]


@dataclass
class Sheet:
    kind: str
    audience: str
    language: str
    direction: str  # ltr or rtl
    text: Dict[str, str]
    danger_number: str
    municipality: str
    sections: List[Section]
    anonymous_names: List[str]
    chat_url: str
    printed_on: date
    verified_on: str
    unreviewed: List[str] = field(default_factory=list)  # what a reviewer must still check


def text_direction(text: str) -> str:
    """rtl when the text's first strong letter is Arabic or Hebrew script, as HTML's dir=auto
    decides: the direction follows the translation, with no list of languages to keep in step."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _web(url: str | None) -> str | None:
    return url.split("://", 1)[-1].rstrip("/") if url else None


class _Builder:
    """Collects the services of one sheet and what of it is still unreviewed."""

    def __init__(
        self, catalog: Catalog, language: str, municipality: str, now: datetime, danger: str
    ):
        self.catalog, self.language, self.town, self.now = catalog, language, municipality, now
        self.danger = danger  # the emergency number, for texts that name it
        self.words = words(language)
        self.text = sheet_texts(language).text
        self.unreviewed: List[str] = []
        self.entries: Dict[str, CatalogEntry] = {}  # every entry printed, for dates and marks

    def entry(self, entry_id: str) -> CatalogEntry | None:
        entry = self.catalog.by_id.get(entry_id)
        if entry is None or entry.status != "active":
            return None  # an inactive or removed service is left out
        if self.catalog.locality(entry, self.town) == ELSEWHERE:
            return None  # a service of another region or municipality
        return entry

    def note(self, entry: CatalogEntry) -> None:
        if entry.id not in self.entries and entry.record.get("review_needed"):
            self.unreviewed.append(f"{entry.id}: the entry is under review")
        self.entries[entry.id] = entry

    def service(self, entry: CatalogEntry, section: SectionPlan) -> PrintedService:
        brief = entry.id in self.entries
        self.note(entry)
        view = build_view(entry, self.language, self.now)
        numbers = []
        for phone, raw in zip(view.phones, entry.record["phones"], strict=True):
            numbers.append((phone["number"], phone.get("label")))
            if view.language in ((raw.get("label") or {}).get("review") or {}) and not brief:
                self.unreviewed.append(f"{entry.id}: a phone instruction in {view.language}")
        if view.language != self.language and not brief:
            # the whole card falls back as one (directory/views.card_language)
            self.unreviewed.append(f"{entry.id}: the service's texts only in {view.language}")
        note = (entry.record.get("schedule") or {}).get("note") or {}
        if view.language in (note.get("review") or {}) and not brief:
            self.unreviewed.append(f"{entry.id}: the opening-hours note in {view.language}")
        description = None
        if section.describe and not brief:
            description = view.description or None
            if view.language in (entry.record["description"].get("review") or {}):
                self.unreviewed.append(f"{entry.id}: the description in {view.language}")
        groups = entry.eligibility
        if section.audience and any(section.audience in g.get("audiences", ()) for g in groups):
            who = None  # it takes this audience (relatives, professionals) whoever they are
        else:
            who = who_for_person(groups, self.language)
        ways = [self.words["channels"][way] for way in view.text_ways]
        route = None
        if not entry.reachable:
            through = resolve_ids(
                self.catalog, entry.record.get("reached_through") or [], self.town
            )
            names = [found.name for i in through if (found := self.entry(i)) is not None]
            route = self.words["reached_through"].format(routes=self.words["or"].join(names))
        return PrintedService(
            name=entry.name,
            who=self.text["for_whom"].format(who=who) if who else None,
            numbers=tuple(numbers),
            hours=view.hours,
            writes=self.text["write_to"].format(ways=", ".join(ways)) if ways else None,
            web=_web(view.url),
            route=route,
            description=description,
            anonymous=view.anonymous is True,
            free=view.free is True,
            brief=brief,
        )

    def section(self, plan: SectionPlan) -> Section | None:
        ids = resolve_ids(self.catalog, plan.services, self.town)
        found = [self.entry(entry_id) for entry_id in dict.fromkeys(ids)]
        services = tuple(self.service(e, plan) for e in found if e is not None)
        if not services and not plan.intro:
            return None  # nothing of it is in this directory
        intro = self.text[plan.intro].format(number=self.danger) if plan.intro else None
        return Section(self.text[plan.heading], intro, services)


def build_sheet(
    catalog: Catalog,
    *,
    kind: str,
    audience: str,
    language: str,
    municipality: str,
    chat_url: str,
    now: datetime,
) -> Sheet:
    """The sheet's content; raises PrintError when the directory lacks what a sheet needs."""
    plan = load_plan()
    danger = catalog.by_id.get(plan.danger)
    if danger is None or danger.status != "active" or not danger.record["phones"]:
        raise PrintError(
            f"The emergency entry {plan.danger} is missing, inactive or has no number."
        )
    number = danger.record["phones"][0]["number"]
    builder = _Builder(catalog, language, municipality, now, number)
    builder.note(danger)
    sections = [s for s in (builder.section(p) for p in plan.sections(kind, audience)) if s]
    texts = sheet_texts(language)
    builder.unreviewed += [f"text {key} ({language}): {note}" for key, note in texts.review.items()]
    block_review = review_note(language)
    if block_review:
        builder.unreviewed.append(f"directory words ({language}): {block_review}")
    local = catalog.local_role("social_services", municipality)
    printed = [s for section in sections for s in section.services]
    return Sheet(
        kind=kind,
        audience=audience,
        language=language,
        direction=text_direction(texts.text["brochure_title"]),
        text=texts.text,
        danger_number=number,
        municipality=(local.record.get("organization") if local else None) or municipality,
        sections=sections,
        anonymous_names=list(dict.fromkeys(s.name for s in printed if s.anonymous)),
        chat_url=chat_url,
        printed_on=now.date(),
        verified_on=min(str(e.record["verified_on"]) for e in builder.entries.values()),
        unreviewed=builder.unreviewed,
    )


def municipality_site(catalog: Catalog, municipality: str) -> str | None:
    """The municipality's own website (its switchboard entry), the default chat page."""
    entry = catalog.local_role("switchboard", municipality)
    url: Any = entry.record.get("url") if entry else None
    return str(url) if url else None
