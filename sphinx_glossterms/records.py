"""Per-document records: the only data of the extension that is pickled.

Everything project-wide (winners of duplicates, relations, the matcher) is
derived from these in :mod:`.glossary`. Fields say where they are shown, for
incremental builds (:mod:`.outdated`): by default on every page that links to
the term (link text, badges, ``<abbr>`` titles); marked ``PREVIEW``, on such
pages only as link titles (where previews show them, they come from the data
shared by every page, :mod:`.previews`); marked ``CARD_PAGE``, only on the
card's own page and the index pages; marked ``OWN_PAGE``, only on the card's
own page, which is read again when they change; marked ``LOCAL``, nowhere else (their
effect, such as the mentions found in ``text``, is tracked through what is
derived from them). A new field is shown everywhere until marked otherwise, so
it is never forgotten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import NamedTuple

from docutils import nodes

#: Field metadata (see the module docstring).
LOCAL = {"shown": "nowhere"}
CARD_PAGE = {"shown": "card page"}
OWN_PAGE = {"shown": "own page"}
PREVIEW = {"shown": "link titles"}

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
    #: shown on the card and in indexes; where they link is tracked by the matches
    aliases: tuple[str, ...] = field(default=(), metadata=CARD_PAGE)
    #: as written in ``:related:`` (shown through the derived relations)
    related: tuple[str, ...] = field(default=(), metadata=LOCAL)
    categories: tuple[str, ...] = field(default=(), metadata=PREVIEW)
    summary: str = field(default="", metadata=PREVIEW)
    definition: str = field(default="", metadata=OWN_PAGE)
    #: (title, plain text)
    sections: tuple[tuple[str, str], ...] = field(default=(), metadata=OWN_PAGE)
    no_autolink: bool = field(default=False, metadata=LOCAL)  #: shown through the matches
    #: ``:term:`` targets inside the card (shown through the derived relations)
    explicit_refs: tuple[str, ...] = field(default=(), metadata=LOCAL)
    #: linkable text (shown through the derived relations)
    text: tuple[str, ...] = field(default=(), repr=False, metadata=LOCAL)
    #: The file the term was written in when it is not its document's (a data file)
    source: str = field(default="", metadata=LOCAL)
    title: str = ""  #: the card's heading as shown (translated in a translated build)
    #: ``.. only::`` expressions around the definition; all must hold for a builder
    only: tuple[str, ...] = ()
    # DESIGN §6; shown everywhere (badges, links to successors, <abbr> titles)
    status: str = "active"  #: "active" or "deprecated" (``:status:``)
    superseded_by: str = ""  #: the successor's name as written (``:superseded-by:``)
    abbreviation: str = ""  #: the short form (``:abbreviation:``), also in ``aliases``
    deprecated_aliases: tuple[str, ...] = ()  #: also in ``aliases``

    @property
    def location(self) -> tuple[str, int | None] | str:
        """Where warnings about the term point."""
        if self.source:
            return f"{self.source}:{self.lineno}"
        return (self.docname, self.lineno)

    @property
    def order(self) -> tuple[str, int]:
        """Document order: documents by name, then position in the document."""
        return (self.docname, self.position)

    def linked_view(self, *, titles: bool = True) -> tuple[object, ...]:
        """What a page that links to the term shows of it: every unmarked field, and
        the ``PREVIEW`` ones where links carry ``titles``."""
        return (_LINKED_WITH_TITLES if titles else _LINKED)(self)

    def index_view(self) -> tuple[object, ...]:
        """What the index pages show (glossary index, graph): every field neither
        ``LOCAL`` nor ``OWN_PAGE``."""
        return _INDEXED(self)


def _view(keep: Callable[[str | None], bool]) -> attrgetter[tuple[object, ...]]:
    """A getter of the fields of :class:`TermRecord` whose metadata ``keep`` accepts.
    Made once: the signatures of every page read views of every term."""
    names = [f.name for f in fields(TermRecord) if keep(f.metadata.get("shown"))]
    assert len(names) > 1  # attrgetter of several names gives a tuple
    return attrgetter(*names)


_LINKED = _view(lambda shown: shown is None)
_LINKED_WITH_TITLES = _view(lambda shown: shown in (None, PREVIEW["shown"]))
_INDEXED = _view(lambda shown: shown not in (LOCAL["shown"], OWN_PAGE["shown"]))


class TextChunk(NamedTuple):
    """A run of linkable text of a document, where it is, and what defines it.

    Kept in :attr:`DocInfo.prose` as a plain tuple of plain values (:data:`PlainChunk`):
    a project has thousands, and every build unpickles them all with the
    environment; the garbage collector stops tracking such a tuple, and would
    scan a named tuple (or a dataclass) in every full collection.
    """

    text: str
    line: int | None  #: source line where the text starts
    own: tuple[str, ...] = ()  #: keys of the terms whose definition this is, sorted


#: A :class:`TextChunk` as stored: ``(text, line, own)``.
PlainChunk = tuple[str, int | None, tuple[str, ...]]


@dataclass(frozen=True)
class DocInfo:
    """What one document needs from the rest of the project."""

    term_refs: tuple[str, ...] = ()  #: every ``:term:`` target in the document
    placeholders: bool = False  #: holds a glossary index or graph
    #: every run of linkable text, also where nothing is linked (governance, §6), as
    #: plain tuples (see :class:`TextChunk`; :meth:`chunks` gives them named)
    prose: tuple[PlainChunk, ...] = field(default=(), repr=False)
    #: the page opted out of automatic links (``:glossterms-autolink: off``)
    autolink_off: bool = False

    @property
    def text(self) -> tuple[str, ...]:
        """The linkable text outside cards and classic glossaries (what "all" links):
        the runs of ``prose`` that define no term. Derived, not stored: the page's
        text is pickled once (it was the largest part of the environment)."""
        return tuple(text for text, _line, own in self.prose if not own)

    def chunks(self) -> Iterator[TextChunk]:
        """The runs of :attr:`prose`, named."""
        return map(TextChunk._make, self.prose)


def plain_text(node: nodes.Node) -> str:
    """Text of a node with whitespace collapsed (no markup)."""
    return " ".join(node.astext().split())


def first_sentence(text: str) -> str:
    """The first sentence of a plain text, used as the default summary."""
    match = _SENTENCE_END_RE.search(text)
    return (text[: match.end()] if match else text).strip()


#: Longest summary: it is copied into previews and link titles.
SUMMARY_LIMIT = 300


def summary_of(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Plain text of at most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


@dataclass(frozen=True)
class ExternalTerm:
    """A term of another project (``glossterms_external``), as loaded."""

    name: str
    project: str  #: the source's name in the configuration
    url: str  #: absolute URL of its definition
    summary: str = ""  #: only from a ``glossterms.json``
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Distinct from every local key: what links and the matcher carry."""
        return f"{EXTERNAL_KEY_PREFIX}{self.project}:{self.name.lower()}"


#: Keys of external terms start with this (local keys are names, never with a NUL).
EXTERNAL_KEY_PREFIX = "\x00external:"
