"""Self-service widgets placed in articles by a block placeholder on a line of its
own: {{ return_checker }}, {{ coverage_checker }}, {{ contact_status }}, {{ router }},
{{ model_finder }}. Their markup is in Jinja partials (overrides/partials/kb-widgets/),
rendered with autoescape; this module gives them their data.

Each renders to HTML whose root carries data-kb="<name>"; every figure it needs
comes from the facts (as JSON in a data attribute), every word from the strings
table of the page's language. Each opens with a heading (h2, or h3 inside a
section) and is drawn at its full size by the build, so nothing moves when the
browser part (overrides/assets/kb/kb.js) brings it to life; that part computes
the outcome and sets data-kb-result. Without JavaScript the widget stays hidden
(overrides/main.html) and the article's own text gives the rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

import jinja2
from babel import Locale

from kb.core.markdown_parts import headings
from kb.data import devices
from kb.data.facts import Facts
from kb.features.contact import region_name, zone_name

# The region a reader most likely calls, by page language.
DEFAULT_REGION = {"en": "us", "zh": "cn", "es": "es", "ja": "jp", "ar": "ae"}


# Where the widgets' partials are, in the theme's template folders (overrides/ first).
PARTIALS = "partials/kb-widgets"


class Partials:
    """The widgets' markup: Jinja partials under overrides/partials/kb-widgets/, found in the theme's
    template folders as the theme finds its own (a theme's folder first, so a theme can override
    one), rendered with autoescape: every word and value reaches the HTML escaped."""

    def __init__(self, folders: list[str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folders),
            autoescape=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )

    def render(self, name: str, instance: int, **context: object) -> str:
        """Widget `name` (its partial's file name), the `instance`-th on its page (1 for the first):
        the first keeps its ids as they are, the others add -2, -3..., so ids stay unique."""
        suffix = "" if instance == 1 else f"-{instance}"
        return self.env.get_template(f"{PARTIALS}/{name}.html").render(n=suffix, **context)


def _data(value: object) -> str:
    """A value for a data- attribute: compact JSON, in any script (the partial escapes it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _messages(strings: dict, prefix: str) -> str:
    return _data({key[len(prefix) :]: value for key, value in strings.items() if key.startswith(prefix)})


def heading_level(markdown: str, name: str) -> int:
    """The level of the heading of the widget {{ name }}: one below the section it stands in."""
    line = next(
        (number for number, text in enumerate(markdown.splitlines(), start=1) if text.strip() == f"{{{{ {name} }}}}"),
        None,
    )
    above = [heading.level for heading in headings(markdown, 1) if line is None or heading.line < line]
    return min(max(above[-1] + 1 if above else 2, 2), 6)


def return_checker(partials: Partials, instance: int, facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    return partials.render(
        "return-checker",
        instance,
        t=strings,
        level=level,
        window_days=facts.data["return_window_days"],
        messages=_messages(strings, "return_checker."),
    )


def coverage_checker(partials: Partials, instance: int, facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    lines = facts.data["warranty_months"]
    settings = {"warranty_months": lines, "care_extra_years": facts.data["care_extra_years"]}
    return partials.render(
        "coverage-checker",
        instance,
        t=strings,
        level=level,
        settings=_data(settings),
        messages=_messages(strings, "coverage_checker."),
        products=[(line, facts.data["products"][line]) for line in lines],
    )


def contact_status(partials: Partials, instance: int, facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    regions = {
        code: {
            "timezone": r["timezone"],
            "zone": zone_name(r["timezone"], lang),
            "phone_hours": r["phone_hours"],
            "chat_hours": r["chat_hours"],
        }
        for code, r in facts.data["regions"].items()
    }
    default = DEFAULT_REGION.get(lang, next(iter(regions)))
    options = [(code, region_name(r["country"], lang), code == default) for code, r in facts.data["regions"].items()]
    return partials.render(
        "contact-status",
        instance,
        t=strings,
        level=level,
        regions=_data(regions),
        messages=_messages(strings, "contact_status."),
        options=options,
    )


BLOCKS = {"return_checker": return_checker, "coverage_checker": coverage_checker, "contact_status": contact_status}


def in_reader_language(html: str, ui_lang: str, text_lang: str, markdown: bool = False) -> str:
    """A widget is interface: on a page whose text is in another language (a fallback page) it
    still speaks the reader's language, and says so to the browser (dates, weekdays, direction).
    `markdown`: the block is Markdown (the contact directory), which md_in_html parses inside."""
    if ui_lang == text_lang:
        return html
    parsed = ' markdown="block"' if markdown else ""
    return f'<div lang="{ui_lang}" dir="{Locale.parse(ui_lang).text_direction}"{parsed}>\n\n{html}\n\n</div>'


Block = Callable[[int], str]  # a widget's HTML for its n-th instance on the page


def render_blocks(partials: Partials, markdown: str, facts: Facts, lang: str, strings: dict) -> dict[str, Block]:
    """The widget blocks a page uses, each a function of its instance number, in the page's language."""
    return {
        name: partial(_block, render, partials, facts, lang, strings, heading_level(markdown, name))
        for name, render in BLOCKS.items()
        if name in markdown
    }


def _block(render, partials: Partials, facts: Facts, lang: str, strings: dict, level: int, instance: int) -> str:
    return render(partials, instance, facts, lang, strings, level)


def router(
    partials: Partials,
    instance: int,
    facts: Facts,
    lang: str,
    strings: dict,
    routes: dict,
    links: dict[str, str],
    index_url: str,
    level: int = 2,
) -> str:
    """The request router: `routes` is data/router.yml's types; `links` maps each type's page to a URL
    relative to the current page; `index_url` is this language's search index."""
    t = strings
    types = {
        name: {
            "label": t[f"router.type.{name}"],
            "url": links[name],
            "words": spec["words"].get(lang, []),
            "prepare": [t[f"prepare.{item}"] for item in spec["prepare"]],
        }
        for name, spec in routes.items()
    }
    return partials.render(
        "router",
        instance,
        t=t,
        level=level,
        types=_data(types),
        index_url=index_url,
        messages=_messages(t, "router."),
        products=list(facts.data["products"].items()),
    )


def model_finder(
    partials: Partials, instance: int, models: list, strings: dict, links: dict[str, str], level: int = 2
) -> str:
    """The model finder: the reader types a number or a name in any common spelling; the browser part
    (overrides/assets/kb/kb.js) folds it as kb.data.devices.fold does and looks it up among the
    spellings here. `links`: each model's manual, relative to the page."""
    index = {spelling: model.key for model in models for spelling in devices.spellings(model)}
    found = {model.key: {"name": model.name, "number": model.number, "url": links[model.key]} for model in models}
    return partials.render(
        "model-finder",
        instance,
        t=strings,
        level=level,
        spellings=_data(index),
        models=_data(found),
        messages=_messages(strings, "model_finder."),
    )
