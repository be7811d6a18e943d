"""Directive structure without a full build: the doctree the directives produce."""

from __future__ import annotations

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.restructuredtext import parse
from sphinx.testing.util import SphinxTestApp, assert_node

from sphinx_glossterms import nodes as gt

CARD = """\
.. term-card:: Größe
   :aliases: Size
   :category: Units

   Definition.

   .. term-mechanism::

      How it works.

   .. term-origin::

      Where it comes from.
"""


@pytest.mark.sphinx("html", testroot="minimal")
def test_card_doctree(app: SphinxTestApp) -> None:
    doctree = parse(app, CARD)
    assert_node(
        doctree,
        [
            nodes.document,
            gt.term_card,
            (
                gt.term_card_title,
                addnodes.index,
                nodes.paragraph,
                [gt.term_card_section, (gt.term_card_section_title, nodes.paragraph)],
                [gt.term_card_section, (gt.term_card_section_title, nodes.paragraph)],
            ),
        ],
    )
    card = doctree[0]
    assert_node(
        card,
        ids=["term-größe"],
        glossterms_name="Größe",
        glossterms_aliases=["Size"],
        glossterms_categories=["Units"],
    )
    assert_node(
        card[1],
        entries=[
            ("single", "Größe", "term-größe", "main", None),
            ("single", "Size", "term-größe", "", None),
        ],
    )
    # sections keep their source order
    assert [s["glossterms_kind"] for s in card.findall(gt.term_card_section)] == [
        "mechanism",
        "origin",
    ]


@pytest.mark.sphinx("html", testroot="minimal")
def test_term_section_title_and_class(app: SphinxTestApp) -> None:
    doctree = parse(
        app, ".. term-card:: X\n\n   Text.\n\n   .. term-section:: See Also\n\n      More.\n"
    )
    section = next(doctree.findall(gt.term_card_section))
    assert_node(section, classes=["term-card-section", "term-card-section-see-also"])
    assert section[0].astext() == "See Also"
