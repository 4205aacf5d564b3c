"""No invented facts in the staff answers: every number, date and owner in them is in the plan or
the facts file (harness/guidance_facts.py), and the check itself catches invented ones."""

import pytest
import yaml

from harness.guidance_facts import Sources, measure_mismatches, unsupported
from tests.directory.conftest import REPO_ROOT

GUIDANCE = yaml.safe_load((REPO_ROOT / "directory/guidance/staff.yml").read_text(encoding="utf-8"))
MEASURES = {
    m["id"]: m
    for m in yaml.safe_load((REPO_ROOT / "directory/guidance/plan.yml").read_text())["measures"]
}
SOURCES = Sources.shared()
needs_sources = pytest.mark.skipif(
    SOURCES is None, reason="the plan and facts file are beside the project"
)


def answers():
    for item in GUIDANCE["items"]:
        for language in ("sv", "en"):
            if item.get("answer"):
                yield item, item["answer"][language]
    for language in ("sv", "en"):
        yield None, GUIDANCE["not_in_plan"][language]
        for kind in ("known", "unknown"):
            yield None, GUIDANCE["routine_answer"][kind][language]


@needs_sources
@pytest.mark.parametrize(
    ("item", "text"), list(answers()), ids=lambda v: v["id"] if isinstance(v, dict) else None
)
def test_every_number_date_and_owner_in_an_answer_is_in_the_sources(item, text):
    assert unsupported(text, SOURCES) == []
    if item and item.get("measure"):
        assert measure_mismatches(text, MEASURES[item["measure"]]) == []


@needs_sources
def test_the_check_catches_an_invented_number_date_and_owner():
    invented = "Ring 020-12 34 56. Rutinen ska vara klar senast mars 2027; kursen kostar 900 kr."
    assert unsupported(invented, SOURCES) == ["020-12 34 56", "2027", "900", "mars 2027"]
    assert unsupported("Ring Kvinnofridslinjen på 020-50 50 50, dygnet runt.", SOURCES) == []
    local_routines = MEASURES["lokala-rutiner"]
    assert measure_mismatches("IFO ska ha rutinen klar senast juni 2026.", local_routines) == [
        "names [(6, '2026')], the plan says 2026-12",
        "names ifo as responsible, the plan says Alla verksamheter",
    ]
    assert (
        measure_mismatches("Klar senast december 2026.\n• Socialtjänsten (IFO)", local_routines)
        == []
    )
