"""``glossary-graph``: graphviz output with ``dot``, a linked list without it."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.glossary import ResolvedTerm
from sphinx_glossterms.graph import select
from sphinx_glossterms.names import term_key
from sphinx_glossterms.records import TermRecord

from helpers import soup, warnings_of

MakeApp = Callable[..., SphinxTestApp]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz not installed")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def svg_nodes(path: Path) -> dict[str, str]:
    """Label -> link of every node in a graphviz SVG."""
    root = ET.parse(path).getroot()
    found = {}
    for link in root.iter(f"{SVG}a"):
        text = link.find(f"{SVG}text")
        if text is not None:
            found[text.text or ""] = link.get(f"{XLINK}href") or ""
    return found


def graph_files(app: SphinxTestApp, page: str) -> list[Path]:
    html = soup(app.outdir / page)
    return [app.outdir / obj["data"] for obj in html.select(".glossary-graph object")]


@needs_dot
@pytest.mark.sphinx("html", testroot="graph", freshenv=True)
def test_whole_glossary_svg(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    (svg,) = graph_files(app, "whole.html")
    # links are relative to the page, rewritten by graphviz relative to _images/
    assert svg_nodes(svg) == {
        '"Quoted" <Leaf>': "../terms.html#term-quoted-leaf-020446",
        "Far Away": "../more/other.html#term-far-away",
        "Hub Term": "../terms.html#term-hub-term",
        "Island": "../terms.html#term-island",
        "Spoke One": "../terms.html#term-spoke-one",
        "Spoke Two": "../terms.html#term-spoke-two",
    }
    text = svg.read_text(encoding="utf-8")
    assert "The centre of the graph." in text  # the tooltip is the summary
    assert "&lt;Leaf&gt;" in text  # escaped by dot


@needs_dot
@pytest.mark.sphinx("html", testroot="graph")
def test_root_depth_and_category(app: SphinxTestApp) -> None:
    app.build()
    rooted, category = graph_files(app, "rooted.html")
    # one step from the hub, both ways: what it relates to, what relates to it
    assert set(svg_nodes(rooted)) == {"Hub Term", "Spoke One", "Spoke Two", "Far Away"}
    # the "core" cards and their neighbours
    assert set(svg_nodes(category)) == {"Hub Term", "Spoke One", "Spoke Two"}


@pytest.mark.sphinx("html", testroot="graph-nodot", freshenv=True)
def test_fallback_without_dot(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app.warning.getvalue())
    assert len(warnings) == 1
    location, message, kind = warnings[0]
    assert location.endswith("index.rst:21")
    assert kind == "glossterms.graph"
    assert "/nonexistent/dot" in message
    assert not (app.outdir / "_images").exists()

    graph = soup(app.outdir / "index.html").select_one(".glossary-graph")
    lines = [[(a.get_text(), a["href"]) for a in item.select("a")] for item in graph.select("li")]
    assert lines == [
        [
            ("Hub Term", "#term-hub-term"),
            ("Spoke One", "#term-spoke-one"),
            ("Spoke Two", "#term-spoke-two"),
        ],
        [("Island", "#term-island")],
        [("Spoke One", "#term-spoke-one"), ("Hub Term", "#term-hub-term")],
    ]
    assert graph.select_one("li").get_text() == "Hub Term → Spoke One, Spoke Two"


@pytest.mark.parametrize("builder", ["text", "man", "xml", "texinfo"])
def test_formats_without_pictures_get_the_list(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    # no warning: these formats never need dot
    app = make_app(builder, srcdir=rootdir / "test-graph-nodot", builddir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ""
    if builder == "text":
        text = (app.outdir / "index.txt").read_text(encoding="utf-8")
        assert "* *Hub Term* → *Spoke One*, *Spoke Two*" in text


@needs_dot
@pytest.mark.parametrize("builder", ["latex", "singlehtml", "dirhtml", "epub"])
def test_picture_builders(make_app: MakeApp, rootdir: Path, tmp_path: Path, builder: str) -> None:
    app = make_app(builder, srcdir=rootdir / "test-graph", builddir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ""
    if builder == "latex":
        assert list(app.outdir.glob("graphviz-*.pdf"))


@needs_dot
@pytest.mark.sphinx("html", testroot="graph", confoverrides={"graphviz_output_format": "png"})
def test_png_image_map_links(app: SphinxTestApp) -> None:
    app.build()
    html = soup(app.outdir / "whole.html")
    areas = {a["title"]: a["href"] for a in html.select("map area")}
    assert areas["The centre of the graph."] == "terms.html#term-hub-term"
    assert areas["Defined on another page, in a subdirectory."] == ("more/other.html#term-far-away")


@pytest.mark.sphinx("text", testroot="graph-nodot", srcdir="graph-unknown-root", freshenv=True)
def test_unknown_root_warns(app: SphinxTestApp) -> None:
    with (app.srcdir / "index.rst").open("a", encoding="utf-8") as f:
        f.write("\n.. glossary-graph::\n   :root: No Such Term\n")
    app.build()
    ((location, message, kind),) = warnings_of(app.warning.getvalue())
    assert location.endswith("index.rst:23")
    assert kind == "glossterms.graph"
    assert "No Such Term" in message


def _term(
    name: str,
    related: tuple[str, ...] = (),
    mentioned: tuple[str, ...] = (),
    kind: str = "card",
    categories: tuple[str, ...] = (),
) -> ResolvedTerm:
    record = TermRecord(
        name=name,
        docname="d",
        anchor=name,
        position=0,
        lineno=None,
        kind=kind,
        categories=categories,
    )
    return ResolvedTerm(record, related, mentioned)


def test_select() -> None:
    terms = {
        "a": _term("A", related=("b",), categories=("X",)),
        "b": _term("B", related=("c",), mentioned=("a",)),
        "c": _term("C", mentioned=("b",)),
        "g": _term("G", kind="glossary"),
    }
    assert select(terms) == (["a", "b", "c"], [("a", "b"), ("b", "c")])
    assert select(terms, categories=["x"]) == (["a", "b"], [("a", "b")])
    assert select(terms, root="c", depth=1) == (["b", "c"], [("b", "c")])
    assert select(terms, root="c", depth=2) == (["a", "b", "c"], [("a", "b"), ("b", "c")])
    assert select(terms, root="c", depth=0) == (["c"], [])
    assert term_key("A") == "a"
