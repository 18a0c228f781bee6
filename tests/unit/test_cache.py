"""The build cache reuses work only when it is for the same content."""

import jinja2

from kb import cache


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
