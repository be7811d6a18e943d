"""Example documentation for sphinx-glossterms: the seed glossary and a user guide."""

import os
import shutil
import sys
from pathlib import Path

# The generated table of settings in usage/configuration.md.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-glossterms example"
author = "sphinx-glossterms developers"
copyright = "2026, sphinx-glossterms developers"

extensions = ["myst_parser", "sphinx_glossterms", "glossterms_config_table"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_sister"]

# Mentions of terms become links on every page except the user guide, whose
# examples name terms on purpose.
glossterms_autolink = "all"
glossterms_autolink_exclude = ["usage/*"]

# Terms of a second, small project (_sister/, built by the test suite): its
# glossterms.json, with the address its pages would be served from.
glossterms_external = {
    "sleep": ("https://sleep.example.invalid/", "_sister/glossterms.json"),
}

# Any of alabaster, furo, sphinx_rtd_theme, pydata_sphinx_theme:
#   GLOSSTERMS_THEME=furo sphinx-build ...   (or -D html_theme=furo)
html_theme = os.environ.get("GLOSSTERMS_THEME", "alabaster")
html_title = "sphinx-glossterms example"

# glossary-graph pictures: SVG keeps them sharp and their boxes clickable.
graphviz_output_format = "svg"

# Without Graphviz's `dot` the graphs fall back to linked lists, with one
# glossterms.graph warning each; the example docs still build with -W anywhere.
if shutil.which("dot") is None:
    suppress_warnings = ["glossterms.graph"]
