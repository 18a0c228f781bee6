"""The widgets' markup from Jinja partials (kb.features.widgets.Partials, overrides/partials/kb-widgets/):
every value escaped by the partial, ids unique per instance on a page, a theme's own partial first."""

from __future__ import annotations

import re

import pytest

from kb.data import facts as facts_module
from kb.features import troubleshooter, widgets
from tests.conftest import ROOT

PARTIALS = widgets.Partials([str(ROOT / "overrides")])
IDS = re.compile(r'\bid="([^"]+)"')
WIDGETS = ["return_checker", "coverage_checker", "contact_status", "router", "model_finder", "troubleshooter"]
REFERENCES = re.compile(r'\b(?:for|aria-labelledby|aria-describedby)="([^"]+)"')


def each_widget(site, instance: int) -> dict[str, str]:
    strings, routes = site.strings["en"], site.router[0].types
    links = {model.key: f"../{model.key}/" for model in site.models}
    tree = next(iter(site.troubleshooters[0].values()))
    return {
        **{name: render(PARTIALS, instance, site.facts, "en", strings, 2) for name, render in widgets.BLOCKS.items()},
        "router": widgets.router(
            PARTIALS, instance, site.facts, "en", strings, routes, {n: "x/" for n in routes}, "i.json", 2
        ),
        "model_finder": widgets.model_finder(PARTIALS, instance, site.models, strings, links, 2),
        "troubleshooter": troubleshooter.render(PARTIALS, instance, tree, "en", strings, "c/", 2),
    }


@pytest.mark.parametrize("name", WIDGETS)
def test_two_instances_on_a_page_have_their_own_ids_and_each_refers_to_its_own(site, name):
    first, second = each_widget(site, 1)[name], each_widget(site, 2)[name]
    first_ids, second_ids = IDS.findall(first), IDS.findall(second)
    assert first_ids and len(set(first_ids + second_ids)) == len(first_ids) + len(second_ids)
    for html, ids in ((first, first_ids), (second, second_ids)):
        assert set(REFERENCES.findall(html)) <= set(ids), html


def test_the_first_router_keeps_the_anchor_search_leads_to(site):
    assert 'id="kb-router"' in each_widget(site, 1)["router"]


@pytest.mark.parametrize("name", WIDGETS)
def test_words_and_data_from_the_tables_reach_the_html_escaped(site, name):
    hostile = '"><img src=x onerror=alert(1)>'
    site.strings["en"] = dict(site.strings["en"], **{key: hostile for key in site.strings["en"]})
    try:
        html = each_widget(site, 1)[name]
    finally:
        del site.strings  # the cached table is loaded again for the next test
    assert "<img" not in html and "onerror=alert(1)>" not in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_theme_folder_before_ours_overrides_a_partial(tmp_path):
    folder = tmp_path / "partials" / "kb-widgets"
    folder.mkdir(parents=True)
    (folder / "return-checker.html").write_text(
        '<form data-kb="return-checker" data-theme="own">{{ t["x"] }}</form>\n', encoding="utf-8"
    )
    partials = widgets.Partials([str(tmp_path), str(ROOT / "overrides")])
    facts = facts_module.Facts(data={"return_window_days": 14}, values={})
    html = widgets.return_checker(partials, 1, facts, "en", {"x": "<b>", "return_checker.a": "b"}, 2)
    assert html == '<form data-kb="return-checker" data-theme="own">&lt;b&gt;</form>\n'
