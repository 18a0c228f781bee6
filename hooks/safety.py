"""Safety: articles may format but never run code or make readers' browsers contact
other hosts, decided on their rendered HTML (kb.checks.safety); nothing outside the
repository is read or published, and no file is too large to parse (kb.core.inputs).

- on_pre_build (once per build run): check the files under docs/ and data/, then
  every page of every language.
- on_files (every build, every worker): files that lead outside the repository are
  not published, even where the checks run elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from kb import checks
from kb.build import state
from kb.core import inputs
from kb.core import site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = state.of(config).site
    state.of(config).findings += checks.input_findings(site, site.pages)
    state.of(config).findings += checks.safety_findings(site, site.pages)


def on_files(files, *, config):
    run = state.of(config)
    if run.links_outside is None:  # once per build run
        run.links_outside = inputs.links_leading_outside(Path(config["docs_dir"]), run.site.root)
    leading = run.links_outside
    for file in [
        file
        for file in files
        if file.abs_src_path
        and any(file.abs_src_path == link or file.abs_src_path.startswith(link + os.sep) for link in leading)
    ]:
        files.remove(file)
    return files
