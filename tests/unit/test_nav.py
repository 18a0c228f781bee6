"""The page tree in mkdocs.yml (kb/checks/nav.py): every English page listed once, every entry a page,
each finding at its mkdocs.yml line."""

from __future__ import annotations

import pytest

from kb.checks import nav

PAGES = {"index.md", "returns/policy.md", "returns/refunds.md", "faq/index.md"}
CONFIG = """\
site_name: !ENV [NAME, "Kestrel Support"]
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds: {case: lower}
nav:
  - index.md
  - Returns and refunds:
      - returns/policy.md
      - returns/refunds.md
  - FAQ:
      - faq/index.md
"""


def check(text: str, pages: set[str] = PAGES) -> list[str]:
    return [str(finding) for finding in nav.check(text, "mkdocs.yml", pages, "docs/en")]


def test_a_complete_nav_with_custom_tags_is_clean():
    assert check(CONFIG) == []


@pytest.mark.parametrize(
    "edit, expected",
    [
        # a renamed page whose nav entry still has the old name
        (
            ("returns/refunds.md", "returns/refund.md"),
            [
                "mkdocs.yml:10: nav-missing: nav entry 'returns/refund.md' leads to docs/en/returns/refund.md, which does "
                "not exist; was it renamed to 'returns/refunds.md'?",
                "mkdocs.yml:10: nav-omitted: docs/en/returns/refunds.md is not in nav, so readers cannot reach it from the "
                "menu; write 'returns/refunds.md' in place of the entry 'returns/refund.md' (line 10)",
            ],
        ),
        # an entry to a page nobody wrote
        (
            ("      - faq/index.md\n", "      - faq/index.md\n      - faq/warranty.md\n"),
            [
                "mkdocs.yml:13: nav-missing: nav entry 'faq/warranty.md' leads to docs/en/faq/warranty.md, which does not exist"
            ],
        ),
        # the same page twice
        (
            ("      - faq/index.md\n", "      - faq/index.md\n      - Again: returns/policy.md\n"),
            ["mkdocs.yml:13: nav-duplicate: 'returns/policy.md' is already listed at line 9; list a page once"],
        ),
        # entries that are not pages
        (
            ("      - faq/index.md\n", "      - faq/index.md\n      - Shop: https://shop.example/\n      - faq/\n"),
            [
                "mkdocs.yml:13: nav-target: nav entry 'https://shop.example/' is not a page: list a .md file under docs/en/",
                "mkdocs.yml:14: nav-target: nav entry 'faq/' is not a page: list a .md file under docs/en/",
            ],
        ),
        # a page missing from nav, with no neighbour in its folder
        (
            ("  - index.md\n", ""),
            [
                "mkdocs.yml:6: nav-omitted: docs/en/index.md is not in nav, so readers cannot reach it from the menu; "
                "add it under its section"
            ],
        ),
    ],
)
def test_nav_mistakes_are_reported_at_their_line(edit, expected):
    old, new = edit
    assert old in CONFIG
    assert check(CONFIG.replace(old, new)) == expected


def test_a_new_english_page_must_be_listed():
    assert check(CONFIG, PAGES | {"returns/gifts.md"}) == [
        "mkdocs.yml:10: nav-omitted: docs/en/returns/gifts.md is not in nav, so readers cannot reach it from the "
        "menu; add it after 'returns/refunds.md' (line 10)"
    ]


def test_an_omitted_page_is_never_placed_after_a_broken_entry():
    # two pages could be the renamed one: neither is taken for it, and both go after the last entry that works
    config = CONFIG.replace("returns/refunds.md", "returns/refund.md")
    assert check(config, PAGES | {"returns/gifts.md"}) == [
        "mkdocs.yml:10: nav-missing: nav entry 'returns/refund.md' leads to docs/en/returns/refund.md, which does "
        "not exist",
        "mkdocs.yml:9: nav-omitted: docs/en/returns/gifts.md is not in nav, so readers cannot reach it from the "
        "menu; add it after 'returns/policy.md' (line 9)",
        "mkdocs.yml:9: nav-omitted: docs/en/returns/refunds.md is not in nav, so readers cannot reach it from the "
        "menu; add it after 'returns/policy.md' (line 9)",
    ]


def test_without_nav_mkdocs_lists_every_page_itself():
    assert check("site_name: x\n") == []


def test_a_config_that_is_not_yaml_is_one_finding():
    assert check("nav:\n  - index.md\n - bad\n") == [
        "mkdocs.yml:3: config-yaml: not valid YAML: expected <block end>, but found '<block sequence start>'"
    ]
