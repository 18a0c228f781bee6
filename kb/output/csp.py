"""The Content-Security-Policy every page carries, as a meta tag at the top of <head>.

Scripts run only from the site itself and as the inline scripts our templates write: the
theme's templates are read before any page is built, each inline script block in them is
rendered for the page's base URL (the only value they take), and the policy lists the
SHA-256 of those, never of whatever inline script a page's HTML happens to hold. A script
that arrives any other way (from an article, a data file, a front matter field) has no
hash in the policy and does not run, inline handlers included; the build refuses it first
(kb.checks.safety.page_problems). Connections go only to the site and the configured feedback
endpoint; nothing is loaded from another host, no plugins, no <base> of another origin."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

# An inline <script> element: its attributes and its text (a template's, or a page's).
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
# A src attribute: the script is a file, which script-src 'self' covers.
SRC = re.compile(r"\ssrc\s*=", re.I)
# A type attribute's value: a script of any other type is data (Material's __config is application/json).
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Where the policy goes: right after the opening <head> (and its charset, which must come first).
HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta charset=[^>]*>)?", re.I)
# A Jinja comment, which a template's script block may sit in without being written out.
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def runs(attrs: str) -> bool:
    """Whether a <script> with these attributes is inline code (no src, a script type)."""
    kind = TYPE.search(attrs)
    return not SRC.search(attrs) and not (kind and kind.group(1).lower() not in SCRIPT_TYPES)


def digest(body: str) -> str:
    """The CSP source that allows one inline script's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of a page or a template, in order."""
    return [match["body"] for match in INLINE_SCRIPT.finditer(html) if runs(match["attrs"])]


def template_scripts(sources: Iterable[str]) -> list[str]:
    """The inline script blocks of the theme's templates (Jinja source, not yet rendered), without repeats."""
    found: list[str] = []
    for source in sources:
        for body in inline_scripts(JINJA_COMMENT.sub("", source)):
            if body not in found:
                found.append(body)
    return found


def base_url(url: str) -> str:
    """The base URL MkDocs gives the template of a page at `url` (its path from the site root)."""
    depth = url.count("/") if not url.startswith("/") else 0
    return "/".join([".."] * depth) if depth else "."


class Trusted:
    """The inline scripts our templates write, rendered for a base URL by `render(block, base_url)`
    (None for a block that cannot be rendered without another kind of page)."""

    def __init__(self, blocks: list[str], render: Callable[[str, str], str | None]) -> None:
        self.blocks, self.render = blocks, render
        self._by_base: dict[str, list[str]] = {}

    def hashes(self, base: str) -> list[str]:
        """CSP sources for the template scripts of a page whose base URL is `base`, in template order."""
        if base not in self._by_base:
            found: list[str] = []
            for block in self.blocks:
                text = self.render(block, base)  # None: a block that needs what only another kind of page has
                if text is not None and (source := digest(text)) not in found:
                    found.append(source)
            self._by_base[base] = found
        return self._by_base[base]


def origin(url: str | None) -> str | None:
    """scheme://host[:port] of an http(s) URL, for connect-src; None for anything else."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def policy(hashes: Iterable[str], feedback_endpoint: str | None = None, serving: bool = False) -> str:
    """The policy for one page: `hashes`, the template scripts' sources. `serving`: the development
    server, which adds an inline live-reload script of its own to every response, so inline scripts
    run there."""
    connect = " ".join(["'self'"] + ([o] if (o := origin(feedback_endpoint)) else []))
    scripts = ["'unsafe-inline'"] if serving else list(hashes)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(["'self'"] + scripts),
            # Material sets style attributes; kb.checks.safety holds content's to an allowlist
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            "worker-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: str, hashes: Iterable[str], feedback_endpoint: str | None = None, serving: bool = False) -> str:
    """The page with its policy as the first element of <head> after the charset; a page
    without <head> (not HTML) is returned as it is."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, feedback_endpoint, serving)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)
