"""Raw HTML in an article may format, never run: no <script>, no on* event
handlers, no javascript: URLs, no embedded frames or plugins."""

from __future__ import annotations

import re

from kb.findings import Finding
from kb.markdown import body_lines
from kb.pages import Page

# (rule, pattern, what is expected instead)
UNSAFE = [
    ("unsafe-html", re.compile(r"<\s*(script|iframe|frame|frameset|object|embed|applet|base|meta|link|form)\b", re.I),
     "tag <{0}> can load or run code; articles may use only formatting HTML"),
    ("unsafe-html", re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I),
     "event handler attribute {0}= runs script; remove it"),
    ("unsafe-url", re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*((?:javascript|vbscript|data):)",
                              re.I), "URL scheme {0} runs code; link to a page of the help center instead"),
    ("unsafe-url", re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data):)", re.I),
     "URL scheme {0} runs code; link to a page of the help center instead"),
]


def check(page: Page) -> list[Finding]:
    findings = []
    for number, line in body_lines(page.body, page.body_line):
        for rule, pattern, message in UNSAFE:
            for match in pattern.finditer(line):
                findings.append(Finding(page.path, number, rule, message.format(match.group(1).lower())))
    return findings
