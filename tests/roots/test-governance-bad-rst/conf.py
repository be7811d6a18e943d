extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
