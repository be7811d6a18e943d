"""The pure part of ``glossterms_warn_undefined`` (``sphinx_glossterms.coverage``)."""

from __future__ import annotations

import pytest

from sphinx_glossterms.coverage import (
    WordUse,
    capital_word,
    capital_words,
    count_uses,
    undefined_words,
)


@pytest.mark.parametrize(
    ("token", "word"),
    [
        ("HPG", "HPG"),
        ("DHEA", "DHEA"),
        ("APIs", "API"),  # a plural of an acronym is a use of it
        ("ÉTÉ", "ÉTÉ"),  # Unicode capitals
        ("ΔΗΕΑ", "ΔΗΕΑ"),
        ("A", None),  # one letter
        ("Is", None),
        ("HPGA1", None),  # digits: an identifier
        ("HTTP_PROXY", None),
        ("GnRH", None),  # mixed case
        ("mRNA", None),
        ("hpg", None),
        ("語彙", None),  # letters without case are not capitals
        ("SSs", None),
    ],
)
def test_capital_word(token: str, word: str | None) -> None:
    assert capital_word(token) == word


def test_capital_words_in_text() -> None:
    text = "The HPG axis, the VTA; os.PATH and a/HPA and X=YZ are identifiers; HPG-related."
    expected = [("HPG", text.index("HPG")), ("VTA", text.index("VTA")), ("HPG", text.index("HPG-"))]
    assert capital_words(text) == expected


def test_spans_of_term_mentions_are_skipped() -> None:
    text = "HPG axis and HPG alone"
    assert capital_words(text, skip=[(0, 8)]) == [("HPG", 13)]


def test_count_uses_keeps_the_first_location() -> None:
    uses = count_uses([("no capitals", 1), ("VTA and VTA", 3), ("HPA then VTA", 7)])
    assert uses == {"HPA": WordUse(1, 7, 2), "VTA": WordUse(3, 3, 1)}


def test_undefined_words_threshold_defined_and_ignored() -> None:
    uses = {
        "b": {"VTA": WordUse(2, 5, 0), "HPG": WordUse(9, 1, 0), "NB": WordUse(4, 2, 0)},
        "a": {"VTA": WordUse(1, 30, 4), "HPA": WordUse(2, 3, 0)},
    }
    found = undefined_words(uses, defined=["hpg", "Other Term"], ignore=["NB"], min_uses=3)
    # VTA: 3 uses in all, first in document order ("a" before "b"); HPA: only 2
    assert [(u.word, u.count, u.location) for u in found] == [("VTA", 3, ("a", 30))]
    assert undefined_words(uses, defined=[], min_uses=1)[0].word == "HPA"
    assert {u.word for u in undefined_words(uses, defined=[], min_uses=4)} == {"HPG", "NB"}


def test_undefined_words_do_not_depend_on_reading_order() -> None:
    one = {"x": {"VTA": WordUse(2, 1, 0)}, "y": {"VTA": WordUse(2, 9, 0)}}
    two = dict(reversed(list(one.items())))
    assert undefined_words(one, defined=[]) == undefined_words(two, defined=[])
