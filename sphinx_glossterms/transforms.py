"""Transforms: card checks at read time; links and card blocks at write time.

Anything that depends on other documents is filled in by post-transforms with
priority below 10, before Sphinx's ``ReferencesResolver``.
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .compat import get_builder
from .links import term_inline, term_reference
from .messages import LABEL_BACKLINKS, LABEL_RELATED, Subtype, warn
from .records import ResolvedTerm


def get_domain(transform: SphinxTransform) -> Any:
    return transform.env.get_domain("glossterms")


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


class CardBlocks(SphinxPostTransform):
    """Fill each card's "Related terms" and "Mentioned in" blocks."""

    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self)
        for card in list(self.document.findall(gt.term_card)):
            docname = card.get("glossterms_docname", self.env.docname)
            term = domain.term_for_card(docname, card["ids"][0])
            if term is None:
                continue
            if term.related:
                card += self._block(
                    gt.term_card_related, "term-card-related", str(LABEL_RELATED), term.related
                )
            if term.mentioned_in:
                card += self._block(
                    gt.term_card_backlinks,
                    "term-card-backlinks",
                    str(LABEL_BACKLINKS),
                    term.mentioned_in,
                )

    def _block(
        self, cls: type[nodes.container], css: str, label: str, keys: tuple[str, ...]
    ) -> nodes.container:
        terms: dict[str, ResolvedTerm] = get_domain(self).terms
        items = nodes.bullet_list(classes=["term-card-links"])
        for key in keys:
            term = terms[key]
            ref = term_reference(
                get_builder(self.env), self.env.docname, term, term_inline(term.name)
            )
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        title = gt.term_card_section_title(label, label, classes=["term-card-section-title"])
        return cls("", title, items, classes=[css])


class TermReferences(SphinxPostTransform):
    """Resolve ``:term:`` references to known terms like the std domain would,
    adding the ``glossterm-link`` class and the summary as title."""

    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "std" or xref.get("reftype") != "term":
                continue
            term = domain.lookup(xref["reftarget"])
            if term is None:
                continue  # the std domain reports it as usual
            contnode = cast(nodes.Element, xref[0]) if xref.children else term_inline(term.name)
            xref.replace_self(
                term_reference(get_builder(self.env), self.env.docname, term, contnode)
            )
