"""CLDR's units per grammatical case, which Babel does not carry: "{0} Tagen" (German
dative), "{0} днях" (Russian locative), "{0} miesiącach" (Polish locative).

Babel gives each unit's patterns per width and plural form only. cldr_unit_cases.json beside
this file holds, from the CLDR release Babel 2.18 is made from (47), the long patterns per
case of every locale whose units of facts and measures change with case, every language's grammatical
cases (CLDR's grammaticalFeatures), and the number words of CLDR's spell-out rules per case
("trzydziestu", "тридцатью") for the values the typed-figure check reads.
tools/cldr_unit_cases.py writes it from cldr-json. A language CLDR gives no case forms
(Arabic, French, Chinese) has its plain forms in every case."""

from __future__ import annotations

import functools
import json
from pathlib import Path

DATA = Path(__file__).with_name("cldr_unit_cases.json")
# What a writer may ask of a unit's width: CLDR's three.
WIDTHS = ("long", "short", "narrow")


@functools.cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _chain(lang: str) -> list[str]:
    """A locale and the ones it inherits from: sr_Latn_BA, sr_Latn, sr."""
    parts = lang.replace("-", "_").split("_")
    return ["_".join(parts[:length]) for length in range(len(parts), 0, -1)]


def cases(lang: str) -> tuple[str, ...]:
    """The grammatical cases CLDR lists for the language of `lang` (none for en, fr, zh, es, ja)."""
    return tuple(_data()["cases"].get(lang.replace("-", "_").split("_")[0].lower(), ()))


def patterns(lang: str, unit: str, case: str) -> dict[str, str]:
    """Plural form -> CLDR's long pattern of `unit` (duration-day...) in `case`, for the nearest locale
    of `lang` that has case forms; empty when CLDR has none (the plain forms then hold)."""
    units = _data()["units"]
    for locale in _chain(lang):
        if locale in units:
            return dict(units[locale].get(unit, {}).get(case, {}))
    return {}


def forms(lang: str, unit: str) -> set[str]:
    """Every case form CLDR gives `unit` in `lang`, to read: "{0} Tagen", "{0} Tages"..."""
    return {pattern for case in cases(lang) for pattern in patterns(lang, unit, case).values()}


def numbers(lang: str) -> dict[str, int]:
    """Number words of the language of `lang` in each case CLDR spells them in -> value."""
    return dict(_data()["numbers"].get(lang.replace("-", "_").split("_")[0].lower(), {}))
