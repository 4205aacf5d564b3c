"""The language detector with all the product's languages, and the live two-language config."""

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from bot.language.detect import _key, all_languages, detect, load_config

HERE = Path(__file__).parent
LANGUAGE_DIR = Path(__file__).resolve().parents[2] / "bot" / "language"
EIGHT = ("sv", "en", "ar", "fa", "so", "ti", "uk", "pl")


@pytest.fixture(scope="module")
def eight():
    return load_config(EIGHT)


@pytest.fixture(scope="module")
def everything():
    """The eight languages and easy Swedish."""
    return load_config(all_languages())


def read_messages():
    pairs = []
    for line in (HERE / "short_messages.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            pairs.append((lang, text))
    return pairs


def lexicon_words():
    data = yaml.safe_load((LANGUAGE_DIR / "lexicon.yml").read_text(encoding="utf-8"))
    data.pop("recognised_unsupported")
    return {lang: [str(w) for w in spec["words"]] for lang, spec in data.items()}


# --- configuration -------------------------------------------------------------------------


def test_the_live_bot_speaks_the_configured_languages():
    languages = yaml.safe_load((LANGUAGE_DIR / "languages.yml").read_text(encoding="utf-8"))
    assert load_config().supported == tuple(languages["languages"])
    product = {"sv", "en", "ar", "fa", "so", "ti", "uk", "pl", "lattlast"}
    assert set(languages["languages"]) | set(languages.get("planned") or {}) == product


def test_any_subset_of_live_and_planned_languages_can_be_configured(eight):
    assert eight.supported == EIGHT
    assert eight.rtl == {"ar", "fa"}
    assert "ti" not in eight.langdetect_codes
    assert set(eight.lexicon) == set(EIGHT)
    assert load_config(["sv", "pl"]).supported == ("sv", "pl")
    with pytest.raises(ValueError):
        load_config(["sv", "xx"])


def test_a_configured_language_is_never_treated_as_unsupported():
    config = load_config(["sv", "en", "ar"])
    assert "ar" not in config.unsupported
    assert "ru" in config.unsupported


def test_every_lexicon_says_who_reviewed_it():
    data = yaml.safe_load((LANGUAGE_DIR / "lexicon.yml").read_text(encoding="utf-8"))
    for lang in ("ar", "fa", "so", "ti", "uk", "pl"):
        assert data[lang]["review"] == "native speaker"
    assert data["recognised_unsupported"]["ru"]["review"] == "native speaker"


# --- script --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["ሰላም", "ሓገዝ የድልየኒ", "ሰብኣየይ ይወቕዓኒ", "ⶀⶁ", "ꬁꬂꬃ", "hi ሰላም ሓገዝ የድልየኒ"],
)
def test_ethiopic_script_is_tigrinya(eight, text):
    decision = detect(text, config=eight)
    assert decision.language == "ti" and decision.method == "script"
    assert decision.confidence >= 0.95


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("زوجي يضربني", "ar"),
        ("أحتاج مساعدة", "ar"),
        ("مرحبا", "ar"),
        ("سلام", "ar"),  # nothing Persian about it
        ("شوهرم منو میزنه", "fa"),  # Persian ye
        ("کمک", "fa"),  # Persian kaf
        ("پدرم", "fa"),  # pe
        ("چطور", "fa"),
        ("ژ گ", "fa"),
        ("ممنون", "fa"),  # a Persian word without Persian letters
        ("مرسي", "fa"),  # typed with the Arabic ye
        ("شوهرم منو ميزنه", "fa"),  # Persian on an Arabic keyboard
    ],
)
def test_arabic_script_is_persian_when_letters_or_words_say_so(eight, text, language):
    decision = detect(text, config=eight)
    assert decision.language == language and decision.method == "script"


@pytest.mark.parametrize(
    ("text", "language", "unsupported"),
    [
        ("мені потрібна допомога", "uk", None),
        ("допомога", "uk", None),  # no telling letters: Ukrainian by default
        ("так", "uk", None),
        ("чоловік мене б'є", "uk", None),
        ("мне нужна помощь", None, "ru"),  # Russian-only words
        ("помогите", None, "ru"),
        ("муж бьёт меня", None, "ru"),  # ё
        ("мы здесь", None, "ru"),  # ы
        ("мені треба допомога, муж бьет", "uk", None),  # Ukrainian letters win a mix
    ],
)
def test_cyrillic_is_ukrainian_unless_clearly_russian(eight, text, language, unsupported):
    decision = detect(text, config=eight)
    assert (decision.language, decision.unsupported) == (language, unsupported)
    assert decision.method == "script"


@pytest.mark.parametrize(
    ("text", "unsupported"),
    [("زوجي يضربني", "ar"), ("شوهرم منو میزنه", "fa"), ("ሰላም", "ti"), ("привіт", "uk")],
)
def test_a_config_without_a_language_recognises_its_script_without_switching(text, unsupported):
    decision = detect(text, config=load_config(["sv", "en"]))
    assert decision.language is None and decision.unsupported == unsupported


# --- lexicon -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", EIGHT)
def test_every_lexicon_entry_only_one_language_has_is_that_language(eight, lang):
    words = lexicon_words()
    others = {_key(w) for other, ws in words.items() if other != lang for w in ws}
    own = [w for w in words[lang] if _key(w) not in others]
    assert len(own) >= 25
    wrong = [(w, detect(w, config=eight).language) for w in own]
    assert [(w, got) for w, got in wrong if got != lang] == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hej", "sv"),
        ("tack", "sv"),
        ("hjalp mig snalla", "sv"),
        ("taack", "sv"),  # repeated letters
        ("thx", "en"),
        ("help me pls", "en"),
        ("tak", "pl"),
        ("nie", "pl"),
        ("dziekuje", "pl"),  # without diacritics
        ("maz mnie bije", "pl"),
        ("szwagier mnie szarpał", "pl"),  # Polish letters and spelling
        ("haa", "so"),
        ("mahadsanid", "so"),
        ("waan baqayaa", "so"),
    ],
)
def test_latin_script_languages_by_lexicon(eight, text, language):
    assert detect(text, config=eight).language == language


@pytest.mark.parametrize("text", ["ja", "i", "a", "no", "u", "do", "ma", "to"])
def test_words_common_to_two_languages_decide_nothing(eight, text):
    assert detect(text, config=eight).language is None


def test_collisions_do_not_change_a_swedish_english_bot():
    assert detect("ja", config=load_config(["sv", "en"])).language == "sv"
    assert detect("hej", config=load_config(["sv", "en"])).language == "sv"


# --- explicit choices ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("på svenska tack", "sv"),
        ("svenska", "sv"),
        ("in English please", "en"),
        ("kan du skriva på engelska", "en"),
        ("in Arabic please", "ar"),
        ("بالعربي لو سمحت", "ar"),
        ("عربي", "ar"),
        ("farsi please", "fa"),
        ("på dari", "fa"),
        ("به فارسی لطفا", "fa"),
        ("fadlan af soomaali", "so"),
        ("på somaliska", "so"),
        ("tigrinya please", "ti"),
        ("ብትግርኛ", "ti"),
        ("українською, будь ласка", "uk"),
        ("in Ukrainian", "uk"),
        ("po polsku proszę", "pl"),
        ("på polska tack", "pl"),
        ("lättläst", "lattlast"),
        ("kan du skriva enklare svenska", "lattlast"),
        ("på lätt svenska", "lattlast"),
    ],
)
def test_explicit_choice_for_every_language(everything, text, language):
    decision = detect(text, config=everything)
    assert decision.explicit and decision.language == language
    assert decision.confidence == 1.0


def test_easy_swedish_only_when_configured(eight):
    assert detect("lättläst", config=eight).language != "lattlast"
    assert detect("på lätt svenska", config=eight).language != "lattlast"


@pytest.mark.parametrize("text", ["in Arabic please", "po polsku", "af soomaali", "lättläst"])
def test_a_configuration_never_switches_to_a_language_it_lacks(text):
    assert detect(text, config=load_config(["sv", "en"])).language in (None, "sv", "en")


# --- determinism, unclear, unsupported -----------------------------------------------------


def test_detection_is_deterministic(eight):
    texts = [text for _, text in read_messages()[::7]]
    first = [detect(t, config=eight) for t in texts]
    for _ in range(3):
        assert [detect(t, config=load_config(EIGHT)) for t in texts] == first


@pytest.mark.parametrize(
    "text", ["ok", "mm", "?", "123", "👍", "hmm", "haha", "aa", "ok ok", "asdf", "Anna", "xd"]
)
def test_short_unclear_messages_give_no_language(eight, text):
    assert detect(text, config=eight).language is None


def test_unsupported_languages_are_recognised_with_all_languages(eight):
    decision = detect("Ich brauche Hilfe, mein Mann schlägt mich jeden Tag", config=eight)
    assert decision.language is None and decision.unsupported == "de"


# --- the labelled short messages ------------------------------------------------------------


def test_the_message_set_is_big_short_and_fresh():
    pairs = read_messages()
    per_language = Counter(lang for lang, _ in pairs)
    assert len(pairs) >= 400
    assert set(per_language) == set(EIGHT)
    assert min(per_language.values()) >= 50
    assert all(1 <= len(text.split()) <= 6 for _, text in pairs)
    assert len(set(pairs)) == len(pairs)
    words = {lang: {_key(w) for w in ws} for lang, ws in lexicon_words().items()}
    copied = Counter(lang for lang, text in pairs if _key(text) in words[lang])
    assert all(copied[lang] <= per_language[lang] / 3 for lang in per_language)


def test_accuracy_on_short_messages_with_all_languages(eight):
    right, total = defaultdict(int), defaultdict(int)
    for lang, text in read_messages():
        total[lang] += 1
        right[lang] += detect(text, config=eight).language == lang
    accuracy = {lang: right[lang] / total[lang] for lang in total}
    assert sum(right.values()) / sum(total.values()) >= 0.97
    assert min(accuracy.values()) >= 0.95, accuracy


@pytest.mark.parametrize(
    "text",
    ["bf gets violent when hes drunk", "i've been thinking a lot about killing myself lately"],
)
def test_english_chat_is_english_not_unsure_or_dutch(text):
    # a first message has only the default language to fall back on: it must be recognised
    assert detect(text).language == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("як отримати kontaktförbud", "uk"),
        ("чи є barnahus в örebro", "uk"),
        ("kontaktförbud شو يعني", "ar"),
        ("Ring socialtjänsten i Örebro", "sv"),
        ("skyddat boende ma jiraa askersund", "so"),
        ("czy w askersund jest kvinnojour", "pl"),
    ],
)
def test_swedish_service_names_inside_another_script_keep_that_language(text, language):
    assert detect(text, config=load_config(EIGHT)).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [("دری لطفا", "fa"), ("به زبان دری گپ بزنید", "fa"), ("українською мовою", "uk")],
)
def test_more_ways_to_ask_for_a_language(text, language):
    decision = detect(text, config=load_config(EIGHT))
    assert decision.explicit and decision.language == language


def test_spanish_or_portuguese_is_foreign_even_when_langdetect_hesitates_between_them():
    decision = detect("mi marido me pega y tengo miedo, no hablo sueco", config=load_config(EIGHT))
    assert decision.language is None and decision.unsupported == "es"


@pytest.mark.parametrize(
    "text", ["enkla ord tack", "kan du skriva lätt", "jag vill läsa lätt text", "lättare ord"]
)
def test_asking_for_simple_words_is_asking_for_easy_swedish(text):
    decision = detect(text, config=load_config((*EIGHT, "lattlast")))
    assert decision.explicit and decision.language == "lattlast"


def test_saying_that_one_writes_simply_is_not_a_choice():
    assert not detect("jag skriver enkelt till dig om min man").explicit
