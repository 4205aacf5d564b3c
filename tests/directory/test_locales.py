"""locales.yml has every word for every language, and marks what a native speaker must check."""

from ruamel.yaml import YAML

from directory.hours import DAYS
from directory.i18n import SUPPORTED_LANGUAGES, fallback_chain, localise
from directory.settings import LOCALES_PATH

KEYS = {
    "days",
    "every_day",
    "day_range",
    "separator",
    "open_24_7",
    "opens",
    "today",
    "tomorrow",
    "all_of_sweden",
    "temporarily_closed",
}


def blocks():
    return YAML(typ="safe").load(LOCALES_PATH.read_text(encoding="utf-8"))


def test_every_language_has_every_word():
    data = blocks()
    for language in SUPPORTED_LANGUAGES:
        block = data[language]
        assert set(block) >= KEYS, language
        assert set(block["days"]) == set(DAYS), language
        assert "{day}" in block["opens"] and "{time}" in block["opens"], language


def test_only_swedish_and_english_are_unreviewed():
    data = blocks()
    for language in SUPPORTED_LANGUAGES:
        expected = None if language in ("sv", "en") else "native speaker"
        assert data[language].get("review") == expected, language


def test_fallback_order():
    assert fallback_chain("ar") == ("ar", "en", "sv")
    assert fallback_chain("lattlast") == ("lattlast", "sv", "en")
    assert fallback_chain("sv") == ("sv", "en")
    assert localise({"sv": "Hej", "en": "Hi"}, "so") == ("Hi", "en")
    assert localise({"sv": "Hej", "en": "Hi"}, "lattlast") == ("Hej", "sv")
    assert localise(None, "sv") == (None, None)
