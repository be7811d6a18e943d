extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "Graph without dot"
copyright = "2026, tests"
version = release = "1.0"
graphviz_dot = "/nonexistent/dot"
