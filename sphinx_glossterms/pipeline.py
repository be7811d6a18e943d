"""The order of the post-transforms, in one table.

Everything that depends on other documents is filled in after all documents
are read, before Sphinx's ``ReferencesResolver`` (priority 10), so the
``pending_xref``s it makes resolve like hand-written references. What reads
finished links comes after it.
"""

from __future__ import annotations

from enum import IntEnum

#: Sphinx's ``ReferencesResolver``.
REFERENCES_RESOLVER = 10


class Priority(IntEnum):
    """``default_priority`` of each post-transform of the extension."""

    #: Mentions become links first: the blocks, index and graph filled later are
    #: never linked automatically (and they are excluded from matching anyway).
    BADGES = 3  #: a deprecated card's badge (never linked automatically)
    AUTOLINK = 4
    CARD_META = 5  #: "Also called" and categories under each card's title
    CARD_BLOCKS = 6  #: "Related terms" / "Mentioned in"
    GLOSSARY_INDEX = 7  #: ``glossary-index`` placeholders
    GLOSSARY_GRAPH = 8  #: ``glossary-graph`` placeholders
    TERM_ROLE = 9  #: ``:term:`` to a known term goes to the glossterms domain
    JSON_LD = REFERENCES_RESOLVER + 1  #: reads the cards of the page
    PREVIEWS = REFERENCES_RESOLVER + 2  #: reads the resolved links
    SHORT_FORMS = REFERENCES_RESOLVER + 3  #: ``<abbr>`` in resolved links and in text
    PAGE_NUMBERS = REFERENCES_RESOLVER + 4  #: LaTeX: labels and page lists of the links
    REVIEW = REFERENCES_RESOLVER + 5  #: notes the automatic links for the review file
