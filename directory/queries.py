"""The read API the assistant calls: find services for a person, or fetch them by id."""

from __future__ import annotations

from datetime import datetime
from typing import Dict, List, Sequence, Tuple

from .catalog import Catalog, CatalogEntry
from .hours import local_time, open_now
from .settings import get_settings
from .store import DirectoryUnavailable, current_catalog
from .taxonomy import load_taxonomy
from .views import ServiceView, build_view

__all__ = [
    "DirectoryUnavailable",
    "ServiceView",
    "find_services",
    "get_service",
    "get_services",
    "rank_key",
]

_OPEN_FIRST = {True: 0, None: 1, False: 2}  # open, unknown, closed


def rank_key(
    entry: CatalogEntry,
    *,
    curated: int,
    danger: bool,
    is_open: bool | None,
    locality: int,
    language: str,
) -> Tuple[object, ...]:
    """Sort order: curated (include_ids) first, then emergency lines when in danger, open now,
    local before regional before national, speaks the language, higher priority, name."""
    return (
        curated,
        0 if danger and entry.emergency else 1,
        _OPEN_FIRST[is_open],
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
) -> List[ServiceView]:
    """Active services for these audiences and topics in the user's area, best first.

    Areas: national always, the municipality's region, the municipality itself (default:
    DIRECTORY_MUNICIPALITY). With danger=True every emergency line in the area is added and
    ranked first. include_ids are always shown (if active), first, in the given order.
    Raises ValueError for an unknown audience or topic, DirectoryUnavailable if nothing is loaded.
    """
    for name, value in (("audiences", audiences), ("topics", topics), ("include_ids", include_ids)):
        if isinstance(value, str):
            raise TypeError(f"{name} must be a list of keys, not the string {value!r}")
    _check_vocabulary(audiences, topics)
    catalog = current_catalog()
    town = municipality or get_settings().municipality
    moment = local_time(now)
    wanted_audiences, wanted_topics = frozenset(audiences), frozenset(topics)
    curated = {entry_id: index for index, entry_id in enumerate(dict.fromkeys(include_ids))}
    chosen: Dict[str, Tuple[CatalogEntry, int]] = {}
    for entry, locality in catalog.candidates(town):
        if entry.status != "active":
            continue
        if (danger and entry.emergency) or _matches(entry, wanted_audiences, wanted_topics):
            chosen[entry.id] = (entry, locality)
    for entry_id in curated:
        curated_entry = catalog.by_id.get(entry_id)
        if curated_entry and curated_entry.status == "active" and entry_id not in chosen:
            chosen[entry_id] = (curated_entry, catalog.locality(curated_entry, town))
    ranked = []
    for entry, locality in chosen.values():
        is_open = open_now(entry.schedule, moment)
        key = rank_key(
            entry,
            curated=curated.get(entry.id, len(curated)),
            danger=danger,
            is_open=is_open,
            locality=locality,
            language=language,
        )
        ranked.append((key, entry, is_open))
    ranked.sort(key=lambda item: item[0])
    if limit is not None:
        ranked = ranked[:limit]
    return [build_view(entry, language, moment, is_open) for _, entry, is_open in ranked]


def _viewable(catalog: Catalog, ids: Sequence[str]) -> List[CatalogEntry]:
    entries = (catalog.by_id.get(entry_id) for entry_id in dict.fromkeys(ids))
    return [entry for entry in entries if entry is not None and entry.status != "inactive"]


def get_services(
    ids: Sequence[str], *, language: str = "sv", now: datetime | None = None
) -> List[ServiceView]:
    """Services by id in the given order, skipping unknown and inactive ones."""
    moment = local_time(now)
    return [build_view(entry, language, moment) for entry in _viewable(current_catalog(), ids)]


def get_service(
    id: str,
    *,
    language: str = "sv",
    now: datetime | None = None,
) -> ServiceView | None:
    """One service by id (temporarily closed ones too), or None if unknown or inactive."""
    found = get_services([id], language=language, now=now)
    return found[0] if found else None
