"""Build lifecycle, listed last among the hooks.

- on_pre_build, once per build run, after every concern hook has checked the
  docs: print each finding as `file:line: rule: message` and stop the build
  before the site directory is touched.
- on_post_build, once per build run, after static-i18n has built every
  language: run the finishing steps concern hooks registered (per-language
  search indexes, sitemaps, the localized 404 pages...)."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb import site as kb_site

log = logging.getLogger("mkdocs.hooks.build")


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = kb_site.for_build(config)
    findings = sorted(set(site.findings))
    if not findings:
        return
    for finding in findings:
        log.error(str(finding))
    files = len({finding.path for finding in findings})
    raise PluginError(f"{len(findings)} problem{'s' if len(findings) != 1 else ''} in {files} "
                      f"file{'s' if files != 1 else ''}; see the lines above")


@event_priority(-200)  # after static-i18n (-100) has built the other languages
def on_post_build(*, config) -> None:
    if config.plugins["i18n"].building:
        return
    site = kb_site.for_build(config)
    for name, finish in sorted(site.finishers.items()):
        log.debug("finishing: %s", name)
        finish(Path(config["site_dir"]))
