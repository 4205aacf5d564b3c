"""What the counter must remember about a conversation while it lasts, so each fact is counted
once per conversation: a few short fields under a salted hash of the sender id, dropped when the
conversation ends or after the session expiry. In this process's memory by default; in Redis when
several processes serve the same conversations."""

import hashlib
import secrets
import threading
import time
from typing import Dict, Optional, Protocol, Tuple

# Rasa's session expiry is 30 minutes (bot/domain/core.yml); keep a conversation's fields a little
# longer so a reply at minute 29 still finds them.
KEEP_SECONDS = 35 * 60


def conversation_key(salt: bytes, sender_id: str) -> str:
    """A name for the conversation that does not carry the sender id."""
    return hashlib.sha256(salt + sender_id.encode("utf-8")).hexdigest()[:32]


class ConversationState(Protocol):
    salt: bytes

    def get(self, conversation: str, name: str) -> Optional[str]: ...

    def put(self, conversation: str, name: str, value: str) -> None: ...

    def put_new(self, conversation: str, name: str, value: str) -> bool:
        """Store the field unless it exists; True when it was new."""
        ...

    def drop(self, conversation: str) -> None: ...


class MemoryState:
    """One process: a dict, swept of conversations idle longer than KEEP_SECONDS."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self.salt = secrets.token_bytes(16)
        self.keep_seconds = keep_seconds
        self._fields: Dict[str, Tuple[float, Dict[str, str]]] = {}
        self._lock = threading.Lock()
        self._next_sweep = time.monotonic() + keep_seconds

    def _fields_of(self, conversation: str) -> Dict[str, str]:
        now = time.monotonic()
        if now > self._next_sweep:
            cutoff = now - self.keep_seconds
            for key in [k for k, (seen, _) in self._fields.items() if seen < cutoff]:
                del self._fields[key]
            self._next_sweep = now + self.keep_seconds / 4
        _, fields = self._fields.get(conversation, (now, {}))
        self._fields[conversation] = (now, fields)
        return fields

    def get(self, conversation: str, name: str) -> Optional[str]:
        with self._lock:
            return self._fields_of(conversation).get(name)

    def put(self, conversation: str, name: str, value: str) -> None:
        with self._lock:
            self._fields_of(conversation)[name] = value

    def put_new(self, conversation: str, name: str, value: str) -> bool:
        with self._lock:
            fields = self._fields_of(conversation)
            if name in fields:
                return False
            fields[name] = value
            return True

    def drop(self, conversation: str) -> None:
        with self._lock:
            self._fields.pop(conversation, None)

    def __len__(self) -> int:
        return len(self._fields)


class RedisState:
    """Several processes (Sanic workers, replicas): one hash per conversation in Redis, expiring
    with the session. The salt is shared through Redis so every process names a conversation
    alike."""

    PREFIX = "stats:conversation:"

    def __init__(self, url: str, keep_seconds: float = KEEP_SECONDS) -> None:
        import redis  # a dependency of Rasa's Redis lock store; only needed here

        # short timeouts: a reply waits for these calls (and counting pauses after a failure)
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.keep_seconds = int(keep_seconds)
        self._redis.set("stats:salt", secrets.token_hex(16), nx=True)
        self.salt = bytes(self._redis.get("stats:salt") or b"")

    def _name(self, conversation: str) -> str:
        return self.PREFIX + conversation

    def get(self, conversation: str, name: str) -> Optional[str]:
        value = self._redis.hget(self._name(conversation), name)
        return value.decode("utf-8") if value is not None else None

    def put(self, conversation: str, name: str, value: str) -> None:
        pipe = self._redis.pipeline()
        pipe.hset(self._name(conversation), name, value)
        pipe.expire(self._name(conversation), self.keep_seconds)
        pipe.execute()

    def put_new(self, conversation: str, name: str, value: str) -> bool:
        pipe = self._redis.pipeline()
        pipe.hsetnx(self._name(conversation), name, value)
        pipe.expire(self._name(conversation), self.keep_seconds)
        return bool(pipe.execute()[0])

    def drop(self, conversation: str) -> None:
        self._redis.delete(self._name(conversation))
