"""Every command has help text and is documented in the README, so the docs cannot drift."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from directory.cli import cli, command_names

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(name):
    assert cli.commands[name].help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    first_line = cli.commands[name].help.split("\n")[0]
    assert first_line in " ".join(result.output.split())


def test_every_command_is_in_the_readme():
    assert README.exists(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"python -m directory {name}" not in text]
    assert missing == [], f"README.md does not show: {missing}"
