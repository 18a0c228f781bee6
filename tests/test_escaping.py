"""Text stays text: markup written into front matter, a strings table or a data file reaches
the page escaped, wherever MkDocs, Material or our templates print it (the <title>, meta
tags, the navigation, the header, related articles, widgets, JSON in attributes), and in
Chromium no script runs and the reader sees the characters as written."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from tests.conftest import POLICY, ROOT, built_and_served, make_fixture_site
from tests.test_fixture_sites import HOME

pytestmark = [pytest.mark.build, pytest.mark.browser]


# Each carries a script that would set window.__kbRan if it ever ran.
def markup(n: int) -> str:
    return f'<img src=x onerror="window.__kbRan={n}">"\'&'


TEXTS = {
    "front matter title": ("title", markup(1)),
    "front matter description": ("description", markup(2)),
}
STRINGS = {
    "helpful.question": markup(3),
    "footer.copyright": markup(4),
    "nav.returns": "Returns " + markup(5),
    "palette.to_dark": markup(6),
    "return_checker.title": markup(7),
    "related.title": markup(8),
}
FACT_NETWORK = markup(9)

CONTACT = """---
title: Contact channels
description: Phone, chat, email and social media, with hours, per region.
category: contact
topics: [returns]
---
# Contact channels

Choose your region.

{{ contact_directory }}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("escaping")
    policy = POLICY.replace("title: Return policy", "title: " + json.dumps(TEXTS["front matter title"][1]))
    policy = policy.replace(
        "description: What you can return, within how long, and what you need to bring.",
        "description: " + json.dumps("What to bring " + TEXTS["front matter description"][1]),
    )
    policy += "\n{{ return_checker }}\n"
    config = make_fixture_site(
        root,
        {
            "en/index.md": HOME,
            "en/returns/policy.md": policy,
            "en/contact/channels.md": CONTACT,
            "en/returns/refunds.md": POLICY.replace("title: Return policy", "title: Refunds"),
        },
    )
    with config.open("a", encoding="utf-8") as file:
        file.write(
            f"nav:\n  - index.md\n  - {json.dumps(STRINGS['nav.returns'])}:\n      - returns/policy.md\n"
            "      - returns/refunds.md\n  - Contact:\n      - contact/channels.md\n"
        )
    for name in ("strings", "facts.yml"):  # copies the test may change, instead of links to the real files
        (root / "data" / name).unlink()
    shutil.copytree(ROOT / "data" / "strings", root / "data" / "strings")
    table = root / "data" / "strings" / "en.yml"
    text = table.read_text(encoding="utf-8")
    for key, value in STRINGS.items():
        text, count = re.subn(
            rf"^{re.escape(key)}: .*$", lambda m, key=key, value=value: f"{key}: {json.dumps(value)}", text, flags=re.M
        )
        assert count == 1, key
    table.write_text(text, encoding="utf-8")
    facts = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))
    next(iter(facts["regions"].values()))["social"]["network"] = FACT_NETWORK
    (root / "data" / "facts.yml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    with built_and_served(config, root / "site") as base:
        yield root / "site", base


def test_no_markup_of_ours_reaches_the_html_as_markup(hostile_site):
    out, _ = hostile_site
    offenders = []
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if re.search(r"<img src=x|onerror=\"window", html):
            offenders.append(page.relative_to(out).as_posix())
    assert offenders == []


@pytest.mark.parametrize("path", ["returns/policy/", "returns/refunds/", "contact/channels/"])
def test_in_chromium_nothing_runs_and_the_text_reads_as_written(browser, hostile_site, path):
    _, base = hostile_site
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/{path}", wait_until="networkidle")
    assert page.evaluate("window.__kbRan") is None and dialogs == []
    seen = page.evaluate(
        "document.title + '\\n' + document.body.innerText + '\\n' + "
        "(document.querySelector('meta[name=description]') || {content: ''}).content + '\\n' + "
        "Array.from(document.querySelectorAll('[title],[aria-label]')).map(e => "
        "(e.title || '') + ' ' + (e.getAttribute('aria-label') || '')).join('\\n')"
    )
    expected = {
        "returns/policy/": [1, 2, 3, 4, 5, 6, 7],
        "returns/refunds/": [1, 3, 4, 8],
        "contact/channels/": [4, 9],
    }[path]
    for n in expected:
        assert markup(n) in seen, (n, path)
    page.close()
