"""A service card never switches language mid-sentence: every text of it (description, phone
instructions, opening-hours note, hours) is in the conversation's language, or the whole card
falls back to one other language and says which."""

from datetime import datetime

import pytest

from directory.catalog import CatalogEntry
from directory.hours import TZ
from directory.i18n import SUPPORTED_LANGUAGES
from directory.validate import validate_directory
from directory.views import build_view, card_language
from tests.directory.conftest import REPO_ROOT

NOW = datetime(2026, 12, 7, 22, 0, tzinfo=TZ)  # evening: closed offices show their night route
SHIPPED = validate_directory(REPO_ROOT / "directory" / "entries").records


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_card_of_every_shipped_service_is_whole_in_every_language(language):
    mixed = [
        record["id"]
        for record in SHIPPED
        if build_view(CatalogEntry(record), language, NOW).language != language
    ]
    assert mixed == []


def test_a_card_missing_one_translation_falls_back_as_one_unit():
    record = next(r for r in SHIPPED if r["id"] == "askersund-socialtjanst")
    record = {**record, "phones": [dict(p) for p in record["phones"]]}
    record["phones"][1] = {**record["phones"][1], "label": {"sv": "Ring 112", "en": "Call 112"}}
    assert card_language(record, "ar") == "en"
    view = build_view(CatalogEntry(record), "ar", NOW)
    assert view.language == "en" and view.as_payload()["language"] == "en"
    assert view.description == record["description"]["en"]  # not the Arabic one beside English
    assert view.phones[1]["label"] == "Call 112"
    assert card_language(record, "lattlast") == "sv"  # easy Swedish falls back to Swedish first
