"""StatsBroker: a Rasa event broker (named in endpoints.yml) that counts, never records.

Rasa hands every new event of every conversation to the broker, whatever the channel or mode
(REST, the website widget, `rasa shell`). The counts wait in memory and a background thread adds
them to the statistics database every few seconds, and once more when the server stops. When the
database fails, the answer to the person is not affected: the counts are kept for the next try
and the failure is logged once (and its end once)."""

import asyncio
import logging
import os
import threading
import time
from asyncio import AbstractEventLoop
from typing import Any, Dict, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from bot.language.detect import all_languages
from bot.stats import store
from bot.stats.counting import Counting
from bot.stats.state import ConversationState, MemoryState, RedisState

logger = logging.getLogger(__name__)
DEFAULT_FLUSH_SECONDS = 10.0
CLOSING_TRIES = 4
PAUSE_AFTER_FAILURE_SECONDS = 30


def shared_state(url: Optional[str]) -> ConversationState:
    """Redis when configured (several processes); this process's memory otherwise, or when Redis
    cannot be reached at start (counts may then double when conversations move between
    processes, and this is logged)."""
    if not url:
        if int(os.environ.get("SANIC_WORKERS") or 1) > 1:
            logger.warning(
                "Statistics: several workers without STATS_STATE_URL; a conversation served by "
                "two workers is counted twice. Set STATS_STATE_URL to a Redis URL."
            )
        return MemoryState()
    try:
        return RedisState(url)
    except Exception as error:
        logger.error(
            "Statistics: the shared state could not be reached (%s); counting per process.",
            type(error).__name__,
        )
        return MemoryState()


class StatsBroker(EventBroker):
    def __init__(
        self,
        db_url: Optional[str] = None,
        state_url: Optional[str] = None,
        flush_seconds: float = DEFAULT_FLUSH_SECONDS,
    ) -> None:
        self.counting = Counting(shared_state(state_url), all_languages())
        self.engine = store.engine_for(db_url)
        self.flush_seconds = flush_seconds
        self._failing = False
        self._publish_failed = False
        self._paused_until = 0.0
        self._table_ready = False
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write_now_and_then, daemon=True)
        self._writer.start()

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig, event_loop: Optional[AbstractEventLoop] = None
    ) -> "StatsBroker":
        """Settings from endpoints.yml, else from the environment (README, Settings)."""
        options: Dict[str, Any] = broker_config.kwargs if broker_config else {}
        flush = options.get("flush_seconds") or os.environ.get("STATS_FLUSH_SECONDS")
        return cls(
            db_url=options.get("db_url") or os.environ.get("STATS_DB_URL") or None,
            state_url=options.get("state_url") or os.environ.get("STATS_STATE_URL") or None,
            flush_seconds=float(flush) if flush else DEFAULT_FLUSH_SECONDS,
        )

    def publish(self, event: Dict[Text, Any]) -> None:
        # counting must never cost a person their answer: after a failure (the shared state
        # unreachable, say) counting pauses, so no reply waits for a timeout again and again
        if time.monotonic() < self._paused_until:
            return
        try:
            self.counting.event(event)
        except Exception as error:
            self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
            if not self._publish_failed:
                logger.error(
                    "Statistics: an event could not be counted (%s); counting pauses for %d s "
                    "after each failure.",
                    type(error).__name__,
                    PAUSE_AFTER_FAILURE_SECONDS,
                )
                self._publish_failed = True

    def flush(self) -> bool:
        """Write what has been counted; False (and the counts kept) when the database fails."""
        rows = self.counting.take()
        if not rows:
            return True
        try:
            if not self._table_ready:
                store.create_table(self.engine)
                self._table_ready = True
            store.add(self.engine, rows)
        except Exception as error:
            self.counting.give_back(rows)
            if not self._failing:
                logger.error(
                    "Statistics: the counts could not be written (%s); kept in memory and retried.",
                    type(error).__name__,
                )
                self._failing = True
            return False
        if self._failing:
            logger.warning("Statistics: the counts are written again.")
            self._failing = False
        return True

    def _write_now_and_then(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            self.flush()

    async def close(self) -> None:
        """The server stops: write what is left, so a normal stop loses no count (a database
        that fails gets a few more tries; what still cannot be written is said, as a number)."""
        self._stop.set()
        await asyncio.to_thread(self._writer.join, 10)
        for attempt in range(CLOSING_TRIES):
            if await asyncio.to_thread(self.flush):
                break
            await asyncio.sleep(0.2 * (attempt + 1))
        else:
            lost = sum(abs(n) for n in self.counting.take().values())
            logger.error("Statistics: %d counts could not be written before stopping.", lost)
        self.engine.dispose()
