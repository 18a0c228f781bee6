"""The docs tree as plain data: one `Page` per Markdown file, split into front
matter and body, with the one function that maps a translation to its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from kb.core.findings import Finding
from kb.core.inputs import ARTICLE_LIMIT, refusal

# A front matter block: '---' on line 1, YAML, then a line of '---' or '...'.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class Page:
    path: str  # repository-relative, for messages: docs/zh/returns/policy.md
    lang: str  # zh
    rel: str  # path inside the language folder: returns/policy.md
    text: str  # the whole file
    yaml: str | None = field(repr=False)  # front matter source, None when absent
    body: str = field(repr=False)  # Markdown after the front matter
    body_line: int = 1  # 1-based line of the body's first line in the file
    undecodable: Finding | None = None  # when the file is not UTF-8 (its bad bytes replaced)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, line number where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    yaml_text = match.group("yaml") or ""
    return yaml_text, text[match.end() :], text[: match.end()].count("\n") + 1


def make_page(path: str, lang: str, rel: str, text: str) -> Page:
    yaml_text, body, body_line = split_front_matter(text)
    return Page(path=path, lang=lang, rel=rel, text=text, yaml=yaml_text, body=body, body_line=body_line)


def source_path(docs_prefix: str, source_lang: str, rel: str) -> str:
    """The English source of any translation: docs/<source_lang>/<rel>."""
    return str(PurePosixPath(docs_prefix) / source_lang / rel)


def decode(data: bytes, display: str, rule: str) -> tuple[str, list[Finding]]:
    """A file's bytes as text; bytes that are not UTF-8 are one finding at their line (and are replaced)."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return data.decode("utf-8", errors="replace"), [
            Finding(
                display,
                line,
                rule,
                f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); save the file as UTF-8",
            )
        ]


def load_pages(docs_dir: Path, languages: list[str], *, prefix: str = "docs") -> list[Page]:
    """Read every Markdown file under docs/<lang>/ for the given languages, except links that lead
    outside the repository and files over the size limit (kb.core.inputs reports both)."""
    pages = []
    for lang in languages:
        root = docs_dir / lang
        for file in sorted(root.rglob("*.md")):
            rel = file.relative_to(root).as_posix()
            path = f"{prefix}/{lang}/{rel}"
            if refusal(file, path, ARTICLE_LIMIT, "an article"):
                continue
            text, problems = decode(file.read_bytes(), path, "encoding")
            page = make_page(path, lang, rel, text)
            pages.append(replace(page, undecodable=problems[0]) if problems else page)
    return pages


def stray_files(docs_dir: Path, languages: list[str], *, prefix: str = "docs") -> list[str]:
    """Markdown files outside any configured language folder (they would be published untranslated)."""
    stray = []
    for file in sorted(docs_dir.rglob("*.md")):
        top = file.relative_to(docs_dir).parts[0]
        if top not in languages:
            stray.append(f"{prefix}/{file.relative_to(docs_dir).as_posix()}")
    return stray
