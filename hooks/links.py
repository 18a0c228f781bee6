"""Links: stable heading anchors, internal links that resolve, in every language, and
a page tree (nav in mkdocs.yml) that lists every English page once and nothing else.

on_pre_build (once per build run): check anchors, links and nav. MkDocs' own `validation`
settings (raised to warn in mkdocs.yml) check the rendered site again under --strict."""

from __future__ import annotations

from kb import checks
from kb.build import state
from kb.core import site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    state.of(config).findings += checks.links_findings(site, site.pages)
    state.of(config).findings += checks.nav_findings(site, site.pages)
