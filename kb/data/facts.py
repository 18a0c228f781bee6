"""Facts: the policy figures of data/facts.yml, rendered into articles in the
reader's language, and the check that no article states a figure that
contradicts them.

Articles write `{{ return_window_days }}`; the build renders "14 days", "14天",
"14 días", "14 日", "14 يومًا" with Babel. A translation whose grammar needs another
form asks for it: `{{ return_window_days | case('dative') }}` renders "14 Tagen" in
German ("innerhalb von 14 Tagen"), from CLDR's forms per grammatical case
(kb.data.unit_cases), and `{{ key | width('short') }}` CLDR's short width ("14 Tg.").
A hand-written "30 days" next to the word "return" is an error, in any script."""

from __future__ import annotations

import difflib
import html
import re
import zoneinfo
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import jsonschema
import phonenumbers
import yaml
from babel import Locale
from babel.numbers import format_decimal
from babel.units import format_unit

from kb.core.findings import Finding
from kb.core.markdown_parts import PLACEHOLDER, body_lines
from kb.core.yamlfiles import key_line, read_validated
from kb.data import unit_cases

# A fact key: dotted lowercase words, e.g. regions.us.response_targets.chat_minutes.
KEY = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
# Leaf-name suffix -> unit of a numeric fact (longest first).
UNIT_SUFFIXES = [
    ("_business_days", "business_day"),
    ("_days", "day"),
    ("_months", "month"),
    ("_years", "year"),
    ("_hours", "hour"),
    ("_minutes", "minute"),
]
# What follows a placeholder's key: filters, each `| name('argument')` (or "argument").
FILTER = re.compile(r"""\|\s*(?P<name>[\w-]*)\s*\(\s*(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)")\s*\)\s*""")
# The filters, and the kinds of fact they apply to: quantities, a number with a unit.
FILTERS = ("case", "width")
QUANTITIES = ("duration", "measure")
# Placeholders that render a whole block of Markdown rather than one value.
BLOCKS = {
    "contact_directory",
    "return_checker",
    "coverage_checker",
    "contact_status",
    "troubleshooter",
    "router",
    "model_finder",
    "model_table",
}
# What a value from data must not bring into an article's Markdown: HTML's special characters, and
# what Markdown would read as syntax around it (a backtick would open code that swallows the article's
# text up to its next backtick, a bracket a link, a brace an attribute list), as character references.
TEXT_REFERENCES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        **{c: f"&#{ord(c)};" for c in "`*_[]{}|\\!~#"},
    }
)
# A day range in an hours table: mon, or mon-fri.
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Fact:
    key: str
    kind: str  # duration, measure, phone, email, text, or markup (value: a function of lang and strings)
    value: object
    unit: str | None = (
        None  # durations: day, month, year, hour, minute, business_day; measures: a unit of kb.data.devices
    )


@dataclass(frozen=True)
class Reference:
    """What a placeholder asks for: a key, and the grammatical case or width to render it in."""

    key: str
    case: str | None = None
    width: str | None = None
    problem: tuple[str, str] | None = None  # (rule, message) when its filters cannot be read


@dataclass(frozen=True)
class Facts:
    data: dict
    values: dict[str, Fact]

    def region_codes(self) -> list[str]:
        return list(self.data["regions"])


# ---------------------------------------------------------------------------
# Loading and validating data/facts.yml


def _unit_of(path: list[str]) -> str | None:
    for name in reversed(path):
        for suffix, unit in UNIT_SUFFIXES:
            if f"_{name}".endswith(suffix) or name.endswith(suffix):
                return unit
    return None


def flatten(data: dict) -> dict[str, Fact]:
    """Every addressable value: numbers with a unit, phone numbers, emails, names."""
    values: dict[str, Fact] = {}

    def walk(node: object, path: list[str]) -> None:
        key = ".".join(path)
        if isinstance(node, dict):
            for name, child in node.items():
                walk(child, path + [str(name)])
        elif isinstance(node, bool):
            return
        elif isinstance(node, int) and (unit := _unit_of(path)):
            values[key] = Fact(key, "duration", node, unit)
        elif isinstance(node, str) and path[0] == "products":  # products.phone is a name, not a number
            values[key] = Fact(key, "text", node)
        elif isinstance(node, str) and path[-1] == "phone":
            values[key] = Fact(key, "phone", node)
        elif isinstance(node, str) and path[-1] == "email":
            values[key] = Fact(key, "email", node)

    walk(data, [])
    return values


def _hours_findings(table: dict, where: list, node: yaml.Node, path: str) -> list[Finding]:
    findings = []
    for days, span in table.items():
        first, _, last = days.partition("-")
        if last and DAYS.index(last) <= DAYS.index(first):
            findings.append(
                Finding(
                    path,
                    key_line(node, where, key=days, offset=1),
                    "facts-hours",
                    f"{'.'.join(where)}: day range '{days}' must run forward, e.g. mon-fri",
                )
            )
        opens, closes = span.split("-")
        if closes <= opens:
            findings.append(
                Finding(
                    path,
                    key_line(node, where, key=days, offset=1),
                    "facts-hours",
                    f"{'.'.join(where)}.{days}: closing time {closes} is not after opening time {opens}",
                )
            )
    return findings


def schema_findings(
    data: object, node: yaml.Node | None, schema: dict, path: str, rule: str, whole: str
) -> list[Finding]:
    """Each way `data` breaks the JSON Schema, at the line of the key it concerns (`whole` names the
    file's data when the error concerns all of it)."""
    validator = jsonschema.Draft202012Validator(schema)
    return [
        Finding(
            path,
            key_line(node, list(error.absolute_path), offset=1),
            rule,
            f"{'.'.join(map(str, error.absolute_path)) or whole}: {error.message}",
        )
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]


def validate(data: object, node: yaml.Node, schema: dict, path: str) -> list[Finding]:
    findings = schema_findings(data, node, schema, path, "facts-schema", "facts")
    if findings:
        return findings
    for code, region in cast(dict, data)["regions"].items():  # an object: the schema passed
        base = ["regions", code]
        try:
            number = phonenumbers.parse(region["phone"])
            valid = phonenumbers.is_valid_number(number)
            country = phonenumbers.region_code_for_number(number)
        except phonenumbers.NumberParseException:
            valid, country = False, None
        if not valid:
            findings.append(
                Finding(
                    path,
                    key_line(node, base + ["phone"], offset=1),
                    "facts-phone",
                    f"regions.{code}.phone: '{region['phone']}' is not a valid E.164 phone number",
                )
            )
        elif country != region["country"]:
            findings.append(
                Finding(
                    path,
                    key_line(node, base + ["phone"], offset=1),
                    "facts-phone",
                    f"regions.{code}.phone: '{region['phone']}' is a {country} number, "
                    f"but the region's country is {region['country']}",
                )
            )
        try:
            zoneinfo.ZoneInfo(region["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            findings.append(
                Finding(
                    path,
                    key_line(node, base + ["timezone"], offset=1),
                    "facts-timezone",
                    f"regions.{code}.timezone: '{region['timezone']}' is not an IANA time zone",
                )
            )
        for table in ("phone_hours", "chat_hours"):
            findings += _hours_findings(region[table], base + [table], node, path)
    return findings


def load(path: Path, schema_path: Path, *, display: str | None = None) -> Facts:
    """Read and validate the facts file; raise FindingsError naming each bad line."""
    data, _ = read_validated(path, schema_path, display, "facts-yaml", validate)
    return Facts(data=data, values=flatten(data))


# ---------------------------------------------------------------------------
# Rendering


def format_number(value: float, lang: str) -> str:
    return format_decimal(value, locale=lang)


def _width(width: str) -> Literal["long", "short", "narrow"]:
    """A width, checked by placeholder_problems, as Babel's type names it."""
    return cast(Literal["long", "short", "narrow"], width)


def format_duration(
    value: int, unit: str, lang: str, strings: dict, case: str | None = None, width: str | None = None
) -> str:
    """14 days / 14天 / 14 días / 14 日 / 14 يومًا; whole years for month counts divisible by 12. In a
    grammatical `case`, CLDR's form for it (14 Tagen), or the strings table's `<case>.<plural form>`
    for business days; the plain form where neither has one. `width`: long (the default), short, narrow."""
    form = Locale.parse(lang).plural_form(value)
    if unit == "business_day":
        forms = strings["unit.business_days"]
        pattern = forms.get(f"{case}.{form}", forms.get(form, forms["other"]))
        return str(pattern).format(n=format_number(value, lang))
    if unit == "month" and value % 12 == 0:
        # value is a multiple of 12 here, so / and // give the same count.
        unit, value = "year", value // 12  # pragma: no mutate
        form = Locale.parse(lang).plural_form(value)
    babel_unit = f"duration-{unit}"
    if case is not None and width in (None, "long"):  # CLDR gives case forms in the long width
        if pattern := unit_cases.patterns(lang, babel_unit, case).get(form):
            return pattern.replace("{0}", format_number(value, lang))
    # "long" is also format_unit's default; said here because the fallback below is "short".
    text = format_unit(value, babel_unit, length=_width(width or "long"), locale=lang)  # pragma: no mutate
    if babel_unit in text:  # CLDR has no long form for this language (zh, ja, some ar)
        text = format_unit(value, babel_unit, length="short", locale=lang)
    return text


def format_measure(
    value: float, unit: str, lang: str, strings: dict, case: str | None = None, width: str | None = None
) -> str:
    """45 W / 45瓦 / 45 واط with Babel's CLDR units, in `width` (short unless asked); in a grammatical
    `case`, CLDR's long form for it where it has one ("30 ваттами"); a unit CLDR lacks (mAh, Wh) from
    the strings table's `unit.<name>`; durations (hour, minute) as format_duration writes them."""
    if unit.startswith("unit."):
        return str(strings[unit]).format(n=format_number(value, lang))
    if "-" not in unit:
        return format_duration(int(value), unit, lang, strings, case, width)
    if case is not None and width in (None, "long"):
        form = Locale.parse(lang).plural_form(value)
        if pattern := unit_cases.patterns(lang, unit, case).get(form):
            return pattern.replace("{0}", format_number(value, lang))
    return format_unit(value, unit, length=_width(width or "short"), locale=lang)


def format_phone(number: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(number), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def text(value: str) -> str:
    """A value from data as text in an article's Markdown: shown as written, never read as markup."""
    return value.translate(TEXT_REFERENCES)


def render_fact(fact: Fact, lang: str, strings: dict, case: str | None = None, width: str | None = None) -> str:
    """A fact as it reaches the page: text escaped (a data file holds text, never markup); a quantity
    in the grammatical case and width asked for, if any."""
    if fact.kind == "duration":
        return text(format_duration(int(cast(float, fact.value)), str(fact.unit), lang, strings, case, width))
    if fact.kind == "measure":
        return text(format_measure(cast(float, fact.value), str(fact.unit), lang, strings, case, width))
    if fact.kind == "markup":  # a renderer that escapes its own text (kb.data.devices)
        return cast(Callable[[str, dict], str], fact.value)(lang, strings)
    if fact.kind == "phone":
        value = html.escape(str(fact.value))
        return f'<a class="kb-tel" href="tel:{value}" dir="ltr">{text(format_phone(str(fact.value)))}</a>'
    if fact.kind == "email":
        value = html.escape(str(fact.value))
        return f'<a class="kb-email" href="mailto:{value}" dir="ltr">{text(str(fact.value))}</a>'
    return text(str(fact.value))


def unknown_key_message(key: str, facts: Facts) -> str:
    if not KEY.match(key):
        return f"malformed placeholder '{{{{ {key} }}}}'; expected {{{{ key }}}} with a dotted lowercase key"
    known = sorted(facts.values) + sorted(BLOCKS)
    # Only the best match is shown, and get_close_matches returns the best first, whatever n is.
    close = difflib.get_close_matches(key, known, n=1)  # pragma: no mutate
    hint = f"; did you mean '{close[0]}'?" if close else "; see data/facts.yml"
    return f"unknown fact key '{key}'{hint}"


def parse(raw: str) -> Reference:
    """A placeholder's text between its braces: `key`, or `key | case('dative') | width('short')`."""
    key, bar, _ = raw.partition("|")
    key = key.strip()
    if not bar:
        return Reference(raw)
    asked: dict[str, str] = {}
    position = raw.index("|")
    while position < len(raw):
        match = FILTER.match(raw, position)
        if match is None:
            return Reference(
                key,
                problem=(
                    "fact-filter",
                    f"malformed filter '{raw[position:].strip()}' in '{{{{ {raw} }}}}'; "
                    f"write {{{{ {key} | case('dative') }}}} or {{{{ {key} | width('short') }}}}",
                ),
            )
        name, argument = match.group("name"), match.group("single") or match.group("double") or ""
        if name not in FILTERS:
            return Reference(
                key,
                problem=(
                    "fact-filter",
                    f"unknown filter '{name}' in '{{{{ {raw} }}}}'; the filters are case and width",
                ),
            )
        if name in asked:
            return Reference(key, problem=("fact-filter", f"filter '{name}' twice in '{{{{ {raw} }}}}'"))
        asked[name] = argument
        position = match.end()
    return Reference(key, asked.get("case"), asked.get("width"))


def placeholder_problems(raw: str, facts: Facts, lang: str, blocks: Container[str] = BLOCKS) -> list[tuple[str, str]]:
    """(rule, message) for each fault of a placeholder in an article in `lang`: an unknown key, a
    filter that cannot be read, a case or width asked of what is not a quantity, a case CLDR does not
    list for the language, a width CLDR does not have."""
    asked = parse(raw)
    if asked.key not in facts.values and asked.key not in blocks:
        return [("fact-unknown", unknown_key_message(asked.key, facts))]
    if asked.problem:
        return [asked.problem]
    fact = facts.values.get(asked.key)
    problems = []
    for name, value in (("case", asked.case), ("width", asked.width)):
        if value is not None and (fact is None or fact.kind not in QUANTITIES):
            problems.append(
                (
                    f"fact-{name}",
                    f"{name}('{value}') on '{asked.key}', which is not a quantity: "
                    f"only durations and measures take a {name}",
                )
            )
    if fact is None or fact.kind not in QUANTITIES:
        return problems
    known = unit_cases.cases(lang)
    if asked.case is not None and asked.case not in known:
        listed = f"CLDR's cases for {lang} are {', '.join(known)}" if known else f"CLDR lists no cases for {lang}"
        problems.append(("fact-case", f"unknown case '{asked.case}' for {lang} in '{{{{ {raw} }}}}'; {listed}"))
    if asked.width is not None and asked.width not in unit_cases.WIDTHS:
        problems.append(
            (
                "fact-width",
                f"unknown width '{asked.width}' in '{{{{ {raw} }}}}'; the widths are {', '.join(unit_cases.WIDTHS)}",
            )
        )
    elif asked.width is not None and (fact.unit == "business_day" or str(fact.unit).startswith("unit.")):
        problems.append(
            (
                "fact-width",
                f"width('{asked.width}') on '{asked.key}', whose forms come from the strings table, "
                "which has one width",
            )
        )
    return problems


def render(
    body: str, first_line: int, path: str, lang: str, facts: Facts, strings: dict, blocks: dict[str, Any]
) -> tuple[str, list[Finding]]:
    """Replace every placeholder in `body`; unknown or malformed keys, and filters that do not apply,
    become findings and stay as written. A block is its HTML, or a function of its instance number on
    the page (1, 2...) for a widget with ids of its own."""
    findings = []
    for number, line in body_lines(body, first_line):
        for match in PLACEHOLDER.finditer(line):
            for rule, message in placeholder_problems(match.group("key"), facts, lang, blocks):
                findings.append(Finding(path, number, rule, message))

    instances: Counter[str] = Counter()

    def replace(match: re.Match) -> str:
        key = match.group("key")
        if key in blocks:
            instances[key] += 1
            block = blocks[key]
            return block(instances[key]) if callable(block) else block
        if "|" in key:
            asked = parse(key)
            fact = facts.values.get(asked.key)
            if fact is None or placeholder_problems(key, facts, lang, blocks):
                return match.group(0)
            return render_fact(fact, lang, strings, asked.case, asked.width)
        fact = facts.values.get(key)
        return render_fact(fact, lang, strings) if fact else match.group(0)

    return PLACEHOLDER.sub(replace, body), findings
