extensions = ["sphinx_design", "sphinx_glossterms"]
glossterms_autolink = "all"
glossterms_autolink_ignore = ["Extension", "request"]
glossterms_autolink_skip_phrases = ["environment variable"]
exclude_patterns = ["_build"]
