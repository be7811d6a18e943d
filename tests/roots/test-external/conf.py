# The other project's files are made by the tests (see tests/test_external.py)
# and named through confoverrides; these are the defaults for a manual build.
extensions = ["myst_parser", "sphinx_glossterms"]
exclude_patterns = ["_build"]
glossterms_autolink = "all"
