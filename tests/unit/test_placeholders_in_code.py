"""Placeholders inside code are shown as written (kb.core.markdown_parts.literal_code_placeholders), decided by
the site's own Markdown; values from data reach an article as text (kb.data.facts.text)."""

from __future__ import annotations

import pytest

from kb.core import markdown_parts, render
from kb.data import facts
from tests.conftest import ROOT

RENDER = render.for_config(ROOT / "mkdocs.yml")

# (Markdown, the placeholders the renderer puts in code, in order of appearance)
CASES = [
    ("Text {{ a }}.", []),
    ("Code `{{ a }}` and {{ b }}.", ["{{ a }}"]),
    ("Code ``{{a}} ` x`` and {{ b }}.", ["{{a}}"]),
    ("Paragraph.\n\n    {{ a }} <b>x</b>\n\n{{ b }}", ["{{ a }}"]),
    ("1. Step.\n\n    {{ a }} is not code in a list item\n", []),
    ("!!! note\n\n    {{ a }} is an admonition's text\n", []),
    ("!!! note\n\n    Text.\n\n        {{ a }} is code in an admonition\n", ["{{ a }}"]),
    ("```\n{{ a }}\n```\n\n{{ b }}", ["{{ a }}"]),
    ("~~~text\n{{ a }}\n~~~", ["{{ a }}"]),
    ("- item\n\n    ```\n    {{ a }}\n    ```\n", ["{{ a }}"]),
    ("<code>{{ a }}</code> {{ b }}", ["{{ a }}"]),
    ("<pre>{{ a }}</pre>\n\n{{ b }}", ["{{ a }}"]),
    ("A `tick` then {{ a }} outside.", []),
    ("`{{ a }}` `{{ b }}` {{ c }}", ["{{ a }}", "{{ b }}"]),
]


@pytest.mark.parametrize("body, in_code", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_placeholders_in_code_are_kept_as_written(body, in_code):
    kept = markdown_parts.literal_code_placeholders(body, RENDER)
    left = [match.group(0) for match in markdown_parts.PLACEHOLDER.finditer(kept)]
    expanded = [match.group(0) for match in markdown_parts.PLACEHOLDER.finditer(body)]
    assert left == [p for p in expanded if p not in in_code or expanded.count(p) > 1]
    restored = markdown_parts.restore_literal_braces(kept)
    assert restored == body
    assert kept.count("\n") == body.count("\n")  # findings keep their lines


def test_a_body_without_a_sign_of_code_is_not_rendered():
    def fails(text: str) -> str:
        raise AssertionError("rendered")

    assert (
        markdown_parts.literal_code_placeholders("Text {{ a }}.\n\n1. {{ b }}\n", fails)
        == "Text {{ a }}.\n\n1. {{ b }}\n"
    )


def test_the_rendered_page_shows_the_braces():
    kept = markdown_parts.literal_code_placeholders("`{{ a }}`", RENDER)
    assert markdown_parts.restore_literal_braces(RENDER(kept)) == "<p><code>{{ a }}</code></p>"


@pytest.mark.parametrize(
    "value, shown",
    [
        ("Kestrel `Phone", "Kestrel &#96;Phone"),
        ("[X](https://evil.example/)", "&#91;X&#93;(https://evil.example/)"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a *b* _c_ {: .x} | ~ ! # \\", "a &#42;b&#42; &#95;c&#95; &#123;: .x&#125; &#124; &#126; &#33; &#35; &#92;"),
        ("say \"hi\" & 'bye'", "say &quot;hi&quot; &amp; &#x27;bye&#x27;"),
        ("14 días", "14 días"),
    ],
)
def test_a_value_from_data_is_text(value, shown):
    assert facts.text(value) == shown
    html = RENDER(f"Buy {facts.text(value)} now; type `<b>x</b>` to see it.")
    assert "<code>&lt;b&gt;x&lt;/b&gt;</code>" in html and "<b>" not in html and "<a " not in html
