extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
glossterms_autolink = "everywhere"
glossterms_plurals = "yes"
glossterms_autolink_exclude = "notalist"
glossterms_warn_unused = 1
