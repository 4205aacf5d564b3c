"""Small corrections to Rasa 3.6 at run time, installed in every mode by bot/runtime.py.

- Rasa validates every action server response with `jsonschema.validate`, which first checks the
  schema against its meta-schema on every call: about 95 ms per action on these machines, most
  of a reply's time. The response is still validated, with a validator built once.
- Rasa waits five minutes for a hanging action server; a person in crisis cannot.
- Reading a stored conversation looks up every event's class by walking all Event subclasses
  (~70 classes, for each of a conversation's events): the lookup is built once instead.
- The NLU components need to know whether the conversation's language was chosen explicitly:
  the processor passes it from the tracker it has already loaded, so the channel need not read
  the conversation a second time.
- A message can name any entity and value itself (`/choose_language{"language": ...}`): the
  parse result keeps only entities whose values a slot may take (bot/slot_values.py).
- Static answers (the emergency answer needs neither the action server nor the directory) list
  fixed cards; a card that says whom it serves (`genders: [woman]`) is left out for a person who
  said they are someone else, so a man in danger is not shown Kvinnofridslinjen.
- With an event broker (the statistics, bot/stats/), Rasa reads every conversation back from the
  tracker store on each save only to find which events are new: the tracker the processor
  fetched already knows how many it had, so only the events after those are published.
"""

import itertools
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Type

import rasa.core.actions.action as rasa_action
import rasa.shared.utils.common
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import Event
from rasa.shared.nlu.constants import ENTITIES

from bot.slot_values import acceptable_entities


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    spec = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = validator_for(spec)
    validator_class.check_schema(spec)  # once, not per response
    return validator_class(spec)


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise


_EVENT_TYPES: Dict[Text, Type[Event]] = {}
_original_resolve_by_type = Event.resolve_by_type


def _resolve_by_type(
    type_name: Text, default: Optional[Type[Event]] = None
) -> Optional[Type[Event]]:
    if type_name not in _EVENT_TYPES:
        # built on first need, rebuilt on a miss: event classes defined later are still found
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            _EVENT_TYPES.setdefault(cls.type_name, cls)
    found = _EVENT_TYPES.get(type_name)
    return found if found else _original_resolve_by_type(type_name, default)


LOCKED_SLOT = "language_locked"
LANGUAGE_SLOT = "language"
CONVERSATION_LANGUAGE = "conversation_language"
_original_parse_message = MessageProcessor.parse_message


async def _parse_message(
    self: MessageProcessor, message: Any, tracker: Any = None, only_output_properties: bool = True
) -> Dict[Text, Any]:
    """Tell the NLU components whether the language was chosen and, once the person has written,
    the conversation's language (never what the client says)."""
    locked = bool(tracker is not None and tracker.get_slot(LOCKED_SLOT))
    previous = tracker.latest_message if tracker is not None else None
    spoken = tracker.get_slot(LANGUAGE_SLOT) if previous is not None and previous.text else None
    message.metadata = {
        **(message.metadata or {}),
        LOCKED_SLOT: locked,
        CONVERSATION_LANGUAGE: spoken,
    }
    parsed = await _original_parse_message(self, message, tracker, only_output_properties)
    parsed[ENTITIES] = acceptable_entities(parsed.get(ENTITIES))
    return parsed


# Seconds to wait for the action server; the REST channel's credentials may change it.
DEFAULT_ACTION_TIMEOUT_SECONDS = 5.0


def set_action_timeout(seconds: float) -> None:
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds


_generate_from_slots = TemplatedNaturalLanguageGenerator.generate_from_slots


def cards_for_person(response: Any, gender: Any) -> Any:
    """Drop the static cards whose `genders` leave out the person's stated gender."""
    custom = response.get("custom") if isinstance(response, dict) else None
    if not gender or not isinstance(custom, dict) or not isinstance(custom.get("services"), list):
        return response
    custom["services"] = [
        card
        for card in custom["services"]
        if not (isinstance(card, dict) and card.get("genders") and gender not in card["genders"])
    ]
    return response


def _generate_for_person(
    self: Any,
    utter_action: Text,
    filled_slots: Dict[Text, Any],
    output_channel: Text,
    **kwargs: Any,
) -> Optional[Dict[Text, Any]]:
    response = _generate_from_slots(self, utter_action, filled_slots, output_channel, **kwargs)
    if isinstance(response, dict):  # a deep copy: safe to change
        response["language"] = variant_language(
            self.responses.get(utter_action) or [], filled_slots.get("language")
        )
    return cards_for_person(response, filled_slots.get("gender"))


def variant_language(variants: List[Dict[Text, Any]], wanted: Any) -> str:
    """The language of the variant Rasa picks: the conversation's language when the response
    has a variant for it, else the default variant's, Swedish. The channel passes it on, so a
    website can mark each message with its own language and direction."""
    for variant in variants:
        for condition in variant.get("condition") or []:
            if condition.get("name") == "language" and condition.get("value") == wanted:
                return str(wanted)
    return "sv"


# How many of a fetched tracker's events are already stored (and so were published).
_STREAMED = "_events_already_streamed"
_original_get_or_create_tracker = TrackerStore.get_or_create_tracker
_original_stream_events = TrackerStore.stream_events


async def _get_or_create_tracker(self: TrackerStore, sender_id: Text, *args: Any, **kwargs: Any):
    tracker = await _original_get_or_create_tracker(self, sender_id, *args, **kwargs)
    setattr(tracker, _STREAMED, len(tracker.events))
    return tracker


async def _stream_events(self: TrackerStore, tracker: Any) -> None:
    """Publish the events after those the tracker was fetched with; Rasa's own diff (which reads
    the stored conversation again) for a tracker that did not come from get_or_create_tracker."""
    if self.event_broker is None:
        return
    streamed = getattr(tracker, _STREAMED, None)
    events = tracker.events
    if streamed is None or events.maxlen is not None or streamed > len(events):
        await _original_stream_events(self, tracker)
        return
    new_events = list(itertools.islice(events, streamed, None))
    setattr(tracker, _STREAMED, len(events))
    await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)


def install() -> None:
    if MessageProcessor.parse_message is _parse_message:
        return  # installed already: keep a timeout the channel may have set
    TemplatedNaturalLanguageGenerator.generate_from_slots = _generate_for_person
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    set_action_timeout(DEFAULT_ACTION_TIMEOUT_SECONDS)
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    MessageProcessor.parse_message = _parse_message
    install_event_streaming()


def install_event_streaming() -> None:
    TrackerStore.get_or_create_tracker = _get_or_create_tracker
    TrackerStore.stream_events = _stream_events
