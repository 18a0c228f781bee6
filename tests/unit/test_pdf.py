"""The manuals' PDFs off the pages' path (kb.output.pdf): nothing is made until the pages are written;
a build waits for every PDF and fails naming the page whose PDF could not be made; the
development server gets its pages at once and each PDF, with its size in the page's link, as
soon as it is made; a font or text-layout package's new version makes every PDF again; a
process loads the fonts and parses the stylesheet once, and its PDFs have the bytes of PDFs
made each in a fresh process."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kb.build import cache, incremental
from kb.output import pdf

STYLESHEET = Path(pdf.__file__).with_name("pdf.css")
CONTENT = (
    '<h1 id="guide">Kestrel Phone 3 user guide</h1><p>Charge the phone before first use.</p>'
    '<h2 id="set-up">Set up</h2><p>Hold the side button.</p>'
    '<h2 id="charging">Charging</h2><p>Use a USB-C cable.</p>'
)
FAKE_PDF = b"%PDF-1.7 made in a test"


def manual(lang: str = "en", title: str = "Kestrel Phone 3 user guide", content: str = CONTENT) -> pdf.Manual:
    return pdf.Manual(
        content=content,
        title=title,
        lang=lang,
        page_url="https://help.example/manuals/kp-300/",
        contents_label="Contents",
        epoch=1764000000,
    )


@pytest.fixture
def printer_of(tmp_path, monkeypatch):
    """A printer whose PDFs are made by `render` in threads of this process; the pools it made."""
    monkeypatch.setenv(cache.CACHE_DIR, str(tmp_path / "cache"))
    pools = []

    def make(render) -> pdf.Printer:
        def pool():
            pools.append(ThreadPoolExecutor(max_workers=2))
            return pools[-1]

        return pdf.Printer(tmp_path, STYLESHEET, render=render, pool=pool)

    yield make, pools
    for pool in pools:
        pool.shutdown(cancel_futures=True)


def written_page(folder: Path, lang: str = "en") -> pdf.Delivery:
    """A manual page as the build writes it: its link's size still to fill in."""
    page = folder / "manuals" / "kp-300" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        pdf.with_link("<h1>Guide</h1><p>Text</p>", "kestrel-kp-300-en.pdf", "Download ({size})"), encoding="utf-8"
    )
    return pdf.Delivery(
        job=f"{lang}/kp300",
        source="docs/en/manuals/kp-300.md",
        page=page,
        pdf=page.parent / "kestrel-kp-300-en.pdf",
        lang=lang,
    )


def test_no_pdf_is_made_before_the_pages_are_written(printer_of):
    make, pools = printer_of
    made = []
    printer = make(lambda manual, stylesheet: made.append(manual.title) or FAKE_PDF)
    printer.submit("en/kp300", manual())
    printer.submit("zh/kp300", manual("zh", "Kestrel Phone 3 用户手册"))
    assert not pools and not made  # submitting is taking note
    printer.start()
    assert printer.result("zh/kp300") == FAKE_PDF and printer.result("en/kp300") == FAKE_PDF
    assert sorted(made) == ["Kestrel Phone 3 user guide", "Kestrel Phone 3 用户手册"]


def test_a_build_waits_for_each_pdf_and_writes_it_with_its_size(tmp_path, printer_of):
    make, _ = printer_of
    printer = make(lambda manual, stylesheet: FAKE_PDF * 40)
    delivery = written_page(tmp_path / "site")
    printer.submit(delivery.job, manual())
    printer.start()
    pdf.deliver(printer, [delivery])
    assert delivery.pdf.read_bytes() == FAKE_PDF * 40
    assert f"Download ({pdf.size_text(len(FAKE_PDF) * 40, 'en')})" in delivery.page.read_text(encoding="utf-8")
    assert pdf.SIZE_MARK not in delivery.page.read_text(encoding="utf-8")


def test_a_build_fails_naming_the_page_whose_pdf_cannot_be_made(tmp_path, printer_of):
    make, _ = printer_of

    def fails(manual, stylesheet):
        raise ValueError("no font has a glyph for U+E000")

    printer = make(fails)
    delivery = written_page(tmp_path / "site")
    printer.submit(delivery.job, manual())
    printer.start()
    with pytest.raises(pdf.PrintError) as raised:
        pdf.deliver(printer, [delivery])
    assert str(raised.value) == (
        "docs/en/manuals/kp-300.md: its PDF kestrel-kp-300-en.pdf could not be made: "
        "ValueError: no font has a glyph for U+E000"
    )
    assert not delivery.pdf.exists()


def test_the_development_server_serves_the_page_before_its_pdf_is_made(tmp_path, printer_of):
    make, _ = printer_of
    go, started = threading.Event(), threading.Event()

    def slow(manual, stylesheet):
        started.set()
        assert go.wait(30)
        return FAKE_PDF

    printer = make(slow)
    delivery = written_page(tmp_path / "site")
    printer.submit(delivery.job, manual())
    printer.start()
    reported = []
    thread = pdf.deliver_later(printer, [delivery], reported.append)
    assert started.wait(30)
    assert not delivery.pdf.exists() and pdf.SIZE_MARK in delivery.page.read_text(encoding="utf-8")
    go.set()
    thread.join(30)
    assert not thread.is_alive() and not reported
    assert delivery.pdf.read_bytes() == FAKE_PDF
    assert pdf.size_text(len(FAKE_PDF), "en") in delivery.page.read_text(encoding="utf-8")


def test_the_development_server_reports_a_pdf_it_cannot_make_and_keeps_serving(tmp_path, printer_of):
    make, _ = printer_of

    def fails(manual, stylesheet):
        raise OSError("the worker died")

    printer = make(fails)
    delivery = written_page(tmp_path / "site")
    printer.submit(delivery.job, manual())
    printer.start()
    reported = []
    pdf.deliver_later(printer, [delivery], reported.append).join(30)
    assert reported == [
        "docs/en/manuals/kp-300.md: its PDF kestrel-kp-300-en.pdf could not be made: OSError: the worker died"
    ]
    assert delivery.page.exists() and not delivery.pdf.exists()


def test_a_new_font_package_version_makes_the_pdfs_again(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR, str(tmp_path / "cache"))
    installed = {"fonts-noto-cjk": "1:20220127+repack1-1"}
    monkeypatch.setattr(pdf, "system_packages", lambda: ",".join(f"{k}={v}" for k, v in installed.items()))
    before = pdf.Printer(tmp_path, STYLESHEET).key(manual("zh"))
    assert pdf.Printer(tmp_path, STYLESHEET).key(manual("zh")) == before
    installed["fonts-noto-cjk"] = "1:20230817+repack1-1"
    assert pdf.Printer(tmp_path, STYLESHEET).key(manual("zh")) != before


def test_a_new_font_package_version_rebuilds_a_site_otherwise_up_to_date(tmp_path, monkeypatch):
    from types import SimpleNamespace

    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    for name in incremental.PROJECT_INPUTS:
        (tmp_path / name).mkdir()
    site = SimpleNamespace(root=tmp_path, config_file=tmp_path / "mkdocs.yml", docs_dir=tmp_path / "docs")
    monkeypatch.setattr(pdf, "system_packages", lambda: "fonts-hosny-amiri=0.113-1")
    before = incremental.build_inputs(site)
    monkeypatch.setattr(pdf, "system_packages", lambda: "fonts-hosny-amiri=1.000-1")
    assert incremental.build_inputs(site) != before


def test_the_installed_packages_are_named_with_their_versions():
    listed = dict(item.split("=", 1) for item in pdf.system_packages().split(","))
    assert list(listed) == list(pdf.PACKAGES) or pdf.system_packages() == "no-dpkg"


@pytest.fixture
def fresh_process(monkeypatch):
    """This process as a new PDF worker: nothing loaded yet; counts the font configurations and
    stylesheets WeasyPrint makes."""
    weasyprint = pytest.importorskip("weasyprint")
    from weasyprint.text import fonts

    monkeypatch.setattr(pdf, "_LOADED", {})
    made = {"fonts": 0, "stylesheets": 0}
    font_configuration, stylesheet = fonts.FontConfiguration, weasyprint.CSS

    class CountedFonts(font_configuration):
        def __init__(self, *args, **kwargs):
            made["fonts"] += 1
            super().__init__(*args, **kwargs)

    class CountedStylesheet(stylesheet):
        def __init__(self, *args, **kwargs):
            made["stylesheets"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(fonts, "FontConfiguration", CountedFonts)
    monkeypatch.setattr(weasyprint, "CSS", CountedStylesheet)
    return made


def test_a_process_loads_the_fonts_and_parses_the_stylesheet_once(fresh_process):
    stylesheet = STYLESHEET.read_text(encoding="utf-8")
    made = [
        pdf.render(manual(lang, title), stylesheet)
        for lang, title in [
            ("en", "Kestrel Phone 3 user guide"),
            ("zh", "Kestrel Phone 3 用户手册"),
            ("en", "Kestrel Book 16 user guide"),
        ]
    ]
    assert fresh_process == {"fonts": 1, "stylesheets": 1}
    pdf._LOADED.clear()  # each PDF as a new process makes it: the same bytes
    assert pdf.render(manual("zh", "Kestrel Phone 3 用户手册"), stylesheet) == made[1]
    pdf._LOADED.clear()
    assert pdf.render(manual("en", "Kestrel Book 16 user guide"), stylesheet) == made[2]
