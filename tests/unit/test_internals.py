"""Every patch of MkDocs, Material, static-i18n, Jinja and the development server is behind a
guard (kb/internals.py): each passes against the pinned versions, and each stops, naming the
version it was written for, when the code it patches is not that code."""

from __future__ import annotations

import ast
import importlib.metadata
from pathlib import Path

import pytest

from kb import internals

GUARDS = sorted(internals.GUARDS)


@pytest.mark.parametrize("name", GUARDS)
def test_each_guard_passes_against_the_pinned_version(name):
    guard = internals.GUARDS[name]
    guard.check()
    assert importlib.metadata.version(guard.package) == guard.written_for


@pytest.mark.parametrize("name", GUARDS)
@pytest.mark.parametrize(
    "change", [lambda source: source + "\n", lambda source: source.replace("(", "( ", 1), lambda source: ""]
)
def test_each_guard_fails_loudly_on_other_code(name, change):
    guard = internals.GUARDS[name]
    source = guard.source()
    with pytest.raises(internals.InternalsChanged) as raised:
        guard.check(change(source))
    message = str(raised.value)
    assert f"{guard.package} {guard.written_for}" in message and guard.name in message


def test_every_guard_is_reported_when_all_pass():
    assert internals.check_all() == []


def test_a_patch_is_applied_once_and_refused_on_unknown_code(monkeypatch):
    from mkdocs.livereload import LiveReloadServer

    original = LiveReloadServer.__init__
    internals.livereload_watches(0.1)
    patched = LiveReloadServer.__init__
    internals.livereload_watches(0.1)
    try:
        assert patched is not original and LiveReloadServer.__init__ is patched
    finally:
        LiveReloadServer.__init__ = original
    monkeypatch.setitem(
        internals.GUARDS,
        "livereload",
        internals.Guard("mkdocs.livereload", "LiveReloadServer.__init__", "mkdocs", "1.6.1", "0" * 16),
    )
    with pytest.raises(internals.InternalsChanged):
        internals.livereload_watches(0.1)
    assert LiveReloadServer.__init__ is original


PATHS = [
    "en/index.md",
    "en/returns/policy.md",
    "zh/returns/policy.md",
    "zh/index.md",
    "index.md",
    "a.md",
    "en/README.md",
    "zh/sub/README.md",
    "README.md",
    "assets/kb/logo.svg",
    "en/assets/photo.png",
    "fr/returns/policy.md",
    "pt-BR/index.md",
    "zh_CN/x.md",
    "zh-Hant/index.md",
    "en",
    "zh",
    "english/index.md",
    "enx/a.md",
    "en.md",
    "./en/a.md",
    "en/../zh/a.md",
    "en//a.md",
    "en/./a.md",
    "a b/c d.md",
    "en/ü ñ/页.md",
    "sub/en/a.md",
    ".hidden/a.md",
    "en/.well-known/x.txt",
]


@pytest.mark.parametrize("urls", [True, False])
@pytest.mark.parametrize("current", ["en", "zh", "es"])
@pytest.mark.parametrize("path", PATHS)
def test_the_fast_file_mapping_is_static_i18n_s(path, current, urls, monkeypatch):
    from types import SimpleNamespace

    import mkdocs_static_i18n.folder as folder
    from mkdocs.structure.files import File

    monkeypatch.setattr(folder, "create_i18n_file", folder.create_i18n_file)  # static-i18n's own after the test
    internals.i18n_fast_files()
    fast, original = folder.create_i18n_file, folder.create_i18n_file.kb_original
    config = SimpleNamespace(docs_dir="/repo/docs", site_dir="/repo/site", use_directory_urls=urls)
    attributes = [
        "src_uri",
        "dest_uri",
        "abs_dest_path",
        "url",
        "name",
        "locale",
        "localization",
        "locale_alternate_of",
        "norm_src_uri",
        "inclusion",
        "src_dir",
        "dest_dir",
    ]

    def mapped(create):
        try:
            made = create(File(path, "/repo/docs", "/repo/site", urls), current, "en", ["en", "zh", "es"], config)
        except Exception as error:  # the same failure, if any
            return type(error).__name__
        return {name: getattr(made, name) for name in attributes} | {"alternates": list(made.alternates)}

    assert mapped(fast) == mapped(original)


THIRD_PARTY = ("mkdocs", "material", "mkdocs_static_i18n")
KB = Path(internals.__file__).parent


def third_party_imports(path: Path) -> list[str]:
    """The modules of MkDocs, Material or static-i18n that a file imports, anywhere in it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and not node.level
            else []
        )
        found += [name for name in names if name.split(".")[0] in THIRD_PARTY]
    return found


def test_only_the_guarded_module_and_the_build_import_mkdocs_material_or_static_i18n():
    allowed = {KB / "internals.py"} | set((KB / "build").rglob("*.py"))
    reaching = {
        path.relative_to(KB.parent).as_posix(): third_party_imports(path)
        for path in sorted(KB.rglob("*.py"))
        if path not in allowed
    }
    assert {path: names for path, names in reaching.items() if names} == {}


@pytest.mark.parametrize(
    "source, found",
    [
        ("import mkdocs.plugins", ["mkdocs.plugins"]),
        ("from material.plugins.search import plugin", ["material.plugins.search"]),
        ("import mkdocs_static_i18n.folder as f", ["mkdocs_static_i18n.folder"]),
        ("def later():\n    from mkdocs.structure.files import File", ["mkdocs.structure.files"]),
        ("from . import mkdocs\nimport mkdocsx\nimport jinja2", []),
    ],
)
def test_an_import_is_found_in_any_form_and_place(tmp_path, source, found):
    (tmp_path / "module.py").write_text(source, encoding="utf-8")
    assert third_party_imports(tmp_path / "module.py") == found


def test_the_theme_is_listed_without_its_hidden_files_and_the_project_with_all(tmp_path, monkeypatch):
    """Material's .icons/ (thousands of files MkDocs never copies) is not listed; the theme's assets
    and templates are, and so is every file of a folder of the project, hidden ones too."""
    import jinja2
    import material

    theme = str(Path(material.__file__).parent / "templates")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "kept.html").write_text("", encoding="utf-8")
    (tmp_path / "main.html").write_text("", encoding="utf-8")
    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", jinja2.FileSystemLoader.list_templates)
    internals.list_templates_once((str(Path(material.__file__).parent.resolve()),))
    names = jinja2.FileSystemLoader([str(tmp_path), theme]).list_templates()
    assert "main.html" in names and ".github/kept.html" in names
    assert "base.html" in names and any(name.startswith("assets/javascripts/bundle.") for name in names)
    assert not [name for name in names if name.startswith(".icons/")]
