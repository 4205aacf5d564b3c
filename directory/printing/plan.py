"""Which services each kind of sheet shows, by section (sheets.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Dict, List, Tuple

from ruamel.yaml import YAML

from . import PrintError

PLAN_PATH = Path(__file__).resolve().parent / "sheets.yml"
KINDS = ("brochure", "poster", "card")
AUDIENCES = ("victim", "child", "perpetrator", "staff")
PAPERS = ("a4", "a3")  # the poster's; the other sheets have one size
ANY = "any"  # a kind whose sheet is the same for every audience but staff


@dataclass(frozen=True)
class SectionPlan:
    heading: str  # a key of texts/<language>.yml
    services: Tuple[str, ...]  # ids or local:<role>
    describe: bool  # print the service's description too
    audience: str | None  # whom the section speaks to (relative, professional): who-text for them
    intro: str | None  # a text key printed under the heading


@dataclass(frozen=True)
class Plan:
    danger: str
    sheets: Dict[Tuple[str, str], Tuple[SectionPlan, ...]]

    def sections(self, kind: str, audience: str) -> Tuple[SectionPlan, ...]:
        if kind not in KINDS:
            raise PrintError(f'Unknown kind "{kind}": use {", ".join(KINDS)}.')
        if audience not in AUDIENCES:
            raise PrintError(f'Unknown audience "{audience}": use {", ".join(AUDIENCES)}.')
        found = self.sheets.get((kind, audience))
        if found is None and audience != "staff":  # staff sheets are never the public one
            found = self.sheets.get((kind, ANY))
        if found is None:
            raise PrintError(f"There is no {kind} for the audience {audience}.")
        return found


@cache
def load_plan(path: Path = PLAN_PATH) -> Plan:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    sheets: Dict[Tuple[str, str], Tuple[SectionPlan, ...]] = {}
    for kind, by_audience in data["sheets"].items():
        for audience, sections in by_audience.items():
            sheets[(kind, audience)] = tuple(_section(item) for item in sections)
    return Plan(danger=data["danger"], sheets=sheets)


def _section(item: Dict[str, object]) -> SectionPlan:
    services: List[str] = [str(s) for s in item["services"]]  # type: ignore[attr-defined]
    return SectionPlan(
        heading=str(item["heading"]),
        services=tuple(services),
        describe=bool(item.get("describe")),
        audience=str(item["audience"]) if item.get("audience") else None,
        intro=str(item["intro"]) if item.get("intro") else None,
    )
