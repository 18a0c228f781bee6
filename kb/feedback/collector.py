"""The collector behind `kb feedback serve`: a Starlette application with one path,
/feedback, that takes the site's beacons (kb.feedback.beacons) by POST.

Every answer, in the order it is checked:
  403  an Origin that is not allowed (or none): browsers always send one on a POST
  429  this client (its address) sent more than its share; Retry-After says when to retry
  413  a body over MAX_BODY bytes (by Content-Length, or counted as it arrives)
  415  a Content-Type other than application/json or text/plain (what sendBeacon and fetch send)
  400  a body that is not a beacon (the message says which rule it breaks)
  503  the database is unavailable: nothing stored, Retry-After
  204  stored and committed
OPTIONS answers CORS preflights for the allowed origins. No cookie is read or set, and the
client's address, user agent and headers are never stored: the address lives only in the
rate limit's memory."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kb.feedback import beacons, redact
from kb.feedback.limits import RateLimit, retry_after
from kb.feedback.store import Database, Unavailable, Writer

log = logging.getLogger("kb.feedback")
CONTENT_TYPES = {"application/json", "text/plain"}


@dataclass
class Settings:
    database: Database
    known: object  # a callable returning the current beacons.Known (the built site's pages may change)
    origins: frozenset[str]
    per_minute: int = 60
    max_body: int = beacons.MAX_BODY


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


def make_app(settings: Settings) -> Starlette:
    limit = RateLimit(settings.per_minute)
    state: dict = {}

    def cors(origin: str) -> dict[str, str]:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def answer(status: int, origin: str | None, message: str = "", headers: dict | None = None) -> Response:
        allowed = cors(origin) if origin in settings.origins else {"Vary": "Origin"}
        headers = {**allowed, "Cache-Control": "no-store", **(headers or {})}
        if status == 204:
            return Response(status_code=204, headers=headers)
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def feedback(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin not in settings.origins:
            return answer(403, origin, f"origin {origin or '(none)'} is not allowed")
        if request.method == "OPTIONS":
            return answer(204, origin, headers={"Access-Control-Allow-Methods": "POST",
                                                "Access-Control-Allow-Headers": "Content-Type",
                                                "Access-Control-Max-Age": "86400"})
        client = request.client.host if request.client else "unknown"
        if wait := limit.take(client):
            return answer(429, origin, "too many beacons from this client", {"Retry-After": retry_after(wait)})
        try:
            body = await _body(request, settings.max_body)
        except TooLarge:
            return answer(413, origin, f"a beacon is at most {settings.max_body} bytes")
        except ClientDisconnect:
            return answer(400, origin, "the body was cut off")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in CONTENT_TYPES:
            return answer(415, origin, "send the beacon as application/json or text/plain")
        try:
            beacon = beacons.parse(body, settings.known(), redact.redact)
        except beacons.Invalid as error:
            return answer(400, origin, str(error))
        try:
            await state["writer"].store(beacon)
        except Unavailable as error:
            log.warning("feedback database unavailable: %s", error)
            return answer(503, origin, "feedback cannot be stored right now", {"Retry-After": "30"})
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

    return Starlette(routes=[Route("/feedback", feedback, methods=["POST", "OPTIONS"])], lifespan=lifespan)
