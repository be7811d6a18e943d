"""Which pages an incremental build rewrites because of other pages' terms.

Each page gets a signature of everything it shows of terms defined elsewhere:
the automatic links its text gets (the matches themselves), the terms it links
to (what a link shows of each: ``TermRecord.linked_view``; previews come from
the data all pages share, so summaries count only where links carry them as
titles), the blocks of its own cards, and everything, for pages with a
glossary index or graph. A page is rewritten when its signature changes, so
editing a definition rewrites only its own page, a summary (with previews)
only its own page and the index pages, a new term mentioned nowhere nothing
else, and a new alias the pages where it now matches.

A page's automatic links come from the matches kept between builds
(:mod:`.matchcache`), made again only where they may have changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from .glossary import Glossary
from .matchcache import KeptMatches
from .names import term_key
from .records import DocInfo, TermRecord


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _shown(glossary: Glossary, key: str, titles: bool) -> object:
    """What a link to the term ``key`` shows: a local one, or another project's."""
    if key in glossary.terms:
        return glossary.terms[key].record.linked_view(titles=titles)
    return glossary.external.get(key)


def _target(glossary: Glossary, name: str) -> object:
    """What a ``:term:`` reference to ``name`` resolves to."""
    key = glossary.lookup.get(term_key(name))
    return key if key is not None else glossary.find_external(name)


class _ViewDigests(dict[str, bytes]):
    """The digest of what a link to each term shows, made once per term (pages
    link to dozens of the same terms) when first asked for."""

    def __init__(self, glossary: Glossary, titles: bool) -> None:
        super().__init__()
        self.glossary, self.titles = glossary, titles

    def __missing__(self, key: str) -> bytes:
        view = repr((key, _shown(self.glossary, key, self.titles))).encode()
        digest = self[key] = hashlib.sha256(view).digest()
        return digest


def signatures(
    glossary: Glossary,
    records: Mapping[str, list[TermRecord]],
    docs: Mapping[str, DocInfo],
    kept: KeptMatches,
    *,
    titles: bool,
) -> dict[str, str]:
    """The signature of every page; ``kept``: each page's matches, refreshed when the
    glossary was settled; ``titles``: whether links carry summaries
    (``GlosstermsDomain.link_titles``)."""
    everything: str | None = None  # the whole glossary, for index and graph pages only
    view_digests = _ViewDigests(glossary, titles)

    result: dict[str, str] = {}
    for docname, info in docs.items():
        own = records.get(docname, [])
        matched = kept.pages[docname]
        linked = set(matched.keys)
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
        # the terms linked to and what each shows: one digest (pages link to dozens)
        shown = hashlib.sha256(b"".join(map(view_digests.__getitem__, sorted(linked)))).hexdigest()
        refs = [(name, _target(glossary, name)) for name in info.term_refs]
        if info.placeholders and everything is None:
            everything = _digest(
                [
                    (key, t.record.index_view(), t.related, t.mentioned_in)
                    for key, t in glossary.terms.items()
                ]
            )
        result[docname] = _digest(
            (matched.digest, shown, refs, cards, everything if info.placeholders else None)
        )
    return result


def outdated(previous: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """Pages whose signature changed (a page new to the project is read anyway)."""
    return sorted(d for d, sig in current.items() if d in previous and previous[d] != sig)
