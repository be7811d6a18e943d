"""Translated labels, translatable card text, and translated builds."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sphinx.testing.util import SphinxTestApp

from helpers import soup

PACKAGE = Path(__file__).parent.parent / "sphinx_glossterms"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "sphinx_glossterms.pot"
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def _source_messages() -> set[str]:
    """Every ``_("...")`` label in the package's source."""
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_template_lists_every_label() -> None:
    with POT.open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    missing = _source_messages() - template
    assert not missing, f"run `nox -s locale` to extract {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_translated_and_compiled(language: str) -> None:
    messages = LOCALE / language / "LC_MESSAGES" / "sphinx_glossterms"
    with messages.with_suffix(".po").open("rb") as f:
        po = {m.id: m.string for m in read_po(f) if m.id}
    untranslated = sorted(k for k in _source_messages() if not po.get(k))
    assert not untranslated, f"{language}: translate {untranslated}, then nox -s locale"
    with messages.with_suffix(".mo").open("rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == po, f"{language}: the .mo is stale; run `nox -s locale`"
    # and the runtime can read it the way Sphinx does
    translator = gettext.translation("sphinx_glossterms", LOCALE, [language])
    assert translator.gettext("Origin") == po["Origin"]


@pytest.mark.sphinx("html", testroot="i18n", freshenv=True)
def test_labels_in_german(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = soup(app.outdir / "index.html")
    title = "term-card-section-title"
    assert html.select_one(f".term-card-origin .{title}").get_text() == "Herkunft"
    assert html.select_one(f".term-card-mechanism .{title}").get_text() == "Mechanismus"
    assert html.select_one(f".term-card-related .{title}").get_text() == "Verwandte Begriffe"
    assert html.select_one(f".term-card-backlinks .{title}").get_text() == "Erwähnt in"


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-en", confoverrides={"language": "en"})
def test_labels_in_english_by_default(app: SphinxTestApp) -> None:
    app.build()
    html = soup(app.outdir / "index.html")
    titles = [t.get_text() for t in html.select(".term-card-section-title")]
    assert titles == ["Origin", "Mechanism", "Related terms", "Mentioned in"]
    assert "Sex drive is the overall desire" in html.get_text()


@pytest.mark.sphinx("html", testroot="i18n")
def test_translated_build_keeps_anchors_and_links(app: SphinxTestApp) -> None:
    app.build()
    html = soup(app.outdir / "index.html")
    # The name is a directive argument: its title may be translated for display,
    # the anchor is always the source-language slug.
    card = html.select_one("#term-sex-drive")
    assert "term-card" in card["class"]
    assert card.select_one(".term-card-title").get_text() == "Sexualtrieb¶"
    assert "Der Sex drive ist das allgemeine Verlangen" in card.get_text()
    other = html.select_one("#term-testosterone")
    assert "Das wichtigste männliche Sexualhormon." in other.get_text()
    # automatic link inside translated card text
    auto = card.select_one(".term-card-mechanism a.glossterm-autolink")
    assert auto["href"] == "#term-testosterone"
    # explicit :term: in translated text still resolves to the source name
    explicit = [
        a for a in html.select("a.reference.internal") if "ausdrücklich" in a.parent.get_text()
    ]
    assert [a["href"] for a in explicit] == ["#term-sex-drive"]
    # related block and backlinks point at the same anchors
    assert [a["href"] for a in card.select(".term-card-related a")] == ["#term-testosterone"]
    assert [a["href"] for a in other.select(".term-card-backlinks a")] == ["#term-sex-drive"]
    # and show the names as translated in the cards' headings
    assert [a.get_text() for a in other.select(".term-card-backlinks a")] == ["Sexualtrieb"]
    # the standard term and the alias are registered under their source names
    std_terms = app.env.get_domain("std").data["terms"]
    assert std_terms["sex drive"] == ("index", "term-sex-drive")
    assert std_terms["libido"] == ("index", "term-sex-drive")


@pytest.mark.sphinx("gettext", testroot="i18n", srcdir="i18n-pot", confoverrides={"language": "en"})
def test_card_text_is_extractable(app: SphinxTestApp) -> None:
    app.build()
    with (app.outdir / "index.pot").open("rb") as f:
        ids = {m.id for m in read_po(f) if m.id}
    assert {
        "Sex drive",
        "Sex drive is the overall desire for sexual activity.",
        "The phrase is a plain description of the urge.",
        "It rises and falls with Testosterone.",
        "The primary male sex hormone.",
    } <= ids
    # built-in labels come from the extension's catalog, not the page's
    assert not ids & {"Origin", "Mechanism", "Related terms", "Mentioned in"}
