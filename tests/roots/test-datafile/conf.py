extensions = ["myst_parser", "sphinx_glossterms"]
exclude_patterns = ["_build"]
