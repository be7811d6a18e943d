"""Transforms: card checks at read time; card blocks and ``:term:`` at write time."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .domain import get_domain
from .glossary import Glossary
from .links import in_document, index_xref, retarget, term_xref
from .messages import LABEL_BACKLINKS, LABEL_MORE, LABEL_RELATED, Subtype, warn
from .pipeline import Priority


class StraySections(SphinxTransform):
    """A section directive outside a card: warn, keep its content as plain text."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for section in list(self.document.findall(gt.term_card_section)):
            if section.get("glossterms_card"):
                continue
            warn(
                f"term-{section['glossterms_kind']} {section['glossterms_title']!r} "
                "is outside a term-card",
                Subtype.section,
                section,
            )
            container = nodes.container("", *section.children[1:])
            section.replace_self(container)


def _block(
    glossary: Glossary,
    cls: type[nodes.container],
    css: str,
    label: str,
    keys: tuple[str, ...],
    document: nodes.document,
) -> nodes.container:
    listed, more = glossary.listed(keys)
    terms = glossary.terms
    items = in_document(nodes.bullet_list(classes=["term-card-links"]), document)
    for key in listed:
        paragraph = in_document(nodes.paragraph(), document)
        paragraph += term_xref(key, terms[key].name, document=document, styled=False)
        item = in_document(nodes.list_item(), document)
        item += paragraph
        items += item
    if more:
        text = str(LABEL_MORE).format(count=more)
        items += nodes.list_item(
            "", nodes.paragraph("", "", index_xref(text)), classes=["term-card-links-more"]
        )
    title = gt.term_card_section_title(label, label, classes=["term-card-section-title"])
    return cls("", title, items, classes=[css])


class CardBlocks(SphinxPostTransform):
    """Fill each card's "Related terms" and "Mentioned in" blocks."""

    default_priority = Priority.CARD_BLOCKS

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        for card in list(self.document.findall(gt.term_card)):
            # singlehtml merges every document into one tree: the card's own page
            docname = card.get("glossterms_docname", self.env.docname)
            term = glossary.for_card(docname, card["ids"][0])
            if term is None:
                continue
            if term.related:
                card += _block(
                    glossary,
                    gt.term_card_related,
                    "term-card-related",
                    str(LABEL_RELATED),
                    term.related,
                    self.document,
                )
            if term.mentioned_in:
                card += _block(
                    glossary,
                    gt.term_card_backlinks,
                    "term-card-backlinks",
                    str(LABEL_BACKLINKS),
                    term.mentioned_in,
                    self.document,
                )


class TermReferences(SphinxPostTransform):
    """``:term:`` references to known terms are resolved by the glossterms domain,
    so they get the same link classes and title as every other link to a term."""

    default_priority = Priority.TERM_ROLE

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        for xref in self.document.findall(addnodes.pending_xref):
            if xref.get("refdomain") != "std" or xref.get("reftype") != "term":
                continue
            term = glossary.find(xref["reftarget"])
            if term is not None:  # unknown ones: the std domain reports them as usual
                retarget(xref, term.key)
            elif (external := glossary.find_external(xref["reftarget"])) is not None:
                retarget(xref, external.key)  # another project's term (glossterms_external)
