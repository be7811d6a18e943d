"""Author input that once crashed a builder, ran script or leaked: DESIGN §5."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from sphinx_glossterms.domain import get_domain
from sphinx_glossterms.records import SUMMARY_LIMIT, TermRecord, summary_of

from helpers import (
    AppParams,
    MakeApp,
    page_previews,
    plain,
    shared_previews,
    soup,
    warnings_of,
)

HOSTILE_NAMES = [
    'x"><img src=x onerror=alert(1)>',
    "Other <script>alert(2)</script>",
    "');alert(6);//",
]


def _no_injected_markup(html: BeautifulSoup, where: str) -> None:
    """No element a hostile name could have created, no event handler attribute."""
    for element in html.find_all(True):
        handlers = [a for a in element.attrs if a.lower().startswith("on")]
        assert not handlers, f"{where}: event handler {handlers} on <{element.name}>"
    for script in html.find_all("script"):
        if not script.get("src"):
            text = script.string or ""
            if script.get("type", "").endswith("json"):
                json.loads(text)  # the data did not break out of its element
            else:
                assert "alert" not in text, f"{where}: injected script {text[:120]!r}"


# -- script injection through names -------------------------------------------------


@pytest.mark.parametrize(
    "image_format",
    [
        pytest.param(
            kind,
            marks=pytest.mark.sphinx(
                "html",
                testroot="hostile",
                srcdir=f"hostile-{kind}",
                freshenv=True,
                confoverrides={"graphviz_output_format": kind},
            ),
        )
        for kind in ("svg", "png")
    ],
)
def test_hostile_names_are_escaped_in_every_html_output(
    app: SphinxTestApp, image_format: str
) -> None:
    app.build()
    out = app.outdir
    for page in ["index.html", "markdown.html", "glossterms-index.html"]:
        _no_injected_markup(soup(out / page), page)
    page = soup(out / "index.html")
    # names appear as text, and as attribute values that decode to the name
    titles = {c.select_one(".term-card-title").get_text() for c in page.select(".term-card")}
    assert {t.removesuffix("¶") for t in titles} >= set(HOSTILE_NAMES[:2])
    graph = page.select_one(".glossary-graph")
    assert graph is not None
    if image_format == "png":
        image = graph.select_one("img")
        assert HOSTILE_NAMES[0] in image["alt"]
        areas = page.select("map area")
        assert areas, "the image map is written"
        for area in areas:
            assert not [a for a in area.attrs if a.startswith("on")]
    else:
        svg_file = out / graph.select_one("object")["data"]
        svg = BeautifulSoup(svg_file.read_text("utf-8"), "html.parser")
        _no_injected_markup(svg, svg_file.name)
        labels = {t.get_text() for t in svg.find_all(lambda t: t.name.endswith("text"))}
        assert set(HOSTILE_NAMES[:2]) <= labels
    # previews, JSON-LD and the export round-trip the names exactly
    previews = page_previews(out, "index.html")
    assert set(HOSTILE_NAMES[:2]) <= {entry["name"] for entry in previews.values()}
    jsonld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert set(HOSTILE_NAMES[:2]) <= {t["name"] for t in jsonld["hasDefinedTerm"]}
    export = json.loads((out / "glossterms.json").read_text("utf-8"))
    assert set(HOSTILE_NAMES) <= {t["name"] for t in export["terms"]}
    # a marked-up summary is plain text in the previews
    summaries = {entry["summary"] for entry in previews.values()}
    assert 'A small gland & "quoted" <img src=x onerror=alert(5)>' in summaries


# -- pages outside a builder's document tree -------------------------------------------


@pytest.mark.parametrize(
    "buildername",
    [
        pytest.param(
            name,
            marks=pytest.mark.sphinx(name, testroot="orphan", srcdir=f"orphan-{name}"),
        )
        for name in ("latex", "texinfo", "singlehtml", "html", "text")
    ],
)
def test_orphan_cards_never_crash_a_builder(app: SphinxTestApp, buildername: str) -> None:
    app.build()  # raised sphinx.errors.NoUri in latex and texinfo
    assert warnings_of(app.warning.getvalue()) == []
    if buildername == "latex":
        tex = (app.outdir / "orphan.tex").read_text("utf-8")
        # the mention stays, as text: the orphan page is not in the PDF
        assert "Orphan Term" in tex
        assert "term-orphan-term" not in tex
    if buildername == "singlehtml":
        page = soup(app.outdir / "index.html")
        anchors = {a["href"] for a in page.select("a.glossterm-link")}
        assert "#term-orphan-term" not in anchors  # not on the page: left as text
        assert "Orphan Term" in page.select_one("#term-tree-term").get_text()
    if buildername == "html":
        page = soup(app.outdir / "orphan.html")
        links = {a.get_text(): a["href"] for a in page.select("a.glossterm-link")}
        assert links["Tree Term"] == "index.html#term-tree-term"


@pytest.mark.parametrize(
    ("buildername", "image_format"),
    [("singlehtml", "svg"), ("singlehtml", "png"), ("html", "svg"), ("latex", "png")],
)
def test_graph_leaves_cards_off_the_output_as_text(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, buildername: str, image_format: str
) -> None:
    """The graph's nodes link like every other link (``builders.require_page``): the
    orphan card is not on singlehtml's one page, so its node is drawn unlinked."""
    src = tmp_path / "orphan-graph"
    shutil.copytree(rootdir / "test-orphan", src)
    with (src / "index.rst").open("a", encoding="utf-8") as index:
        index.write("\n.. glossary-graph::\n")
    app = make_app(
        buildername,
        srcdir=src,
        freshenv=True,
        confoverrides={"graphviz_output_format": image_format},
    )
    app.build()
    assert warnings_of(app.warning.getvalue()) == []
    if buildername == "latex":
        return  # no links in a PDF's graph; the build did not crash
    page_path = app.outdir / "index.html"
    page = soup(page_path)
    if image_format == "png":
        image = page.select_one(".glossary-graph img")
        assert "Orphan Term" in image["alt"]
        hrefs = {area["href"] for area in page.select(".glossary-graph map area")}
        base = page_path
    else:
        base = app.outdir / page.select_one(".glossary-graph object")["data"]
        svg = BeautifulSoup(base.read_text("utf-8"), "html.parser")
        labels = {t.get_text() for t in svg.find_all(lambda t: t.name.endswith("text"))}
        assert labels == {"Tree Term", "Orphan Term"}
        hrefs = {
            value
            for link in svg.find_all(lambda t: t.name.split(":")[-1] == "a")
            for key, value in link.attrs.items()
            if key.split(":")[-1] == "href"
        }
    targets = {
        posixpath.normpath(
            posixpath.join(posixpath.dirname(str(base.relative_to(app.outdir))), href)
        )
        for href in hrefs
    }
    if buildername == "singlehtml":
        assert targets == {"index.html#term-tree-term"}
    else:
        assert targets == {"index.html#term-tree-term", "orphan.html#term-orphan-term"}


# -- cards excluded by .. only:: -----------------------------------------------------


@pytest.mark.sphinx("html", testroot="only")
def test_cards_in_only_do_not_exist_for_other_builders(app: SphinxTestApp) -> None:
    app.build()
    glossary = get_domain(app.env).glossary
    assert glossary.find("Printed Term") is None
    assert glossary.find("Web Term") is not None
    export = json.loads((app.outdir / "glossterms.json").read_text("utf-8"))
    assert [t["name"] for t in export["terms"]] == ["Everywhere Term", "Web Term"]
    page = soup(app.outdir / "index.html")
    entries = [a.get_text() for a in page.select(".glossary-index-entry a")]
    assert entries == ["Everywhere Term", "Web Term"]
    links = [a.get_text() for a in page.select("a.glossterm-autolink")]
    assert "Printed Term" not in links
    assert "Web Term" in links
    previews = shared_previews(app.outdir)
    assert previews is not None
    assert "term-printed-term" not in previews
    assert "term-Web-Term" in previews
    jsonld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [t["name"] for t in jsonld["hasDefinedTerm"]] == ["Everywhere Term"]
    with (app.outdir / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, "", lambda base, uri: uri)
    names = {name for kind in inventory.values() for name in kind}
    assert "Printed Term" not in names
    assert "Everywhere Term" in names
    assert "Printed Term" not in (app.outdir / "searchindex.js").read_text("utf-8")
    # the generated index page and Sphinx's general index
    generated = soup(app.outdir / "glossterms-index.html")
    assert [a.get_text() for a in generated.select(".glossary-index-entry a")] == [
        "Everywhere Term",
        "Web Term",
    ]
    general = soup(app.outdir / "genindex.html")
    assert "Everywhere Term" in general.get_text()
    assert "Printed Term" not in general.get_text()


@pytest.mark.sphinx("html", testroot="only", srcdir="only-tags")
def test_general_index_follows_each_build(make_app: MakeApp, app_params: AppParams) -> None:
    """Entries left out of one build's general index are back in the next build on
    the same environment where ``.. only::`` holds (no document is read again)."""
    shown = []
    for tags in ([], ["latex"], []):
        app = make_app(*app_params.args, **{**app_params.kwargs, "tags": tags})
        app.build()
        shown.append("Printed Term" in soup(app.outdir / "genindex.html").get_text())
    assert shown == [False, True, False]


@pytest.mark.sphinx("latex", testroot="only")
def test_cards_in_only_exist_for_their_builder(app: SphinxTestApp) -> None:
    app.build()
    glossary = get_domain(app.env).glossary
    assert glossary.find("Printed Term") is not None
    assert glossary.find("Web Term") is None
    tex = (app.outdir / "only.tex").read_text("utf-8")
    assert r"\label{\detokenize{index:term-printed-term}}" in tex
    assert r"\spxentry{Printed Term}" in tex  # its index entry


# -- summaries -------------------------------------------------------------------------


def test_summary_is_cut_at_a_word() -> None:
    text = "word " * 200
    summary = summary_of(text)
    assert len(summary) <= SUMMARY_LIMIT
    assert summary.endswith("word…")
    assert summary_of("Short.") == "Short."


@pytest.mark.sphinx("html", testroot="hardening", freshenv=True)
def test_summaries_are_short_plain_text(app: SphinxTestApp) -> None:
    app.build()
    glossary = get_domain(app.env).glossary
    long_summary = glossary.find("Long Term").record.summary
    assert len(long_summary) <= SUMMARY_LIMIT
    assert long_summary.endswith("…")
    assert glossary.find("Marked Term").record.summary == (
        "A small gland with code and a Long Term."
    )
    # every preview shows the short summary, never the megabyte definition
    previews = page_previews(app.outdir, "summaries.html")
    assert previews
    assert max(len(entry["summary"]) for entry in previews.values()) <= SUMMARY_LIMIT


# -- a card inside a card -------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="hardening", freshenv=True)
def test_card_inside_card_is_its_own_term(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app.warning.getvalue())
    nested = [(loc, msg) for loc, msg, kind in warnings if kind == "glossterms.card"]
    assert [re.sub(r".*/", "", loc) for loc, _ in nested] == ["nested.rst:9", "nested_md.md:6"]
    glossary = get_domain(app.env).glossary
    for outer, inner in [("Outer Term", "Inner Term"), ("Outer Markdown", "Inner Markdown")]:
        outer_term = glossary.find(outer)
        assert outer_term.record.definition == "The outer definition."
        assert outer_term.related == ()  # the inner card's mention is not the outer's
        assert glossary.find(inner).related == ("marked term",)
    page = soup(app.outdir / "nested.html")
    cards = page.select(".term-card")
    assert [c["id"] for c in cards] == ["term-outer-term", "term-inner-term", "term-plain-term"]
    assert not cards[0].select(".term-card")


# -- classic glossary duplicates --------------------------------------------------------


def _duplicates(app: SphinxTestApp) -> list[tuple[str, str]]:
    return sorted(
        (re.sub(r".*/", "", loc), msg)
        for loc, msg, kind in warnings_of(app.warning.getvalue())
        if kind == "glossterms.duplicate"
    )


@pytest.mark.sphinx("html", testroot="hardening", srcdir="hardening-duplicates")
def test_classic_glossary_duplicate_is_typed_and_parallel_safe(
    make_app: MakeApp, app_params: AppParams
) -> None:
    found, every = [], []
    for parallel in (0, 2):
        app = make_app(
            *app_params.args, **{**app_params.kwargs, "parallel": parallel, "freshenv": True}
        )
        app.build()
        found.append(_duplicates(app))
        # every warning about the sources (not the set-up of a second app in a process)
        lines = plain(app.warning.getvalue()).splitlines()
        every.append(sorted(line for line in lines if re.match(r"\S+\.(rst|md):\d+: ", line)))
        assert get_domain(app.env).glossary.find("Twice Defined").record.docname == "glossary_a"
        # Sphinx's own warning (untyped, and not given across parallel readers) is
        # replaced by ours, so suppress_warnings and -W see one typed warning.
        assert "duplicate term description" not in app.warning.getvalue()
    assert found[0] == found[1]
    assert every[0] == every[1]
    assert found[0] == [
        (
            "glossary_b.rst:5",
            "term 'Twice Defined' is defined twice: here and in 'glossary_a' (line 5), which wins",
        )
    ]


# -- :ref: to a card's :name: -----------------------------------------------------------


@pytest.mark.sphinx("html", testroot="hardening", freshenv=True)
def test_ref_to_card_name_uses_the_term_name(app: SphinxTestApp) -> None:
    app.build()
    assert "title or caption not found" not in app.warning.getvalue()
    page = soup(app.outdir / "refs.html")
    link = page.select_one(
        'a[href="nested.html#outer-card"], a[href="nested.html#term-outer-term"]'
    )
    assert link is not None
    assert link.get_text() == "Outer Term"


# -- what other pages show of a term ----------------------------------------------------


def test_views_cover_every_field_not_marked() -> None:
    """A record field not marked changes what linking pages show, and every field
    neither LOCAL nor OWN_PAGE what index pages show: a new field cannot be
    forgotten, as ``title`` (the translated heading) once was."""
    base = TermRecord(name="A", docname="d", anchor="term-a", position=0, lineno=1)
    for item in dataclasses.fields(TermRecord):
        value = getattr(base, item.name)
        if isinstance(value, tuple):
            changed: object = (*value, "x")
        elif isinstance(value, bool):
            changed = not value
        elif isinstance(value, int):
            changed = value + 1
        else:
            changed = f"{value}x"
        other = dataclasses.replace(base, **{item.name: changed})
        shown = item.metadata.get("shown")
        titled = shown in (None, "link titles")  # summaries, when links carry them
        assert (other.linked_view() != base.linked_view()) is titled, item.name
        untitled = other.linked_view(titles=False) != base.linked_view(titles=False)
        assert untitled is (shown is None), item.name
        indexed = shown not in ("nowhere", "own page")
        assert (other.index_view() != base.index_view()) is indexed, item.name
    assert not dataclasses.fields(TermRecord)[-1].metadata  # e.g. ``only``
    assert "title" in {f.name for f in dataclasses.fields(TermRecord) if not f.metadata}
