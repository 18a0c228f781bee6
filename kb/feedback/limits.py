"""A token bucket per client address, in memory only: each client may send `per_minute`
beacons in a burst, then one every 60/per_minute seconds. Nothing of it is stored; a
restart forgets every client."""

from __future__ import annotations

import math
import time

# Past this many clients, buckets that have refilled completely (clients that went quiet) are dropped.
MAX_CLIENTS = 100_000


class RateLimit:
    def __init__(self, per_minute: int, clock=time.monotonic):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def take(self, client: str) -> float:
        """0 when `client` may send now (a token is taken); else the seconds until it may."""
        now = self.clock()
        tokens, when = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - when) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > MAX_CLIENTS:
            self._forget(now)
        return 0.0

    def _forget(self, now: float) -> None:
        full = [c for c, (tokens, when) in self.buckets.items() if tokens + (now - when) * self.rate >= self.capacity]
        for client in full:
            del self.buckets[client]


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
