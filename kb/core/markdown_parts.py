"""Line-aware extraction of the parts of a Markdown body that checks compare:
headings and their anchors, links, images, numbered steps and placeholders.

Fenced code blocks are skipped. Line numbers are 1-based file lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, wraps

# An opening or closing code fence: ``` or ~~~, three or more.
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# An ATX heading: level marks, text, optional explicit anchor {#id} at the end.
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s*\{#(?P<id>[^}\s]+)\})?\s*#*\s*$")
# A Markdown link or image: optional '!', [label], (target "optional title").
LINK = re.compile(r"(?P<bang>!?)\[(?P<label>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
# A numbered step: indentation, digits, a dot, a space.
ORDERED_ITEM = re.compile(r"^(?P<indent>\s*)\d+\.\s+\S")
# A facts placeholder: {{ key }}; the key's grammar is checked by kb.data.facts.
PLACEHOLDER = re.compile(r"\{\{\s*(?P<key>[^{}]*?)\s*\}\}")
# What can put a placeholder inside code: a backtick, a tilde fence, raw <code> or <pre>, or a
# placeholder on an indented line (an indented code block); without one, no render is needed.
CODE_HINT = re.compile(r"`|~~~|<code\b|<pre\b|^(?: {4}|\t).*\{\{", re.I | re.M)
# A placeholder's stand-in while the renderer shows which placeholders it puts in code.
MARK, MARKED = "\ue002{}\ue003", re.compile("\ue002([0-9]+)\ue003")
# Code in rendered HTML: a <code> or <pre> element and what it holds.
CODE_ELEMENT = re.compile(r"<(code|pre)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# The braces of a placeholder shown as written in code: private-use characters, which no placeholder
# pattern matches, turned back into braces in the page's HTML (restore_literal_braces).
LITERAL_OPEN, LITERAL_CLOSE = "\ue000", "\ue001"
# A valid anchor id: lowercase ASCII words joined by hyphens.
ANCHOR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str
    anchor: str | None


@dataclass(frozen=True)
class Link:
    line: int
    target: str  # as written: ../warranty/claim.md#before-you-start
    image: bool


@dataclass(frozen=True)
class Placeholder:
    line: int
    key: str
    start: int  # offset in the line, for messages
    raw: str


# Every check reads the same bodies (once per language and concern): each body is scanned once.
CACHED = 1 << 15


def body_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Yield (file line number, text) for lines outside fenced code blocks."""
    return iter(_body_lines(body, first_line))


def scanned(extract):
    """Each body is scanned once: the checks read the same bodies for every concern. Callers get their own list."""
    cached = lru_cache(maxsize=CACHED)(extract)

    @wraps(extract)
    def fresh(body: str, first_line: int) -> list:
        return list(cached(body, first_line))

    return fresh


@lru_cache(maxsize=CACHED)
def _body_lines(body: str, first_line: int) -> tuple[tuple[int, str], ...]:
    return tuple(_scan(body, first_line))


def _scan(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)[0]
            if fence is None:
                fence = marker
                continue
            if marker == fence:
                fence = None
                continue
        if fence is None:
            yield first_line + offset, line


@scanned
def headings(body: str, first_line: int) -> list[Heading]:
    found = []
    for number, line in body_lines(body, first_line):
        match = HEADING.match(line)
        if match:
            found.append(Heading(number, len(match.group("marks")), match.group("text"), match.group("id")))
    return found


@scanned
def links(body: str, first_line: int) -> list[Link]:
    found = []
    for number, line in body_lines(body, first_line):
        for match in LINK.finditer(line):
            target = match.group("target").strip("<>")
            found.append(Link(number, target, bool(match.group("bang"))))
    return found


def ordered_items(body: str, first_line: int) -> list[int]:
    """Line numbers of numbered steps."""
    return [number for number, line in body_lines(body, first_line) if ORDERED_ITEM.match(line)]


@scanned
def placeholders(body: str, first_line: int) -> list[Placeholder]:
    found = []
    for number, line in body_lines(body, first_line):
        for match in PLACEHOLDER.finditer(line):
            found.append(Placeholder(number, match.group("key"), match.start(), match.group(0)))
    return found


@lru_cache(maxsize=CACHED)
def placeholders_in_code(body: str, render) -> frozenset[int]:
    """Offsets in `body` of the placeholders that `render` (the site's Markdown) puts inside code:
    found by rendering the body with a stand-in for each placeholder."""
    matches = list(PLACEHOLDER.finditer(body))
    if not matches or not CODE_HINT.search(body):
        return frozenset()
    numbers = iter(range(len(matches)))
    html = render(PLACEHOLDER.sub(lambda match: MARK.format(next(numbers)), body))
    inside = {int(number) for code in CODE_ELEMENT.finditer(html) for number in MARKED.findall(code.group(0))}
    return frozenset(matches[number].start() for number in inside)


def literal_code_placeholders(body: str, render) -> str:
    """`body` with every placeholder inside code kept as written: its braces become stand-ins that
    no placeholder pattern matches, so nothing is expanded in code (restore_literal_braces)."""
    offsets = placeholders_in_code(body, render)
    if not offsets:
        return body
    return PLACEHOLDER.sub(
        lambda match: (
            LITERAL_OPEN + match.group(0)[2:-2] + LITERAL_CLOSE if match.start() in offsets else match.group(0)
        ),
        body,
    )


def restore_literal_braces(html: str) -> str:
    """The rendered page with the braces of placeholders in code as the writer typed them."""
    if LITERAL_OPEN not in html:
        return html
    return html.replace(LITERAL_OPEN, "{{").replace(LITERAL_CLOSE, "}}")


def is_internal(target: str) -> bool:
    """True for a link to another page or anchor of this site (not http:, mailto:, tel:)."""
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("//")
