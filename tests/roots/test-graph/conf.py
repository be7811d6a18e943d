extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "Graph"
copyright = "2026, tests"
version = release = "1.0"
graphviz_output_format = "svg"
