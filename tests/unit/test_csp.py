"""The Content-Security-Policy of a page (kb/output/csp.py): the inline scripts our templates write, by
hash, never whatever inline script a page holds; the feedback endpoint's origin allowed to
receive; the tag first in <head>."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kb.output import csp


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><script>var a=1</script>'
    '<script id="__config" type="application/json">{"b": 2}</script><script src="x.js"></script>'
    '<script type="module">import "./y.js"</script><SCRIPT type="text/javascript">var a=1</SCRIPT></head>'
    "<body><script>\nvar c=3\n</script></body></html>"
)
# Templates as the theme holds them: Jinja source, a script that takes the base URL, one in a Jinja
# comment (never written), a data block and a script file (neither hashed).
TEMPLATES = [
    '{% block libs %}<script>scope=new URL("{{ base_url }}",location)</script>{% endblock %}',
    '{# <script>never()</script> #}<script>fixed()</script><script id="__config" type="application/json">{}</script>',
    '<script src="{{ base_url }}/x.js"></script><script>fixed()</script>',
]


def render(block: str, base: str) -> str:
    return block.replace("{{ base_url }}", base)


def test_inline_scripts_are_those_that_run():
    assert csp.inline_scripts(PAGE) == ["var a=1", 'import "./y.js"', "var a=1", "\nvar c=3\n"]


def test_template_scripts_are_read_from_the_templates_once_each_and_never_from_comments():
    assert csp.template_scripts(TEMPLATES) == ['scope=new URL("{{ base_url }}",location)', "fixed()"]


@pytest.mark.parametrize(
    "url, base",
    [
        ("", "."),
        ("faq/", ".."),
        ("returns/policy/", "../.."),
        ("zh/returns/policy/", "../../.."),
        ("404.html", "."),
    ],
)
def test_the_base_url_of_a_page_is_the_way_back_to_the_site_root(url, base):
    assert csp.base_url(url) == base


def test_trusted_hashes_are_the_templates_scripts_for_the_pages_base_url():
    trusted = csp.Trusted(csp.template_scripts(TEMPLATES), render)
    assert trusted.hashes("../..") == [sha('scope=new URL("../..",location)'), sha("fixed()")]
    assert trusted.hashes(".") == [sha('scope=new URL(".",location)'), sha("fixed()")]


def test_a_block_that_cannot_be_rendered_for_our_pages_is_left_out():
    trusted = csp.Trusted(["a()", "needs(page)"], lambda block, base: None if "page" in block else block)
    assert trusted.hashes(".") == [sha("a()")]


def test_the_policy_lists_what_it_is_given_never_what_the_page_holds():
    trusted = [sha("fixed()")]
    page = csp.with_policy(PAGE, trusted)
    script_src = next(d for d in page.split('content="', 1)[1].split('"')[0].split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' {sha('fixed()')}"
    for injected in ("var a=1", "\nvar c=3\n"):
        assert sha(injected) not in page


def test_the_policy_is_the_first_thing_after_the_charset():
    page = csp.with_policy(PAGE, [])
    head = page.split("<head>", 1)[1]
    assert head.startswith('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src')
    assert page.count("Content-Security-Policy") == 1


@pytest.mark.parametrize(
    "directive",
    [
        "default-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "worker-src 'self'",
        "font-src 'self'",
    ],
)
def test_fixed_directives(directive):
    assert directive in csp.policy([]).split("; ")


def test_scripts_only_from_the_site_and_by_hash_never_unsafe_inline():
    script_src = next(d for d in csp.policy([sha("a"), sha("b")]).split("; ") if d.startswith("script-src "))
    assert script_src == f"script-src 'self' {sha('a')} {sha('b')}"
    assert "unsafe" not in script_src


@pytest.mark.parametrize(
    "endpoint, connect",
    [
        (None, "connect-src 'self'"),
        (
            "https://feedback.kestrel.example:8443/feedback?x=1",
            "connect-src 'self' https://feedback.kestrel.example:8443",
        ),
        ("http://127.0.0.1:8787/feedback", "connect-src 'self' http://127.0.0.1:8787"),
        ("javascript:alert(1)", "connect-src 'self'"),
        ("//cdn.example/x", "connect-src 'self'"),
    ],
)
def test_connections_go_to_the_site_and_the_feedback_endpoint_only(endpoint, connect):
    assert connect in csp.policy([], endpoint).split("; ")


def test_a_document_without_head_is_left_alone():
    assert csp.with_policy('<?xml version="1.0"?><urlset/>', []) == '<?xml version="1.0"?><urlset/>'


def test_the_development_server_lets_its_live_reload_script_run():
    script_src = next(d for d in csp.policy([sha("a")], serving=True).split("; ") if d.startswith("script-src "))
    assert script_src == "script-src 'self' 'unsafe-inline'"


def test_the_policy_in_the_page_carries_its_endpoint_and_server_mode():
    page = csp.with_policy(PAGE + PAGE, [sha("a")], "https://feedback.kestrel.example/f", serving=True)
    assert page.count("Content-Security-Policy") == 1
    assert "connect-src 'self' https://feedback.kestrel.example;" in page
    assert "script-src 'self' 'unsafe-inline';" in page


def test_a_page_at_an_absolute_address_has_the_root_as_its_base():
    assert csp.base_url("/help/zh/") == "."
