"""How every link to a term starts: a ``pending_xref`` of the glossterms domain.

Automatic links, "Related terms"/"Mentioned in" blocks, index entries, graph
lists and ``:term:`` references to known terms are all made here and resolved
by Sphinx's ``ReferencesResolver``, which calls
``GlosstermsDomain.resolve_xref`` with the running builder. So every link gets
the same URL, title and classes, and a page missing from the output (orphans
in LaTeX, say) is handled once, by Sphinx.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes
from sphinx import addnodes

N = TypeVar("N", bound=nodes.Node)

DOMAIN = "glossterms"
ROLE = "term"
#: The standard label Sphinx gives the domain's generated index page (``index.GlosstermsIndex``).
INDEX_LABEL = f"{DOMAIN}-index"


def term_inline(text: nodes.Text) -> nodes.inline:
    """The link text, styled like the standard ``:term:`` role's."""
    return nodes.inline(str(text), "", text, classes=["xref", "std", "std-term"])


def in_document(node: N, document: nodes.document | None) -> N:
    """``node``, told which tree it will join before children are added to it.

    A detached docutils node looks its document up on every child it is given,
    through an ``AttributeError`` it catches: about a third of the time of making
    the many links of a big page.
    """
    if document is not None:
        node.document = document
    return node


def term_xref(
    key: str,
    text: str,
    *,
    automatic: bool = False,
    document: nodes.document | None = None,
    styled: bool = True,
) -> addnodes.pending_xref:
    """A reference to the term ``key`` showing ``text``, resolved by the domain
    (``document``: the tree it goes into, see :func:`in_document`).

    ``styled``: the text is wrapped like the ``:term:`` role's (:func:`term_inline`),
    for links in running text; lists of terms (card blocks) leave it out. The
    wrapper is made with the link (``GlosstermsDomain.resolve_xref``), not here:
    Sphinx's resolver copies what a ``pending_xref`` holds and drops the rest,
    so a wrapper made here would be made twice, and the first one left for the
    garbage collector (there are tens of thousands of automatic links in a big
    project). A link Sphinx cannot make (``NoUri``) is left as plain text.
    """
    xref = in_document(
        addnodes.pending_xref(
            "", refdomain=DOMAIN, reftype=ROLE, reftarget=key, refexplicit=True, refwarn=False
        ),
        document,
    )
    xref += nodes.Text(text)
    if automatic:
        xref["glossterms_auto"] = True
    if styled:
        xref["glossterms_styled"] = True
    return xref


def retarget(xref: addnodes.pending_xref, key: str) -> None:
    """Hand a standard ``:term:`` reference to a known term over to the domain."""
    xref["refdomain"] = DOMAIN
    xref["reftarget"] = key


def index_xref(text: str) -> addnodes.pending_xref:
    """A ``:ref:`` to the generated glossary index showing ``text`` (plain text where
    the builder has no such page)."""
    return addnodes.pending_xref(
        "",
        nodes.inline(text, text),
        refdomain="std",
        reftype="ref",
        reftarget=INDEX_LABEL,
        refexplicit=True,
        refwarn=False,
    )
