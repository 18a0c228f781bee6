"""Links and anchors that stay stable across languages.

Every ## and ### heading carries an explicit {#id} (English kebab-case, unique in
the page), so an anchor means the same section in every language; every link to
another article resolves to an existing page and anchor. MkDocs' own validation
checks the same in the full build; this lets `kb check` answer without one."""

from __future__ import annotations

import difflib
import posixpath

from kb.core import markdown_parts
from kb.core.findings import Finding
from kb.core.pages import Page


def anchor_findings(page: Page) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for heading in markdown_parts.headings(page.body, page.body_line):
        if heading.level not in (2, 3):
            continue
        if heading.anchor is None:
            findings.append(
                Finding(
                    page.path,
                    heading.line,
                    "heading-anchor",
                    f"heading '{heading.text}' has no explicit anchor; end it with "
                    "{#english-kebab-id} so its link is the same in every language",
                )
            )
        elif not markdown_parts.ANCHOR_ID.match(heading.anchor):
            findings.append(
                Finding(
                    page.path,
                    heading.line,
                    "heading-anchor",
                    f"anchor '{heading.anchor}' must be lowercase ASCII words joined by hyphens",
                )
            )
        elif heading.anchor in seen:
            findings.append(
                Finding(
                    page.path,
                    heading.line,
                    "heading-anchor",
                    f"anchor '{heading.anchor}' is already used on line {seen[heading.anchor]}",
                )
            )
        else:
            seen[heading.anchor] = heading.line
    return findings


def page_anchors(page: Page) -> set[str]:
    return {h.anchor for h in markdown_parts.headings(page.body, page.body_line) if h.anchor}


def link_findings(page: Page, pages_by_rel: dict[str, Page], extra_anchors: dict[str, set[str]]) -> list[Finding]:
    """Internal links of `page` that lead nowhere. `pages_by_rel` holds the pages of the same language
    (falling back to English); `extra_anchors` adds anchors rendered at build time (contact directory)."""
    findings = []
    for link in markdown_parts.links(page.body, page.body_line):
        if not markdown_parts.is_internal(link.target) or link.image:
            continue
        target, _, anchor = link.target.partition("#")
        if not target:
            rel = page.rel
        elif target.startswith("/"):
            findings.append(
                Finding(
                    page.path,
                    link.line,
                    "link-absolute",
                    f"link '{link.target}' is absolute; use a relative link to the .md file",
                )
            )
            continue
        else:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), target))
        if target and not target.endswith(".md"):
            findings.append(
                Finding(
                    page.path,
                    link.line,
                    "link-target",
                    f"link '{link.target}' must point to a .md file of the help center",
                )
            )
            continue
        linked = pages_by_rel.get(rel)
        if linked is None:
            findings.append(
                Finding(
                    page.path, link.line, "link-broken", f"link '{link.target}' leads to {rel}, which does not exist"
                )
            )
        elif anchor and anchor not in (anchors := page_anchors(linked) | extra_anchors.get(rel, set())):
            findings.append(
                Finding(
                    page.path,
                    link.line,
                    "link-anchor",
                    f"link '{link.target}': {rel} has no anchor '#{anchor}'{anchor_hint(anchor, anchors)}",
                )
            )
    return findings


def anchor_hint(anchor: str, anchors: set[str]) -> str:
    """'; did you mean '#…'?' for the page's anchor closest to the one a link names, if one is close."""
    # Only the best match is shown, and get_close_matches returns the best first, whatever n is.
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1)  # pragma: no mutate
    return f"; did you mean '#{close[0]}'?" if close else ""
