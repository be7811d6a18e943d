"""Previews and presentation in a real browser: headless Debian Chromium.

The example docs are built once per theme, served from localhost, and driven
through Playwright. Screenshots land in ``build/screenshots/<theme>-*.png``.

Run with ``python -m pytest tests/test_browser.py -m browser``.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed"
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
EXAMPLE_DOCS = ROOT / "example_docs"
SCREENSHOTS = ROOT / "build" / "screenshots"
THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
DARK_THEMES = ("furo", "pydata_sphinx_theme")  # the ones with a dark mode
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Console errors the themes log themselves, unrelated to this extension:
# pydata-sphinx-theme on a first visit (no mode stored yet).
THEME_NOISE = ("Got invalid theme mode: . Resetting to auto.",)
CARD_PAGE = "glossary/drive.html"
PREVIEW = ".glossterm-preview"


# -- the built docs, served from localhost ------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """example_docs built with every theme: ``<site>/<theme>/``."""
    root = tmp_path_factory.mktemp("themes")
    builds = {
        theme: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "html",
                "-q",
                "-D",
                f"html_theme={theme}",
                "-d",
                str(root / ".doctrees" / theme),
                str(EXAMPLE_DOCS),
                str(root / theme),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for theme in THEMES
    }
    for theme, process in builds.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{theme} build failed:\n{output}"
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


class Watch:
    """Requests that tried to leave localhost, and errors in the console."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def console(self, message: Any) -> None:
        if message.type == "error" and message.text not in THEME_NOISE:
            self.errors.append(message.text)

    def check(self) -> None:
        assert self.external == [], "requests left localhost"
        assert self.errors == [], "errors in the console"


def _new_page(browser: Any, **options: Any) -> tuple[Any, Any, Watch]:
    context = browser.new_context(**options)
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("console", watch.console)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return context, page, watch


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context, page, watch = _new_page(browser, viewport={"width": 1280, "height": 860})
    yield page
    context.close()
    watch.check()


def _goto(page: Any, server: str, theme: str, path: str) -> None:
    page.goto(f"{server}/{theme}/{path}")
    page.wait_for_load_state("load")


def _screenshot(page: Any, theme: str, name: str, **options: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{theme}-{name}.png"), **options)


# JS helpers evaluated in the page.
_TERMS = "JSON.parse(document.getElementById('glossterms-previews').textContent)"
_KEY = "(a) => a.getAttribute('href').split('#').pop()"


def _visible_link(page: Any, with_related: bool = False) -> Any:
    """A visible link to a term in the page's text (optionally one whose term
    has related terms on the page), scrolled into view."""
    index = page.evaluate(
        """([withRelated]) => {
            const terms = JSON.parse(
                document.getElementById('glossterms-previews').textContent);
            const links = [...document.querySelectorAll('a.glossterm-link')];
            return links.findIndex((a) => {
                const term = terms[a.getAttribute('href').split('#').pop()];
                const box = a.getBoundingClientRect();
                return term && box.width > 0 && a.closest('nav, .sidebar, aside') === null
                    && (!withRelated || term.related.length > 0);
            });
        }""",
        [with_related],
    )
    assert index >= 0, "no suitable link to a term on the page"
    link = page.locator("a.glossterm-link").nth(index)
    link.scroll_into_view_if_needed()
    return link


def _expected(page: Any, link: Any) -> dict[str, Any]:
    key = link.evaluate(_KEY)
    term: dict[str, Any] = page.evaluate(f"{_TERMS}[{key!r}]")
    return term


def _assert_inside_viewport(page: Any, locator: Any) -> None:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= size["width"]
    assert box["y"] + box["height"] <= size["height"]


# -- the tests ----------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_hover_opens_preview(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    _screenshot(page, theme, "card")
    link = _visible_link(page)
    term = _expected(page, link)
    assert link.get_attribute("title") == term["summary"]  # the no-JS fallback

    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    assert preview.locator(".glossterm-preview-summary").inner_text() == term["summary"]
    assert preview.locator(".glossterm-preview-name").inner_text() == term["name"]
    assert preview.locator(".glossterm-preview-name").get_attribute("href") == term["url"]
    assert link.get_attribute("aria-describedby") == preview.get_attribute("id")
    assert link.get_attribute("title") is None  # no double tooltip while open
    _assert_inside_viewport(page, preview)
    _screenshot(page, theme, "preview")

    # Leaving closes it after a short delay, and gives the title back.
    page.mouse.move(5, 5)
    preview.wait_for(state="detached")
    assert link.get_attribute("title") == term["summary"]
    assert link.get_attribute("aria-describedby") is None


@pytest.mark.parametrize("theme", THEMES)
def test_pointer_can_move_into_preview(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    link = _visible_link(page)
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    box = preview.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(700)
    assert preview.count() == 1


@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_focus_and_escape(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    link = _visible_link(page)
    term = _expected(page, link)
    link.focus()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert preview.locator(".glossterm-preview-summary").inner_text() == term["summary"]

    # Tab walks into the preview, Shift+Tab back to the link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.glossterm-preview') !== null")
    page.keyboard.press("Shift+Tab")
    assert link.evaluate("(a) => a === document.activeElement")
    assert preview.count() == 1

    page.keyboard.press("Escape")
    preview.wait_for(state="detached")
    assert link.evaluate("(a) => a === document.activeElement")
    assert link.get_attribute("title") == term["summary"]


@pytest.mark.parametrize("theme", THEMES)
def test_nested_preview(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    link = _visible_link(page, with_related=True)
    term = _expected(page, link)
    link.hover()
    outer = page.locator(f"{PREVIEW}[data-level='0']")
    outer.wait_for(state="visible")
    related = outer.locator("a.glossterm-preview-link").first
    related_key = related.evaluate(_KEY)
    assert related_key in term["related"]
    related.hover()
    inner = page.locator(f"{PREVIEW}[data-level='1']")
    inner.wait_for(state="visible")
    nested = page.evaluate(f"{_TERMS}[{related_key!r}]")
    assert inner.locator(".glossterm-preview-summary").inner_text() == nested["summary"]
    assert outer.count() == 1  # the parent stays open
    _assert_inside_viewport(page, inner)
    _screenshot(page, theme, "preview-nested")

    page.keyboard.press("Escape")  # closes the innermost first
    inner.wait_for(state="detached")
    assert outer.count() == 1
    page.keyboard.press("Escape")
    outer.wait_for(state="detached")


@pytest.mark.parametrize("theme", THEMES)
def test_preview_stays_in_small_viewport(browser: Any, server: str, theme: str) -> None:
    context, page, watch = _new_page(browser, viewport={"width": 360, "height": 640})
    try:
        _goto(page, server, theme, CARD_PAGE)
        links = page.locator("a.glossterm-link")
        for i in range(min(links.count(), 6)):
            link = links.nth(i)
            if not link.is_visible():
                continue
            link.scroll_into_view_if_needed()
            link.focus()
            preview = page.locator(PREVIEW)
            preview.wait_for(state="visible")
            _assert_inside_viewport(page, preview)
            if i == 0:
                _screenshot(page, theme, "small")
            page.keyboard.press("Escape")
            preview.wait_for(state="detached")
    finally:
        context.close()
    watch.check()


@pytest.mark.parametrize("theme", THEMES)
def test_touch_first_tap_previews_second_follows(browser: Any, server: str, theme: str) -> None:
    context, page, watch = _new_page(
        browser, viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True
    )
    try:
        _goto(page, server, theme, CARD_PAGE)
        link = _visible_link(page)
        term = _expected(page, link)
        before = page.url
        link.tap()
        preview = page.locator(PREVIEW)
        preview.wait_for(state="visible")
        assert page.url == before
        link.tap()
        page.wait_for_url(lambda url: url != before)
        assert page.url.endswith(term["url"].rsplit("/", 1)[-1])
    finally:
        context.close()
    watch.check()


@pytest.mark.parametrize("theme", DARK_THEMES)
def test_dark_mode(browser: Any, server: str, theme: str) -> None:
    context, page, watch = _new_page(
        browser, viewport={"width": 1280, "height": 860}, color_scheme="dark"
    )
    try:
        _goto(page, server, theme, CARD_PAGE)
        _screenshot(page, theme, "card-dark")
        link = _visible_link(page)
        link.hover()
        preview = page.locator(PREVIEW)
        preview.wait_for(state="visible")
        background = preview.evaluate("(p) => getComputedStyle(p).backgroundColor")
        color = preview.evaluate("(p) => getComputedStyle(p).color")
        assert _luminance(background) < 0.3 < _luminance(color)
        _screenshot(page, theme, "preview-dark")
    finally:
        context.close()
    watch.check()


@pytest.mark.parametrize("theme", THEMES)
def test_print_hides_previews(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    _visible_link(page).hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    page.emulate_media(media="print")
    assert preview.evaluate("(p) => getComputedStyle(p).display") == "none"


@pytest.mark.parametrize("theme", THEMES)
def test_index_letters_jump(page: Any, server: str, site: Path, theme: str) -> None:
    pages = sorted(
        path.relative_to(site / theme).as_posix()
        for path in (site / theme).rglob("*.html")
        if "glossary-index-letters" in path.read_text(encoding="utf-8")
    )
    if not pages:
        pytest.skip("the example docs have no glossary-index page yet")
    _goto(page, server, theme, pages[0])
    _screenshot(page, theme, "index")
    letters = page.locator(".glossary-index-letters a[href^='#']")
    assert letters.count() > 1
    for i in reversed(range(letters.count())):
        letter = letters.nth(i)
        target = letter.get_attribute("href")[1:]
        letter.click()
        page.wait_for_function("(id) => location.hash === '#' + id", arg=target)
        # At the top of the window, below any fixed header, unless the page
        # cannot scroll that far; themes may scroll smoothly, so wait for it.
        page.wait_for_function(
            """(id) => {
                const top = document.getElementById(id).getBoundingClientRect().top;
                const root = document.documentElement;
                const atBottom = Math.ceil(scrollY + innerHeight) >= root.scrollHeight - 2;
                return top >= 0 && top < innerHeight && (top < 150 || atBottom);
            }""",
            arg=target,
            timeout=5000,
        )


def _luminance(css_color: str) -> float:
    """Relative luminance (0..1) of an ``rgb()``/``rgba()`` colour."""
    numbers = css_color[css_color.index("(") + 1 : css_color.index(")")]
    r, g, b = (float(part) / 255 for part in numbers.replace("/", ",").split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
