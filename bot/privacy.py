"""Forget conversations: delete a tracker from whichever store Rasa wraps."""

import logging
from typing import Any, List

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore

logger = logging.getLogger(__name__)


def inner_stores(store: Any) -> List[Any]:
    """The real stores behind Rasa's wrappers (awaitable, fail-safe and its fallback)."""
    found, queue = [], [store]
    while queue:
        current = queue.pop()
        wrapped = [
            getattr(current, name, None) for name in ("_tracker_store", "_fallback_tracker_store")
        ]
        wrapped = [w for w in wrapped if w is not None]
        if wrapped:
            queue.extend(wrapped)
        else:
            found.append(current)
    return found


def forget_conversation(tracker_store: Any, sender_id: str) -> bool:
    """Delete every stored event of one conversation; True when a store knew how to."""
    deleted = False
    for store in inner_stores(tracker_store):
        if isinstance(store, InMemoryTrackerStore):
            store.store.pop(sender_id, None)
            deleted = True
        elif isinstance(store, SQLTrackerStore):
            with store.session_scope() as session:
                session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
                session.commit()
            deleted = True
        else:
            logger.warning("Cannot delete conversations from a %s.", type(store).__name__)
    return deleted
