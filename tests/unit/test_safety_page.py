"""The built page as the reader receives it (kb.checks.safety.page_problems, kb.checks.safety.trace): the article
with our widgets held to the allowlists, the theme's frame to the rules on code, URLs and style,
every script checked against the templates' own; and each finding traced to the line it came from."""

from __future__ import annotations

import pytest

from kb.checks import safety
from kb.output import csp

TEMPLATE_SCRIPT = 'scope=new URL("../..",location)'
TRUSTED = frozenset({csp.digest(TEMPLATE_SCRIPT)})
HOSTS = frozenset({"help.kestrel.example"})


def page(head: str = "", nav: str = "", article: str = "", footer: str = "") -> str:
    """A page shaped as the theme writes it: one slot per region a value can land in."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
        '<link rel="stylesheet" href="../../assets/kb/kb.css">'
        '<link rel="canonical" href="https://help.kestrel.example/returns/policy/">'
        f"<script>{TEMPLATE_SCRIPT}</script>{head}</head>"
        '<body><header class="md-header"><form class="md-search__form" name="search"><input type="text" '
        'data-md-component="search-query"><label class="md-search__icon" for="__search"><svg viewBox="0 0 24 24">'
        '<path d="M9.5 3A6.5"/></svg></label></form></header>'
        f'<nav class="md-nav"><ul><li><a href="../">Returns{nav}</a></li></ul></nav>'
        '<main><div class="md-content"><article class="md-content__inner md-typeset">'
        "<h1>Return policy</h1><p>Text <code>&lt;script&gt;</code></p>"
        '<form class="kb-widget" data-kb="return-checker" data-kb-window-days="14" novalidate>'
        '<input type="date" id="kb-return-date" name="date" required><button type="submit">Check</button>'
        '<select name="product"><option value="phone" selected>Phone</option></select></form>'
        '<aside class="kb-notice"><p>Notice</p></aside>'
        '<table><tr><th style="text-align: right;">A</th></tr></table>'
        f"{article}</article></div></main>"
        f'<footer class="md-footer"><a href="https://help.kestrel.example/">Kestrel</a>{footer}</footer>'
        '<script id="__config" type="application/json">{"base": "../.."}</script>'
        '<script src="../../assets/javascripts/bundle.js"></script><script src="../../assets/kb/kb.js"></script>'
        "</body></html>"
    )


def rules(html: str) -> list[str]:
    return [problem.rule for problem in safety.page_problems(html, HOSTS, TRUSTED)]


def test_the_theme_and_our_widgets_as_written_pass():
    assert rules(page()) == []


# (region, what lands there, the rule it breaks); None: allowed.
CASES = [
    ("article", "<script>alert(1)</script>", "unsafe-script"),
    ("article", f"<script>{TEMPLATE_SCRIPT}</script>", "unsafe-script"),
    ("article", '<script type="application/json" id="__config">{"search": "x.js"}</script>', "unsafe-script"),
    ("article", '<img src="x.png" onerror="alert(1)">', "unsafe-html"),
    ("article", '<a href="&#106;avascript:alert(1)">x</a>', "unsafe-url"),
    ("article", '<a href="https://evil.example/phish">X</a>', "external-url"),
    ("article", '<div style="position:fixed;inset:0;z-index:2147483647">call</div>', "unsafe-style"),
    ("article", '<p style="background:url(x.png)">p</p>', "unsafe-style"),
    ("article", '<p style="color:red;background-image:image-set(&quot;x.png&quot; 1x)">p</p>', "unsafe-style"),
    ("article", '<p style="color: var(--x)">p</p>', "unsafe-style"),
    ("article", '<p style="margin-top:-500px">p</p>', "unsafe-style"),
    ("article", '<p style="color:#c00;font-weight:bold;text-align:center">p</p>', None),
    ("article", '<p style="color: rgb(200, 0, 0)">p</p>', None),
    ("article", '<svg><rect fill="url(https://evil.example/x.svg#g)"/></svg>', "unsafe-style"),
    ("article", '<svg><rect filter="url(x.svg#f)"/></svg>', "unsafe-style"),
    ("article", '<svg><rect fill="url(#gradient)"/></svg>', None),
    ("article", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "unsafe-html"),
    ("article", '<iframe src="https://evil.example/"></iframe>', "unsafe-html"),
    ("article", '<form action="https://evil.example/"><input type="password"></form>', "external-url"),
    ("article", '<input type="password" name="p">', "unsafe-html"),
    ("article", '<button data-kb-vote="yes" type="button">Yes</button>', None),
    ("nav", "<img src=x onerror=alert(1)>", "unsafe-html"),
    ("nav", "<script>alert(1)</script>", "unsafe-script"),
    ("nav", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "unsafe-html"),
    ("nav", "<style>body{display:none}</style>", "unsafe-html"),
    ("nav", '<span style="position:fixed;top:0">x</span>', "unsafe-style"),
    ("nav", "<object data=x.swf></object>", "unsafe-html"),
    ("nav", '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "unsafe-html"),
    ("nav", "<marquee>x</marquee>", "unsafe-html"),
    ("nav", "<b>x</b>", None),
    ("head", "<script>alert(1)</script>", "unsafe-script"),
    ("head", '<script src="https://cdn.example/x.js"></script>', "unsafe-script"),
    ("head", '<script src="//cdn.example/x.js"></script>', "unsafe-script"),
    ("head", '<script src="data:text/javascript,alert(1)"></script>', "unsafe-script"),
    ("head", '<script id="kb-feedback" type="application/json">{}</script>', None),
    ("head", '<script type="application/json" id="other">{}</script>', "unsafe-script"),
    ("head", '<link rel="stylesheet" href="https://cdn.example/x.css">', "external-url"),
    ("head", '<base href="https://evil.example/">', "unsafe-html"),
    ("footer", '<a href="javascript:alert(1)">x</a>', "unsafe-url"),
    ("footer", '<img src="https://tracker.example/p.gif">', "external-url"),
    ("footer", '<a href="mailto:help@kestrel.example">mail</a>', None),
]


@pytest.mark.parametrize("region, fragment, rule", CASES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(CASES)])
def test_each_form_in_each_region(region, fragment, rule):
    found = rules(page(**{region: fragment}))
    assert (rule in found) if rule else found == [], found


def test_a_second_configuration_block_is_refused():
    html = page().replace("</body>", '<script id="__config" type="application/json">{}</script></body>')
    assert rules(html) == ["unsafe-script"]


def test_inline_scripts_are_judged_by_the_templates_hashes_not_by_the_page():
    html = page(head="<script>other()</script>")
    assert rules(html) == ["unsafe-script"]
    assert [p.rule for p in safety.page_problems(html, HOSTS, TRUSTED | {csp.digest("other()")})] == []


SOURCES = [
    ("docs/en/returns/policy.md", "---\ntitle: Return policy\n---\n# Return policy\n\nText.\n", 1),
    ("data/facts.yml", 'regions:\n  us:\n    social: {network: "[X](https://evil.example/phish)"}\n', 1),
    ("data/strings/en.yml", 'models.where.buds: "[tap](JavaScript&#58;alert(4))"\n', 1),
    ("overrides/main.html", "{% block x %}\n  <script>extra()</script>\n{% endblock %}\n", 1),
]


@pytest.mark.parametrize(
    "fragment, where",
    [
        ('<a href="https://evil.example/phish">X</a>', ("data/facts.yml", 3)),
        ('<a href="javascript:alert(4)">tap</a>', ("data/strings/en.yml", 1)),
        ("<script>extra()</script>", ("overrides/main.html", 2)),
        ('<div style="position:fixed">x</div>', None),
    ],
)
def test_a_finding_is_traced_to_the_line_it_came_from(fragment, where):
    problem = safety.page_problems(page(article=fragment), HOSTS, TRUSTED)[0]
    assert safety.trace(problem.evidence, SOURCES) == where


# (region, what lands there, the first problem's exact message, the evidence it is traced by)
MESSAGES = [
    ("nav", '<object data="x.swf"></object>', "tag <object> can load or run code", ("<object",)),
    ("nav", "<marquee>x</marquee>", "tag <marquee> is not part of the theme", ("<marquee",)),
    ("nav", "<style>b{}</style>", "tag <style> outside <head> can redirect, load or restyle the page", ("<style",)),
    (
        "head",
        '<script type="application/json" id="other">{}</script>',
        "a data <script id='other'> that the theme does not write",
        ("{}", "other", "id="),
    ),
    (
        "head",
        "<script>\n  alert(1)\n  more()</script>",
        "an inline script that none of our templates writes ('alert(1)\\n  more()'); "
        "the Content-Security-Policy blocks it",
        ("alert(1)",),
    ),
    (
        "article",
        '<a href="https://evil.example/phish">X</a>',
        "<a href> leads to https://evil.example/phish on evil.example; link to a page of the help center with a "
        "relative link instead, or add the host to extra.kb.allowed_hosts in mkdocs.yml",
        ("https://evil.example/phish", "href="),
    ),
    (
        "footer",
        '<img onload="go()" src="a.png">',
        "event handler attribute onload= runs script; remove it",
        ("go()", "onload="),
    ),
]


@pytest.mark.parametrize("region, fragment, message, evidence", MESSAGES, ids=[m[2][:30] for m in MESSAGES])
def test_each_problem_says_what_it_is_and_what_to_look_for(region, fragment, message, evidence):
    problem = safety.page_problems(page(**{region: fragment}), HOSTS, TRUSTED)[0]
    assert (problem.message, problem.evidence) == (message, evidence)


def test_the_tag_is_named_before_its_attributes():
    found = safety.page_problems(page(nav='<object onclick="x()" data="y"></object>'), HOSTS, TRUSTED)
    assert [p.message.split(" ", 2)[:2] for p in found] == [["tag", "<object>"], ["event", "handler"]]


def test_only_the_theme_article_is_held_to_the_article_allowlists():
    assert rules(page(nav='<article><span data-x="1">a</span></article>')) == []
    assert rules(page(article='<span data-x="1">a</span>')) == ["unsafe-html"]


def test_html_inside_an_svg_title_is_html_again():
    assert rules(page(article="<svg><title><b>Bold</b></title><rect/></svg>")) == []


def test_a_word_too_short_to_find_is_skipped_for_the_next():
    assert safety.trace(("x", "https://evil.example/phish"), SOURCES) == ("data/facts.yml", 3)


def test_a_tag_is_found_however_it_is_spaced_and_cased():
    sources = [("docs/en/a.md", "Text.\n\n<  IFRAME src=x>\n", 5)]
    assert safety.trace(("<iframe",), sources) == ("docs/en/a.md", 7)
