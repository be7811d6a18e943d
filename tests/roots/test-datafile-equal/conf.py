extensions = ["myst_parser", "sphinx_glossterms"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "*-data.txt"]
glossterms_autolink = "all"
