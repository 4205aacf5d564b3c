"""action_staff_guidance: a staff question answered from the guidance.

An item that a professional referral question already covers (where to refer someone exposed
to violence, someone who uses it, a child; honour; training) is answered as that referral, so
its cards fit the person asked about (no men's line for a woman); every other item, and "the
plan does not say", from the guidance alone (actions/guidance.py).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guidance import NEED, answer_guidance, chosen_item
from actions.guidance_index import index_for
from actions.needs import load_needs
from actions.refer import ActionRefer
from directory.store import DirectoryUnavailable, current_guidance


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
        need = load_needs().get((index.items.get(item_id) or {}).get("intent") or "")
        if need is not None and need.role == "professional":
            return ActionRefer().refer(dispatcher, tracker, need, item_id)
        answer_guidance(dispatcher, tracker, item_id=item_id)
        return [SlotSet("need", NEED)]
