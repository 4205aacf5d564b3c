"""Opening hours: is a service open now, when does it open next, and the hours as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, FrozenSet, Mapping, Tuple
from zoneinfo import ZoneInfo

import holidays

from .i18n import localise, words

TZ = ZoneInfo("Europe/Stockholm")
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # index = datetime.weekday()
END_OF_DAY = 24 * 60
_LOOKAHEAD_DAYS = 21  # longer than any Swedish holiday stretch plus a weekend


def parse_time(text: str, *, allow_midnight_end: bool = False) -> int:
    """Minutes after midnight for "HH:MM"; "24:00" only as a closing time. Raises ValueError."""
    hours, sep, minutes = text.partition(":")
    if not (sep and len(hours) == 2 and len(minutes) == 2 and (hours + minutes).isdigit()):
        raise ValueError(f'"{text}" is not a time; write it as HH:MM, for example "08:00"')
    value = int(hours) * 60 + int(minutes)
    if text == "24:00" and allow_midnight_end:
        return END_OF_DAY
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f'"{text}" is not a time of day (00:00 to 23:59)')
    return value


@dataclass(frozen=True)
class Interval:
    """Open from `opens` to `closes` (minutes) on `days`; closes <= opens runs past midnight."""

    days: FrozenSet[int]
    opens: int
    closes: int

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class Schedule:
    """A validated `schedule` block in a form that is quick to ask."""

    open_24_7: bool
    intervals: Tuple[Interval, ...]
    open_on_holidays: bool
    holidays_known: bool  # False: the provider does not say; a holiday's hours are unknown
    note: Mapping[str, str] | None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Schedule | None:
        if not data:
            return None
        intervals = tuple(
            Interval(
                days=frozenset(DAYS.index(day) for day in rule["days"]),
                opens=parse_time(rule["opens"]),
                closes=parse_time(rule["closes"], allow_midnight_end=True),
            )
            for rule in data.get("hours") or ()
        )
        return cls(
            open_24_7=bool(data.get("open_24_7")),
            intervals=intervals,
            open_on_holidays=data.get("holidays", "closed") == "open",
            holidays_known=data.get("holidays", "closed") != "unknown",
            note=data.get("note"),
        )

    @property
    def known(self) -> bool:
        """False when only a note is given: then nobody can say if it is open."""
        return self.open_24_7 or bool(self.intervals)


@lru_cache(maxsize=64)
def swedish_holidays(year: int) -> FrozenSet[date]:
    """Public holidays plus midsummer, Christmas and New Year's Eve.

    holidays.SE counts every Sunday as a holiday unless told not to. The three eves are not
    public holidays, but offices close on them and Swedish working-time law treats them as such.
    """
    # holidays.SE is made at import, so the type checker cannot see it
    public = set(holidays.SE(years=year, include_sundays=False))  # type: ignore[attr-defined]
    june19 = date(year, 6, 19)
    midsummer_eve = june19 + timedelta(days=(4 - june19.weekday()) % 7)  # Friday 19-25 June
    return frozenset(public | {midsummer_eve, date(year, 12, 24), date(year, 12, 31)})


def _closed_all_day(schedule: Schedule, day: date) -> bool:
    return not schedule.open_on_holidays and day in swedish_holidays(day.year)


def _unknown_day(schedule: Schedule, day: date) -> bool:
    """A holiday of a service that does not say whether it answers on holidays."""
    return not schedule.holidays_known and day in swedish_holidays(day.year)


def local_time(now: datetime | None) -> datetime:
    """`now` in Stockholm time; a naive datetime is taken as Stockholm local time."""
    if now is None:
        return datetime.now(TZ)
    if now.tzinfo is None:
        return now.replace(tzinfo=TZ)
    return now.astimezone(TZ)


def open_now(schedule: Schedule | None, now: datetime | None = None) -> bool | None:
    """True or False, or None when the hours are not known."""
    if schedule is None or not schedule.known:
        return None
    if schedule.open_24_7:
        return True
    local = local_time(now)
    today = local.date()
    if _unknown_day(schedule, today):
        return None
    yesterday = today - timedelta(days=1)
    minute = local.hour * 60 + local.minute
    weekday = today.weekday()
    for interval in schedule.intervals:
        starts_today = weekday in interval.days and not _closed_all_day(schedule, today)
        if not interval.overnight:
            if starts_today and interval.opens <= minute < interval.closes:
                return True
            continue
        if starts_today and minute >= interval.opens:
            return True
        started_yesterday = yesterday.weekday() in interval.days and not _closed_all_day(
            schedule, yesterday
        )
        if started_yesterday and minute < interval.closes:
            return True
    return False


def next_open(schedule: Schedule | None, now: datetime | None = None) -> datetime | None:
    """When a closed service opens next (Stockholm time); None if open, 24/7 or unknown."""
    if open_now(schedule, now) is not False or schedule is None:
        return None
    local = local_time(now)
    for offset in range(_LOOKAHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        if _closed_all_day(schedule, day) or _unknown_day(schedule, day):
            continue
        starts = [
            datetime.combine(day, time(iv.opens // 60, iv.opens % 60), TZ)
            for iv in schedule.intervals
            if day.weekday() in iv.days
        ]
        upcoming = [start for start in starts if start > local]
        if upcoming:
            return min(upcoming)
    return None


def _clock(minutes: int, *, short: bool) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours:02d}" if short and mins == 0 else f"{hours:02d}:{mins:02d}"


def _days_text(days: Tuple[int, ...], lang: Mapping[str, Any]) -> str:
    if len(days) == 7:
        return lang["every_day"]
    runs: list = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    names = lang["days"]
    parts = [
        lang["day_range"].format(start=names[DAYS[run[0]]], end=names[DAYS[run[-1]]])
        if len(run) > 1
        else names[DAYS[run[0]]]
        for run in runs
    ]
    return lang["separator"].join(parts)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def hours_text(schedule: Schedule | None, language: str) -> str | None:
    """Opening hours in words, e.g. "Mån–tors 08–12, 13–16, fre 08–12, 13–15"."""
    if schedule is None:
        return None
    lang = words(language)
    note, _ = localise(schedule.note, language)
    if schedule.open_24_7:
        text = lang["open_24_7"]
    elif schedule.intervals:
        by_day = {
            day: tuple(sorted((iv.opens, iv.closes) for iv in schedule.intervals if day in iv.days))
            for day in range(7)
        }
        groups: dict = {}
        for day, ranges in by_day.items():
            if ranges:
                groups.setdefault(ranges, []).append(day)
        parts = []
        for ranges, days in groups.items():
            times = lang["separator"].join(
                f"{_clock(opens, short=True)}–{_clock(closes, short=True)}"
                for opens, closes in ranges
            )
            parts.append(f"{_days_text(tuple(days), lang)} {times}")
        text = _capitalise(lang["separator"].join(parts))
    else:
        return note
    if note:
        text = f"{text}. {note}" if not text.endswith(".") else f"{text} {note}"
    return text


def next_open_text(when: datetime | None, language: str, now: datetime | None = None) -> str | None:
    """E.g. "Öppnar mån 08:00", "Opens today 13:00"; None when `when` is None."""
    if when is None:
        return None
    lang = words(language)
    local, today = when.astimezone(TZ), local_time(now).date()
    days_ahead = (local.date() - today).days
    if days_ahead == 0:
        day = lang["today"]
    elif days_ahead == 1:
        day = lang["tomorrow"]
    else:
        day = lang["days"][DAYS[local.weekday()]]
        if days_ahead > 6:
            day = f"{day} {local.day}/{local.month}"
    return _capitalise(
        lang["opens"].format(day=day, time=_clock(local.hour * 60 + local.minute, short=False))
    )
