"""The fast loader reads entry files exactly as ruamel.yaml (YAML 1.2) does."""

from datetime import date

import pytest
from ruamel.yaml import YAML

from directory.settings import PACKAGE_DIR
from directory.validate import validate_directory
from directory.yaml_load import EntryYamlError, load_yaml

from .conftest import BROKEN, VALID


def all_entry_files():
    return sorted(VALID.rglob("*.yml")) + sorted((PACKAGE_DIR / "entries").rglob("*.yml"))


@pytest.mark.parametrize("path", all_entry_files(), ids=lambda path: path.stem)
def test_same_data_as_ruamel(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == YAML(typ="safe").load(text)


def test_yaml_1_2_scalars():
    text = "a: yes\nb: no\nc: 12:00\nd: 0583\ne: true\nf: ~\ng: 2026-11-26\nh: 1.5\ni: 0x1F\nj:\n"
    expected = {
        "a": "yes",
        "b": "no",
        "c": "12:00",
        "d": 583,
        "e": True,
        "f": None,
        "g": date(2026, 11, 26),
        "h": 1.5,
        "i": 31,
        "j": None,
    }
    assert load_yaml(text) == expected
    assert YAML(typ="safe").load(text) == expected


def test_duplicate_keys_are_errors():
    with pytest.raises(EntryYamlError) as raised:
        load_yaml("id: a\nname: A\nphones: []\nname: B\n")
    assert raised.value.line == 4
    assert 'duplicate key "name"' in str(raised.value)


def test_syntax_errors_have_lines():
    with pytest.raises(EntryYamlError) as raised:
        load_yaml("id: a\nlist: [a, b\nname: x\n")
    assert raised.value.line == 3


def test_duplicate_key_in_an_entry_file(tmp_path):
    source = (VALID / "national" / "kids-line.yml").read_text()
    (tmp_path / "kids-line.yml").write_text(source + "priority: 10\n")
    problem = validate_directory(tmp_path).problems[0]
    assert "YAML syntax error" in problem.message and "priority" in problem.message
    assert problem.line == source.count("\n") + 1
    assert not validate_directory(BROKEN / "yaml-syntax").ok


def test_odd_yaml_is_refused_with_a_line():
    for text, line, words in [
        ("a: 1\nb: !!binary aGk=\n", 2, "unsupported tag"),
        ("a: &x [1, *x]\n", 1, "refers to itself"),
        ("? [a, b]\n: c\n", 1, "plain value"),
    ]:
        with pytest.raises(EntryYamlError) as raised:
            load_yaml(text)
        assert raised.value.line == line and words in str(raised.value)
    assert load_yaml("") is None
    assert load_yaml("a: &x 1\nb: *x\n") == {"a": 1, "b": 1}
