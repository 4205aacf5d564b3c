"""The ways staff ask the guidance items train the intent classifier (bot/guidance_questions.py):
from the data alone, each to its item's intent, and never from a file with problems."""

import shutil

import pytest

from bot.guidance_questions import GuidanceInvalid, GuidanceQuestions, guidance_examples
from tests.directory.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "directory" / "guidance"


def test_every_question_becomes_an_example_of_its_items_intent():
    examples = guidance_examples(SHIPPED / "staff.yml")
    by_text = {e["text"]: e["intent"] for e in examples}
    assert by_text["Vad är målet med vår plan?"] == "ask_guidance"
    assert by_text["Vilken utbildning ska jag gå?"] == "pro_training"  # the web course item
    assert by_text["What is the budget of the action plan?"] == "ask_guidance"  # outside the plan
    assert {e["intent"] for e in examples} >= {"ask_guidance", "pro_victim", "pro_perpetrator"}


def test_the_importer_gives_rasa_the_examples(monkeypatch, tmp_path):
    target = tmp_path / "guidance"
    shutil.copytree(SHIPPED, target)
    monkeypatch.setenv("DIRECTORY_GUIDANCE_DIR", str(target))
    path = target / "staff.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"Vad är målet med vår plan?"',
            '"Vad är målet med vår plan?"\n        - "Vart syftar planen?"',
        ),
        encoding="utf-8",
    )
    data = GuidanceQuestions().get_nlu_data()
    texts = {m.get("text"): m.get("intent") for m in data.intent_examples}
    assert texts["Vart syftar planen?"] == "ask_guidance"


def test_a_broken_guidance_stops_training_with_its_line(tmp_path):
    target = tmp_path / "guidance"
    shutil.copytree(SHIPPED, target)
    path = target / "staff.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("intent: pro_training", "intent: Pro Training", 1),
        encoding="utf-8",
    )
    with pytest.raises(GuidanceInvalid, match=r"staff\.yml:\d+"):
        guidance_examples(path)
