"""Shared fixtures: the repository, the real data files, fixture pages, and (for
build and browser tests) one strict build of the real site served on localhost."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from kb.build.config import load_site
from kb.core import site as kb_site
from kb.core.pages import Page, make_page
from tests.support import ARGS, CHROMIUM, LISTEN, SiteHandler, free_port, link_project, serve

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EPOCH = "1764000000"

# What the tests expect of the real site comes from its content: the languages from mkdocs.yml
# (the source language first), the articles from docs/, so adding a language, an article or a
# translation changes the expectations, not the tests.
CONTENT = load_site(ROOT)
LANGUAGES = CONTENT.languages
SOURCE = CONTENT.source_lang
# Searches for what no article is about, at least ten per language: they list nothing.
NONSENSE = yaml.safe_load((Path(__file__).parent / "search" / "nonsense.yml").read_text(encoding="utf-8"))


def english_articles() -> list[str]:
    """Paths of the source language's articles, relative to docs/<source>/."""
    return sorted(page.rel for page in CONTENT.pages if page.lang == SOURCE)


def translated(lang: str) -> set[str]:
    """The articles that exist in `lang` (all of them in the source language)."""
    return {page.rel for page in CONTENT.pages if page.lang == lang}


def url_of(rel: str, lang: str = SOURCE) -> str:
    """The site path of an article in a language: returns/policy.md -> /zh/returns/policy/ (English at /)."""
    stem = rel[:-3]
    path = "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"
    return ("/" if lang == SOURCE else f"/{lang}/") + path


def article_using(block: str) -> str:
    """The first English article whose text uses {{ block }} (a widget), so tests follow the
    widget when its article is renamed."""
    found = sorted(
        page.rel
        for page in CONTENT.pages
        if page.lang == SOURCE and re.search(r"\{\{\s*" + block + r"\s*\}\}", page.body)
    )
    assert found, f"no article uses {{{{ {block} }}}}"
    return found[0]


def tree_page(name: str) -> str:
    """The article of a troubleshooter tree (data/troubleshooters/<name>.yml)."""
    import yaml

    return yaml.safe_load((ROOT / "data" / "troubleshooters" / f"{name}.yml").read_text(encoding="utf-8"))["page"]


def text_lang(rel: str, lang: str) -> str:
    """The language an article's text is in under `lang`: its own, or the source's on a fallback page."""
    return lang if rel in translated(lang) else SOURCE


# An English article as writers commit it: front matter, a fact, an anchored heading, numbered steps.
POLICY = """---
title: Return policy
description: What you can return, within how long, and what you need to bring.
category: returns
topics: [returns]
---
# Return policy

You can return most products within {{ return_window_days }} of purchase.

## Before you start {#before-you-start}

1. Find your proof of purchase.
2. Back up your device.
"""


@pytest.fixture(scope="session")
def site() -> kb_site.Site:
    """The real repository as a Site (data files and docs)."""
    return load_site(ROOT)


def fixture_page(name: str, lang: str = "en", rel: str | None = None) -> Page:
    """A fixture page as if it lived at docs/<lang>/<rel>."""
    text = (FIXTURES / "pages" / name).read_text(encoding="utf-8")
    rel = rel or name
    return make_page(f"docs/{lang}/{rel}", lang, rel, text)


def run_build(config: Path, site_dir: Path, env: dict | None = None, jobs: int = 2) -> subprocess.CompletedProcess:
    """`kb build` as a writer runs it: strict, atomic, languages in `jobs` parallel processes."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "kb", "build", "--jobs", str(jobs), "--site-dir", str(site_dir)],
        cwd=config.parent,
        env=environment,
        capture_output=True,
        text=True,
    )


def kb(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """`kb ARGS...` run in `repo` as a writer runs it, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "kb", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH),
    )


def copy_with_language(repo: Path, code: str) -> Path:
    """In the empty folder `repo`: the repository's configuration, docs and data, copied (templates,
    hooks and code linked), with language `code` added by `kb add-language`."""
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, repo / name)
    for name in ("overrides", "hooks", "kb"):
        (repo / name).symlink_to(ROOT / name)
    added = kb(repo, "add-language", code)
    assert added.returncode == 0, added.stderr
    return repo


@contextmanager
def kb_serve(repo: Path, lang: str):
    """`kb serve --lang LANG` in `repo` on a free port while the block runs; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--lang", lang, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def built_and_served(config: Path, out: Path, env: dict | None = None):
    """A strict build of `config` into `out` (`env` added to its environment), served on 127.0.0.1
    while the block runs; yields the base URL."""
    result = run_build(config, out, env=env)
    assert result.returncode == 0, result.stderr
    server, base = serve(out)
    try:
        yield base
    finally:
        server.shutdown()


# The files that take longest, longest first: seconds per file in `make test` on a 2-core machine
# (both workers busy), summed from a per-test timeline of a clean clone's run (test times, fixtures
# included). They start first, so that none is left running alone at the end while the other worker idles.
LONGEST_FIRST = (
    "test_incremental.py",  # 259 s, one test of 196 s
    "test_kb_command.py",  # 170 s
    "test_accessibility.py",  # 129 s
    "test_new_language.py",  # 85 s, before its site's build took the real site's PDFs from the cache
    "test_layout_shift.py",  # 65 s
    "test_search.py",  # 65 s
    "test_widgets.py",  # 65 s
    "test_browser.py",  # 59 s
    "test_feedback_browser.py",  # 56 s
    "test_phone_and_keyboard.py",  # 51 s
    "test_search_precision.py",  # 47 s
    "test_search_everywhere.py",  # 46 s
    "test_site.py",  # 44 s
    "test_manuals.py",  # 40 s
)


def pytest_collection_modifyitems(items) -> None:
    """The longest files first (LONGEST_FIRST), then the other files that build sites, then those
    that drive the browser, then the rest, each file's tests together and in their order:
    pytest-xdist's workers take whole files in this order (`--no-loadscope-reorder` in pyproject.toml
    keeps it), so the longest start at once and the short ones fill in at the end."""

    def rank(item) -> tuple[int, int]:
        if item.path.parent.name == "tests" and item.path.name in LONGEST_FIRST:
            return (0, LONGEST_FIRST.index(item.path.name))
        return (1, 0 if item.get_closest_marker("build") else 1 if item.get_closest_marker("browser") else 2)

    first: dict = {}
    for item in items:
        first[item.path] = min(first.get(item.path, (1, 2)), rank(item))
    items.sort(key=lambda item: first[item.path])


def once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """Folder `name`, made by `make` once for the whole test run: under pytest-xdist (make test runs
    its workers) the first worker to ask makes it in the run's shared temporary folder while the
    others wait on its lock, then all use it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of one run
    folder = root / name
    with FileLock(f"{folder}.lock"):
        if not (root / f"{name}.made").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed making it left
            folder.mkdir(parents=True)
            make(folder)
            (root / f"{name}.made").touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory):
    """The build cache of every build a test starts without a KB_CACHE_DIR of its own: one folder in
    the session's temporary folder, never the repository's .cache/kb. Its entries are keyed by
    everything they depend on (compiled templates by their source, pages and findings by the site's
    inputs and the page's bytes: kb/build/cache.py, kb/build/incremental.py), so builds of equal
    inputs share them (the fixture sites' templates above all) and no build's output changes."""
    folder = once(tmp_path_factory, "shared-cache", lambda folder: None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory) -> Path:
    """The real site's build cache (kb.build.cache), empty before the first build of the session."""
    return once(tmp_path_factory, "cache", lambda folder: None)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, build_cache) -> Path:
    """One strict build of the real site, with an empty cache, shared by the build and browser tests."""

    def build(folder: Path) -> None:
        result = run_build(ROOT / "mkdocs.yml", folder / "site", env={"KB_CACHE_DIR": str(build_cache)})
        assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(build_cache, folder / "cache")  # for real_site_cache

    return once(tmp_path_factory, "real", build) / "site"


@pytest.fixture(scope="session")
def real_site_cache(built_site) -> Path:
    """The build cache as the shared build left it, the real site's entries alone (build_cache also
    gains the entries of the other builds that share it as the session goes on). Copy it to use it."""
    return built_site.parent / "cache"


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP on 127.0.0.1, with the site's own 404 page for missing paths."""
    server, base = serve(built_site, SiteHandler)
    yield base
    server.shutdown()


def fixture_config(root: Path) -> str:
    """The real mkdocs.yml without the page tree; the repository's data, templates, hooks
    and checks are linked into `root`, so every relative path in it resolves as in the repository."""
    link_project(root)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return text[: text.index("# Page tree")]


def make_fixture_site(root: Path, pages: dict[str, str]) -> Path:
    """A small site: mkdocs.yml plus the given docs/<lang>/<path> pages. Returns the config path."""
    config = root / "mkdocs.yml"
    config.write_text(fixture_config(root), encoding="utf-8")
    for rel, text in pages.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return config


# Browser tests: one headless Debian Chromium for the whole session, driven by Playwright
# (CHROMIUM and ARGS, shared with tools/bench_search.py).


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page of its own context; before its scripts run, it records which query the search
    worker answered last (tests.support.LISTEN), for `search`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"({LISTEN})()")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def lang_root(base: str, lang: str) -> str:
    return f"{base}/" if lang == "en" else f"{base}/{lang}/"


def search(page, query: str) -> list[dict]:
    """Type a query into the site search as a person does; return the results shown."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator(".md-search__input")
    field.press_sequentially(query)
    field.press("End")  # CJK text arrives as text input (as from an IME); Material listens for key events
    answered(page, query)
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        "links => links.map(a => ({href: a.href, title: a.querySelector('h1, h2').textContent.trim()}))",
    )


def answered(page, query: str) -> None:
    """Wait until the search worker's answer to the whole of `query` is drawn (not an answer to the
    letters typed before the last), as the page fixture records it."""
    page.wait_for_function("query => window.__kbSearch && window.__kbSearch.answered === query", arg=query)
