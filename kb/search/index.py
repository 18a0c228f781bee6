"""The search index of one language, written as small static files that the search
worker (overrides/assets/kb/search/worker.js) fetches only as a query needs them.

Text becomes terms through overrides/assets/kb/search/analyze.js, run here in V8
(mini-racer), the same file the worker runs on queries. Each article is scored at
build time, BM25F-style: title over description over headings over body, length
normalized, one posting per term and article with the section that matches it best.

Files, under `<language root>search/kb/`:
- t<N>.json: the postings of the terms whose hash falls in shard N,
  {term: [article, impact, section, article, impact, section, ...]} in article order, each
  article number given as the difference from the one before; a term in more than
  MAX_POSTINGS articles keeps those where it scores highest;
- v.json: the vocabulary of alphabetic scripts, [[term, articles, commonest word, completion]],
  for typo tolerance, prefixes and suggestions; the completion is the commonest word written in
  the articles' text with that term, one word as the reader sees it ("" when none is: a model's
  keywords, "phone3pro", complete nothing);
- a<N>.json: what a result shows of article N: location, title, description, its answer
  (kb.search.answers: the first sentence of its opening), language when it is a fallback page,
  and each section's anchor, title and opening.
The manifest (shard count, synonyms, labels, question words) rides in search_index.json's
config, which Material's search box downloads with the page.

What is indexed is the articles' own text: widgets (overrides/partials/kb-widgets/) and other
interface text (a manual's PDF link: kb.output.pdf) carry Material's `data-search-exclude`, so
their labels are in no result and glue no words together ("Kestrel PhoneKestrel Book" of a
list of options)."""

from __future__ import annotations

import asyncio
import atexit
import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from kb.search import answers

ASSETS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "kb" / "search"
FORMAT = 1  # bumped when the files' shape changes; the worker refuses another

# Field weights and length normalization (BM25F); title counts most, body least.
# Keywords are what names a page's subject in customers' spellings (a manual's model number and name).
WEIGHTS = {"keywords": 10.0, "title": 8.0, "description": 4.0, "headings": 2.5, "body": 1.0}
LENGTH_NORM = {"keywords": 0.0, "title": 0.3, "description": 0.3, "headings": 0.5, "body": 0.75}
K1 = 1.2
SHARD_BYTES = 16_000  # postings per shard file, about; a query fetches one shard per term
MAX_POSTINGS = 400  # a word in more articles keeps its best-scoring ones: a search shows twenty
EXCERPT = 280  # characters of a section shown under its result
HUB_BOOST = 0.4  # pages of category `home` list everything and answer nothing: below the articles
# A model's manual covers everything about one device: its title, description, headings and text weigh
# this much of an article's, so the article that answers a task comes first, and the manual for its
# model number or name (its keywords).
MANUAL_TEXT = 0.1

TAG = re.compile(r"<[^>]+>")  # markup Material's search parser keeps (p, li, code...)
SPACE = re.compile(r"\s+")


@dataclass
class Section:
    anchor: str  # "" for the article's opening, before its first heading
    title: str
    text: str


@dataclass
class Article:
    location: str  # relative to the language root: "returns/policy/"
    title: str
    description: str
    sections: list[Section]
    fallback: str = ""  # the language the page is shown in, when it is not the index's own
    boost: float = 1.0  # front matter `search: {boost: }`; hub pages (the home page) rank below articles
    keywords: str = ""  # indexed, never shown: a manual's model number and name in their common spellings
    text_weight: float = (
        1.0  # of its title, description, headings and body against other articles' (MANUAL_TEXT for a manual)
    )
    answer: str = ""  # its answer sentence (kb.search.answers), shown under it for a question


# [[word as written, term]] of the whole words of a text (Analyzer.written_words).
WRITTEN_WORDS = """
function kbWrittenWords(lang, text) {
  const out = [];
  for (const [start, end, cjk] of kbAnalyze.words(text)) {
    if (cjk) continue;
    const word = text.slice(start, end);
    const tokens = kbAnalyze.tokens(lang, word);
    if (tokens.length === 1 && !tokens[0].stop && !tokens[0].part && !tokens[0].cjk) out.push([word, tokens[0].term]);
  }
  return JSON.stringify(out);
}
"""


def v8():
    """A V8 context (mini-racer) whose promises settle on an event loop of its own. Made while an
    event loop runs (in a server, or beside a browser driven by Playwright's sync API), mini-racer
    adopts that loop, and then refuses to wait for a promise on it: the running loop is set aside
    while the context is made (the loop API's hooks for code that runs loops)."""
    from py_mini_racer import MiniRacer

    running = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        return MiniRacer()
    finally:
        asyncio.events._set_running_loop(running)


class Analyzer:
    """analyze.js and the language files in one V8 context."""

    def __init__(self, assets: Path = ASSETS):
        self.assets = assets
        self.context = v8()
        self.context.eval("var self = globalThis;")
        self.context.eval((assets / "analyze.js").read_text(encoding="utf-8"))
        self.context.eval(WRITTEN_WORDS)
        self.loaded: set[str] = set()
        self.memo = None  # kb.build.incremental.Terms: terms of texts analyzed by earlier builds

    def has_language(self, lang: str) -> bool:
        return (self.assets / "languages" / f"{lang}.js").is_file()

    def _load(self, lang: str) -> None:
        if lang not in self.loaded:
            if self.has_language(lang):
                self.context.eval((self.assets / "languages" / f"{lang}.js").read_text(encoding="utf-8"))
            self.loaded.add(lang)

    def terms(self, lang: str, texts: list[str], use: str | None = None) -> list[list[str]]:
        """The index terms of each text, as the worker would analyze it in `lang`; with a `use`
        (what the texts are), texts analyzed by the last build are looked up in the build cache."""
        if use is not None and self.memo is not None:
            return self.memo.terms(self._terms, lang, use, texts)
        return self._terms(lang, texts)

    def _terms(self, lang: str, texts: list[str]) -> list[list[str]]:
        if not texts:
            return []
        self._load(lang)
        return json.loads(self.context.call("kbAnalyze.termsJSON", lang, texts))

    def slots(self, lang: str, texts: list[str]) -> list[list[list[str]]]:
        """Each text's words as synonym keys match them: the terms each word may stand as."""
        self._load(lang)
        return json.loads(self.context.call("kbAnalyze.slotsJSON", lang, texts))

    def tokens(self, lang: str, text: str) -> list[dict]:
        self._load(lang)
        return json.loads(
            cast(str, self.context.eval(f"JSON.stringify(kbAnalyze.tokens({json.dumps(lang)}, {json.dumps(text)}))"))
        )

    def written_words(self, lang: str, text: str) -> list[tuple[str, str]]:
        """Each word of `text` that is one whole word as search reads it (not a stop word, not
        Chinese or Japanese, not written in pieces), as written, with its term."""
        self._load(lang)
        return [tuple(pair) for pair in json.loads(self.context.call("kbWrittenWords", lang, text))]

    def shards(self, terms: list[str], count: int) -> list[int]:
        return json.loads(self.context.call("kbAnalyze.shardsJSON", terms, count))


_SHARED: dict[Path, Analyzer] = {}


def shared(assets: Path = ASSETS) -> Analyzer:
    """One analyzer per process, closed explicitly at exit: a V8 context left to the
    garbage collector can block the process in its finalizer."""
    if assets not in _SHARED:
        if not _SHARED:
            atexit.register(_close_shared)
        _SHARED[assets] = Analyzer(assets)
    return _SHARED[assets]


def _close_shared() -> None:
    for analyzer in _SHARED.values():
        analyzer.context.close()
    _SHARED.clear()


def plain(markup: str) -> str:
    """Text of Material's search entry markup."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def articles_from_entries(entries: list[dict], pages: dict[str, dict]) -> list[Article]:
    """Material's search entries (a page, then its sections) grouped into articles.
    `pages` maps a page location to its description and fallback language, and whether it
    answers a question (`answers`: every page but the hubs)."""
    articles: dict[str, Article] = {}
    for entry in entries:
        location, _, anchor = entry["location"].partition("#")
        article = articles.get(location)
        if article is None:
            info = pages.get(location, {})
            article = articles[location] = Article(
                location,
                plain(entry["title"]),
                info.get("description", ""),
                [],
                info.get("fallback", ""),
                info.get("boost", 1.0),
                info.get("keywords", ""),
                info.get("text_weight", 1.0),
            )
        article.sections.append(Section(anchor, plain(entry["title"]), plain(entry["text"])))
        if not anchor and pages.get(location, {}).get("answers", True):
            article.answer = answers.answer(entry["text"], article.description)
    for article in articles.values():
        if not article.sections or article.sections[0].anchor:
            article.sections.insert(0, Section("", article.title, ""))
        if not article.answer and article.description and pages.get(article.location, {}).get("answers", True):
            article.answer = answers.first_sentence(article.description)
    return [articles[key] for key in sorted(articles)]


def excerpt(text: str) -> str:
    if len(text) <= EXCERPT:
        return text
    cut = text.rfind(" ", 0, EXCERPT)
    return text[: cut if cut > EXCERPT // 2 else EXCERPT] + " …"


@dataclass
class Index:
    """The files of one language's index, by path under search/kb/."""

    lang: str
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build(
    lang: str,
    articles: list[Article],
    analyzer: Analyzer,
    *,
    synonyms: list[list] | None = None,
    labels: dict[str, str] | None = None,
    root: str = "",
) -> Index:
    """Score every term of every article and cut the postings into shards. `root` is the
    language's folder in the site ("zh/"), where the worker finds the files; `labels` name
    each language in this one, for results shown in another (fallback pages)."""
    texts = []
    for article in articles:
        texts += [article.keywords, article.title, article.description]
        for section in article.sections:
            texts += [section.title if section.anchor else "", section.text]
    analyzed = iter(analyzer.terms(lang, texts, use="index"))
    fields: list[dict[str, Counter]] = []
    per_section: list[list[Counter]] = []
    for article in articles:
        keywords, title, description = Counter(next(analyzed)), Counter(next(analyzed)), Counter(next(analyzed))
        headings: Counter[str] = Counter()
        body: Counter[str] = Counter()
        sections: list[Counter[str]] = []
        for _section in article.sections:  # its heading and text, analyzed in this order
            heading, text = Counter(next(analyzed)), Counter(next(analyzed))
            headings.update(heading)
            body.update(text)
            score = Counter(text)
            for term, count in heading.items():
                score[term] += 3 * count
            sections.append(score)
        for term, count in (title + keywords).items():
            sections[0][term] += 3 * count
        for term, count in description.items():
            sections[0][term] += 2 * count
        fields.append(
            {"keywords": keywords, "title": title, "description": description, "headings": headings, "body": body}
        )
        per_section.append(sections)

    total = max(1, len(articles))
    average = {name: max(1.0, sum(sum(f[name].values()) for f in fields) / total) for name in WEIGHTS}
    frequency: Counter = Counter()
    for f in fields:
        frequency.update(set().union(*(f[name].keys() for name in WEIGHTS)))

    postings: dict[str, list[tuple[int, int, int]]] = {}
    for number, f in enumerate(fields):
        lengths = {name: sum(f[name].values()) for name in WEIGHTS}
        for term in set().union(*(f[name].keys() for name in WEIGHTS)):
            text_weight = articles[number].text_weight
            weighted = sum(
                WEIGHTS[name]
                * (text_weight if name != "keywords" else 1.0)
                * f[name][term]
                / (1 - LENGTH_NORM[name] + LENGTH_NORM[name] * lengths[name] / average[name])
                for name in WEIGHTS
                if f[name][term]
            )
            df = frequency[term]
            idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
            impact = max(1, round(100 * articles[number].boost * idf * (K1 + 1) * weighted / (K1 + weighted)))
            sections = per_section[number]
            best = max(range(len(sections)), key=lambda i: (sections[i][term], -i))
            postings.setdefault(term, []).append((number, impact, best))

    terms = sorted(postings)
    for term in terms:  # the best-scoring articles of a common word; in article order, numbered by difference
        kept = sorted(sorted(postings[term], key=lambda p: (-p[1], p[0]))[:MAX_POSTINGS])
        postings[term] = [
            (number - previous, impact, section)
            for (number, impact, section), previous in zip(kept, [0] + [p[0] for p in kept], strict=False)
        ]
    size = sum(len(term) + 10 * len(postings[term]) for term in terms)
    count = max(1, math.ceil(size / SHARD_BYTES))
    shards: dict[int, dict] = {}
    for term, shard in zip(terms, analyzer.shards(terms, count), strict=True):
        shards.setdefault(shard, {})[term] = [value for posting in postings[term] for value in posting]

    index = Index(lang)
    for shard in range(count):
        index.files[f"t{shard}.json"] = _dumps(shards.get(shard, {}))

    surface = _surfaces(lang, articles, analyzer)
    written = _written(lang, articles, analyzer)
    alphabetic = [term for term in terms if not _is_cjk(term)]
    index.files["v.json"] = _dumps(
        [[term, frequency[term], surface.get(term, term), written.get(term, "")] for term in alphabetic]
    )
    for number, article in enumerate(articles):
        index.files[f"a{number}.json"] = _dumps(
            {
                "u": article.location,
                "t": article.title,
                "d": article.description,
                "a": article.answer,
                "l": article.fallback,
                "s": [[s.anchor, s.title, excerpt(s.text)] for s in article.sections],
            }
        )
    index.manifest = {
        "format": FORMAT,
        "lang": lang,
        "root": root,
        "shards": count,
        "articles": len(articles),
        "language_file": analyzer.has_language(lang),
        "synonyms": synonyms or [],
        "labels": labels or {},
        "questions": answers.questions(lang),
    }
    return index


def _is_cjk(term: str) -> bool:
    return bool(re.match(r"[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]", term))


def _surfaces(lang: str, articles: list[Article], analyzer: Analyzer) -> dict[str, str]:
    """The commonest written word behind each term (for suggestions), from the titles and headings."""
    seen: dict[str, Counter] = {}
    words = " ".join(s.title for a in articles for s in a.sections)
    for token in analyzer.tokens(lang, words):
        if not token["cjk"] and not token["stop"]:
            seen.setdefault(token["term"], Counter())[token["surface"]] += 1
    return {term: counts.most_common(1)[0][0] for term, counts in seen.items()}


def _written(lang: str, articles: list[Article], analyzer: Analyzer) -> dict[str, str]:
    """The word a completion offers for each term: the commonest word written with it, alone, in the
    articles' titles, descriptions, headings and text, as written ("devolución", "Kestrel"). A term
    that is no written word of its own has none: a model's keywords (phone3pro), a word written in
    pieces (Wi-Fi, KP-310), a number."""
    texts = [a.title for a in articles] + [a.description for a in articles]
    texts += [part for a in articles for s in a.sections for part in (s.title, s.text)]
    seen: dict[str, Counter] = {}
    for word, term in analyzer.written_words(lang, "\n".join(texts)):
        if word.isdigit():
            continue  # a number is typed whole: 17 is not the beginning of 172
        seen.setdefault(term, Counter())[word] += 1

    def rank(item: tuple[str, int]) -> tuple:  # the commonest; of as common, lower case, then the shortest
        return (-item[1], item[0] != item[0].lower(), len(item[0]), item[0])

    return {term: min(counts.items(), key=rank)[0] for term, counts in seen.items()}
