"""A token bucket per client address: a flood from one address gets 429s, others go on."""

import math
import time
from typing import Callable, Dict, Tuple

# Addresses remembered at most; the oldest are dropped first (a full bucket is forgotten anyway).
MAX_CLIENTS = 10_000


class RateLimiter:
    def __init__(
        self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_second
        self.burst = max(1, burst)
        self._clock = clock
        self._buckets: Dict[str, Tuple[float, float]] = {}  # client -> (tokens, at)

    @property
    def enabled(self) -> bool:
        return self.per_second > 0

    def retry_after(self, client: str) -> int:
        """0 when the request may go on; else whole seconds until it may (for Retry-After)."""
        if not self.enabled:
            return 0
        now = self._clock()
        tokens, at = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_second)
        if tokens >= 1:
            tokens -= 1
            waited = 0
        else:
            waited = max(1, math.ceil((1 - tokens) / self.per_second))
        self._buckets[client] = (tokens, now)  # re-inserted: dict order is least recent first
        if len(self._buckets) > MAX_CLIENTS:
            del self._buckets[next(iter(self._buckets))]
        return waited
