"""Anchors, links and glossary: one finding per fault, with file and line (safety: test_safety.py)."""

from kb import glossary, links
from tests.conftest import fixture_page


def test_headings_need_unique_explicit_anchors():
    found = [str(f) for f in links.anchor_findings(fixture_page("heading_without_anchor.md"))]
    assert found == [
        "docs/en/heading_without_anchor.md:9: heading-anchor: heading 'Check battery usage' has no explicit "
        "anchor; end it with {#english-kebab-id} so its link is the same in every language",
        "docs/en/heading_without_anchor.md:13: heading-anchor: anchor 'lower-brightness' is already used on line 11"]


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
        "to the .md file"]


def test_glossary_variants(site):
    found = [str(f) for f in glossary.check(fixture_page("glossary_variant_zh.md", "zh"), site.glossary)]
    assert found == [
        "docs/zh/glossary_variant_zh.md:10: glossary: uses '红隼'; the glossary term for brand is 'Kestrel' in zh",
        "docs/zh/glossary_variant_zh.md:10: glossary: uses '保固'; the glossary term for warranty is '保修' in zh"]
