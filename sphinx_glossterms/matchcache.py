"""The automatic-link matches of each page, kept between builds.

Matching the text of every page again in each build is what an incremental
build of a large glossary would spend most of its time on. So each page's
matches are kept (:class:`KeptMatches`, pickled with the domain data): what
the page's automatic links are (a digest, for :mod:`.outdated`), the terms they
link to, and the terms each card on it mentions (its discovered related
terms, for :mod:`.glossary`). An entry is dropped when its page is read again
(``GlosstermsDomain.clear_doc``) and made again when the glossary is settled.

Every entry was made with one automaton (:class:`MatchForms`). When the name
forms change, only the pages where a form that came or went occurs are matched
again: the automaton's choice is made among the occurrences of its forms, so a
text in which no changed form occurs keeps its matches.

The automaton itself is kept too, in a file next to the environment
(:func:`stored_matcher`): loading it takes a third of the time building it
does, and most builds do not change a name.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from . import matcher as matcher_module
from .config import GlosstermsConfig
from .matcher import ESCAPE, MakeMatcher, Matcher
from .records import DocInfo, TermRecord


class MatchForms(NamedTuple):
    """What a build's automaton matches: every kept entry was made with one."""

    settings: str  #: digest of the configuration
    forms: tuple[tuple[str, str], ...]  #: (form, key) pairs
    blockers: tuple[str, ...]


class PageTexts(NamedTuple):
    """The text of a page that automatic links are made in."""

    cards: list[tuple[int, tuple[str, ...]]]  #: (position, text) of each card
    other: list[str]  #: the rest ("all" mode): classic glossaries and prose

    def all(self) -> Iterable[str]:
        for _position, text in self.cards:
            yield from text
        yield from self.other


def page_texts(
    config: GlosstermsConfig, records: Mapping[str, list[TermRecord]], docs: Mapping[str, DocInfo]
) -> Callable[[str], PageTexts]:
    """The linkable text of a page (none where automatic links are off), made only
    for the pages that are matched."""

    def texts(docname: str) -> PageTexts:
        info = docs[docname]
        if info.autolink_off or not config.links_in(docname):
            return PageTexts([], [])
        own = records.get(docname, ())
        other: list[str] = []
        if config.autolink_all:
            other += [chunk for r in own if r.kind == "glossary" for chunk in r.text]
            other += info.text
        return PageTexts([(r.position, r.text) for r in own if r.kind == "card"], other)

    return texts


def settings_digest(config: GlosstermsConfig) -> str:
    return hashlib.sha256(repr(config).encode()).hexdigest()


class PageMatches(NamedTuple):
    """A page's matches, as much as later builds need of them."""

    digest: str  #: of every match (where, and to which term), in text order
    keys: frozenset[str]  #: the terms matched on the page
    cards: dict[int, frozenset[str]]  #: position of each card -> the terms its text mentions


def page_matches(matcher: Matcher, texts: PageTexts) -> PageMatches:
    digest = hashlib.sha256()

    def keys_in(chunks: Iterable[str]) -> frozenset[str]:
        keys: set[str] = set()
        for chunk in chunks:
            found = matcher.find(chunk)
            digest.update(repr([(m.start, m.end, m.key) for m in found]).encode())
            keys.update(m.key for m in found)
        return frozenset(keys)

    cards = {position: keys_in(text) for position, text in texts.cards}
    keys = keys_in(texts.other).union(*cards.values())
    return PageMatches(digest.hexdigest(), keys, cards)


@dataclass
class KeptMatches:
    """Each page's matches, and the forms they were made with."""

    forms: MatchForms | None = None
    pages: dict[str, PageMatches] = field(default_factory=dict)

    def refresh(
        self,
        matcher: Matcher,
        settings: str,
        docnames: Iterable[str],
        texts: Callable[[str], PageTexts],
    ) -> None:
        """Match the pages with no entry, and those where a changed form occurs
        (every page when ``settings``, a digest of the configuration, changed);
        ``texts``: a page's text (see :func:`page_texts`)."""
        current = MatchForms(settings, matcher.forms, matcher.blockers)
        changed: _Changed | None = None
        if self.forms != current:
            changed = self._changed_forms(current, matcher)
            if changed is None:
                self.pages.clear()
        self.forms = current
        docnames = set(docnames)
        for docname in docnames:
            if docname in self.pages and changed is None:
                continue
            page = texts(docname)
            if docname not in self.pages or (changed is not None and changed.occurs(page)):
                self.pages[docname] = page_matches(matcher, page)
        for docname in self.pages.keys() - docnames:  # pages gone
            del self.pages[docname]

    def mentions(self, record: TermRecord) -> frozenset[str]:
        """The terms a card's text mentions (after :meth:`refresh`)."""
        page = self.pages.get(record.docname)
        return frozenset() if page is None else page.cards.get(record.position, frozenset())

    def _changed_forms(self, current: MatchForms, matcher: Matcher) -> _Changed | None:
        """The forms and blockers that came or went (``None``: the settings changed,
        or nothing is known: match everything again)."""
        previous = self.forms
        if previous is None or previous.settings != current.settings:
            return None
        changed = {form for form, _key in set(previous.forms) ^ set(current.forms)}
        changed.update(set(previous.blockers) ^ set(current.blockers))
        forms = sorted(changed)
        return _Changed(
            Matcher(
                [(form, "changed") for form in forms],
                case_sensitive=matcher.case_sensitive,
                plurals=matcher.plurals,
            ),
            [_clue(form, matcher.plurals) for form in forms],
        )


_WORD_RE = re.compile(r"\w+")


def _clue(form: str, plurals: bool) -> str:
    """Lower-cased, a part of ``form`` that every text it matches holds as is: its
    longest word (a plural may drop the last word's final "y": "cities")."""
    words = _WORD_RE.findall(form.lower())
    if words and plurals and words[-1].endswith("y"):
        words[-1] = words[-1][:-1]
    return max(words, key=len, default="")


class _Changed(NamedTuple):
    """The forms that came or went since the kept matches were made."""

    matcher: Matcher  #: of those forms alone
    clues: list[str]  #: of each form (see :func:`_clue`)

    def occurs(self, page: PageTexts) -> bool:
        """Whether one of the forms is matched in the page. A page's text, lower-cased,
        is first searched for the clues: most pages hold none, and cannot match.
        (The matcher sees text lower-cased, whitespace and quotes as one kind and
        without docutils' escape markers: none of these is inside a word.)"""
        if all(self.clues):
            text = "\n".join(page.all()).lower().replace(ESCAPE, "")
            if not any(clue in text for clue in self.clues):
                return False
        return any(map(self.matcher.find, page.all()))


# -- the automaton, kept between builds ------------------------------------------

#: The file, in the doctree directory, that holds the last build's automaton.
MATCHER_FILENAME = "glossterms-matcher.pickle"


def _store_key(
    forms: tuple[tuple[str, str], ...],
    blockers: tuple[str, ...],
    case_sensitive: bool,
    plurals: bool,
) -> bytes:
    """What a stored automaton was made from, with the code that made it (the
    matcher's source, the ``pyahocorasick`` library's file): another version of
    either builds a new one."""
    library = os.stat(ahocorasick.__file__ or "ahocorasick")
    code = Path(matcher_module.__file__).read_bytes()
    made_of = (forms, blockers, case_sensitive, plurals, library.st_size, library.st_mtime_ns)
    return hashlib.sha256(code + repr(made_of).encode()).digest()


def stored_matcher(path: Path) -> MakeMatcher:
    """A maker of the build's matcher that loads the automaton kept in ``path``
    when it was made from the same forms, and else builds it and keeps it there.
    A missing, damaged or unwritable file only costs the building."""

    def make(
        forms: Iterable[tuple[str, str]],
        *,
        case_sensitive: bool,
        plurals: bool,
        blockers: Iterable[str] = (),
    ) -> Matcher:
        forms, blockers = tuple(forms), tuple(blockers)
        try:
            key = _store_key(forms, blockers, case_sensitive, plurals)
        except OSError:  # the code's files cannot be read (a zipped install): no store
            return Matcher(forms, case_sensitive=case_sensitive, plurals=plurals, blockers=blockers)
        try:
            with path.open("rb") as file:
                if pickle.load(file) == key:  # the key first: a stale file is not read on
                    matcher = pickle.load(file)
                    if isinstance(matcher, Matcher):
                        return matcher
        except Exception:  # missing, damaged, of another version: build it again
            pass
        matcher = Matcher(forms, case_sensitive=case_sensitive, plurals=plurals, blockers=blockers)
        partial = path.with_name(path.name + ".part")
        try:  # written aside then renamed: a parallel or interrupted build sees all or none
            with partial.open("wb") as file:
                pickle.dump(key, file, pickle.HIGHEST_PROTOCOL)
                pickle.dump(matcher, file, pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
        except OSError:
            pass
        return matcher

    return make
