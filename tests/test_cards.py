"""The term-card directives in reST and MyST: structure, options, rendering."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import page_previews, soup


@pytest.mark.sphinx("html", testroot="cards", freshenv=True)
@pytest.mark.parametrize(
    ("page", "name", "css_class"),
    [
        ("rst", "HPG Axis Restoration", "special-card"),
        ("myst", "Hormonal Restoration", "special-card"),
    ],
)
def test_card_structure(app: SphinxTestApp, page: str, name: str, css_class: str) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = soup(app.outdir / f"{page}.html")
    card = html.select_one(f".term-card.{css_class}")
    assert card is not None
    assert card["id"] == "term-" + name.lower().replace(" ", "-")
    # the heading ends with its permalink, as Sphinx's glossary terms do
    assert card.select_one(".term-card-title").get_text(strip=True) == name + "¶"
    sections = card.select(".term-card-section")
    assert [s.select_one(".term-card-section-title").get_text(strip=True) for s in sections] == [
        "Origin",
        "Mechanism",
        "Usage Notes",
    ]
    assert "term-card-origin" in sections[0]["class"]
    assert "term-card-mechanism" in sections[1]["class"]
    assert "term-card-section-usage-notes" in sections[2]["class"]
    assert sections[0].get_text(" ", strip=True).endswith("Origin of the term.")
    # the definition comes before the sections
    first_para = card.find("p", class_=False)
    assert "It has a second sentence." in first_para.get_text()


@pytest.mark.sphinx("html", testroot="cards")
def test_rst_and_myst_render_alike(app: SphinxTestApp) -> None:
    app.build()

    def shape(page: str) -> list[tuple[str, ...]]:
        card = soup(app.outdir / f"{page}.html").select_one(".term-card.special-card")
        return [
            tuple(el.get("class", []))
            for el in card.find_all(True)
            if el.name != "a" and not {"xref", "term-card-alias"} & set(el.get("class", []))
        ]

    assert shape("rst") == shape("myst")


@pytest.mark.sphinx("html", testroot="cards")
def test_related_block_links(app: SphinxTestApp) -> None:
    app.build()
    card = soup(app.outdir / "rst.html").select_one("#term-hpg-axis-restoration")
    related = card.select_one(".term-card-related")
    links = related.select("a.reference.internal")
    assert [a.get_text() for a in links] == ["Hormonal Restoration"]
    assert links[0]["href"] == "myst.html#term-hormonal-restoration"
    backlinks = card.select_one(".term-card-backlinks")
    assert [a.get_text() for a in backlinks.select("a")] == ["Hormonal Restoration"]


@pytest.mark.sphinx("html", testroot="cards")
def test_summary_option_and_default(app: SphinxTestApp) -> None:
    app.build()
    previews = page_previews(app.outdir, "refs.html")
    assert previews["term-hpg-axis-restoration"]["url"] == "rst.html#term-hpg-axis-restoration"
    assert previews["term-hpg-axis-restoration"]["summary"] == (
        "A clinical strategy focused on the axis."
    )
    domain = get_domain(app.env).glossary
    assert domain.find("Plain Word").record.summary == "A summary given by hand."
    assert domain.find("Markdown Word").record.summary == "A summary given by hand."


@pytest.mark.sphinx("html", testroot="cards")
def test_options_recorded_alike_in_rst_and_myst(app: SphinxTestApp) -> None:
    app.build()
    domain = get_domain(app.env).glossary
    rst = domain.find("HPG Axis Restoration").record
    md = domain.find("Hormonal Restoration").record
    assert rst.aliases == ("HPG axis restoration protocol", "HPG restoration")
    assert md.aliases == ("hormone restoration",)
    assert rst.related == ("Hormonal Restoration",)
    assert md.related == ("HPG Axis Restoration",)
    assert rst.categories == md.categories == ("Endocrinology", "Therapy")
    assert (
        rst.sections
        == md.sections
        == (
            ("Origin", "Origin of the term."),
            ("Mechanism", "Mechanism of the term."),
            ("Usage Notes", "Used in clinics."),
        )
    )
    assert domain.find("Plain Word").record.no_autolink
    assert domain.find("Markdown Word").record.no_autolink
    assert not rst.no_autolink


@pytest.mark.sphinx("html", testroot="cards")
def test_sections_render_after_definition(app: SphinxTestApp) -> None:
    app.build()
    card = soup(app.outdir / "rst.html").select_one("#term-sections-first")
    children = [c for c in card.children if getattr(c, "name", None)]
    assert "term-card-title" in children[0]["class"]
    assert children[1].get_text(strip=True) == "The definition comes after."
    assert "term-card-origin" in children[2]["class"]


@pytest.mark.sphinx("html", testroot="cards")
def test_card_is_not_a_section(app: SphinxTestApp) -> None:
    app.build()
    toc = app.env.tocs["rst"].astext()
    assert "HPG Axis Restoration" not in toc
    # its title is a heading (DESIGN §4), but the card holds no document section
    assert soup(app.outdir / "rst.html").select_one(".term-card section") is None


@pytest.mark.sphinx("html", testroot="cards")
def test_name_option_is_a_label(app: SphinxTestApp) -> None:
    app.build()
    link = soup(app.outdir / "refs.html").find("a", string="hpg card")
    assert link is not None
    assert link["href"].startswith("rst.html#")


@pytest.mark.sphinx("html", testroot="cards")
def test_stylesheet_added(app: SphinxTestApp) -> None:
    app.build()
    assert (app.outdir / "_static" / "glossterms.css").exists()
    assert soup(app.outdir / "rst.html").select_one('link[href*="glossterms.css"]')
