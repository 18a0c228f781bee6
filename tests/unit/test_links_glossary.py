"""Anchors, links and glossary: one finding per fault, with file and line (safety: test_safety.py)."""

import pytest

from kb.checks import links
from kb.core.pages import make_page
from kb.data import glossary
from tests.conftest import fixture_page


def test_headings_need_unique_explicit_anchors():
    found = [str(f) for f in links.anchor_findings(fixture_page("heading_without_anchor.md"))]
    assert found == [
        "docs/en/heading_without_anchor.md:9: heading-anchor: heading 'Check battery usage' has no explicit "
        "anchor; end it with {#english-kebab-id} so its link is the same in every language",
        "docs/en/heading_without_anchor.md:13: heading-anchor: anchor 'lower-brightness' is already used on line 11",
    ]


def test_links_to_missing_pages_and_anchors(site):
    page = fixture_page("link_broken.md", rel="troubleshooting/battery.md")
    overview = fixture_page("heading_without_anchor.md", rel="warranty/overview.md")
    found = [str(f) for f in links.link_findings(page, {"warranty/overview.md": overview}, {})]
    assert found == [
        "docs/en/troubleshooting/battery.md:9: link-anchor: link '../warranty/overview.md#not-an-anchor': "
        "warranty/overview.md has no anchor '#not-an-anchor'",
        "docs/en/troubleshooting/battery.md:9: link-broken: link '../warranty/claims.md' leads to "
        "warranty/claims.md, which does not exist",
        "docs/en/troubleshooting/battery.md:9: link-absolute: link '/index.md' is absolute; use a relative link "
        "to the .md file",
    ]


def test_glossary_variants(site):
    found = [str(f) for f in glossary.check(fixture_page("glossary_variant_zh.md", "zh"), site.glossary)]
    assert found == [
        "docs/zh/glossary_variant_zh.md:10: glossary: uses '红隼'; the glossary term for brand is 'Kestrel' in zh",
        "docs/zh/glossary_variant_zh.md:10: glossary: uses '保固'; the glossary term for warranty is '保修' in zh",
    ]


def article(rel, body):
    return make_page(f"docs/en/{rel}", "en", rel, f"---\ntitle: T\n---\n{body}")


@pytest.mark.parametrize(
    "body, expected",
    [
        ("## Steps {#steps}\n### Then {#then}\n#### Details\n# Title", []),  # only ## and ### need anchors
        (
            "### Then",
            [
                "4: heading-anchor: heading 'Then' has no explicit anchor; end it with {#english-kebab-id} so its "
                "link is the same in every language"
            ],
        ),
        (
            "## Steps {#Steps_One}",
            ["4: heading-anchor: anchor 'Steps_One' must be lowercase ASCII words joined by hyphens"],
        ),
        ("## A {#a}\n\n### B {#a}", ["6: heading-anchor: anchor 'a' is already used on line 4"]),
    ],
)
def test_heading_anchors(body, expected):
    assert [str(f) for f in links.anchor_findings(article("x.md", body))] == [f"docs/en/x.md:{e}" for e in expected]


CLAIM = article("warranty/claim.md", "# Claim\n\n## Send it {#send-it}\n")


@pytest.mark.parametrize(
    "body, expected",
    [
        # images, external links and links to existing pages and anchors pass
        (
            "![Port](../img/missing.png) [X](https://example.com/a) [Claim](../warranty/claim.md#send-it) "
            "[Top](#top) [Ours](#status)",
            [],
        ),
        # each link is checked, whatever the links before it were
        (
            "![Port](../img/missing.png) [X](https://example.com/a) [Nowhere](#nope)",
            ["link-anchor: link '#nope': troubleshooting/battery.md has no anchor '#nope'"],
        ),
        (
            "[Picture](../img/port.png) [Home](/index.md) [Nowhere](#nope)",
            [
                "link-target: link '../img/port.png' must point to a .md file of the help center",
                "link-absolute: link '/index.md' is absolute; use a relative link to the .md file",
                "link-anchor: link '#nope': troubleshooting/battery.md has no anchor '#nope'",
            ],
        ),
        (
            "[Claim](../warranty/claim.md#status)",
            ["link-anchor: link '../warranty/claim.md#status': warranty/claim.md has no anchor '#status'"],
        ),
        # an anchor one slip away from one the page has: the closest is suggested
        (
            "[Claim](../warranty/claim.md#send-its)",
            [
                "link-anchor: link '../warranty/claim.md#send-its': warranty/claim.md has no anchor '#send-its'; "
                "did you mean '#send-it'?"
            ],
        ),
        (
            "[Ours](#statuses)",
            [
                "link-anchor: link '#statuses': troubleshooting/battery.md has no anchor '#statuses'; did you mean '#status'?"
            ],
        ),
        (
            "[Contact](../contact/index.md#usa)",
            ["link-anchor: link '../contact/index.md#usa': contact/index.md has no anchor '#usa'; did you mean '#us'?"],
        ),
        ("[Contact](../contact/index.md#us)", []),  # an anchor the contact directory renders at build time
        (
            "[Contact](../contact/index.md#send-it)",
            ["link-anchor: link '../contact/index.md#send-it': contact/index.md has no anchor '#send-it'"],
        ),
    ],
)
def test_internal_links(body, expected):
    page = article("troubleshooting/battery.md", f"# Battery {{#top}}\n\n## Status {{#status}}\n\n{body}")
    contact = article("contact/index.md", "# Contact\n")
    pages = {"warranty/claim.md": CLAIM, "contact/index.md": contact, "troubleshooting/battery.md": page}
    found = [str(f) for f in links.link_findings(page, pages, {"contact/index.md": {"us", "uk"}})]
    assert found == [f"docs/en/troubleshooting/battery.md:8: {e}" for e in expected]
