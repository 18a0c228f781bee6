"""Find durations written by hand, in any language Babel knows: "30 days", "thirty-day",
"30 días", "treinta días", "trente jours", "30天", "三十天", "３０日間", "١٤ يومًا",
"سنتان" (Arabic dual: two years)...

Unit names come from CLDR through Babel (duration-day, -week, -month, -year, -hour and
-minute, in every width and plural form) and, for their forms in each grammatical case
("innerhalb von 30 Tagen", "в 30 днях", "w ciągu 30 miesięcy"), from CLDR's case data
(kb.data.unit_cases); digits from any numbering system (`\\d`); number words from
num2words, in every case CLDR lists for the language where num2words writes it ("тридцати",
"kolmenkymmenen"), and from CLDR's spell-out rules per case ("trzydziestu"); business days
from the language's strings table (`unit.business_days`, its case forms included). The
small hand lists below hold only what those do not give.

Each match is (value, dimension) with dimension one of day, month, business_day,
hour, minute: weeks count as 7 days and years as 12 months, so "1 year" equals
"12 months". Patterns are compiled once per language, when first needed."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from num2words import CONVERTER_CLASSES, num2words

from kb.data import unit_cases

# CLDR unit -> (dimension, multiplier).
CLDR_UNITS = {
    "duration-day": ("day", 1),
    "duration-week": ("day", 7),
    "duration-month": ("month", 1),
    "duration-year": ("month", 12),
    "duration-hour": ("hour", 1),
    "duration-minute": ("minute", 1),
}
# Unit names CLDR does not list, per language: abbreviations in common use, traditional Chinese
# characters and measure words (个月), Japanese 間 forms, Arabic synonyms (عام) and plurals (شهور, سنين).
EXTRA_UNITS = {
    "en": {"hour": ["hrs"], "minute": ["mins"]},
    "zh": {
        "day": ["日"],
        "week": ["个星期", "個星期", "星期", "週"],
        "month": ["個月"],
        "hour": ["个小时", "個小時", "小時"],
        "minute": ["分鐘"],
    },
    "ja": {"day": ["日間"], "month": ["ヶ月", "カ月", "ヵ月", "箇月", "ケ月"], "year": ["年間"], "minute": ["分間"]},
    "ar": {"month": ["شهور"], "year": ["سنين", "عام", "عامًا", "أعوام"]},
}
# Business days: CLDR has no such unit. The strings table gives each language's own forms; these add
# the synonyms a writer may use besides them.
EXTRA_BUSINESS_DAYS = {
    "en": ["business day", "business days", "working day", "working days"],
    "es": ["día hábil", "días hábiles", "día laborable", "días laborables"],
    "zh": ["工作日", "个工作日", "個工作日"],
    "ja": ["営業日"],
    "ar": ["يوم عمل", "أيام عمل", "أيام العمل"],
}
# Words that carry their number, CLDR lists only some: Arabic duals of the synonym عام (year).
EXTRA_COUNTED = {"ar": [("عامان", "month", 24), ("عامين", "month", 24)]}
# Words for one that num2words does not write: the indefinite article ("a year", "un mois", "ein Jahr")
# and the feminine where num2words writes only the masculine numeral.
ONE = {
    "en": ["a", "an"],
    "es": ["un", "una"],
    "fr": ["une"],
    "it": ["un", "una"],
    "pt": ["um", "uma"],
    "ca": ["un", "una"],
    "de": ["ein", "eine", "einen", "einem", "einer", "eines"],
    "nl": ["een"],
    "ar": ["واحدة"],
}
# Spelled-out numbers for these values are recognized (larger ones in digits).
NUMBER_WORD_VALUES = [*range(1, 121), 180, 365]
# num2words options that give other forms of the same numeral by gender. Its forms by grammatical case
# are asked for each case CLDR lists for the language (`case="genitive"`), where num2words has them.
NUMBER_FORMS: dict[str, list[dict[str, str | bool]]] = {
    "ru": [{"gender": gender} for gender in "mfn"],
    "uk": [{"gender": gender} for gender in ("masculine", "feminine")],
    "be": [{"gender": gender} for gender in "mfn"],
    "he": [{"gender": gender} for gender in "mf"],
    "sr": [{"feminine": feminine} for feminine in (False, True)],
}
# Languages written without spaces between words (or that attach particles to the unit).
UNSPACED = {"zh", "ja", "yue", "ko", "th", "lo", "km", "my"}
# Languages that write numbers in Chinese numerals: 十四, 三十, 两, 二十四, 六十.
CJK_NUMERAL_LANGUAGES = {"zh", "ja", "yue"}
CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CJK_NUMBER = "[零〇一二两兩三四五六七八九十百]+"
# Decimal digits of any numbering system (ASCII, Arabic-Indic, full-width...); int() reads them all.
DIGITS = r"\d+"
# Arabic-script vowel marks (harakat, tanween, shadda, dagger alif): optional wherever a name is matched.
ARABIC_MARKS = "[\u064b-\u065f\u0670]*"
ARABIC_MARK = re.compile("[\u064b-\u065f\u0670]")
ARABIC_LETTER = re.compile("[\u0620-\u064a\u0671-\u06d3\u06fa-\u06ff]")
# What separates a number from its unit: a space (any width), a hyphen ("thirty-day"), or nothing.
SEPARATOR = r"(?:\s|-|\u2011)?"
# Spaces and hyphens inside a name ("business day", "twenty-four") match any run of either.
INNER_SPACE = re.compile(r"[\s\-\u2011]+")
SPACE = r"[\s\-\u2011]+"


@dataclass(frozen=True)
class Duration:
    value: int  # in the dimension's base unit: days, months, business days, hours or minutes
    dimension: str
    text: str  # as written
    start: int


def cjk_to_int(text: str) -> int | None:
    """十四 -> 14, 三十 -> 30, 二十四 -> 24, 两 -> 2, 一百 -> 100."""
    total, current = 0, 0
    for char in text:
        if char in CJK_DIGITS:
            current = CJK_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _key(text: str) -> str:
    """How names are compared: case, accents, Arabic vowel marks, spaces and hyphens do not matter."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return INNER_SPACE.sub(" ", unicodedata.normalize("NFC", bare)).strip()


def _tokens(name: str) -> list[str]:
    """A name as a list of patterns, one per character: Arabic-script vowel marks are optional
    after each letter, other combining marks (Thai vowels, Devanagari signs) are spelled as
    written, and a run of spaces or hyphens matches any run of them."""
    tokens = []
    for index, word in enumerate(INNER_SPACE.split(name)):
        tokens += [SPACE] if index else []
        tokens += [
            re.escape(char) + (ARABIC_MARKS if ARABIC_LETTER.match(char) else "")
            for char in word
            if not ARABIC_MARK.match(char)
        ]
    return tokens


def _pattern(names) -> str:
    """One alternation of names, as written and without accents, as a trie (names that share a
    beginning share its pattern), so hundreds of number words compile and match fast."""
    trie: dict = {}
    for name in names:
        for form in (unicodedata.normalize("NFC", name.strip()), _key(name)):
            node = trie
            for token in _tokens(form):
                node = node.setdefault(token, {})
            node[""] = {}  # a name ends here

    def emit(node: dict) -> str:
        branches = [token + emit(child) for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer name is tried first

    return emit(trie)


def _arabic_variants(phrase: str) -> set[str]:
    """Arabic forms num2words does not write: the oblique case (ثلاثين, اثنين), the form without
    ta marbuta that feminine nouns take (ثلاث سنوات), and و joined to the next word (أربعة وعشرون)."""
    joined = phrase.replace("و ", "و")
    forms = {phrase, joined}
    for form in (phrase, joined):
        forms.add(re.sub(r"(ون|ان)\b", "ين", form))
        forms.add(re.sub(r"ة\b", "", form))
    return forms


def _number_words(lang: str) -> dict[str, int]:
    """Spelled-out numbers of `lang` as written -> value, from num2words and from CLDR's spell-out rules
    per case (kb.data.unit_cases), plus the words for one."""
    words = {word: 1 for word in ONE.get(lang, [])} | unit_cases.numbers(lang)
    converter = lang if lang in CONVERTER_CLASSES else None
    if converter is None or lang in CJK_NUMERAL_LANGUAGES:
        return words
    for value in NUMBER_WORD_VALUES:
        for options in _number_options(lang, converter):
            phrase = _spell(value, converter, options)
            if phrase is None:
                continue
            for form in _arabic_variants(phrase) if lang == "ar" else {phrase}:
                words.setdefault(form, value)
    return words


def _spell(value: int, converter: str, options: dict) -> str | None:
    """num2words' words for `value`, or None where it has no such form (num2words raises a KeyError,
    ValueError, IndexError or TypeError, depending on the language, for a case or value it lacks)."""
    try:
        return num2words(value, lang=converter, **options)
    except Exception:  # its errors are not documented: any means "no such form"
        return None


def _number_options(lang: str, converter: str) -> list[dict]:
    """num2words' options for the forms of `lang`'s numerals: its genders, and each grammatical case
    CLDR lists for the language that num2words writes ("двадцати двум" for 22 in the Russian dative)."""
    genders = NUMBER_FORMS.get(lang, [{}])
    spelled = [{**gender, "case": case} for case in unit_cases.cases(lang) for gender in genders]
    return genders + [options for options in spelled if _spell(2, converter, options) is not None]


def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@dataclass(frozen=True)
class Reader:
    """Everything needed to read durations in one language, compiled once."""

    pattern: re.Pattern  # a number, then a unit
    counted: re.Pattern | None  # words that carry their number: Arabic duals
    units: dict[str, tuple[str, int]]  # name key -> (dimension, multiplier)
    counted_values: dict[str, tuple[str, int]]  # word key -> (dimension, value)
    words: dict[str, int]  # number word key -> value
    cjk: bool


def _unit_names(lang: str, business_days: tuple[tuple[str, str], ...]):
    """(units spaced or glued, units only glued to the number, counted words), each name -> (dimension, n)."""
    units: dict[str, set] = {}
    glued: dict[str, set] = {}
    counted: dict[str, tuple[str, int]] = {}
    locale = _locale(lang) or Locale("en")
    unspaced = lang in UNSPACED

    def add(name: str, dimension: str, multiplier: int, only_glued: bool = False) -> None:
        name = name.strip(" \u00a0\u202f")
        if name:
            (glued if only_glued else units).setdefault(name, set()).add((dimension, multiplier))

    for unit, (dimension, multiplier) in CLDR_UNITS.items():
        for form in unit_cases.forms(lang, unit):  # "{0} Tagen": the plain forms are Babel's, below
            if form.startswith("{0}"):
                add(form[3:], dimension, multiplier)
        for forms in locale._data["unit_patterns"].get(unit, {}).values():
            for category in forms:
                if category == "per":
                    continue
                form = forms[category]
                if form.startswith("{0}"):
                    name = form[3:].strip(" \u00a0\u202f")
                    # One letter after a space is as often a word ("de 5 a 7 días"): only "30d" counts.
                    single = len(name) == 1 and name.isalpha() and not unspaced
                    add(name, dimension, multiplier, only_glued=single)
                elif "{0}" not in form and category == "two":  # a dual: the word is the number
                    for word in _arabic_variants(form) if lang == "ar" else {form}:
                        counted[word] = (dimension, 2 * multiplier)
    named = {"week": ("day", 7), "year": ("month", 12)}
    for dimension, names in EXTRA_UNITS.get(lang, {}).items():
        for name in names:
            add(name, *named.get(dimension, (dimension, 1)))
    for name in EXTRA_BUSINESS_DAYS.get(lang, []):
        add(name, "business_day", 1)
    for category, form in business_days:
        if "{n}" in form:
            add(form.replace("{n}", "").strip(), "business_day", 1)
        elif category.rpartition(".")[2] == "two":  # "two", or a case's "dative.two"
            for word in _arabic_variants(form) if lang == "ar" else {form}:
                counted[word] = ("business_day", 2)
    for word, dimension, value in EXTRA_COUNTED.get(lang, []):
        counted[word] = (dimension, value)

    # A name that means two units ("m": month and minute in English's narrow width) means neither.
    def unambiguous(table):
        return {name: next(iter(meanings)) for name, meanings in table.items() if len(meanings) == 1}

    return unambiguous(units), unambiguous(glued), counted


@functools.cache
def reader(lang: str, business_days: tuple[tuple[str, str], ...] = ()) -> Reader:
    """The compiled reader of `lang`; `business_days` are its strings table's unit.business_days forms."""
    units, glued, counted = _unit_names(lang, business_days)
    words = _number_words(lang)
    cjk = lang in CJK_NUMERAL_LANGUAGES
    number = "|".join(filter(None, [DIGITS, _pattern(words), CJK_NUMBER if cjk else ""]))
    # A one-letter unit ("30d", "24h") only right after digits: after a word it is part of a word ("and").
    glued_unit = rf"|(?P<digits>{DIGITS})(?P<glued>{_pattern(glued)})" if glued else ""
    spoken = rf"(?:(?P<num>{number}){SEPARATOR}(?P<unit>{_pattern(units)}){glued_unit})"
    if lang in UNSPACED:
        # number directly or with one space before the unit; the number is not part of a longer one.
        pattern = re.compile(rf"(?<![\d.月]){spoken}", re.I)
    else:
        # number, then a space, hyphen or nothing, then the unit, with word boundaries around both.
        pattern = re.compile(rf"(?<![\w.,]){spoken}(?!\w)", re.I)
    counted_pattern = re.compile(rf"(?<!\w)(?:{_pattern(counted)})(?!\w)") if counted else None
    table = {_key(name): meaning for name, meaning in {**glued, **units}.items()}
    return Reader(
        pattern,
        counted_pattern,
        table,
        {_key(word): value for word, value in counted.items()},
        {_key(word): value for word, value in words.items()},
        cjk,
    )


def _value(token: str, read: Reader) -> int | None:
    if re.fullmatch(DIGITS, token):
        return int(token)
    if (key := _key(token)) in read.words:
        return read.words[key]
    return cjk_to_int(token) if read.cjk else None


def find(text: str, lang: str, business_days: dict | None = None) -> list[Duration]:
    """Every duration written in `text`, read with the rules of `lang`. `business_days` is the
    language's strings table entry unit.business_days (plural category -> "{n} ..."), if any."""
    read = reader(lang, tuple(sorted((business_days or {}).items())))
    found = []
    for match in read.pattern.finditer(text):
        value = _value(match.group("num") or match.group("digits"), read)
        dimension, multiplier = read.units[_key(match.group("unit") or match.group("glued"))]
        if value is None or (multiplier == 12 and value >= 1000):  # "2026年" is a date, not a duration
            continue
        found.append(Duration(value * multiplier, dimension, match.group(0).strip(), match.start()))
    if read.counted is not None:
        for match in read.counted.finditer(text):
            dimension, value = read.counted_values[_key(match.group(0))]
            found.append(Duration(value, dimension, match.group(0), match.start()))
    return sorted(found, key=lambda d: d.start)


def describe(value: int, dimension: str) -> str:
    """Plain English for messages: 14 days, 24 months (2 years), 10 business days."""
    names = {"day": "day", "month": "month", "business_day": "business day", "hour": "hour", "minute": "minute"}
    text = f"{value} {names[dimension]}{'' if value == 1 else 's'}"
    if dimension == "month" and value % 12 == 0:
        years = value // 12
        text += f" ({years} year{'' if years == 1 else 's'})"
    return text
