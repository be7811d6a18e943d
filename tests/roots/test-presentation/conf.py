extensions = ["sphinx_glossterms"]
html_theme = "basic"
