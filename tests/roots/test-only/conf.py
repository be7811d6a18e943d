extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "Only"
copyright = "2026, tests"
version = release = "1.0"
glossterms_autolink = "all"
