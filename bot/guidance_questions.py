"""A Rasa training-data importer: the ways staff ask the guidance items as intent examples.

The questions live once, beside their answers in directory/guidance/staff.yml. At training time
they become examples of `ask_guidance` (or of the item's own professional intent, such as
`pro_perpetrator`), so the classifier learns what a staff question looks like; which item
answers it is chosen by the action server from the loaded guidance (actions/guidance_index.py),
so an edited answer or a new phrasing needs no code change. The questions the plan does not
answer (`outside_plan`) train `ask_guidance` too: the action then says the plan does not say.
"""

from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Union

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from directory.action_plan import PLAN_FILE, check_plan
from directory.settings import get_settings
from directory.staff_guidance import GUIDANCE_FILE, check_guidance

GUIDANCE_INTENT = "ask_guidance"
LANGUAGES = ("sv", "en")  # the guidance is written in Swedish and English


class GuidanceInvalid(ValueError):
    """staff.yml has problems: training stops with them rather than learn from half the data."""


def guidance_examples(path: Path) -> List[Dict[str, str]]:
    """Every staff question in the file with the intent it trains, in file order."""
    plan, plan_problems = check_plan(path.parent / PLAN_FILE)
    measures = {measure["id"] for measure in (plan or {}).get("measures", [])}
    guidance, problems = check_guidance(path, measures)
    if plan is None or guidance is None:
        raise GuidanceInvalid("\n".join(str(p) for p in [*plan_problems, *problems]))
    examples = []
    for item in guidance["items"]:
        intent = item.get("intent") or GUIDANCE_INTENT
        for language in LANGUAGES:
            examples += [{"text": q, "intent": intent} for q in item["questions"][language]]
    for language in LANGUAGES:
        examples += [
            {"text": q, "intent": GUIDANCE_INTENT} for q in guidance["outside_plan"][language]
        ]
    return examples


class GuidanceQuestions(TrainingDataImporter):
    """Adds the guidance questions to the NLU data; everything else comes from RasaFileImporter."""

    def __init__(
        self,
        config_file: Optional[Text] = None,
        domain_path: Optional[Text] = None,
        training_data_paths: Optional[Union[List[Text], Text]] = None,
        **kwargs: Any,
    ) -> None:
        self.path = get_settings().guidance_dir / GUIDANCE_FILE

    def get_nlu_data(self, language: Optional[Text] = "en") -> TrainingData:
        messages = [
            Message.build(text=example["text"], intent=example["intent"])
            for example in guidance_examples(self.path)
        ]
        return TrainingData(training_examples=messages)

    def get_domain(self) -> Domain:
        return Domain.empty()

    def get_stories(self, exclusion_percentage: Optional[int] = None) -> StoryGraph:
        return StoryGraph([])

    def get_conversation_tests(self) -> StoryGraph:
        return StoryGraph([])

    def get_config(self) -> Dict:
        return {}

    def get_config_file_for_auto_config(self) -> Optional[Text]:
        return None
