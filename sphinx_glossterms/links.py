"""How every link to a term starts: a ``pending_xref`` of the glossterms domain.

Automatic links, "Related terms"/"Mentioned in" blocks, index entries, graph
lists and ``:term:`` references to known terms are all made here and resolved
by Sphinx's ``ReferencesResolver``, which calls
``GlosstermsDomain.resolve_xref`` with the running builder. So every link gets
the same URL, title and classes, and a page missing from the output (orphans
in LaTeX, say) is handled once, by Sphinx.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

DOMAIN = "glossterms"
ROLE = "term"


def term_inline(text: str) -> nodes.inline:
    """The link text, styled like the standard ``:term:`` role's."""
    return nodes.inline(text, text, classes=["xref", "std", "std-term"])


def term_xref(key: str, text: str, *, automatic: bool = False) -> addnodes.pending_xref:
    """A reference to the term ``key`` showing ``text``, resolved by the domain."""
    xref = addnodes.pending_xref(
        "",
        term_inline(text),
        refdomain=DOMAIN,
        reftype=ROLE,
        reftarget=key,
        refexplicit=True,
        refwarn=False,
    )
    if automatic:
        xref["glossterms_auto"] = True
    return xref


def retarget(xref: addnodes.pending_xref, key: str) -> None:
    """Hand a standard ``:term:`` reference to a known term over to the domain."""
    xref["refdomain"] = DOMAIN
    xref["reftarget"] = key
