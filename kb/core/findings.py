"""A finding: one problem in one file, at one line, under one named rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # as the writer sees it, relative to the repository: docs/zh/returns/policy.md
    line: int  # 1-based
    rule: str  # stable rule name, e.g. fact-contradiction
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


class FindingsError(Exception):
    """Raised by loaders whose input is unusable; carries every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))
