"""Models: data/models.yml is validated line by line, its values render in each language
as placeholders, customers' spellings of a model fold to its number, and the manuals'
PDF documents carry their language, title, contents and links."""

import pytest

from kb import checks
from kb.core.findings import FindingsError
from kb.core.pages import make_page
from kb.data import devices, facts
from kb.output import pdf
from tests.conftest import ROOT

SCHEMA = ROOT / "data" / "schema" / "models.schema.json"
REAL = (ROOT / "data" / "models.yml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, after: str = "") -> int:
    """The file line of `needle` (the first one after `after`)."""
    start = REAL.index(after) if after else 0
    return REAL[: REAL.index(needle, start)].count("\n") + 1


def errors(tmp_path, old: str, new: str) -> list[str]:
    assert old in REAL, old
    path = tmp_path / "models.yml"
    path.write_text(REAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FindingsError) as raised:
        devices.load(path, SCHEMA, display="data/models.yml")
    return [str(f) for f in raised.value.findings]


def test_real_models_load_in_file_order(site):
    assert [(m.key, m.number, m.name, m.product_line) for m in site.models] == [
        ("kp300", "KP-300", "Kestrel Phone 3", "phone"),
        ("kp310", "KP-310", "Kestrel Phone 3 Pro", "phone"),
        ("kb140", "KB-140", "Kestrel Book 14", "book"),
        ("kb160", "KB-160", "Kestrel Book 16", "book"),
        ("kd200", "KD-200", "Kestrel Buds 2", "buds"),
        ("kw200", "KW-200", "Kestrel Watch 2", "watch"),
    ]
    assert [m.page for m in site.models] == [
        f"manuals/{n}.md" for n in ("kp-300", "kp-310", "kb-140", "kb-160", "kd-200", "kw-200")
    ]


KP310 = line_of(REAL, "  kp310:")


@pytest.mark.parametrize(
    "fault, old, new, expected",
    [
        (
            "number_misspelled",
            "number: KP-310",
            "number: KP310",
            [
                f"data/models.yml:{KP310 + 1}: models-schema: models.kp310.number: 'KP310' does not match '^K[PBDW]-[0-9]{{3}}$'"
            ],
        ),
        (
            "key_of_another_number",
            "  kp310:\n    number: KP-310",
            "  kp311:\n    number: KP-310",
            [
                f"data/models.yml:{KP310}: models-key: models.kp311: the key of KP-310 must be 'kp310' (its number in "
                "lowercase without the hyphen)"
            ],
        ),
        (
            "line_of_another_product",
            "number: KP-310\n    name: Kestrel Phone 3 Pro\n    line: phone",
            "number: KP-310\n    name: Kestrel Phone 3 Pro\n    line: watch",
            [
                f"data/models.yml:{KP310 + 3}: models-line: models.kp310.line: KP-310 is a phone model (KP-), not 'watch'"
            ],
        ),
        (
            "unknown_line",
            "line: phone",
            "line: tablet",
            [
                f"data/models.yml:{line_of(REAL, 'line: phone')}: models-schema: models.kp300.line: 'tablet' is not one of "
                "['phone', 'book', 'buds', 'watch']"
            ],
        ),
        (
            "figure_as_text",
            "capacity_mah: 5000",
            'capacity_mah: "5000"',
            [
                f"data/models.yml:{line_of(REAL, 'capacity_mah: 5000')}: models-schema: models.kp310.battery.capacity_mah: "
                "'5000' is not of type 'integer'"
            ],
        ),
        (
            "two_capacities",
            "capacity_mah: 5000",
            "capacity_mah: 5000\n      capacity_wh: 19",
            [
                f"data/models.yml:{line_of(REAL, 'capacity_mah: 5000') - 1}: models-schema: models.kp310.battery: "
                "{'capacity_mah': 5000, 'capacity_wh': 19, 'life_hours': 29} is valid under each of {'required': ['capacity_wh']}, "
                "{'required': ['capacity_mah']}"
            ],
        ),
        (
            "unknown_box_item",
            "in_the_box: [strap,",
            "in_the_box: [charger_cable, strap,",
            [
                f"data/models.yml:{line_of(REAL, 'in_the_box: [strap,')}: models-schema: models.kw200.in_the_box.0: "
                "'charger_cable' is not one of ['charging_case', 'ear_tips', 'magnetic_charger', 'power_adapter', "
                "'quick_start_guide', 'sim_tool', 'strap', 'usb_c_cable']"
            ],
        ),
        (
            "water_rating_misspelled",
            "water_resistance: IP54",
            "water_resistance: IP 54",
            [
                f"data/models.yml:{line_of(REAL, 'water_resistance: IP54')}: models-schema: models.kd200.water_resistance: "
                "'IP 54' does not match '^(IP[0-6X][0-9X]|[0-9]+ ATM)(, (IP[0-6X][0-9X]|[0-9]+ ATM))*$'"
            ],
        ),
        (
            "case_on_a_phone",
            "    weight_grams: 205\n",
            "    weight_grams: 205\n    case_weight_grams: 30\n",
            [
                f"data/models.yml:{line_of(REAL, 'weight_grams: 205') + 1}: models-case: models.kp310.case_weight_grams: "
                "only Kestrel Buds have a charging case"
            ],
        ),
        (
            "model_listed_twice",
            "\n  kb140:",
            "\n  kp310:\n    number: KP-310\n    name: Kestrel Phone 3 Pro\n"
            "    line: phone\n    year: 2024\n    battery: {capacity_mah: 5000, life_hours: 29}\n"
            "    charging: {wired_watts: 45, half_charge_minutes: 25}\n    weight_grams: 205\n"
            "    in_the_box: [usb_c_cable]\n\n  kb140:",
            [
                f"data/models.yml:{line_of(REAL, '  kb140:')}: models-duplicate: models.kp310: this model is already listed above"
            ],
        ),
        (
            "required_missing",
            "    year: 2023\n",
            "",
            [
                f"data/models.yml:{line_of(REAL, '  kb140:')}: models-schema: models.kb140: 'year' is a required property"
            ],
        ),
        (
            "yaml_invalid",
            "    year: 2023\n",
            "    year: [2023\n",
            [
                f"data/models.yml:{line_of(REAL, 'year: 2023') + 1}: models-yaml: not valid YAML: expected ',' or ']', "
                "but got ':'"
            ],
        ),
    ],
)
def test_models_file_faults(tmp_path, fault, old, new, expected):
    assert errors(tmp_path, old, new) == expected


def test_a_site_without_manuals_needs_none(site, monkeypatch):
    pages = [page for page in site.pages if not page.rel.startswith("manuals/")]
    monkeypatch.setattr(site, "pages", pages)
    assert checks.model_findings(site, pages) == []


def test_a_model_without_its_manual_is_a_finding(site, monkeypatch):
    pages = [page for page in site.pages if page.rel != "manuals/kd-200.md"]
    monkeypatch.setattr(site, "pages", pages)
    assert [str(f) for f in checks.model_findings(site, pages)] == [
        f"data/models.yml:{line_of(REAL, '  kd200:')}: models-page: models.kd200: KD-200 has no manual: "
        "write docs/en/manuals/kd-200.md"
    ]


@pytest.mark.parametrize(
    "key, lang, expected",
    [
        ("models.kp310.name", "ar", "Kestrel Phone 3 Pro"),
        ("models.kp310.number", "zh", "KP-310"),
        ("models.kp310.year", "es", "2024"),
        ("models.kp310.battery.capacity_mah", "en", "5,000 mAh"),
        ("models.kp310.battery.capacity_mah", "es", "5.000 mAh"),
        ("models.kp310.battery.capacity_mah", "ar", "5,000 مللي أمبير ساعة"),
        ("models.kb140.battery.capacity_wh", "ja", "60 Wh"),
        ("models.kp310.battery.life_hours", "zh", "29小时"),
        ("models.kp310.battery.life_hours", "ja", "29 時間"),
        ("models.kp310.charging.wired_watts", "zh", "45瓦"),
        ("models.kp310.charging.wired_watts", "ar", "45 واط"),
        ("models.kp310.charging.half_charge_minutes", "es", "25 minutos"),
        ("models.kp310.display.size_inches", "es", "6,7 in"),
        ("models.kp310.display.size_inches", "zh", "6.7英寸"),
        ("models.kp310.display.refresh_hz", "ar", "120 هرتز"),
        ("models.kp310.display.resolution", "ja", "3120 × 1440"),
        ("models.kb160.weight_grams", "en", "1,950 g"),
        ("models.kb160.weight_grams", "ar", "1,950 غرام"),
        ("models.kw200.water_resistance", "en", "5 ATM, IP68"),
        ("models.kw200.in_the_box", "en", "Kestrel Watch 2, strap, magnetic charger, and Quick Start guide"),
        ("models.kw200.in_the_box", "zh", "Kestrel Watch 2、表带、磁吸充电器和快速入门指南"),
        ("models.kw200.in_the_box", "ar", "Kestrel Watch 2 وسوار وشاحن مغناطيسي ودليل البدء السريع"),
    ],
)
def test_model_placeholders_render_in_the_page_language(site, key, lang, expected):
    assert facts.render_fact(site.facts.values[key], lang, site.strings[lang]) == expected


def test_specifications_table_has_a_row_per_value_the_model_has(site):
    table = facts.render_fact(site.facts.values["models.kd200.specifications"], "es", site.strings["es"])
    assert table.splitlines()[:4] == [
        "| Especificación | Valor |",
        "|---|---|",
        "| Número de modelo | KD-200 |",
        "| Lanzamiento | 2024 |",
    ]
    assert "| Peso del estuche de carga | 45 g |" in table
    assert "Pantalla" not in table  # earbuds have no display
    book = facts.render_fact(site.facts.values["models.kb140.specifications"], "en", site.strings["en"])
    assert "| Battery | 60 Wh |" in book and "Wireless" not in book and "Water" not in book


def test_strings_reach_the_table_escaped(site):
    strings = dict(site.strings["en"], **{"models.spec.item": "<b>Spec</b> | x", "models.box.strap": "<i>strap</i>"})
    model = site.models[-1]
    assert (
        devices.specifications(model, "en", strings).splitlines()[0] == "| &lt;b&gt;Spec&lt;/b&gt; &#124; x | Value |"
    )
    assert "&lt;i&gt;strap&lt;/i&gt;" in devices.box(model, "en", strings)


def test_an_unknown_model_key_suggests_the_closest(site):
    page = make_page(
        "docs/en/manuals/kp-310.md",
        "en",
        "manuals/kp-310.md",
        "---\ntitle: t\n---\n# T\n\nUp to {{ models.kp310.battery.life_hour }}.\n",
    )
    assert [str(f) for f in checks.placeholder_findings(page, site.facts, site.renderer)] == [
        "docs/en/manuals/kp-310.md:6: fact-unknown: unknown fact key 'models.kp310.battery.life_hour'; "
        "did you mean 'models.kp310.battery.life_hours'?"
    ]


SPELLINGS = [
    ("KP-310", "kp310"),
    ("kp310", "kp310"),
    ("kp 310", "kp310"),
    ("Kp‐310", "kp310"),
    ("ＫＰ－３１０", "kp310"),
    ("Phone 3 Pro", "phone3pro"),
    ("Kestrel Phone 3 Pro", "kestrelphone3pro"),
    ("Book16", "book16"),
    ("kb 160", "kb160"),
    ("KB_160", "kb160"),
    ("ｂｕｄｓ２", "buds2"),
    ("Watch・2", "watch2"),
]


@pytest.mark.parametrize("typed, folded", SPELLINGS)
def test_customers_spellings_fold_to_one_form(typed, folded):
    assert devices.fold(typed) == folded


def test_every_folded_spelling_names_one_model(site):
    spelled = [spelling for model in site.models for spelling in devices.spellings(model)]
    assert len(spelled) == len(set(spelled))
    by_spelling = {s: m.number for m in site.models for s in devices.spellings(m)}
    assert {by_spelling[devices.fold(typed)] for typed in ("KP-310", "ＫＰ－３１０", "phone 3 pro")} == {"KP-310"}
    assert by_spelling[devices.fold("Book16")] == "KB-160"


def test_keywords_hold_the_number_and_the_name_run_together(site):
    assert devices.keywords(site.models[1]) == "KP-310 KP310 KP 310 Phone3Pro"
    assert devices.keywords(site.models[3]) == "KB-160 KB160 KB 160 Book16"


# ---------------------------------------------------------------------------
# The PDF's document

CONTENT = (
    '<h1 id="guide">Guide<a class="headerlink" href="#guide" title="Link">&para;</a></h1>\n<p>Intro.</p>\n'
    '<h2 id="set-up">Set <em>up</em><a class="headerlink" href="#set-up">&para;</a></h2>\n'
    '<p><a href="#set-up">here</a>, <a href="../../warranty/claim/">claim</a>, <a href="mailto:a@b.example">mail</a></p>\n'
    '<h2 id="safety">Safety &amp; care</h2>'
)


def manual(**changes):
    fields = dict(
        content=CONTENT,
        title="Guide <KP-310>",
        lang="ar",
        page_url="https://help.kestrel.example/ar/manuals/kp-310/",
        contents_label="المحتويات",
        epoch=1764000000,
    )
    return pdf.Manual(**dict(fields, **changes))


def test_document_carries_language_direction_title_and_dates():
    source = pdf.document(manual())
    assert source.startswith('<!doctype html><html lang="ar" dir="rtl">')
    assert "<title>Guide &lt;KP-310&gt;</title>" in source
    assert '<meta name="dcterms.created" content="2025-11-24T16:00:00Z">' in source
    assert '"Amiri"' in source.split("--kb-fonts:")[1].split(";")[0]
    assert pdf.document(manual(lang="ja")).startswith('<!doctype html><html lang="ja" dir="ltr">')
    assert '"Noto Sans CJK JP"' in pdf.document(manual(lang="ja"))
    assert '"Noto Sans CJK SC"' in pdf.document(manual(lang="zh"))


def test_document_has_contents_after_the_title_and_no_heading_links():
    source = pdf.document(manual())
    assert "headerlink" not in source and "&para;" not in source
    assert (
        '</h1><nav class="kb-toc" aria-label="المحتويات"><h2 class="kb-toc__title">المحتويات</h2><ol>'
        '<li><a href="#set-up">Set up</a></li><li><a href="#safety">Safety &amp; care</a></li></ol></nav>'
    ) in source


def test_document_links_inside_stay_inside_and_others_lead_to_the_site():
    source = pdf.document(manual())
    assert '<a href="#set-up">here</a>' in source
    assert '<a href="https://help.kestrel.example/ar/warranty/claim/">claim</a>' in source
    assert '<a href="mailto:a@b.example">mail</a>' in source


def test_download_link_follows_the_title_and_gets_its_size():
    page = pdf.with_link(CONTENT, "kestrel-kp-310-ar.pdf", "نزّل <PDF> ({size})")
    assert (
        '</h1>\n<p class="kb-pdf" data-search-exclude><a class="kb-pdf__link" href="kestrel-kp-310-ar.pdf" download type="application/pdf">'
        "نزّل &lt;PDF&gt; (<!-- kb-pdf-size -->)</a></p>"
    ) in page
    assert "(312 kB)</a>" in pdf.with_size(page, 312_400, "en")
    assert "(1.5 MB)</a>" in pdf.with_size(page, 1_480_000, "en")


@pytest.mark.parametrize(
    "number, lang, name",
    [
        ("KP-310", "en", "kestrel-kp-310-en.pdf"),
        ("KW-200", "zh", "kestrel-kw-200-zh.pdf"),
        ("KB-140", "pt_BR", "kestrel-kb-140-pt-br.pdf"),
    ],
)
def test_pdf_file_names_carry_model_and_language(number, lang, name):
    assert pdf.file_name(number, lang) == name


@pytest.mark.parametrize(
    "line, typed",
    [
        ("Charge at up to 45 W with any charger.", "45 W"),
        ("The battery holds 5,000 mAh.", "5,000 mAh"),
        ("最高支持 45瓦 快充。", "45瓦"),
        ("يشحن بقدرة ٤٥ واط.", "٤٥ واط"),
        ("Pesa 205 g.", "205 g"),
        ("リフレッシュレートは１２０Ｈｚです。", "120Hz"),
    ],
)
def test_a_manual_that_types_a_device_figure_is_refused(site, line, typed):
    text = f"---\ntitle: t\n---\n# T\n\n{line}\n"
    page = make_page("docs/es/manuals/kp-310.md", "es", "manuals/kp-310.md", text)
    assert [str(f) for f in devices.typed_figures(page)] == [
        f"docs/es/manuals/kp-310.md:6: models-typed-figure: states '{typed}'; write the figure's placeholder from "
        "data/models.yml instead, e.g. {{ models.kp310.charging.wired_watts }}"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Charge at up to {{ models.kp310.charging.wired_watts }}.",
        "Hold both buttons for 10 seconds.",
        "Keep it at least 15 cm from a pacemaker.",
        "Use `45 W` as written on the adapter.",
        "Kestrel Watch 2 works with Kestrel Buds 2.",
        "Charge it to 80%.",
    ],
)
def test_placeholders_and_other_figures_are_not_device_figures(line):
    page = make_page("docs/en/manuals/kp-310.md", "en", "manuals/kp-310.md", f"---\ntitle: t\n---\n# T\n\n{line}\n")
    assert devices.typed_figures(page) == []


def test_the_real_manuals_type_no_device_figure(site):
    assert [str(f) for f in checks.model_findings(site, site.pages)] == []


@pytest.mark.parametrize(
    "url",
    [
        "https://help.kestrel.example/assets/kb/logo.svg",
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_printing_loads_nothing_from_the_network_or_the_disk(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        pdf.fetcher().fetch(url)
