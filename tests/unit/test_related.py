from kb.related import Candidate, related


def c(key, category, *topics):
    return Candidate(key, key.title(), category, frozenset(topics))


PAGES = [c("policy", "returns", "returns", "proof-of-purchase"), c("start", "returns", "returns"),
         c("refunds", "returns", "refunds"), c("claim", "warranty", "warranty", "proof-of-purchase"),
         c("battery", "troubleshooting", "battery"), c("home", "home", "home"), c("faq", "faq", "faq")]


def test_shared_topics_first_then_category_never_itself_or_home():
    assert [p.key for p in related(PAGES[0], PAGES)] == ["start", "claim", "refunds"]


def test_at_least_two_even_without_anything_in_common():
    lonely = c("lonely", "manuals", "manuals")
    assert len(related(lonely, PAGES)) == 2


def test_at_most_five():
    many = [c(f"p{i}", "returns", "returns") for i in range(9)]
    assert len(related(many[0], many)) == 5
