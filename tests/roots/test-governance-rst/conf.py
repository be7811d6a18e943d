extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
glossterms_autolink = "cards"
glossterms_warn_undefined = True
glossterms_undefined_ignore = ["NB"]
