"""The check that no article states, by hand, a figure that contradicts a fact.

A sentence that mentions a policy topic (return, refund, warranty, Kestrel Care,
chat, email: the words are in data/topics.yml, kb.data.topics) may state durations only
as placeholders; any hand-written duration in it must equal one of that topic's
facts, or the build stops:
docs/zh/returns/policy.md:12: fact-contradiction: states 30天 next to 退货; fact return_window_days is 14 days

A language that has no topic words yet keeps its protection by a rule that needs
none: every typed duration in days, months or business days, in any sentence, must
be one of the policy facts' figures. Help articles state such durations almost only
for policies (windows, coverage, refund times), while hours and minutes are common in
troubleshooting steps ("charge for 30 minutes"), so those are left to the topic rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.checks import durations
from kb.core.findings import Finding
from kb.core.markdown_parts import PLACEHOLDER, body_lines
from kb.core.pages import Page
from kb.data.facts import Facts
from kb.data.topics import Topics

# What the rule for languages without topic words constrains (see the module docstring).
FALLBACK_DIMENSIONS = ("day", "month", "business_day")
# Where a sentence ends: Western punctuation followed by a space, or CJK and Arabic full stops.
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|[。！？؟；]")
# Markup whose digits are not prose: link targets, {#anchors}, inline code, HTML tags.
NOT_PROSE = re.compile(r"\]\([^)]*\)|\{#[^}]*\}|`[^`]*`|<[^>]+>")


@dataclass(frozen=True)
class Rule:
    topic: str
    dimensions: frozenset[str]  # which kinds of duration this topic's facts constrain
    allowed: frozenset[tuple[str, int]]  # (dimension, value) pairs a sentence may state
    facts: str  # how the message names the facts


def rules(facts: Facts) -> dict[str, Rule]:
    """The allowed figures per topic, derived from the facts."""
    data = facts.data
    warranty = {("month", months) for months in data["warranty_months"].values()}
    care_months = data["care_extra_years"] * 12
    care = {("month", care_months), ("day", data["care_purchase_window_days"])}
    care |= {("month", months + care_months) for _, months in warranty}
    regions = data["regions"].values()
    lines = ", ".join(f"{line} {durations.describe(m, 'month')}" for line, m in data["warranty_months"].items())
    return {
        "return": Rule(
            "return",
            frozenset({"day", "month"}),
            frozenset({("day", data["return_window_days"])}),
            f"fact return_window_days is {durations.describe(data['return_window_days'], 'day')}",
        ),
        "refund": Rule(
            "refund",
            frozenset({"day", "business_day"}),
            frozenset({("business_day", data["refund_business_days"])}),
            f"fact refund_business_days is {durations.describe(data['refund_business_days'], 'business_day')}",
        ),
        "warranty": Rule(
            "warranty", frozenset({"day", "month"}), frozenset(warranty), f"fact warranty_months is {lines}"
        ),
        "care": Rule(
            "care",
            frozenset({"day", "month"}),
            frozenset(care),
            f"facts care_extra_years is {data['care_extra_years']} years and care_purchase_window_days is "
            f"{data['care_purchase_window_days']} days",
        ),
        "chat": Rule(
            "chat",
            frozenset({"minute"}),
            frozenset({("minute", r["response_targets"]["chat_minutes"]) for r in regions}),
            "fact regions.*.response_targets.chat_minutes is "
            + "/".join(sorted({str(r["response_targets"]["chat_minutes"]) for r in regions}))
            + " minutes",
        ),
        "email": Rule(
            "email",
            frozenset({"hour"}),
            frozenset({("hour", r["response_targets"]["email_hours"]) for r in regions}),
            "fact regions.*.response_targets.email_hours is "
            + "/".join(sorted({str(r["response_targets"]["email_hours"]) for r in regions}))
            + " hours",
        ),
    }


def fallback(topic_rules: dict[str, Rule]) -> Rule:
    """The rule for a language without topic words: any policy figure in days, months or business days."""
    allowed = frozenset(
        pair for rule in topic_rules.values() for pair in rule.allowed if pair[0] in FALLBACK_DIMENSIONS
    )
    names = {"day": "days", "month": "months", "business_day": "business days"}
    figures = []
    for dimension in FALLBACK_DIMENSIONS:
        values = sorted(value for kind, value in allowed if kind == dimension)
        if values:
            listed = ", ".join(map(str, values[:-1])) + (" or " if len(values) > 1 else "") + str(values[-1])
            figures.append(f"{listed} {names[dimension]}")
    return Rule("", frozenset(FALLBACK_DIMENSIONS), allowed, ", ".join(figures))


def sentences(line: str) -> list[str]:
    return [part for part in SENTENCE_END.split(line) if part.strip()]


def check(page: Page, facts: Facts, topics: Topics, strings: dict | None = None) -> list[Finding]:
    """Every hand-written duration that contradicts the facts of its sentence's topics (or, in a
    language without topic words, any policy figure). `strings` is the page language's strings
    table, whose unit.business_days forms name business days."""
    topic_rules = rules(facts)
    patterns = topics.patterns(page.lang)
    business_days = (strings or {}).get("unit.business_days")
    without_words = fallback(topic_rules) if patterns is None else None
    findings = []
    for number, line in body_lines(page.text, 1):  # title and description state facts too
        prose = NOT_PROSE.sub(" ", PLACEHOLDER.sub(" ", line))
        for sentence in sentences(prose):
            if without_words is not None:
                findings += _fallback_findings(page, number, sentence, without_words, topics, business_days)
                continue
            assert patterns is not None  # without_words is set exactly when there are none
            mentioned = {topic: m.group(0) for topic, p in patterns.items() if (m := p.search(sentence))}
            if not mentioned:
                continue
            applicable = [topic_rules[topic] for topic in mentioned]
            allowed = set().union(*(rule.allowed for rule in applicable))
            checked = set().union(*(rule.dimensions for rule in applicable))
            for stated in durations.find(sentence, page.lang, business_days):
                if stated.dimension in checked and (stated.dimension, stated.value) not in allowed:
                    relevant = [r for r in applicable if stated.dimension in r.dimensions]
                    words = ", ".join(f"'{mentioned[r.topic]}'" for r in relevant)
                    names = "; ".join(r.facts for r in relevant)
                    findings.append(
                        Finding(
                            page.path,
                            number,
                            "fact-contradiction",
                            f"states {stated.text} next to {words}; {names}: "
                            "use the fact's placeholder instead of a typed figure",
                        )
                    )
    return findings


def _fallback_findings(
    page: Page, number: int, sentence: str, rule: Rule, topics: Topics, business_days: dict | None
) -> list[Finding]:
    return [
        Finding(
            page.path,
            number,
            "fact-contradiction",
            f"states {stated.text}, and {page.lang} has no topic words in {topics.path}, so a typed duration "
            f"in days, months or business days must be a policy figure ({rule.facts}): use the fact's "
            f"placeholder, or add {page.lang}'s words to {topics.path}",
        )
        for stated in durations.find(sentence, page.lang, business_days)
        if stated.dimension in rule.dimensions and (stated.dimension, stated.value) not in rule.allowed
    ]
