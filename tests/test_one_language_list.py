"""The languages live in bot/language/languages.yml; every other list of them must agree."""

import json
from pathlib import Path

import yaml

from bot.language.detect import language_specs, load_config, text_direction
from directory.i18n import SUPPORTED_LANGUAGES
from directory.schema import LocalizedText

ROOT = Path(__file__).resolve().parent.parent
LIVE = list(load_config().supported)


def test_the_directory_speaks_the_assistants_languages():
    # directory/ imports nothing of the bot, so it keeps its own tuple: tied here
    assert list(SUPPORTED_LANGUAGES) == LIVE


def test_every_language_has_a_description_field_and_nothing_else():
    fields = [name for name in LocalizedText.__fields__ if name != "review"]
    assert fields == LIVE


def test_the_widget_offers_exactly_the_assistants_languages_with_their_names_and_direction():
    strings = json.loads((ROOT / "bot/webchat/i18n.json").read_text(encoding="utf-8"))
    widget = strings["languages"]
    assert list(widget) == LIVE
    for code, spec in widget.items():
        assert spec["dir"] == text_direction(code), code
        assert spec["name"].split(" / ")[0] == language_specs()[code]["name"].split(" / ")[0]


def test_hours_words_and_taxonomy_labels_exist_for_every_language():
    locales = yaml.safe_load((ROOT / "directory/locales.yml").read_text(encoding="utf-8"))
    assert set(LIVE) <= set(locales)
    taxonomy = yaml.safe_load((ROOT / "directory/taxonomy.yml").read_text(encoding="utf-8"))
    for group in ("audiences", "topics"):
        for key, spec in taxonomy[group].items():
            assert set(spec["labels"]) == set(LIVE), (group, key)
