"""Terminology governance (DESIGN §6), derived with the glossary once per build.

- Deprecated terms and aliases: which forms are deprecated, and the term to use
  instead (``:superseded-by:``, followed through chains of deprecated terms).
  Automatic links of a deprecated term go to its successor
  (:meth:`Governance.link_target`), and every prose use of a deprecated form is a
  ``glossterms.deprecated`` warning (:func:`warn_prose`).
- Short forms: ``:abbreviation:`` and all-capitals aliases; the write-time
  transform in :mod:`.abbreviations` renders them.
- Coverage: ``glossterms_warn_undefined`` (the pure part is :mod:`.coverage`).

Warnings are emitted on ``env-updated`` from every document's stored prose
(:class:`~.records.TextChunk`), so a serial, parallel or incremental build
emits the same ones, in document order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import GlosstermsConfig
from .coverage import WordUse, count_uses, undefined_words, warning_text
from .matcher import Matcher, is_acronym
from .messages import Subtype, warn
from .names import term_key
from .records import DocInfo, TermRecord, TextChunk

if TYPE_CHECKING:
    from .glossary import Glossary

#: Separates the term's key from the matched form's key in ``Governance.names``.
_SEP = "\x1f"


@dataclass(frozen=True)
class Deprecation:
    """A deprecated name or alias."""

    form: str  #: as written in the card
    term: str  #: key of the term it names
    use: str | None  #: key of the term to use instead (None: no successor)


@dataclass(frozen=True)
class FormMatch:
    """A mention found by :attr:`Governance.names`: which term, by which form."""

    start: int
    end: int
    term: str  #: key of the term
    form: str  #: key of the form (name, alias or abbreviation) as defined


@dataclass(frozen=True)
class Governance:
    """Deprecations and short forms of the project's terms (never pickled)."""

    #: key of a deprecated term -> key of the term its automatic links go to
    successors: dict[str, str] = field(default_factory=dict)
    #: key of a deprecated form -> what it is
    deprecated: dict[str, Deprecation] = field(default_factory=dict)
    #: key of a short form -> key of its term
    short_forms: dict[str, str] = field(default_factory=dict)
    #: every name form of every term, keyed "term<SEP>form"; None when not needed
    names: Matcher | None = field(default=None, repr=False)

    def link_target(self, key: str) -> str:
        """The term an automatic link to ``key`` goes to: its successor, if any."""
        return self.successors.get(key, key)

    def find(self, text: str) -> tuple[FormMatch, ...]:
        """Mentions of any term in ``text``, with the form each one uses. The stored
        prose is scanned several times per build (warnings, coverage, page
        signatures): the matcher remembers its matches by text."""
        if self.names is None:
            return ()
        return tuple(FormMatch(m.start, m.end, *_split(m.key)) for m in self.names.find(text))


def _split(key: str) -> tuple[str, str]:
    term, _, form = key.partition(_SEP)
    return term, form


def _successor(
    key: str, records: Mapping[str, TermRecord], lookup: Mapping[str, str]
) -> str | None:
    """The current term a deprecated term leads to, following deprecated successors."""
    seen = {key}
    while records[key].status == "deprecated":
        name = records[key].superseded_by
        if not name or (target := lookup.get(term_key(name))) is None or target in seen:
            return None
        seen.add(target)
        key = target
    return key


def build_governance(
    winners: Mapping[str, TermRecord],
    lookup: Mapping[str, str],
    config: GlosstermsConfig,
) -> Governance:
    """Deprecations and short forms from the settled terms (warns for bad successors)."""
    successors: dict[str, str] = {}
    deprecated: dict[str, Deprecation] = {}
    short_forms: dict[str, str] = {}
    forms: list[tuple[str, str]] = []
    for key, record in winners.items():
        own = dict.fromkeys((record.name, *record.aliases))
        names = [n for n in own if lookup.get(term_key(n)) == key]
        forms.extend((name, f"{key}{_SEP}{term_key(name)}") for name in names)
        if record.superseded_by and lookup.get(term_key(record.superseded_by)) is None:
            warn(
                f"term {record.name!r} is superseded by unknown term {record.superseded_by!r}",
                Subtype.related,
                record.location,
            )
        if record.status == "deprecated":
            use = _successor(key, winners, lookup)
            if use is not None:
                successors[key] = use
            for name in names:
                deprecated[term_key(name)] = Deprecation(name, key, use)
            continue
        for alias in record.deprecated_aliases:
            if lookup.get(term_key(alias)) == key:
                deprecated[term_key(alias)] = Deprecation(alias, key, key)
        for name in names:
            short = name == record.abbreviation or (name != record.name and is_acronym(name))
            if short and term_key(name) not in deprecated:
                short_forms[term_key(name)] = key
    needed = deprecated or short_forms or config.warn_undefined
    names_matcher = (
        Matcher(sorted(forms), case_sensitive=config.case_sensitive, plurals=config.plurals)
        if needed
        else None
    )
    return Governance(successors, deprecated, short_forms, names_matcher)


def _line(chunk: TextChunk, offset: int) -> int | None:
    """The source line of an offset in a chunk (chunks may span lines)."""
    if chunk.line is None:
        return None
    return chunk.line + chunk.text.count("\n", 0, offset)


def deprecated_uses(
    governance: Governance, chunks: Iterable[TextChunk]
) -> Iterator[tuple[TextChunk, FormMatch, Deprecation]]:
    """Every use of a deprecated form in prose, outside the term's own definition."""
    if not governance.deprecated:
        return
    for chunk in chunks:
        for found in governance.find(chunk.text):
            deprecation = governance.deprecated.get(found.form)
            if deprecation is not None and found.term not in chunk.own:
                yield chunk, found, deprecation


def warn_prose(
    governance: Governance,
    terms: Mapping[str, TermRecord],
    docs: Mapping[str, DocInfo],
    config: GlosstermsConfig,
) -> None:
    """``glossterms.deprecated`` and ``glossterms.undefined`` from every document."""
    for docname in sorted(docs):
        for chunk, found, deprecation in deprecated_uses(governance, docs[docname].chunks()):
            used = chunk.text[found.start : found.end]
            if deprecation.use is None:
                advice = "it has no successor"
            else:
                advice = f"use {terms[deprecation.use].title or terms[deprecation.use].name!r}"
            warn(
                f"{' '.join(used.split())!r} is deprecated; {advice}",
                Subtype.deprecated,
                (docname, _line(chunk, found.start)),
            )
    if config.warn_undefined:
        warn_undefined(governance, terms, docs, config)


def warn_undefined(
    governance: Governance,
    terms: Mapping[str, TermRecord],
    docs: Mapping[str, DocInfo],
    config: GlosstermsConfig,
) -> None:
    """``glossterms.undefined`` at the first use of each undefined capital word."""
    uses: dict[str, dict[str, WordUse]] = {}
    for docname, info in docs.items():
        chunks = [(text, line) for text, line, _own in info.prose]
        # words inside a mention of a term ("HPG" in "HPG axis") are covered by it
        skip = {
            index: [(m.start, m.end) for m in governance.find(text)]
            for index, (text, _line, _own) in enumerate(info.prose)
        }
        uses[docname] = count_uses(chunks, skip)
    defined = [
        form
        for record in terms.values()
        for form in (record.name, *record.aliases, record.abbreviation)
        if form
    ]
    for item in undefined_words(uses, defined, config.undefined_ignore, config.undefined_min_uses):
        warn(warning_text(item), Subtype.undefined, item.location)


def governance_signatures(
    glossary: Glossary, records: Mapping[str, list[TermRecord]], docs: Mapping[str, DocInfo]
) -> dict[str, str]:
    """What each page shows of other pages' governance, for incremental builds.

    The short forms its prose mentions, with the name each stands for (its
    ``<abbr>`` titles and written-out first uses, also on pages without links),
    and the successor named in the badge of each deprecated card on it. Empty
    for pages that show none, so a page that loses its last one changes too.
    """
    governance = glossary.governance
    result: dict[str, str] = {}
    for docname, info in docs.items():
        shown: set[tuple[str, str, str]] = set()
        if governance.short_forms:
            for text, _line, _own in info.prose:
                for found in governance.find(text):
                    if found.form in governance.short_forms:
                        shown.add((found.form, found.term, glossary.terms[found.term].name))
        badges = []
        for record in records.get(docname, ()):
            term = glossary.for_card(record.docname, record.anchor)
            if term is not None and (successor := governance.successors.get(term.key)):
                badges.append((term.key, successor, glossary.terms[successor].name))
        if shown or badges:
            digest = hashlib.sha256(repr((sorted(shown), badges)).encode()).hexdigest()
            result[docname] = digest
    return result
