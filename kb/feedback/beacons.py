"""The beacons the site sends, and the strict schema each must fit before it is stored.

A beacon is one JSON object; `kind` says which, and no other key is allowed:

  {"kind": "vote",   "lang": "zh", "page": "returns/policy.md", "vote": "no", "reason": "unclear",
   "token": "3f9c0a6e1b7d4c2a9e8f1d0c5b6a7e4f"}
  {"kind": "search", "lang": "es", "page": "index.md", "text": "pantalla rota"}
  {"kind": "router", "lang": "ja", "page": "troubleshooting/describe-a-problem.md", "text": "..."}

`lang` is one of the site's languages, `page` a page of that language in the built site
(its path under docs/<lang>/, as the site's widgets name it), `reason` one of the helpful
widget's reason codes (the helpful.reason.* keys of the strings table) or null, and only on
a "no" vote. `token` (optional) is the random id of the page view that voted, drawn afresh on
each page load: the collector keeps it in memory for a few minutes to ignore the same vote sent
twice (kb.feedback.limits.Votes), and never stores it. The time is the collector's, never the
browser's. Texts are redacted (kb.feedback.redact) and capped; nothing else about the reader is
part of a beacon.

The body is strict JSON in UTF-8, read without recursion running out and without Python's
limit on long integers: nested at most MAX_DEPTH levels (counted on the raw text before it
is parsed), numbers at most MAX_NUMBER characters, no NaN or Infinity, no key twice in an
object, and no lone surrogate (a \\ud800-\\udfff escape without its pair, which no text
can hold). Each is refused as Invalid naming the rule, like every rule of the schema."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

# Longest text kept, in characters, after redaction; a longer one is cut there.
TEXT_LIMIT = {"search": 200, "router": 1000}
# Largest body accepted, in bytes: the longest description in any script, JSON-escaped, with room to spare.
MAX_BODY = 8192
KEYS = {
    "vote": {"kind", "lang", "page", "vote", "reason", "token"},
    "search": {"kind", "lang", "page", "text"},
    "router": {"kind", "lang", "page", "text"},
}
# Keys a beacon may leave out: a vote's reason (null on Yes), and its page view's token (pages
# built before votes carried one).
OPTIONAL = {"reason", "token"}
REASON_PREFIX = "helpful.reason."
# A page view's token: 16 to 64 letters, digits, "-" or "_" (the site sends 32 hex digits).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Deepest nesting of arrays and objects accepted (a beacon is one flat object).
MAX_DEPTH = 16
# Longest number accepted, in characters (a beacon holds no number at all).
MAX_NUMBER = 100
# What nesting is counted on: a whole string (an opening quote, then runs of anything but a
# quote or backslash, each escape a backslash and one character, then the closing quote),
# skipped so that brackets inside it do not count; or one bracket.
NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
# A lone surrogate: JSON decodes a paired \ud83d\ude00 escape to one character, so any
# surrogate code point left in a decoded string had no pair.
SURROGATE = re.compile("[\ud800-\udfff]")


class Invalid(ValueError):
    """A beacon that does not fit the schema; the message says which rule it breaks."""


@dataclass(frozen=True)
class Beacon:
    kind: str
    lang: str
    page: str
    helpful: bool | None = None
    reason: str | None = None
    text: str | None = None
    token: str | None = None  # a vote's page view, for the collector's memory only: never stored


@dataclass(frozen=True)
class Known:
    """What beacons may name: pages per language (paths under docs/<lang>/) and reason codes."""

    pages: dict[str, frozenset[str]]
    reasons: tuple[str, ...]


def reasons(strings: dict) -> tuple[str, ...]:
    """The helpful widget's reason codes, from a strings table's helpful.reason.* keys, in the
    order the widget lists them: alphabetical, "other" last."""
    codes = [key[len(REASON_PREFIX) :] for key in strings if key.startswith(REASON_PREFIX)]
    return tuple(sorted(codes, key=lambda code: (code == "other", code)))


def page_of(html: str) -> str | None:
    """The page id of a built HTML file (relative to its language root, directory URLs):
    index.html -> index.md, returns/policy/index.html -> returns/policy.md; None for other files."""
    if html == "index.html":
        return "index.md"
    if not html.endswith("/index.html"):
        return None
    return html[: -len("/index.html")] + ".md"


def site_pages(site_dir: Path, languages: list[str], source: str) -> dict[str, frozenset[str]]:
    """Every page of each language in a built site: the source language at the root, the
    others under <lang>/. A folder of another language is not a page of the source language."""
    found: dict[str, set[str]] = {lang: set() for lang in languages}
    for path in site_dir.rglob("index.html"):
        rel = path.relative_to(site_dir).as_posix()
        first, _, rest = rel.partition("/")
        lang, rel = (first, rest) if first in languages and first != source and rest else (source, rel)
        if (page := page_of(rel)) is not None:
            found[lang].add(page)
    return {lang: frozenset(pages) for lang, pages in found.items()}


def endpoint_problem(url: str) -> str | None:
    """Why extra.kb.feedback_endpoint cannot receive the site's beacons, or None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"feedback_endpoint {url!r} is not an http(s) URL; give the collector's, "
            "such as https://feedback.example.com/feedback"
        )
    if parts.username or parts.password:
        return f"feedback_endpoint {url!r} carries a user name or password, which every reader would see"
    return None


def _string(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise Invalid(f"'{key}' must be a string")
    return value


def shown(text: str, limit: int) -> str:
    """At most `limit` characters of what a reader sent, fit to be quoted in an answer or a
    log (a lone surrogate written as its escape)."""
    return text[:limit].encode("utf-8", "backslashreplace").decode("utf-8")


def _depth(text: str) -> None:
    """Invalid when arrays and objects in `text` nest deeper than MAX_DEPTH: counted on the
    raw text, without recursion, before the parser recurses into them."""
    depth = 0
    for token in NESTING.finditer(text):
        if token[0] in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise Invalid(f"JSON nested deeper than {MAX_DEPTH} levels")
        elif token[0] in ("]", "}"):
            depth -= 1


def _number(kind):
    """A parse_int or parse_float hook that refuses a number longer than MAX_NUMBER characters
    (an 8,000-digit integer passes Python's limit on converting long integers)."""

    def read(literal: str):
        if len(literal) > MAX_NUMBER:
            raise Invalid(f"a number longer than {MAX_NUMBER} characters")
        return kind(literal)

    return read


def _constant(name: str):
    raise Invalid(f"{name} is not a JSON number")


def _object(pairs: list[tuple[str, object]]) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise Invalid(f"duplicate key '{shown(key, 40)}'")
        found[key] = value
    return found


def _lone_surrogate(data: object) -> str | None:
    """The top-level key whose value holds a lone surrogate (in a string or a key at any
    depth), "a key" when a key itself holds one, or None. Walked with a stack, not recursion."""
    if not isinstance(data, dict):
        return None
    stack = [(key, key, value) for key, value in data.items()]
    while stack:
        field, key, value = stack.pop()
        if SURROGATE.search(key):
            return "a key"
        if isinstance(value, str) and SURROGATE.search(value):
            return f"'{shown(field, 40)}'"
        if isinstance(value, dict):
            stack.extend((field, inner, item) for inner, item in value.items())
        elif isinstance(value, list):
            stack.extend((field, "", item) for item in value)
    return None


def read_json(body: bytes) -> object:
    """The JSON value in `body`, or Invalid naming the rule it breaks: UTF-8, strict JSON,
    nesting, numbers, duplicate keys, lone surrogates."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Invalid(f"not JSON in UTF-8: {error}") from None
    _depth(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        raise Invalid(f"not JSON in UTF-8: {error}") from None
    if where := _lone_surrogate(data):
        raise Invalid(f"{where} holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not text")
    return data


def parse(body: bytes, known: Known, redact) -> Beacon:
    """The beacon in `body`, or Invalid naming the first rule it breaks. `redact(text, limit)`
    cleans a text before it is kept."""
    data = read_json(body)
    if not isinstance(data, dict):
        raise Invalid("a beacon is a JSON object")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KEYS:
        raise Invalid(f"'kind' must be one of {', '.join(sorted(KEYS))}")
    if unknown := sorted(set(data) - KEYS[kind]):
        raise Invalid(
            f"unknown key{'s' if len(unknown) > 1 else ''} for a {kind} beacon: {shown(', '.join(unknown), 200)}"
        )
    if missing := sorted(KEYS[kind] - set(data) - OPTIONAL):
        raise Invalid(f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    lang, page = _string(data, "lang"), _string(data, "page")
    if lang not in known.pages:
        raise Invalid(f"unknown language '{shown(lang, 20)}'")
    if page not in known.pages[lang]:
        raise Invalid(f"no page '{shown(page, 200)}' in the built site's '{lang}' pages")
    if kind == "vote":
        vote, reason, token = data.get("vote"), data.get("reason"), data.get("token")
        if vote not in ("yes", "no"):
            raise Invalid("'vote' must be yes or no")
        if reason is not None and (vote == "yes" or reason not in known.reasons):
            raise Invalid(f"'reason' must be null or, on a no vote, one of {', '.join(known.reasons)}")
        if "token" in data and not (isinstance(token, str) and TOKEN.fullmatch(token)):
            raise Invalid("'token' must be 16 to 64 letters, digits, '-' or '_' (the page view's random id)")
        return Beacon(kind, lang, page, helpful=vote == "yes", reason=reason, token=token)
    text = redact(_string(data, "text"), TEXT_LIMIT[kind])
    if not text:
        raise Invalid("'text' is empty")
    return Beacon(kind, lang, page, text=text)
