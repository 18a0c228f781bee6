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


class Related:
    """`related` for every page of one language, without scoring the whole language for each page:
    only the candidates sharing a topic or the category can score, found through indexes built
    once; the rest, needed when fewer than `least` score, come in title order. Same result as
    `related` (tests/unit/test_related.py compares them)."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.position = {id(c): n for n, c in enumerate(candidates)}
        self.by_topic: dict[str, list[Candidate]] = {}
        self.by_category: dict[str, list[Candidate]] = {}
        for c in candidates:
            if c.category in NOT_SUGGESTED:
                continue
            for topic in c.topics:
                self.by_topic.setdefault(topic, []).append(c)
            self.by_category.setdefault(c.category, []).append(c)
        # Ties by title keep the candidates' order, as a stable sort of the pool does.
        self.by_title = sorted(
            (c for c in candidates if c.category not in NOT_SUGGESTED), key=lambda c: (c.title, self.position[id(c)])
        )

    def __call__(self, current: Candidate, *, most: int = 5, least: int = 2) -> list[Candidate]:
        scored: dict[int, tuple[Candidate, int]] = {}
        for topic in current.topics:
            for c in self.by_topic.get(topic, ()):
                if c.key != current.key:
                    found = scored.get(id(c), (c, 0))
                    scored[id(c)] = (c, found[1] + 2)
        for c in self.by_category.get(current.category, ()):
            if c.key != current.key:
                found = scored.get(id(c), (c, 0))
                scored[id(c)] = (c, found[1] + 1)
        ranked = sorted(scored.values(), key=lambda item: (-item[1], item[0].title, self.position[id(item[0])]))
        chosen = [c for c, _ in ranked][:most]
        if len(chosen) < least:  # the next best: the rest of those that score, then the others by title
            chosen += [c for c, _ in ranked][most:][: least - len(chosen)]
            for c in self.by_title:
                if len(chosen) >= least:
                    break
                if c.key != current.key and id(c) not in scored:
                    chosen.append(c)
        return chosen
