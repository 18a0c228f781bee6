"""The data files beside the content: facts, devices (data/models.yml), interface strings,
glossary, topic words and the request router's types, loaded, validated and rendered."""
