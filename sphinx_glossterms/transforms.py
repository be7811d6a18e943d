"""Transforms: card checks at read time; ``:term:`` to known terms at write time."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .domain import get_domain
from .links import retarget
from .messages import Subtype, warn
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
