"""Every builder of DESIGN §1 builds the cards without a single warning (-W)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import AppParams, MakeApp, soup

BUILDERS = [
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "text",
    "man",
    "texinfo",
    "xml",
    "pseudoxml",
    "gettext",
]


@pytest.mark.parametrize("buildername", BUILDERS)
@pytest.mark.parametrize("root", ["cards", "markup"])
def test_builder_without_warnings(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, buildername: str, root: str
) -> None:
    app = make_app(buildername, srcdir=rootdir / f"test-{root}", builddir=tmp_path, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    assert any(app.outdir.iterdir())


@pytest.mark.sphinx("text", testroot="cards")
def test_text_output(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "rst.txt").read_text(encoding="utf-8")
    for expected in [
        "HPG Axis Restoration",
        "Origin",
        "Origin of the term.",
        "Mechanism",
        "Usage Notes",
        "Related terms",
        "Mentioned in",
    ]:
        assert expected in text


@pytest.mark.sphinx("latex", testroot="cards")
def test_latex_has_labels_for_terms(app: SphinxTestApp) -> None:
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\label{\detokenize{rst:term-hpg-axis-restoration}}" in tex
    assert r"\hyperref[\detokenize{rst:term-hpg-axis-restoration}]" in tex


ASSETS = {"glossterms.css", "glossterms.js"}


def assets_of(app: SphinxTestApp) -> tuple[set[str], set[str], set[str]]:
    """Our static files: in the output, registered with Sphinx, in the page templates'
    ``css_files`` and ``script_files`` (the builder's lists; only HTML builders have them)."""
    written = {p.name for p in app.outdir.rglob("*") if p.name in ASSETS}
    registered = {name for name, _ in app.registry.css_files + app.registry.js_files}
    context = getattr(app.builder, "globalcontext", {})
    linked = {
        Path(str(asset.filename)).name
        for asset in [*context.get("css_files", []), *context.get("script_files", [])]
    }
    return written, registered & ASSETS, linked & ASSETS


@pytest.mark.sphinx("latex", testroot="cards", srcdir="builders-assets")
def test_css_and_js_only_reach_html(app_params: AppParams, make_app: MakeApp) -> None:
    """sphinx-design's rule: static assets are added for HTML builders only."""
    args, kwargs = app_params
    latex = make_app(*args, **kwargs)
    latex.build()
    assert assets_of(latex) == (set(), set(), set())
    assert list(latex.outdir.glob("*.tex"))
    # the same project, same process, as HTML: everything is there
    html = make_app("html", *args[1:], **kwargs)
    html.build()
    assert assets_of(html) == (ASSETS, ASSETS, ASSETS)
    page = soup(html.outdir / "rst.html")
    assert page.select_one('link[href*="_static/glossterms.css"]') is not None
    assert page.select_one('script[src*="_static/glossterms.js"]') is not None


@pytest.mark.sphinx("dirhtml", testroot="cards")
def test_dirhtml_and_singlehtml_links(
    app: SphinxTestApp, app_params: AppParams, make_app: MakeApp
) -> None:
    app.build()
    hrefs = {a["href"] for a in soup(app.outdir / "refs" / "index.html").select("a.glossterm-link")}
    assert "../rst/#term-hpg-axis-restoration" in hrefs
    single = make_app("singlehtml", *app_params[0][1:], **app_params[1])
    single.build()
    page = soup(single.outdir / "index.html")
    ids = {card["id"] for card in page.select(".term-card")}
    hrefs = {a["href"] for a in page.select("a.glossterm-link")}
    # Links to terms point at the card on the one page (Sphinx 9 itself would
    # write "#document-<doc>#<anchor>", which browsers cannot follow).
    assert "#term-hpg-axis-restoration" in hrefs
    assert {h.lstrip("#") for h in hrefs} <= ids
    # the merged page still shows each card's related terms and backlinks
    card = page.select_one("#term-hpg-axis-restoration")
    assert [a.get_text() for a in card.select(".term-card-related a")] == ["Hormonal Restoration"]
    assert card.select_one(".term-card-backlinks a") is not None


@pytest.mark.sphinx("xml", testroot="cards")
def test_xml_keeps_card_nodes(app: SphinxTestApp) -> None:
    app.build()
    xml = (app.outdir / "rst.xml").read_text(encoding="utf-8")
    assert "<term_card" in xml
    assert "glossary_index" not in xml
