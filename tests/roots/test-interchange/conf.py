project = "Interchange <test> & co"
extensions = ["myst_parser", "sphinx_glossterms"]
exclude_patterns = ["_build"]
glossterms_exports = ["tbx", "skos"]
html_baseurl = "https://docs.example.invalid/project/"
myst_enable_extensions = ["colon_fence"]
