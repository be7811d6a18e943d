extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
glossterms_autolink = "cards"
glossterms_warn_undefined = True
glossterms_undefined_ignore = ["NB"]
