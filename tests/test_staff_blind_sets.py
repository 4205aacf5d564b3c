"""The staff questions' blind sets (played by bench/staff_eval.py) are as the issue asks."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

BLIND = Path(__file__).resolve().parent / "blind"


@pytest.mark.parametrize("folder", ["staff", "staff2"])
def test_each_blind_set_is_as_large_as_the_issue_asks(folder):
    cases = yaml.safe_load((BLIND / folder / "questions.yml").read_text(encoding="utf-8"))["cases"]
    languages = Counter(c["language"] for c in cases)
    expected = Counter(c["expect"] for c in cases)
    assert len(cases) >= 80 and languages["sv"] >= 60 and languages["en"] >= 20
    assert expected["none"] >= 15
    assert len({c["id"] for c in cases}) == len(cases)
