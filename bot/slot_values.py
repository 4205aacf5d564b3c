"""What a message may put into a slot. Slots are set from entities, and a message can write
any entity itself (`/choose_language{"language": "<b>"}`): only known values go through."""

from typing import Any, Callable, Dict, List

from bot.language.detect import load_config
from bot.person.facts import ABUSERS, AGE_GROUPS, CONTACT_LIMITS, GENDERS, WISHES


def is_supported_language(value: Any) -> bool:
    return isinstance(value, str) and value in load_config().supported


# Every entity a slot is filled from, with the check its value must pass; any other is dropped.
CHECKS: Dict[str, Callable[[Any], bool]] = {
    "language": is_supported_language,
    "language_choice": is_supported_language,
    "gender": GENDERS.__contains__,
    "age_group": AGE_GROUPS.__contains__,
    "abuser": ABUSERS.__contains__,
    "contact": CONTACT_LIMITS.__contains__,
    "wants": WISHES.__contains__,
}


def acceptable_entities(entities: Any) -> List[Dict[str, Any]]:
    """The entities whose name is known and whose value passes its check."""
    if not isinstance(entities, list):
        return []
    return [
        entity
        for entity in entities
        if isinstance(entity, dict)
        and isinstance(entity.get("entity"), str)
        and CHECKS.get(entity["entity"], lambda _v: False)(entity.get("value"))
    ]
