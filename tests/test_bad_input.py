"""DESIGN §5: every kind of bad input is a located, typed warning; the build goes on."""

from __future__ import annotations

import shutil

from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import soup, warnings_of


def build(make_app, rootdir, tmp_path, root: str, **kwargs) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    srcdir = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app: SphinxTestApp = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


def relative(warnings: list[tuple[str, str, str]], srcdir) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(loc.replace(str(srcdir) + "/", ""), msg, typ) for loc, msg, typ in warnings}


EXPECTED = {
    ("index.rst:12", "term-card without a name; the card is skipped", "glossterms.card"),
    ("nameless.md:3", "term-card without a name; the card is skipped", "glossterms.card"),
    ("index.rst:26", "term card 'Empty Card' has no definition", "glossterms.empty"),
    ("sections.rst:4", "term-origin 'Origin' is outside a term-card", "glossterms.section"),
    ("myst_bad.md:3", "term-section 'Stray' is outside a term-card", "glossterms.section"),
    (
        "sections.rst:16",
        "section 'Mechanism' appears twice in the card 'Epsilon'",
        "glossterms.section",
    ),
    (
        "dup_b.rst:4",
        "term 'gamma' is defined twice: here and in 'dup_a' (line 4), which wins",
        "glossterms.duplicate",
    ),
    (
        "index.rst:16",
        "alias 'Beta' of term 'Alpha' is the name of another term (in 'index');"
        " the alias is ignored",
        "glossterms.alias",
    ),
    (
        "index.rst:16",
        "alias 'Shared Alias' of term 'Alpha' is already an alias of 'Delta'; the first one wins",
        "glossterms.duplicate",
    ),
    ("index.rst:16", "term 'Alpha' is related to unknown term 'Nowhere'", "glossterms.related"),
}


def test_each_row_warns_with_location_and_type(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "bad-input")
    output = app.warning.getvalue()
    assert "Traceback" not in output
    assert relative(warnings_of(output), app.srcdir) == EXPECTED
    # the build went on: every page was written, the bad cards are skipped
    html = soup(app.outdir / "index.html")
    assert {c["id"] for c in html.select(".term-card")} == {
        "term-alpha",
        "term-beta",
        "term-empty-card",
    }
    # stray section content is kept as plain content
    assert "An origin outside any card." in (app.outdir / "sections.html").read_text()


def test_duplicate_first_in_document_order_wins(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "bad-input")
    domain = get_domain(app.env).glossary
    assert domain.find("Gamma").record.docname == "dup_a"
    assert domain.find("Other Alias").record.docname == "dup_a"
    assert domain.find("Shared Alias").name == "Delta"
    assert domain.find("Beta").name == "Beta"
    std = app.env.get_domain("std")
    assert std._terms["gamma"] == ("dup_a", "term-gamma")


def test_parallel_build_same_warnings_and_winner(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    serial = build(make_app, rootdir, tmp_path / "serial", "bad-input")
    parallel = build(make_app, rootdir, tmp_path / "parallel", "bad-input", parallel=2)
    assert relative(warnings_of(parallel.warning.getvalue()), parallel.srcdir) == relative(
        warnings_of(serial.warning.getvalue()), serial.srcdir
    )
    for name in ["Gamma", "Shared Alias", "Alpha", "Beta"]:
        assert get_domain(parallel.env).glossary.find(name) == get_domain(serial.env).glossary.find(
            name
        )
    for page in ["index.html", "dup_a.html", "dup_b.html", "sections.html"]:
        assert (parallel.outdir / page).read_bytes() == (serial.outdir / page).read_bytes()


def test_suppress_warnings_by_subtype(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = build(
        make_app,
        rootdir,
        tmp_path,
        "bad-input",
        confoverrides={"suppress_warnings": ["glossterms.related", "glossterms.duplicate"]},
    )
    types = {typ for _, _, typ in warnings_of(app.warning.getvalue())}
    assert "glossterms.related" not in types
    assert "glossterms.duplicate" not in types
    assert "glossterms.alias" in types


def test_bad_config_values_fall_back(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, rootdir, tmp_path, "bad-config")
    found = relative(warnings_of(app.warning.getvalue()), app.srcdir)
    assert {(loc, typ) for loc, _, typ in found} == {
        ("conf.py:3", "glossterms.config"),
        ("conf.py:4", "glossterms.config"),
        ("conf.py:5", "glossterms.config"),
        ("conf.py:6", "glossterms.config"),
    }
    assert app.config.glossterms_autolink == "cards"
    assert app.config.glossterms_plurals is True
    assert app.config.glossterms_autolink_exclude == []
    assert app.config.glossterms_warn_unused is False
    # defaults in force: Eta's mention of zeta is linked inside its card
    link = soup(app.outdir / "index.html").select_one("#term-eta a.glossterm-autolink")
    assert link is not None
    assert link["href"] == "#term-zeta"
