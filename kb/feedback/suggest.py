"""`kb feedback suggest`: synonyms proposed from what readers searched for and did not find.

Searches that found nothing and router descriptions that matched no request type are
grouped as the site search analyzes them (case, accents, word endings, stop words) and
counted. A word of them that no article of the language has (it is in no index term) is what
a synonym can fix: each such word is mapped to the site term that best explains it, from

- the articles the query's other words find: the terms that weigh most in the first of them
  (its title, then its description...), first article first;
- spelling: index terms one edit away, two for a long word (a misspelling the search's own
  slip tolerance does not forgive, or another form of the word).

Each candidate is tried: the query is searched with the synonym added, by the site's own
worker (overrides/assets/kb/search/worker.js) run in V8 on the built index, and the first
candidate with which the query finds an article is proposed, with that article; the others
are listed as alternatives. The proposals are written as a unified diff that adds entries to
data/synonyms/<lang>.yml, each under comments giving its count, the readers' texts and the
article the query would then rank first. Nothing is applied: the writer reviews the diff,
edits or deletes entries, and applies it (`git apply`); `kb check` then validates the file as
it validates every synonyms file."""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from py_mini_racer import JSPromise, JSPromiseError

from kb.search import index as searchindex
from kb.search import synonyms

# Articles whose terms are candidates for an unknown word: the first ones the other words find.
CONTEXT = 3
# Candidates tried against the index for each word; the rest are not shown.
TRIED = 4
# Edits at most between an unknown word's term and an index term it may be a misspelling of:
# one, two from LONG_WORD letters on (a short word two edits away is another word: plata, plan).
SPELLING = 2
LONG_WORD = 8
# Letters an unknown term needs for spelling neighbours, as the worker's TYPO_TERM: a short stem is one
# slip from too many other words.
TYPO_TERM = 5
# Readers' texts quoted under a proposal.
QUOTED = 3

# What worker.js needs from a browser, in V8: files come from KB_FILES, filled from the built index.
SHIM = """
var self = globalThis;
self.location = "http://kb.invalid/assets/kb/search/worker.js";
var KB_FILES = {};
function importScripts() {}
function URL(name) { this.name = String(name); }
URL.prototype.toString = function () { return this.name; };
function fetch(url) {
  const name = url.name;
  const found = Object.prototype.hasOwnProperty.call(KB_FILES, name);
  return Promise.resolve({ok: found, status: found ? 200 : 404,
                          json: function () { return Promise.resolve(KB_FILES[name]); }});
}
"""
RANK = """
function kbRank(manifest, query) {
  setup(manifest);
  return search(query).then(function (result) {
    return JSON.stringify(result.items.map(function (group) { return [group[0].location, group[0].kbTitle || ""]; }));
  });
}
"""


class NoIndex(Exception):
    """The built site has no search index for a language; the message says where it looked."""


class Search:
    """One language's built search index (<site>/<root>search/), searched by the site's worker."""

    def __init__(self, folder: Path, lang: str, assets: Path = searchindex.ASSETS):
        config = folder / "search" / "search_index.json"
        if not config.is_file():
            raise NoIndex(f"no search index at {config}; build the site first (make build)")
        self.manifest = json.loads(config.read_text(encoding="utf-8"))["config"]["kb"]
        self.lang = lang
        self.folder = folder
        self.files = {path.name: path.read_text(encoding="utf-8") for path in (folder / "search" / "kb").glob("*.json")}
        self.context = searchindex.v8()
        self.context.eval(SHIM)
        for name in ("protocol.js", "analyze.js"):
            self.context.eval((assets / name).read_text(encoding="utf-8"))
        if self.manifest.get("language_file"):
            self.context.eval((assets / "languages" / f"{lang}.js").read_text(encoding="utf-8"))
        self.context.eval((assets / "worker.js").read_text(encoding="utf-8"))
        self.context.eval(RANK)
        for name, text in self.files.items():
            self.context.eval(f"KB_FILES[{json.dumps(name)}] = {text};")
        # term -> {article: impact}, and each article's terms by impact
        self.postings: dict[str, dict[int, int]] = {}
        for name, text in self.files.items():
            if name.startswith("t"):
                for term, flat in json.loads(text).items():
                    article, found = 0, {}
                    for i in range(0, len(flat), 3):
                        article += flat[i]
                        found[article] = flat[i + 1]
                    self.postings[term] = found
        self.by_article: dict[int, dict[str, int]] = defaultdict(dict)
        for term, found in self.postings.items():
            for article, impact in found.items():
                self.by_article[article][term] = impact
        self.written = {
            row[0]: (row[3] if len(row) > 3 and row[3] else row[2])
            for row in json.loads(self.files.get("v.json", "[]"))
        }
        self.numbers = {
            json.loads(text)["u"]: int(name[1:-5]) for name, text in self.files.items() if name.startswith("a")
        }

    def rank(self, query: str, table: list[list] | None = None) -> list[tuple[str, str]]:
        """(location, title) of each article the query finds, best first, with the compiled
        synonyms `table` in place of the index's own (None: the index's own)."""
        manifest = dict(self.manifest) if table is None else dict(self.manifest, synonyms=table)
        promise = cast(JSPromise, self.context.eval(f"kbRank({json.dumps(manifest)}, {json.dumps(query)})"))
        try:
            found = promise.get()
        except JSPromiseError as error:  # an index of another format, or a file missing from it
            reason = str(error).splitlines()[0].split("reason: ", 1)[-1].removeprefix("Error: ")
            raise NoIndex(
                f"the search index in {self.folder} cannot be searched ({reason}); build the site again"
            ) from None
        return [(str(location), str(title)) for location, title in json.loads(str(found))]

    def close(self) -> None:
        self.context.close()


@dataclass
class Proposal:
    """A synonym entry proposed: the customer's word and the site term, with its evidence."""

    word: str
    term: str
    count: int
    texts: list[str]
    first: tuple[str, str] | None  # (location, title) the commonest query would rank first
    alternatives: list[tuple[str, tuple[str, str] | None]] = field(default_factory=list)


@dataclass
class Suggestions:
    lang: str
    proposals: list[Proposal]
    unplaced: list[tuple[str, int]]  # words no site term was found for, with their counts


def groups(texts: list[tuple[str, str]], terms: list[list[str]]) -> list[dict]:
    """Texts (kind, text) with the same search terms counted together, commonest first; each
    with its texts, commonest first."""
    found: dict[tuple, Counter] = defaultdict(Counter)
    kinds: dict[tuple, Counter] = defaultdict(Counter)
    for (kind, text), analyzed in zip(texts, terms, strict=True):
        key = tuple(sorted(set(analyzed)))
        if key:
            found[key][" ".join(text.split())] += 1
            kinds[key][kind] += 1
    out: list[dict[str, Any]] = [
        {"key": key, "count": sum(counts.values()), "texts": [t for t, _ in counts.most_common()], "kinds": kinds[key]}
        for key, counts in found.items()
    ]
    out.sort(key=lambda group: (-group["count"], group["texts"][0]))
    return out


def distance(a: str, b: str, limit: int = SPELLING) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b; limit + 1 when more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
        if min(previous) > limit:
            return limit + 1
    return min(previous[-1], limit + 1)


def candidates(word: str, own: set[str], shared: Counter, context: list[int], search: Search) -> list[str]:
    """Index terms that may be what `word` (an unknown term) means, best first: the terms that
    weigh most in the articles that the words readers wrote with it find (first article first),
    half as much when readers wrote them beside it (`shared`: they are its context, not its
    meaning), then spelling neighbours; never a term of the query itself (`own`)."""
    score: dict[str, float] = defaultdict(float)
    for rank, article in enumerate(context):
        weights = search.by_article.get(article, {})
        top = max(weights.values(), default=1)
        for term, impact in weights.items():
            if term not in own and len(term) > 1:
                score[term] += impact / top / (rank + 1) / (2 if term in shared else 1)
    if len(word) >= TYPO_TERM:
        for term in search.postings:
            limit = SPELLING if len(word) >= LONG_WORD else 1
            if term not in own and len(term) >= 4 and (d := distance(word, term, limit)) <= limit:
                score[term] += 1.0 - d / (SPELLING + 1)
    return [term for term, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))]


def _words(analyzer, lang: str, text: str) -> list[dict]:
    """The searched words of a text: no stop words, no pieces of a joined word, no lone CJK character."""
    return [
        token
        for token in analyzer.tokens(lang, text)
        if not token["stop"] and not token.get("part") and not (token["cjk"] and token.get("single"))
    ]


def suggest(lang: str, rows: list[dict], search: Search, entries: list[synonyms.Entry], analyzer) -> Suggestions:
    """Proposals for one language from its feedback `rows` (search and router texts). A word is
    proposed when no article has it and a reader searched for it, or readers wrote it twice."""
    texts = [(row["kind"], row["text"]) for row in rows if row["kind"] in ("search", "router") and row["text"]]
    analyzed = analyzer.terms(lang, [text for _, text in texts]) if texts else []
    analyze = lambda items: analyzer.terms(lang, items)  # noqa: E731
    slots = lambda items: analyzer.slots(lang, items)  # noqa: E731
    table = synonyms.compiled(entries, analyze, slots)
    keys = {entry.key.casefold() for entry in entries}
    words: dict[str, dict] = {}
    for group in groups(texts, analyzed):
        text = group["texts"][0]
        tokens = _words(analyzer, lang, text)
        known = [token for token in tokens if token["term"] in search.postings]
        for token in tokens:
            if token["term"] in search.postings:
                continue
            word = words.setdefault(
                token["term"],
                {"count": 0, "surfaces": Counter(), "texts": [], "shared": Counter(), "surface": {}, "query": None},
            )
            word["count"] += group["count"]
            word["surfaces"][token["surface"].casefold()] += group["count"]
            word["texts"] += group["texts"]
            for other in known:
                word["shared"][other["term"]] += group["count"]
                word["surface"].setdefault(other["term"], other["surface"])
            if group["kinds"]["search"] and word["query"] is None:
                word["query"] = (text, {other["term"] for other in known})
    proposals, unplaced = [], []
    for term, word in words.items():
        written_word = min(word["surfaces"].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if written_word in keys or not (word["query"] or word["count"] >= 2):
            continue  # already a synonym (the writer chose its terms), or one stray word of a description
        query, own = word["query"] or (word["texts"][0], set())
        context_words = [word["surface"][other] for other, _ in word["shared"].most_common(8)]
        context = [search.numbers[location] for location, _ in search.rank(" ".join(context_words), table)[:CONTEXT]]
        tried: list[tuple[str, tuple[str, str] | None]] = []
        for candidate in candidates(term, own, word["shared"], context, search)[:TRIED]:
            written = search.written.get(candidate, candidate)
            if analyze([written])[0] != [candidate]:
                written = candidate
                if analyze([candidate])[0] != [candidate]:
                    continue  # no written word stands for it; a synonym could not name it
            trial = synonyms.compiled([*entries, synonyms.Entry(0, written_word, (written,))], analyze, slots)
            ranked = search.rank(query, trial)
            tried.append((written, ranked[0] if ranked else None))
        answering = [item for item in tried if item[1] is not None]
        if not answering:
            unplaced.append((written_word, word["count"]))
            continue
        chosen, first = answering[0]
        proposals.append(
            Proposal(
                written_word,
                chosen,
                word["count"],
                list(dict.fromkeys(word["texts"]))[:QUOTED],
                first,
                [item for item in tried if item[0] != chosen],
            )
        )
    proposals.sort(key=lambda p: (-p.count, p.word))
    return Suggestions(lang, proposals, sorted(unplaced, key=lambda kv: (-kv[1], kv[0])))


def page_path(location: str, exists) -> str:
    """The docs path of a result's location: returns/policy/ -> returns/policy.md (or
    returns/policy/index.md when that is the page `exists` knows), "" -> index.md."""
    stem = location.split("#")[0].strip("/")
    if not stem:
        return "index.md"
    return f"{stem}/index.md" if not exists(f"{stem}.md") and exists(f"{stem}/index.md") else f"{stem}.md"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace('"', "'")


def entry_lines(proposal: Proposal, path_of) -> list[str]:
    """The lines of one proposed entry: its comments, then `word: term` as YAML writes it."""
    texts = ", ".join(f'"{_one_line(text)}"' for text in proposal.texts)
    out = [f"# {proposal.count} unanswered: {texts}"]
    if proposal.first:
        out.append(f"# would rank first: {_one_line(proposal.first[1])} ({path_of(proposal.first[0])})")
    for other, first in proposal.alternatives:
        then = f"{_one_line(first[1])} ({path_of(first[0])})" if first else "nothing"
        out.append(f"# or: {other} (would rank first: {then})")
    out.append(yaml.safe_dump({proposal.word: proposal.term}, allow_unicode=True, width=1000).strip())
    return out


def proposed_text(current: str, suggestions: Suggestions, path_of) -> str:
    """The synonyms file with the proposals added at its end."""
    if not suggestions.proposals:
        return current
    lines = [] if not current else [current.rstrip("\n"), ""]
    lines.append("# Proposed by kb feedback suggest from readers' unanswered searches: keep, edit or delete each.")
    for proposal in suggestions.proposals:
        lines += entry_lines(proposal, path_of)
    return "\n".join(lines) + "\n"


def diff(display: str, current: str | None, proposed: str) -> str:
    """A unified diff, as `git apply` takes it, from the file at `display` (None: no file yet)."""
    old = (current or "").splitlines(keepends=True)
    new = proposed.splitlines(keepends=True)
    if old == new:
        return ""
    before = "/dev/null" if current is None else f"a/{display}"
    lines = difflib.unified_diff(old, new, fromfile=before, tofile=f"b/{display}")
    # a file without a final newline: its last line marked as patch and git apply expect
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def run(root: Path, arguments) -> int:
    """`kb feedback suggest`: the proposals of each language (or --lang's) as one unified diff,
    printed, or written to --write FILE; a summary on stderr."""
    import os
    import sys

    from kb.build.config import load_site
    from kb.feedback.cli import Problem, database_url, period, published
    from kb.feedback.store import Connection, errors

    site = load_site(root)
    if arguments.lang is not None and arguments.lang not in site.languages:
        raise Problem(f"unknown language '{arguments.lang}'; languages: {', '.join(site.languages)}")
    since, before = period(arguments)
    if arguments.write:
        if place := published(root, arguments.site_dir, site.docs_dir, arguments.write):
            raise Problem(f"--write {arguments.write}: inside {place}/, which is published; write it elsewhere")
        if Path(arguments.write).is_dir():
            raise Problem(f"--write {arguments.write}: is a folder; give a file name")
    folder = Path(os.path.abspath(root / arguments.site_dir))
    database = database_url(root, arguments.db)
    if database.kind == "sqlite" and not Path(database.target).is_file():
        raise Problem(f"no feedback database at {database.target}; start the collector (kb feedback serve) first")
    try:
        connection = Connection(database, create=False)
        rows = connection.rows(arguments.lang, since, before)
        connection.close()
    except errors() as error:
        raise Problem(f"cannot read {database.display()}: {str(error).splitlines()[0]}") from None
    patches, summary = [], []
    for lang in [arguments.lang] if arguments.lang else site.languages:
        mine = [row for row in rows if row["lang"] == lang and row["kind"] in ("search", "router")]
        if not mine:
            continue
        try:
            search = Search(
                folder / searchindex_root(lang, site.source_lang),
                lang,
                site.root / "overrides" / "assets" / "kb" / "search",
            )
        except NoIndex as error:
            raise Problem(f"--site-dir {arguments.site_dir}: {error}") from None
        try:
            path = site.paths["synonyms"] / f"{lang}.yml"
            entries = site.synonyms.get(lang, ([], []))[0]
            found = suggest(lang, mine, search, entries, site.analyzer)
        except NoIndex as error:
            raise Problem(f"--site-dir {arguments.site_dir}: {error}") from None
        finally:
            search.close()

        def path_of(location: str, lang: str = lang) -> str:
            return page_path(location, lambda rel: site.page(lang, rel) is not None)

        current = path.read_text(encoding="utf-8") if path.is_file() else None
        display = path.relative_to(site.root).as_posix()
        if patch := diff(display, current, proposed_text(current or "", found, path_of)):
            patches.append(patch)
        summary.append(
            f"{lang}: {len(found.proposals)} proposed"
            + (f"; no site term found for {', '.join(word for word, _ in found.unplaced)}" if found.unplaced else "")
        )
    text = "".join(patches)
    if arguments.write:
        Path(arguments.write).write_text(text, encoding="utf-8")
        summary.append(f"written to {arguments.write}: review it, then git apply {arguments.write}")
    elif text:
        print(text, end="")
    print("kb feedback suggest: " + ("; ".join(summary) or "no unanswered searches"), file=sys.stderr)
    return 0


def searchindex_root(lang: str, source: str) -> str:
    from kb.search import language_root

    return language_root(lang, source)
