"""Self-service widgets placed in articles by a block placeholder on a line of its
own: {{ return_checker }}, {{ coverage_checker }}, {{ contact_status }}.

Each renders to HTML whose root carries data-kb="<name>"; every figure it needs
comes from the facts (as JSON in a data attribute), every word from the strings
table of the page's language. Each opens with a heading (h2, or h3 inside a
section) and is drawn at its full size by the build, so nothing moves when the
browser part (overrides/assets/kb/kb.js) brings it to life; that part computes
the outcome and sets data-kb-result. Without JavaScript the widget stays hidden
(overrides/main.html) and the article's own text gives the rule."""

from __future__ import annotations

import json
from html import escape

from babel import Locale

from kb.features.contact import region_name, zone_name
from kb.data.facts import Facts
from kb.core.markdown_parts import headings

# The region a reader most likely calls, by page language.
DEFAULT_REGION = {"en": "us", "zh": "cn", "es": "es", "ja": "jp", "ar": "ae"}


def _data(value: object) -> str:
    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def _messages(strings: dict, prefix: str) -> str:
    return _data({key[len(prefix):]: value for key, value in strings.items() if key.startswith(prefix)})


def heading_level(markdown: str, name: str) -> int:
    """The level of the heading of the widget {{ name }}: one below the section it stands in."""
    line = next((number for number, text in enumerate(markdown.splitlines(), start=1) if text.strip() == f"{{{{ {name} }}}}"),
                None)
    above = [heading.level for heading in headings(markdown, 1) if line is None or heading.line < line]
    return min(max(above[-1] + 1 if above else 2, 2), 6)


def heading(level: int, id: str, text: object) -> str:
    return f'<h{level} class="kb-widget__title" id="{id}">{escape(str(text))}</h{level}>'


def return_checker(facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    t = strings
    return f"""<form class="kb-widget" data-kb="return-checker" data-kb-window-days="{facts.data['return_window_days']}" data-kb-messages="{_messages(t, 'return_checker.')}" aria-labelledby="kb-return-checker-title" novalidate>
{heading(level, "kb-return-checker-title", t['return_checker.title'])}
<label for="kb-return-date">{escape(str(t['return_checker.date_label']))}</label>
<div class="kb-widget__row"><input type="date" id="kb-return-date" name="date" required>
<button type="submit" class="md-button md-button--primary">{escape(str(t['widget.check']))}</button></div>
<p class="kb-widget__result" role="status" aria-live="polite"></p>
</form>
"""


def coverage_checker(facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    t = strings
    lines = facts.data["warranty_months"]
    options = "".join(f'<option value="{line}">{escape(facts.data["products"][line])}</option>' for line in lines)
    settings = {"warranty_months": lines, "care_extra_years": facts.data["care_extra_years"]}
    return f"""<form class="kb-widget" data-kb="coverage-checker" data-kb-facts="{_data(settings)}" data-kb-messages="{_messages(t, 'coverage_checker.')}" aria-labelledby="kb-coverage-checker-title" novalidate>
{heading(level, "kb-coverage-checker-title", t['coverage_checker.title'])}
<label for="kb-coverage-product">{escape(str(t['coverage_checker.product_label']))}</label>
<select id="kb-coverage-product" name="product">{options}</select>
<label for="kb-coverage-date">{escape(str(t['coverage_checker.date_label']))}</label>
<input type="date" id="kb-coverage-date" name="date" required>
<label class="kb-widget__check"><input type="checkbox" name="care"> {escape(str(t['coverage_checker.care_label']))}</label>
<button type="submit" class="md-button md-button--primary">{escape(str(t['widget.check']))}</button>
<p class="kb-widget__result" role="status" aria-live="polite"></p>
</form>
"""


def contact_status(facts: Facts, lang: str, strings: dict, level: int = 2) -> str:
    t = strings
    regions = {code: {"timezone": r["timezone"], "zone": zone_name(r["timezone"], lang),
                      "phone_hours": r["phone_hours"], "chat_hours": r["chat_hours"]}
               for code, r in facts.data["regions"].items()}
    default = DEFAULT_REGION.get(lang, next(iter(regions)))
    options = "".join(f'<option value="{code}"{" selected" if code == default else ""}>'
                      f'{escape(region_name(r["country"], lang))}</option>' for code, r in facts.data["regions"].items())
    return f"""<section class="kb-widget" data-kb="contact-status" data-kb-regions="{_data(regions)}" data-kb-messages="{_messages(t, 'contact_status.')}" aria-labelledby="kb-contact-status-title">
{heading(level, "kb-contact-status-title", t['contact_status.title'])}
<label for="kb-contact-region">{escape(str(t['contact_status.region_label']))}</label>
<select id="kb-contact-region" name="region">{options}</select>
<ul class="kb-widget__channels">
<li data-kb-channel="phone"><strong>{escape(str(t['contact.phone']))}</strong>: <span class="kb-widget__state" role="status"></span></li>
<li data-kb-channel="chat"><strong>{escape(str(t['contact.chat']))}</strong>: <span class="kb-widget__state" role="status"></span></li>
</ul>
</section>
"""


BLOCKS = {"return_checker": return_checker, "coverage_checker": coverage_checker, "contact_status": contact_status}


def in_reader_language(html: str, ui_lang: str, text_lang: str, markdown: bool = False) -> str:
    """A widget is interface: on a page whose text is in another language (a fallback page) it
    still speaks the reader's language, and says so to the browser (dates, weekdays, direction).
    `markdown`: the block is Markdown (the contact directory), which md_in_html parses inside."""
    if ui_lang == text_lang:
        return html
    parsed = ' markdown="block"' if markdown else ""
    return f'<div lang="{ui_lang}" dir="{Locale.parse(ui_lang).text_direction}"{parsed}>\n\n{html}\n\n</div>'


def render_blocks(markdown: str, facts: Facts, lang: str, strings: dict) -> dict[str, str]:
    """The widget blocks a page uses, rendered for its language."""
    return {name: render(facts, lang, strings, heading_level(markdown, name)) for name, render in BLOCKS.items()
            if name in markdown}


def router(facts: Facts, lang: str, strings: dict, routes: dict, links: dict[str, str], index_url: str,
           level: int = 2) -> str:
    """The request router: `routes` is data/router.yml's types; `links` maps each type's page to a URL
    relative to the current page; `index_url` is this language's search index."""
    t = strings
    types = {name: {"label": t[f"router.type.{name}"], "url": links[name], "words": spec["words"].get(lang, []),
                    "prepare": [t[f"prepare.{item}"] for item in spec["prepare"]]}
             for name, spec in routes.items()}
    options = "".join(f'<option value="{line}">{escape(name)}</option>' for line, name in facts.data["products"].items())
    return f"""<form class="kb-widget" id="kb-router" data-kb="router" data-kb-types="{_data(types)}" data-kb-index="{escape(index_url)}" data-kb-messages="{_messages(t, 'router.')}" data-kb-prepare="{escape(str(t['troubleshooter.prepare']))}" aria-labelledby="kb-router-title" novalidate>
{heading(level, "kb-router-title", t['router.title'])}
<label for="kb-router-product">{escape(str(t['router.product_label']))}</label>
<select id="kb-router-product" name="product">{options}</select>
<label for="kb-router-text">{escape(str(t['router.description_label']))}</label>
<textarea id="kb-router-text" name="description" rows="3" required></textarea>
<button type="submit" class="md-button md-button--primary">{escape(str(t['router.submit']))}</button>
<div class="kb-widget__result" role="status" aria-live="polite"></div>
</form>
"""
