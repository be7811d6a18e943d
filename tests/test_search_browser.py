"""The term card on the search page, in headless Chromium, in the four themes.

Run with ``python -m pytest tests/test_search_browser.py -m browser``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from helpers import build_in_themes, serve

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed"
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent / "roots" / "test-interchange"
THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Errors the themes and Sphinx log themselves, with this extension's scripts blocked too:
# pydata-sphinx-theme on a first visit; Sphinx's sphinx_highlight.js under furo, on the
# page after a search for a word that also occurs inside furo's inline SVG ("script").
THEME_NOISE = (
    "Got invalid theme mode: . Resetting to auto.",
    "parent.getBBox is not a function",
)
CARD = "aside.glossterms-search-card"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-themes")
    return build_in_themes(ROOT, root, THEMES)


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    external: list[str] = []
    errors: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and m.text not in THEME_NOISE else None
        ),
    )
    page.on(
        "pageerror",
        lambda error: errors.append(str(error)) if str(error) not in THEME_NOISE else None,
    )
    yield page
    context.close()
    assert external == [], "requests left localhost"
    assert errors == [], "errors in the console"


def terms_of(site: Path, theme: str) -> list[dict[str, Any]]:
    data = json.loads((site / theme / "glossterms.json").read_text("utf8"))
    terms: list[dict[str, Any]] = data["terms"]
    return terms


def search(page: Any, server: str, theme: str, query: str) -> None:
    page.goto(f"{server}/{theme}/search.html?q={quote(query)}")
    page.wait_for_load_state("load")


# Relative luminance and contrast ratio (WCAG 2.2), computed in the page.
_CONTRAST = """(el) => {
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const card = el.closest('aside');
    const bg = rgb(getComputedStyle(card).backgroundColor);
    const fg = rgb(getComputedStyle(el).color);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_card_for_name_alias_and_plural(page: Any, server: str, site: Path, theme: str) -> None:
    terms = terms_of(site, theme)
    checked = 0
    for term in terms:
        queries = [term["name"], term["name"].upper(), *term["aliases"]]
        if term["name"][-1].isalpha():
            queries.append(term["name"] + "s")
        for query in queries:
            search(page, server, theme, query)
            card = page.locator(CARD)
            card.wait_for(state="visible", timeout=5000)
            assert card.count() == 1
            link = card.locator("a.glossterms-search-card-link")
            assert link.inner_text() == term["name"]
            summary = card.locator(".glossterms-search-card-summary").inner_text()
            assert summary == term["summary"]
            # above the results
            results = page.locator("#search-results")
            if results.count():
                assert card.bounding_box()["y"] < results.bounding_box()["y"]
            checked += 1
        # the link leads to the card
        search(page, server, theme, term["name"])
        page.locator(f"{CARD} a").click()
        page.wait_for_load_state("load")
        anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        assert anchor == term["anchor"]
        assert page.locator(f"[id='{anchor}'].term-card").count() == 1
    assert checked > len(terms)


@pytest.mark.parametrize("theme", THEMES)
def test_no_card_without_a_match(page: Any, server: str, site: Path, theme: str) -> None:
    names = {t["name"].lower() for t in terms_of(site, theme)}
    query = "restoration"  # a word of names, not a name
    assert query not in names
    search(page, server, theme, query)
    page.wait_for_timeout(300)
    assert page.locator(CARD).count() == 0


@pytest.mark.parametrize("theme", THEMES)
def test_card_contrast(page: Any, server: str, site: Path, theme: str) -> None:
    term = next(t for t in terms_of(site, theme) if t["aliases"] and t["summary"])
    search(page, server, theme, term["name"])
    page.locator(CARD).wait_for(state="visible", timeout=5000)
    for part in ("a", ".glossterms-search-card-aliases", ".glossterms-search-card-summary"):
        ratio = page.locator(f"{CARD} {part}").evaluate(_CONTRAST)
        assert ratio >= 4.5, (part, ratio)


@pytest.mark.parametrize("theme", ["furo", "pydata_sphinx_theme"])  # the themes with a dark mode
def test_card_contrast_dark(browser: Any, server: str, site: Path, theme: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 860})
    try:
        page = context.new_page()
        term = next(t for t in terms_of(site, theme) if t["aliases"] and t["summary"])
        search(page, server, theme, term["name"])
        page.locator(CARD).wait_for(state="visible", timeout=5000)
        for part in ("a", ".glossterms-search-card-aliases", ".glossterms-search-card-summary"):
            ratio = page.locator(f"{CARD} {part}").evaluate(_CONTRAST)
            assert ratio >= 4.5, (part, ratio)
        # really dark: the card's background is darker than its text
        lum = page.locator(CARD).evaluate(
            "(el) => getComputedStyle(el).backgroundColor.match(/\\d+/g).slice(0, 3)"
            ".map(Number).reduce((a, b) => a + b, 0)"
        )
        assert lum < 3 * 128
    finally:
        context.close()
