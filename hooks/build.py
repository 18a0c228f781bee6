"""Build lifecycle, listed last among the hooks.

- on_pre_build, once per build run, after every concern hook has checked the
  docs: print each finding as `file:line: rule: message` and stop the build
  before the site directory is touched.
- on_startup, on_config: compiled templates are reused by the next language's
  build, the next rebuild and the next run (kb.build.cache: each entry is checked
  against its SHA-256 and its versions, Jinja checks it against its source);
  installed theme files are listed once per process.
- on_post_build, once per build run, after static-i18n has built every
  language: run the finishing steps concern hooks registered (per-language
  search indexes, sitemaps, the localized 404 pages...).
- on_shutdown: close the last build run (kb.build.state)."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb import internals
from kb.build import cache, incremental, state
from kb.core import site as kb_site

log = logging.getLogger("mkdocs.hooks.build")


def on_startup(*, command, dirty) -> None:
    """Once per process: every Jinja environment of the theme (the pages', and the ones Material
    makes for its translations) shares the compiled templates; installed templates are listed once."""
    state.PROCESS.command = command
    state.PROCESS.compiled = compiled = cache.CompiledTemplates()
    cache.remember_installed_templates()
    internals.theme_env_shares(compiled)
    internals.i18n_fast_files()


@event_priority(100)  # before Material's search plugin renders its translations
def on_config(config):
    run = state.of(config)
    site = run.site
    folder = cache.directory(site.root)
    if why := cache.refusal(folder, site.root, site.docs_dir):
        raise PluginError(
            f"{cache.CACHE_DIR}={folder}: the build cache cannot go there: {why}; "
            f"choose a folder of its own, such as .cache/kb"
        )
    state.PROCESS.compiled.use_directory(folder / "templates")
    if run.page_cache is None:  # once per build run: the page cache, keyed by the inputs now
        run.page_cache = incremental.start(site, run.serving, config.get("site_url") or "")
    return config


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    findings = sorted(set(state.of(config).findings))
    if not findings:
        return
    for finding in findings:
        log.error(str(finding))
    files = len({finding.path for finding in findings})
    raise PluginError(
        f"{len(findings)} problem{'s' if len(findings) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}; see the lines above"
    )


def on_shutdown() -> None:
    state.close()


@event_priority(-200)  # after static-i18n (-100) has built the other languages
def on_post_build(*, config) -> None:
    if config.plugins["i18n"].building:
        return
    for name, finish in sorted(state.of(config).finishers.items()):
        log.debug("finishing: %s", name)
        finish(Path(config["site_dir"]))
