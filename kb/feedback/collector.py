"""The collector behind `kb feedback serve`: a Starlette application with one path,
/feedback, that takes the site's beacons (kb.feedback.beacons) by POST.

Every answer, in the order it is checked:
  403  an Origin that is not allowed (or none): browsers always send one on a POST
  429  this client (its address) sent more than its share; Retry-After says when to retry
  413  a body over MAX_BODY bytes (by Content-Length, or counted as it arrives)
  415  a Content-Type other than application/json or text/plain (what sendBeacon and fetch send)
  400  a body that is not a beacon (the message says which rule it breaks: strict JSON in UTF-8,
       bounded nesting and numbers, no duplicate key or lone surrogate, then the schema)
  503  the database is unavailable: nothing stored, Retry-After; or the collector was told to
       stop (SIGTERM) and this request was still open when its grace period ran out
  500  this one beacon could not be stored, or handling it failed: nothing of it stored, and the
       log names the error's type, the beacon's kind, language and page, never its text
  204  stored and committed; or a vote that repeats one of the last VOTE_WINDOW seconds (the same
       page-view token, language and page), answered and not stored
OPTIONS answers CORS preflights for the allowed origins. No cookie is read or set, and the
client's address, user agent and headers are never stored: the address lives only in the
rate limit's memory, a vote's page-view token only in the memory of recent votes (kb.feedback.limits.Votes),
forgotten when its window ends.

The client is the connection's peer. Only when the peer is a proxy the operator trusts
(Settings.proxies, `--trust-proxy`) is it the address that proxy added last to
X-Forwarded-For, and only when that is an IP address; any other X-Forwarded-For is ignored."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kb.feedback import beacons, redact
from kb.feedback.limits import VOTE_WINDOW, RateLimit, Votes, retry_after
from kb.feedback.store import Database, Failed, Unavailable, Writer

log = logging.getLogger("kb.feedback")
CONTENT_TYPES = {"application/json", "text/plain"}


@dataclass
class Settings:
    database: Database
    known: Callable[[], beacons.Known]  # called for each beacon: the built site's pages may change
    origins: frozenset[str]
    per_minute: int = 60
    max_body: int = beacons.MAX_BODY
    proxies: tuple = ()  # ipaddress networks of the proxies whose X-Forwarded-For is believed
    vote_window: float = VOTE_WINDOW  # seconds a page view's vote is remembered, to ignore it sent again
    clock: Callable[[], float] = time.monotonic  # what the rate limit and the recent votes count time by


class TooLarge(Exception):
    """The body passed the limit."""


async def _body(request: Request, limit: int) -> bytes:
    """The request body, or TooLarge as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _address(text: str):
    """`text` as an IP address (an IPv4 address mapped into IPv6 as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return (address.ipv4_mapped or address) if address.version == 6 else address


def client_address(peer: str | None, forwarded: str | None, proxies: tuple) -> str:
    """The address the rate limit counts: the peer's; or, while the peer is a trusted proxy,
    the address it added last to X-Forwarded-For (right to left through a chain of trusted
    proxies), as long as that is an IP address."""
    client = _address(peer) if peer else None
    if client is None:
        return peer or "unknown"
    for entry in reversed((forwarded or "").split(",") if forwarded else []):
        if not any(client in network for network in proxies):
            break
        if (hop := _address(entry)) is None:
            break
        client = hop
    return str(client)


def make_app(settings: Settings) -> Starlette:
    limit = RateLimit(settings.per_minute, clock=settings.clock)
    votes = Votes(settings.vote_window, clock=settings.clock)
    state: dict = {}

    def cors(origin: str) -> dict[str, str]:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def answer(status: int, origin: str | None, message: str = "", headers: dict | None = None) -> Response:
        allowed = cors(origin) if origin in settings.origins else {"Vary": "Origin"}
        headers = {**allowed, "Cache-Control": "no-store", **(headers or {})}
        if status == 204:
            return Response(status_code=204, headers=headers)
        return PlainTextResponse(beacons.shown(message, 1000) + "\n", status_code=status, headers=headers)

    async def feedback(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin not in settings.origins:
            return answer(403, origin, f"origin {origin or '(none)'} is not allowed")
        if request.method == "OPTIONS":
            return answer(
                204,
                origin,
                headers={
                    "Access-Control-Allow-Methods": "POST",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "86400",
                },
            )
        forwarded = ",".join(request.headers.getlist("x-forwarded-for")) if settings.proxies else None
        client = client_address(request.client.host if request.client else None, forwarded, settings.proxies)
        if wait := limit.take(client):
            return answer(429, origin, "too many beacons from this client", {"Retry-After": retry_after(wait)})
        try:
            return await receive(request, origin)
        except asyncio.CancelledError:  # still open when stopping ran out of time: an answer, not a traceback
            return answer(503, origin, "the collector stopped before this beacon was answered", {"Retry-After": "30"})

    async def receive(request: Request, origin: str) -> Response:
        try:
            body = await _body(request, settings.max_body)
        except TooLarge:
            return answer(413, origin, f"a beacon is at most {settings.max_body} bytes")
        except ClientDisconnect:
            return answer(400, origin, "the body was cut off")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in CONTENT_TYPES:
            return answer(415, origin, "send the beacon as application/json or text/plain")
        beacon = vote = None
        try:
            beacon = beacons.parse(body, settings.known(), redact.redact)
            if beacon.token is not None:
                if not votes.first(key := (beacon.token, beacon.lang, beacon.page)):
                    return answer(204, origin)  # this page view's vote is stored already
                vote = key
                asyncio.get_running_loop().call_later(settings.vote_window, votes.sweep)
            await state["writer"].store(beacon)
        except beacons.Invalid as error:
            return answer(400, origin, str(error))
        except Unavailable as error:
            if vote:
                votes.release(vote)
            log.warning("feedback database unavailable: %s", error)
            return answer(503, origin, "feedback cannot be stored right now", {"Retry-After": "30"})
        except Exception as error:  # the error's message may quote the beacon: only its type is logged
            if vote:
                votes.release(vote)
            where = f"a {beacon.kind} beacon for {beacon.lang} {beacon.page}" if beacon else "a beacon"
            reason = str(error) if isinstance(error, Failed) else type(error).__name__
            log.error("feedback: %s could not be stored (%s); nothing of it kept", where, reason)
            return answer(500, origin, "this beacon could not be stored")
        return answer(204, origin)

    @asynccontextmanager
    async def lifespan(app):
        state["writer"] = Writer(settings.database)
        if problem := state["writer"].open():
            log.warning("feedback database unavailable, answering 503 until it is back: %s", problem)
        try:
            yield
        finally:
            state["writer"].close()

    app = Starlette(routes=[Route("/feedback", feedback, methods=["POST", "OPTIONS"])], lifespan=lifespan)
    app.state.votes = votes  # the recent votes, for the tests to see what is remembered
    return app
