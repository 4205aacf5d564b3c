"""`python -m directory export --format hsds`."""

import json

from click.testing import CliRunner

from directory.cli import cli


def test_export_to_stdout(loaded):
    result = CliRunner().invoke(cli, ["export", "--format", "hsds"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["services"]) == 15
    assert {"organizations", "phones", "schedules", "languages", "service_areas"} <= set(data)


def test_export_to_a_file(loaded, tmp_path):
    target = tmp_path / "hsds.json"
    result = CliRunner().invoke(cli, ["export", "--output", str(target)])
    assert result.exit_code == 0
    assert "Wrote 15 services" in result.output
    assert len(json.loads(target.read_text())["services"]) == 15


def test_unknown_format_is_a_usage_error(loaded):
    assert CliRunner().invoke(cli, ["export", "--format", "csv"]).exit_code == 2


def test_an_unwritable_output_is_a_plain_error(loaded, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--output", str(tmp_path / "no" / "such.json")])
    assert result.exit_code == 1
    assert "Cannot write" in result.output and "Traceback" not in result.output
