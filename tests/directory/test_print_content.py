"""What a printed sheet says, from the shipped directory (no PDF here: see test_print_pdf)."""

from datetime import datetime

import pytest

from bot.language.detect import text_direction as chat_direction
from directory.hours import TZ
from directory.i18n import SUPPORTED_LANGUAGES
from directory.loader import load_directory
from directory.printing import PrintError, content
from directory.printing.content import build_sheet
from directory.printing.plan import Plan, SectionPlan
from directory.store import current_catalog

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TZ)
CHAT = "https://chat.example.se/"


def sheet(kind="brochure", audience="victim", language="sv", municipality="Askersund"):
    return build_sheet(
        current_catalog(),
        kind=kind,
        audience=audience,
        language=language,
        municipality=municipality,
        chat_url=CHAT,
        now=NOW,
    )


def services(built):
    """Each service as first printed (later mentions on the sheet are brief)."""
    found = {}
    for section in built.sections:
        for service in section.services:
            found.setdefault(service.name, service)
    return found


@pytest.fixture
def loaded_shipped(shipped_entries):
    load_directory()
    return shipped_entries


def test_the_brochure_says_whom_each_line_serves_so_nobody_calls_a_line_that_turns_them_away(
    loaded_shipped,
):
    found = services(sheet())
    assert found["Kvinnofridslinjen"].who == "För kvinnor."
    assert found["Stödlinjen för män"].who == "För män från 18 år."
    assert found["Kvinnofridslinjen"].hours == "Dygnet runt"
    local = found["Socialtjänsten i Askersund – individ- och familjeomsorgen (IFO)"]
    assert local.who is None and local.description  # the local service takes everyone
    assert ("112", local.numbers[1][1]) == local.numbers[1] and "socialjouren" in local.numbers[1][
        1
    ]


def test_the_relatives_section_does_not_limit_a_line_that_takes_relatives_of_any_gender(
    loaded_shipped,
):
    relatives = next(s for s in sheet().sections if s.heading == "För dig som är orolig för någon")
    kvinnofrid = next(s for s in relatives.services if s.name == "Kvinnofridslinjen")
    assert kvinnofrid.who is None and kvinnofrid.brief  # shown in full earlier on the sheet


def test_a_service_with_no_contact_of_its_own_is_printed_with_the_way_to_it(
    loaded_shipped, monkeypatch
):
    only = SectionPlan("lines_heading", ("kvinnohuset-orebro",), False, None, None)
    plan = Plan(danger="sos-112", sheets={("brochure", "victim"): (only,)})
    monkeypatch.setattr(content, "load_plan", lambda: plan)
    shelter = services(sheet())["Kvinnohuset Örebro"]
    assert shelter.numbers == () and shelter.web is None
    assert shelter.route.startswith("via Unizon")
    assert shelter.route.endswith(
        " eller Socialtjänsten i Askersund – individ- och familjeomsorgen (IFO)"
    )
    assert shelter.who == "För kvinnor, alla till och med 17 år."


def test_the_danger_number_and_the_dates_come_from_the_directory(loaded_shipped):
    built = sheet(kind="card")
    assert built.danger_number == "112"
    assert built.printed_on.isoformat() == "2026-12-07"
    assert built.verified_on == "2026-11-26"
    assert built.municipality == "Askersunds kommun"


def test_entries_under_review_and_unreviewed_translations_are_listed(loaded_shipped):
    swedish = sheet(kind="card").unreviewed
    assert any(
        item.startswith("askersund-socialtjanst: the entry is under review") for item in swedish
    )
    arabic = sheet(kind="card", language="ar").unreviewed
    assert any(item.startswith("text ") for item in arabic)
    assert len(arabic) > len(swedish)


def test_a_service_of_another_region_is_left_out(loaded_shipped):
    """Another municipality (no entries, in no known region) gets the national lines only."""
    found = services(sheet(municipality="Sjöby"))
    assert "Kvinnofridslinjen" in found
    assert "Örebro läns mansmottagning" not in found


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_builds_every_sheet(loaded_shipped, language):
    for kind, audience in [("brochure", "victim"), ("poster", "child"), ("card", "staff")]:
        built = sheet(kind, audience, language)
        assert built.sections and built.direction == ("rtl" if language in ("ar", "fa") else "ltr")


def test_a_sheet_that_does_not_exist_is_a_plain_error(loaded_shipped):
    with pytest.raises(PrintError, match="no poster for the audience staff"):
        sheet(kind="poster", audience="staff")
    with pytest.raises(PrintError, match='Unknown kind "flyer"'):
        sheet(kind="flyer")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_direction_read_from_a_translation_is_the_one_the_chat_uses(language):
    title = content.sheet_texts(language).text["brochure_title"]
    assert content.text_direction(title) == chat_direction(language)
