"""Name rules: how a term's name is normalised, compared, anchored, sorted and grouped.

Every module that compares, sorts or slugs a name calls these; nothing else
does it by hand. An anchor depends on the name alone, never on the other terms
or their order, so adding, removing or reordering terms never moves another
term's anchor.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

PREFIX = "term-"

# Symbols that carry meaning in names ("C++", "C#", "R&D") become words.
_SYMBOL_WORDS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}
_SYMBOLS_RE = re.compile("[" + re.escape("".join(_SYMBOL_WORDS)) + "]")
_NON_WORD_RE = re.compile(r"[^\w]+")
# A "plain" name: letters, digits and single spaces; its slug is lossless.
_PLAIN_RE = re.compile(r"^\w+( \w+)*$")


def normalize_name(name: str) -> str:
    """The name as written, NFC-normalised with whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


@functools.lru_cache(maxsize=1 << 16)
def term_key(name: str) -> str:
    """The case-insensitive identity of a name (as Sphinx's ``:term:`` uses).
    Cached: every name is keyed many times per build (matcher, index, links)."""
    return normalize_name(name).lower()


def term_anchor(name: str) -> str:
    """``term-<slug>``: readable for any script; a short hash only when lossy.

    Plain names (letters, digits, spaces) map one-to-one onto their slug. Any
    other name ("C++", "HPG (axis)", "drive-state") gets a suffix derived from the
    name itself, so it cannot collide with a plain name's anchor.
    """
    key = term_key(name)
    words = _SYMBOLS_RE.sub(lambda m: _SYMBOL_WORDS[m.group()], key)
    slug = _NON_WORD_RE.sub("-", words).strip("-_").replace("_", "-")
    if _PLAIN_RE.match(key) and "_" not in key:
        return PREFIX + slug
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{PREFIX}{slug}-{digest}" if slug else f"{PREFIX}{digest}"


def sort_key(name: str) -> tuple[str, str]:
    """Order of names in lists ("Related terms", the export): case-insensitive."""
    return (name.casefold(), name)


# -- index grouping: letters and accent folding --------------------------------

SYMBOLS = "#"  #: the group of names that do not start with a letter


def fold(text: str) -> str:
    """``text`` without accents and case: "Éclair" -> "eclair" (Unicode NFKD)."""
    if text.isascii():  # most names: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def letter_of(name: str) -> str:
    """The group of a name: its first letter, accents folded and upper-cased,
    or ``"#"`` for digits, symbols, punctuation and emoji."""
    for char in unicodedata.normalize("NFKD", name.strip()):
        if unicodedata.combining(char):
            continue
        if unicodedata.category(char).startswith("L"):
            return char.upper()[0]  # "ß" -> "SS" -> "S"
        return SYMBOLS
    return SYMBOLS


def letter_order(letter: str) -> tuple[int, str, str]:
    """The "#" group first, then letters in folded alphabetical (code point) order."""
    return (0 if letter == SYMBOLS else 1, fold(letter), letter)


def entry_order(label: str) -> tuple[str, str, str]:
    """Case-insensitive, accent-insensitive, then exact as a tie-break."""
    return (fold(label), label.casefold(), label)
