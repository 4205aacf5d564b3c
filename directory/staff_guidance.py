"""What staff ask, as data (directory/guidance/staff.yml): one item per answer, with the ways
staff ask it; checked with `file:line` problems and loaded with the directory and the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Set, Tuple

from pydantic import Field

from .model_file import Loc, check_model_file
from .problems import Problem
from .schema import LocalizedText, StrictModel

if TYPE_CHECKING:
    Text = str
else:
    from .schema import Text

GUIDANCE_FILE = "staff.yml"
ROUTINE_FIELDS = ("name", "where", "owner")  # what the municipality fills in for a unit's routine


def routine_filled(routine: Mapping[str, Any]) -> bool:
    """Whether a unit's routine (as loaded) names itself, where it is and its owner."""
    return all(routine.get(key) for key in ROUTINE_FIELDS)


class Questions(StrictModel):
    sv: List[Text] = Field(..., min_items=1, description="How staff ask it in Swedish.")
    en: List[Text] = Field(..., min_items=1, description="How staff ask it in English.")


class Routine(StrictModel):
    """A unit's own routine: null fields, marked review_needed, until the municipality fills
    them in."""

    unit: LocalizedText
    name: Optional[Text] = None
    where: Optional[Text] = None
    owner: Optional[Text] = None
    review_needed: Optional[Text] = Field(
        None, description="What is missing; `stale` lists it. Required while a field is null."
    )

    @property
    def filled(self) -> bool:
        return routine_filled(self.dict())


class Item(StrictModel):
    id: Text = Field(..., description="A slug.", example="local-routines")
    source: LocalizedText = Field(..., description="What the answer rests on, printed with it.")
    title: LocalizedText = Field(..., description="A button's title.")
    answer: Optional[LocalizedText] = Field(None, description="The answer (not for a routine).")
    routine: Optional[Routine] = None
    measure: Optional[Text] = Field(None, description="The plan's measure it is about.")
    intent: Optional[Text] = Field(
        None,
        regex=r"^[a-z_]+$",
        description="The chat's intent that already asks this; its questions train it.",
    )
    questions: Questions
    related: List[Text] = Field(default_factory=list, max_items=3)
    services: List[Text] = Field(default_factory=list, max_items=4)


class RoutineAnswer(StrictModel):
    unknown: LocalizedText
    known: LocalizedText


class Guidance(StrictModel):
    routine_answer: RoutineAnswer
    not_in_plan: LocalizedText
    not_in_plan_services: List[Text] = Field(
        default_factory=list,
        max_items=3,
        description="Cards with it, for a reader asking for themselves.",
    )
    outside_plan: Questions = Field(..., description="Staff questions the plan does not answer.")
    items: List[Item] = Field(..., min_items=1)


def _cross_checks(
    guidance: Guidance, measures: Set[str], services: Set[str] | None
) -> List[Tuple[Loc, str]]:
    """Ids once; related items, measures and (when given) services exist; one answer each."""
    errors: List[Tuple[Loc, str]] = []
    ids = [item.id for item in guidance.items]
    for index, item in enumerate(guidance.items):
        where = ("items", index)
        if ids.index(item.id) != index:
            errors.append(((*where, "id"), f'"{item.id}" is also item {ids.index(item.id) + 1}'))
        if (item.answer is None) == (item.routine is None):
            errors.append(((*where, "answer"), "give either `answer` or `routine`"))
        if item.routine is not None and not item.routine.filled and not item.routine.review_needed:
            # an unfilled routine must show up in `stale` until the municipality fills it in
            errors.append(
                (
                    (*where, "routine"),
                    "give name, where and owner, or say what is missing in `review_needed`",
                )
            )
        for position, other in enumerate(item.related):
            if other not in ids:
                errors.append(((*where, "related", position), f'no item "{other}"'))
        if item.measure is not None and item.measure not in measures:
            errors.append(((*where, "measure"), f'no measure "{item.measure}" in plan.yml'))
        if services is not None:
            errors += _unknown_services((*where, "services"), item.services, services)
    if services is not None:
        errors += _unknown_services(
            ("not_in_plan_services",), guidance.not_in_plan_services, services
        )
    return errors


def _unknown_services(field: Loc, ids: Iterable[str], known: Set[str]) -> List[Tuple[Loc, str]]:
    """Cards naming no directory entry (`local:<role>` is the municipality's own, always there)."""
    return [
        ((*field, position), f'no directory entry "{service}"')
        for position, service in enumerate(ids)
        if not service.startswith("local:") and service not in known
    ]


def check_guidance(
    path: Path, measures: Set[str], services: Set[str] | None = None
) -> Tuple[Dict[str, Any] | None, List[Problem]]:
    """(the guidance as plain data, []) when valid, else (None, every problem with its line).
    `services`: the directory's ids to check cards against; the load leaves it out, since a card
    of a service another directory lacks is simply not shown (as for any unknown id)."""
    return check_model_file(
        path,
        Guidance,
        lambda guidance: _cross_checks(guidance, measures, services),
        "`items:` and the answer texts",
    )
