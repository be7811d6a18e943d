"""Preview data and assets: escaped, per page, HTML only, off with tooltips=False."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup

DATA_RE = re.compile(
    r'<script type="application/json" id="glossterms-previews">(.*?)</script>', re.S
)
SUMMARY = 'Alpha </script><script>alert(1)</script> & "quotes" <!-- x -->'


def preview_data(page: Path) -> dict[str, Any] | None:
    """The raw JSON text of a page's preview data, checked and parsed."""
    html = page.read_text(encoding="utf-8")
    found = DATA_RE.findall(html)
    if not found:
        return None
    assert len(found) == 1
    payload = found[0]
    # Nothing in the payload can end the script or open markup.
    assert not set("<>&") & set(payload)
    data: dict[str, Any] = json.loads(payload)
    return data


@pytest.mark.sphinx("html", testroot="previews-basic", freshenv=True)
def test_data_holds_only_the_linked_terms(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    data = preview_data(app.outdir / "index.html")
    assert data is not None
    assert sorted(data) == ["term-Epsilon", "term-alpha", "term-beta"]
    assert data["term-alpha"] == {
        "name": "Alpha",
        "summary": SUMMARY,
        "categories": ["Greek", "<b>Letters</b>"],
        "url": "terms.html#term-alpha",
        # Gamma is related but not linked from this page: no data, no link.
        "related": ["term-beta"],
    }
    assert data["term-beta"]["related"] == ["term-alpha"]
    assert data["term-Epsilon"]["url"] == "other.html#term-Epsilon"
    assert data["term-Epsilon"]["summary"] == "The fifth letter."
    # A page that links to no term carries no data at all.
    assert preview_data(app.outdir / "other.html") is None


@pytest.mark.sphinx("html", testroot="previews-basic")
def test_every_link_has_its_data_and_title(app: SphinxTestApp) -> None:
    app.build()
    for name in ("index.html", "terms.html"):
        page = app.outdir / name
        data = preview_data(page)
        assert data is not None
        links = soup(page).select("a.glossterm-link")
        assert links
        anchors = {link["href"].rpartition("#")[2] for link in links}
        assert anchors == set(data), name  # no link without data, no data unused
        for link in links:
            term = data[link["href"].rpartition("#")[2]]
            assert link["href"] == term["url"]
            assert link["title"] == term["summary"]
    # Links within a page use the bare anchor.
    terms = preview_data(app.outdir / "terms.html")
    assert terms is not None
    assert terms["term-gamma"]["url"] == "#term-gamma"
    assert sorted(terms["term-alpha"]["related"]) == ["term-beta", "term-gamma"]


@pytest.mark.sphinx("html", testroot="previews-basic")
def test_script_and_styles_are_linked(app: SphinxTestApp) -> None:
    app.build()
    html = soup(app.outdir / "index.html")
    script = html.find("script", src=re.compile(r"_static/glossterms\.js"))
    assert script is not None
    assert script.has_attr("defer")
    assert script["data-label-related"] == "Related terms"
    assert int(script["data-close-delay"]) > 0
    assert html.find("link", href=re.compile(r"_static/glossterms\.css"))
    assert (app.outdir / "_static" / "glossterms.js").is_file()
    assert (app.outdir / "_static" / "glossterms.css").is_file()


@pytest.mark.sphinx("singlehtml", testroot="previews-basic")
def test_singlehtml_urls_are_anchors(app: SphinxTestApp) -> None:
    app.build()
    data = preview_data(app.outdir / "index.html")
    assert data is not None
    assert {term["url"] for term in data.values()} == {f"#{key}" for key in data}
    assert {"term-alpha", "term-beta", "term-Epsilon"} <= set(data)


@pytest.mark.sphinx("dirhtml", testroot="previews-basic")
def test_dirhtml_urls_are_relative(app: SphinxTestApp) -> None:
    app.build()
    data = preview_data(app.outdir / "index.html")
    assert data is not None
    assert data["term-alpha"]["url"] == "terms/#term-alpha"


@pytest.mark.sphinx("html", testroot="previews-off", freshenv=True)
def test_tooltips_off_removes_everything(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for page in ("index.html", "terms.html"):
        text = (app.outdir / page).read_text(encoding="utf-8")
        assert "glossterms-previews" not in text
        assert "glossterms.js" not in text
        links = soup(app.outdir / page).select("a.glossterm-link")
        assert links
        assert not any(link.has_attr("title") for link in links)


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
