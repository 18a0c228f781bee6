"""Front matter: before anything is written, every page of every language must
have front matter that parses and fits data/schema/page.schema.json.

on_pre_build (once per build run): validate; findings are reported by hooks/report.py."""

from __future__ import annotations

from kb import checks, site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = kb_site.for_build(config)
    site.findings += checks.frontmatter_findings(site, site.pages)
