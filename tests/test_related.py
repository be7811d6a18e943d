""" "Related terms" and "Mentioned in": explicit, discovered, sorted, deduplicated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

BOTH = [
    pytest.param("rst", marks=pytest.mark.sphinx("html", testroot="autolink-rst")),
    pytest.param("myst", marks=pytest.mark.sphinx("html", testroot="autolink-myst")),
]


def blocks(app: SphinxTestApp, anchor: str) -> tuple[list[str], list[str]]:
    html = BeautifulSoup((app.outdir / "terms.html").read_text("utf8"), "html.parser")
    card = html.find(id=anchor)
    assert card is not None
    related = [a.get_text() for a in card.select(".term-card-related a")]
    mentioned = [a.get_text() for a in card.select(".term-card-backlinks a")]
    for a in card.select(".term-card-related a, .term-card-backlinks a"):
        assert a["href"]
    return related, mentioned


@pytest.mark.parametrize("flavour", BOTH)
def test_related_lists_explicit_and_mentioned_terms(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    # :related: Dopamine, and the text mentions "HPG axis"
    assert blocks(app, "term-hpg-axis-restoration")[0] == ["Dopamine", "HPG Axis"]
    # mentions only ("hormones", "dopamine"); never itself
    assert blocks(app, "term-hpg-axis")[0] == ["Dopamine", "Hormone"]


@pytest.mark.parametrize("flavour", BOTH)
def test_mentioned_in_lists_cards_that_relate_or_mention(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert blocks(app, "term-dopamine") == ([], ["HPG Axis", "HPG Axis Restoration"])
    assert blocks(app, "term-hpg-axis")[1] == ["HPG Axis Restoration"]


@pytest.mark.parametrize("flavour", BOTH)
def test_no_blocks_without_links(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    html = BeautifulSoup((app.outdir / "terms.html").read_text("utf8"), "html.parser")
    card = html.find(id="term-dhea")
    assert card is not None
    assert not card.select(".term-card-related")
    assert blocks(app, "term-dhea") == ([], [])


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_autolink": "none"},
)
def test_only_explicit_relations_without_autolinks(app: SphinxTestApp) -> None:
    app.build()
    assert blocks(app, "term-hpg-axis-restoration")[0] == ["Dopamine"]
    assert blocks(app, "term-hpg-axis") == ([], [])


@pytest.mark.parametrize(
    ("buildername", "tooltips"),
    [
        pytest.param(
            name,
            tooltips,
            marks=pytest.mark.sphinx(
                name,
                testroot="autolink-rst",
                srcdir=f"blocks-{name}-{tooltips}",
                confoverrides={"glossterms_tooltips": tooltips},
            ),
        )
        for name, tooltips in (("html", True), ("html", False), ("singlehtml", False))
    ],
)
def test_block_links_are_like_every_link_to_the_term(
    app: SphinxTestApp, buildername: str, tooltips: bool
) -> None:
    """HTML writes block entries straight from the glossary (``blocks.py``); each
    carries the attributes of the page's other links to the term: ``href``,
    classes, and the summary as ``title`` exactly where those links have it."""
    app.build()
    page = "index.html" if buildername == "singlehtml" else "terms.html"
    html = BeautifulSoup((app.outdir / page).read_text("utf8"), "html.parser")
    in_text: dict[str, dict[str, object]] = {}
    for a in html.select("a.glossterm-link"):
        if not a.find_parent(class_="term-card-links"):
            in_text.setdefault(a["href"], a.attrs)
    compared = 0
    for a in html.select(".term-card-links a.glossterm-link"):
        assert a.find_parent("li").find_parent("ul", class_="simple") is not None
        assert a["class"] == ["glossterm-link", "reference", "internal"]
        assert ("title" in a.attrs) is not tooltips
        other = in_text.get(a["href"])
        if other is not None:
            compared += 1
            assert a.get("title") == other.get("title")
            assert set(a["class"]) <= set(other["class"])  # + glossterm-autolink
    assert compared >= 3


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    srcdir="blocks-open-lists",
    confoverrides={"html_compact_lists": False},
)
def test_block_lists_follow_html_compact_lists(app: SphinxTestApp) -> None:
    """The writer decides "simple" as docutils does for any list (``blocks.py``)."""
    app.build()
    html = BeautifulSoup((app.outdir / "terms.html").read_text("utf8"), "html.parser")
    lists = html.select("ul.term-card-links")
    assert lists
    assert all("simple" not in ul["class"] for ul in lists)
