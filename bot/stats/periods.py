"""Report periods: a half year (2026H1, 2026H2), a month (2026-03) or two dates."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import List, Optional


class PeriodError(ValueError):
    """A period the report cannot use; the message says what to write instead."""


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    def months(self) -> List[str]:
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


_HALF = re.compile(r"^(\d{4})[Hh]([12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str) -> Period:
    half, month = _HALF.match(text.strip()), _MONTH.match(text.strip())
    if half:
        year, which = int(half.group(1)), int(half.group(2))
        start, end = (
            (date(year, 1, 1), date(year, 6, 30))
            if which == 1
            else (
                date(year, 7, 1),
                date(year, 12, 31),
            )
        )
        return Period(f"{year}H{which}", start, end)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise PeriodError(f"{text!r}: there is no month {number:02d}.")
        last = calendar.monthrange(year, number)[1]
        return Period(f"{year}-{number:02d}", date(year, number, 1), date(year, number, last))
    raise PeriodError(
        f"{text!r} is not a period: write a half year (2026H1, 2026H2) or a month (2026-03)."
    )


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{option} {text!r} is not a date: write it as 2026-03-31.") from None


def choose_period(period: Optional[str], start: Optional[str], end: Optional[str]) -> Period:
    """Exactly one of --period or --from/--to (both dates, inclusive)."""
    if period and (start or end):
        raise PeriodError("Give either --period or --from/--to, not both.")
    if period:
        return parse_period(period)
    if not (start and end):
        raise PeriodError(
            "Say which period: --period 2026H1, --period 2026-03, or --from and --to."
        )
    first, last = _date(start, "--from"), _date(end, "--to")
    if last < first:
        raise PeriodError(f"--to {end} is before --from {start}.")
    return Period(f"{first.isoformat()}–{last.isoformat()}", first, last)
