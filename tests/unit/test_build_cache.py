"""What the build cache keys on, and what it keeps (kb.build.incremental): a change to any input of a
page changes its key, a change to nothing it reads does not; a page that logged a warning is
never stored; what a page adds to shared state comes back with it."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from kb.build import cache, incremental

PAGE = """---
title: Start a return
description: How to start a return.
---
# Start a return

Open **Orders** and select the product.

## Before you start {#before-you-start}

Keep the receipt.
"""


def project(root: Path) -> Path:
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "en" / "start.md").write_text(PAGE, encoding="utf-8")
    (root / "docs" / "en" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    for name in incremental.PROJECT_INPUTS:
        (root / name).mkdir()
    (root / "data" / "facts.yml").write_text("return_window_days: 14\n", encoding="utf-8")
    (root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    return root


def key(root: Path, serving: bool = False) -> str:
    return incremental.site_key(root, root / "mkdocs.yml", root / "docs", serving)


def edit(path: str, old: str, new: str):
    def change(root: Path) -> None:
        target = root / path
        target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return change


# (what changes, how) -> whether every page's key changes
CHANGES = [
    ("a title", edit("docs/en/start.md", "title: Start a return", "title: Return a product"), True),
    ("a description", edit("docs/en/start.md", "How to start", "How you start"), True),
    ("a heading", edit("docs/en/start.md", "## Before you start", "## Before you begin"), True),
    ("an anchor", edit("docs/en/start.md", "{#before-you-start}", "{#first}"), True),
    ("a heading underlined", edit("docs/en/start.md", "Keep the receipt.", "Keep it\n======"), True),
    ("a placeholder", edit("docs/en/start.md", "Keep the receipt.", "{{ contact_directory }}"), True),
    ("an HTML id", edit("docs/en/start.md", "Keep the receipt.", '<a id="receipt"></a>'), True),
    ("a fact", edit("data/facts.yml", "14", "30"), True),
    ("a template", edit("overrides/main.html", "base.html", "main.html"), True),
    ("the configuration", edit("mkdocs.yml", "Test", "Other"), True),
    ("an image", edit("docs/en/logo.svg", "<svg/>", "<svg></svg>"), True),
    ("a new page", lambda root: (root / "docs/en/new.md").write_text("# New\n", encoding="utf-8"), True),
    ("a deleted page", lambda root: (root / "docs/en/start.md").unlink(), True),
    ("body text", edit("docs/en/start.md", "Keep the receipt.", "Keep the receipt and the box."), False),
    ("a list item", edit("docs/en/start.md", "Open **Orders**", "Open **My orders**"), False),
]


@pytest.mark.parametrize("change, changes_all", [case[1:] for case in CHANGES], ids=[case[0] for case in CHANGES])
def test_the_site_key_changes_with_what_every_page_shows(tmp_path, change, changes_all):
    root = project(tmp_path)
    before = key(root)
    change(root)
    assert (key(root) != before) == changes_all


@pytest.mark.parametrize(
    "variable, value, changes",
    [
        ("SOURCE_DATE_EPOCH", "1", True),
        ("KB_SITE_URL", "https://example.org/", True),
        ("KB_FEEDBACK_ENDPOINT", "https://feedback.example.org/", True),
        ("KB_STRICT_TRANSLATIONS", "1", True),
        ("KB_CACHE_DIR", "/elsewhere", False),
        ("KB_CHECKED_ELSEWHERE", "1", False),
        ("HOME", "/elsewhere", False),
    ],
)
def test_the_site_key_reads_the_variables_the_build_reads(tmp_path, monkeypatch, variable, value, changes):
    root = project(tmp_path)
    monkeypatch.delenv(variable, raising=False)
    before = key(root)
    monkeypatch.setenv(variable, value)
    assert (key(root) != before) == changes


def test_the_development_server_has_pages_of_its_own(tmp_path):
    root = project(tmp_path)
    assert key(root, serving=True) != key(root, serving=False)


def test_pages_written_for_another_address_are_not_reused(tmp_path):
    """Two development servers on two ports write their own address into every page and sitemap."""
    root = project(tmp_path)
    first, second = (
        incremental.site_key(root, root / "mkdocs.yml", root / "docs", True, f"http://127.0.0.1:{port}/")
        for port in (8000, 8001)
    )
    assert first != second


# --- the page cache, with MkDocs' two page steps stood in for -------------------------------------


class FakeFile:
    def __init__(self, src: str, content: bytes, dest: Path, alternates: dict | None = None) -> None:
        self.src_uri, self.dest_uri, self.content_bytes = src, src.replace(".md", "/index.html"), content
        self.abs_dest_path = str(dest)
        self.alternates = alternates or {}


class FakePage:
    def __init__(self, file: FakeFile) -> None:
        self.file, self.present_anchor_ids, self.links_to_anchors, self.read = file, None, None, 0

    def read_source(self, config) -> None:
        self.read += 1


CONFIG = SimpleNamespace(plugins={"i18n": SimpleNamespace(current_language="en")})
SHARED: list = []


@pytest.fixture
def shared_state(monkeypatch):
    SHARED.clear()
    monkeypatch.setattr(incremental, "RECORDERS", {})
    incremental.recorder(
        "shared",
        lambda page, config: len(SHARED),
        lambda mark, page, config: SHARED[mark:],
        lambda added, page, config: SHARED.extend(added),
    )
    return SHARED


def steps(output: bytes, warn: bool = False, adds=("entry",)):
    def populate(page, config, files, dirty):
        page.present_anchor_ids = {"top"}
        if warn:
            logging.getLogger("mkdocs").warning("a warning while rendering")

    def build(page, config, doc_files, nav, env, dirty, excluded):
        SHARED.extend(adds)
        Path(page.file.abs_dest_path).write_bytes(output)

    return populate, build


def run(pages: incremental.Pages, page: FakePage, populate, build) -> None:
    pages.populate(populate, page, CONFIG, None, False)
    pages.build(build, page, CONFIG, None, None, None, False, False)


@pytest.fixture
def cache_pages(tmp_path):
    pages = incremental.Pages(tmp_path / "pages", "site-key", "en")
    logging.getLogger("mkdocs").addHandler(pages.warnings)
    yield pages
    logging.getLogger("mkdocs").removeHandler(pages.warnings)


def test_an_unchanged_page_comes_back_with_its_output_and_what_it_added(tmp_path, cache_pages, shared_state):
    first = FakePage(FakeFile("start.md", b"# Start", tmp_path / "a.html"))
    run(cache_pages, first, *steps(b"<p>built</p>"))
    shared_state.clear()
    again = FakePage(FakeFile("start.md", b"# Start", tmp_path / "b.html"))
    run(cache_pages, again, *steps(b"<p>NOT FROM THE CACHE</p>", adds=("other",)))
    assert (tmp_path / "b.html").read_bytes() == b"<p>built</p>"
    assert shared_state == ["entry"] and again.present_anchor_ids == {"top"} and again.read == 1
    assert (cache_pages.hits, cache_pages.misses) == (1, 1)


@pytest.mark.parametrize(
    "change",
    [
        lambda: FakeFile("start.md", b"# Start, edited", None),
        lambda: FakeFile("other.md", b"# Start", None),
        lambda: FakeFile(
            "start.md", b"# Start", None, alternates={"en": SimpleNamespace(content_bytes=b"# Source, edited")}
        ),
    ],
    ids=["its source", "its path", "its English source"],
)
def test_a_page_whose_input_changed_is_built_again(tmp_path, cache_pages, shared_state, change):
    run(
        cache_pages,
        FakePage(
            FakeFile(
                "start.md",
                b"# Start",
                tmp_path / "a.html",
                alternates={"en": SimpleNamespace(content_bytes=b"# Source")},
            )
        ),
        *steps(b"old"),
    )
    file = change()
    file.abs_dest_path = str(tmp_path / "b.html")
    run(cache_pages, FakePage(file), *steps(b"new"))
    assert (tmp_path / "b.html").read_bytes() == b"new"


def test_a_page_that_logged_a_warning_is_not_stored(tmp_path, cache_pages, shared_state):
    run(cache_pages, FakePage(FakeFile("start.md", b"# Start", tmp_path / "a.html")), *steps(b"warned", warn=True))
    warned_again = FakePage(FakeFile("start.md", b"# Start", tmp_path / "b.html"))
    run(cache_pages, warned_again, *steps(b"warned", warn=True))
    assert cache_pages.hits == 0 and not list((tmp_path / "pages").glob("*.entry"))


def test_a_damaged_entry_is_built_again(tmp_path, cache_pages, shared_state):
    run(cache_pages, FakePage(FakeFile("start.md", b"# Start", tmp_path / "a.html")), *steps(b"first"))
    entry = next((tmp_path / "pages").glob("*.entry"))
    entry.write_bytes(entry.read_bytes()[:-3])
    run(cache_pages, FakePage(FakeFile("start.md", b"# Start", tmp_path / "b.html")), *steps(b"second"))
    assert (tmp_path / "b.html").read_bytes() == b"second"


# --- findings and search terms ---------------------------------------------------------------------


def test_findings_are_computed_once_per_page_and_inputs(tmp_path):
    from kb.core.findings import Finding

    page = SimpleNamespace(path="docs/zh/start.md", text="# 开始")
    other = SimpleNamespace(path="docs/zh/other.md", text="# 其他")
    sources = {"docs/zh/start.md": SimpleNamespace(text="# Start")}
    checked = []

    def check(page):
        checked.append(page.path)
        return [Finding(page.path, 3, "parity", "a heading is missing")]

    def run(memo, group="translations", pages=(page, other)):
        return memo.each(group, list(pages), lambda p: sources.get(p.path), check)

    memo = incremental.Findings(tmp_path, "site-key")
    first = run(memo)
    assert run(memo) == first and checked == ["docs/zh/start.md", "docs/zh/other.md"]
    sources["docs/zh/start.md"] = SimpleNamespace(text="# Start, edited")  # its English source changed
    assert run(memo) == first and checked[2:] == ["docs/zh/start.md"]
    run(memo, group="links")
    run(incremental.Findings(tmp_path, "other site key"))
    assert len(checked) == 7
    entry = incremental.Findings(tmp_path, "site-key").entries
    stored = json.loads(cache.unseal(entry.path("site-key:translations").read_bytes())[0])
    assert len(stored) == 2  # the last run's pages only
    entry.path("site-key:translations").write_bytes(b"damaged")
    assert run(memo) == first and len(checked) == 9


def test_search_terms_are_analyzed_once_and_only_the_last_builds_texts_kept(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "analyze.js").write_text("// v1", encoding="utf-8")
    memo = incremental.Terms(tmp_path / "terms", tmp_path / "assets")
    analyzed = []

    def analyze(lang, texts):
        analyzed.extend(texts)
        return [[f"{lang}:{text}"] for text in texts]

    assert memo.terms(analyze, "en", "index", ["a", "b"]) == [["en:a"], ["en:b"]]
    assert memo.terms(analyze, "en", "index", ["b", "c"]) == [["en:b"], ["en:c"]]
    assert sorted(analyzed) == ["a", "b", "c"]
    entry = next((tmp_path / "terms").glob("*.entry"))
    assert len(json.loads(cache.unseal(entry.read_bytes())[0])) == 2  # "a" is no longer kept
    (tmp_path / "assets" / "analyze.js").write_text("// v2", encoding="utf-8")
    incremental.Terms(tmp_path / "terms", tmp_path / "assets").terms(analyze, "en", "index", ["b"])
    assert analyzed[-1] == "b"  # another analyzer: analyzed again


# --- the record of the last build, and pruning ---------------------------------------------------


@pytest.mark.parametrize(
    "change, up_to_date",
    [
        (lambda site: None, True),
        (lambda site: (site / "index.html").write_text("edited", encoding="utf-8"), False),
        (lambda site: (site / "index.html").unlink(), False),
        (lambda site: (site / "extra.html").write_text("", encoding="utf-8"), False),
        (lambda site: os.utime(site / "index.html", ns=(1, 1)), False),
    ],
    ids=["nothing", "a file edited", "a file deleted", "a file added", "a file touched"],
)
def test_a_site_is_up_to_date_only_as_the_build_left_it(tmp_path, monkeypatch, change, up_to_date):
    monkeypatch.setenv(cache.CACHE_DIR, str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>site</p>", encoding="utf-8")
    record = incremental.Record(tmp_path, site, "site")
    record.remember("inputs", site)
    change(site)
    assert record.up_to_date("inputs", site) == up_to_date
    assert not record.up_to_date("other inputs", site)


def test_pruning_keeps_the_entries_the_last_build_used(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR, str(tmp_path))
    entries = cache.Entries(tmp_path / "pages")
    entries.write("old", b"old")
    entries.write("used", b"used")
    os.utime(entries.path("old"), (1, 1))
    os.utime(entries.path("used"), (1, 1))
    entries.used("used")
    assert incremental.prune(tmp_path, since=1000) == 1
    assert entries.read("used") == b"used" and entries.read("old") is None
