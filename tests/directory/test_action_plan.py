"""The action plan as data: its checks (file:line problems), its load with the directory (all or
nothing), and `python -m directory plan` / `plan due` for the yearly follow-up."""

import re
import shutil
from datetime import date

import pytest
from click.testing import CliRunner

from directory.action_plan import check_plan, due_date, due_measures
from directory.cli import cli
from directory.loader import InvalidEntries, load_directory
from directory.store import current_plan
from tests.directory.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "directory" / "guidance" / "plan.yml"
PLAN_TEXT = REPO_ROOT.parent / "shared" / "handlingsplan-vinr-2026-2028.txt"


@pytest.fixture
def guidance(tmp_path, monkeypatch):
    """A writable copy of the shipped guidance, used by load."""
    target = tmp_path / "guidance"
    shutil.copytree(SHIPPED.parent, target)
    monkeypatch.setenv("DIRECTORY_GUIDANCE_DIR", str(target))
    return target


def test_the_shipped_plan_is_valid_and_has_every_measure_of_the_plan():
    plan, problems = check_plan(SHIPPED)
    assert problems == []
    assert len(plan["measures"]) == 11
    assert {m["area"] for m in plan["measures"]} == {1, 2, 3, 4}
    assert plan["period"] == {"start": 2026, "end": 2028}


@pytest.mark.skipif(not PLAN_TEXT.exists(), reason="the plan's own text is beside the project")
def test_every_date_and_owner_of_the_measures_is_in_the_plan_itself():
    text = " ".join(PLAN_TEXT.read_text(encoding="utf-8").split())
    months = {"01": "Januari", "06": "Juni", "11": "November", "12": "December"}
    plan, _ = check_plan(SHIPPED)
    for measure in plan["measures"]:
        if "due" in measure:
            year, _, month = measure["due"].partition("-")
            assert (f"{months[month]} {year}" if month else year) in text, measure["id"]
        for owner in re.split(r" och |, ", measure["responsible"]):
            assert owner.split()[0].lower() in text.lower(), (measure["id"], owner)


def test_a_broken_plan_gives_every_problem_with_its_line(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("    due: 2026-06\n", "    due: juni\n    deadline: 2026\n", 1)
    text = text.replace(
        "  - id: lokala-rutiner\n    area: 2", "  - id: lokala-rutiner\n    area: 7", 1
    )
    broken = tmp_path / "plan.yml"
    broken.write_text(text, encoding="utf-8")
    plan, problems = check_plan(broken)
    assert plan is None
    messages = {(p.field, p.message) for p in problems}
    lines = text.splitlines()
    assert any(f.endswith(".due") and "2026-12" in m for f, m in messages), messages
    assert any(f.endswith(".deadline") and m.startswith("unknown field") for f, m in messages)
    for problem in problems:  # each points at its own line
        assert problem.line >= 1 and problem.field.split(".")[-1] in lines[problem.line - 1]


def test_area_and_dates_are_checked_across_the_file(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: lokala-rutiner\n    area: 2", "  - id: lokala-rutiner\n    area: 7", 1
    )
    text = text.replace(
        "    recurring: ongoing\n    responsible: IFO och Stab", "    responsible: IFO och Stab", 1
    )
    broken = tmp_path / "plan.yml"
    broken.write_text(text, encoding="utf-8")
    _, problems = check_plan(broken)
    assert {p.message for p in problems} == {
        "area 7 is not in `areas`",
        "give `due` (2026-12), `recurring`, or both",
    }


def test_due_dates_are_the_end_of_the_month_or_year():
    assert due_date({"due": "2026-06"}) == date(2026, 6, 30)
    assert due_date({"due": "2025-12"}) == date(2025, 12, 31)
    assert due_date({"due": "2026"}) == date(2026, 12, 31)
    assert due_date({"recurring": "yearly"}) is None


def test_the_follow_up_lists_what_is_late_what_is_coming_and_what_recurs():
    plan, _ = check_plan(SHIPPED)
    overdue, coming, recurring = due_measures(plan, date(2026, 12, 6), 3)
    assert [m["id"] for m in overdue] == ["chefer-utbildning-rutiner", "revidera-rutin-vinr"]
    assert "lokala-rutiner" in [m["id"] for m in coming]
    assert "planen-kand-av-all-personal" in [m["id"] for m in recurring]
    done = dict(plan, measures=[dict(m, status="done") for m in plan["measures"]])
    assert due_measures(done, date(2026, 12, 6), 3)[:2] == ([], [])  # done is not late


def test_an_invalid_plan_loads_nothing(loaded, guidance):
    before = current_plan()
    (guidance / "plan.yml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(InvalidEntries) as error:
        load_directory(REPO_ROOT / "tests" / "data" / "directory" / "valid")
    assert any(str(p.path).endswith("plan.yml") for p in error.value.problems)
    assert current_plan() == before


def test_a_changed_plan_is_loaded_and_shown(loaded, guidance, entries):
    plan = guidance / "plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("due: 2026-06", "due: 2027-03"), "utf-8"
    )
    assert load_directory(entries).status == "loaded"
    result = CliRunner().invoke(cli, ["plan"])
    assert result.exit_code == 0, result.output
    assert "revidera-rutin-vinr" in result.output and "när: 2027-03" in result.output
    assert result.output.count("  område ") == 11


def test_plan_due_gives_the_three_lists(loaded):
    result = CliRunner().invoke(cli, ["plan", "due", "--months", "12"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Försenade .*: \d+", result.output)
    assert "Ska vara klara inom 12 månader" in result.output
    assert "Återkommande" in result.output and "planen-kand-av-all-personal" in result.output


def test_plan_without_a_loaded_directory_is_a_plain_error(directory_env):
    result = CliRunner().invoke(cli, ["plan"])
    assert result.exit_code == 1 and "python -m directory load" in result.output


def test_validate_checks_the_plan_with_the_entries(guidance, entries):
    (guidance / "plan.yml").write_text(
        SHIPPED.read_text(encoding="utf-8").replace("    due: 2026-06\n", "    due: juni\n", 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(entries)])
    assert result.exit_code == 1
    assert re.search(
        r"plan\.yml:\d+: measures\[4\]\.due: must be a month like 2026-12", result.output
    )
