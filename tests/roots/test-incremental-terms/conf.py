extensions = ["sphinx_glossterms"]
glossterms_autolink = "all"
glossterms_warn_unused = True
exclude_patterns = ["_build"]
