"""Where a build may write: `kb build` replaces its output folder whole, so the folder
must be one a build made, never the sources.

A build marks every site it makes with the file MARK; a folder is replaced only when it
does not exist yet, is empty, or carries that mark. The repository, the docs folder,
anything inside the docs or holding either, and any folder with a `.git` are refused."""

from __future__ import annotations

from pathlib import Path

MARK = ".kb-site"  # written into every site a build makes
MARK_TEXT = "This folder is a site built by `kb build`, which replaces it whole at the next build.\n"


def refusal(target: Path, root: Path, docs_dir: Path) -> str | None:
    """Why a build must not replace `target`, or None when it may."""
    target, root, docs_dir = target.resolve(), root.resolve(), docs_dir.resolve()
    for protected, name in ((root, "the repository"), (docs_dir, "the docs folder")):
        if target == protected:
            return f"it is {name}"
        if protected.is_relative_to(target):
            return f"it holds {name}"
    if target.is_relative_to(docs_dir):
        return "it is inside the docs folder"
    if not target.exists():
        return None
    if not target.is_dir():
        return "it is a file"
    if (target / ".git").exists():
        return "it holds a .git folder"
    if (target / MARK).is_file() or not any(target.iterdir()):
        return None
    return f"it is not a site a build made (no {MARK} file in it); move it away or choose another --site-dir"
