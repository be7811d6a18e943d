"""Reference nodes to terms, made the same way for explicit and automatic links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.nodes import make_refnode

from .anchors import term_key

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .records import ResolvedTerm


def term_reference(
    builder: Builder,
    fromdocname: str,
    term: ResolvedTerm,
    contnode: nodes.Node,
    *,
    automatic: bool = False,
) -> nodes.reference:
    """A link to ``term``'s definition: the URL a ``:term:`` reference gets.

    The link carries the class ``glossterm-link`` (plus ``glossterm-autolink``
    when made automatically) and, with previews on, the summary as its title.
    """
    record = term.record
    if builder.name == "singlehtml":
        # Every document is on the one page; Sphinx 9's make_refnode would give
        # "#document-<doc>#<anchor>", which browsers cannot follow.
        reference = nodes.reference("", "", contnode, internal=True, refid=record.anchor)
    else:
        reference = make_refnode(builder, fromdocname, record.docname, record.anchor, contnode)
    reference["classes"].append("glossterm-link")
    if automatic:
        reference["classes"].append("glossterm-autolink")
    if builder.config.glossterms_tooltips and record.summary:
        reference["reftitle"] = record.summary
    reference["glossterms_key"] = term_key(record.name)
    return reference


def term_inline(text: str) -> nodes.inline:
    """The link text, styled like the standard ``:term:`` role's."""
    return nodes.inline(text, text, classes=["xref", "std", "std-term"])
