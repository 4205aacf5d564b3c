"""The statistics schema (categories.yml): what may be counted, and how a moment or a need falls
into it. Anything outside the schema is counted as `other`, never stored as it came."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml

from directory.hours import TZ, swedish_holidays

SCHEMA_FILE = Path(__file__).with_name("categories.yml")
OTHER = "other"
# What a service id and a channel name may look like: short words, never free text.
_SERVICE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
_CHANNEL = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
# Measures that count conversations (once each) or uses, with the one category they take.
ALL = "all"


@dataclass(frozen=True)
class NeedCategory:
    role: str
    topics: Tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    roles: Tuple[str, ...]
    topics: Tuple[str, ...]
    bands: Mapping[str, Optional[Tuple[int, int]]]
    needs: Mapping[str, NeedCategory]

    def need(self, name: object) -> Optional[NeedCategory]:
        return self.needs.get(name) if isinstance(name, str) else None


@lru_cache(maxsize=1)
def load_schema(path: Path = SCHEMA_FILE) -> Schema:
    """Read the schema once; a need mapped to a role or topic the schema lacks is an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles, topics = tuple(raw["roles"]), tuple(raw["topics"])
    needs: Dict[str, NeedCategory] = {}
    for name, spec in raw["needs"].items():
        need = NeedCategory(role=spec["role"], topics=tuple(spec["topics"]))
        unknown = [v for v in (need.role, *need.topics) if v not in roles + topics]
        if need.role not in roles or unknown:
            raise ValueError(f"{path}: need {name} uses categories not in the schema: {unknown}")
        needs[name] = need
    bands = {k: (tuple(v) if v else None) for k, v in raw["time_bands"].items()}
    return Schema(roles=roles, topics=topics, bands=bands, needs=needs)


def local_moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, TZ)


def calendar_day(timestamp: float) -> date:
    """The Swedish calendar day of an event: the finest time the statistics keep."""
    return local_moment(timestamp).date()


def time_band(timestamp: float, schema: Optional[Schema] = None) -> str:
    """day / evening / night on working days; weekend on Saturdays, Sundays and holidays."""
    schema = schema or load_schema()
    moment = local_moment(timestamp)
    day = moment.date()
    if day.weekday() >= 5 or day in swedish_holidays(day.year):
        return "weekend"
    for band, hours in schema.bands.items():
        if hours is None:
            continue
        start, end = hours
        inside = (
            start <= moment.hour < end
            if start < end
            else (moment.hour >= start or moment.hour < end)
        )
        if inside:
            return band
    return OTHER


def service_category(service_id: object) -> str:
    return service_id if isinstance(service_id, str) and _SERVICE_ID.match(service_id) else OTHER


def channel_category(channel: object) -> str:
    return channel if isinstance(channel, str) and _CHANNEL.match(channel) else OTHER


def language_category(language: object, known: List[str]) -> str:
    return language if isinstance(language, str) and language in known else OTHER
