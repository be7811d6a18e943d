"""Stable, readable anchors for term names.

An anchor depends on the name alone, never on the other terms or their order,
so adding, removing or reordering terms never moves another term's anchor.
"""

from __future__ import annotations

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


def term_key(name: str) -> str:
    """The case-insensitive identity of a name (as Sphinx's ``:term:`` uses)."""
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
