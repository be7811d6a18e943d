"""DESIGN §5: every kind of bad input is a located, typed warning; the build goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import soup, warnings_of


def relative(warnings: list[tuple[str, str, str]], srcdir: Path) -> set[tuple[str, str, str]]:
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


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_each_row_warns_with_location_and_type(app: SphinxTestApp) -> None:
    app.build()
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


@pytest.mark.sphinx("html", testroot="bad-input")
def test_duplicate_first_in_document_order_wins(app: SphinxTestApp) -> None:
    app.build()
    domain = get_domain(app.env).glossary
    assert domain.find("Gamma").record.docname == "dup_a"
    assert domain.find("Other Alias").record.docname == "dup_a"
    assert domain.find("Shared Alias").name == "Delta"
    assert domain.find("Beta").name == "Beta"
    std = app.env.get_domain("std")
    assert std._terms["gamma"] == ("dup_a", "term-gamma")


@pytest.mark.sphinx(
    "html",
    testroot="bad-input",
    freshenv=True,
    confoverrides={"suppress_warnings": ["glossterms.related", "glossterms.duplicate"]},
)
def test_suppress_warnings_by_subtype(app: SphinxTestApp) -> None:
    app.build()
    types = {typ for _, _, typ in warnings_of(app.warning.getvalue())}
    assert "glossterms.related" not in types
    assert "glossterms.duplicate" not in types
    assert "glossterms.alias" in types


@pytest.mark.sphinx("html", testroot="bad-config", freshenv=True)
def test_bad_config_values_fall_back(app: SphinxTestApp) -> None:
    app.build()
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
