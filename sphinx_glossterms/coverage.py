"""Glossary coverage (DESIGN §6): all-capitals words that no term defines.

With ``glossterms_warn_undefined = True`` the build warns
(``glossterms.undefined``) at the first use of every all-capitals word of two or
more letters ("HPA", "VTA", "ÉTÉ") used at least
``glossterms_undefined_min_uses`` times in the project that is not a name,
alias or abbreviation of a term, nor listed in ``glossterms_undefined_ignore``.

This module is the pure part: no docutils, no Sphinx. The text it is given is
the linkable text of the documents (code, literals, math, titles and
references are already left out); the caller may also pass the spans of term
mentions in it, so a capital word inside a longer term ("HPG" in "HPG axis")
counts as covered by that term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A run of word characters; what is inside it is checked below.
_WORD_RE = re.compile(r"\w+")
# Characters that glue a word to an identifier (``os.PATH``, ``a/HPG``, ``x=ABC``)
# when a word character is on their other side. A hyphen is not glue here:
# "HPG-related" uses the acronym HPG.
_GLUE = frozenset("./@=:")


@dataclass(frozen=True, slots=True)
class WordUse:
    """How often a word is used in one document, and where first."""

    count: int
    line: int | None  #: line of the first use (None when unknown)
    order: int  #: index of the chunk of the first use, to order uses without lines


@dataclass(frozen=True, slots=True)
class Undefined:
    """An all-capitals word used often that no term defines."""

    word: str
    count: int  #: uses in the whole project
    docname: str  #: document of the first use
    line: int | None

    @property
    def location(self) -> tuple[str, int | None]:
        return (self.docname, self.line)


def capital_word(token: str) -> str | None:
    """The all-capitals word a token is, if any: "HPG", "DHEA"; "APIs" is "API".

    Two or more letters, every cased letter a capital, letters only (no digits
    or ``_``: those are identifiers). A plural "s" after the capitals is dropped.
    """
    word = token[:-1] if len(token) > 2 and token.endswith("s") else token
    if not word.isalpha() or word != word.upper() or word == word.lower():
        return None
    if sum(1 for c in word if c.isalpha()) < 2:
        return None
    if word is not token and word[-1] == "S":  # "SSs" is not a plural of "SS"
        return None
    return word


def _glued(text: str, start: int, end: int) -> bool:
    """The word is part of an identifier: ``sphinx.ENV``, ``path/HPG``, ``A=B``."""
    before = start >= 2 and text[start - 1] in _GLUE and _is_word(text[start - 2])
    after = end + 1 < len(text) and text[end] in _GLUE and _is_word(text[end + 1])
    return before or after


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def capital_words(text: str, skip: Iterable[tuple[int, int]] = ()) -> list[tuple[str, int]]:
    """(word, offset) of every all-capitals word in ``text``, in order.

    Words overlapping a span of ``skip`` (start, end) are left out.
    """
    spans = sorted(skip)
    found: list[tuple[str, int]] = []
    index = 0
    for match in _WORD_RE.finditer(text):
        start, end = match.span()
        while index < len(spans) and spans[index][1] <= start:
            index += 1
        if index < len(spans) and spans[index][0] < end:
            continue  # inside a term mention
        word = capital_word(match.group())
        if word is not None and not _glued(text, start, end):
            found.append((word, start))
    return found


def count_uses(
    chunks: Iterable[tuple[str, int | None]],
    skip: Mapping[int, Iterable[tuple[int, int]]] | None = None,
) -> dict[str, WordUse]:
    """Uses of each all-capitals word in one document's text chunks.

    ``chunks`` are (text, line of its start) in document order; ``skip`` maps a
    chunk's index to the spans of term mentions in it.
    """
    uses: dict[str, WordUse] = {}
    for order, (text, line) in enumerate(chunks):
        spans = skip.get(order, ()) if skip else ()
        for word, offset in capital_words(text, spans):
            if (use := uses.get(word)) is None:
                # a chunk may span lines: the line of the word itself
                first = None if line is None else line + text.count("\n", 0, offset)
                uses[word] = WordUse(1, first, order)
            else:
                uses[word] = WordUse(use.count + 1, use.line, use.order)
    return dict(sorted(uses.items()))


def _fold(form: str) -> str:
    return " ".join(form.split()).casefold()


def undefined_words(
    uses_by_doc: Mapping[str, Mapping[str, WordUse]],
    defined: Iterable[str],
    ignore: Iterable[str] = (),
    min_uses: int = 3,
) -> list[Undefined]:
    """The words to warn about, sorted by their first location.

    ``defined`` are the names, aliases and abbreviations of every term; a word
    equal to one of them (case-insensitively) is defined. The first use is the
    first in document order (documents by name, then position), so the result
    does not depend on the order documents were read in (``-j``, incremental).
    """
    known = {_fold(form) for form in defined} | {_fold(word) for word in ignore}
    totals: dict[str, int] = {}
    first: dict[str, tuple[str, WordUse]] = {}
    for docname in sorted(uses_by_doc):
        for word, use in uses_by_doc[docname].items():
            if _fold(word) in known:
                continue
            totals[word] = totals.get(word, 0) + use.count
            first.setdefault(word, (docname, use))
    result = [
        Undefined(word, totals[word], first[word][0], first[word][1].line)
        for word in totals
        if totals[word] >= min_uses
    ]
    return sorted(
        result,
        key=lambda u: (u.docname, first[u.word][1].order, u.line or 0, u.word),
    )


def warning_text(item: Undefined) -> str:
    """The ``glossterms.undefined`` message."""
    return (
        f"{item.word!r} is used {item.count} times but no term defines it; add a term"
        " card (or an :abbreviation:), or list it in glossterms_undefined_ignore"
    )
