"""Doctree nodes. All subclass docutils nodes, so every writer has a fallback."""

from __future__ import annotations

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.locale import _ as sphinx_gettext
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator


class term_card(nodes.container):
    """A term card; ``ids`` holds the term's anchor, ``glossterms_name`` its name."""


class term_card_title(nodes.rubric):
    """The card's heading: the term's name. Not a section title (no TOC entry)."""


class term_card_section(nodes.container):
    """An "Origin", "Mechanism" or other named block inside a card."""


#: The class of a card section's title, and of a block's heading written in HTML.
SECTION_TITLE_CLASS = "term-card-section-title"


class term_card_section_title(nodes.rubric):
    """The title of a card section."""


class term_card_meta(nodes.container):
    """Under the card's title: its aliases ("Also called") and categories."""


class term_card_related(nodes.container):
    """The "Related terms" block, filled in after all documents are read."""


class term_card_backlinks(nodes.container):
    """The "Mentioned in" block, filled in after all documents are read."""


class term_card_links(nodes.bullet_list):
    """The list of a "Related terms" or "Mentioned in" block.

    In HTML it is the whole block: it holds only the terms' keys
    (``glossterms_keys``), the block's class (``glossterms_block``) and
    heading (``glossterms_label``), and the writer makes the container, the heading and
    each entry's link (``blocks.py``): four nodes fewer per entry, three per
    block, to make, resolve, walk and collect. Other builders get the block's
    container and heading, and list items of links.
    """


class term_card_badge(nodes.paragraph):
    """A deprecated card's badge ("Deprecated: use Other Term"), under its title."""


class glossary_index(nodes.General, nodes.Element):
    """Placeholder for ``glossary-index``; replaced before any writer sees it."""


class glossary_graph(nodes.General, nodes.Element):
    """Placeholder for ``glossary-graph``; replaced before any writer sees it."""


class glossary_graph_picture(graphviz):
    """The drawn graph: sphinx.ext.graphviz's node; HTML adds an accessible name
    (``glossterms_label``). Other writers use graphviz's own visitors."""


# The card title is a heading one level below the section the card is in (a
# card in an <h2> section gets <h3>); the card's sections and blocks are one
# level deeper. Sphinx's own rubric visitor writes the heading ("heading-level",
# Sphinx >= 7.4); the title carries the permalink Sphinx gives glossary terms.
# The level is set when writing: in singlehtml, documents nest deeper.
def heading_level(self: HTML5Translator, node: nodes.Element, depth: int) -> int:
    return min(self.section_level + self.initial_header_level - 1 + depth, 6)


def visit_title_html(self: HTML5Translator, node: term_card_title) -> None:
    node["heading-level"] = heading_level(self, node, 1)
    self.visit_rubric(node)


def depart_title_html(self: HTML5Translator, node: term_card_title) -> None:
    card = node.parent
    if isinstance(card, term_card):
        self.add_permalink_ref(card, sphinx_gettext("Link to this term"))  # Sphinx's label
    self.depart_rubric(node)


def visit_section_title_html(self: HTML5Translator, node: term_card_section_title) -> None:
    node["heading-level"] = heading_level(self, node, 2)
    self.visit_rubric(node)


def depart_section_title_html(self: HTML5Translator, node: term_card_section_title) -> None:
    self.depart_rubric(node)


# LaTeX containers drop their ids; emit the label so references resolve in PDF.
def visit_card_latex(self: LaTeXTranslator, node: term_card) -> None:
    self.body.append(self.hypertarget_to(node))
    self.visit_container(node)


def depart_card_latex(self: LaTeXTranslator, node: term_card) -> None:
    self.depart_container(node)
