"""The example docs are a test: they build with -W and show the seed terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup

EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"
SEED_TERMS = [
    "Drive Restoration Therapy",
    "Hormonal Restoration",
    "Motivational Axis Tuning",
    "Neurochemical Basis of Drive",
    "HPG Axis Restoration",
]


@pytest.fixture(scope="module")
def example(example_docs: SphinxTestApp) -> SphinxTestApp:
    return example_docs


def test_builds_without_warnings(example: SphinxTestApp) -> None:
    assert example.warning.getvalue() == ""


def test_every_seed_term_has_origin_and_mechanism(example: SphinxTestApp) -> None:
    cards = {}
    for page in example.outdir.rglob("*.html"):
        for card in soup(page).select(".term-card"):
            title = card.select_one(".term-card-title").get_text(strip=True)
            cards[title.removesuffix("¶")] = card
    assert set(SEED_TERMS) <= set(cards)
    for name in SEED_TERMS:
        assert cards[name].select_one(".term-card-origin"), name
        assert cards[name].select_one(".term-card-mechanism"), name


def test_cookie_banner_is_not_there(example: SphinxTestApp) -> None:
    for page in example.outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "We use cookies" not in text
        assert "Cookie Preferences" not in text


def test_cards_in_both_markups(example: SphinxTestApp) -> None:
    sources = {
        p.suffix
        for p in (example.srcdir / "glossary").iterdir()
        if "term-card" in p.read_text(encoding="utf-8")
    }
    assert sources == {".rst", ".md"}


def test_seed_terms_link_to_each_other(example: SphinxTestApp) -> None:
    page = soup(example.outdir / "glossary" / "hormones.html")
    card = page.select_one("#term-hpg-axis-restoration")
    related = {a.get_text() for a in card.select(".term-card-related a")}
    assert "Hormonal Restoration" in related
    assert card.select(".term-card-backlinks a")
