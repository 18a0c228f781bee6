"""Models: every Kestrel model and its specifications (data/models.yml), validated
at build like the facts, and addressable by placeholders in every article:

    {{ models.kp310.name }}                    Kestrel Phone 3 Pro
    {{ models.kp310.battery.capacity_mah }}    5,000 mAh / 5000 mAh / 5,000 مللي أمبير ساعة
    {{ models.kp310.charging.wired_watts }}    45 W / 45瓦 / 45 واط
    {{ models.kp310.in_the_box }}              the model and what comes with it, as a list
    {{ models.kp310.specifications }}          the whole specifications table

Figures are rendered in the page's language through kb.data.facts (Babel's CLDR units,
and the strings tables for units CLDR lacks), so a figure is written once."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import yaml
from babel.lists import format_list

from kb.core.findings import Finding
from kb.core.yamlfiles import key_line, read_validated
from kb.data.facts import Fact, render_fact, schema_findings

# Number prefix -> product line: KP-300 is a phone.
LINES = {"KP": "phone", "KB": "book", "KD": "buds", "KW": "watch"}
# Leaf-name suffix -> unit: a CLDR unit for Babel, or a `unit.<name>` key of the strings tables.
UNITS = [
    ("_mah", "unit.mah"),
    ("_wh", "unit.wh"),
    ("_watts", "power-watt"),
    ("_grams", "mass-gram"),
    ("_inches", "length-inch"),
    ("_hz", "frequency-hertz"),
    ("_hours", "hour"),
    ("_minutes", "minute"),
]
# The rows of a specifications table, in order: strings key (models.spec.<row>) and the model's value.
ROWS = [
    ("number", "number"),
    ("year", "year"),
    ("battery", "battery.capacity_mah"),
    ("battery", "battery.capacity_wh"),
    ("case_battery", "battery.case_capacity_mah"),
    ("battery_life", "battery.life_hours"),
    ("battery_life_with_case", "battery.life_with_case_hours"),
    ("wired_charging", "charging.wired_watts"),
    ("wireless_charging", "charging.wireless_watts"),
    ("half_charge", "charging.half_charge_minutes"),
    ("display", "display.size_inches"),
    ("resolution", "display.resolution"),
    ("refresh_rate", "display.refresh_hz"),
    ("water_resistance", "water_resistance"),
    ("weight", "weight_grams"),
    ("case_weight", "case_weight_grams"),
    ("in_the_box", "in_the_box"),
]


@dataclass(frozen=True)
class Model:
    key: str  # kp310
    number: str  # KP-310
    name: str  # Kestrel Phone 3 Pro
    product_line: str  # phone
    year: int
    data: dict
    line: int = 1  # of its key in data/models.yml, for messages

    @property
    def page(self) -> str:
        """The manual's path under docs/<lang>/: manuals/kp-310.md."""
        return f"manuals/{self.number.lower()}.md"

    def get(self, dotted: str) -> object:
        node: object = self.data
        for name in dotted.split("."):
            if not isinstance(node, dict) or name not in node:
                return None
            node = node[name]
        return node


# ---------------------------------------------------------------------------
# Loading and validating data/models.yml


def _duplicate_keys(node: yaml.Node | None, path: str) -> list[Finding]:
    """YAML keeps the last of two equal keys silently; a second model under one key is an error."""
    if not isinstance(node, yaml.MappingNode):
        return []
    findings = []
    for key_node, value in node.value:
        if key_node.value == "models" and isinstance(value, yaml.MappingNode):
            seen: set[str] = set()
            for model_key, _ in value.value:
                if model_key.value in seen:
                    findings.append(
                        Finding(
                            path,
                            model_key.start_mark.line + 1,
                            "models-duplicate",
                            f"models.{model_key.value}: this model is already listed above",
                        )
                    )
                seen.add(model_key.value)
    return findings


def validate(data: object, node: yaml.Node | None, schema: dict, path: str) -> list[Finding]:
    findings = _duplicate_keys(node, path) + schema_findings(data, node, schema, path, "models-schema", "models")
    if findings:
        return findings
    for key, model in cast(dict, data)["models"].items():  # an object: the schema passed
        number = model["number"]
        expected = number.lower().replace("-", "")
        if key != expected:
            findings.append(
                Finding(
                    path,
                    key_line(node, ["models", key], offset=1),
                    "models-key",
                    f"models.{key}: the key of {number} must be '{expected}' (its number in "
                    f"lowercase without the hyphen)",
                )
            )
        line = LINES[number[:2]]
        if model["line"] != line:
            findings.append(
                Finding(
                    path,
                    key_line(node, ["models", key, "line"], offset=1),
                    "models-line",
                    f"models.{key}.line: {number} is a {line} model ({number[:2]}-), not '{model['line']}'",
                )
            )
        if model["line"] != "buds":
            for name in ("battery.case_capacity_mah", "battery.life_with_case_hours", "case_weight_grams"):
                if Model(key, number, "", "", 0, model).get(name) is not None:
                    findings.append(
                        Finding(
                            path,
                            key_line(node, ["models", key] + name.split("."), offset=1),
                            "models-case",
                            f"models.{key}.{name}: only Kestrel Buds have a charging case",
                        )
                    )
    return findings


def load(path: Path, schema_path: Path, *, display: str | None = None) -> list[Model]:
    """Read and validate the models file; raise FindingsError naming each bad line."""
    data, node = read_validated(path, schema_path, display, "models-yaml", validate)
    return [
        Model(key, m["number"], m["name"], m["line"], m["year"], m, key_line(node, ["models", key], offset=1))
        for key, m in data["models"].items()
    ]


# ---------------------------------------------------------------------------
# Typed figures

# A device figure typed with its unit, in any script's digits: 5000 mAh, 45 W, 45瓦, ٤٥ واط, 205 g, 120 Hz
# (Chinese and Japanese write it against the words around it).
TYPED = re.compile(
    r"(?<![A-Za-z0-9.,])\d[\d.,\u00a0\u202f ]*\s?(?:mAh|Wh|W|Hz|kg|g|瓦|毫安时|赫兹|克|ワット|グラム|واط|هرتز|غرام|"
    r"مللي أمبير)(?![A-Za-z0-9])"
)


def typed_figures(page) -> list[Finding]:
    """A manual states device figures only through placeholders, so no translation can drift from data/models.yml."""
    from kb.core.markdown_parts import PLACEHOLDER, body_lines

    findings = []
    for number, line in body_lines(page.body, page.body_line):
        text = unicodedata.normalize("NFKC", PLACEHOLDER.sub(" ", re.sub(r"`[^`]*`", " ", line)))
        for match in TYPED.finditer(text):
            findings.append(
                Finding(
                    page.path,
                    number,
                    "models-typed-figure",
                    f"states '{match.group(0).strip()}'; write the figure's placeholder from "
                    "data/models.yml instead, e.g. {{ models.kp310.charging.wired_watts }}",
                )
            )
    return findings


# ---------------------------------------------------------------------------
# Placeholders


def unit_of(name: str) -> str | None:
    return next((unit for suffix, unit in UNITS if name.endswith(suffix)), None)


def box(model: Model, lang: str, strings: dict) -> str:
    """The model and what comes with it: "Kestrel Watch 2, strap, magnetic charger and Quick Start guide"."""
    items = [model.name] + [str(strings[f"models.box.{item}"]) for item in model.data["in_the_box"]]
    return html.escape(format_list(items, locale=lang))


def specifications(model: Model, lang: str, strings: dict) -> str:
    """The model's specifications as a Markdown table, labels and figures in `lang`."""

    def cell(markup: str) -> str:
        return markup.replace("|", "&#124;")

    def label(key: str) -> str:
        return cell(html.escape(str(strings[key])))

    rows = [f"| {label('models.spec.item')} | {label('models.spec.value')} |", "|---|---|"]
    for name, dotted in ROWS:
        value = model.get(dotted)
        if value is None:
            continue
        fact = values_of(model)[f"models.{model.key}.{dotted}"]
        rows.append(f"| {label(f'models.spec.{name}')} | {cell(render_fact(fact, lang, strings))} |")
    return "\n".join(rows)


def values_of(model: Model) -> dict[str, Fact]:
    """Every placeholder of one model."""
    values: dict[str, Fact] = {}
    base = f"models.{model.key}"

    def walk(node: object, path: list[str]) -> None:
        key = ".".join([base] + path)
        if isinstance(node, dict):
            for name, child in node.items():
                walk(child, path + [name])
        elif path == ["in_the_box"]:
            values[key] = Fact(key, "markup", lambda lang, strings: box(model, lang, strings))
        elif path == ["year"] or isinstance(node, str):
            values[key] = Fact(key, "text", str(node))
        elif unit := unit_of(path[-1]):
            values[key] = Fact(key, "measure", node, unit)

    walk(model.data, [])
    values[f"{base}.specifications"] = Fact(
        f"{base}.specifications", "markup", lambda lang, strings: specifications(model, lang, strings)
    )
    return values


def values(models: list[Model]) -> dict[str, Fact]:
    return {key: fact for model in models for key, fact in values_of(model).items()}


# ---------------------------------------------------------------------------
# Model numbers as customers type them


def fold(text: str) -> str:
    """A spelling reduced to what identifies a model: NFKC (full-width ＫＰ－３１０ is KP-310),
    case folded, spaces, hyphens and dashes removed: "kp 310", "KP‐310" and "Ｋｐ３１０" all give kp310."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-‐‑‒–—―−_.·・]+", "", text)


def keywords(model: Model) -> str:
    """What the search index files a manual under besides its text: the number with and without its
    hyphen, its letters and digits apart, and the name run together ("Phone3Pro", "Book16"), as
    customers type it. No word of the name on its own: "Book" alone is every Book article's word."""
    letters, digits = model.number.split("-")
    short = model.name.removeprefix("Kestrel ")
    return " ".join([model.number, letters + digits, f"{letters} {digits}", short.replace(" ", "")])


def spellings(model: Model) -> list[str]:
    """The folded spellings that name this model: its number, the name with or without
    "Kestrel", and the number's letters and digits apart."""
    short = model.name.removeprefix("Kestrel ")
    letters, digits = model.number.split("-")
    return sorted({fold(model.number), fold(model.name), fold(short), fold(f"{letters} {digits}")})


# ---------------------------------------------------------------------------
# The manuals index: the model table and the model finder


def table(models: list[Model], lang: str, strings: dict) -> str:
    """Every model as a Markdown table row: name, number, where the number is, a link to its manual
    (a relative .md link, which MkDocs resolves to the manual in the page's language)."""

    def text(key: str) -> str:
        return html.escape(str(strings[key]), quote=False).replace("|", "&#124;")

    rows = [
        f"| {text('models.table.product')} | {text('models.table.number')} | {text('models.table.where')} "
        f"| {text('models.table.guide')} |",
        "|---|---|---|---|",
    ]
    for model in models:
        rows.append(
            f"| {html.escape(model.name)} | {html.escape(model.number)} | {text(f'models.where.{model.product_line}')} "
            f"| [{text('models.table.open')}]({model.page.removeprefix('manuals/')}) |"
        )
    return "\n".join(rows)
