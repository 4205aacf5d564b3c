"""The municipality's action plan as data (directory/guidance/plan.yml): its format, its checks
with `file:line` problems, and which measures are due for the yearly follow-up."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Tuple

from pydantic import Field, validator

from .model_file import check_model_file
from .problems import Problem
from .schema import LocalizedText, StrictModel

if TYPE_CHECKING:
    Text = str
else:
    from .schema import Text

PLAN_FILE = "plan.yml"
_DUE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?")


class Period(StrictModel):
    start: int = Field(..., ge=2000, le=2100, description="First year.", example=2026)
    end: int = Field(..., ge=2000, le=2100, description="Last year.", example=2028)


class Measure(StrictModel):
    """One row of the plan's table of measures (åtgärder)."""

    id: Text = Field(..., description="A slug of its own.", example="lokala-rutiner")
    area: int = Field(..., ge=1, le=9, description="The plan's area (område).", example=2)
    what: LocalizedText = Field(..., description="The measure (åtgärd).")
    due: Optional[str] = Field(
        None, description="Month (2026-12) or year (2026) it is due by.", example="2026-12"
    )
    recurring: Optional[Literal["yearly", "twice_yearly", "ongoing"]] = Field(
        None, description="Runs every year, twice a year, or continuously.", example="yearly"
    )
    responsible: Text = Field(..., description="Ansvarig verksamhet.", example="IFO")
    activity: LocalizedText = Field(..., description="What is done (aktivitet).")
    status: Literal["not_reported", "started", "done"] = Field(
        "not_reported", description="Set at the follow-up meeting.", example="started"
    )

    @validator("due", pre=True)
    def _due(cls, value: Any) -> Any:
        if value is None:
            return value
        text = str(value)  # YAML reads 2026 as a number
        if not _DUE.fullmatch(text):
            raise ValueError("must be a month like 2026-12 or a year like 2026")
        return text


class ActionPlan(StrictModel):
    id: Text = Field(..., description="A slug.", example="handlingsplan-vinr-2026-2028")
    title: LocalizedText
    owner: Text = Field(..., description="Who the plan belongs to.")
    period: Period
    follow_up: LocalizedText
    purpose: LocalizedText
    goal: LocalizedText
    scope: LocalizedText
    areas: Dict[int, LocalizedText] = Field(..., description="Area number -> its name.")
    measures: List[Measure] = Field(..., min_items=1)


def _cross_checks(plan: ActionPlan) -> List[Tuple[Tuple[Any, ...], str]]:
    errors: List[Tuple[Tuple[Any, ...], str]] = []
    seen: Dict[str, int] = {}
    for index, measure in enumerate(plan.measures):
        if measure.id in seen:
            errors.append(
                (
                    ("measures", index, "id"),
                    f'"{measure.id}" is also measure {seen[measure.id] + 1}',
                )
            )
        seen.setdefault(measure.id, index)
        if measure.area not in plan.areas:
            errors.append((("measures", index, "area"), f"area {measure.area} is not in `areas`"))
        if measure.due is None and measure.recurring is None:
            errors.append(
                (("measures", index, "due"), "give `due` (2026-12), `recurring`, or both")
            )
    return errors


def check_plan(path: Path) -> Tuple[Dict[str, Any] | None, List[Problem]]:
    """(the plan as plain data, []) when valid, else (None, every problem with its line)."""
    return check_model_file(
        path, ActionPlan, _cross_checks, "the plan: lines of `field: value`", exclude_none=True
    )


def due_date(measure: Dict[str, Any]) -> date | None:
    """The last day a measure is due by: the month's or the year's end."""
    found = _DUE.fullmatch(str(measure.get("due") or ""))
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2) or 12)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def due_measures(
    plan: Dict[str, Any], today: date, months: int
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]], List[Dict[str, Any]]]:
    """For the follow-up meeting: (overdue and not done, due within `months`, recurring)."""
    horizon = date(
        today.year + (today.month - 1 + months) // 12, (today.month - 1 + months) % 12 + 1, 1
    )
    overdue, coming, recurring = [], [], []
    for measure in plan["measures"]:
        when = due_date(measure)
        if measure.get("recurring"):
            recurring.append(measure)
        if when is None or measure.get("status") == "done":
            continue
        if when < today:
            overdue.append(measure)
        elif when < horizon:
            coming.append(measure)
    return overdue, coming, recurring
