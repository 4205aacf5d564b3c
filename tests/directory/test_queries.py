"""find_services and friends against the fixture directory, with the clock pinned."""

from datetime import datetime

import pytest

from directory.hours import TZ
from directory.loader import load_directory
from directory.queries import find_services, get_service, get_services

from .conftest import CHRISTMAS_EVE, MIDSUMMER_EVE, WEEKDAY_DAY, WEEKDAY_EVENING, WEEKEND


def ids(views):
    return [view.id for view in views]


def victim(**kwargs):
    return find_services(audiences=["victim"], topics=["partner_violence"], **kwargs)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # open now first; among open: local, regional, national; then unknown hours; then closed
        (
            WEEKDAY_DAY,
            [
                "town-office",
                "regional-clinic",
                "all-day-line",
                "evening-line",
                "regional-shelter",
                "website-only",
            ],
        ),
        # after hours the 24/7 lines lead and the closed local office goes last
        (
            WEEKDAY_EVENING,
            [
                "regional-clinic",
                "all-day-line",
                "regional-shelter",
                "website-only",
                "town-office",
                "evening-line",
            ],
        ),
        (
            WEEKEND,
            [
                "regional-clinic",
                "all-day-line",
                "evening-line",
                "regional-shelter",
                "website-only",
                "town-office",
            ],
        ),
        (
            CHRISTMAS_EVE,
            [
                "regional-clinic",
                "all-day-line",
                "evening-line",
                "regional-shelter",
                "website-only",
                "town-office",
            ],
        ),
    ],
    ids=["weekday-day", "weekday-evening", "weekend", "christmas-eve"],
)
def test_ranking_by_the_clock(loaded, now, expected):
    assert ids(victim(now=now)) == expected


def test_open_now_and_next_open_after_hours(loaded):
    views = {view.id: view for view in victim(now=WEEKDAY_EVENING)}
    office = views["town-office"]
    assert office.open_now is False
    assert office.next_open == datetime(2026, 12, 1, 8, 0, tzinfo=TZ)
    assert office.next_open_text == "Öppnar i morgon 08:00"
    assert office.hours == "Mån–tors 08–12, 13–16, fre 08–12, 13–15"
    assert views["all-day-line"].open_now is True
    assert views["all-day-line"].next_open is None
    assert views["website-only"].open_now is None
    assert views["website-only"].hours == "Se webbplatsen för öppettider"


def test_holidays_close_the_office_until_after_the_holiday(loaded):
    office = get_service("town-office", language="en", now=MIDSUMMER_EVE)
    assert office.open_now is False
    assert office.next_open_text == "Opens Mon 08:00"
    assert office.hours == "Mon–Thu 08–12, 13–16, Fri 08–12, 13–15"
    christmas = get_service("town-office", now=CHRISTMAS_EVE)
    assert christmas.next_open == datetime(2026, 12, 28, 8, 0, tzinfo=TZ)
    assert christmas.next_open_text == "Öppnar mån 08:00"


def test_area_rules(loaded, monkeypatch):
    askersund = ids(victim(now=WEEKDAY_DAY))
    assert "far-away" not in askersund and "kumla-office" not in askersund
    kumla = ids(victim(now=WEEKDAY_DAY, municipality="Kumla"))
    assert kumla[:2] == ["kumla-office", "regional-clinic"] and "town-office" not in kumla
    elsewhere = ids(victim(now=WEEKDAY_DAY, municipality="Malmö"))
    assert elsewhere == ["all-day-line", "evening-line", "website-only"]
    monkeypatch.setenv("DIRECTORY_MUNICIPALITY", "Kumla")
    assert ids(victim(now=WEEKDAY_DAY))[0] == "kumla-office"
    assert ids(victim(now=WEEKDAY_DAY, municipality="askersund"))[0] == "town-office"


def test_inactive_and_temporarily_closed_are_left_out(loaded):
    found = ids(victim(now=WEEKDAY_DAY))
    assert "closed-line" not in found and "paused-line" not in found


def test_audience_everyone_and_topics(loaded):
    crisis = ids(find_services(audiences=["relative"], topics=["crisis"], now=WEEKDAY_EVENING))
    assert crisis == ["night-line"]
    assert "emergency-line" in ids(find_services(audiences=["child"], now=WEEKDAY_DAY))
    course = find_services(audiences=["professional"], topics=["training"], now=WEEKDAY_DAY)
    assert [(view.id, view.kind) for view in course] == [("web-course", "resource")]


def test_danger_puts_emergency_lines_first(loaded):
    assert "emergency-line" not in ids(victim(now=WEEKDAY_DAY))
    in_danger = ids(victim(now=WEEKDAY_DAY, danger=True))
    assert in_danger[0] == "emergency-line"
    assert in_danger[1:] == ids(victim(now=WEEKDAY_DAY))


def test_include_ids_lead_in_the_given_order(loaded):
    found = ids(
        victim(
            now=WEEKDAY_DAY,
            include_ids=["kids-line", "evening-line", "closed-line", "no-such-id", "far-away"],
        )
    )
    assert found[:3] == ["kids-line", "evening-line", "far-away"]
    assert "closed-line" not in found
    assert found.count("evening-line") == 1
    with_danger = ids(victim(now=WEEKDAY_DAY, danger=True, include_ids=["kids-line"]))
    assert with_danger[:2] == ["kids-line", "emergency-line"]


def test_limit(loaded):
    assert ids(victim(now=WEEKDAY_DAY, limit=2)) == ["town-office", "regional-clinic"]


def test_language_ranks_services_that_speak_it(loaded, entries):
    path = entries / "national" / "all-day-line.yml"
    path.write_text(path.read_text().replace("interpreter: true", "interpreter: false"))
    load_directory(entries)
    national_open = [
        i for i in ids(victim(now=WEEKEND, language="ar")) if i in ("all-day-line", "evening-line")
    ]
    assert national_open == ["evening-line", "all-day-line"]  # speaks Arabic beats priority
    national_open = [
        i for i in ids(victim(now=WEEKEND, language="sv")) if i in ("all-day-line", "evening-line")
    ]
    assert national_open == ["all-day-line", "evening-line"]


@pytest.mark.parametrize(
    ("entry_id", "language", "used", "start"),
    [
        ("all-day-line", "ar", "ar", "خط دعم"),
        ("all-day-line", "fa", "en", "Support line"),  # no Persian: English
        ("all-day-line", "lattlast", "sv", "Stödlinje"),  # no easy Swedish: Swedish first
        ("office-line", "lattlast", "lattlast", "Här kan du"),
        ("office-line", "en", "en", "Support line"),
    ],
)
def test_description_fallback_is_visible(loaded, entry_id, language, used, start):
    view = get_service(entry_id, language=language, now=WEEKDAY_DAY)
    assert view.description_language == used
    assert view.description.startswith(start)


def test_localised_fields(loaded):
    view = get_service("emergency-line", language="en", now=WEEKDAY_DAY)
    assert view.hours == "Open 24/7"
    assert view.area_type == "national" and view.area_name == "All of Sweden"
    assert view.phones == [
        {"number": "112", "uri": "tel:112", "type": "voice", "label": None, "after_hours": False},
        {
            "number": "112",
            "uri": "tel:112",
            "type": "sms",
            "label": "SMS 112 needs registration",
            "after_hours": False,
        },
    ]
    assert view.text_ways == ["sms"]
    assert get_service("emergency-line").area_name == "Hela Sverige"
    assert get_service("regional-clinic").area_name == "Örebro län"
    office = get_service("town-office")
    assert (office.area_name, office.address, office.email) == (
        "Askersund",
        "Torget 1, 696 30 Askersund",
        "kommun@example.se",
    )
    assert get_service("regional-shelter").address is None


def test_get_service_shows_temporarily_closed_but_not_inactive(loaded):
    paused = get_service("paused-line", now=WEEKDAY_DAY)
    assert (paused.status, paused.open_now, paused.hours) == (
        "temporarily_closed",
        False,
        "Tillfälligt stängt",
    )
    assert get_service("closed-line") is None
    assert get_service("no-such-id") is None


def test_get_services_keeps_the_order_and_skips_unknown(loaded):
    views = get_services(["kids-line", "nope", "closed-line", "all-day-line", "kids-line"])
    assert ids(views) == ["kids-line", "all-day-line"]


def test_payload_is_the_reply_contract(loaded):
    view = get_service("all-day-line", now=WEEKDAY_DAY)
    assert view.as_payload() == {
        "id": "all-day-line",
        "name": "All Day Line",
        "description": "Stödlinje dygnet runt.",
        "phone": "020-50 50 50",
        "phone_uri": "tel:+4620505050",
        "url": "https://example.se/all-day",
        "hours": "Dygnet runt",
        "open_now": True,
        "anonymous": True,
        "free": True,
        "languages": ["sv", "interpreter"],
        "emergency": False,
        "kind": "service",
        "next_open_text": None,
        "phone_label": None,
        "text_ways": [],
        "language": "sv",
    }
    assert get_service("website-only").as_payload()["phone"] is None


def test_views_are_frozen(loaded):
    view = get_service("kids-line")
    with pytest.raises(AttributeError):
        view.name = "changed"


def test_unknown_vocabulary_is_an_error(loaded):
    with pytest.raises(ValueError, match="kids"):
        find_services(audiences=["kids"])
    with pytest.raises(ValueError, match="cooking"):
        find_services(audiences=["victim"], topics=["cooking"])


def test_a_string_instead_of_a_list_is_an_error(loaded):
    with pytest.raises(TypeError, match="audiences must be a list"):
        find_services(audiences="victim")
