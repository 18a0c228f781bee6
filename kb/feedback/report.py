"""`kb feedback report`: what readers said, for writers.

- articles: every article that got votes, grouped by its English source (the same path in every
  language), with a row per language under it: each with its title, a link to the page and its
  source file, both counts, the reasons given, and the translation's state (`source` for the
  English page; an outdated or missing translation often explains a bad score). Articles and
  their rows are ranked by `score`, the lower bound of the 95 % Wilson interval of the share of
  No votes: the share the votes show at least, so that one No vote (100 %, score 21 %) does not
  outrank 40 No votes out of 100 (score 31 %). An article with fewer than `min_votes` votes in
  all is left out and counted;
- per language, searches that found nothing and router descriptions that matched no request
  type, each with its count (identical texts, case and spacing aside, counted together);
- per language, topics: searches and descriptions grouped by the words they share, analyzed as
  the site search analyzes them (stems, CJK bigrams, stop words dropped), so that an article that
  does not exist shows as one topic many readers asked about.

`build` is pure (rows in, plain data out; `about` names each page's title, address and file);
`text` and `html` render it, escaping every reader's text."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from html import escape
from pathlib import Path

# A topic needs readers asking about it at least this often.
TOPIC_MIN = 2
TOPICS_SHOWN = 10
TEXTS_SHOWN = 20
# The normal quantile of a 95 % interval, for the Wilson score.
Z = 1.96
# What `translation` says of a page: the English source, or a translation's state (kb status).
FLAGS = {"outdated": "translation outdated", "missing": "not translated (English shown)"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 search', '2 searches', '0 votes'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def wilson_lower(bad: int, total: int, z: float = Z) -> float:
    """The lower bound of the Wilson score interval of the share bad/total: 0 without votes."""
    if total <= 0:
        return 0.0
    share = bad / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return max(0.0, (centre - spread) / (1 + z * z / total))


def page_url(site_url: str, lang: str, source: str, page: str) -> str:
    """The address of a page (its path under docs/<lang>/) on the published site:
    returns/policy.md in zh -> https://help.example/zh/returns/policy/, index.md in en -> the root."""
    stem = page[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + ("" if lang == source else f"{lang}/") + path


def plain(lang: str, page: str) -> dict:
    """What a page is called when nothing more is known of it: its path, no address, no file."""
    return {"title": page, "url": None, "file": None}


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


def _counts(helpful: int, not_helpful: int) -> dict:
    votes = helpful + not_helpful
    return {
        "helpful": helpful,
        "not_helpful": not_helpful,
        "votes": votes,
        "not_helpful_share": round(not_helpful / votes, 3) if votes else 0.0,
        "score": round(wilson_lower(not_helpful, votes), 3),
    }


def _ranked(item: dict) -> tuple:
    return (-item["score"], -item["not_helpful"], -item["votes"])


def articles(
    rows: list[dict],
    languages: list[str],
    states: dict[tuple[str, str], str],
    source: str,
    about: Callable[[str, str], dict] = plain,
) -> list[dict]:
    """Every article with votes, worst first, each with its languages' rows, worst first."""
    tally: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        if row["kind"] != "vote" or row["lang"] not in languages:
            continue
        entry = tally[row["page"]].setdefault(row["lang"], {"helpful": 0, "not_helpful": 0, "reasons": Counter()})
        if row["helpful"]:
            entry["helpful"] += 1
        else:
            entry["not_helpful"] += 1
            if row["reason"]:
                entry["reasons"][row["reason"]] += 1
    found = []
    for page, per_lang in tally.items():
        shown = [
            {
                "lang": lang,
                "page": page,
                **about(lang, page),
                **_counts(entry["helpful"], entry["not_helpful"]),
                "reasons": dict(entry["reasons"].most_common()),
                "translation": "source" if lang == source else states.get((lang, page), "current"),
            }
            for lang, entry in per_lang.items()
        ]
        shown.sort(key=lambda item: (*_ranked(item), languages.index(item["lang"])))
        found.append(
            {
                "source": page,
                **about(source, page),
                **_counts(sum(item["helpful"] for item in shown), sum(item["not_helpful"] for item in shown)),
                "languages": shown,
            }
        )
    found.sort(key=lambda item: (*_ranked(item), item["source"]))
    return found


def build(
    rows: list[dict],
    languages: list[str],
    states: dict[tuple[str, str], str],
    source: str,
    terms,
    *,
    about: Callable[[str, str], dict] = plain,
    min_votes: int = 1,
    since: str | None = None,
    until: str | None = None,
) -> dict:
    """The report as plain data: `rows` from the store (already cut to since..until), `states` the
    translation state of each (language, page) (kb status), `terms` the search analysis, `about`
    each page's title, address and file."""
    ranked = articles(rows, languages, states, source, about)
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    report: dict = {
        "since": since,
        "until": until,
        "min_votes": min_votes,
        "articles": [item for item in ranked if item["votes"] >= min_votes],
        "left_out": sum(1 for item in ranked if item["votes"] < min_votes),
        "languages": {},
    }
    for lang in languages:
        mine = by_lang.get(lang, [])
        searches = _texts([r for r in mine if r["kind"] == "search"])
        descriptions = _texts([r for r in mine if r["kind"] == "router"])
        report["languages"][lang] = {
            "searches": searches,
            "descriptions": descriptions,
            "topics": topics(lang, searches, descriptions, terms),
        }
    return report


def as_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _period(report: dict) -> str:
    since, until = report["since"], report["until"]
    if since and until:
        return f"from {since} to {until}"
    return f"since {since}" if since else (f"until {until}" if until else "all time")


def _where(item: dict) -> str:
    """A page's address and source file, for the terminal."""
    return "  ".join(part for part in (item["url"], item["file"]) if part)


def text(report: dict, reasons: dict[str, str]) -> str:
    """The terminal report; `reasons` maps reason codes to their English labels."""
    out = [f"Readers' feedback, {_period(report)}", ""]
    if report["articles"] or report["left_out"]:
        out.append("Articles, worst first by score: the share of No votes an article has at least (the lower")
        out.append("bound of its 95 % Wilson interval); each language under its article, with its address and file:")
        out.append(f"  {'score':>5}  {'share':>5}  {'no':>5}  {'yes':>5}  article")
    for article in report["articles"]:
        out.append(_line(article, f"{article['title']}  ({article['source']}, {plural(article['votes'], 'vote')})"))
        for row in article["languages"]:
            flag = f"  [{FLAGS[row['translation']]}]" if row["translation"] in FLAGS else ""
            out.append(_line(row, f"  {row['lang']}  {row['title']}{flag}"))
            out.append(f"  {'':>30}    {_where(row)}")
            for code, count in row["reasons"].items():
                out.append(f"  {'':>30}    {count} × {reasons.get(code, code)}")
    if report["left_out"]:
        out.append(
            f"  ({plural(report['left_out'], 'article')} with fewer than "
            f"{plural(report['min_votes'], 'vote')} left out: --min-votes)"
        )
    if report["articles"] or report["left_out"]:
        out.append("")
    for lang, part in report["languages"].items():
        out.append(f"== {lang} ==")
        if not any(part[k] for k in ("searches", "descriptions")):
            out += ["  no searches or descriptions", ""]
            continue
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
                searches = plural(len(topic["searches"]), "search", "searches")
                descriptions = plural(len(topic["descriptions"]), "description")
                out.append(f'  {topic["count"]:>6}  "{topic["term"]}": {searches}, {descriptions}')
                out += [f"  {'':>8}{item['text']}" for item in (topic["searches"] + topic["descriptions"])[:5]]
        out.append("")
    return "\n".join(out)


def _line(item: dict, label: str) -> str:
    return (
        f"  {item['score']:>5.0%}  {item['not_helpful_share']:>5.0%}  {item['not_helpful']:>5}  {item['helpful']:>5}  "
        f"{label}"
    )


def html(report: dict, reasons: dict[str, str], generated: str, root: Path | None = None) -> str:
    """A self-contained HTML page (no script, no request to anyone), every text escaped; source
    files linked as file: URLs under `root` (the repository) when it is given."""
    e = lambda value: escape(str(value), quote=True)  # noqa: E731 - a short local alias

    def links(item: dict, lang: str) -> str:
        title = f'<span lang="{e(lang)}" dir="auto">{e(item["title"])}</span>'
        shown = f'<a href="{e(item["url"])}">{title}</a>' if item["url"] else title
        if item["file"]:
            href = (root / item["file"]).as_uri() if root else item["file"]
            shown += f' <a class="file" href="{e(href)}">{e(item["file"])}</a>'
        return shown

    def numbers(item: dict) -> str:
        return (
            f'<td class="n">{item["score"]:.0%}</td><td class="n">{item["not_helpful_share"]:.0%}</td>'
            f'<td class="n">{item["not_helpful"]}</td><td class="n">{item["helpful"]}</td>'
        )

    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>Kestrel help center: readers' feedback</title>",
        "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:80rem}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
        "text-align:start;vertical-align:top}.n{text-align:end}.flag{color:#a40}.article td{font-weight:600;"
        "background:#f4f4f4}.language td:nth-child(5){padding-inline-start:2rem}.file{font:13px monospace;"
        "color:#555}</style></head><body>",
        "<h1>Readers' feedback</h1>",
        f"<p>{e(_period(report)).capitalize()}; generated {e(generated)}.</p>",
    ]
    if report["articles"] or report["left_out"]:
        parts.append(
            "<h2>Articles</h2><p>Worst first, by score: the share of No votes an article has at least "
            "(the lower bound of its 95&nbsp;% Wilson interval); each language under its article.</p>"
        )
    if report["articles"]:
        parts.append(
            '<table class="articles"><tr><th>score</th><th>share of No</th><th>no</th><th>yes</th>'
            "<th>article, then each language</th><th>reasons</th></tr>"
        )
        for article in report["articles"]:
            parts.append(
                f'<tr class="article" data-source="{e(article["source"])}">{numbers(article)}'
                f"<td>{links(article, 'en')} ({e(plural(article['votes'], 'vote'))})</td><td></td></tr>"
            )
            for row in article["languages"]:
                flag = (
                    f' <span class="flag">{e(FLAGS[row["translation"]])}</span>' if row["translation"] in FLAGS else ""
                )
                why = "<br>".join(f"{count} × {e(reasons.get(code, code))}" for code, count in row["reasons"].items())
                parts.append(
                    f'<tr class="language" data-lang="{e(row["lang"])}">{numbers(row)}'
                    f"<td>{e(row['lang'])}: {links(row, row['lang'])}{flag}</td><td>{why}</td></tr>"
                )
        parts.append("</table>")
    if report["left_out"]:
        parts.append(
            f"<p>{e(plural(report['left_out'], 'article'))} with fewer than "
            f"{e(plural(report['min_votes'], 'vote'))} left out (--min-votes).</p>"
        )
    for lang, part in report["languages"].items():
        parts.append(f'<section lang="{e(lang)}"><h2>{e(lang)}</h2>')
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
        if not any(part[k] for k in ("searches", "descriptions")):
            parts.append("<p>No searches or descriptions.</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
