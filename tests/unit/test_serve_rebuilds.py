"""What `kb serve` reuses from one rebuild to the next in its process (kb.build.incremental): a file is
read again only when it changed, and the keys are those a cold process computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.build import incremental
from tests.unit.test_build_cache import CHANGES, key, project


@pytest.fixture
def reads(monkeypatch):
    """The files read, in order; every file's times count as settled (no waiting in the test)."""
    monkeypatch.setattr(incremental, "SETTLED_NS", -(10**18))
    monkeypatch.setattr(incremental, "_READ", {})
    read: list[str] = []
    original = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return read


def cold(root: Path, monkeypatch) -> str:
    """The key a new process computes: nothing remembered."""
    with monkeypatch.context() as fresh:
        fresh.setattr(incremental, "_READ", {})
        return key(root)


def test_a_rebuild_reads_only_the_configuration_and_the_files_that_changed(tmp_path, reads):
    root = project(tmp_path)
    key(root)
    assert sorted(reads) == sorted(["mkdocs.yml", "facts.yml", "main.html", "start.md", "logo.svg"])
    reads.clear()
    key(root)
    assert reads == ["mkdocs.yml"]
    reads.clear()
    (root / "docs/en/start.md").write_text("# Start\n", encoding="utf-8")
    key(root)
    assert reads == ["mkdocs.yml", "start.md"]


@pytest.mark.parametrize("change", [case[1] for case in CHANGES], ids=[case[0] for case in CHANGES])
def test_a_rebuild_computes_the_key_a_new_process_computes(tmp_path, reads, monkeypatch, change):
    root = project(tmp_path)
    key(root)
    change(root)
    assert key(root) == cold(root, monkeypatch)


def test_a_file_saved_just_before_it_is_read_is_read_again(tmp_path, monkeypatch):
    """File times are coarse: a file saved again in the same tick with the same size keeps its times,
    so a file saved less than SETTLED_NS before it was read is not remembered."""
    monkeypatch.setattr(incremental, "_READ", {})
    root = project(tmp_path)
    key(root)
    assert not any(path.endswith("facts.yml") for path, _ in incremental._READ)


def distribution(folder: Path, name: str, suffix: str = "dist-info") -> None:
    (folder / f"{name}-1.0.{suffix}").mkdir()
    (folder / f"{name}-1.0.{suffix}" / ("PKG-INFO" if suffix == "egg-info" else "METADATA")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )


def test_installed_packages_are_listed_again_when_a_folder_they_are_installed_in_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "_VERSIONS", {})
    installed = incremental._installed_folders()
    monkeypatch.setattr(incremental, "_installed_folders", lambda: [*installed, str(tmp_path)])
    before = incremental.versions()
    distribution(tmp_path, "kbtestpackage")
    after = incremental.versions()
    assert "kbtestpackage-1.0" not in before
    assert "kbtestpackage-1.0" in after


def test_the_packaging_metadata_of_the_folder_a_build_runs_in_is_no_installed_package(tmp_path, monkeypatch):
    """`python -m kb build` imports from the repository, where an editable install leaves its
    egg-info: a copy of the repository (which has none) has the same pages' keys."""
    monkeypatch.setattr(incremental, "_VERSIONS", {})
    before = incremental.versions()
    distribution(tmp_path, "kestrel_help_copy", "egg-info")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert incremental.versions() == before
