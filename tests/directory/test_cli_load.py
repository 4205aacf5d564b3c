"""`python -m directory load`."""

from click.testing import CliRunner

from directory.cli import cli

from .conftest import BROKEN


def test_load_then_unchanged(directory_env, entries):
    runner = CliRunner()
    first = runner.invoke(cli, ["load", str(entries)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Loaded 15 entries into sqlite:///")
    second = runner.invoke(cli, ["load", str(entries)])
    assert second.exit_code == 0
    assert "unchanged" in second.output
    assert directory_env["snapshot"].exists()


def test_invalid_entries_load_nothing(directory_env):
    result = CliRunner().invoke(cli, ["load", str(BROKEN / "bad-phone")])
    assert result.exit_code == 1
    assert "phones[0].number" in result.output
    assert "Nothing was loaded: 1 problem(s) to fix first." in result.output
    assert not directory_env["db_path"].exists()


def test_default_path_from_the_environment(directory_env, entries, monkeypatch):
    monkeypatch.setenv("DIRECTORY_ENTRIES_DIR", str(entries))
    result = CliRunner().invoke(cli, ["load"])
    assert result.exit_code == 0 and "Loaded 15 entries" in result.output


def test_a_corrupt_database_is_rebuilt(directory_env, entries):
    runner = CliRunner()
    runner.invoke(cli, ["load", str(entries)])
    directory_env["db_path"].write_bytes(b"\x00garbage" * 500)
    result = runner.invoke(cli, ["load", str(entries)])
    assert result.exit_code == 0, result.output
    assert "Loaded 15 entries" in result.output


def test_a_missing_folder_is_a_plain_error(directory_env, monkeypatch, tmp_path):
    monkeypatch.setenv("DIRECTORY_ENTRIES_DIR", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(cli, ["load"])
    assert result.exit_code == 1
    assert "Load failed:" in result.output and "is not a file or folder" in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_snapshot_is_reported(directory_env, entries, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DIRECTORY_SNAPSHOT_PATH", str(blocker / "snapshot.json"))
    result = CliRunner().invoke(cli, ["load", str(entries)])
    assert result.exit_code == 1
    assert "the entries were loaded, but the snapshot" in result.output
