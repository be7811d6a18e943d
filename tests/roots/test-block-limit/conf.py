extensions = ["sphinx_glossterms"]
glossterms_block_limit = 2
