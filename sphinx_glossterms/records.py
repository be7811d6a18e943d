"""Typed records kept in the domain, and plain-text helpers used to fill them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docutils import nodes

_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9À-ÖØ-Þ])")


@dataclass(frozen=True)
class TermRecord:
    """One defined term: a card, or an entry of Sphinx's classic ``glossary``."""

    name: str
    docname: str
    anchor: str
    position: int  #: order within its document
    lineno: int | None
    kind: str = "card"  #: "card" or "glossary"
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  #: as written in ``:related:``
    categories: tuple[str, ...] = ()
    summary: str = ""
    definition: str = ""
    sections: tuple[tuple[str, str], ...] = ()  #: (title, plain text)
    no_autolink: bool = False
    explicit_refs: tuple[str, ...] = ()  #: ``:term:`` targets inside the card
    text: tuple[str, ...] = field(default=(), repr=False)  #: linkable text
    title: str = ""  #: the card's heading as shown (translated in a translated build)

    @property
    def location(self) -> tuple[str, int | None]:
        return (self.docname, self.lineno)

    @property
    def order(self) -> tuple[str, int]:
        """Document order: documents by name, then position in the document."""
        return (self.docname, self.position)


@dataclass(frozen=True)
class DocInfo:
    """What one document needs from the rest of the project."""

    term_refs: tuple[str, ...] = ()  #: every ``:term:`` target in the document
    placeholders: bool = False  #: holds a glossary index or graph
    text: tuple[str, ...] = field(default=(), repr=False)  #: linkable text ("all")


@dataclass(frozen=True)
class ResolvedTerm:
    """A term as the whole project sees it, after duplicates are settled."""

    record: TermRecord
    related: tuple[str, ...]  #: keys of related terms (explicit and discovered)
    mentioned_in: tuple[str, ...]  #: keys of cards that relate to or mention it

    @property
    def name(self) -> str:
        """The name as shown: the card's (possibly translated) heading.

        Keys, anchors and the JSON export use ``record.name``, the source name.
        """
        return self.record.title or self.record.name


def plain_text(node: nodes.Node) -> str:
    """Text of a node with whitespace collapsed (no markup)."""
    return " ".join(node.astext().split())


def first_sentence(text: str) -> str:
    """The first sentence of a plain text, used as the default summary."""
    match = _SENTENCE_END_RE.search(text)
    return (text[: match.end()] if match else text).strip()
