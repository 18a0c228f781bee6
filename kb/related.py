"""Related articles: two to five articles of the same language that share the
page's topics (front matter `topics`) or its category, never the page itself."""

from __future__ import annotations

from dataclasses import dataclass

# Categories whose pages are destinations, not articles to suggest.
NOT_SUGGESTED = {"home", "meta"}


@dataclass(frozen=True)
class Candidate:
    key: str  # any stable id, e.g. the source path
    title: str
    category: str
    topics: frozenset[str]


def related(current: Candidate, candidates: list[Candidate], *, most: int = 5, least: int = 2) -> list[Candidate]:
    """Best first: two points per shared topic, one for the same category; ties by title."""
    pool = [c for c in candidates if c.key != current.key and c.category not in NOT_SUGGESTED]

    def score(candidate: Candidate) -> int:
        return 2 * len(candidate.topics & current.topics) + (candidate.category == current.category)

    ranked = sorted(pool, key=lambda c: (-score(c), c.title))
    chosen = [c for c in ranked if score(c) > 0][:most]
    if len(chosen) < least:
        chosen += [c for c in ranked if c not in chosen][: least - len(chosen)]
    return chosen
