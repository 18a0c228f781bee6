"""Safety: articles may format but never run code or make readers' browsers contact
other hosts, decided on their rendered HTML (kb.safety); nothing outside the
repository is read or published, and no file is too large to parse (kb.inputs).

- on_pre_build (once per build run): check the files under docs/ and data/, then
  every page of every language.
- on_files (every build, every worker): files that lead outside the repository are
  not published, even where the checks run elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from kb import checks, inputs, site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = kb_site.for_build(config)
    site.findings += checks.input_findings(site, site.pages)
    site.findings += checks.safety_findings(site, site.pages)


def on_files(files, *, config):
    site = kb_site.for_build(config)
    if "links_outside" not in site.__dict__:  # once per build run
        site.__dict__["links_outside"] = inputs.links_leading_outside(Path(config["docs_dir"]), site.root)
    leading = site.__dict__["links_outside"]
    for file in [file for file in files if file.abs_src_path and any(
            file.abs_src_path == link or file.abs_src_path.startswith(link + os.sep) for link in leading)]:
        files.remove(file)
    return files
