"""`kb build --site-dir`: the build replaces its output folder whole, so it refuses any
folder it did not make, and the sources above all; the next build removes what killed
builds left, and nothing else (kb/output/sitedir.py)."""

from __future__ import annotations

import fcntl
import os
import time

import pytest

from kb.output import sitedir


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "index.md").write_text("# Home\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "plan.txt").write_text("mine")
    (tmp_path / "built").mkdir()
    (tmp_path / "built" / sitedir.MARK).write_text(sitedir.MARK_TEXT)
    (tmp_path / "built" / "index.html").write_text("<p>")
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "vendor" / ".git").mkdir(parents=True)
    return tmp_path


@pytest.mark.parametrize(
    "site_dir, reason",
    [
        (".", "it is the repository"),
        ("..", "it holds the repository"),
        ("docs", "it is the docs folder"),
        ("docs/../docs", "it is the docs folder"),
        ("docs/en", "it is inside the docs folder"),
        ("docs/site", "it is inside the docs folder"),
        ("file.txt", "it is a file"),
        ("vendor", "it holds a .git folder"),
        ("notes", "it is not a site a build made (no .kb-site file in it); move it away or choose another --site-dir"),
        ("site", None),  # not there yet
        ("empty", None),
        ("built", None),  # a site a build made
        ("out/site", None),
    ],
)
def test_site_dir(repo, site_dir, reason):
    assert sitedir.refusal(repo / site_dir, repo, repo / "docs") == reason


def test_a_symlink_to_the_docs_is_the_docs(repo):
    (repo / "link").symlink_to(repo / "docs")
    assert sitedir.refusal(repo / "link", repo, repo / "docs") == "it is the docs folder"


OLD, RUNNING, CURRENT, NEWER = (
    "20250101T000000000000-11",
    "20250101T000001000000-12",
    "20250101T000002000000-13",
    "29990101T000000000000-14",
)


@pytest.mark.parametrize(
    "name, removed",
    [
        (OLD, True),  # a killed build's site folder
        (f"{OLD}.part1", True),  # its second worker's folder
        (f"{OLD}.part1.log", True),
        (f"{OLD}.claims", True),
        (f"{OLD}.lock", True),
        (f"{OLD}.link", True),  # its new link, or the old site folder swapped with it
        (CURRENT, False),  # the site the link points to
        (f"{CURRENT}.link", True),
        (RUNNING, False),  # a build still running (it holds its lock)
        (f"{RUNNING}.part1", False),
        (NEWER, False),  # a build that started after this one
        (f"{OLD}.backup", False),  # not a name a build gives
        ("notes.txt", False),
        ("../.site.building-abcd1234", True),  # staging folders of builds from before the link
        ("../.site.building-abcd1234.part1", True),
        ("../.site.building-abcd1234.claims", True),
        ("../.site.building-abc", False),
        ("../.site.previous", True),  # with the mark only
        ("../.site.previous-mine", False),
        ("../.site.notes", False),
    ],
)
def test_the_next_build_removes_what_killed_builds_left_and_nothing_else(tmp_path, name, removed):
    link = tmp_path / "site"
    builds = sitedir.builds_folder(link)
    builds.mkdir()
    (builds / CURRENT).mkdir()
    (builds / CURRENT / "index.html").write_text("<p>")
    link.symlink_to(f".site.builds/{CURRENT}")
    entry = builds / name
    entry.mkdir(exist_ok=True)
    (entry / "index.html").write_text("<p>")
    (entry / sitedir.MARK).write_text(sitedir.MARK_TEXT)
    past = time.time() - 60
    os.utime(entry, (past, past))
    running = open(builds / f"{RUNNING}.lock", "wb")
    fcntl.flock(running, fcntl.LOCK_EX)
    try:
        with sitedir.Build(link) as build:
            assert build.id > CURRENT
    finally:
        running.close()
    assert entry.exists() != removed
    assert (builds / CURRENT / "index.html").exists()


def test_a_link_in_the_builds_folder_is_removed_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    builds = sitedir.builds_folder(tmp_path / "site")
    builds.mkdir()
    (builds / OLD).symlink_to(outside)
    with sitedir.Build(tmp_path / "site"):
        pass
    assert not (builds / OLD).is_symlink() and (outside / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "make, reason",
    [
        (
            lambda repo: (repo / "site").symlink_to(repo / "built"),
            f"it is a symbolic link to {'{repo}'}/built that kb build did not make; remove the link or choose another --site-dir",
        ),
        (lambda repo: (repo / "site").symlink_to(".site.builds/20250101T000000000000-11"), None),  # a build's, dangling
        (
            lambda repo: (repo / ".site.builds").write_text("x"),
            ".site.builds beside it, where builds go, is not a folder a build made; move it away",
        ),
        (
            lambda repo: (repo / ".site.builds").symlink_to(repo / "notes"),
            ".site.builds beside it, where builds go, is not a folder a build made; move it away",
        ),
    ],
    ids=["another tool's link", "a build's link", "builds folder is a file", "builds folder is a link"],
)
def test_links_and_the_builds_folder(repo, make, reason):
    make(repo)
    assert sitedir.refusal(repo / "site", repo, repo / "docs") == (reason and reason.format(repo=repo))
