"""The Content-Security-Policy on the real site: on every built page, ahead of every script,
listing every inline script by hash (all of them our templates'), with no inline handler anywhere; in Chromium, readers'
ordinary use (pages, search, widgets) reports no violation, and script injected into a page
does not run."""

from __future__ import annotations

import re

import lxml.html
import pytest

from kb.output import csp
from tests.conftest import LANGUAGES, article_using, lang_root, search, tree_page, url_of

# Records every violation the page reports, from before its first script.
RECORD = """window.__kbViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__kbViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@pytest.mark.build
def test_every_page_carries_a_policy_ahead_of_its_scripts_and_no_inline_handler(built_site):
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        name, html = page.relative_to(built_site).as_posix(), page.read_text(encoding="utf-8")
        policies = POLICY.findall(html)
        if len(policies) != 1 or html.find("Content-Security-Policy") > html.find("<script"):
            problems.append(f"{name}: {len(policies)} policies, or one after a script")
            continue
        script_src = next(d for d in policies[0].split("; ") if d.startswith("script-src "))
        missing = [h for h in map(csp.digest, csp.inline_scripts(html)) if h not in script_src.split()]
        handlers = [
            f"<{e.tag} {a}>"
            for e in lxml.html.document_fromstring(html).iter()
            if isinstance(e.tag, str)
            for a in e.attrib
            if a.lower().startswith("on")
        ]
        if missing or handlers or "unsafe-inline" in script_src:
            problems.append(f"{name}: unlisted inline scripts {missing}, handlers {handlers[:3]}")
    assert problems == []


@pytest.fixture
def recording(page):
    page.add_init_script(RECORD)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__kbViolations")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_ordinary_use_reports_no_violation(recording, served_site, lang):
    page = recording
    page.goto(lang_root(served_site, lang))
    assert search(page, "Kestrel")
    assert violations(page) == []
    for rel in (article_using("return_checker"), article_using("router"), tree_page("wont-turn-on")):
        page.goto(served_site + url_of(rel, lang), wait_until="networkidle")
        for widget in page.locator("form[data-kb] button[type=submit]").all():
            widget.click()
        page.locator("[data-kb-vote=no]").click()
        assert violations(page) == [], rel
    page.goto(lang_root(served_site, lang) + "no-such-page/")
    assert violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize(
    "injected",
    [
        '<img src="x" onerror="window.__kbRan = 1">',
        '<a id="kb-injected" href="javascript:window.__kbRan = 2">x</a>',
    ],
)
def test_script_that_arrives_another_way_does_not_run(recording, served_site, injected):
    page = recording
    page.goto(served_site + "/")
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", injected)
    page.evaluate("() => { const a = document.getElementById('kb-injected'); if (a) a.click(); }")
    # the policy reports the script it blocked: by then the script would have run
    page.wait_for_function("() => window.__kbViolations.some(v => v.startsWith('script-src'))")
    assert page.evaluate("window.__kbRan") is None
    assert any(v.startswith("script-src") for v in violations(page)), violations(page)
