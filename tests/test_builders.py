"""Every builder of DESIGN §1 builds the cards without a single warning (-W)."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup

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
def test_builder_without_warnings(make_app, rootdir, tmp_path, buildername: str, root: str) -> None:  # type: ignore[no-untyped-def]
    import shutil

    srcdir = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app: SphinxTestApp = make_app(buildername, srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    assert any(app.outdir.iterdir())


def _build(make_app, rootdir, tmp_path, buildername: str) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    import shutil

    srcdir = tmp_path / "cards"
    shutil.copytree(rootdir / "test-cards", srcdir)
    app: SphinxTestApp = make_app(buildername, srcdir=srcdir)
    app.build()
    return app


def test_text_output(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, rootdir, tmp_path, "text")
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


def test_latex_has_labels_for_terms(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, rootdir, tmp_path, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\label{\detokenize{rst:term-hpg-axis-restoration}}" in tex
    assert r"\hyperref[\detokenize{rst:term-hpg-axis-restoration}]" in tex
    assert "glossterms.css" not in tex


def test_dirhtml_and_singlehtml_links(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, rootdir, tmp_path, "dirhtml")
    hrefs = {a["href"] for a in soup(app.outdir / "refs" / "index.html").select("a.glossterm-link")}
    assert "../rst/#term-hpg-axis-restoration" in hrefs
    app = _build(make_app, rootdir, tmp_path / "single", "singlehtml")
    page = soup(app.outdir / "index.html")
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


def test_xml_keeps_card_nodes(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, rootdir, tmp_path, "xml")
    xml = (app.outdir / "rst.xml").read_text(encoding="utf-8")
    assert "<term_card" in xml
    assert "glossary_index" not in xml
