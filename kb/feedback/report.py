"""`kb feedback report`: what readers said, per language, for writers.

- pages: every page that got votes, ranked by its share of "not helpful" votes, with both
  counts, the reasons given, and the translation's state when it is not current (an
  outdated or missing translation often explains a bad score);
- searches that found nothing and router descriptions that matched no request type, each
  with its count (identical texts, case and spacing aside, counted together);
- topics: searches and descriptions grouped by the words they share, analyzed as the site
  search analyzes them (stems, CJK bigrams, stop words dropped), so that an article that
  does not exist shows as one topic many readers asked about.

`build` is pure (rows in, plain data out); `text` and `html` render it, escaping every
reader's text."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from html import escape

# A topic needs readers asking about it at least this often.
TOPIC_MIN = 2
TOPICS_SHOWN = 10
TEXTS_SHOWN = 20


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _texts(rows: list[dict]) -> list[dict]:
    """Identical texts (case and spacing aside) counted together, commonest first."""
    counts: Counter = Counter()
    shown: dict[str, str] = {}
    for row in rows:
        key = _key(row["text"])
        counts[key] += 1
        shown.setdefault(key, row["text"])
    return [
        {"text": shown[key], "count": count} for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def topics(lang: str, searches: list[dict], descriptions: list[dict], terms) -> list[dict]:
    """Greedy grouping: the term that the most readers' texts share makes a topic of those
    texts, then the next term over the texts left, while a term is shared TOPIC_MIN times.
    `terms(lang, texts)` analyzes texts into search terms."""
    items = [("search", item) for item in searches] + [("router", item) for item in descriptions]
    analyzed = terms(lang, [item["text"] for _, item in items]) if items else []
    left = {index: {term for term in found if len(term) > 1} for index, found in enumerate(analyzed)}
    found = []
    while left:
        weight: Counter = Counter()
        for index, words in left.items():
            for term in words:
                weight[term] += items[index][1]["count"]
        if not weight:
            break
        term, count = min(weight.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
        if count < TOPIC_MIN:
            break
        members = sorted(
            (index for index, words in left.items() if term in words), key=lambda index: -items[index][1]["count"]
        )
        found.append(
            {
                "term": term,
                "count": count,
                "searches": [items[i][1] for i in members if items[i][0] == "search"],
                "descriptions": [items[i][1] for i in members if items[i][0] == "router"],
            }
        )
        for index in members:
            del left[index]
    return found


def build(rows: list[dict], languages: list[str], states: dict[tuple[str, str], str], source: str, terms) -> dict:
    """The report as plain data, per language: `rows` from the store, `states` the translation
    state of each (language, page) (kb status), `terms` the search analysis."""
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    report = {}
    for lang in languages:
        mine = by_lang.get(lang, [])
        votes: dict[str, dict] = {}
        for row in (r for r in mine if r["kind"] == "vote"):
            entry = votes.setdefault(
                row["page"], {"page": row["page"], "helpful": 0, "not_helpful": 0, "reasons": Counter()}
            )
            if row["helpful"]:
                entry["helpful"] += 1
            else:
                entry["not_helpful"] += 1
                if row["reason"]:
                    entry["reasons"][row["reason"]] += 1
        pages = []
        for entry in votes.values():
            total = entry["helpful"] + entry["not_helpful"]
            state = "current" if lang == source else states.get((lang, entry["page"]), "current")
            pages.append(
                {
                    **entry,
                    "reasons": dict(entry["reasons"].most_common()),
                    "not_helpful_share": round(entry["not_helpful"] / total, 3),
                    "translation": state,
                }
            )
        pages.sort(key=lambda p: (-p["not_helpful_share"], -p["not_helpful"], p["page"]))
        searches = _texts([r for r in mine if r["kind"] == "search"])
        descriptions = _texts([r for r in mine if r["kind"] == "router"])
        report[lang] = {
            "pages": pages,
            "searches": searches,
            "descriptions": descriptions,
            "topics": topics(lang, searches, descriptions, terms),
        }
    return report


def as_json(report: dict) -> str:
    return json.dumps({"languages": report}, ensure_ascii=False, indent=2)


def _flag(page: dict) -> str:
    return {"outdated": "translation outdated", "missing": "not translated (English shown)"}.get(
        page["translation"], ""
    )


def text(report: dict, reasons: dict[str, str]) -> str:
    """The terminal table; `reasons` maps reason codes to their English labels."""
    out = []
    for lang, part in report.items():
        out.append(f"== {lang} ==")
        if not any(part[k] for k in ("pages", "searches", "descriptions")):
            out += ["  no feedback yet", ""]
            continue
        if part["pages"]:
            out.append(f"  {'not helpful':>11}  {'no':>5}  {'yes':>5}  page")
            for page in part["pages"]:
                out.append(
                    f"  {page['not_helpful_share']:>10.0%}  {page['not_helpful']:>5}  {page['helpful']:>5}  "
                    f"{page['page']}{'  [' + _flag(page) + ']' if _flag(page) else ''}"
                )
                for code, count in page["reasons"].items():
                    out.append(f"  {'':>24}  {count:>4} x {reasons.get(code, code)}")
        for title, key in (
            ("searches that found nothing", "searches"),
            ("descriptions the router could not place", "descriptions"),
        ):
            if part[key]:
                out.append(f"  {title}:")
                out += [f"  {item['count']:>6}  {item['text']}" for item in part[key][:TEXTS_SHOWN]]
        if part["topics"]:
            out.append("  topics readers asked about (a missing article?):")
            for topic in part["topics"][:TOPICS_SHOWN]:
                out.append(
                    f'  {topic["count"]:>6}  "{topic["term"]}": {len(topic["searches"])} searches, '
                    f"{len(topic['descriptions'])} descriptions"
                )
                out += [f"  {'':>8}{item['text']}" for item in (topic["searches"] + topic["descriptions"])[:5]]
        out.append("")
    return "\n".join(out)


def html(report: dict, reasons: dict[str, str], generated: str) -> str:
    """A self-contained HTML page (no script, no request to anyone), every text escaped."""
    e = lambda value: escape(str(value), quote=True)  # noqa: E731 - a short local alias
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>Kestrel help center: readers' feedback</title>",
        "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:70rem}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
        "text-align:start;vertical-align:top}.n{text-align:end}.flag{color:#a40}</style></head><body>",
        "<h1>Readers' feedback</h1>",
        f"<p>Generated {e(generated)}.</p>",
    ]
    for lang, part in report.items():
        parts.append(f'<section lang="{e(lang)}"><h2>{e(lang)}</h2>')
        if part["pages"]:
            parts.append("<table><tr><th>page</th><th>not helpful</th><th>no</th><th>yes</th><th>reasons</th></tr>")
            for page in part["pages"]:
                flag = f' <span class="flag">{e(_flag(page))}</span>' if _flag(page) else ""
                why = "<br>".join(f"{count} × {e(reasons.get(code, code))}" for code, count in page["reasons"].items())
                parts.append(
                    f'<tr><td>{e(page["page"])}{flag}</td><td class="n">{page["not_helpful_share"]:.0%}</td>'
                    f'<td class="n">{page["not_helpful"]}</td><td class="n">{page["helpful"]}</td>'
                    f"<td>{why}</td></tr>"
                )
            parts.append("</table>")
        for title, key in (
            ("Searches that found nothing", "searches"),
            ("Descriptions the router could not place", "descriptions"),
        ):
            if part[key]:
                parts.append(f"<h3>{title}</h3><table><tr><th>count</th><th>text</th></tr>")
                parts += [
                    f'<tr><td class="n">{item["count"]}</td><td dir="auto">{e(item["text"])}</td></tr>'
                    for item in part[key][:TEXTS_SHOWN]
                ]
                parts.append("</table>")
        if part["topics"]:
            parts.append("<h3>Topics readers asked about</h3><table><tr><th>term</th><th>count</th><th>texts</th></tr>")
            for topic in part["topics"][:TOPICS_SHOWN]:
                items = "<br>".join(
                    f'<span dir="auto">{e(item["text"])}</span>'
                    for item in (topic["searches"] + topic["descriptions"])[:5]
                )
                parts.append(f'<tr><td>{e(topic["term"])}</td><td class="n">{topic["count"]}</td><td>{items}</td></tr>')
            parts.append("</table>")
        if not any(part[k] for k in ("pages", "searches", "descriptions")):
            parts.append("<p>No feedback yet.</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
