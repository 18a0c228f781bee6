"""The kb command on a temporary Git repository: status, mark, diff, check, new, build
(refused folders, killed builds, the switch to a new site), and clear usage errors (exit 2)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kb.output import sitedir
from tests.conftest import LANGUAGES, POLICY, ROOT, kb, kb_serve, make_fixture_site
from tests.support import fetch, free_port, serve, wait_for

SOURCE = POLICY

TRANSLATION = """---
title: Política de devoluciones
description: Qué puedes devolver, en qué plazo y qué necesitas presentar.
category: returns
topics: [returns]
---
# Política de devoluciones

Puedes devolver la mayoría de los productos en un plazo de {{ return_window_days }} desde la compra.

## Antes de empezar {#before-you-start}

1. Busca tu comprobante de compra.
2. Haz una copia de seguridad del dispositivo.
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Writer", "-c", "user.email=writer@kestrel.example", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path) -> Path:
    make_fixture_site(tmp_path, {"en/returns/policy.md": SOURCE, "es/returns/policy.md": TRANSLATION})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Return policy")
    return tmp_path


def states(repo: Path, lang: str = "es") -> dict[str, str]:
    result = kb(repo, "status", "--lang", lang, "--json")
    assert result.returncode == 0, result.stderr
    return {item["path"]: item["state"] for item in json.loads(result.stdout)}


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_translator_session_status_diff_mark(repo):
    english, spanish = repo / "docs/en/returns/policy.md", repo / "docs/es/returns/policy.md"
    assert states(repo) == {"returns/policy.md": "outdated"}  # never marked

    marked = kb(repo, "mark", "es", "returns/policy.md")
    assert marked.returncode == 0 and "source_hash" in marked.stdout
    assert spanish.read_text(encoding="utf-8").count("source_hash:") == 1
    assert (
        spanish.read_text(encoding="utf-8").replace(f'source_hash: "{marked.stdout.split()[2]}"\n', "") == TRANSLATION
    )
    assert states(repo) == {"returns/policy.md": "current"}
    git(repo, "commit", "-qam", "Mark Spanish")

    edit(english, "products within", "products\nwithin")  # re-wrapping only
    assert states(repo) == {"returns/policy.md": "current"}
    edit(english, "Back up your device.", "Back up your device and sign out.")
    git(repo, "commit", "-qam", "Sign out before returning")
    assert states(repo) == {"returns/policy.md": "outdated"}

    edit(spanish, "Busca tu", "Encuentra tu")  # a translator's typo fix does not clear the state
    assert states(repo) == {"returns/policy.md": "outdated"}

    diff = kb(repo, "diff", "es", "returns/policy.md")
    assert diff.returncode == 0, diff.stderr
    assert "-2. Back up your device.\n+2. Back up your device and sign out.\n" in diff.stdout

    assert kb(repo, "mark", "es", "docs/es/returns/policy.md").returncode == 0
    assert states(repo) == {"returns/policy.md": "current"}
    assert "is current" in kb(repo, "diff", "es", "returns/policy.md").stdout


EXCHANGES = SOURCE.replace("title: Return policy", "title: Exchanges").replace("# Return policy", "# Exchanges")


@pytest.mark.parametrize(
    "committed", [False, True], ids=["English never committed", "English committed after the translation was marked"]
)
def test_diff_compares_with_the_english_a_translation_was_marked_against_even_uncommitted(repo, committed):
    """A new article translated before its English is committed: kb mark keeps the English it marked against."""
    english, spanish = repo / "docs/en/returns/exchanges.md", repo / "docs/es/returns/exchanges.md"
    english.write_text(EXCHANGES, encoding="utf-8")
    spanish.write_text(TRANSLATION.replace("Política de devoluciones", "Cambios"), encoding="utf-8")
    assert kb(repo, "mark", "es", "returns/exchanges.md").returncode == 0
    edit(english, "Back up your device.", "Back up your device and sign out.")
    if committed:
        git(repo, "add", "docs")
        git(repo, "commit", "-qm", "Exchanges")
    diff = kb(repo, "diff", "es", "returns/exchanges.md")
    assert diff.returncode == 0, diff.stderr
    assert "-2. Back up your device.\n+2. Back up your device and sign out.\n" in diff.stdout
    assert "(translated version, not committed, kept by kb mark)" in diff.stdout


def test_diff_without_the_translated_version_says_what_to_do(repo):
    spanish = repo / "docs/es/returns/policy.md"
    spanish.write_text(TRANSLATION.replace("topics: [returns]", 'topics: [returns]\nsource_hash: "0123456789ab"'))
    diff = kb(repo, "diff", "es", "returns/policy.md")
    assert (diff.returncode, diff.stdout) == (1, "")
    assert diff.stderr == (
        "kb diff: docs/es/returns/policy.md was translated from a version of docs/en/returns/policy.md "
        "(source_hash 0123456789ab) that is in no commit and was not marked with kb mark in this checkout, so there "
        "is nothing to compare with; compare the translation with the whole English page, then run kb mark es "
        "returns/policy.md. Commit the English page when you mark its translations, and kb diff finds that version "
        "from then on\n"
    )


def test_status_lists_missing_and_summarizes(repo):
    result = kb(repo, "status")
    assert result.returncode == 0
    assert "zh  missing   returns/policy.md" in result.stdout
    assert "zh: 0% current (0 current, 0 outdated, 1 missing)" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["status", "--lang", "qq"], f"kb status: unknown language 'qq'; languages: {', '.join(LANGUAGES)}"),
        (["serve", "--lang", "qq"], f"kb serve: unknown language 'qq'; languages: {', '.join(LANGUAGES)}"),
        (["mark", "qq", "returns/policy.md"], f"kb mark: unknown language 'qq'; languages: {', '.join(LANGUAGES)}"),
        (["mark", "es", "../mkdocs.yml"], "kb mark: '../mkdocs.yml' is not inside docs/es/"),
        (["mark", "es", "returns/nothing.md"], "kb mark: no such file: docs/es/returns/nothing.md"),
        (["diff", "es", "returns/nothing.md"], "kb diff: no such file: docs/es/returns/nothing.md"),
        (["check", "docs/en/nothing.md"], "kb check: no such file: docs/en/nothing.md"),
        (["new", "Returns/Gift", "--title", "Gift returns"], "kb new: 'Returns/Gift' must be <section>/<slug>"),
        (["new", "shop/gift-returns", "--title", "Gift returns"], "kb new: unknown section 'shop'"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(repo, args, message):
    result = kb(repo, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr


def add_home_pages(repo: Path) -> None:
    """English and Spanish home pages, and every Spanish page marked current: a site a strict build accepts."""
    home = "---\ntitle: {t}\ndescription: {d}\ncategory: home\ntopics: [home]\n---\n# {t}\n\n[{l}](returns/policy.md)\n"
    (repo / "docs/en/index.md").write_text(
        home.format(t="Help center", d="Answers from Kestrel support.", l="Return policy"), encoding="utf-8"
    )
    (repo / "docs/es/index.md").write_text(
        home.format(t="Centro de ayuda", d="Respuestas del soporte de Kestrel.", l="Política de devoluciones"),
        encoding="utf-8",
    )
    for page in ["returns/policy.md", "index.md"]:
        assert kb(repo, "mark", "es", page).returncode == 0


@pytest.mark.build
def test_serve_one_language_builds_only_it_and_shows_each_edit(repo):
    """`kb serve --lang es` (make serve LANG=es): Spanish is served and rebuilt on save; English is not built."""
    add_home_pages(repo)
    with kb_serve(repo, "es") as base:
        wait_for(f"{base}/es/returns/policy/", "Busca tu comprobante de compra.", 90)
        assert fetch(f"{base}/returns/policy/")[0] == 404
        edit(repo / "docs/es/returns/policy.md", "Busca tu comprobante de compra.", "Busca tu factura o tu recibo.")
        wait_for(f"{base}/es/returns/policy/", "Busca tu factura o tu recibo.", 30)
        page = fetch(f"{base}/es/returns/policy/")[1]  # the server's live-reload script may run under the policy
        assert "livereload(" in page and "script-src 'self' 'unsafe-inline';" in page


@pytest.mark.build
def test_serve_shows_facts_and_strings_edited_while_it_runs(repo):
    """Data files are read anew by each rebuild of `kb serve`, never kept from an earlier run."""
    add_home_pages(repo)
    for name in ("facts.yml", "strings"):  # the fixture's data files are links to the repository's: copies to edit
        link = repo / "data" / name
        link.unlink()
        (shutil.copytree if (ROOT / "data" / name).is_dir() else shutil.copy)(ROOT / "data" / name, link)
    with kb_serve(repo, "es") as base:
        page = f"{base}/es/returns/policy/"
        wait_for(page, "14 días", 90)
        edit(repo / "data/facts.yml", "return_window_days: 14 ", "return_window_days: 30 ")
        wait_for(page, "30 días", 30)
        edit(repo / "data/strings/es.yml", "Todos los derechos reservados.", "Derechos reservados en todo el mundo.")
        wait_for(page, "Derechos reservados en todo el mundo.", 30)
        edit(repo / "data/facts.yml", "return_window_days: 30 ", "return_window_days: 21 ")
        wait_for(page, "21 días", 30)
        assert "Derechos reservados en todo el mundo." in fetch(page)[1]


# Saves that break a build under kb serve: (case, {file: (old, new)}, what the banner shows, escaped).
FAILED_REBUILDS = [
    (
        "a finding before anything is written",
        {
            "docs/es/returns/policy.md": (
                "Busca tu comprobante de compra.",
                "Busca <script>alert(1)</script> tu recibo.",
            )
        },
        [
            "docs/es/returns/policy.md:14: unsafe-html: tag &lt;script&gt; can load or run code",
            "1 problem in 1 file",
        ],
    ),
    (
        "a strict warning after the pages are written",
        {
            "docs/en/returns/policy.md": (
                "Find your proof of purchase.",
                "Find your proof of purchase. ![Port](port.png)",
            ),
            "docs/es/returns/policy.md": ("Busca tu comprobante de compra.", "Busca tu recibo. ![Puerto](port.png)"),
        },
        [
            "Doc file &#x27;es/returns/policy.md&#x27; contains a link &#x27;port.png&#x27;, but the target",
            "Aborted with 1 warnings in strict mode!",
        ],
    ),
    (
        "mkdocs.yml that is not YAML",
        {"mkdocs.yml": ("strict: true", "strict: [true")},
        ["MkDocs encountered an error parsing the configuration file", "mkdocs.yml&quot;, line"],
    ),
]


@pytest.mark.build
@pytest.mark.parametrize(
    "edits, shown", [case[1:] for case in FAILED_REBUILDS], ids=[case[0] for case in FAILED_REBUILDS]
)
def test_a_failed_rebuild_shows_its_problems_on_the_last_good_site_until_a_good_build(repo, tmp_path, edits, shown):
    """kb serve after a save that breaks the build: every page is the last good one with the problems at
    its top, as text; the next good build takes them away. With one language, / leads to its home page
    and the log counts that language's translations only."""
    add_home_pages(repo)
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "kb", "serve", "--lang", "es", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=repo,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    page, home = f"{base}/es/returns/policy/", f"{base}/es/"
    try:
        wait_for(page, "Busca tu comprobante de compra.", 90)
        started = log.read_text(encoding="utf-8")
        assert f"Serving on {base}/es/\n" in started
        assert "docs/zh/" not in started and "--lang zh" not in started  # Chinese is not built
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:  # the root leads to Spanish
            assert response.url == home and "Centro de ayuda" in response.read().decode("utf-8")

        for path, (old, new) in edits.items():
            edit(repo / path, old, new)
        wait_for(page, 'id="kb-build-failed"', 60)
        broken = fetch(page)[1]
        assert "Busca tu comprobante de compra." in broken  # the last good page
        banner = broken.split('id="kb-build-failed"', 1)[1].split("</details>", 1)[0]
        assert all(line in banner for line in shown), banner
        assert "<script" not in banner and "<img" not in banner and "Traceback" not in log.read_text(encoding="utf-8")
        assert 'id="kb-build-failed"' in fetch(home)[1]  # on every page

        for path, (old, new) in edits.items():
            edit(repo / path, new, old)
        edit(repo / "docs/es/returns/policy.md", "Busca tu comprobante de compra.", "Busca tu recibo de compra.")
        wait_for(page, "Busca tu recibo de compra.", 60)
        assert "kb-build-failed" not in fetch(page)[1] and "kb-build-failed" not in fetch(home)[1]
    finally:
        server.terminate()
        server.wait(10)
    folders = set(re.findall(r"documentation to directory: (\S+/kb-serve-[^/]+)/", log.read_text(encoding="utf-8")))
    assert len(folders) == 1 and not Path(folders.pop()).exists()  # its build folders are gone when it stops


@pytest.fixture
def busy_port():
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


# (case, --dev-addr, the one line kb serve prints); {busy} is a port another program listens on.
ADDRESSES = [
    ("busy", "127.0.0.1:{busy}", "kb serve: 127.0.0.1:{busy} is in use; choose another port: make serve PORT="),
    ("no port", "127.0.0.1", "kb serve: --dev-addr '127.0.0.1' is not HOST:PORT with a port from 1 to 65535"),
    ("empty port", "127.0.0.1:", "kb serve: --dev-addr '127.0.0.1:' is not HOST:PORT with a port from 1 to 65535"),
    ("port 0", "127.0.0.1:0", "kb serve: --dev-addr '127.0.0.1:0' is not HOST:PORT with a port from 1 to 65535"),
    (
        "port too high",
        "127.0.0.1:70000",
        "kb serve: --dev-addr '127.0.0.1:70000' is not HOST:PORT with a port from 1 to 65535",
    ),
    (
        "port name",
        "127.0.0.1:http",
        "kb serve: --dev-addr '127.0.0.1:http' is not HOST:PORT with a port from 1 to 65535",
    ),
    (
        "host name",
        "example.org:8000",
        "kb serve: --dev-addr 'example.org:8000': 'example.org' is not an IP address or localhost",
    ),
    (
        "not this machine",
        "192.0.2.1:8000",
        "kb serve: cannot listen on 192.0.2.1:8000: Cannot assign requested address",
    ),
]


@pytest.mark.parametrize("dev_addr, message", [case[1:] for case in ADDRESSES], ids=[case[0] for case in ADDRESSES])
def test_serve_refuses_a_busy_or_invalid_address_before_building(repo, busy_port, dev_addr, message):
    dev_addr, message = dev_addr.format(busy=busy_port), message.format(busy=busy_port)
    started = time.monotonic()
    result = kb(repo, "serve", "--dev-addr", dev_addr)
    assert time.monotonic() - started < 10  # refused before the first build, which would log to stderr
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    suggested = re.search(r"PORT=([0-9]+) \(or kb serve --dev-addr 127\.0\.0\.1:([0-9]+)\)$", result.stderr)
    if "in use" in message:
        assert suggested and suggested[1] == suggested[2] != str(busy_port)


@pytest.mark.parametrize("args, dev_addr", [([], "127.0.0.1:8000"), (["PORT=8001"], "127.0.0.1:8001")])
def test_make_serve_passes_its_port_to_kb_serve(args, dev_addr):
    env = {name: value for name, value in os.environ.items() if name != "PORT"}
    dry_run = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert dry_run.returncode == 0, dry_run.stderr
    assert f"/kb serve --dev-addr {dev_addr}" in dry_run.stdout


def test_check_reports_file_and_line_and_exits_1(repo):
    edit(repo / "docs/en/returns/policy.md", "of purchase.", "of purchase. Returns close after 30 days.")
    result = kb(repo, "check", "docs/en/returns/policy.md")
    assert result.returncode == 1
    assert result.stdout.startswith("docs/en/returns/policy.md:9: fact-contradiction: states 30 days next to 'Returns'")


def test_check_clean_files_exit_0(repo):
    kb(repo, "mark", "es", "returns/policy.md")
    result = kb(repo, "check", "docs/en/returns/policy.md", "docs/es/returns/policy.md")
    assert (result.returncode, result.stdout) == (0, "")


def test_check_one_translation_alone_finds_its_source(repo):
    kb(repo, "mark", "es", "returns/policy.md")
    assert kb(repo, "check", "docs/es/returns/policy.md").stdout == ""
    orphan = repo / "docs/es/returns/gifts.md"
    orphan.write_text((repo / "docs/es/returns/policy.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = kb(repo, "check", "docs/es/returns/gifts.md")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "docs/es/returns/gifts.md:1: translation-orphan: no English source docs/en/returns/gifts.md"
    )


def test_new_article_is_valid_and_in_the_navigation(repo):
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "nav:\n  - Returns:\n      - returns/policy.md\n", encoding="utf-8"
    )
    result = kb(repo, "new", "returns/gift-returns", "--title", "Return a gift")
    assert result.returncode == 0, result.stderr
    assert "created docs/en/returns/gift-returns.md; added to the navigation after returns/policy.md" in result.stdout
    assert "      - returns/gift-returns.md\n" in config.read_text(encoding="utf-8")
    assert "next: replace the description (kb check refuses it until you do)" in result.stdout
    article = repo / "docs/en/returns/gift-returns.md"
    refused = kb(repo, "check", "docs/en/returns/gift-returns.md")
    assert (refused.returncode, refused.stdout.splitlines()[0]) == (
        1,
        (
            "docs/en/returns/gift-returns.md:3: front-matter-description: description is still the text kb new wrote; "
            "replace it with one sentence that answers the reader's question (search engines and the search results "
            "show it)"
        ),
    )
    edit(
        article,
        "Replace this with one sentence that answers the reader's question.",
        "How to return a gift, with or without a gift receipt.",
    )
    assert kb(repo, "check", "docs/en/returns/gift-returns.md").returncode == 0
    assert states(repo)["returns/gift-returns.md"] == "missing"


def test_ci_workflow_is_a_valid_github_workflow():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(ROOT / ".github/workflows/site.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = (ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8")
    assert "make test" in workflow and "make build" in workflow and "deploy-pages" in workflow
    # site/ is a link to the build's folder: the uploads are given the folder itself
    assert 'echo "site=$(realpath site)"' in workflow and "path: site/" not in workflow
    assert workflow.count("path: ${{ steps.build.outputs.site }}") == 2


REFUNDS = """---
title: Refunds
description: When your refund arrives, and on which payment method it is paid back.
category: returns
topics: [returns]
---
# Refunds

Before you ask for a refund, read the [return policy](policy.md#before-you-start).
"""


def committing(repo: Path) -> callable:
    """`git commit` in `repo` with the project's pre-commit hook installed, as a writer has it."""
    (repo / ".pre-commit-config.yaml").write_text((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (repo / ".git" / "info" / "exclude").write_text(".venv\n.cache\n")
    env = dict(os.environ, PRE_COMMIT_HOME=str(repo / ".cache"))
    subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "install"], cwd=repo, env=env, check=True, capture_output=True
    )

    def commit(message: str) -> subprocess.CompletedProcess:
        git(repo, "add", "-A")
        return subprocess.run(
            ["git", "-c", "user.name=Writer", "-c", "user.email=writer@kestrel.example", "commit", "-qm", message],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )

    return commit


@pytest.mark.parametrize(
    "change, expected",
    [
        # a typed figure in the staged article
        (
            lambda repo: edit(
                repo / "docs/en/returns/policy.md", "of purchase.", "of purchase. Returns close after 30 days."
            ),
            ["docs/en/returns/policy.md:9: fact-contradiction: states 30 days next to 'Returns'"],
        ),
        # a rename: the pages that link to it and its translation are not staged, and are still checked
        (
            lambda repo: git(repo, "mv", "docs/en/returns/policy.md", "docs/en/returns/return-policy.md"),
            [
                "docs/en/returns/refunds.md:9: link-broken: link 'policy.md#before-you-start' leads to returns/policy.md",
                "docs/es/returns/policy.md:1: translation-orphan: no English source docs/en/returns/policy.md",
                "mkdocs.yml:",
                "nav-missing: nav entry 'returns/policy.md' leads to docs/en/returns/policy.md, which does not "
                "exist; was it renamed to 'returns/return-policy.md'?",
            ],
        ),
        # a nav entry to a page that does not exist
        (
            lambda repo: edit(
                repo / "mkdocs.yml",
                "      - returns/refunds.md\n",
                "      - returns/refunds.md\n      - returns/gifts.md\n",
            ),
            ["nav-missing: nav entry 'returns/gifts.md' leads to docs/en/returns/gifts.md, which does not exist"],
        ),
    ],
    ids=["typed figure", "rename", "nav entry"],
)
def test_pre_commit_refuses_what_breaks_the_tree(repo, change, expected):
    (repo / "docs/en/returns/refunds.md").write_text(REFUNDS, encoding="utf-8")
    with (repo / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - Returns:\n      - returns/policy.md\n      - returns/refunds.md\n")
    kb(repo, "mark", "es", "returns/policy.md")
    commit = committing(repo)
    assert commit("Refunds").returncode == 0
    change(repo)
    refused = commit("A change that breaks the tree")
    assert refused.returncode == 1
    output = refused.stdout + refused.stderr
    for part in expected:
        assert part in output, output
    assert git_output(repo, "log", "--format=%s", "-1") == "Refunds"  # nothing was committed


def test_pre_commit_accepts_a_rename_with_its_links_and_translations(repo):
    (repo / "docs/en/returns/refunds.md").write_text(REFUNDS, encoding="utf-8")
    kb(repo, "mark", "es", "returns/policy.md")
    commit = committing(repo)
    assert commit("Refunds").returncode == 0
    for lang in ("en", "es"):
        git(repo, "mv", f"docs/{lang}/returns/policy.md", f"docs/{lang}/returns/return-policy.md")
    edit(repo / "docs/en/returns/refunds.md", "(policy.md#", "(return-policy.md#")
    done = commit("Rename the return policy")
    assert done.returncode == 0, done.stdout + done.stderr


def git_output(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "site_dir, reason",
    [
        ("docs", "it is the docs folder"),
        (".", "it is the repository"),
        ("docs/es", "it is inside the docs folder"),
        ("data", "it is not a site a build made"),
        ("published", "it is a symbolic link to data that kb build did not make"),
        ("site", ".site.builds beside it, where builds go, is not a folder a build made"),
    ],
)
def test_build_refuses_a_site_dir_it_would_destroy(repo, site_dir, reason):
    (repo / "published").symlink_to("data")
    (repo / ".site.builds").symlink_to("data")
    before = snapshot(repo)
    result = kb(repo, "build", "--site-dir", site_dir)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"kb build: --site-dir {site_dir}: refused, because the build replaces that folder whole and {reason}"
    )
    assert snapshot(repo) == before  # nothing removed, nothing written


@pytest.mark.parametrize("command", [["check"], ["build", "--site-dir", "site"]])
def test_an_article_that_is_not_utf8_is_one_line_not_a_traceback(repo, command):
    path = repo / "docs" / "es" / "returns" / "policy.md"
    path.write_bytes(path.read_bytes().replace(b"Busca tu comprobante", b"Busca tu comprobante \xe9"))
    result = kb(repo, *command)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "docs/es/returns/policy.md:13: encoding: not valid UTF-8 (byte 0xe9 at column 25); save the file as UTF-8"
        in output
    )
    assert "Traceback" not in output


@pytest.mark.parametrize("command", [["check"], ["build", "--site-dir", "site"]])
def test_a_language_block_without_its_strings_table_is_one_line(repo, command):
    """README's old way of adding a language, block first: the missing table is named, not a traceback."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = next(line for line in text.splitlines() if line.strip() == f"- locale: {LANGUAGES[-1]}")
    indent = block[: block.index("-")]
    edit(config, "# Hooks:", f"{indent}- locale: qu\n{indent}  name: Runasimi\n{indent}  build: true\n\n# Hooks:")
    result = kb(repo, *command)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "data/strings/qu.yml:1: strings-missing: no strings table for language 'qu'; add one with every key of "
        "data/strings/en.yml (kb add-language qu writes it)"
    ) in output
    assert "Traceback" not in output
    assert [line for line in output.splitlines() if "strings-" in line and str(repo) in line] == []


def build_entries(repo: Path) -> set[str]:
    """The folders and files a build keeps beside the site and in its builds folder."""
    names = {p.name for p in repo.iterdir() if p.name.startswith(".site")}
    builds = repo / ".site.builds"
    return names | ({f".site.builds/{p.name}" for p in builds.iterdir()} if builds.is_dir() else set())


@pytest.fixture
def buildable(repo) -> Path:
    add_home_pages(repo)
    return repo


def edit_home(repo: Path) -> None:
    """A writer's edit: one more sentence on the home page."""
    home = repo / "docs" / "en" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nFind answers by product.\n", encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("next_build", ["of the edit", "of nothing new (the edit taken back)"])
def test_a_killed_build_leaves_the_last_good_site_served_and_the_next_build_removes_what_it_left(buildable, next_build):
    repo = buildable
    assert kb(repo, "build").returncode == 0
    site = repo / "site"
    page = (site / "returns/policy/index.html").read_bytes()
    kept = build_entries(repo)
    home = (repo / "docs/en/index.md").read_text(encoding="utf-8")
    edit_home(repo)  # something to build: an unchanged site is not built again
    server, base = serve(site)
    try:
        building = subprocess.Popen(
            [sys.executable, "-m", "kb", "build"],
            cwd=repo,
            start_new_session=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not any((repo / name).is_dir() for name in build_entries(repo) - kept):  # its new site's folder
            assert building.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.01)
        os.killpg(building.pid, signal.SIGKILL)
        building.wait()
        left = build_entries(repo) - kept
        assert left  # the killed build's folders
        assert (site / "returns/policy/index.html").read_bytes() == page
        assert fetch(f"{base}/returns/policy/") == (200, page.decode("utf-8"))
        if next_build != "of the edit":
            (repo / "docs/en/index.md").write_text(home, encoding="utf-8")
        assert kb(repo, "build").returncode == 0
        assert fetch(f"{base}/returns/policy/") == (200, page.decode("utf-8"))
    finally:
        server.shutdown()
    after = build_entries(repo)
    assert after & left == set()  # removed by the next build
    assert after == {".site.builds", f".site.builds/{os.readlink(site).split('/')[-1]}"}  # and only its site is kept


@pytest.mark.build
def test_a_reader_never_finds_the_site_missing_while_builds_replace_it(buildable):
    repo = buildable
    assert kb(repo, "build").returncode == 0
    page = repo / "site" / "returns/policy/index.html"
    reads, misses, done = [0], [], threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                text = page.read_bytes()
            except OSError as error:
                misses.append(repr(error))
                continue
            if not text.rstrip().endswith(b"</html>"):
                misses.append(f"a partial page of {len(text)} bytes")
            reads[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(2):
            edit_home(repo)
            result = kb(repo, "build")
            assert result.returncode == 0, result.stderr
    finally:
        done.set()
        reader.join()
    assert misses == [] and reads[0] > 1000, (reads[0], misses[:3])


@pytest.mark.parametrize("before", ["a real folder a build made", "nothing", "the link of the build before"])
@pytest.mark.build
def test_the_site_becomes_a_link_to_the_new_build_and_the_old_one_is_removed(buildable, before):
    repo = buildable
    site = repo / "site"
    if before == "a real folder a build made":
        site.mkdir()
        (site / sitedir.MARK).write_text(sitedir.MARK_TEXT)
        (site / "index.html").write_text("<p>old</p>")
    elif before == "the link of the build before":
        assert kb(repo, "build").returncode == 0
        edit_home(repo)
    previous = os.readlink(site) if site.is_symlink() else None
    assert kb(repo, "build").returncode == 0
    assert site.is_symlink() and os.readlink(site) != previous
    assert os.readlink(site).startswith(".site.builds/") and (site / sitedir.MARK).is_file()
    assert build_entries(repo) == {".site.builds", f".site.builds/{os.readlink(site).split('/')[-1]}"}


@pytest.mark.parametrize("command", [["check"], ["build", "--site-dir", "site"]])
def test_a_broken_facts_file_is_one_line_even_where_pages_use_its_blocks(repo, command):
    (repo / "docs/en/contact").mkdir()
    (repo / "docs/en/contact/channels.md").write_text(
        "---\ntitle: Contact channels\ndescription: Phone, chat and email in your region, with hours.\n"
        "category: contact\ntopics: [contact]\n---\n# Contact channels\n\n{{ contact_directory }}\n",
        encoding="utf-8",
    )
    facts = repo / "data/facts.yml"
    text = facts.read_text(encoding="utf-8")
    facts.unlink()  # a copy of the linked real file, then broken
    facts.write_text(text.replace("regions:", "regions: {", 1), encoding="utf-8")
    result = kb(repo, *command)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(r"data/facts\.yml:\d+: facts-yaml: not valid YAML", output), output[-2000:]
    assert "Traceback" not in output
