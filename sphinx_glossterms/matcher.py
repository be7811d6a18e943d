"""The matcher: every name form of the project in one Aho–Corasick automaton.

Pure text in, offsets out: no docutils here. All names, aliases and plural
forms go into a single ``pyahocorasick`` automaton, built once per build, so
each text is scanned once whatever the number of terms. Skip phrases (and
ignored names) are *blockers* in the same automaton: they take part in the
leftmost-longest choice like names, so they shadow the shorter names inside
them, and then make no match; the cost of a scan does not grow with them.

The text is seen as a reader sees it: typographic quotes and apostrophes
compare equal to the ASCII ones, and docutils' escape markers (a NUL before an
escaped character, NUL + space for an escaped space) are not there; offsets
always refer to the text as given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick


def _same_length_lower(text: str) -> str:
    """Lower-case without changing offsets (``"İ".lower()`` has two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Every whitespace character (line breaks, no-break spaces...) matches a space: those
# ``str.isspace`` accepts, written out (finding them took milliseconds of each build's
# start; a test checks the list against Python's).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = str.maketrans(_WHITESPACE, " " * len(_WHITESPACE))
_SPACE_RUN_RE = re.compile(" {2,}")


def _normalize_space(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with each whitespace run as one space, and how to map offsets back.

    Returns the normalised text, the sorted normalised offsets just after each
    collapsed run, and the number of characters removed up to each of them.
    """
    spaced = text.translate(_TO_SPACE)
    if "  " not in spaced:
        return spaced, [], []
    pieces: list[str] = []
    stops: list[int] = []
    removed: list[int] = []
    last = total = 0
    for run in _SPACE_RUN_RE.finditer(spaced):
        start, end = run.span()
        pieces.append(spaced[last : start + 1])
        total += end - start - 1
        stops.append(start + 1 - (total - (end - start - 1)))
        removed.append(total)
        last = end
    pieces.append(spaced[last:])
    return "".join(pieces), stops, removed


# Typographic quotes and apostrophes (smart quotes) read as the ASCII ones:
# one character for one, so offsets never move.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u02bc": "'",  # ʼ
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
    }
)


def plain_quotes(text: str) -> str:
    """``text`` with typographic quotes as ASCII ones (same length)."""
    return text if text.isascii() else text.translate(_QUOTES)


#: docutils keeps a backslash escape in a ``Text`` node as a NUL before the
#: escaped character; an escaped whitespace character renders as nothing.
ESCAPE = "\x00"


def _unescape(text: str) -> tuple[str, list[int]]:
    """``text`` as rendered (escape markers removed) and, for each of its
    characters, its index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == ESCAPE:
            if i + 1 < size and text[i + 1].isspace():
                i += 2
            else:
                i += 1
            continue
        chars.append(char)
        index.append(i)
        i += 1
    return "".join(chars), index


#: Joined to a word character by one of these, with no space, a word is part
#: of an identifier (``objects.inv``, ``path/to/builder``, ``a@b``, ``k=v``,
#: ``drive-related``); ``::`` too (``std::vector``). ``_`` is a word character.
GLUE = frozenset("-./@=")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def is_acronym(form: str) -> bool:
    """All capitals ("HPG", "DHEA"): such a form only matches in capitals."""
    return form == form.upper() != form.lower() and any(c.isalpha() for c in form)


def plural_forms(form: str) -> list[str]:
    """Simple English plurals of a name's last word."""
    if not form or not form[-1].isalpha():
        return []
    if is_acronym(form):
        return [form + "s"]
    lower = form.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return [form + "es"]
    if lower.endswith("y") and len(form) > 1 and lower[-2] not in "aeiou":
        return [form[:-1] + "ies", form + "s"]
    return [form + "s"]


#: The key of a blocker (a skip phrase or an ignored name): it is matched like
#: a name and wins like one, but never makes a match of its own.
BLOCKED = ""


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    key: str  #: the matched term's key


#: One spelling stored under a scan key of the automaton, as a plain tuple (the
#: collector stops tracking those, not a named tuple's): ``(inexact, plural, tail,
#: length, form, key)``: matched case-insensitively; a generated plural, not a name
#: or alias as written; added to the scan's end index to get the exclusive end;
#: characters of the form; the spelling compared with the text (lower-cased when
#: inexact); the term it belongs to.
FormEntry = tuple[bool, bool, int, int, str, str]


def _entry_order(entry: FormEntry) -> tuple[bool, bool, bool]:
    """The order entries of one scan key are tried in: blockers first (a skip phrase
    spelled like a name silences it), then exact-case forms before case-insensitive
    ones, names and aliases before plurals."""
    return (entry[5] != BLOCKED, entry[0], entry[1])


_ASCII_NON_WORD = str.maketrans(
    {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")}
)
_OTHER_NON_WORD_RE = re.compile(r"[^\w\x00-\x7f]")


def _scan_form(text: str) -> str:
    """What the automaton sees: every non-word character a space.

    ASCII goes through ``str.translate`` (fast for ASCII text); the regular
    expression only has the rare other punctuation left to replace.
    """
    text = text.translate(_ASCII_NON_WORD)
    return text if text.isascii() else _OTHER_NON_WORD_RE.sub(" ", text)


class Matcher:
    """Every name form of the project in one automaton; leftmost-longest matches.

    Whitespace in the text matches whitespace in a name whatever its kind and
    length (a name may run over a line break). Where one spelling belongs to
    several forms, an exact-case form beats a case-insensitive one, and a name
    or alias beats another term's plural.

    The automaton scans the text with every non-word character turned into a
    space, and a form that starts (ends) with a letter is stored with a space
    before (after) it: so it only fires on whole words, whatever the number of
    terms, and the few hits are then checked against the text itself.
    """

    def __init__(
        self,
        forms: Iterable[tuple[str, str]],
        *,
        case_sensitive: bool,
        plurals: bool,
        blockers: Iterable[str] = (),
    ) -> None:
        self.forms = tuple(forms)  #: (form, key) pairs, as given
        self.case_sensitive = case_sensitive
        self.plurals = plurals
        self.blockers = tuple(blockers)  #: phrases that shadow names and link nothing
        table: dict[str, list[FormEntry]] = {}
        every = [*self.forms, *((phrase, BLOCKED) for phrase in self.blockers)]
        for form, key in every:
            form = plain_quotes(form)
            if not form:
                continue
            inexact = not (case_sensitive or is_acronym(form))
            variants = [(form, False)]
            if plurals:
                variants += [(plural, True) for plural in plural_forms(form)]
            for variant, is_plural in variants:
                lowered = _same_length_lower(variant)
                before = " " if _is_word_char(variant[0]) else ""
                after = " " if _is_word_char(variant[-1]) else ""
                entry: FormEntry = (
                    inexact,
                    is_plural,
                    1 - len(after),
                    len(variant),
                    lowered if inexact else variant,
                    key,
                )
                scan_key = before + _scan_form(lowered) + after
                bucket = table.get(scan_key)
                if bucket is None:
                    table[scan_key] = [entry]
                elif entry not in bucket:
                    bucket.append(entry)
        self._automaton: Any = None
        if table:
            automaton = ahocorasick.Automaton()
            for scan_key, entries in table.items():
                if len(entries) > 1:
                    entries.sort(key=_entry_order)
                automaton.add_word(scan_key, tuple(entries))
            automaton.make_automaton()
            self._automaton = automaton
        self.size = len(table)
        #: matches by text: the text of a page is matched more than once in a build
        #: (mention discovery, the pages an incremental build rewrites, its links;
        #: governance's warnings, coverage and signatures)
        self._found: dict[str, list[Match]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_found": {}}  # kept between builds: no texts

    def find(self, text: str) -> list[Match]:
        """Non-overlapping whole-word matches, the longest at each position
        (blockers take part in the choice but are not returned). The same text
        gets the same list: callers must not change it."""
        if self._automaton is None or not text:
            return []
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = self._find(text)
        return found

    def _find(self, text: str) -> list[Match]:
        if ESCAPE in text:
            shown, index = _unescape(text)
            return [Match(index[m.start], index[m.end - 1] + 1, m.key) for m in self.find(shown)]
        norm, stops, removed = _normalize_space(text)
        norm = plain_quotes(norm)
        lowered = _same_length_lower(norm)
        candidates: list[tuple[int, int, str]] = []
        last = len(norm) - 1
        at_boundaries = self._at_boundaries
        # Offsets below are in the padded strings: index i of ``norm`` is i + 1.
        texts = (" " + lowered + " ", " " + norm + " ")
        padded = texts[1]
        for end_index, entries in self._automaton.iter(" " + _scan_form(lowered) + " "):
            for inexact, _plural, tail, length, form, key in entries:
                end = end_index + tail  # exclusive
                start = end - length
                if texts[not inexact][start:end] != form:
                    continue
                # The scan already saw a non-word character (or nothing) on each
                # side; only glue (a hyphen, a dot...) or a non-ASCII mark needs
                # a closer look.
                before, after = padded[start - 1], padded[end]
                if (
                    before in _CHECK or after in _CHECK or before > "\x7f" or after > "\x7f"
                ) and not at_boundaries(norm, start - 1, end - 2, last):
                    continue
                candidates.append((start - 1, -length, key))
                break
        if not candidates:
            return []
        candidates.sort()
        chosen: list[Match] = []
        position = 0
        for start, negative_length, key in candidates:
            if start >= position:
                position = start - negative_length
                if key == BLOCKED:
                    continue
                if stops:
                    chosen.append(
                        Match(
                            start + _shift(stops, removed, start),
                            position + _shift(stops, removed, position - 1),
                            key,
                        )
                    )
                else:
                    chosen.append(Match(start, position, key))
        return chosen

    @staticmethod
    def _at_boundaries(text: str, start: int, end: int, last: int) -> bool:
        """Whole words only, not glued to an identifier (see ``GLUE``): a
        hyphenated word ("drive-related") is one word, ``objects.inv`` one name.
        ``start`` and ``end`` are the first and last characters (inclusive)."""
        if start > 0 and _is_word_char(text[start]):
            before = text[start - 1]
            if _is_word_char(before):
                return False
            if before in GLUE and start > 1 and _is_word_char(text[start - 2]):
                return False
            if (
                before == ":"
                and start > 2
                and text[start - 2] == ":"
                and _is_word_char(text[start - 3])
            ):
                return False
        if end < last and _is_word_char(text[end]):
            after = text[end + 1]
            if _is_word_char(after):
                return False
            if after in GLUE and end + 1 < last and _is_word_char(text[end + 2]):
                return False
            if (
                after == ":"
                and end + 2 < last
                and text[end + 2] == ":"
                and _is_word_char(text[end + 3])
            ):
                return False
        return True


#: Characters next to a candidate that call for the full boundary check.
_CHECK = GLUE | {":"}


def _shift(stops: list[int], removed: list[int], position: int) -> int:
    """Characters removed by whitespace collapsing before normalised ``position``."""
    index = bisect.bisect_right(stops, position)
    return removed[index - 1] if index else 0


#: Makes a build's matcher (the arguments of :class:`Matcher`): the class itself,
#: or one that loads the automaton kept from the last build (:mod:`.matchcache`).
MakeMatcher = Callable[..., Matcher]
