"""The read API the assistant calls: find services for a person, or fetch them by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Sequence, Tuple

from .catalog import Catalog, CatalogEntry, fits
from .hours import local_time, open_now
from .settings import get_settings
from .store import DirectoryUnavailable, current_catalog
from .taxonomy import load_taxonomy
from .views import ServiceView, build_view

__all__ = [
    "DirectoryUnavailable",
    "Person",
    "Route",
    "ServiceView",
    "find_routes",
    "find_services",
    "get_service",
    "get_services",
    "rank_key",
]

# open; closed but with an after-hours number; hours unknown; closed
_OPEN_FIRST = {True: 0, "night_route": 1, None: 2, False: 3}
# The years of each age group (bot/person/facts.py names the same groups).
AGE_YEARS = {"child": (0, 17), "young_adult": (18, 25), "adult": (26, 64), "older": (65, 120)}
LOCAL = "local:"


@dataclass(frozen=True)
class Person:
    """What is known of the person asking; None: not known, so it excludes nothing."""

    gender: str | None = None
    age_group: str | None = None
    cannot_phone: bool = False
    # asking for someone else, as a relative or a professional: some lines take them whoever
    # they are (eligibility groups with audiences)
    asking_as: str | None = None
    # the person asked to stay anonymous: only services where they can
    anonymous_only: bool = False

    @property
    def roles(self) -> frozenset:
        return frozenset({self.asking_as}) if self.asking_as else frozenset()

    @property
    def ages(self) -> Tuple[int, int] | None:
        return AGE_YEARS.get(self.age_group or "")


@dataclass(frozen=True)
class Route:
    """A service with no way to reach it of its own, and the services that lead to it."""

    name: str
    through: Tuple[str, ...]  # names, in the order the entry gives them


def rank_key(
    entry: CatalogEntry,
    *,
    curated: int,
    danger: bool,
    is_open: bool | None,
    locality: int,
    language: str,
    writes_first: bool = False,
) -> Tuple[object, ...]:
    """Sort order: for a person who cannot phone, services they can write to; then curated
    (include_ids), emergency lines when in danger, open now (or reachable after hours), local
    before regional before national, speaks the language, higher priority, name."""
    opening = "night_route" if is_open is False and entry.night_route else is_open
    return (
        0 if not writes_first or entry.text_ways else 1,
        curated,
        0 if danger and entry.emergency else 1,
        _OPEN_FIRST[opening],
        locality,
        0 if entry.serves(language) else 1,
        -entry.priority,
        entry.name_key,
    )


def _check_vocabulary(audiences: Sequence[str], topics: Sequence[str]) -> None:
    """A misspelt key would silently match nothing; say so loudly instead."""
    taxonomy = load_taxonomy()
    unknown = sorted(set(audiences) - taxonomy.audience_keys) + sorted(
        set(topics) - taxonomy.topic_keys
    )
    if unknown:
        raise ValueError(f"unknown audience or topic: {', '.join(unknown)}")


def _matches(entry: CatalogEntry, audiences: frozenset, topics: frozenset) -> bool:
    """Audiences intersect (an entry for `everyone` fits anyone), and topics too if given."""
    if not (entry.audiences & audiences or "everyone" in entry.audiences):
        return False
    return not topics or bool(entry.topics & topics)


def find_services(
    *,
    audiences: Sequence[str],
    topics: Sequence[str] = (),
    language: str = "sv",
    municipality: str | None = None,
    now: datetime | None = None,
    danger: bool = False,
    limit: int | None = None,
    include_ids: Sequence[str] = (),
    person: Person | None = None,
    anonymous_only: bool = False,
    open_only: bool = False,
) -> List[ServiceView]:
    """Active services for these audiences and topics in the user's area, best first.

    Areas: national always, the municipality's region, the municipality itself (default:
    DIRECTORY_MUNICIPALITY). With danger=True every emergency line in the area is added and
    ranked first. include_ids are shown first (if active), in the given order; "local:<role>"
    names the municipality's entry with that role. Never shown: a service that does not take
    this person (eligibility), or that has no way to reach it of its own (see find_routes);
    with anonymous_only, one where people cannot stay anonymous; with open_only, one not open now.
    Raises ValueError for an unknown audience or topic, DirectoryUnavailable if nothing is loaded.
    """
    for name, value in (("audiences", audiences), ("topics", topics), ("include_ids", include_ids)):
        if isinstance(value, str):
            raise TypeError(f"{name} must be a list of keys, not the string {value!r}")
    _check_vocabulary(audiences, topics)
    catalog = current_catalog()
    town = municipality or get_settings().municipality
    moment = local_time(now)
    person = person or Person()
    ages = person.ages
    wanted_audiences, wanted_topics = frozenset(audiences), frozenset(topics)
    resolved = resolve_ids(catalog, include_ids, town)
    curated = {entry_id: index for index, entry_id in enumerate(dict.fromkeys(resolved))}

    def shown(entry: CatalogEntry, strict: bool = False) -> bool:
        return (
            entry.status == "active"
            and entry.reachable
            and fits(entry, person.gender, ages, person.roles, strict=strict)
            and (entry.anonymous or not anonymous_only)
        )

    chosen: Dict[str, Tuple[CatalogEntry, int]] = {}
    for entry, locality in catalog.candidates(town):
        # beyond the curated lead, a service for some genders or ages only when the person's fit
        if not shown(entry, strict=True):
            continue
        if (danger and entry.emergency) or _matches(entry, wanted_audiences, wanted_topics):
            chosen[entry.id] = (entry, locality)
    for entry_id in curated:
        curated_entry = catalog.by_id.get(entry_id)
        if curated_entry and shown(curated_entry) and entry_id not in chosen:
            chosen[entry_id] = (curated_entry, catalog.locality(curated_entry, town))
    ranked = []
    for entry, locality in chosen.values():
        is_open = open_now(entry.schedule, moment)
        if open_only and not is_open:
            continue
        key = rank_key(
            entry,
            curated=curated.get(entry.id, len(curated)),
            danger=danger,
            is_open=is_open,
            locality=locality,
            language=language,
            writes_first=person.cannot_phone,
        )
        ranked.append((key, entry, is_open))
    ranked.sort(key=lambda item: item[0])
    if limit is not None:
        ranked = ranked[:limit]
    return [build_view(entry, language, moment, is_open) for _, entry, is_open in ranked]


def resolve_ids(catalog: Catalog, ids: Sequence[str], municipality: str) -> List[str]:
    """Entry ids, with "local:<role>" replaced by the municipality's entry (dropped if none)."""
    resolved = []
    for item in ids:
        if item.startswith(LOCAL):
            entry = catalog.local_role(item[len(LOCAL) :], municipality)
            if entry is not None:
                resolved.append(entry.id)
        else:
            resolved.append(item)
    return resolved


def find_routes(
    ids: Sequence[str],
    *,
    person: Person | None = None,
    municipality: str | None = None,
) -> List[Route]:
    """Of these entries, the active ones with no way to reach them of their own that take this
    person, each with the names of the services that lead to it (those that exist)."""
    catalog = current_catalog()
    town = municipality or get_settings().municipality
    person = person or Person()
    routes = []
    for entry_id in resolve_ids(catalog, ids, town):
        entry = catalog.by_id.get(entry_id)
        if entry is None or entry.reachable or entry.status != "active":
            continue
        if not fits(entry, person.gender, person.ages, person.roles):
            continue
        leads_to = resolve_ids(catalog, entry.record.get("reached_through") or [], town)
        through = [catalog.by_id.get(i) for i in leads_to]
        names = tuple(e.name for e in through if e is not None and e.status == "active")
        if names:
            routes.append(Route(name=entry.name, through=names))
    return routes


def _viewable(catalog: Catalog, ids: Sequence[str]) -> List[CatalogEntry]:
    entries = (catalog.by_id.get(entry_id) for entry_id in dict.fromkeys(ids))
    return [entry for entry in entries if entry is not None and entry.status != "inactive"]


def get_services(
    ids: Sequence[str], *, language: str = "sv", now: datetime | None = None
) -> List[ServiceView]:
    """Services by id ("local:<role>" too), in the given order, without unknown or inactive ones."""
    moment = local_time(now)
    catalog = current_catalog()
    resolved = resolve_ids(catalog, ids, get_settings().municipality)
    return [build_view(entry, language, moment) for entry in _viewable(catalog, resolved)]


def get_service(
    id: str,
    *,
    language: str = "sv",
    now: datetime | None = None,
) -> ServiceView | None:
    """One service by id (temporarily closed ones too), or None if unknown or inactive."""
    found = get_services([id], language=language, now=now)
    return found[0] if found else None
