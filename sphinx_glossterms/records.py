"""Per-document records: the only data of the extension that is pickled.

Everything project-wide (winners of duplicates, relations, the matcher) is
derived from these in :mod:`.glossary`. A field marked ``local`` is not shown
on other pages, so changing it does not rewrite them (see
``GlosstermsDomain.fingerprint``); every other field is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from docutils import nodes

#: Field metadata: not shown on other pages (see the module docstring).
LOCAL = {"local": True}

_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9À-ÖØ-Þ])")


@dataclass(frozen=True)
class TermRecord:
    """One defined term: a card, or an entry of Sphinx's classic ``glossary``."""

    name: str
    docname: str
    anchor: str
    position: int = field(metadata=LOCAL)  #: order within its document
    lineno: int | None = field(metadata=LOCAL)
    kind: str = "card"  #: "card" or "glossary"
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  #: as written in ``:related:``
    categories: tuple[str, ...] = ()
    summary: str = ""
    definition: str = ""
    sections: tuple[tuple[str, str], ...] = ()  #: (title, plain text)
    no_autolink: bool = False
    #: ``:term:`` targets inside the card (shown through the derived relations)
    explicit_refs: tuple[str, ...] = field(default=(), metadata=LOCAL)
    #: linkable text (shown through the derived relations)
    text: tuple[str, ...] = field(default=(), repr=False, metadata=LOCAL)
    title: str = ""  #: the card's heading as shown (translated in a translated build)
    status: str = "active"  #: "active" or "deprecated" (``:status:``)
    superseded_by: str = ""  #: the successor's name as written (``:superseded-by:``)
    abbreviation: str = ""  #: the short form (``:abbreviation:``), also in ``aliases``
    deprecated_aliases: tuple[str, ...] = ()  #: also in ``aliases``

    @property
    def location(self) -> tuple[str, int | None]:
        return (self.docname, self.lineno)

    @property
    def order(self) -> tuple[str, int]:
        """Document order: documents by name, then position in the document."""
        return (self.docname, self.position)

    def shown(self) -> tuple[object, ...]:
        """The values other pages show, for the fingerprint: every non-``local`` field."""
        return tuple(getattr(self, f.name) for f in fields(self) if not f.metadata.get("local"))


@dataclass(frozen=True)
class TextChunk:
    """A run of linkable text of a document, where it is, and what defines it."""

    text: str
    line: int | None  #: source line where the text starts
    own: frozenset[str] = frozenset()  #: keys of the terms whose definition this is


@dataclass(frozen=True)
class DocInfo:
    """What one document needs from the rest of the project."""

    term_refs: tuple[str, ...] = ()  #: every ``:term:`` target in the document
    placeholders: bool = False  #: holds a glossary index or graph
    text: tuple[str, ...] = field(default=(), repr=False)  #: linkable text ("all")
    #: every run of linkable text, also where nothing is linked (governance, §6)
    prose: tuple[TextChunk, ...] = field(default=(), repr=False)


def plain_text(node: nodes.Node) -> str:
    """Text of a node with whitespace collapsed (no markup)."""
    return " ".join(node.astext().split())


def first_sentence(text: str) -> str:
    """The first sentence of a plain text, used as the default summary."""
    match = _SENTENCE_END_RE.search(text)
    return (text[: match.end()] if match else text).strip()
