"""`python -m directory show ID`."""

from click.testing import CliRunner

from directory.cli import cli


def test_show_every_field(loaded):
    result = CliRunner().invoke(cli, ["show", "town-office"])
    assert result.exit_code == 0, result.output
    for text in [
        "id: town-office",
        "name: Town Office",
        "municipality: Askersund",
        "uri: tel:+4658381000",
        "verified_on: '2026-11-01'",
        "# hours (sv): Mån–tors 08–12, 13–16, fre 08–12, 13–15",
        "# hours (en): Mon–Thu 08–12, 13–16, Fri 08–12, 13–15",
        "# open now: ",
    ]:
        assert text in result.output


def test_unknown_id(loaded):
    result = CliRunner().invoke(cli, ["show", "nope"])
    assert result.exit_code == 1
    assert 'No entry with the id "nope"' in result.output


def test_id_is_required(loaded):
    assert CliRunner().invoke(cli, ["show"]).exit_code == 2
