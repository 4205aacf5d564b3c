"""The table of needs (actions/needs.yml): which directory query answers which intent, and which
facts about the person turn one need into another."""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

import yaml

NEEDS_FILE = Path(__file__).with_name("needs.yml")
# Routes are followed at most this deep, so a cycle in the table cannot hang an answer.
MAX_HOPS = 4


@dataclass(frozen=True)
class Route:
    when: Mapping[str, Tuple[str, ...]]  # fact -> any of these values
    use: str

    def holds(self, facts: Mapping[str, Optional[str]]) -> bool:
        return all(facts.get(key) in values for key, values in self.when.items())


@dataclass(frozen=True)
class Need:
    name: str
    response: str
    audiences: Tuple[str, ...]
    topics: Tuple[str, ...]
    lead: Tuple[str, ...]
    routes: Tuple[Route, ...] = ()
    assume: Mapping[str, str] = field(default_factory=dict)
    anonymous_only: bool = False
    open_only: bool = False
    narrow: bool = False

    @property
    def role(self) -> str:
        """Who the answer is for, as the reply contract names it."""
        if "person_using_violence" in self.audiences:
            return "uses_violence"
        if "professional" in self.audiences:
            return "professional"
        if self.audiences == ("relative",):
            return "relative"
        return "exposed"


def _route(spec: dict) -> Route:
    when = {
        key: tuple(value) if isinstance(value, list) else (value,)
        for key, value in spec["when"].items()
    }
    return Route(when=when, use=spec["use"])


@lru_cache(maxsize=1)
def load_needs(path: Path = NEEDS_FILE) -> Dict[str, Need]:
    """Read the needs table once per process; a route to an unknown need is an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    needs = {
        name: Need(
            name=name,
            response=spec["response"],
            audiences=tuple(spec["audiences"]),
            topics=tuple(spec.get("topics", ())),
            lead=tuple(str(i) for i in spec.get("lead", ())),
            routes=tuple(_route(r) for r in spec.get("routes", ())),
            assume=dict(spec.get("assume") or {}),
            anonymous_only=bool(spec.get("anonymous_only")),
            open_only=bool(spec.get("open_only")),
            narrow=bool(spec.get("narrow")),
        )
        for name, spec in raw.items()
    }
    for need in needs.values():
        for route in need.routes:
            if route.use not in needs:
                raise ValueError(f"{path}: {need.name} routes to unknown need {route.use!r}")
    return needs


def route_need(need: Need, facts: Mapping[str, Optional[str]]) -> Need:
    """The need that fits this person: follow the first route whose facts hold, again and again."""
    needs = load_needs()
    for _ in range(MAX_HOPS):
        route = next((r for r in need.routes if r.holds(facts)), None)
        if route is None:
            break
        need = needs[route.use]
    return need
