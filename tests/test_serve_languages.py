"""`kb serve` with every language builds again only the languages whose inputs changed since the
build it serves (kb.build.serve.Unchanged): the others are linked from that build, and the site it
serves is the one a full rebuild makes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import LANGUAGES, ROOT
from tests.support import fetch, free_port, wait_for
from tests.test_kb_command import add_home_pages, edit, repo  # noqa: F401  (repo: the fixture)

# What of a page the development server sends differs from one build to the next: its live-reload
# script's call, with the build's number and the request's.
LIVERELOAD = re.compile(r"\blivereload\(\d+, \d+\);")
LINKED = "Unchanged since the last build, linked from it: "
RELOADED = "Reloading browsers"


def log_count(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(text) if log.exists() else 0


def wait_for_log(log: Path, text: str, count: int, timeout: float) -> None:
    """Wait until `text` is in the server's log `count` times (polled every 10 ms)."""
    start = time.perf_counter()
    while log_count(log, text) < count:
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{text!r} not logged {count} times within {timeout:.0f} s:\n{log.read_text()}")
        time.sleep(0.01)


def served(base: str, paths: list[str]) -> dict[str, str]:
    pages = {}
    for path in paths:
        status, body = fetch(base + path)
        assert status == 200, path
        pages[path] = LIVERELOAD.sub("livereload();", body)
    return pages


@pytest.mark.build
def test_serve_builds_again_only_the_languages_whose_inputs_changed(repo, tmp_path_factory):  # noqa: F811
    add_home_pages(repo)
    facts = repo / "data" / "facts.yml"  # a link to the repository's: a copy to edit
    facts.unlink()
    shutil.copy(ROOT / "data" / "facts.yml", facts)
    others = [lang for lang in LANGUAGES[1:] if lang != "es"]
    paths = [f"/{lang}/returns/policy/" for lang in others] + ["/es/returns/policy/", "/returns/policy/"]
    paths += [f"/{lang}/404.html" for lang in others] + [f"/{lang}/search/search_index.json" for lang in others]
    paths += ["/es/sitemap.xml", "/sitemap-index.xml"]
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    port = free_port()
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "kb", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=repo,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/es/returns/policy/", "Busca tu comprobante de compra.", 120)
        wait_for(f"{base}/{others[0]}/returns/policy/", "Find your proof of purchase.", 30)

        # A Spanish article's body: Spanish is built again, the other translations are linked.
        edit(repo / "docs/es/returns/policy.md", "Busca tu comprobante de compra.", "Busca tu factura o tu recibo.")
        wait_for(f"{base}/es/returns/policy/", "Busca tu factura o tu recibo.", 60)
        wait_for_log(log, LINKED + ", ".join(others), 1, 30)
        linked = served(base, paths)

        # A finding in the Spanish article: the banner shows it on every page; the fix takes it away, and
        # Spanish, as it was in the site served, is linked too.
        policy = repo / "docs/es/returns/policy.md"
        edit(policy, "Busca tu factura o tu recibo.", "Busca <script>alert(1)</script> tu recibo.")
        wait_for(f"{base}/{others[0]}/returns/policy/", "unsafe-html: tag &lt;script&gt; can load or run code", 60)
        edit(policy, "Busca <script>alert(1)</script> tu recibo.", "Busca tu factura o tu recibo.")
        wait_for_log(log, LINKED + ", ".join(LANGUAGES[1:]), 1, 60)
        assert "unsafe-html" not in fetch(f"{base}/{others[0]}/returns/policy/")[1]
        assert served(base, paths) == linked

        # A change to every page's inputs that changes nothing they show (a comment in the facts):
        # every language is built again, and the site is the one served with the linked languages.
        reloads = log_count(log, RELOADED)
        facts.write_text(facts.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
        wait_for_log(log, RELOADED, reloads + 1, 60)
        assert log_count(log, LINKED) == 2
        assert served(base, paths) == linked

        # The English source: every language shows it (a fallback page is the English text).
        edit(repo / "docs/en/returns/policy.md", "Back up your device.", "Back up your device first.")
        for lang in others:
            wait_for(f"{base}/{lang}/returns/policy/", "Back up your device first.", 60)
        assert log_count(log, LINKED) == 2
    finally:
        server.terminate()
        server.wait(10)
