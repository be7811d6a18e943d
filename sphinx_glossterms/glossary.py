"""The project glossary: every term as the whole project sees it, derived once per build.

:func:`build_glossary` runs in ``env-updated``, after all documents are read
(serial, parallel or incremental), and only reads the per-document records:
it settles duplicates (first in document order wins: documents by name, then
position), resolves aliases and ``:related:``, discovers mentions and finds
unused terms. The result, :class:`Glossary`, is never pickled; parallel writers
inherit it by fork.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .config import GlosstermsConfig
from .governance import Governance, build_governance, warn_prose
from .matcher import MakeMatcher, Matcher
from .messages import Subtype, warn
from .names import sort_key, term_key
from .records import DocInfo, ExternalTerm, TermRecord


@dataclass(frozen=True)
class ResolvedTerm:
    """A term after duplicates are settled, with its relations to other terms."""

    record: TermRecord
    related: tuple[str, ...]  #: keys of related terms (explicit and discovered)
    mentioned_in: tuple[str, ...]  #: keys of cards that relate to or mention it

    @property
    def key(self) -> str:
        return term_key(self.record.name)

    @property
    def name(self) -> str:
        """The name as shown: the card's (possibly translated) heading.

        Keys, anchors and the JSON export use ``record.name``, the source name.
        """
        return self.record.title or self.record.name


@dataclass(frozen=True)
class Glossary:
    """Every term of the project, the lookups that find them, and the matcher."""

    terms: dict[str, ResolvedTerm]  #: key of the name -> term, sorted by key
    lookup: dict[str, str]  #: key of any name or alias -> key of the name
    config: GlosstermsConfig
    matcher: Matcher  #: every automatically linkable name form (empty when off)
    by_anchor: dict[tuple[str, str], ResolvedTerm] = field(repr=False)
    #: Other projects' terms that no local name shadows, by their key
    external: dict[str, ExternalTerm] = field(default_factory=dict)
    #: key of any of their names or aliases -> their key
    external_lookup: dict[str, str] = field(default_factory=dict, repr=False)
    #: deprecations and short forms (DESIGN §6)
    governance: Governance = field(default_factory=Governance, repr=False)

    #: documents that opted out with ``:glossterms-autolink: off``
    opted_out: frozenset[str] = frozenset()

    def links_in(self, docname: str) -> bool:
        """Whether automatic links may be made in ``docname`` at all."""
        return self.config.links_in(docname) and docname not in self.opted_out

    def find(self, name: str) -> ResolvedTerm | None:
        """The term a name or alias refers to, if any."""
        key = self.lookup.get(term_key(name))
        return None if key is None else self.terms[key]

    def find_external(self, name: str) -> ExternalTerm | None:
        """Another project's term for a name, alias or external key, when no local
        term has that name."""
        if name in self.external:
            return self.external[name]
        if term_key(name) in self.lookup:
            return None
        key = self.external_lookup.get(term_key(name))
        return None if key is None else self.external[key]

    def for_card(self, docname: str, anchor: str) -> ResolvedTerm | None:
        """The term of a card, or None if the card lost to a duplicate."""
        return self.by_anchor.get((docname, anchor))

    def listed(self, keys: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
        """The keys a card's "Related terms" / "Mentioned in" block links to, and
        how many more it only counts (``glossterms_block_limit``)."""
        limit = self.config.block_limit
        if not limit or len(keys) <= limit:
            return keys, 0
        return keys[:limit], len(keys) - limit

    def names_of(self, term: ResolvedTerm) -> list[str]:
        """The term's name and those of its aliases that did not lose to another term."""
        key = term.key
        return [
            n
            for n in (term.record.name, *term.record.aliases)
            if self.lookup.get(term_key(n)) == key
        ]


def matcher_forms(
    records: Iterable[TermRecord], lookup: Mapping[str, str], config: GlosstermsConfig
) -> list[tuple[str, str]]:
    """(form, key) pairs of every name and alias that may be linked automatically.

    An alias that lost to another term (see ``_settle_names``) is left out, so
    automatic links agree with ``:term:``.
    """
    forms: list[tuple[str, str]] = []
    for record in records:
        if record.no_autolink or (record.kind == "glossary" and not config.autolink_glossary):
            continue
        key = term_key(record.name)
        forms.extend(
            (form, key)
            for form in (record.name, *record.aliases)
            if lookup.get(term_key(form)) == key
        )
    return sorted(forms)


def build_matcher(
    records: Iterable[TermRecord],
    lookup: Mapping[str, str],
    config: GlosstermsConfig,
    external: Iterable[tuple[str, str]],
    make: MakeMatcher,
) -> Matcher:
    """The automaton of every linkable form, with the blockers: skip phrases, and
    the names and aliases of ``glossterms_autolink_ignore`` (which so still shadow
    the shorter names inside them, as their terms' other names do); ``make``
    builds it, or loads the one kept from the last build (:mod:`.matchcache`)."""
    if not config.autolink_on:
        return Matcher([], case_sensitive=config.case_sensitive, plurals=config.plurals)
    ignored = {term_key(name) for name in config.autolink_ignore}
    forms: list[tuple[str, str]] = []
    blockers = [phrase for phrase in config.autolink_skip_phrases if phrase.strip()]
    for form, key in [*matcher_forms(records, lookup, config), *external]:
        if term_key(form) in ignored:
            blockers.append(form)
        else:
            forms.append((form, key))
    return make(
        forms,
        case_sensitive=config.case_sensitive,
        plurals=config.plurals,
        blockers=sorted(set(blockers)),
    )


def _settle_external(
    external: Sequence[ExternalTerm], lookup: Mapping[str, str]
) -> tuple[dict[str, ExternalTerm], dict[str, str]]:
    """Other projects' terms by key, and their name forms no local term has
    (local terms always win; between projects, the first configured wins)."""
    terms: dict[str, ExternalTerm] = {}
    forms: dict[str, str] = {}
    for term in external:
        for form in (term.name, *term.aliases):
            form_key = term_key(form)
            if form_key in lookup or form_key in forms:
                continue
            forms[form_key] = term.key
            terms.setdefault(term.key, term)
    return terms, forms


def _settle_names(records: list[TermRecord]) -> tuple[dict[str, TermRecord], dict[str, str]]:
    winners: dict[str, TermRecord] = {}
    for record in records:
        key = term_key(record.name)
        if (first := winners.get(key)) is not None:
            warn(
                f"term {record.name!r} is defined twice: here and in "
                f"{first.docname!r} (line {first.lineno}), which wins",
                Subtype.duplicate,
                record.location,
            )
            continue
        winners[key] = record
    lookup = {key: key for key in winners}
    for key, record in winners.items():
        for alias in record.aliases:
            alias_key = term_key(alias)
            if alias_key == key:
                continue
            if alias_key in winners:
                warn(
                    f"alias {alias!r} of term {record.name!r} is the name of another "
                    f"term (in {winners[alias_key].docname!r}); the alias is ignored",
                    Subtype.alias,
                    record.location,
                )
            elif (owner := lookup.get(alias_key)) is not None:
                warn(
                    f"alias {alias!r} of term {record.name!r} is already an alias of "
                    f"{winners[owner].name!r}; the first one wins",
                    Subtype.duplicate,
                    record.location,
                )
            else:
                lookup[alias_key] = key
    return winners, lookup


#: Given the build's matcher, the terms a card's text mentions (keys of matches)
Mentions = Callable[[Matcher], Callable[[TermRecord], Iterable[str]]]


def build_glossary(
    records: Iterable[TermRecord],
    docs: Mapping[str, DocInfo],
    config: GlosstermsConfig,
    external: Sequence[ExternalTerm],
    mentions: Mentions,
    make_matcher: MakeMatcher,
) -> Glossary:
    """Settle the project's terms from every document's records (warns as it goes);
    ``mentions`` answers from the matches kept between builds, ``make_matcher``
    may load the automaton kept too (:mod:`.matchcache`)."""
    ordered = sorted(records, key=lambda r: r.order)
    winners, lookup = _settle_names(ordered)
    external_terms, external_lookup = _settle_external(external, lookup)
    external_forms = sorted(
        (form, key)
        for key, term in external_terms.items()
        for form in (term.name, *term.aliases)
        if external_lookup.get(term_key(form)) == key
    )
    matcher = build_matcher(winners.values(), lookup, config, external_forms, make_matcher)
    governance = build_governance(winners, lookup, config)
    # a deprecated term's mentions link to (and relate to) its successor
    successors = governance.successors
    opted_out = frozenset(docname for docname, info in docs.items() if info.autolink_off)

    @functools.cache  # per document, not per card: a glob match
    def links_in(docname: str) -> bool:
        return config.links_in(docname) and docname not in opted_out

    mentioned_by = mentions(matcher)
    related: dict[str, set[str]] = {key: set() for key in winners}
    for key, record in winners.items():
        if record.kind != "card":
            continue
        for name in record.related:
            target = lookup.get(term_key(name))
            if target is None:
                warn(
                    f"term {record.name!r} is related to unknown term {name!r}",
                    Subtype.related,
                    record.location,
                )
            elif target != key:
                related[key].add(target)
        for name in record.explicit_refs:
            if (target := lookup.get(term_key(name))) is not None and target != key:
                related[key].add(target)
        if links_in(record.docname):
            targets = {successors.get(found, found) for found in mentioned_by(record)}
            related[key].update(target for target in targets if target in winners)
            related[key].discard(key)

    mentioned: dict[str, set[str]] = {key: set() for key in winners}
    for key, targets in related.items():
        for target in targets:
            mentioned[target].add(key)

    order = {key: sort_key(record.name) for key, record in winners.items()}  # once per term

    def by_name(keys: set[str]) -> tuple[str, ...]:
        return tuple(sorted(keys, key=order.__getitem__))

    terms = {
        key: ResolvedTerm(record, by_name(related[key]), by_name(mentioned[key]))
        for key, record in sorted(winners.items())
    }
    glossary = Glossary(
        terms=terms,
        lookup=lookup,
        config=config,
        matcher=matcher,
        by_anchor={(t.record.docname, t.record.anchor): t for t in terms.values()},
        external=external_terms,
        external_lookup=external_lookup,
        governance=governance,
        opted_out=opted_out,
    )
    warn_prose(governance, winners, docs, config)
    if config.warn_unused:
        _warn_unused(glossary, docs, {k for targets in related.values() for k in targets})
    return glossary


def _warn_unused(glossary: Glossary, docs: Mapping[str, DocInfo], referenced: set[str]) -> None:
    """Warn for each term that no ``:term:``, related list or automatic link uses.

    Cards' own mentions are already in ``referenced`` (their related terms);
    in "all" mode the rest of each page and classic glossary definitions count too.
    """
    config, lookup, matcher = glossary.config, glossary.lookup, glossary.matcher
    used = set(referenced)
    for info in docs.values():
        used.update(k for name in info.term_refs if (k := lookup.get(term_key(name))))
    if config.autolink_all:
        for docname, info in docs.items():
            if glossary.links_in(docname):
                for chunk in info.text:
                    used.update(m.key for m in matcher.find(chunk))
        for key, term in glossary.terms.items():
            record = term.record
            if record.kind == "glossary" and glossary.links_in(record.docname):
                for chunk in record.text:
                    used.update(m.key for m in matcher.find(chunk) if m.key != key)
    for key, term in glossary.terms.items():
        if key not in used:
            warn(
                f"term {term.name!r} is never referenced, explicitly or automatically",
                Subtype.unused,
                term.record.location,
            )
