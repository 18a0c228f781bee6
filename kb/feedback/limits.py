"""What the collector remembers for a while, in memory only (nothing of it is stored; a restart
forgets it all):

- RateLimit: a token bucket per client address: each client may send `per_minute` beacons in a
  burst, then one every 60/per_minute seconds;
- Votes: the page views that voted in the last VOTE_WINDOW seconds, by the random token each
  page load draws, so that a second vote of the same page from the same page view is ignored;
  a token is forgotten as soon as its window has passed."""

from __future__ import annotations

import math
import time

# Past this many clients, buckets that have refilled completely (clients that went quiet) are dropped.
MAX_CLIENTS = 100_000
# Seconds a page view's vote is remembered: a second vote of the same page with its token within
# them is a duplicate (a page view that votes again, or one beacon sent twice).
VOTE_WINDOW = 600.0
# Most page views remembered at once; past it the oldest is forgotten before its window ends.
MAX_VOTES = 100_000


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


class Votes:
    """The (token, language, page) of each vote in the last `window` seconds, oldest first."""

    def __init__(self, window: float = VOTE_WINDOW, clock=time.monotonic, most: int = MAX_VOTES):
        self.window = window
        self.clock = clock
        self.most = most
        self.until: dict[tuple[str, str, str], float] = {}  # vote -> when its window ends, in that order

    def first(self, vote: tuple[str, str, str]) -> bool:
        """True, and `vote` remembered, when no vote of that page view and page is within the window."""
        now = self.clock()
        self.forget(now)
        if vote in self.until:
            return False
        self.until[vote] = now + self.window
        if len(self.until) > self.most:
            del self.until[next(iter(self.until))]
        return True

    def release(self, vote: tuple[str, str, str]) -> None:
        """Forget `vote` at once: it was not stored, and the page may send it again."""
        self.until.pop(vote, None)

    def sweep(self) -> None:
        """forget() now: the collector calls it when a vote's window ends, so no token outlives it."""
        self.forget(self.clock())

    def forget(self, now: float) -> None:
        """Drop every vote whose window has ended (the oldest come first: the window never changes)."""
        while self.until:
            vote, until = next(iter(self.until.items()))
            if until > now:
                return
            del self.until[vote]

    def __len__(self) -> int:
        return len(self.until)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
