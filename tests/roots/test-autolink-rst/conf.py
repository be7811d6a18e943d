extensions = ["sphinx_glossterms"]
glossterms_autolink = "all"
glossterms_autolink_exclude = ["excluded*"]
exclude_patterns = ["_build"]
