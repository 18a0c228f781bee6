"""Every patch of MkDocs, Material, static-i18n, Jinja and the development server is behind a
guard (kb/internals.py): each passes against the pinned versions, and each stops, naming the
version it was written for, when the code it patches is not that code."""

from __future__ import annotations

import importlib.metadata

import pytest

from kb import internals

GUARDS = sorted(internals.GUARDS)


@pytest.mark.parametrize("name", GUARDS)
def test_each_guard_passes_against_the_pinned_version(name):
    guard = internals.GUARDS[name]
    guard.check()
    assert importlib.metadata.version(guard.package) == guard.written_for


@pytest.mark.parametrize("name", GUARDS)
@pytest.mark.parametrize("change", [lambda source: source + "\n", lambda source: source.replace("(", "( ", 1),
                                    lambda source: ""])
def test_each_guard_fails_loudly_on_other_code(name, change):
    guard = internals.GUARDS[name]
    source = __import__("inspect").getsource(guard.target())
    with pytest.raises(internals.InternalsChanged) as raised:
        guard.check(change(source))
    message = str(raised.value)
    assert f"{guard.package} {guard.written_for}" in message and guard.name in message


def test_every_guard_is_reported_when_all_pass():
    assert internals.check_all() == []


def test_a_patch_is_applied_once_and_refused_on_unknown_code(monkeypatch):
    from mkdocs.livereload import LiveReloadServer

    original = LiveReloadServer.__init__
    internals.livereload_polls_every(0.1)
    patched = LiveReloadServer.__init__
    internals.livereload_polls_every(0.1)
    try:
        assert patched is not original and LiveReloadServer.__init__ is patched
    finally:
        LiveReloadServer.__init__ = original
    monkeypatch.setitem(internals.GUARDS, "livereload", internals.Guard(
        "mkdocs.livereload", "LiveReloadServer.__init__", "mkdocs", "1.6.1", "0" * 16))
    with pytest.raises(internals.InternalsChanged):
        internals.livereload_polls_every(0.1)
    assert LiveReloadServer.__init__ is original
