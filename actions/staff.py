"""action_staff_guidance: a staff question answered from the guidance.

An item that a professional referral question already covers (where to refer someone exposed
to violence, someone who uses it, a child; honour; training) is answered as that referral, so
its cards fit the person asked about (no men's line for a woman); every other item, and "the
plan does not say", from the guidance alone (actions/guidance.py).
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guidance import NEED, answer_guidance, chosen_item
from actions.guidance_index import index_for
from actions.needs import Need, load_needs
from actions.refer import ActionRefer
from directory.store import DirectoryUnavailable, current_guidance

# A citizen's need this likely beside the staff guess: a message the plan does not answer is
# then answered as that need ("last year he held a knife to my throat, can I still report it?").
CITIZEN_SECOND = 0.15


def citizens_need(tracker: Tracker, needs: Dict[str, Need]) -> Optional[Need]:
    """The classifier's best citizen need for this message, if it is a real contender."""
    for guess in tracker.latest_message.get("intent_ranking") or []:
        need = needs.get(guess.get("name") or "")
        if need is not None and need.role != "professional":
            return need if float(guess.get("confidence") or 0) >= CITIZEN_SECOND else None
    return None


class ActionStaffGuidance(Action):
    def name(self) -> Text:
        return "action_staff_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            index = index_for(current_guidance())
        except DirectoryUnavailable:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        item_id = chosen_item(tracker, index)
        needs = load_needs()
        need = needs.get((index.items.get(item_id or "") or {}).get("intent") or "")
        if need is not None and need.role == "professional":
            return ActionRefer().refer(dispatcher, tracker, need, item_id)
        citizen = citizens_need(tracker, needs) if item_id is None else None
        if citizen is not None:
            # "the plan does not say" helps no one who may be asking for themselves
            return ActionRefer().refer(dispatcher, tracker, citizen)
        answer_guidance(dispatcher, tracker, item_id=item_id)
        return [SlotSet("need", NEED)]
