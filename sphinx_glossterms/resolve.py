"""Project-wide resolution, run once after all documents are read.

Settles duplicates (first in document order wins: documents by name, then
position), resolves aliases and ``:related:``, discovers mentions, and finds
unused terms. It only reads records, so serial, parallel and incremental builds
reach the same result and emit the same warnings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sphinx.util.matching import Matcher as GlobMatcher

from .anchors import term_key
from .autolink import Matcher
from .messages import Subtype, warn
from .records import DocInfo, ResolvedTerm, TermRecord


@dataclass(frozen=True)
class Resolution:
    """The project's terms: canonical keys, and every name form to its key."""

    terms: dict[str, ResolvedTerm]  #: key of the name -> term
    lookup: dict[str, str]  #: key of a name or alias -> key of the name


@dataclass(frozen=True)
class AutolinkSettings:
    mode: str
    glossary: bool
    case_sensitive: bool
    plurals: bool
    exclude: tuple[str, ...]


def sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def matcher_forms(
    records: Iterable[TermRecord], lookup: dict[str, str], settings: AutolinkSettings
) -> list[tuple[str, str]]:
    """(form, key) pairs of every name and alias that may be linked automatically.

    An alias that lost to another term (see ``_settle_names``) is left out, so
    automatic links agree with ``:term:``.
    """
    forms: list[tuple[str, str]] = []
    for record in records:
        if record.no_autolink or (record.kind == "glossary" and not settings.glossary):
            continue
        key = term_key(record.name)
        forms.extend(
            (form, key)
            for form in (record.name, *record.aliases)
            if lookup.get(term_key(form)) == key
        )
    return sorted(forms)


def build_matcher(
    records: Iterable[TermRecord], lookup: dict[str, str], settings: AutolinkSettings
) -> Matcher:
    return Matcher(
        matcher_forms(records, lookup, settings),
        case_sensitive=settings.case_sensitive,
        plurals=settings.plurals,
    )


def _settle_names(records: list[TermRecord]) -> tuple[dict[str, TermRecord], dict[str, str]]:
    winners: dict[str, TermRecord] = {}
    for record in records:
        key = term_key(record.name)
        if (first := winners.get(key)) is not None:
            if "card" in (record.kind, first.kind):
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


def resolve(
    records: Iterable[TermRecord],
    docs: dict[str, DocInfo],
    settings: AutolinkSettings,
    warn_unused: bool,
) -> tuple[Resolution, Matcher | None]:
    """The resolution, and the automaton it used (None with autolinking off)."""
    ordered = sorted(records, key=lambda r: r.order)
    winners, lookup = _settle_names(ordered)
    matcher = build_matcher(winners.values(), lookup, settings) if settings.mode != "none" else None
    excluded = GlobMatcher(list(settings.exclude))

    related: dict[str, set[str]] = {key: set() for key in winners}
    referenced: set[str] = set()
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
        if matcher is not None and not excluded(record.docname):
            for chunk in record.text:
                related[key].update(m.key for m in matcher.find(chunk) if m.key != key)
        referenced.update(related[key])

    mentioned: dict[str, set[str]] = {key: set() for key in winners}
    for key, targets in related.items():
        for target in targets:
            mentioned[target].add(key)

    def by_name(keys: set[str]) -> tuple[str, ...]:
        return tuple(sorted(keys, key=lambda k: sort_key(winners[k].name)))

    terms = {
        key: ResolvedTerm(record, by_name(related[key]), by_name(mentioned[key]))
        for key, record in sorted(winners.items())
    }
    if warn_unused:
        _warn_unused(terms, lookup, docs, referenced, matcher, excluded, settings)
    return Resolution(terms, lookup), matcher


def _warn_unused(
    terms: dict[str, ResolvedTerm],
    lookup: dict[str, str],
    docs: dict[str, DocInfo],
    referenced: set[str],
    matcher: Matcher | None,
    excluded: GlobMatcher,
    settings: AutolinkSettings,
) -> None:
    """Warn for each term that no ``:term:``, related list or automatic link uses.

    Cards' own mentions are already in ``referenced`` (their related terms);
    in "all" mode the rest of each page and classic glossary definitions count too.
    """
    used = set(referenced)
    for info in docs.values():
        used.update(k for name in info.term_refs if (k := lookup.get(term_key(name))))
    if matcher is not None and settings.mode == "all":
        for docname, info in docs.items():
            if not excluded(docname):
                for chunk in info.text:
                    used.update(m.key for m in matcher.find(chunk))
        for key, term in terms.items():
            record = term.record
            if record.kind == "glossary" and not excluded(record.docname):
                for chunk in record.text:
                    used.update(m.key for m in matcher.find(chunk) if m.key != key)
    for key, term in terms.items():
        if key not in used:
            warn(
                f"term {term.name!r} is never referenced, explicitly or automatically",
                Subtype.unused,
                term.record.location,
            )
