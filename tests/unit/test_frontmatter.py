"""Front matter: every page has a block that parses and fits the schema; each
problem names the file and the line of the offending key."""

from kb.checks import frontmatter
from tests.conftest import fixture_page


def messages(site, name, lang="en"):
    _, findings = frontmatter.check(fixture_page(name, lang), site.schema)
    return [str(f) for f in findings]


def test_page_without_front_matter_is_an_error(site):
    assert messages(site, "frontmatter_missing.md") == [
        "docs/en/frontmatter_missing.md:1: front-matter-missing: page has no front matter; expected a block "
        "that starts with '---' on line 1 and ends with '---' with title, description, category and topics"
    ]


def test_invalid_yaml_names_the_line(site):
    # An unquoted colon in a value is the commonest YAML slip in front matter.
    assert messages(site, "frontmatter_invalid_yaml.md") == [
        "docs/en/frontmatter_invalid_yaml.md:3: front-matter-yaml: front matter is not valid YAML: "
        "mapping values are not allowed here"
    ]


def test_unknown_key_names_its_line_and_the_allowed_keys(site):
    assert messages(site, "frontmatter_unknown_key.md") == [
        "docs/en/frontmatter_unknown_key.md:6: front-matter-schema: unknown key 'titel'; allowed keys: "
        "category, description, hide, search, source_hash, template, title, topics"
    ]


def test_value_outside_the_allowed_set(site):
    [message] = messages(site, "frontmatter_bad_category.md")
    assert message.startswith(
        "docs/en/frontmatter_bad_category.md:4: front-matter-schema: 'category': 'return' is not one of"
    )


def test_required_key_missing(site):
    assert messages(site, "frontmatter_missing_description.md") == [
        "docs/en/frontmatter_missing_description.md:2: front-matter-schema: front matter: "
        "'description' is a required property"
    ]


def test_all_digit_hash_must_be_quoted(site):
    [message] = messages(site, "frontmatter_hash_not_string.md", "zh")
    assert message == (
        "docs/zh/frontmatter_hash_not_string.md:6: front-matter-schema: 'source_hash': "
        "123456789012 is not of type 'string'"
    )


def test_valid_front_matter_has_no_findings(site):
    data, findings = frontmatter.check(fixture_page("facts_contradiction_en.md"), site.schema)
    assert findings == []
    assert data["category"] == "returns"
