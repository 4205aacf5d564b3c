"""action_refer: answer the user's need with ranked services from the directory that fit them."""

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guidance import Referral, answer_guidance
from actions.needs import Need, load_needs, route_need
from actions.render import MAX_SERVICES, referral_payload, routes_text, services_text
from directory import queries

logger = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Slots that hold what the person said about themselves (bot/domain/core.yml).
FACT_SLOTS = ("gender", "age_group", "abuser", "contact", "wants")
# Facts the narrowing buttons ask for: once one is known, the buttons are not offered again.
NARROWED_BY = ("gender", "age_group", "abuser", "contact")
# When nothing listed is open now, these always-open lines are added (they take anyone);
# for a person who asked to stay anonymous, only 112.
ALWAYS_OPEN = ("sos-112", "polisen")


def current_time() -> datetime:
    """The clock, in one place so tests can pin it."""
    return datetime.now(STOCKHOLM)


def need_for(tracker: Tracker) -> Optional[Need]:
    """The need of the latest message; an unknown intent (a fact about the person, "ok") falls
    back to the last need shown, or else to the classifier's best guess that is a need."""
    needs = load_needs()
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name")
    if intent in needs:
        return needs[intent]
    if tracker.get_slot("need") in needs:
        return needs[tracker.get_slot("need")]
    ranked = (r.get("name") for r in message.get("intent_ranking") or [])
    return next((needs[name] for name in ranked if name in needs), None)


def person_facts(tracker: Tracker) -> Dict[str, Optional[str]]:
    """What the person has said about themselves in this conversation, this message included
    (its entities are not slots yet while the action runs)."""
    facts = {name: tracker.get_slot(name) for name in FACT_SLOTS}
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") in FACT_SLOTS and isinstance(entity.get("value"), str):
            facts[entity["entity"]] = entity["value"]
    # who is hurt, in this message only (PersonFactsDetector's decision)
    person = tracker.latest_message.get("person") or {}
    facts["role"] = person.get("role_decision") if isinstance(person, dict) else None
    return facts


def person_for(need: Need, facts: Dict[str, Optional[str]]) -> queries.Person:
    known = {**facts, **{k: v for k, v in need.assume.items() if not facts.get(k)}}
    return queries.Person(
        gender=known.get("gender"),
        age_group=known.get("age_group"),
        cannot_phone=known.get("contact") in ("deaf", "cannot_speak"),
        asking_as=need.role if need.role in ("relative", "professional") else None,
        anonymous_only=known.get("wants") == "anonymous",
    )


def rank_for_now(views: List[Any]) -> List[Any]:
    """Services open now before closed ones (stable, so the curated order holds otherwise)."""
    return sorted(views, key=lambda v: v.open_now is False)


def find_views(need: Need, person: queries.Person, language: str) -> List[Any]:
    """The services for this need and person; never a list with nothing open now."""
    now = current_time()
    views = queries.find_services(
        audiences=need.audiences,
        topics=need.topics,
        language=language,
        now=now,
        include_ids=need.lead,
        limit=MAX_SERVICES,
        person=person,
        anonymous_only=need.anonymous_only or person.anonymous_only,
        open_only=need.open_only,
    )
    views = rank_for_now(views)[:MAX_SERVICES]
    if not any(v.open_now for v in views):
        shown = {v.id for v in views}
        always = ALWAYS_OPEN[:1] if person.anonymous_only or need.anonymous_only else ALWAYS_OPEN
        extra = [
            v for v in queries.get_services(always, language=language, now=now) if v.id not in shown
        ]
        views = (extra + views)[:MAX_SERVICES] if need.open_only else (views + extra)
        views = views[: MAX_SERVICES + len(always)]
    return views


class ActionRefer(Action):
    def name(self) -> Text:
        return "action_refer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        asked = need_for(tracker)
        if asked is None:
            dispatcher.utter_message(response="utter_unclear")
            return []
        return self.refer(dispatcher, tracker, asked)

    def refer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        asked: Need,
        guidance_item: Optional[str] = None,
    ) -> List[Dict[Text, Any]]:
        """The referral for this need and the person; for staff in Swedish and English, with
        the guidance's answer (`guidance_item` when it is already chosen)."""
        facts = person_facts(tracker)
        need = route_need(asked, facts)
        person = person_for(need, facts)
        language = tracker.get_slot("language") or "sv"
        try:
            views = find_views(need, person, language)
            routes = queries.find_routes(need.lead, person=person)
        except queries.DirectoryUnavailable:
            # the store already logged why, once; the person still gets the always-there lines
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        lines = "\n".join(
            filter(None, [services_text(views, language), routes_text(routes, language)])
        )
        if asked.role == "professional" and answer_guidance(
            dispatcher, tracker, asked.name, Referral(views, lines), guidance_item
        ):
            # staff in Swedish and English: the guidance's answer with its source in the plan,
            # and the services that fit the person they ask about
            return [SlotSet("need", asked.name)]
        dispatcher.utter_message(
            response=need.response,
            services=lines,
            json_message=referral_payload(views, language=language, need=need.name, role=need.role),
        )
        if need.narrow and not any(facts.get(key) for key in NARROWED_BY):
            dispatcher.utter_message(response="utter_narrow")
        return [SlotSet("need", need.name)]
