extensions = ["sphinx_glossterms"]
glossterms_tooltips = False
