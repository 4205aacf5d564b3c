"""`python -m directory list`."""

import pytest
from click.testing import CliRunner

from directory.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, ["list", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def ids(lines):
    return [line.split()[0] for line in lines[1:]]


def test_table_of_everything(loaded):
    lines = run()
    assert lines[0].split() == ["ID", "NAME", "AREA", "PHONE"]
    assert len(lines) == 16
    office = next(line for line in lines if line.startswith("town-office"))
    assert office.split("  ")[-1].strip() == "0583-810 00"
    assert "Askersund" in office
    assert any("Paused Line [temporarily_closed]" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--audience", "child"], ["kids-line", "town-office"]),
        (["--topic", "honour"], ["office-line", "town-office"]),
        (["--area", "Kumla"], ["kumla-office"]),
        (["--area", "region"], ["far-away", "regional-clinic", "regional-shelter"]),
        (
            ["--area", "örebro län", "--audience", "victim"],
            ["kumla-office", "regional-clinic", "regional-shelter", "town-office"],
        ),
        (["--language", "ar"], ["all-day-line", "evening-line"]),
    ],
)
def test_filters(loaded, args, expected):
    assert ids(run(*args)) == expected


def test_no_match(loaded):
    assert run("--topic", "lgbtq") == ["No entries match."]


def test_nothing_loaded_is_a_plain_error(directory_env):
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 1
    assert "not loaded" in result.output and "Traceback" not in result.output
