"""Safety: raw HTML in articles may format but never run code (no <script>, on*=
handlers, javascript: URLs, frames).

on_pre_build (once per build run): check every page of every language."""

from __future__ import annotations

from kb import checks, site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = kb_site.for_build(config)
    site.findings += checks.safety_findings(site, site.pages)
