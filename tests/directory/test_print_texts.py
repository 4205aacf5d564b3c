"""The printed sheets' sentences: the same keys and placeholders in every language, no facts."""

import re

import pytest

from directory.i18n import SUPPORTED_LANGUAGES
from directory.printing import PrintError
from directory.printing import texts as print_texts
from directory.printing.plan import AUDIENCES, KINDS, load_plan
from directory.printing.texts import placeholders, sheet_texts

SOURCE = sheet_texts("sv").text


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(language):
    texts = sheet_texts(language)
    assert set(texts.text) == set(SOURCE)
    for key, text in texts.text.items():
        assert sorted(placeholders(text)) == sorted(placeholders(SOURCE[key])), (language, key)
        text.format(**{name: "x" for name in placeholders(text)})  # no stray braces


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_texts_carry_no_numbers_or_addresses_of_their_own(language):
    """Phone numbers, hours and web addresses come from the directory, never from a text."""
    for key, text in sheet_texts(language).text.items():
        assert not re.search(r"\d{3}|\d[.:]\d\d|https?://|www\.", text), (language, key)


def test_translations_not_checked_by_a_native_speaker_are_marked():
    """Swedish is the source; every other language's file says what a reviewer must check."""
    assert sheet_texts("sv").review == {}
    for language in set(SUPPORTED_LANGUAGES) - {"sv", "en"}:
        review = sheet_texts(language).review
        assert review and set(review) <= set(SOURCE), language


def test_a_language_file_missing_a_text_is_refused(tmp_path, monkeypatch):
    (tmp_path / "sv.yml").write_text("brochure_title: Våld\nwhat_text: Text\n", encoding="utf-8")
    (tmp_path / "xx.yml").write_text("brochure_title: Title\n", encoding="utf-8")
    monkeypatch.setattr(print_texts, "TEXTS_DIR", tmp_path)
    print_texts.sheet_texts.cache_clear()
    try:
        with pytest.raises(PrintError, match=r"missing text.*what_text"):
            print_texts.sheet_texts("xx")
        with pytest.raises(PrintError, match="no printed texts"):
            print_texts.sheet_texts("yy")
    finally:
        print_texts.sheet_texts.cache_clear()


def test_every_section_of_the_plan_names_texts_that_exist():
    plan = load_plan()
    for (kind, audience), sections in plan.sheets.items():
        assert kind in KINDS and (audience in AUDIENCES or audience == "any")
        for section in sections:
            assert section.heading in SOURCE and (section.intro is None or section.intro in SOURCE)
