"""Doctree nodes. All subclass docutils nodes, so every writer has a fallback."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator


class term_card(nodes.container):
    """A term card; ``ids`` holds the term's anchor, ``glossterms_name`` its name."""


class term_card_title(nodes.rubric):
    """The card's heading: the term's name. Not a section title (no TOC entry)."""


class term_card_section(nodes.container):
    """An "Origin", "Mechanism" or other named block inside a card."""


class term_card_section_title(nodes.rubric):
    """The title of a card section."""


class term_card_related(nodes.container):
    """The "Related terms" block, filled in after all documents are read."""


class term_card_backlinks(nodes.container):
    """The "Mentioned in" block, filled in after all documents are read."""


class glossary_index(nodes.General, nodes.Element):
    """Placeholder for ``glossary-index``; replaced before any writer sees it."""


class glossary_graph(nodes.General, nodes.Element):
    """Placeholder for ``glossary-graph``; replaced before any writer sees it."""


# The card title is a heading in HTML for screen readers, without entering the
# page outline that themes build from sections.
def visit_title_html(self: HTML5Translator, node: term_card_title) -> None:
    aria: dict[str, Any] = {"aria-level": "3"}
    self.body.append(self.starttag(node, "p", "", CLASS="rubric", role="heading", **aria))


def depart_title_html(self: HTML5Translator, node: term_card_title) -> None:
    self.body.append("</p>\n")


# LaTeX containers drop their ids; emit the label so references resolve in PDF.
def visit_card_latex(self: LaTeXTranslator, node: term_card) -> None:
    self.body.append(self.hypertarget_to(node))
    self.visit_container(node)


def depart_card_latex(self: LaTeXTranslator, node: term_card) -> None:
    self.depart_container(node)
