"""Security of what readers' browsers receive, judged on each page as it ships.

- on_startup: whether this is the development server, whose live-reload script is inline
  and changes with every response (there, inline scripts may run; never in a build).
- on_env (once per language): the inline scripts our templates write (kb.output.csp.Trusted), read
  from the theme's templates before any page is rendered.
- on_post_page (every page of every language), on_post_template (the 404 page): last of all,
  once nothing else changes the HTML, hold the whole page to kb.checks.safety's rules (the article
  with its placeholders, widgets and notices; titles, labels and strings in the theme's
  frame; every script), log each finding at the source line it came from, and add the
  policy, which lists only the templates' scripts.
- on_post_build (once per build run): fail the build when any page broke a rule."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from jinja2.exceptions import UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb.build import state
from kb.checks import safety
from kb.core.findings import Finding
from kb.output import csp

log = logging.getLogger("mkdocs.hooks.security")


def _endpoint(config) -> str | None:
    return (config["extra"].get("kb") or {}).get("feedback_endpoint")


def on_env(env, *, config, files):
    run = state.of(config)
    names = [
        name
        for name in env.loader.list_templates()
        if name.endswith(".html") and not name.startswith((".icons/", "assets/"))
    ]
    blocks = csp.template_scripts(env.loader.get_source(env, name)[0] for name in names)

    def render(block: str, base: str) -> str | None:
        try:
            return env.from_string(block).render(base_url=base, config=config)
        except UndefinedError:  # a template for pages of another kind (a redirect's), which we do not write
            return None

    run.shipped.trusted = csp.Trusted(blocks, render)
    return env


def _sources(run: state.Run, lang: str, page_source: Path | None) -> list[tuple[str, str, int]]:
    """Where a problem on a page of `lang` can come from, most likely first: the page's source,
    the data files, the configuration, the templates."""
    site = run.site
    paths = [page_source] if page_source else []
    data = site.paths["strings"]
    paths += [
        site.paths["facts"],
        site.root / "data" / "models.yml",
        data / f"{lang}.yml",
        data / f"{site.source_lang}.yml",
    ]
    paths += sorted((site.root / "data").rglob("*.yml"))
    paths += [site.config_file] if site.config_file else []
    paths += sorted((site.root / "overrides").rglob("*.html"))
    found, seen = [], set()
    for path in paths:
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        found.append((site.display(path), run.shipped.text(path), 1))
    return found


def _judge(output: str, config, base: str, where: str, page_source: Path | None) -> str:
    run = state.of(config)
    site = run.site
    trusted = run.shipped.trusted.hashes(base)
    hosts, _ = safety.allowed_hosts(site.allowed_hosts, "", "")
    hosts |= {host} if (host := urlsplit(config["site_url"] or "").hostname) else set()
    lang = config.plugins["i18n"].current_language
    problems = safety.page_problems(output, frozenset(hosts), frozenset(trusted))
    sources = _sources(run, lang, page_source) if problems else []  # read once per page, only when needed
    for problem in problems:
        path, line = safety.trace(problem.evidence, sources) or (
            site.display(page_source) if page_source else where,
            1,
        )
        first = Finding(path, line, problem.rule, problem.message)
        seen = first in run.shipped.findings
        if not seen:
            run.shipped.findings.append(first)
        # Logged for every page that carries it, so that no such page is kept in the build cache.
        log.error(
            str(
                Finding(
                    path,
                    line,
                    problem.rule,
                    f"the same, on the built page {where}"
                    if seen
                    else f"{problem.message} (on the built page {where})",
                )
            )
        )
    present = dict.fromkeys(csp.digest(script) for script in csp.inline_scripts(output))  # in page order
    allowed = set(trusted)  # the page only narrows the templates' list, never adds to it
    return csp.with_policy(output, [source for source in present if source in allowed], _endpoint(config), run.serving)


@event_priority(-1000)  # after every other hook and plugin has written the page
def on_post_page(output: str, *, page, config) -> str:
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    return _judge(output, config, csp.base_url(page.url), "/" + page.url, source)


@event_priority(-1000)
def on_post_template(output_content: str, *, template_name: str, config) -> str:
    if not template_name.endswith(".html"):
        return output_content
    base = urlsplit(config["site_url"] or "").path or "/"
    lang = config.plugins["i18n"].current_language
    return _judge(output_content, config, base, f"{template_name} ({lang})", None)


@event_priority(-300)  # after every language has been built (static-i18n: -100, hooks/build.py: -200)
def on_post_build(*, config) -> None:
    if config.plugins["i18n"].building:
        return
    found = state.of(config).shipped.findings
    if found:
        raise PluginError(
            f"{len(found)} problem{'s' if len(found) != 1 else ''} on the built pages; see the lines above"
        )
