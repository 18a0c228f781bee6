"""The Content-Security-Policy every page carries, as a meta tag at the top of <head>:
scripts only from the site itself and the inline scripts the page was built with (by
their SHA-256, so a script that arrives any other way does not run, inline handlers
included), connections only to the site and the configured feedback endpoint, nothing
loaded from another host, no plugins, no <base> of another origin."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# An inline <script> element: its attributes and its text.
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
# A src attribute: the script is a file, which script-src 'self' covers.
SRC = re.compile(r"\ssrc\s*=", re.I)
# A type attribute's value: a script of any other type is data (Material's __config is application/json).
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Where the policy goes: right after the opening <head> (and its charset, which must come first).
HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta charset=[^>]*>)?", re.I)


def inline_hashes(html: str) -> list[str]:
    """CSP sources for every inline script the page runs, in order, without repeats."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        kind = TYPE.search(match["attrs"])
        if SRC.search(match["attrs"]) or (kind and kind.group(1).lower() not in SCRIPT_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(match["body"].encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in found:
            found.append(source)
    return found


def origin(url: str | None) -> str | None:
    """scheme://host[:port] of an http(s) URL, for connect-src; None for anything else."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def policy(html: str, feedback_endpoint: str | None = None, serving: bool = False) -> str:
    """The policy for one page. `serving`: the development server, which adds an inline
    live-reload script of its own to every response, so inline scripts run there."""
    connect = " ".join(["'self'"] + ([o] if (o := origin(feedback_endpoint)) else []))
    scripts = ["'unsafe-inline'"] if serving else inline_hashes(html)
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'"] + scripts),
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes; styles cannot run code
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_policy(html: str, feedback_endpoint: str | None = None, serving: bool = False) -> str:
    """The page with its policy as the first element of <head> after the charset; a page
    without <head> (not HTML) is returned as it is."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, feedback_endpoint, serving)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)
