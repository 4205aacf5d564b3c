"""The loaded directory in memory, indexed by area, so a query touches only ~60 entries."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, Iterator, List, Mapping, Tuple

from .hours import Schedule

# How close an entry is to the user: lower ranks first.
LOCAL, REGIONAL, NATIONAL, ELSEWHERE = 0, 1, 2, 3


class CatalogEntry:
    """One record plus what matching and ranking read, computed once per load."""

    __slots__ = (
        "anonymous",
        "area_type",
        "audiences",
        "eligibility",
        "emergency",
        "hours_text",
        "id",
        "interpreter",
        "local_role",
        "municipality_key",
        "name",
        "name_key",
        "night_route",
        "priority",
        "reachable",
        "record",
        "region_key",
        "schedule",
        "speaks",
        "status",
        "text_ways",
        "topics",
    )

    def __init__(self, record: Dict[str, Any]):
        area = record["area"]
        self.record = record
        self.id: str = record["id"]
        self.name: str = record["name"]
        self.name_key = self.name.casefold()
        self.status: str = record["status"]
        self.audiences: FrozenSet[str] = frozenset(record["audiences"])
        self.topics: FrozenSet[str] = frozenset(record["topics"])
        self.area_type: str = area["type"]
        self.region_key: str | None = _key(area.get("region"))
        self.municipality_key: str | None = _key(area.get("municipality"))
        self.emergency: bool = record["emergency"]
        self.priority: int = record["priority"]
        self.speaks: FrozenSet[str] = frozenset(record["languages"])
        self.interpreter: bool = record["interpreter"]
        self.schedule: Schedule | None = Schedule.from_dict(record.get("schedule"))
        self.hours_text: Dict[str, str | None] = {}  # per language, filled on first use
        self.eligibility: Tuple[Dict[str, Any], ...] = tuple(record.get("eligibility") or ())
        self.local_role: str | None = record.get("local_role")
        self.anonymous: bool = record.get("anonymous") is True
        phones = record["phones"]
        self.reachable = bool(phones or record.get("url") or record.get("email"))
        ways = {phone["type"] for phone in phones} | set(record.get("channels") or ())
        ways |= {"email"} if record.get("email") else set()
        # ways for a person who cannot speak on the phone
        self.text_ways: FrozenSet[str] = frozenset(ways - {"voice"})
        # a number to use when it is closed (socialjouren through 112)
        self.night_route = any(phone.get("after_hours") for phone in phones)

    def serves(self, language: str) -> bool:
        """Staff speak the language (easy Swedish counts as Swedish), or an interpreter joins."""
        return self.interpreter or ("sv" if language == "lattlast" else language) in self.speaks


def fits(
    entry: CatalogEntry,
    gender: str | None,
    ages: Tuple[int, int] | None,
    audiences: FrozenSet[str] = frozenset(),
    *,
    strict: bool = False,
) -> bool:
    """The entry takes this person: some eligibility group fits what is known of them.
    An unknown fact excludes nothing (strict: it fits only groups without that limit); an age
    group fits when its years overlap the group's; a group for some audiences (relatives,
    professionals) fits only a person asking as one (strict: never, since a line for men that
    also advises relatives is not the line to suggest unasked to every relative)."""
    if not entry.eligibility:
        return True
    for group in entry.eligibility:
        if group.get("audiences") and (strict or not audiences & set(group["audiences"])):
            continue
        genders = group.get("genders")
        if genders and (gender not in genders if gender else strict):
            continue
        low, high = group.get("minimum_age"), group.get("maximum_age")
        if ages is not None:
            if (low is not None and ages[1] < low) or (high is not None and ages[0] > high):
                continue
        elif strict and (low is not None or high is not None):
            continue
        return True
    return False


def _key(name: str | None) -> str | None:
    return name.casefold().strip() if name else None


class Catalog:
    """All entries of one load, with indexes by id and area."""

    def __init__(
        self, records: List[Dict[str, Any]], regions: Mapping[str, str], content_hash: str
    ):
        self.content_hash = content_hash
        self.entries = [CatalogEntry(record) for record in records]
        self.by_id = {entry.id: entry for entry in self.entries}
        self.regions = {_key(town): _key(region) for town, region in regions.items()}
        self.national: List[CatalogEntry] = []
        self.by_region: Dict[str, List[CatalogEntry]] = {}
        self.by_municipality: Dict[str, List[CatalogEntry]] = {}
        for entry in self.entries:
            if entry.area_type == "national":
                self.national.append(entry)
            elif entry.area_type == "region" and entry.region_key:
                self.by_region.setdefault(entry.region_key, []).append(entry)
            elif entry.municipality_key:
                self.by_municipality.setdefault(entry.municipality_key, []).append(entry)

    def candidates(self, municipality: str) -> Iterator[Tuple[CatalogEntry, int]]:
        """Entries that serve a municipality, with their locality rank."""
        town = _key(municipality) or ""
        region = self.regions.get(town)
        for entry in self.by_municipality.get(town, ()):
            yield entry, LOCAL
        for entry in self.by_region.get(region, ()) if region else ():
            yield entry, REGIONAL
        for entry in self.national:
            yield entry, NATIONAL

    def local_role(self, role: str, municipality: str) -> CatalogEntry | None:
        """The municipality's entry holding a role (local:social_services), if any."""
        town = _key(municipality) or ""
        for entry in self.by_municipality.get(town, ()):
            if entry.local_role == role:
                return entry
        return None

    def locality(self, entry: CatalogEntry, municipality: str) -> int:
        """Locality rank of any entry, also one outside the user's area."""
        town = _key(municipality)
        if entry.area_type == "national":
            return NATIONAL
        if entry.area_type == "region":
            return REGIONAL if entry.region_key == self.regions.get(town) else ELSEWHERE
        return LOCAL if entry.municipality_key == town else ELSEWHERE
