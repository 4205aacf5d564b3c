"""`python -m directory validate`."""

from click.testing import CliRunner

from directory.cli import cli

from .conftest import BROKEN, VALID


def test_valid_directory():
    result = CliRunner().invoke(cli, ["validate", str(VALID)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        f"OK: 15 entries in {VALID}, the action plan and the staff guidance are valid."
    ]


def test_every_problem_is_listed_as_path_line_field_message():
    result = CliRunner().invoke(cli, ["validate", str(BROKEN / "many-problems")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 6
    assert lines[1].endswith(
        'many-problems.yml:8: audiences[0]: unknown audience "kids" '
        "(known: child, everyone, person_using_violence, professional, "
        "relative, victim, young_person)"
    )
    assert lines[-1] == "5 problem(s) in 1 file(s); fix them and run again."
    assert "Traceback" not in result.output


def test_yaml_errors_have_their_line():
    result = CliRunner().invoke(cli, ["validate", str(BROKEN / "yaml-syntax")])
    assert result.exit_code == 1
    assert "bad-yaml.yml:9: YAML syntax error" in result.output


def test_default_is_the_entries_folder(monkeypatch):
    monkeypatch.setenv("DIRECTORY_ENTRIES_DIR", str(VALID))
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0 and "15 entries" in result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
