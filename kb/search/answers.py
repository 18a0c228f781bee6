"""The answer line of search results: each article's answer sentence, and the words that make a
query a question.

By the content rules, an article answers its question in its first sentence. The
index keeps that sentence, as the page renders it (policy figures in the reader's language:
"14 days", "14天"), and the worker (overrides/assets/kb/search/worker.js) shows it under the first
result of a question-like query: one with a question mark, or beginning with one of its language's
question words (for Chinese and Japanese, containing one).

A language without question words here (one just added) shows the answer line for queries with a
question mark only."""

from __future__ import annotations

import html
import re

# Words that begin a question, as the worker folds a query (kbAnalyze.fold: lower case, no accents).
# Chinese and Japanese are written without spaces: a query containing one of theirs is a question.
QUESTION_WORDS: dict[str, list[str]] = {
    "en": [
        "how", "what", "when", "where", "which", "who", "why", "can", "could", "do", "does", "did",
        "is", "are", "am", "will", "should", "may", "must", "have", "has", "whats", "hows", "wheres",
    ],
    "es": [
        "como", "cuando", "cuanto", "cuanta", "cuantos", "cuantas", "donde", "que", "cual", "cuales",
        "quien", "por", "puedo", "puede", "pueden", "se", "hay", "tengo", "es", "esta", "debo",
    ],
    "zh": [
        "怎么", "怎样", "如何", "多久", "多长", "多少", "什么", "为什么", "哪", "能不能", "可以", "能否", "是否",
        "吗", "呢", "几",
    ],
    "ja": ["どう", "どの", "どこ", "いつ", "なぜ", "何", "なに", "いくら", "ますか", "ですか", "できる", "でしょうか"],
    "ar": ["كيف", "متى", "ماذا", "ما", "هل", "كم", "اين", "أين", "لماذا", "لم", "من", "أي", "اي", "ايش", "وش"],
}  # fmt: skip
UNSPACED = {"zh", "ja"}  # languages whose question words are found anywhere in a query

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
# The end of a sentence: a full stop, question or exclamation mark followed by a space and the
# capital (or digit, or Arabic letter) that begins the next; or an ideographic full stop.
END = re.compile(r"(?<=[.!?؟])\s+(?=[\"'“‘¿¡(]?[A-ZÀ-ÖØ-Þ0-9\u0600-\u06ff])|(?<=[。！？])")
ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){1,3}$|(?:^|\s)(?:etc|approx|no|vs|p\. ?ej|e\.g|i\.e)\.$", re.I)
LONGEST = 280  # characters of an answer shown; a longer sentence is cut at a word, with an ellipsis


def questions(lang: str) -> dict:
    """What the worker needs to tell a question in `lang` (the search manifest's `questions`)."""
    return {"words": QUESTION_WORDS.get(lang, []), "anywhere": lang in UNSPACED}


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph's text (the whole text when it is one sentence)."""
    text = SPACE.sub(" ", text).strip()
    for end in END.finditer(text):
        sentence = text[: end.start()].rstrip()
        if not ABBREVIATION.search(sentence):
            return _cut(sentence)
    return _cut(text)


def _cut(sentence: str) -> str:
    if len(sentence) <= LONGEST:
        return sentence
    cut = sentence.rfind(" ", 0, LONGEST)
    return sentence[: cut if cut > LONGEST // 2 else LONGEST] + " …"


def answer(opening_markup: str, description: str) -> str:
    """An article's answer: the first sentence of the first paragraph of its opening (the search
    entry of the text before its first heading, in the markup Material's search parser keeps), or
    its description when the opening has no paragraph."""
    for paragraph in PARAGRAPH.findall(opening_markup):
        text = SPACE.sub(" ", html.unescape(TAG.sub(" ", paragraph))).strip()
        if text:
            return first_sentence(text)
    return first_sentence(description) if description.strip() else ""
