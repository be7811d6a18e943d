"""Matches kept between builds (matchcache.py): a new name form is looked for in
every kept page, and only pages where it occurs are matched again; the automaton
is kept too, and used again only when made of the same forms."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sphinx_glossterms.matchcache import MATCHER_FILENAME, KeptMatches, PageTexts, stored_matcher
from sphinx_glossterms.matcher import ESCAPE, Matcher

# a new form, and a text where the matcher finds it though not written as is
FOUND = [
    ("city", "Two cities here."),  # a plural that drops the final "y"
    ("dopamine", "DOPAMINE rises."),  # another case
    ("HPG axis", "The HPG\n   axis."),  # a line break and spaces for one space
    ("Bob's law", "By Bob’s law."),  # a typographic apostrophe
    ("drive", f"a dri{ESCAPE}ve"),  # docutils' escape marker inside the word
    ("C++", "Written in C++ mostly."),  # a form with little of a word
]


def _matcher(*forms: tuple[str, str]) -> Matcher:
    return Matcher([("other term", "other"), *forms], case_sensitive=False, plurals=True)


@pytest.mark.parametrize(("form", "text"), FOUND)
def test_a_new_form_is_matched_where_it_occurs_and_nowhere_else(form: str, text: str) -> None:
    pages = {
        "mentions": PageTexts([(0, (text,))], []),
        "other": PageTexts([], ["Nothing of the kind, only another term."]),
    }
    kept = KeptMatches()
    kept.refresh(_matcher(), "settings", pages, pages.__getitem__)
    assert kept.pages["mentions"].keys == frozenset()
    untouched = kept.pages["other"]

    kept.refresh(_matcher((form, "new")), "settings", pages, pages.__getitem__)
    assert kept.pages["mentions"].keys == {"new"}
    assert kept.pages["mentions"].cards == {0: frozenset({"new"})}
    assert kept.pages["other"] is untouched  # not matched again


def test_other_settings_match_every_page_again() -> None:
    pages = {"page": PageTexts([], ["Only another term."])}
    kept = KeptMatches()
    kept.refresh(_matcher(), "settings", pages, pages.__getitem__)
    first = kept.pages["page"]
    kept.refresh(_matcher(), "settings", pages, pages.__getitem__)
    assert kept.pages["page"] is first
    kept.refresh(_matcher(), "other settings", pages, pages.__getitem__)
    assert kept.pages["page"] is not first
    assert kept.pages["page"] == first


# -- the automaton kept between builds --------------------------------------------

FORMS = [("dopamine", "dopamine"), ("HPG axis", "hpg axis")]


def _make(path: Path, forms: list[tuple[str, str]] = FORMS) -> Matcher:
    return stored_matcher(path)(forms, case_sensitive=False, plurals=True, blockers=["no way"])


def test_a_kept_automaton_is_loaded_when_made_of_the_same_forms(tmp_path: Path) -> None:
    path = tmp_path / MATCHER_FILENAME
    first = _make(path)
    written = path.stat().st_mtime_ns
    loaded = _make(path)
    assert path.stat().st_mtime_ns == written  # loaded, not written again
    assert loaded is not first
    assert (loaded.forms, loaded.blockers) == (first.forms, first.blockers)
    text = "Dopamine and the HPG\n axis, no way dopamine."
    assert loaded.find(text) == first.find(text) != []

    other = _make(path, [*FORMS, ("cortisol", "cortisol")])
    assert [m.key for m in other.find("cortisol")] == ["cortisol"]
    assert path.stat().st_mtime_ns != written  # another automaton, kept instead
    assert _make(path, [*FORMS, ("cortisol", "cortisol")]).forms == other.forms


@pytest.mark.parametrize("state", ["damaged", "truncated", "not a matcher", "unwritable"])
def test_a_kept_automaton_that_cannot_be_used_is_built_again(tmp_path: Path, state: str) -> None:
    path = tmp_path / MATCHER_FILENAME
    expected = _make(tmp_path / "reference.pickle").find("dopamine")
    if state == "damaged":
        path.write_bytes(b"not a pickle")
    elif state == "truncated":
        _make(path)
        path.write_bytes(path.read_bytes()[:-100])
    elif state == "not a matcher":
        _make(path)
        with path.open("rb") as file:
            key = pickle.load(file)
        with path.open("wb") as file:
            pickle.dump(key, file)
            pickle.dump({"not": "a matcher"}, file)
    else:
        path = tmp_path / "missing directory" / MATCHER_FILENAME
    assert _make(path).find("dopamine") == expected
    if state != "unwritable":
        assert _make(path).find("dopamine") == expected  # and kept for the next build
