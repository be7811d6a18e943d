"""Matches kept between builds (matchcache.py): a new name form is looked for in
every kept page, and only pages where it occurs are matched again."""

from __future__ import annotations

import pytest

from sphinx_glossterms.matchcache import KeptMatches, PageTexts
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
