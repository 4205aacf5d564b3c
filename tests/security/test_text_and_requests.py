"""What a chat request may contain: one normalisation for every text, bounded JSON, safe ids."""

import json

import pytest

from bot.channels.limits import (
    MAX_JSON_DEPTH,
    BadRequest,
    json_depth,
    parse_forget,
    parse_incoming,
)
from bot.safety.text import fold
from bot.text import normalise

JSON = "application/json"


def body(**fields):
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\ud800 hej", "hej"),
        ("hej\udfff", "hej"),
        ("a\u200bb", "ab"),
        ("\u202eevil\u202c", "evil"),
        ("\ufeffhej\x00\x07", "hej"),
        ("e\u0301", "é"),  # NFC
        ("rad ett\nrad två\tflik", "rad ett\nrad två\tflik"),
        ("\ufdd0x\uffff", "x"),
    ],
)
def test_normalise_removes_what_no_reader_can_use(raw, clean):
    assert normalise(raw) == clean


def test_the_persian_half_space_reaches_the_classifier_as_written():
    word = "می\u200cخواهم"
    assert normalise(word) == word
    assert parse_incoming(JSON, body(sender="s", message=word), 2000).text == word
    assert fold(word) == fold("می خواهم")  # the danger rules read it as two words


def test_a_lone_surrogate_in_json_is_removed_not_an_error():
    raw = b'{"sender": "s", "message": "\\ud800 min sambo sl\\u00e5r mig"}'
    assert parse_incoming(JSON, raw, 2000).text == "min sambo slår mig"


def test_deep_json_is_a_400_not_a_500():
    deep = b'{"sender": "s", "message": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    with pytest.raises(BadRequest) as error:
        parse_incoming(JSON, deep, 2000)
    assert error.value.status == 400 and "deeper" in error.value.reason


def test_brackets_inside_strings_do_not_count_as_depth():
    text = "[" * 500 + '\\"{' * 10
    assert json_depth(body(sender="s", message=text)) == 1
    assert json_depth(b'{"a": [[[1]]]}') == 4
    assert MAX_JSON_DEPTH >= 4


@pytest.mark.parametrize("sender", [" x ", "x ", "", "a/b", "<b>", "x" * 129, "é", 5, None])
def test_sender_ids_are_exact_and_from_a_safe_set(sender):
    with pytest.raises(BadRequest) as error:
        parse_incoming(JSON, body(sender=sender, message="hej"), 2000)
    assert error.value.status == 400


@pytest.mark.parametrize("sender", ["x", "me", "3f2b8c1e-2d4a-4e5b-9c1a-0b7e6d5c4a3f", "load-1a2b"])
def test_the_ids_clients_make_are_accepted(sender):
    assert parse_incoming(JSON, body(sender=sender, message="hej"), 2000).sender == sender


@pytest.mark.parametrize(
    ("content_type", "raw", "status"),
    [
        ("text/plain", body(sender="x"), 415),
        (None, body(sender="x"), 415),
        ("application/x-www-form-urlencoded", b"sender=x", 415),
        (JSON, b"[1]", 400),
        (JSON, body(sender=" x "), 400),
    ],
)
def test_forget_takes_only_json_with_an_exact_sender(content_type, raw, status):
    with pytest.raises(BadRequest) as error:
        parse_forget(content_type, raw)
    assert error.value.status == status
    assert parse_forget(JSON, body(sender="x")) == "x"


def test_the_training_data_is_in_the_one_normal_form():
    """The classifier learns from text in the form the channel gives it."""
    from pathlib import Path

    from harness.nlu_files import examples

    data = Path(__file__).resolve().parent.parent.parent / "data" / "nlu"
    texts = [text for path in sorted(data.rglob("*.yml")) for text, _ in examples(path)]
    assert len(texts) > 10_000
    assert [t for t in texts if normalise(t) != t] == []
