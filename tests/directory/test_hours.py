"""Opening hours against a pinned clock: weekdays, evenings, weekends and Swedish holidays."""

from datetime import date, datetime

import pytest

from directory.hours import (
    TZ,
    Schedule,
    hours_text,
    next_open,
    next_open_text,
    open_now,
    parse_time,
    swedish_holidays,
)

from .conftest import CHRISTMAS_EVE, MIDSUMMER_EVE, WEEKDAY_DAY, WEEKDAY_EVENING, WEEKEND

OFFICE = Schedule.from_dict(
    {
        "hours": [
            {"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:00", "closes": "12:00"},
            {"days": ["mo", "tu", "we", "th"], "opens": "13:00", "closes": "16:00"},
            {"days": ["fr"], "opens": "13:00", "closes": "15:00"},
        ]
    }
)
NIGHT = Schedule.from_dict(
    {
        "hours": [
            {
                "days": ["mo", "tu", "we", "th", "fr", "sa", "su"],
                "opens": "21:00",
                "closes": "06:00",
            },
        ],
        "holidays": "open",
    }
)
ALWAYS = Schedule.from_dict({"open_24_7": True})
NOTE_ONLY = Schedule.from_dict({"note": {"sv": "Se webbplatsen", "en": "See the website"}})
SUNDAYS = Schedule.from_dict({"hours": [{"days": ["su"], "opens": "10:00", "closes": "14:00"}]})


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_holidays_include_the_eves_but_not_ordinary_sundays():
    days = swedish_holidays(2026)
    assert date(2026, 12, 24) in days  # julafton
    assert date(2026, 6, 19) in days  # midsommarafton (a Friday)
    assert date(2026, 12, 31) in days  # nyårsafton
    assert date(2026, 12, 25) in days and date(2026, 6, 6) in days
    assert date(2026, 11, 29) not in days  # an ordinary Sunday


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (WEEKDAY_DAY, True),
        (at(2026, 11, 30, 12, 30), False),  # lunch
        (at(2026, 12, 4, 15, 30), False),  # Friday closes at 15
        (at(2026, 12, 3, 15, 30), True),  # Thursday closes at 16
        (WEEKDAY_EVENING, False),
        (WEEKEND, False),
        (CHRISTMAS_EVE, False),
        (MIDSUMMER_EVE, False),
        (at(2026, 4, 6, 10), False),  # Easter Monday
    ],
)
def test_office_open_now(moment, expected):
    assert open_now(OFFICE, moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (WEEKDAY_EVENING, True),
        (at(2026, 12, 1, 5, 59), True),  # still open past midnight
        (at(2026, 12, 1, 6, 0), False),
        (WEEKDAY_DAY, False),
        (at(2026, 12, 24, 23, 0), True),  # holidays: open
    ],
)
def test_overnight_hours(moment, expected):
    assert open_now(NIGHT, moment) is expected


def test_known_and_unknown_hours():
    assert open_now(ALWAYS, WEEKEND) is True
    assert open_now(NOTE_ONLY, WEEKDAY_DAY) is None
    assert open_now(None, WEEKDAY_DAY) is None


def test_ordinary_sunday_is_not_a_holiday():
    assert open_now(SUNDAYS, at(2026, 11, 29, 11)) is True
    assert open_now(SUNDAYS, at(2026, 4, 5, 11)) is False  # Easter Sunday is a holiday


def test_naive_datetimes_are_stockholm_time():
    assert open_now(OFFICE, datetime(2026, 11, 30, 10, 0)) is True
    assert open_now(OFFICE, datetime(2026, 11, 30, 9, 0, tzinfo=TZ).astimezone(TZ)) is True


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (WEEKDAY_EVENING, at(2026, 12, 1, 8)),
        (at(2026, 11, 30, 12, 30), at(2026, 11, 30, 13)),
        (WEEKEND, at(2026, 11, 30, 8)),
        (CHRISTMAS_EVE, at(2026, 12, 28, 8)),  # 24-26 closed, 27 is Sunday
        (MIDSUMMER_EVE, at(2026, 6, 22, 8)),
        (WEEKDAY_DAY, None),  # open now
    ],
)
def test_next_open(moment, expected):
    assert next_open(OFFICE, moment) == expected


def test_next_open_never_for_24_7_or_unknown():
    assert next_open(ALWAYS, WEEKEND) is None
    assert next_open(NOTE_ONLY, WEEKEND) is None


@pytest.mark.parametrize(
    ("moment", "language", "text"),
    [
        (WEEKEND, "sv", "Öppnar mån 08:00"),
        (WEEKEND, "en", "Opens Mon 08:00"),
        (WEEKDAY_EVENING, "sv", "Öppnar i morgon 08:00"),
        (at(2026, 11, 30, 12, 30), "en", "Opens today 13:00"),
        (WEEKEND, "lattlast", "Öppnar måndag klockan 08:00"),
        (WEEKEND, "ar", "يفتح الاثنين الساعة 08:00"),
    ],
)
def test_next_open_text(moment, language, text):
    assert next_open_text(next_open(OFFICE, moment), language, moment) == text


def test_next_open_text_far_ahead_names_the_date():
    closed_long = Schedule.from_dict(
        {"hours": [{"days": ["mo"], "opens": "09:00", "closes": "10:00"}]}
    )
    moment = at(2026, 12, 22, 12)  # Tuesday; next Monday 28th, then Jan 4th
    when = next_open(closed_long, moment)
    assert when == at(2026, 12, 28, 9)
    assert next_open_text(at(2027, 1, 4, 9), "en", moment) == "Opens Mon 4/1 09:00"


@pytest.mark.parametrize(
    ("schedule", "language", "text"),
    [
        (ALWAYS, "sv", "Dygnet runt"),
        (ALWAYS, "en", "Open 24/7"),
        (OFFICE, "sv", "Mån–tors 08–12, 13–16, fre 08–12, 13–15"),
        (OFFICE, "en", "Mon–Thu 08–12, 13–16, Fri 08–12, 13–15"),
        (OFFICE, "lattlast", "Måndag till torsdag 08–12, 13–16, fredag 08–12, 13–15"),
        (NIGHT, "sv", "Alla dagar 21–06"),
        (NOTE_ONLY, "en", "See the website"),
        (NOTE_ONLY, "ar", "See the website"),  # falls back to English
        (None, "sv", None),
    ],
)
def test_hours_text(schedule, language, text):
    assert hours_text(schedule, language) == text


def test_hours_text_lists_separate_days_and_adds_the_note():
    schedule = Schedule.from_dict(
        {
            "hours": [{"days": ["mo", "we", "fr"], "opens": "09:30", "closes": "12:00"}],
            "note": {"sv": "Stängt i juli", "en": "Closed in July"},
        }
    )
    assert hours_text(schedule, "sv") == "Mån, ons, fre 09:30–12. Stängt i juli"


@pytest.mark.parametrize("text", ["8:00", "24:01", "12:60", "noon", "12.00"])
def test_bad_times(text):
    with pytest.raises(ValueError):
        parse_time(text)


def test_midnight_only_as_closing_time():
    assert parse_time("24:00", allow_midnight_end=True) == 24 * 60
    with pytest.raises(ValueError):
        parse_time("24:00")
