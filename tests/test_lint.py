"""The Python code passes the lint, format and type checks configured in pyproject.toml: ruff on
kb/, hooks/, tests/ and tools/, mypy on kb/ and hooks/ (its `files`). Each runs the venv's tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PYTHON_CODE = ["kb", "hooks", "tests", "tools"]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).with_name(command[0])), *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_finds_nothing():
    result = run("ruff", "check", *PYTHON_CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = run("ruff", "format", "--check", *PYTHON_CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
