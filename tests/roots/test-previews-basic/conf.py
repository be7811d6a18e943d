extensions = ["sphinx_glossterms"]
