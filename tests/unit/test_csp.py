"""The Content-Security-Policy of a page (kb/csp.py): inline scripts by hash, data blocks and
script files not hashed, the feedback endpoint's origin allowed to receive, the tag first in <head>."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kb import csp


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


PAGE = ('<!doctype html><html><head><meta charset="utf-8"><script>var a=1</script>'
        '<script id="__config" type="application/json">{"b": 2}</script><script src="x.js"></script>'
        '<script type="module">import "./y.js"</script><SCRIPT type="text/javascript">var a=1</SCRIPT></head>'
        '<body><script>\nvar c=3\n</script></body></html>')


def test_every_inline_script_and_only_those_are_hashed_once():
    assert csp.inline_hashes(PAGE) == [sha("var a=1"), sha('import "./y.js"'), sha("\nvar c=3\n")]


def test_the_policy_is_the_first_thing_after_the_charset():
    page = csp.with_policy(PAGE)
    head = page.split("<head>", 1)[1]
    assert head.startswith('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src')
    assert page.count("Content-Security-Policy") == 1


@pytest.mark.parametrize("directive", [
    "default-src 'self'", "object-src 'none'", "frame-src 'none'", "base-uri 'self'", "form-action 'self'",
    "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "worker-src 'self'", "font-src 'self'"])
def test_fixed_directives(directive):
    assert directive in csp.policy(PAGE).split("; ")


def test_scripts_only_from_the_site_and_by_hash_never_unsafe_inline():
    script_src = next(d for d in csp.policy(PAGE).split("; ") if d.startswith("script-src "))
    assert script_src == "script-src 'self' " + " ".join(csp.inline_hashes(PAGE))
    assert "unsafe" not in script_src


@pytest.mark.parametrize("endpoint, connect", [
    (None, "connect-src 'self'"),
    ("https://feedback.kestrel.example:8443/feedback?x=1", "connect-src 'self' https://feedback.kestrel.example:8443"),
    ("http://127.0.0.1:8787/feedback", "connect-src 'self' http://127.0.0.1:8787"),
    ("javascript:alert(1)", "connect-src 'self'"),
    ("//cdn.example/x", "connect-src 'self'"),
])
def test_connections_go_to_the_site_and_the_feedback_endpoint_only(endpoint, connect):
    assert connect in csp.policy(PAGE, endpoint).split("; ")


def test_a_document_without_head_is_left_alone():
    assert csp.with_policy('<?xml version="1.0"?><urlset/>') == '<?xml version="1.0"?><urlset/>'


def test_the_development_server_lets_its_live_reload_script_run():
    script_src = next(d for d in csp.policy(PAGE, serving=True).split("; ") if d.startswith("script-src "))
    assert script_src == "script-src 'self' 'unsafe-inline'"
