"""`kb build --site-dir`: the build replaces its output folder whole, so it refuses any
folder it did not make, and the sources above all (kb/sitedir.py)."""

from __future__ import annotations

import pytest

from kb import sitedir


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


@pytest.mark.parametrize("site_dir, reason", [
    (".", "it is the repository"),
    ("..", "it holds the repository"),
    ("docs", "it is the docs folder"),
    ("docs/../docs", "it is the docs folder"),
    ("docs/en", "it is inside the docs folder"),
    ("docs/site", "it is inside the docs folder"),
    ("file.txt", "it is a file"),
    ("vendor", "it holds a .git folder"),
    ("notes", "it is not a site a build made (no .kb-site file in it); move it away or choose another --site-dir"),
    ("site", None),      # not there yet
    ("empty", None),
    ("built", None),     # a site a build made
    ("out/site", None),
])
def test_site_dir(repo, site_dir, reason):
    assert sitedir.refusal(repo / site_dir, repo, repo / "docs") == reason


def test_a_symlink_to_the_docs_is_the_docs(repo):
    (repo / "link").symlink_to(repo / "docs")
    assert sitedir.refusal(repo / "link", repo, repo / "docs") == "it is the docs folder"
