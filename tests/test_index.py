"""The glossary index: grouping, the directive in reST and MyST, the generated
page, every builder, and incremental rewrites of pages that show it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.index import letter_id
from sphinx_glossterms.names import entry_order, fold, letter_of, letter_order

from helpers import groups_of, index_of, soup, warnings_of

MakeApp = Callable[..., SphinxTestApp]


# -- grouping helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Apple", "A"),
        ("apple", "A"),
        ("Éclair", "E"),  # accents folded through NFKD
        ("ñandú", "N"),
        ("Ångström", "A"),
        ("ﬁnal", "F"),  # compatibility ligature
        ("ßig", "S"),
        ("Ωmega", "Ω"),  # other scripts keep their own letters
        ("Жизнь", "Ж"),
        ("3D Model", "#"),
        ("<script>", "#"),
        ("+Plus", "#"),
        ("🙂 Smile", "#"),
        ("  Padded", "P"),
        ("", "#"),
    ],
)
def test_letter_of(name: str, letter: str) -> None:
    assert letter_of(name) == letter


def test_letter_and_entry_order() -> None:
    assert sorted(["Z", "Ω", "#", "A", "E"], key=letter_order) == ["#", "A", "E", "Z", "Ω"]
    names = ["Echo", "éclair", "Eagle", "eagle", "ECLAIR"]
    assert sorted(names, key=entry_order) == ["Eagle", "eagle", "Echo", "ECLAIR", "éclair"]
    assert fold("Éclair") == "eclair"
    assert letter_id("E") == "glossary-index-letter-e"
    assert letter_id("#") == "glossary-index-letter-symbols"


# -- the directive -------------------------------------------------------------------


FULL = {
    "#": ["3D Model", "<script> & Tag", "🙂 Smile"],
    "A": ["AA Route", "alpha wave", "Ångström Unit", "Apple Axis"],
    "E": ["Echo Term", "Éclair Protocol"],
    "G": ["Gamma Classic"],
    "Z": ["Zeta"],
    "Ω": ["Ωmega Ratio"],
}


@pytest.mark.sphinx("html", testroot="index", freshenv=True)
def test_full_index(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    index = index_of(app.outdir / "full.html")
    assert groups_of(index) == FULL

    bar = index.select_one(".glossary-index-letters")
    links = [(a.get_text(), a["href"]) for a in bar.select("a")]
    assert links == [
        ("#", "#glossary-index-letter-symbols"),
        ("A", "#glossary-index-letter-a"),
        ("E", "#glossary-index-letter-e"),
        ("G", "#glossary-index-letter-g"),
        ("Z", "#glossary-index-letter-z"),
        ("Ω", "#glossary-index-letter-ω"),
    ]
    for _, href in links:  # every jump link has its target
        assert index.select_one(f'[id="{href[1:]}"]') is not None


@pytest.mark.sphinx("html", testroot="index")
def test_entries_link_like_term_references(app: SphinxTestApp) -> None:
    app.build()
    index = index_of(app.outdir / "full.html")
    entries = {
        e.select_one("a").get_text(strip=True): e for e in index.select(".glossary-index-entry")
    }

    apple = entries["Apple Axis"]
    link = apple.select_one("a")
    assert link["href"] == "cards.html#term-apple-axis"
    assert "glossterm-link" in link["class"]
    assert apple.select_one(".glossary-index-summary").get_text() == "The first term."
    assert apple.select_one(".glossary-index-categories").get_text() == "Categories: Alpha"
    echo = entries["Echo Term"]
    assert echo.select_one(".glossary-index-summary").get_text() == "Echo's own summary."

    # an alias is an entry of its own pointing to its term
    alias = entries["AA Route"]
    assert "glossary-index-alias" in alias["class"]
    assert alias.select_one("a")["href"] == "cards.html#term-apple-axis"
    assert alias.select_one(".glossary-index-see").get_text() == "Apple Axis"
    assert entries["Ångström Unit"].select_one("a")["href"] == "cards.html#term-zeta"

    # classic glossary terms are included by default
    assert entries["Gamma Classic"].select_one("a")["href"].startswith("glossary.html#")

    # markup-like names are escaped, not interpreted
    raw = (app.outdir / "full.html").read_text(encoding="utf-8")
    assert "&lt;script&gt; &amp; Tag" in raw
    assert "<script> & Tag" not in raw


@pytest.mark.sphinx("html", testroot="index")
def test_category_filter_and_no_summary(app: SphinxTestApp) -> None:
    app.build()
    index = index_of(app.outdir / "filtered.html")
    assert groups_of(index) == {"A": ["AA Route", "Apple Axis"], "E": ["Éclair Protocol"]}
    assert index.select(".glossary-index-summary") == []
    assert index.select(".glossary-index-categories")  # categories are still shown


@pytest.mark.sphinx("html", testroot="index")
def test_myst_directive_cards_only(app: SphinxTestApp) -> None:
    app.build()
    index = index_of(app.outdir / "myst.html")
    expected = {k: v for k, v in FULL.items() if k != "G"}
    assert groups_of(index) == expected


@pytest.mark.sphinx("html", testroot="index", srcdir="index-two-indexes", freshenv=True)
def test_two_indexes_on_one_page_keep_unique_ids(app: SphinxTestApp) -> None:
    with (app.srcdir / "full.rst").open("a", encoding="utf-8") as f:
        f.write("\n.. glossary-index::\n   :cards-only:\n")
    app.build()
    html = soup(app.outdir / "full.html")
    ids = [g["id"] for g in html.select(".glossary-index-group")]
    assert len(ids) == len(set(ids)) == 2 * len(FULL) - 1
    second = html.select(".glossary-index")[1]
    assert second.select_one(".glossary-index-letters a")["href"] == (
        "#glossary-index-letter-symbols-2"
    )


@pytest.mark.sphinx("html", testroot="index", srcdir="index-conflicting-options", freshenv=True)
def test_conflicting_options_and_empty_filter_warn(app: SphinxTestApp) -> None:
    (app.srcdir / "full.rst").write_text(
        "Full\n====\n\n.. glossary-index::\n   :cards-only:\n   :include-glossary:\n\n"
        ".. glossary-index::\n   :category: Nothing Like This\n",
        encoding="utf-8",
    )
    app.build()
    warnings = [
        (loc.rsplit("/", 1)[-1], typ) for loc, _, typ in warnings_of(app.warning.getvalue())
    ]
    assert warnings == [("full.rst:4", "glossterms.index"), ("full.rst:8", "glossterms.index")]


@pytest.mark.sphinx("html", testroot="index", confoverrides={"glossterms_autolink": "all"})
def test_index_text_is_not_autolinked(app: SphinxTestApp) -> None:
    app.build()
    index = index_of(app.outdir / "full.html")
    # "alpha wave"'s summary mentions Apple Axis: only the entries are links
    summaries = [s.get_text() for s in index.select(".glossary-index-summary")]
    assert "A lower-case term that sorts before Apple Axis." in summaries
    assert index.select(".glossterm-autolink") == []
    assert len(index.select("a.glossterm-link")) == sum(len(v) for v in FULL.values())
    # while the cards themselves are linked
    assert soup(app.outdir / "cards.html").select(".glossterm-autolink")


# -- the generated index page --------------------------------------------------------


# the "related" bar is the basic theme's (Sphinx >= 8 tests default to it, 7.4 to alabaster)
@pytest.mark.sphinx("html", testroot="index", confoverrides={"html_theme": "basic"})
def test_generated_index_page(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "glossterms-index.html")
    assert page.select_one("h1").get_text(strip=True) == "Glossary index"
    # the glossary-index directive's markup (DESIGN §3, §4), not a module index
    assert page.select_one("table.modindextable") is None
    letters = [a.get_text(strip=True) for a in page.select(".glossary-index-letters a")]
    assert letters == list(FULL)
    names = [c.get_text() for c in page.select(".glossary-index-entry a > .std-term")]
    assert names == [name for group in FULL.values() for name in group]
    link = page.find("span", string="Ångström Unit").parent
    assert link["href"] == "cards.html#term-zeta"

    # Sphinx registers the page as the standard label "glossterms-index"
    page = soup(app.outdir / "index.html")
    ref = page.select_one('a[href="glossterms-index.html"] > .std-ref')
    assert ref is not None
    assert ref.get_text(strip=True) == "Glossary index"
    # and the related bar links it by its short name
    assert page.select_one('.related a[href="glossterms-index.html"]').get_text() == "glossary"


# -- every builder -------------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="index", freshenv=True)
def test_text_builder(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (app.outdir / "full.txt").read_text(encoding="utf-8")
    assert "Jump to letter: # · A · E · G · Z · Ω" in text
    assert "*AA Route* → Apple Axis" in text
    assert text.index("*Echo Term*") < text.index("*Éclair Protocol*")


@pytest.mark.parametrize(
    "builder",
    ["latex", "man", "texinfo", "xml", "singlehtml", "dirhtml", "epub", "gettext"],
)
def test_every_builder(make_app: MakeApp, rootdir: Path, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=rootdir / "test-index", builddir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ""
    if builder == "latex":
        tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
        # the letter bar's links have LaTeX targets
        assert r"\hyperref[\detokenize{full:glossary-index-letter-e}]" in tex
        assert r"\label{\detokenize{full:glossary-index-letter-e}}" in tex
    if builder == "gettext":  # generated text is not offered for translation
        assert "Jump to letter" not in (app.outdir / "full.pot").read_text()
