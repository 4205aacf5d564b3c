"""action_refer: answer the user's need with ranked services from the directory."""

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.needs import Need, load_needs
from actions.render import MAX_SERVICES, referral_payload, services_text
from directory import queries

logger = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def current_time() -> datetime:
    """The clock, in one place so tests can pin it."""
    return datetime.now(STOCKHOLM)


def need_for(tracker: Tracker) -> Optional[Need]:
    """The need of the latest message; an unknown intent falls back to the last need shown."""
    needs = load_needs()
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in needs:
        return needs[intent]
    return needs.get(tracker.get_slot("need") or "")


def rank_for_now(views: List[Any]) -> List[Any]:
    """Services open now before closed ones (stable, so the curated order holds otherwise)."""
    return sorted(views, key=lambda v: v.open_now is False)


class ActionRefer(Action):
    def name(self) -> Text:
        return "action_refer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        need = need_for(tracker)
        if need is None:
            dispatcher.utter_message(response="utter_unclear")
            return []
        language = tracker.get_slot("language") or "sv"
        try:
            views = queries.find_services(
                audiences=need.audiences,
                topics=need.topics,
                language=language,
                now=current_time(),
                include_ids=need.lead,
                limit=MAX_SERVICES,
            )
        except queries.DirectoryUnavailable:
            # the store already logged why, once; the person still gets the always-there lines
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        views = rank_for_now(views)[:MAX_SERVICES]
        dispatcher.utter_message(
            response=need.response,
            services=services_text(views),
            json_message=referral_payload(views, language=language, need=need.name),
        )
        return [SlotSet("need", need.name)]
