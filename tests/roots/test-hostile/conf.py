# Hostile term names next to a glossary graph: every output must escape them.
extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Hostile"
copyright = "2026, tests"
version = release = "1.0"
glossterms_autolink = "all"
graphviz_output_format = "svg"
# Raw HTML in Markdown prose is the author's own markup, not ours to escape.
myst_disable_syntax = ["html_block", "html_inline"]
