"""Turn Rasa's events into counter increments. Each conversation is counted once per fact (its
start, a role, a topic, a service shown, the emergency answer, a referral); "forget" once per use;
"ended with I did not understand" follows the conversation's latest answer (+1 when it becomes
that answer, -1 when a later answer is a real one), so the total is right at any moment."""

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from bot.stats.categories import (
    ALL,
    OTHER,
    Schema,
    calendar_day,
    channel_category,
    language_category,
    load_schema,
    service_category,
    time_band,
)
from bot.stats.state import ConversationState, conversation_key

UNCLEAR_RESPONSE = "utter_unclear"
FORGOTTEN_RESPONSE = "utter_forgotten"
# Rasa events that end a conversation: nothing of it is remembered after them.
ENDING_EVENTS = ("session_started", "restart")


@dataclass(frozen=True)
class Row:
    """One counter: the conversation's day, channel, language and time band, and what is counted."""

    day: date
    channel: str
    language: str
    band: str
    measure: str
    category: str


# A conversation's day, channel, language and time band: the part of a Row it fixes.
Key = Tuple[date, str, str, str]


def encode_key(key: Key) -> str:
    return "|".join((key[0].isoformat(), *key[1:]))


def decode_key(text: str) -> Key:
    day, channel, language, band = text.split("|")
    return date.fromisoformat(day), channel, language, band


class Counting:
    """Called with every event Rasa publishes; keeps increments until `take()` hands them over."""

    def __init__(
        self, state: ConversationState, languages: Iterable[str], schema: Optional[Schema] = None
    ) -> None:
        self.state = state
        self.schema = schema or load_schema()
        self.languages = list(languages)
        self._pending: Counter = Counter()
        self._lock = threading.Lock()

    def take(self) -> Dict[Row, int]:
        """The increments since the last call (zero sums left out)."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
        return {row: n for row, n in pending.items() if n}

    def give_back(self, rows: Mapping[Row, int]) -> None:
        """Increments that could not be written: kept for the next try."""
        with self._lock:
            self._pending.update(rows)

    def _add(self, key: Key, measure: str, category: str, n: int = 1) -> None:
        with self._lock:
            self._pending[Row(*key, measure=measure, category=category)] += n

    def event(self, event: Mapping[str, Any]) -> None:
        sender = event.get("sender_id")
        kind = event.get("event")
        if not isinstance(sender, str):
            return
        conversation = conversation_key(self.state.salt, sender)
        if kind in ENDING_EVENTS:
            self.state.drop(conversation)
        elif kind == "user":
            self.state.put(conversation, "channel", channel_category(event.get("input_channel")))
        elif kind == "slot" and event.get("name") == "language":
            self.state.put(conversation, "language", str(event.get("value")))
        elif kind == "bot":
            self._answer(conversation, event)

    def _key(self, conversation: str, custom: Mapping[str, Any], timestamp: float) -> Key:
        """The conversation's day, channel, language and band: fixed by its first answer."""
        known = self.state.get(conversation, "key")
        if known is None:
            language = custom.get("language") or self.state.get(conversation, "language")
            key: Key = (
                calendar_day(timestamp),
                self.state.get(conversation, "channel") or OTHER,
                language_category(language, self.languages),
                time_band(timestamp, self.schema),
            )
            if self.state.put_new(conversation, "key", encode_key(key)):
                self._add(key, "conversations", ALL)
                return key
            known = self.state.get(conversation, "key") or encode_key(key)
        return decode_key(known)

    def _once(self, conversation: str, key: Key, measure: str, category: str) -> None:
        if self.state.put_new(conversation, f"{measure}:{category}", "1"):
            self._add(key, measure, category)

    def _answer(self, conversation: str, event: Mapping[str, Any]) -> None:
        data = event.get("data") or {}
        custom: Mapping[str, Any] = data["custom"] if isinstance(data.get("custom"), dict) else {}
        response = (event.get("metadata") or {}).get("utter_action")
        key = self._key(conversation, custom, float(event.get("timestamp") or time.time()))
        if custom.get("emergency") is True:
            self._once(conversation, key, "emergency", ALL)
        need = self.schema.need(custom.get("need"))
        if need is not None:
            self._once(conversation, key, "referred", ALL)
            self._once(conversation, key, "role", need.role)
            for topic in need.topics:
                self._once(conversation, key, "topic", topic)
        services: List[Any] = custom.get("services") or []
        for service in services:
            if isinstance(service, dict):
                self._once(conversation, key, "service", service_category(service.get("id")))
        if response == FORGOTTEN_RESPONSE:
            self._add(key, "forget", ALL)
        unclear = response == UNCLEAR_RESPONSE
        was_unclear = self.state.get(conversation, "unclear") == "1"
        if unclear != was_unclear:
            self.state.put(conversation, "unclear", "1" if unclear else "0")
            self._add(key, "ended_unclear", ALL, 1 if unclear else -1)
