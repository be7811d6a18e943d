"""Which pages an incremental build rewrites because of other pages' terms.

Each page gets a signature of everything it shows of terms defined elsewhere:
the automatic links its text gets (the matches themselves), the terms it links
to (what a link shows of each: ``TermRecord.linked_view``; previews come from
the data all pages share, so summaries count only where links carry them as
titles), the blocks of its own cards, and everything, for pages with a
glossary index or graph. A page is rewritten when its signature changes, so
editing a definition or (with previews) a summary rewrites only its own page
and the index pages, a new term mentioned nowhere rewrites nothing else, and a
new alias rewrites the pages where it now matches.

A page's matches are kept between builds (``MatchCache``), with the forms they
were made with (``MatchForms``). When the name forms change, only the pages
where a form that came or went occurs are matched again: the automaton's choice
is made among the occurrences of its forms, so a text in which no changed form
occurs keeps its matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .glossary import Glossary
from .matcher import Matcher
from .names import term_key
from .records import DocInfo, TermRecord

#: (digest of the page's matches, keys matched)
MatchCache = tuple[str, frozenset[str]]


class MatchForms(NamedTuple):
    """What a build's automaton matches: every cached entry was made with one."""

    settings: str  #: digest of the configuration
    forms: tuple[tuple[str, str], ...]  #: (form, key) pairs
    blockers: tuple[str, ...]


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _page_texts(
    glossary: Glossary, docname: str, records: Iterable[TermRecord], info: DocInfo | None
) -> list[str]:
    """The text of a page that automatic links are made in."""
    if not glossary.links_in(docname):
        return []
    texts = [chunk for record in records if record.kind == "card" for chunk in record.text]
    if glossary.config.autolink_all:
        texts += [c for record in records if record.kind == "glossary" for c in record.text]
        texts += info.text if info is not None else ()
    return texts


def _matches(glossary: Glossary, texts: list[str]) -> tuple[str, frozenset[str]]:
    digest = hashlib.sha256()
    keys: set[str] = set()
    for text in texts:
        found = glossary.matcher.find(text)
        digest.update(repr([(m.start, m.end, m.key) for m in found]).encode())
        keys.update(m.key for m in found)
    return digest.hexdigest(), frozenset(keys)


def match_forms(glossary: Glossary) -> MatchForms:
    """The forms of this build's automaton."""
    matcher = glossary.matcher
    return MatchForms(_digest(glossary.config), matcher.forms, matcher.blockers)


def _changed_forms(glossary: Glossary, current: MatchForms, previous: object) -> Matcher | None:
    """An automaton of the forms and blockers that came or went since ``previous``
    (``None``: the settings changed, or nothing is known, so match everything again)."""
    if not isinstance(previous, MatchForms) or previous.settings != current.settings:
        return None
    changed = {form for form, _key in set(previous.forms).symmetric_difference(current.forms)}
    changed.update(set(previous.blockers).symmetric_difference(current.blockers))
    config = glossary.config
    return Matcher(
        [(form, "changed") for form in sorted(changed)],
        case_sensitive=config.case_sensitive,
        plurals=config.plurals,
    )


def _shown(glossary: Glossary, key: str, titles: bool) -> object:
    """What a link to the term ``key`` shows: a local one, or another project's."""
    if key in glossary.terms:
        return glossary.terms[key].record.linked_view(titles=titles)
    return glossary.external.get(key)


def _target(glossary: Glossary, name: str) -> object:
    """What a ``:term:`` reference to ``name`` resolves to."""
    key = glossary.lookup.get(term_key(name))
    return key if key is not None else glossary.find_external(name)


def signatures(
    glossary: Glossary,
    records: Mapping[str, list[TermRecord]],
    docs: Mapping[str, DocInfo],
    cache: dict[str, MatchCache],
    forms_of_cache: object,
    *,
    titles: bool,
) -> dict[str, str]:
    """The signature of every page; ``cache`` keeps each page's matches between builds
    (an entry is dropped when its page is read again, see ``clear_doc``), made with
    ``forms_of_cache`` (``match_forms`` of the build that made them); ``titles``:
    whether links carry summaries (``GlosstermsDomain.link_titles``)."""
    current = match_forms(glossary)
    changed: Matcher | None = None  # the forms that came or went, if any
    if forms_of_cache != current:
        changed = _changed_forms(glossary, current, forms_of_cache)
        if changed is None:
            cache.clear()
    everything: str | None = None  # the whole glossary, for index and graph pages only
    view_digests: dict[str, str] = {}

    def view_digest(key: str) -> str:  # once per term, not a repr once per page
        digest = view_digests.get(key)
        if digest is None:
            digest = view_digests[key] = _digest(_shown(glossary, key, titles))
        return digest

    result: dict[str, str] = {}
    for docname, info in docs.items():
        own = records.get(docname, [])
        entry = cache.get(docname)
        if entry is None or changed is not None:
            texts = _page_texts(glossary, docname, own, info)
            if entry is None or (changed is not None and any(map(changed.find, texts))):
                entry = cache[docname] = _matches(glossary, texts)
        matched, keys = entry
        linked = set(keys)
        linked.update(k for name in info.term_refs if (k := glossary.lookup.get(term_key(name))))
        cards: list[object] = []  # the blocks of each card: what they link to and count
        for record in own:
            term = glossary.for_card(record.docname, record.anchor)
            if term is not None:
                blocks = (glossary.listed(term.related), glossary.listed(term.mentioned_in))
                for listed, _more in blocks:
                    linked.update(listed)
                cards.append(blocks)
            else:
                cards.append(None)  # lost to a duplicate: no blocks
        shown = [(key, view_digest(key)) for key in sorted(linked)]
        refs = [(name, _target(glossary, name)) for name in info.term_refs]
        if info.placeholders and everything is None:
            everything = _digest(
                [
                    (key, t.record.index_view(), t.related, t.mentioned_in)
                    for key, t in glossary.terms.items()
                ]
            )
        result[docname] = _digest(
            (matched, shown, refs, cards, everything if info.placeholders else None)
        )
    return result


def outdated(previous: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """Pages whose signature changed (a page new to the project is read anyway)."""
    return sorted(d for d, sig in current.items() if d in previous and previous[d] != sig)
