# Sources are generated per example by tests/test_fuzz.py next to this conf.py.
extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
project = "Fuzz"
copyright = "2026, tests"
version = release = "1.0"
glossterms_autolink = "all"
glossterms_warn_unused = True
# Raw HTML in Markdown is the author's own markup, not ours to escape.
myst_disable_syntax = ["html_block", "html_inline"]
