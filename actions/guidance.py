"""A staff question answered from the guidance (directory/guidance/staff.yml).

The answer is the item's own text (or its unit routine's), the services that fit as cards, and
its source in the plan; two or three related items follow as buttons. A question the plan does
not answer gets the honest "the plan does not say" with where to ask, never a guess.
"""

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.guidance_index import GuidanceIndex, index_for
from actions.render import referral_payload, services_text
from directory import queries
from directory.staff_guidance import ROUTINE_FIELDS, routine_filled
from directory.store import DirectoryUnavailable, current_guidance

ITEM_ENTITY = "guidance_item"
NEED = "staff_guidance"
SOURCE_LABEL = {"sv": "Källa", "en": "Source"}
WRITTEN_IN = ("sv", "lattlast", "en")  # the chat languages the guidance is written for


def guidance_language(language: Optional[str]) -> str:
    """The guidance is in Swedish and English: English for English, Swedish for the rest of
    Swedish (easy Swedish), English for any other language (a reader who did not write Swedish)."""
    if language in ("sv", "lattlast", None):
        return "sv"
    return "en"


def item_text(guidance: Dict[str, Any], item: Dict[str, Any], language: str) -> str:
    """The item's answer, or for a unit's routine what is known of it (never an invented one)."""
    if item.get("answer"):
        return str(item["answer"][language])
    routine = item["routine"]
    known = "known" if routine_filled(routine) else "unknown"
    template = guidance["routine_answer"][known][language]
    fields = {key: routine.get(key) or "" for key in ROUTINE_FIELDS}
    return str(template.format(unit=routine["unit"][language], **fields))


def asked_item(tracker: Tracker) -> Optional[str]:
    """The item a button named: /ask_guidance{"guidance_item": "plan-measures"}."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == ITEM_ENTITY and isinstance(entity.get("value"), str):
            return str(entity["value"])
    return None


def related_buttons(index: GuidanceIndex, item: Dict[str, Any], language: str) -> List[dict]:
    return [
        {
            "title": index.items[other]["title"][language],
            "payload": f'/ask_guidance{{"{ITEM_ENTITY}": "{other}"}}',
        }
        for other in item.get("related", [])
        if other in index.items
    ]


def services_or_none(ids: List[str], language: str) -> List[Any]:
    """Cards by id; the answer stands without them when the directory cannot be read."""
    if not ids:
        return []
    try:
        return queries.get_services(ids, language=language)
    except DirectoryUnavailable:
        return []


def chosen_item(tracker: Tracker, index: GuidanceIndex, among: Sequence[str] = ()) -> Optional[str]:
    """The item a button named, or the one that answers the message; None: not in the plan."""
    named = asked_item(tracker)
    if named in index.items:
        return named
    return index.match(tracker.latest_message.get("text") or "", among).item


@dataclass(frozen=True)
class Referral:
    """The services action_refer found for the person asked about, and their text lines."""

    views: List[Any]
    lines: str


def answer_guidance(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    among_intent: Optional[str] = None,
    referral: Optional[Referral] = None,
    item_id: Optional[str] = None,
) -> bool:
    """Answer the latest message from the guidance; False when the guidance cannot be read.
    `among_intent`: a professional intent (pro_perpetrator) whose items answer unless an item of
    the guidance's own is a confident match; `referral`: its services, which then replace the
    item's own cards (they fit the person asked about: no men's line for a woman); `item_id`:
    the item already chosen."""
    if among_intent is not None and tracker.get_slot("language") not in WRITTEN_IN:
        return False  # the referral answer in the person's own language serves them better
    language = guidance_language(tracker.get_slot("language"))
    try:
        guidance = current_guidance()
    except DirectoryUnavailable:
        return False
    index = index_for(guidance)
    among = [
        i for i, item in index.items.items() if among_intent and item.get("intent") == among_intent
    ]
    if among_intent is not None and not among:
        return False  # no item on this question: the referral answer stands
    if item_id is None and among_intent is not None:
        item_id = chosen_item(tracker, index, among)
    if item_id is None:
        # honest, and never a dead end: someone asking for themselves sees where to turn
        views = services_or_none(guidance.get("not_in_plan_services") or [], language)
        dispatcher.utter_message(
            text="\n".join(
                filter(None, [guidance["not_in_plan"][language], services_text(views, language)])
            ),
            json_message={
                **referral_payload(views, language=language, need=NEED, role="professional"),
                ITEM_ENTITY: None,
            },
        )
        return True
    item = index.items[item_id]
    if referral is not None and item.get("intent") == among_intent:
        views, lines = referral.views, referral.lines
    else:
        views = services_or_none(item.get("services") or [], language)
        lines = services_text(views, language)
    source = f"({SOURCE_LABEL[language]}: {item['source'][language]})"
    text = "\n".join(filter(None, [item_text(guidance, item, language), lines, source]))
    dispatcher.utter_message(
        text=text,
        buttons=related_buttons(index, item, language),
        json_message={
            **referral_payload(views, language=language, need=NEED, role="professional"),
            ITEM_ENTITY: item_id,
            "source": item["source"][language],
        },
    )
    return True
