extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "Markup"
copyright = "2026, tests"
version = release = "1.0"
