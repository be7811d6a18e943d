extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Hardening"
copyright = "2026, tests"
version = release = "1.0"
