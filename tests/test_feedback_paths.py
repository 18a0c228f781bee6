"""Feedback is never written where it would be published: `kb feedback report --html FILE`
and `kb feedback serve --db sqlite:///FILE` are refused in one line inside the site (the `site`
link, the build folder it leads to, the builds folder) or the docs, however symbolic links
lead there: a linked folder, a linked grandparent, a chain of links, a link at the file itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.feedback.store import Connection, parse_url
from tests.conftest import ROOT, SOURCE
from tests.support import free_port

BUILD = "20250101T000000000000-1"
# The path to give (FILE: the file's name), then each symbolic link to make first (its name and
# what it leads to), relative to a folder holding a site as `make build` leaves it,
# site -> .site.builds/BUILD; then the folder the refusal names.
SHAPES = [
    ("linked folder", "x/FILE", [("x", "site")], "site"),
    ("link to the build folder", "y/FILE", [("y", f".site.builds/{BUILD}")], "site"),
    ("link to the builds folder", "z/FILE", [("z", ".site.builds")], ".site.builds"),
    ("link to the builds folder, then the build", f"z/{BUILD}/FILE", [("z", ".site.builds")], "site"),
    ("linked grandparent", "up/site/FILE", [("up", ".")], "site"),
    ("chain of links", "chain/FILE", [("x", "site"), ("chain", "x")], "site"),
    ("link at the file, to nothing yet", "FILE", [("FILE", "site/FILE")], "site"),
    ("link at the file, to a page", "FILE", [("FILE", "site/index.html")], "site"),
    ("link at the file, through a linked folder", "FILE", [("x", "site"), ("FILE", "x/index.html")], "site"),
    ("linked folder in the docs", "d/FILE", [("d", str(ROOT / "docs" / SOURCE / "no-such-folder"))], "docs"),
]
IDS = [name for name, *_ in SHAPES]


@pytest.fixture
def place(tmp_path):
    """A folder with a built site in the form `make build` leaves it, and a feedback database."""
    build = tmp_path / ".site.builds" / BUILD
    build.mkdir(parents=True)
    (build / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (tmp_path / "site").symlink_to(f".site.builds/{BUILD}")
    Connection(parse_url(f"sqlite:///{tmp_path / 'collected.db'}")).close()
    return tmp_path


def shaped(place: Path, path: str, links: list[tuple[str, str]], file: str) -> Path:
    """The path to give, once its links are made in `place`, with FILE named `file`."""
    for name, target in links:
        (place / name.replace("FILE", file)).symlink_to(target.replace("FILE", file))
    return place / path.replace("FILE", file)


def kb(*arguments: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, "-m", "kb", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kb {' '.join(arguments)} was not refused: it ran on")


def snapshot(place: Path) -> dict[str, bytes]:
    """Every file under the site's builds folder, with its content."""
    return {str(path): path.read_bytes() for path in (place / ".site.builds").rglob("*") if path.is_file()}


def refused(result: subprocess.CompletedProcess, option: str, folder: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"kb feedback: {option} ") and f"inside {folder}/" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("path", "links", "folder"), [shape[1:] for shape in SHAPES], ids=IDS)
def test_the_html_report_is_refused_wherever_links_lead_into_the_site_or_the_docs(place, path, links, folder):
    given = shaped(place, path, links, "report.html")
    before = snapshot(place)
    result = kb(
        "feedback",
        "report",
        "--db",
        f"sqlite:///{place / 'collected.db'}",
        "--site-dir",
        str(place / "site"),
        "--html",
        str(given),
    )
    refused(result, "--html", folder)
    assert snapshot(place) == before
    assert not os.path.lexists(os.path.realpath(given)) or os.path.realpath(given) in before


def test_the_html_report_follows_a_link_that_leads_outside_the_site(place):
    (place / "elsewhere").mkdir()
    given = shaped(place, "x/FILE", [("x", "elsewhere")], "report.html")
    result = kb(
        "feedback",
        "report",
        "--db",
        f"sqlite:///{place / 'collected.db'}",
        "--site-dir",
        str(place / "site"),
        "--html",
        str(given),
    )
    assert result.returncode == 0, result.stderr
    assert "<html" in (place / "elsewhere" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "links", "folder"), [shape[1:] for shape in SHAPES], ids=IDS)
def test_the_collector_refuses_an_sqlite_database_wherever_links_lead_into_the_site_or_the_docs(
    place, path, links, folder
):
    given = shaped(place, path, links, "feedback.db")
    before = snapshot(place)
    result = kb(
        "feedback",
        "serve",
        "--db",
        f"sqlite:///{given}",
        "--site-dir",
        str(place / "site"),
        "--allow-origin",
        "http://127.0.0.1:8000",
        "--port",
        str(free_port()),
    )
    refused(result, "--db", folder)
    assert snapshot(place) == before
