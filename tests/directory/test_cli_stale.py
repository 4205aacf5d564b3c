"""`python -m directory stale`."""

from click.testing import CliRunner

from directory.cli import _months_before, cli


def test_stale_report(loaded):
    result = CliRunner().invoke(cli, ["stale"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "  website-only: verified 2020-01-15" in out
    assert "  website-only: No phone number verified." in out
    assert "  all-day-line: falls back to English/Swedish for: fa, so, ti, uk, pl, lattlast" in out
    assert "  kids-line: falls back to English/Swedish for: ar, fa, so, ti, uk, pl, lattlast" in out
    assert "town-office: verified" not in out
    assert "  all-day-line (ar): native speaker: is this the usual wording?" in out
    # the units' routines the municipality has not filled in yet, until it does
    assert "Staff guidance: unit routines marked review_needed (5):" in out
    assert "  routine-home-care: Routinen skrivs" in out


def test_months_option(loaded):
    result = CliRunner().invoke(cli, ["stale", "--months", "1200"])
    assert "Verified before" in result.output and "(0):" in result.output.splitlines()[0]
    assert CliRunner().invoke(cli, ["stale", "--months", "0"]).exit_code == 2


def test_months_before():
    from datetime import date

    assert _months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert _months_before(date(2026, 11, 27), 12) == date(2025, 11, 27)
    assert _months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
