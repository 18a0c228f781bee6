"""The CI workflows, read by actionlint (installed with the pins) as GitHub would read them:
every file in .github/workflows/ is clean, and each kind of mistake written into a copy of
ours is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
# shellcheck and pyflakes off: the findings must not depend on what else the machine has installed.
FLAGS = ["-shellcheck=", "-pyflakes=", "-oneline", "-no-color"]


def actionlint(*files: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(ACTIONLINT), *FLAGS, *map(str, files)], cwd=cwd, capture_output=True, text=True)


def test_workflows_have_no_actionlint_finding():
    workflows = sorted(WORKFLOWS.glob("*.y*ml"))
    assert workflows
    result = actionlint(*workflows)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


# (mistake, text of site.yml, what replaces it, what actionlint must say)
MISTAKES = [
    (
        "unknown key",
        "    runs-on: ubuntu-latest\n    # Debian",
        "    runs-on: ubuntu-latest\n    run-on: ubuntu-latest\n    # Debian",
        'unexpected key "run-on" for "job"',
    ),
    ("unclosed expression", "site-${{ github.ref }}", "site-${{ github.ref", "unexpected EOF while lexing expression"),
    (
        "unknown property",
        "github.event_name == 'push' && github.ref == 'refs/heads/main' && vars",
        "github.event_nam == 'push' && github.ref == 'refs/heads/main' && vars",
        'property "event_nam" is not defined in object type',
    ),
    (
        "wrong type",
        "cancel-in-progress: true",
        "cancel-in-progress: sometimes",
        'expecting a single ${{...}} expression or boolean literal "true" or "false"',
    ),
    ("unknown event", "  pull_request:\n", "  pull-request:\n", 'unknown Webhook event "pull-request"'),
    (
        "unknown job in needs",
        "needs: [test, merge]\n",
        "needs: [tests, merge]\n",
        'job "publish" needs job "tests" which does not exist',
    ),
    ("unknown action input", "fetch-depth: 0", "fetch-deep: 0", 'input "fetch-deep" is not defined in action'),
    (
        "missing required input",
        "          key: apt-bookworm-chromium-${{ steps.versions.outputs.chromium }}\n",
        "",
        'missing input "key" which is required by action "actions/cache@',
    ),
    ("unknown step", "steps.versions.outputs.pip", "steps.version.outputs.pip", 'property "version" is not defined'),
    ("unknown permission", "contents: read", "content: read", 'unknown permission scope "content"'),
]


@pytest.mark.parametrize("old, new, finding", [case[1:] for case in MISTAKES], ids=[case[0] for case in MISTAKES])
def test_actionlint_reports_each_mistake(tmp_path, old, new, finding):
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    assert text.count(old) == 1, f"site.yml no longer holds {old!r}: update this case"
    broken = tmp_path / ".github" / "workflows" / "site.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new), encoding="utf-8")
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert finding in result.stdout
