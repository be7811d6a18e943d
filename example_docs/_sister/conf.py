"""A second, small project whose terms the example docs link to.

Its ``glossterms.json`` is kept next to this file (``_sister/glossterms.json``)
and read by the example docs through ``glossterms_external``; the test suite
builds this project and checks that the kept file is what the build writes.
"""

project = "Sleep glossary"
extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
