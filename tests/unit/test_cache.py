"""The build cache reuses work only when it is for the same content, and keeps only what is used."""

import json

import jinja2

from kb import cache

TEXT = "退货政策说明"
SEGMENTED = "退货\u200b政策\u200b说明"


class Segmenter:
    """Stands in for jieba: counts the texts it is asked to segment."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, text: str) -> str:
        self.calls.append(text)
        return SEGMENTED if text == TEXT else text


def test_segments_are_computed_once_then_read_from_the_file(tmp_path):
    path = tmp_path / "segments-zh.json"
    first, segmenter = cache.Segments(path), Segmenter()
    segment = first.wrap(segmenter)
    assert segment(TEXT) == SEGMENTED and segment(TEXT) == SEGMENTED
    assert segmenter.calls == [TEXT]
    first.save()

    again = Segmenter()
    assert cache.Segments(path).wrap(again)(TEXT) == SEGMENTED
    assert again.calls == []


def test_an_entry_that_is_not_its_text_segmented_is_not_used(tmp_path):
    path = tmp_path / "segments-zh.json"
    first = cache.Segments(path)
    first.wrap(Segmenter())(TEXT)
    first.save()
    entries = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({key: "保修\u200b政策" for key in entries}), encoding="utf-8")

    segmenter = Segmenter()
    assert cache.Segments(path).wrap(segmenter)(TEXT) == SEGMENTED
    assert segmenter.calls == [TEXT]


def test_an_unreadable_file_is_an_empty_cache(tmp_path):
    path = tmp_path / "segments-zh.json"
    path.write_text("{not json", encoding="utf-8")
    segmenter = Segmenter()
    assert cache.Segments(path).wrap(segmenter)(TEXT) == SEGMENTED
    assert segmenter.calls == [TEXT]


def test_save_keeps_only_the_texts_this_build_used(tmp_path):
    path = tmp_path / "segments-zh.json"
    first = cache.Segments(path)
    segment = first.wrap(Segmenter())
    segment(TEXT)
    segment("旧文章")
    first.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2

    second = cache.Segments(path)
    second.wrap(Segmenter())(TEXT)
    second.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1


def test_compiled_templates_are_reused_across_environments_and_follow_the_source(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    compiled = cache.CompiledTemplates()
    compiled.use_directory(tmp_path / "cache")

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=compiled)
        return env.get_template("page.html").render(name="Kestrel")

    assert render() == "Hello Kestrel"
    assert len(list((tmp_path / "cache").iterdir())) == 1  # on disk for the next run
    (templates / "page.html").write_text("Hi {{ name }}", encoding="utf-8")
    assert render() == "Hi Kestrel"  # a changed source is compiled again, not read from the cache
