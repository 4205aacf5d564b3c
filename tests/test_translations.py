"""`python -m bot.translations`: a language goes into the domain and the directory as data."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot import translations

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_responses():
    """The shipped domain's responses, read once (ruamel takes seconds)."""
    return list(translations.domain_responses())


@pytest.fixture()
def domain(tmp_path):
    copy = tmp_path / "domain"
    shutil.copytree(ROOT / "bot" / "domain", copy)
    return copy


def _translated(source):
    """A stand-in translation: the English text marked, the same number of buttons."""
    out = {}
    for name, langs in source.items():
        entry = {"text": "XX " + langs["en"]["text"]}
        if langs["en"].get("buttons"):
            entry["buttons"] = [f"xx {title}" for title in langs["en"]["buttons"]]
        out[name] = entry
    return out


def _variants(domain, name):
    for path in domain.glob("*.yml"):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        if name in responses:
            return responses[name]
    raise KeyError(name)


def test_template_has_every_translatable_response_in_sv_and_en():
    source = translations.template()
    assert "utter_emergency" in source and "utter_refer_victim" in source
    assert all(set(langs) == {"sv", "en"} for langs in source.values())
    # the bilingual unsupported-language answer is written once, for everyone
    assert "utter_language_unsupported" not in source


@pytest.mark.slow
def test_added_language_comes_before_the_swedish_default(domain):
    source = translations.template()
    wanted = _translated(source)
    wanted["utter_greet"]["review"] = "native speaker: greeting too formal?"
    assert translations.add_responses("xx", wanted, domain) == []
    emergency = _variants(domain, "utter_emergency")
    languages = [translations.variant_language(v) for v in emergency]
    assert languages[-1] == "sv" and "xx" in languages
    new = emergency[languages.index("xx")]
    assert new["text"].startswith("XX Call 112")
    assert [b["payload"] for b in new["buttons"]] == [
        b["payload"] for b in emergency[languages.index("en")]["buttons"]
    ]
    assert new["custom"]["language"] == "xx" and new["custom"]["emergency"] is True
    assert new["custom"]["services"][0]["id"] == "sos-112"
    greet = _variants(domain, "utter_greet")
    marked = next(v for v in greet if translations.variant_language(v) == "xx")
    assert marked["metadata"] == {"review": "native speaker: greeting too formal?"}


@pytest.mark.slow
def test_static_hours_are_localised(domain):
    assert translations.add_responses("pl", _translated(translations.template()), domain) == []
    unavailable = _variants(domain, "utter_service_unavailable")
    polish = next(v for v in unavailable if translations.variant_language(v) == "pl")
    hours = {s["id"]: s.get("hours") for s in polish["custom"]["services"]}
    assert hours["sos-112"] == "Całodobowo"


@pytest.mark.slow
def test_adding_again_replaces_and_problems_are_reported(domain):
    wanted = _translated(translations.template())
    translations.add_responses("xx", wanted, domain)
    wanted["utter_goodbye"]["text"] = "XX corrected"
    del wanted["utter_thank"]
    wanted["utter_nonexistent"] = {"text": "?"}
    wanted["utter_greet"]["buttons"] = ["only one"]
    problems = translations.add_responses("xx", wanted, domain)
    assert "utter_thank: no xx translation" in problems
    assert "utter_nonexistent: not a response in the domain" in problems
    assert any(p.startswith("utter_greet:") and "buttons" in p for p in problems)
    goodbye = [v for v in _variants(domain, "utter_goodbye") if v.get("condition")]
    assert [v["text"] for v in goodbye if translations.variant_language(v) == "xx"] == [
        "XX corrected"
    ]


def test_descriptions_and_review_marks(tmp_path):
    entries = tmp_path / "entries"
    shutil.copytree(ROOT / "directory" / "entries", entries)
    ids = sorted(p.stem for p in entries.glob("*/*.yml"))
    texts = {entry_id: f"Opis {entry_id}" for entry_id in ids}
    texts["bris__review"] = "native speaker: check 'telefon zaufania'"
    assert translations.add_descriptions("pl", texts, entries) == []
    bris = yaml.safe_load((entries / "national" / "bris.yml").read_text(encoding="utf-8"))
    assert bris["description"]["pl"] == "Opis bris"
    assert bris["description"]["review"]["pl"] == "native speaker: check 'telefon zaufania'"
    del texts["bris__review"]
    del texts["roks"]
    assert translations.add_descriptions("pl", texts, entries) == ["roks: no pl description"]
    bris = yaml.safe_load((entries / "national" / "bris.yml").read_text(encoding="utf-8"))
    assert "pl" not in (bris["description"].get("review") or {})


def test_review_document_lists_marked_items():
    text = translations_doc_render({"pl": ["response `utter_greet` (smalltalk.yml): too formal?"]})
    assert "## Polski (`pl`): 1 items" in text
    assert "- response `utter_greet` (smalltalk.yml): too formal?" in text


def translations_doc_render(items):
    from bot.translations_doc import render

    return render(items)


def test_every_response_speaks_every_live_language(shipped_responses):
    from bot.language.detect import load_config

    live = set(load_config().supported)
    missing = []
    for _path, name, variants in shipped_responses:
        if any(translations.written_once(v) for v in variants):
            continue
        have = {translations.variant_language(v) for v in variants}
        missing += [f"{name}: {lang}" for lang in sorted(live - have)]
    assert missing == []


def test_right_to_left_languages_are_marked_in_the_payloads(shipped_responses):
    from bot.language.detect import load_config

    config = load_config()
    for _path, name, variants in shipped_responses:
        for variant in variants:
            custom = variant.get("custom") or {}
            lang = custom.get("language")
            if lang in config.rtl:
                assert custom.get("direction") == "rtl", name


def test_the_review_document_is_up_to_date():
    from bot.translations_doc import render

    document = ROOT / "docs" / "translations.md"
    expected = render(translations.review_items())
    assert document.read_text(encoding="utf-8") == expected, (
        "run: python -m bot.translations review --write docs/translations.md"
    )
