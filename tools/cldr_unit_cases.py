"""Refresh kb/data/cldr_unit_cases.json, CLDR's unit patterns per grammatical case.

  python tools/cldr_unit_cases.py CLDR_JSON   (a checkout of unicode-org/cldr-json; builds and tests need none)

Babel gives each unit's patterns per width and plural form, but not CLDR's patterns per
grammatical case ("{0} Tagen", the German dative; "{0} днях", the Russian locative).
This copies them from the cldr-json release Babel was made from (Babel 2.18: CLDR 47),
for every locale and every unit of facts and measures whose case forms differ from the
plain ones, with each language's grammatical cases (supplemental/grammaticalFeatures.json)
and the number words CLDR's spell-out rules give in each case ("trzydziestu", the Polish
genitive of 30), for the values the typed-figure check reads."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import babel
from babel import Locale

from kb.checks.durations import NUMBER_WORD_VALUES
from kb.data import devices

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kb" / "data" / "cldr_unit_cases.json"
PLAIN = "unitPattern"
# The units facts are counted in (kb.data.facts renders them, kb.checks.durations reads them), and the
# CLDR units of the models' measures (kb.data.devices).
UNITS = tuple(f"duration-{name}" for name in ("day", "week", "month", "year", "hour", "minute")) + tuple(
    unit for _, unit in devices.UNITS if "-" in unit
)


def unit_cases(units: dict) -> dict[str, dict[str, dict[str, str]]]:
    """unit -> case -> plural form -> pattern (long width), for each unit of facts and measures whose case
    forms differ from its plain ones, which are the nominative's."""
    found = {}
    for unit, entry in units.get("long", {}).items():
        if unit not in UNITS:
            continue
        plain = {key.rpartition("-")[2]: value for key, value in entry.items() if key.startswith(f"{PLAIN}-count-")}
        cases: dict[str, dict[str, str]] = {}
        for key, value in entry.items():
            case, marker, count = key.partition("-count-")
            if marker and case != PLAIN:
                cases.setdefault(case, {})[count] = value
        if any(plain.get(count) != value for forms in cases.values() for count, value in forms.items()):
            found[unit] = {"nominative": plain, **cases}
    return found


# A spell-out rule's substitution (←←, →%rule→, =%rule=), optional text ([, ]) or plural ($(cardinal,...)$).
TOKEN = re.compile(r"([←→=])([^←→=\[\]]*)\1|\[|\]|\$\((\w+),(.*?)\)\$")
PLURAL_CHOICE = re.compile(r"(\w+)\{([^}]*)\}")


def spell(rules: dict[str, list], name: str, value: int, lang: str) -> str:
    """`value` spelled by the CLDR spell-out rule set `name` (integers only): the rule of the largest base up
    to the value; ←← the quotient and →→ the remainder by the base's power of ten; [text] only when the
    remainder is not zero."""
    bases = [(int(base), text) for base, text in rules[name] if base.isdigit()]
    base, text = max((pair for pair in bases if pair[0] <= value), key=lambda pair: pair[0])
    divisor = 10 ** int(math.log10(base)) if base else 1
    quotient, remainder = divmod(value, divisor)
    text = text.strip().removesuffix(";").removeprefix("'")
    out, position, skipping = [], 0, False
    for token in TOKEN.finditer(text):
        if not skipping:
            out.append(text[position : token.start()])
        position = token.end()
        if token.group(0) == "[":
            skipping = remainder == 0
        elif token.group(0) == "]":
            skipping = False
        elif skipping:
            continue
        elif token.group(3):  # $(cardinal,few{tysiące}other{tysięcy})$: the quotient's plural form
            choices = dict(PLURAL_CHOICE.findall(token.group(4)))
            form = Locale.parse(lang).plural_form(quotient)
            out.append(choices.get(form, choices["other"]))
        else:
            mark, target = token.group(1), token.group(2)
            number = {"←": quotient, "→": remainder, "=": value}[mark]
            if target.startswith("#") or target.startswith("0"):
                out.append(str(number))
            else:
                out.append(spell(rules, target or name, number, lang))
    if not skipping:
        out.append(text[position:])
    return "".join(out)


def case_numbers(rules: dict[str, list], cases: list[str], lang: str) -> dict[str, int]:
    """Word -> value of every cardinal spell-out rule set of a case ("%spellout-cardinal-feminine-genitive")."""
    words: dict[str, int] = {}
    for name in rules:
        parts = name.removeprefix("%").split("-")
        if name.startswith("%spellout-cardinal") and not name.startswith("%%") and set(parts) & set(cases[1:]):
            for value in NUMBER_WORD_VALUES:
                # Finnish joins the parts of a number with soft hyphens, which no writer types.
                words.setdefault(spell(rules, name, value, lang).replace("\xad", "").strip(), value)
    return words


def main(cldr_json: Path) -> None:
    version = json.loads((cldr_json / "cldr-json" / "cldr-core" / "package.json").read_text())["version"]
    expected = babel.core.get_cldr_version()
    if version.split(".")[0] != expected:
        sys.exit(f"{cldr_json} holds CLDR {version}; Babel {babel.__version__} is made from CLDR {expected}")
    grammar = json.loads(
        (cldr_json / "cldr-json" / "cldr-core" / "supplemental" / "grammaticalFeatures.json").read_text()
    )
    cases = {
        name.partition("-")[0]: features["grammaticalCase"]
        for name, features in grammar["supplemental"]["grammaticalData"].items()
        if name.endswith("-targets-nominal") and "grammaticalCase" in features
    }
    locales: dict[str, dict] = {}
    for folder in sorted((cldr_json / "cldr-json" / "cldr-units-full" / "main").iterdir()):
        data = json.loads((folder / "units.json").read_text())
        found = unit_cases(data["main"][folder.name]["units"])
        language = folder.name.partition("-")[0]
        if found and (folder.name == language or found != locales.get(language)):
            locales[folder.name.replace("-", "_")] = found
    numbers = {}
    for path in sorted((cldr_json / "cldr-json" / "cldr-rbnf" / "rbnf").glob("*.json")):
        lang = path.stem
        rules = json.loads(path.read_text())["rbnf"]["rbnf"].get("SpelloutRules", {})
        if lang in cases and (words := case_numbers(rules, cases[lang], lang)):
            numbers[lang] = words
    out = {"cldr": version, "cases": dict(sorted(cases.items())), "units": locales, "numbers": numbers}
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}" for key, value in out.items()
    ]
    OUT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
