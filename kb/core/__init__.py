"""The plain data every part of kb works on: the docs tree as pages, findings, the files the build
reads, the Markdown renderer, the YAML data files, and the Site that holds them."""
