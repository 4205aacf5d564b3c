"""The staff guidance (directory/guidance/staff.yml): checked with file:line problems against the
plan and the directory, and loaded with them (all or nothing)."""

import re
import shutil

import pytest

from directory.action_plan import check_plan
from directory.loader import InvalidEntries, load_directory
from directory.staff_guidance import check_guidance
from directory.store import current_guidance
from directory.validate import validate_directory
from tests.directory.conftest import REPO_ROOT

GUIDANCE = REPO_ROOT / "directory" / "guidance"
MEASURES = {m["id"] for m in check_plan(GUIDANCE / "plan.yml")[0]["measures"]}
SERVICES = {r["id"] for r in validate_directory(REPO_ROOT / "directory" / "entries").records}


def test_the_shipped_guidance_is_valid_and_every_item_can_be_asked_in_both_languages():
    guidance, problems = check_guidance(GUIDANCE / "staff.yml", MEASURES, SERVICES)
    assert problems == []
    assert len(guidance["items"]) >= 25
    for item in guidance["items"]:
        assert item["questions"]["sv"] and item["questions"]["en"], item["id"]


def test_routines_the_municipality_has_not_filled_in_are_placeholders_not_inventions():
    guidance, _ = check_guidance(GUIDANCE / "staff.yml", MEASURES, SERVICES)
    routines = [item for item in guidance["items"] if item.get("routine")]
    assert len(routines) == 5
    assert all(r["routine"]["name"] is None and r["routine"]["where"] is None for r in routines)
    assert all("fyll i" in r["routine"]["review_needed"] for r in routines)
    unknown = guidance["routine_answer"]["unknown"]["sv"]
    assert "ledningssystemet" in unknown and "enhetschefen" in unknown


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            (
                "related: [plan-goal, plan-scope, plan-measures]",
                "related: [plan-goal, no-such-item]",
            ),
            "items[0].related[1]",
            'no item "no-such-item"',
        ),
        (
            ("measure: lokala-rutiner", "measure: no-such-measure"),
            "items[10].measure",
            'no measure "no-such-measure" in plan.yml',
        ),
        (
            ("services: [nck-webbkurs]", "services: [nck-webkurs]"),
            "items[7].services[0]",
            'no directory entry "nck-webkurs"',
        ),
        (
            ("kvinnofridslinjen]", "kvinofridslinjen]"),
            "not_in_plan_services[1]",
            'no directory entry "kvinofridslinjen"',
        ),
        (
            ("  - id: plan-goal\n", "  - id: plan-purpose\n"),
            "items[1].id",
            '"plan-purpose" is also item 1',
        ),
    ],
)
def test_a_wrong_reference_is_a_problem_on_its_line(tmp_path, change, field, message):
    text = (GUIDANCE / "staff.yml").read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "staff.yml"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    guidance, problems = check_guidance(broken, MEASURES, SERVICES)
    assert guidance is None
    found = [p for p in problems if (p.field, p.message) == (field, message)]
    assert found, [(p.field, p.message) for p in problems]
    line = broken.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert field.split(".")[-1].split("[")[0] in line


def test_an_item_with_neither_answer_nor_routine_is_refused(tmp_path):
    text = (GUIDANCE / "staff.yml").read_text(encoding="utf-8")
    start = text.index("  - id: plan-goal")
    answer = text.index("    answer:", start)
    questions = text.index("    questions:", start)
    broken = tmp_path / "staff.yml"
    broken.write_text(text[:answer] + text[questions:], encoding="utf-8")
    _, problems = check_guidance(broken, MEASURES, SERVICES)
    assert [p.message for p in problems] == ["give either `answer` or `routine`"]


def test_an_unfilled_routine_must_be_marked_review_needed_and_a_filled_one_need_not(tmp_path):
    text = (GUIDANCE / "staff.yml").read_text(encoding="utf-8")
    unfilled = "name: null, where: null, owner: null,\n"
    marker = re.compile(r'              review_needed: "Routinen skrivs[^"]*"')
    assert text.count(unfilled) == 5 and len(marker.findall(text)) == 5
    unmarked = tmp_path / "unmarked.yml"
    unmarked.write_text(marker.sub("", text, count=1).replace(unfilled, unfilled[:-2], 1))
    _, problems = check_guidance(unmarked, MEASURES, SERVICES)
    missing = "give name, where and owner, or say what is missing in `review_needed`"
    assert [(p.field, p.message) for p in problems] == [("items[24].routine", missing)]
    filled = tmp_path / "filled.yml"
    filled.write_text(
        marker.sub("", text, count=1).replace(
            unfilled, "name: VINR-rutin, where: ledningssystemet, owner: enhetschefen", 1
        )
    )
    assert check_guidance(filled, MEASURES, SERVICES)[1] == []


def test_the_guidance_is_loaded_with_the_directory_and_a_broken_one_loads_nothing(
    loaded, tmp_path, monkeypatch, entries
):
    assert current_guidance()["items"][0]["id"] == "plan-purpose"
    target = tmp_path / "guidance"
    shutil.copytree(GUIDANCE, target)
    monkeypatch.setenv("DIRECTORY_GUIDANCE_DIR", str(target))
    (target / "staff.yml").write_text("items: []\n", encoding="utf-8")
    before = current_guidance()
    with pytest.raises(InvalidEntries) as error:
        load_directory(entries)
    assert any(str(p.path).endswith("staff.yml") for p in error.value.problems)
    assert current_guidance() == before
