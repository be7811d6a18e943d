extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
glossterms_autolink = "all"
glossterms_autolink_exclude = ["excluded*"]
exclude_patterns = ["_build"]
