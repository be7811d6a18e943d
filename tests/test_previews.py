"""Preview data and assets: escaped, shared by every page, web HTML only, off with
tooltips=False."""

from __future__ import annotations

import re

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import page_previews, shared_previews, soup

SUMMARY = 'Alpha </script><script>alert(1)</script> & "quotes" <!-- x -->'


@pytest.mark.sphinx("html", testroot="previews-basic", freshenv=True)
def test_shared_data_holds_every_term_once(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    data = shared_previews(app.outdir)
    assert data is not None
    # every term of the project, in document order, classic glossary terms included
    assert list(data) == ["term-delta", "term-Epsilon", "term-alpha", "term-beta", "term-gamma"]
    assert data["term-alpha"] == {
        "name": "Alpha",
        "summary": SUMMARY,
        "categories": ["Greek", "<b>Letters</b>"],
        "related": ["term-beta", "term-gamma"],
    }
    assert data["term-gamma"] == {"name": "Gamma", "summary": "The third letter."}
    # no page carries previews of this project's terms itself
    for page in app.outdir.glob("*.html"):
        assert 'id="glossterms-previews"' not in page.read_text(encoding="utf-8"), page


@pytest.mark.sphinx("html", testroot="previews-basic", freshenv=True)
def test_what_the_script_offers_on_a_page(app: SphinxTestApp) -> None:
    app.build()
    data = page_previews(app.outdir, "index.html")
    assert sorted(data) == ["term-Epsilon", "term-alpha", "term-beta"]
    assert data["term-alpha"] == {
        "name": "Alpha",
        "summary": SUMMARY,
        "categories": ["Greek", "<b>Letters</b>"],
        "url": "terms.html#term-alpha",
        # Gamma is related but not linked from this page: no nested preview.
        "related": ["term-beta"],
    }
    assert data["term-beta"]["related"] == ["term-alpha"]
    assert data["term-Epsilon"]["url"] == "other.html#term-Epsilon"
    assert data["term-Epsilon"]["summary"] == "The fifth letter."
    assert page_previews(app.outdir, "other.html") == {}


@pytest.mark.sphinx("html", testroot="previews-basic")
def test_every_link_has_its_data_and_no_title(app: SphinxTestApp) -> None:
    app.build()
    shared = shared_previews(app.outdir)
    assert shared is not None
    for name in ("index.html", "terms.html"):
        links = soup(app.outdir / name).select("a.glossterm-link")
        assert links
        for link in links:
            assert link["href"].rpartition("#")[2] in shared  # no link without data
            assert not link.has_attr("title")  # the preview shows it: no double tooltip
    # Links within a page use the bare anchor.
    terms = page_previews(app.outdir, "terms.html")
    assert terms["term-gamma"]["url"] == "#term-gamma"
    assert sorted(terms["term-alpha"]["related"]) == ["term-beta", "term-gamma"]


@pytest.mark.sphinx("html", testroot="previews-basic", srcdir="previews-first-build")
def test_script_and_styles_are_linked(app: SphinxTestApp) -> None:
    app.build()
    html = soup(app.outdir / "index.html")
    script = html.find("script", src=re.compile(r"_static/glossterms\.js"))
    assert script is not None
    assert script.has_attr("defer")
    # glossterms.js loads the shared data from next to itself: named in the page, it
    # would carry Sphinx's checksum, and every page would change with every summary
    assert "glossterms-previews.js" not in (app.outdir / "index.html").read_text("utf-8")
    assert script["data-label-related"] == "Related terms"
    assert int(script["data-close-delay"]) > 0
    assert html.find("link", href=re.compile(r"_static/glossterms\.css"))
    for static in ("glossterms.js", "glossterms.css", "glossterms-previews.js"):
        assert (app.outdir / "_static" / static).is_file()


@pytest.mark.sphinx("html", testroot="previews-basic", freshenv=True)
def test_shared_data_is_rewritten_only_when_it_changes(app: SphinxTestApp) -> None:
    app.build()
    path = app.outdir / "_static" / "glossterms-previews.js"
    before = path.stat().st_mtime_ns
    app.build()  # nothing changed
    assert path.stat().st_mtime_ns == before
    terms = app.srcdir / "terms.rst"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("The third letter.", "The third one."),
        encoding="utf-8",
    )
    app.build()
    shared = shared_previews(app.outdir)
    assert shared is not None
    assert shared["term-gamma"]["summary"] == "The third one."


@pytest.mark.sphinx("singlehtml", testroot="previews-basic")
def test_singlehtml_urls_are_anchors(app: SphinxTestApp) -> None:
    app.build()
    data = page_previews(app.outdir, "index.html")
    assert {term["url"] for term in data.values()} == {f"#{key}" for key in data}
    assert {"term-alpha", "term-beta", "term-Epsilon"} <= set(data)


@pytest.mark.sphinx("dirhtml", testroot="previews-basic")
def test_dirhtml_urls_are_relative(app: SphinxTestApp) -> None:
    app.build()
    data = page_previews(app.outdir, "index.html")
    assert data["term-alpha"]["url"] == "terms/#term-alpha"
    assert shared_previews(app.outdir) is not None
    html = soup(app.outdir / "terms" / "index.html")
    assert html.find("script", src=re.compile(r"^\.\./_static/glossterms\.js"))


@pytest.mark.sphinx("html", testroot="previews-off", freshenv=True)
def test_tooltips_off_leaves_only_titles(app: SphinxTestApp) -> None:
    app.build()
    summaries = {
        t.record.anchor: t.record.summary for t in get_domain(app.env).glossary.terms.values()
    }
    assert app.warning.getvalue() == ""
    for page in ("index.html", "terms.html"):
        text = (app.outdir / page).read_text(encoding="utf-8")
        assert "glossterms-previews" not in text
        assert "glossterms.js" not in text
        links = soup(app.outdir / page).select("a.glossterm-link")
        assert links
        # No script: the summary is the links' native tooltip.
        for link in links:
            assert link["title"] == summaries[link["href"].rpartition("#")[2]]
    assert shared_previews(app.outdir) is None


@pytest.mark.sphinx("latex", testroot="previews-basic")
def test_latex_gets_no_assets(app: SphinxTestApp) -> None:
    app.build()
    produced = [p.name for p in app.outdir.rglob("*")]
    assert "glossterms.js" not in produced
    assert "glossterms.css" not in produced
    tex = "\n".join(p.read_text(encoding="utf-8") for p in app.outdir.glob("*.tex"))
    assert tex
    assert "glossterms-previews" not in tex


@pytest.mark.sphinx("text", testroot="previews-basic")
def test_text_gets_no_data(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "glossterms-previews" not in text
    assert "{" not in text


@pytest.mark.sphinx("epub", testroot="previews-basic")
def test_epub_gets_no_data(app: SphinxTestApp) -> None:
    app.build()
    pages = list(app.outdir.glob("*.xhtml"))
    assert pages
    assert not any("glossterms-previews" in p.read_text(encoding="utf-8") for p in pages)
    assert not list(app.outdir.rglob("glossterms-previews.js"))
    # and no page names it (nor the script that would read it)
    assert not any("glossterms-previews.js" in p.read_text("utf-8") for p in pages)
    assert not any("glossterms.js" in p.read_text("utf-8") for p in pages)
