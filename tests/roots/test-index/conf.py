extensions = ["myst_parser", "sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "Index"
copyright = "2026, tests"
version = release = "1.0"
