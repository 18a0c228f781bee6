"""Shared fixtures: the repository, the real data files, fixture pages, and (for
build and browser tests) one strict build of the real site served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kb import site as kb_site
from kb.pages import Page, make_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGUAGES = ["en", "zh", "es", "ja", "ar"]
EPOCH = "1764000000"


@pytest.fixture(scope="session")
def site() -> kb_site.Site:
    """The real repository as a Site (data files and docs)."""
    return kb_site.make_site(ROOT, ROOT / "docs", LANGUAGES, "en")


def fixture_page(name: str, lang: str = "en", rel: str | None = None) -> Page:
    """A fixture page as if it lived at docs/<lang>/<rel>."""
    text = (FIXTURES / "pages" / name).read_text(encoding="utf-8")
    rel = rel or name
    return make_page(f"docs/{lang}/{rel}", lang, rel, text)


def run_build(config: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as a writer runs it (through kb build, which is atomic)."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, **(env or {}))
    return subprocess.run([sys.executable, "-m", "kb.cli", "build", "--site-dir", str(site_dir)],
                          cwd=config.parent, env=environment, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """One strict build of the real site, shared by the build and browser tests."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP on 127.0.0.1, with the site's own 404 page for missing paths."""
    class Handler(QuietHandler):
        def send_error(self, code, message=None, explain=None):
            if code == 404:
                body = (built_site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def fixture_config(root: Path) -> str:
    """The real mkdocs.yml, pointed at this repository's hooks, theme and data, without the page tree."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text[: text.index("# Page tree")]
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT}/overrides")
    text = text.replace("  - hooks/", f"  - {ROOT}/hooks/")
    for key, path in [("facts", "data/facts.yml"), ("strings", "data/strings"), ("glossary", "data/glossary.yml"),
                      ("schema", "data/schema/page.schema.json")]:
        text = text.replace(f"    {key}: {path}", f"    {key}: {ROOT}/{path}")
    return text.replace("  kb:\n", f"  kb:\n    facts_schema: {ROOT}/data/schema/facts.schema.json\n", 1)


def make_fixture_site(root: Path, pages: dict[str, str]) -> Path:
    """A small site: mkdocs.yml plus the given docs/<lang>/<path> pages. Returns the config path."""
    config = root / "mkdocs.yml"
    config.write_text(fixture_config(root), encoding="utf-8")
    for rel, text in pages.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return config
