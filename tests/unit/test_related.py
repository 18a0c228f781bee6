import pytest

from kb.features.related import Candidate, related


def c(key, category, *topics):
    return Candidate(key, key.title(), category, frozenset(topics))


PAGES = [
    c("policy", "returns", "returns", "proof-of-purchase"),
    c("start", "returns", "returns"),
    c("refunds", "returns", "refunds"),
    c("claim", "warranty", "warranty", "proof-of-purchase"),
    c("battery", "troubleshooting", "battery"),
    c("home", "home", "home"),
    c("faq", "faq", "faq"),
]


def test_shared_topics_first_then_category_never_itself_or_home():
    assert [p.key for p in related(PAGES[0], PAGES)] == ["start", "claim", "refunds"]


def test_at_least_two_even_without_anything_in_common():
    lonely = c("lonely", "manuals", "manuals")
    assert len(related(lonely, PAGES)) == 2


def test_at_most_five():
    many = [c(f"p{i}", "returns", "returns") for i in range(9)]
    assert len(related(many[0], many)) == 5


@pytest.mark.parametrize("seed", range(40))
def test_the_index_chooses_as_scoring_every_candidate_does(seed):
    import random

    from kb.features.related import Related

    rng = random.Random(seed)
    categories, topics = ["warranty", "returns", "home", "meta", "faq"], [f"t{n}" for n in range(8)]
    candidates = [
        Candidate(
            f"p{n}.md",
            rng.choice(["Alpha", "Beta", "Gamma", f"T{rng.randrange(5)}"]),
            rng.choice(categories),
            frozenset(rng.sample(topics, rng.randrange(3))),
        )
        for n in range(rng.randrange(1, 30))
    ]
    finder = Related(candidates)
    for current in candidates + [Candidate("new.md", "New", rng.choice(categories), frozenset(rng.sample(topics, 2)))]:
        for most, least in [(5, 2), (1, 1), (3, 3), (0, 2)]:
            assert finder(current, most=most, least=least) == related(current, candidates, most=most, least=least)
