"""Presentation in HTML (DESIGN §4): card headings, "Also called", the generated
index page in the directive's markup, the graph's name and text alternative."""

from __future__ import annotations

import json
import shutil

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz not installed")


@pytest.mark.sphinx("html", testroot="presentation")
def test_card_headings_follow_the_outline(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "cards.html")
    assert page.select_one("h1").get_text(strip=True).startswith("Cards page")
    levels = {
        card["id"]: card.select_one(".term-card-title").name
        for card in page.select("div.term-card")
    }
    # under the page's h1, in an h2 section, in an h3 subsection
    assert levels == {
        "term-top-card": "h2",
        "term-section-card": "h3",
        "term-deep-card": "h4",
    }
    top = page.select_one("#term-top-card")
    # the card's own sections are one level below its title
    assert top.select_one(".term-card-origin .term-card-section-title").name == "h3"
    assert top.select_one(".term-card-related .term-card-section-title").name == "h3"
    # a permalink like Sphinx's glossary terms
    permalink = top.select_one(".term-card-title > a.headerlink")
    assert permalink["href"] == "#term-top-card"
    assert permalink["title"] == "Link to this term"
    assert "rubric" in top.select_one(".term-card-title")["class"]


@pytest.mark.sphinx("html", testroot="presentation")
def test_aliases_and_categories_under_the_title(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "cards.html")
    top = page.select_one("#term-top-card")
    children = [c for c in top.children if getattr(c, "name", None)]
    assert "term-card-title" in children[0]["class"]
    assert "term-card-meta" in children[1]["class"]
    meta = children[1]
    assert meta.select_one(".term-card-aliases").get_text() == "Also called: top, summit card"
    assert [a.get_text() for a in meta.select(".term-card-alias")] == ["top", "summit card"]
    assert meta.select_one(".term-card-categories").get_text() == "Categories: Shapes, Places"
    assert meta.select("a") == []  # never linked automatically
    # only what the card has
    section = page.select_one("#term-section-card .term-card-meta")
    assert section.select_one(".term-card-aliases") is None
    assert section.select_one(".term-card-categories").get_text() == "Categories: Shapes"
    assert page.select_one("#term-deep-card .term-card-meta") is None

    # not part of the definition, the summary or the export
    exported = json.loads((app.outdir / "glossterms.json").read_text(encoding="utf-8"))
    top_term = next(t for t in exported["terms"] if t["name"] == "Top Card")
    assert top_term["summary"] == "A card straight under the page title."
    assert "Also called" not in top_term["definition"]


@pytest.mark.sphinx("text", testroot="presentation")
def test_aliases_and_categories_in_text(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "cards.txt").read_text(encoding="utf-8")
    assert "Also called: top, summit card" in text
    assert "Categories: Shapes, Places" in text


@pytest.mark.sphinx("html", testroot="presentation")
def test_generated_index_page_has_the_directive_markup(app: SphinxTestApp) -> None:
    app.build()
    directive = soup(app.outdir / "full.html").select_one("div.glossary-index")
    generated_page = soup(app.outdir / "glossterms-index.html")
    generated = generated_page.select_one("div.glossary-index")
    assert generated is not None
    # both pages are at the root, so even the links are the same
    assert generated.prettify() == directive.prettify()
    assert generated_page.select_one("table") is None
    assert generated_page.select_one("code") is None
    assert generated_page.select_one("h1").get_text() == "Glossary index"


@needs_dot
@pytest.mark.sphinx(
    "html", testroot="presentation", confoverrides={"graphviz_output_format": "svg"}
)
def test_graph_is_named_and_has_a_text_alternative(app: SphinxTestApp) -> None:
    app.build()
    graph = soup(app.outdir / "graph.html").select_one("div.glossary-graph")
    scroll = graph.select_one(".glossary-graph-scroll")
    assert scroll["role"] == "group"
    assert scroll["tabindex"] == "0"
    assert scroll["aria-label"] == "Graph of related terms"
    picture = scroll.select_one("object.glossary-graph-image")
    assert picture["aria-label"] == "Graph of related terms"
    alternative = graph.select_one("details.glossary-graph-alternative")
    assert alternative.select_one("summary").get_text() == "The relations as a list"
    # one line per term with relations: "Section Card → Top Card", "Top Card → Deep Card"
    lines = [[a.get_text() for a in li.select("a.glossterm-link")] for li in alternative("li")]
    assert lines == [["Section Card", "Top Card"], ["Top Card", "Deep Card"]]
