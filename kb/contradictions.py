"""The check that no article states, by hand, a figure that contradicts a fact.

A sentence that mentions a policy topic (return, refund, warranty, Kestrel Care,
chat, email) may state durations only as placeholders; any hand-written duration
in it must equal one of that topic's facts, or the build stops:
docs/zh/returns/policy.md:12: fact-contradiction: states 30天 next to 退货; fact return_window_days is 14 days"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb import durations
from kb.facts import Facts
from kb.findings import Finding
from kb.markdown import PLACEHOLDER, body_lines
from kb.pages import Page

# The words that put a sentence under a topic, per language.
TOPIC_WORDS = {
    "return": {"en": r"\breturn(?:s|ed|ing)?\b", "es": r"devoluci[oó]n|devoluciones|devolver|devuélvel",
               "zh": r"退货|退貨|退回|退换", "ja": r"返品", "ar": r"إرجاع|الإرجاع|استرجاع الجهاز"},
    "refund": {"en": r"\brefund", "es": r"reembols", "zh": r"退款", "ja": r"返金", "ar": r"استرداد|المبلغ المسترد"},
    "warranty": {"en": r"\bwarrant|\bguarantee", "es": r"garant[ií]a", "zh": r"保修|保固|质保",
                 "ja": r"保証", "ar": r"ضمان"},
    "care": {"*": r"Kestrel Care"},
    "chat": {"en": r"\bchat\b", "es": r"\bchat\b", "zh": r"在线客服|聊天", "ja": r"チャット", "ar": r"دردشة"},
    "email": {"en": r"\be-?mail", "es": r"correo", "zh": r"邮件|郵件", "ja": r"メール", "ar": r"البريد"},
}
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
        "return": Rule("return", frozenset({"day", "month"}), frozenset({("day", data["return_window_days"])}),
                       f"fact return_window_days is {durations.describe(data['return_window_days'], 'day')}"),
        "refund": Rule("refund", frozenset({"day", "business_day"}),
                       frozenset({("business_day", data["refund_business_days"])}),
                       f"fact refund_business_days is "
                       f"{durations.describe(data['refund_business_days'], 'business_day')}"),
        "warranty": Rule("warranty", frozenset({"day", "month"}), frozenset(warranty),
                         f"fact warranty_months is {lines}"),
        "care": Rule("care", frozenset({"day", "month"}), frozenset(care),
                     f"facts care_extra_years is {data['care_extra_years']} years and care_purchase_window_days is "
                     f"{data['care_purchase_window_days']} days"),
        "chat": Rule("chat", frozenset({"minute"}),
                     frozenset({("minute", r["response_targets"]["chat_minutes"]) for r in regions}),
                     "fact regions.*.response_targets.chat_minutes is " +
                     "/".join(sorted({str(r["response_targets"]["chat_minutes"]) for r in regions})) + " minutes"),
        "email": Rule("email", frozenset({"hour"}),
                      frozenset({("hour", r["response_targets"]["email_hours"]) for r in regions}),
                      "fact regions.*.response_targets.email_hours is " +
                      "/".join(sorted({str(r["response_targets"]["email_hours"]) for r in regions})) + " hours"),
    }


def _topic_patterns(lang: str) -> dict[str, re.Pattern]:
    patterns = {}
    for topic, words in TOPIC_WORDS.items():
        pattern = words.get(lang) or words.get("*") or words["en"]
        patterns[topic] = re.compile(pattern, re.I)
    return patterns


def sentences(line: str) -> list[str]:
    return [part for part in SENTENCE_END.split(line) if part.strip()]


def check(page: Page, facts: Facts) -> list[Finding]:
    """Every hand-written duration that contradicts the facts of its sentence's topics."""
    topic_rules = rules(facts)
    patterns = _topic_patterns(page.lang)
    findings = []
    for number, line in body_lines(page.text, 1):  # title and description state facts too
        prose = NOT_PROSE.sub(" ", PLACEHOLDER.sub(" ", line))
        for sentence in sentences(prose):
            mentioned = {topic: m.group(0) for topic, p in patterns.items() if (m := p.search(sentence))}
            if not mentioned:
                continue
            applicable = [topic_rules[topic] for topic in mentioned]
            allowed = set().union(*(rule.allowed for rule in applicable))
            checked = set().union(*(rule.dimensions for rule in applicable))
            for stated in durations.find(sentence, page.lang):
                if stated.dimension in checked and (stated.dimension, stated.value) not in allowed:
                    relevant = [r for r in applicable if stated.dimension in r.dimensions]
                    words = ", ".join(f"'{mentioned[r.topic]}'" for r in relevant)
                    names = "; ".join(r.facts for r in relevant)
                    findings.append(Finding(page.path, number, "fact-contradiction",
                                            f"states {stated.text} next to {words}; {names}: "
                                            "use the fact's placeholder instead of a typed figure"))
    return findings
