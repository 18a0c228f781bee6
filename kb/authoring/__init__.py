"""The writers' and translators' command, `kb`, and adding a language."""
