"""What to translate first: `kb status` lists a language's articles in the order its readers
meet them, not alphabetically.

1. the home page (`index.md`), the first page every reader sees;
2. the section indexes (`manuals/index.md`, `faq/index.md`...), where the tabs and cards lead;
3. the other articles, the most read first when a feedback database is given: the beacons
   (votes, searches, router requests) readers of that language sent from the page, then
   those of every language (a new language has no readers yet; the others show what is
   read), then by path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar


class Article(Protocol):
    @property
    def rel(self) -> str: ...  # path under docs/<lang>/

    @property
    def lang(self) -> str: ...


T = TypeVar("T", bound=Article)


def rank(rel: str) -> int:
    """0 for the home page, 1 for a section index, 2 for any other article."""
    if rel == "index.md":
        return 0
    return 1 if rel.endswith("/index.md") else 2


def traffic(rows: Iterable[Mapping[str, object]]) -> Counter[tuple[str, str]]:
    """Beacons per (language, page) from the feedback store's rows; ("*", page) counts every language."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        page, lang = str(row["page"]), str(row["lang"])
        counts[(lang, page)] += 1
        counts[("*", page)] += 1
    return counts


def ordered(items: Iterable[T], counts: Mapping[tuple[str, str], int] | None = None) -> list[T]:
    """`items` (translation states, or anything with `rel` and `lang`) in the order readers meet
    them, per language in the order the languages first appear."""
    counts = counts or {}
    items = list(items)
    languages = {lang: n for n, lang in enumerate(dict.fromkeys(item.lang for item in items))}
    return sorted(
        items,
        key=lambda item: (
            languages[item.lang],
            rank(item.rel),
            -counts.get((item.lang, item.rel), 0),
            -counts.get(("*", item.rel), 0),
            item.rel,
        ),
    )
