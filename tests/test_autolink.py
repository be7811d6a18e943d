"""Automatic cross-referencing (DESIGN §2): each rule and exclusion, reST and MyST."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

BOTH = [
    pytest.param("rst", marks=pytest.mark.sphinx("html", testroot="autolink-rst")),
    pytest.param("myst", marks=pytest.mark.sphinx("html", testroot="autolink-myst")),
]


def soup(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf8"), "html.parser")


def block(app: SphinxTestApp, docname: str, check: str) -> Tag:
    found = soup(app, docname).select_one(f".check-{check}")
    assert found is not None, check
    return found


def autolinks(app: SphinxTestApp, docname: str, check: str) -> list[tuple[str, str]]:
    return [
        (a.get_text(), str(a["href"]))
        for a in block(app, docname, check).select("a.glossterm-autolink")
    ]


def texts(app: SphinxTestApp, docname: str, check: str) -> list[str]:
    return [text for text, _ in autolinks(app, docname, check)]


@pytest.mark.parametrize("flavour", BOTH)
def test_never_inside_excluded_nodes(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    excluded = block(app, "page", "excluded")
    assert not excluded.select("a.glossterm-autolink")
    # The text is all still there, untouched.
    assert excluded.get_text().count("dopamine") >= 3
    # Excluded mentions do not use up the first mention of the section.
    assert autolinks(app, "page", "first") == [("dopamine", "terms.html#term-dopamine")]


@pytest.mark.parametrize("flavour", BOTH)
def test_titles_captions_rubrics_are_never_linked(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    page = soup(app, "page")
    for selector in ("h1", "h2", "h3", ".rubric", ".caption", "pre", "code", ".math"):
        for element in page.select(selector):
            assert not element.select("a.glossterm-autolink"), selector


@pytest.mark.parametrize("flavour", BOTH)
def test_longest_match_wins(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert autolinks(app, "page", "longest") == [
        ("HPG axis restoration", "terms.html#term-hpg-axis-restoration"),
        ("HPG axis", "terms.html#term-hpg-axis"),
        # "HPG" alone is an alias of "HPG Axis", already linked in this section
    ]


@pytest.mark.parametrize("flavour", BOTH)
def test_acronyms_only_match_in_capitals(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    linked = texts(app, "page", "case")
    assert "DHEA" in linked
    assert "dhea" not in linked
    assert "Dhea" not in linked


@pytest.mark.parametrize("flavour", BOTH)
def test_no_autolink_terms_are_not_linked(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert "Everyday" not in texts(app, "page", "case")
    assert "Everyday" in block(app, "page", "case").get_text()


@pytest.mark.parametrize("flavour", BOTH)
def test_plurals(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert autolinks(app, "page", "plural") == [("Hormones", "terms.html#term-hormone")]


@pytest.mark.parametrize("flavour", BOTH)
def test_whole_words_only(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    linked = texts(app, "page", "boundaries")
    # anti-dopamine, dopamine-like (hyphenated words), dopamines2, xHPG: no link
    assert linked[-1] == "dopamine"
    assert linked.count("dopamine") == 1
    assert "HPG" not in linked
    if flavour == "rst":  # a hyphenated term is a word of its own
        assert linked == ["drive-state", "dopamine"]


@pytest.mark.parametrize("flavour", BOTH)
def test_name_over_a_line_break(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    [(text, href)] = autolinks(app, "page", "linebreak")
    assert text.split() == ["HPG", "axis", "restoration"]
    assert href == "terms.html#term-hpg-axis-restoration"


@pytest.mark.parametrize("flavour", BOTH)
def test_first_mention_per_section_and_subsection(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert texts(app, "page", "again") == []  # linked earlier in the section
    assert texts(app, "page", "section") == ["Dopamine"]
    assert texts(app, "page", "subsection") == ["Dopamine"]  # once, its first mention


@pytest.mark.parametrize("flavour", BOTH)
def test_no_self_links_and_one_scope_per_card(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    # "HPG axis" and "HPG" are the card's own term; dopamine only once per card,
    # its sections included.
    assert texts(app, "terms", "self") == ["hormones", "dopamine"]
    assert texts(app, "terms", "card-section") == []


@pytest.mark.parametrize("flavour", BOTH)
def test_excluded_documents(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    assert texts(app, "excluded", "excluded-doc") == []


@pytest.mark.parametrize("flavour", BOTH)
def test_autolink_has_the_url_of_a_term_role(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    page = soup(app, "page")
    explicit = page.select_one(".check-excluded a.glossterm-link")
    assert explicit is not None
    assert "glossterm-autolink" not in explicit["class"]
    [(_, href)] = autolinks(app, "page", "plural")
    assert explicit["href"] == href


@pytest.mark.sphinx("html", testroot="autolink-rst")
def test_classic_glossary_terms(app: SphinxTestApp) -> None:
    app.build()
    assert ("gonad", "classic.html#term-Gonad") in autolinks(app, "page", "case")
    # a glossary definition does not link its own term, but links others
    assert autolinks(app, "classic", "classic-self") == [("HPG axis", "terms.html#term-hpg-axis")]


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_autolink_glossary": False},
)
def test_classic_glossary_can_be_left_out(app: SphinxTestApp) -> None:
    app.build()
    assert "gonad" not in texts(app, "page", "case")


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_autolink": "cards"},
)
def test_cards_mode_links_inside_cards_only(app: SphinxTestApp) -> None:
    app.build()
    assert not soup(app, "page").select("a.glossterm-autolink")
    assert texts(app, "terms", "self") == ["hormones", "dopamine"]


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_autolink": "none"},
)
def test_none_mode(app: SphinxTestApp) -> None:
    app.build()
    for docname in ("page", "terms", "classic"):
        assert not soup(app, docname).select("a.glossterm-autolink")
    # explicit references still work
    assert soup(app, "page").select(".check-excluded a.glossterm-link")


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_case_sensitive": True},
)
def test_case_sensitive(app: SphinxTestApp) -> None:
    app.build()
    assert texts(app, "page", "first") == []  # "dopamine" is not "Dopamine"
    assert texts(app, "page", "again") == ["Dopamine"]


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_plurals": False},
)
def test_plurals_off(app: SphinxTestApp) -> None:
    app.build()
    assert texts(app, "page", "plural") == []


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_autolink_first_only": False},
)
def test_every_mention(app: SphinxTestApp) -> None:
    app.build()
    assert texts(app, "page", "again") == ["Dopamine"]
    assert texts(app, "page", "subsection") == ["Dopamine", "dopamine"]
    assert not block(app, "page", "excluded").select("a.glossterm-autolink")


@pytest.mark.parametrize(
    ("builder", "page"),
    [
        pytest.param(
            "dirhtml",
            "page/index.html",
            marks=pytest.mark.sphinx("dirhtml", testroot="autolink-rst"),
        ),
        pytest.param(
            "singlehtml",
            "index.html",
            marks=pytest.mark.sphinx("singlehtml", testroot="autolink-rst"),
        ),
    ],
)
def test_same_url_in_other_html_builders(app: SphinxTestApp, builder: str, page: str) -> None:
    app.build()
    html = BeautifulSoup((app.outdir / page).read_text("utf8"), "html.parser")
    explicit = html.select_one(".check-excluded a.glossterm-link")
    auto = html.select_one(".check-plural a.glossterm-autolink")
    assert explicit is not None
    assert auto is not None
    assert explicit["href"] == auto["href"]


@pytest.mark.sphinx("latex", testroot="autolink-rst")
def test_latex_links_like_term_role(app: SphinxTestApp) -> None:
    app.build()
    [tex] = app.outdir.glob("*.tex")
    source = tex.read_text("utf8")
    target = r"\hyperref[\detokenize{terms:term-hormone}]"
    assert source.count(target) >= 2  # the :term: reference and the automatic one


@pytest.mark.sphinx("text", testroot="autolink-rst")
def test_text_is_unchanged_in_text_builder(app: SphinxTestApp) -> None:
    app.build()
    # links to terms are starred in text output, like ``:term:`` references
    text = " ".join((app.outdir / "page.txt").read_text("utf8").replace("*", "").split())
    assert "HPG axis restoration, then the HPG axis, then HPG alone." in text
    assert "Anti-dopamine and dopamine-like and dopamines2 and xHPG" in text


@pytest.mark.sphinx(
    "html",
    testroot="autolink-rst",
    freshenv=True,
    confoverrides={"glossterms_warn_unused": True},
)
def test_warn_unused(app: SphinxTestApp, warning: object) -> None:
    app.build()
    log = app.warning.getvalue()
    unused = [line for line in log.splitlines() if "glossterms.unused" in line]
    assert any("'Lonely'" in line and "terms.rst" in line for line in unused)
    assert any("'Everyday'" in line for line in unused)  # :no-autolink:, unreferenced
    for used in ("'Dopamine'", "'DHEA'", "'Gonad'", "'Hormone'", "'Drive-state'"):
        assert not any(used in line for line in unused), used


@pytest.mark.sphinx("html", testroot="autolink-rst", freshenv=True)
def test_warn_unused_is_off_by_default(app: SphinxTestApp) -> None:
    app.build()
    assert "glossterms.unused" not in app.warning.getvalue()
