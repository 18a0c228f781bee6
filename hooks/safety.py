"""Safety: articles may format but never run code or make readers' browsers contact
other hosts, decided on their rendered HTML (kb.safety); nothing outside the
repository is read or published, and no file is too large to parse (kb.inputs).

- on_pre_build (once per build run): check the files under docs/ and data/, then
  every page of every language.
- on_files (every build, every worker): files that lead outside the repository are
  not published, even where the checks run elsewhere."""

from __future__ import annotations

from pathlib import Path

from kb import checks, inputs, site as kb_site


def on_pre_build(*, config) -> None:
    if not kb_site.checking(config):
        return
    site = kb_site.for_build(config)
    site.findings += checks.input_findings(site, site.pages)
    site.findings += checks.safety_findings(site, site.pages)


def on_files(files, *, config):
    root, docs = kb_site.for_build(config).root, Path(config["docs_dir"])
    for file in [file for file in files if file.abs_src_path and docs in Path(file.abs_src_path).parents]:
        if inputs.outside(Path(file.abs_src_path), root):
            files.remove(file)
    return files
