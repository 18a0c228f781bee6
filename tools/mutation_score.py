"""The mutation score of the consistency checks, from the results `mutmut run` leaves in mutants/
(run by `make mutate`): one line per module of [tool.mutmut] only_mutate in pyproject.toml with
its killed and total mutants, then the total. Exits 1 when the total is below the threshold
(90% unless --threshold says otherwise), 2 when a module has no results or unchecked mutants.

A mutant counts as killed when a unit test failed with it, or ran past mutmut's time limit (a
mutant that turns a loop endless); survivors and mutants that no test reaches count against it."""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# mutmut's exit codes (mutmut.stats.status_by_exit_code) that mean a test noticed the mutant:
# a failing test (1), an internal pytest error (3), the CPU time limit (24, -24, 152, 255, 36).
KILLED = {1, 3, 24, -24, 152, 255, 36}
SURVIVED = {0}


def modules(pyproject: Path) -> list[str]:
    """The mutated modules, as [tool.mutmut] only_mutate lists them."""
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]


def counts(meta: Path) -> Counter:
    """killed, survived and other (no test reaches it, or mutmut could not say) for one module."""
    exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
    return Counter(
        "killed" if code in KILLED else "survived" if code in SURVIVED else "unchecked" if code is None else "other"
        for code in exit_codes
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=90.0, help="lowest passing total, in percent")
    args = parser.parse_args(argv)
    total = Counter()
    problems = []
    print(f"{'module':<22} {'killed':>7} {'total':>6} {'score':>7}  survived  other")
    for module in modules(ROOT / "pyproject.toml"):
        meta = ROOT / "mutants" / f"{module}.meta"
        if not meta.is_file():
            problems.append(f"{module}: no results in {meta.relative_to(ROOT)}; run `mutmut run` first")
            continue
        found = counts(meta)
        if found["unchecked"]:
            problems.append(f"{module}: {found['unchecked']} mutants not checked yet; run `mutmut run` to finish")
        mutants = sum(found.values())
        total += found
        score = 100 * found["killed"] / mutants if mutants else 100.0
        print(
            f"{module:<22} {found['killed']:>7} {mutants:>6} {score:>6.1f}%  "
            f"{found['survived']:>8}  {found['other']:>5}"
        )
    mutants = sum(total.values())
    score = 100 * total["killed"] / mutants if mutants else 0.0
    print(
        f"{'total':<22} {total['killed']:>7} {mutants:>6} {score:>6.1f}%  {total['survived']:>8}  {total['other']:>5}"
    )
    for problem in problems:
        print(f"mutation score: {problem}", file=sys.stderr)
    if problems:
        return 2
    if score < args.threshold:
        print(
            f"mutation score: {score:.1f}% is below {args.threshold:g}%; `.venv/bin/mutmut results` lists "
            "the surviving mutants, `.venv/bin/mutmut show NAME` shows one",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
