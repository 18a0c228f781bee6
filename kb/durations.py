"""Find durations written by hand, in every script and form the site's languages use:
"30 days", "thirty-day", "30 días", "treinta días", "30天", "三十天", "３０日間",
"١٤ يومًا", "سنتان" (Arabic dual: two years)...

Each match is (value, dimension) with dimension one of day, month, business_day,
hour, minute: weeks count as 7 days and years as 12 months, so "1 year" equals
"12 months"."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
           "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30,
           "forty-five": 45, "forty-eight": 48, "sixty": 60, "ninety": 90},
    "es": {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
           "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
           "dieciocho": 18, "veinte": 20, "veinticuatro": 24, "treinta": 30, "cuarenta y ocho": 48,
           "sesenta": 60, "noventa": 90},
    "ar": {"واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4,
           "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9,
           "تسع": 9, "عشرة": 10, "عشر": 10, "أربعة عشر": 14, "أربعة عشرَ": 14, "خمسة عشر": 15,
           "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "ستين": 60, "ستون": 60, "تسعين": 90},
}
# Chinese and Japanese numerals: 十四, 三十, 两, 二十四, 六十.
CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
CJK_NUMBER = "[零〇一二两兩三四五六七八九十百]+"
# Any decimal digits: ASCII, Arabic-Indic, Eastern Arabic-Indic, full-width (int() reads them all).
DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]+"

# Units per language: regular expression -> (dimension, multiplier). Longer forms first.
UNITS = {
    "en": [(r"business[- ]days?|working[- ]days?", "business_day", 1), (r"days?", "day", 1),
           (r"weeks?", "day", 7), (r"months?", "month", 1), (r"years?", "month", 12),
           (r"hours?|hrs?", "hour", 1), (r"minutes?|mins?", "minute", 1)],
    "es": [(r"d[ií]as? h[aá]bil(?:es)?|d[ií]as? laborables?", "business_day", 1), (r"d[ií]as?", "day", 1),
           (r"semanas?", "day", 7), (r"mes(?:es)?", "month", 1), (r"años?", "month", 12),
           (r"horas?", "hour", 1), (r"minutos?", "minute", 1)],
    "zh": [(r"个工作日|個工作日|工作日", "business_day", 1), (r"天|日", "day", 1),
           (r"个星期|個星期|星期|周|週", "day", 7), (r"个月|個月", "month", 1), (r"年", "month", 12),
           (r"个小时|個小時|小时|小時", "hour", 1), (r"分钟|分鐘", "minute", 1)],
    "ja": [(r"営業日", "business_day", 1), (r"日間|日", "day", 1), (r"週間", "day", 7),
           (r"か月|ヶ月|カ月|ヵ月|箇月|ケ月", "month", 1), (r"年間|年", "month", 12),
           (r"時間", "hour", 1), (r"分間|分", "minute", 1)],
    "ar": [(r"أيام عمل|يوم عمل|أيام العمل", "business_day", 1),
           (r"يومًا|يوماً|يوما|أيام|يوم", "day", 1), (r"أسابيع|أسبوعًا|أسبوعا|أسبوع", "day", 7),
           (r"أشهر|شهور|شهرًا|شهراً|شهرا|شهر", "month", 1),
           (r"سنوات|سنين|سنة|عامًا|عاماً|عاما|أعوام|عام", "month", 12),
           (r"ساعات|ساعة", "hour", 1), (r"دقائق|دقيقة", "minute", 1)],
}
# Arabic duals carry their number: "سنتان" is two years, "يومين" two days.
ARABIC_DUALS = [(r"يومان|يومين", "day", 2), (r"أسبوعان|أسبوعين", "day", 14), (r"شهران|شهرين", "month", 2),
                (r"سنتان|سنتين|عامان|عامين", "month", 24), (r"ساعتان|ساعتين", "hour", 2),
                (r"دقيقتان|دقيقتين", "minute", 2)]
# Languages whose words are separated by spaces need word boundaries around numbers and units.
SPACED = {"en", "es", "ar"}


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


def _number_pattern(lang: str) -> str:
    words = sorted(WORD_NUMBERS.get(lang, {}), key=len, reverse=True)
    parts = [DIGITS] + [re.escape(word) for word in words]
    if lang in ("zh", "ja"):
        parts.append(CJK_NUMBER)
    return "|".join(parts)


def _compile(lang: str) -> re.Pattern:
    units = "|".join(f"(?P<u{index}>{pattern})" for index, (pattern, _, _) in enumerate(UNITS[lang]))
    number = _number_pattern(lang)
    if lang in SPACED:
        # number, then a space, hyphen or nothing, then the unit, with word boundaries around both.
        return re.compile(rf"(?<![\w.,])(?P<num>{number})(?:\s|-|\u2011)?(?:{units})(?!\w)", re.I)
    # CJK: number directly or with one space before the unit; the number is not part of a longer one.
    return re.compile(rf"(?<![0-9０-９.月])(?P<num>{number})\s?(?:{units})")


PATTERNS = {lang: _compile(lang) for lang in UNITS}
DUAL_PATTERN = re.compile("|".join(f"(?P<d{index}>(?<!\\w)(?:{pattern})(?!\\w))"
                                   for index, (pattern, _, _) in enumerate(ARABIC_DUALS)))


def _value(token: str, lang: str) -> int | None:
    token_lower = token.lower()
    if token_lower in WORD_NUMBERS.get(lang, {}):
        return WORD_NUMBERS[lang][token_lower]
    if re.fullmatch(DIGITS, token):
        return int(token)
    if lang in ("zh", "ja"):
        return cjk_to_int(token)
    return None


def find(text: str, lang: str) -> list[Duration]:
    """Every duration written in `text`, read with the rules of `lang`."""
    pattern = PATTERNS.get(lang, PATTERNS["en"])
    units = UNITS.get(lang, UNITS["en"])
    found = []
    for match in pattern.finditer(text):
        value = _value(match.group("num"), lang)
        index = next(i for i in range(len(units)) if match.group(f"u{i}") is not None)
        _, dimension, multiplier = units[index]
        if value is None or (multiplier == 12 and value >= 1000):  # "2026年" is a date, not a duration
            continue
        found.append(Duration(value * multiplier, dimension, match.group(0).strip(), match.start()))
    if lang == "ar":
        for match in DUAL_PATTERN.finditer(text):
            index = next(i for i in range(len(ARABIC_DUALS)) if match.group(f"d{i}") is not None)
            _, dimension, value = ARABIC_DUALS[index]
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
