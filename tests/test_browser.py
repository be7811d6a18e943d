"""Previews and presentation in a real browser: headless Debian Chromium.

The example docs are built once per theme (in parallel, once per session),
served from localhost, and driven through Playwright, in light and, where the
theme has one, dark mode. Screenshots land in
``build/screenshots/<theme>-<mode>-*.png``. axe-core (``axe.min.js`` from the
``axe-playwright-python`` package) is injected from disk: no network.

Run with ``python -m pytest tests/test_browser.py -m browser``.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from helpers import build_in_themes, page_previews, serve

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
#: (theme, colour scheme the browser prefers): furo and pydata follow it by default.
MODES = [(t, "light") for t in THEMES] + [(t, "dark") for t in DARK_THEMES]
MODE_IDS = [f"{t}-{m}" for t, m in MODES]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Console errors the themes log themselves, unrelated to this extension:
# pydata-sphinx-theme on a first visit (no mode stored yet).
THEME_NOISE = ("Got invalid theme mode: . Resetting to auto.",)
CARD_PAGE = "glossary/drive.html"
PROSE_PAGE = "overview.html"
INDEX_PAGE = "glossary/all-terms.html"
GENERATED_INDEX = "glossterms-index.html"
GRAPH_PAGE = "glossary/graph.html"
PREVIEW = ".glossterm-preview"
#: The extension's markup: axe violations inside it fail the tests.
OURS = (
    "[class*='term-card'], [class*='glossterm'], [class*='glossary-index'],"
    " [class*='glossary-graph'], .glossterm-preview"
)
AA = 4.5


# -- the built docs, served from localhost ------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """example_docs built with every theme: ``<site>/<theme>/``."""
    root = tmp_path_factory.mktemp("themes")
    return build_in_themes(EXAMPLE_DOCS, root, THEMES)


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    with serve(site) as url:
        _SITES[url] = site
        yield url


#: Served URL -> the folder it serves, so a test can read the page it has open.
_SITES: dict[str, Path] = {}


def _offered(page: Any) -> dict[str, Any]:
    """What glossterms.js offers on the open page (``helpers.page_previews``)."""
    url = page.url.split("#")[0]
    for root, site in _SITES.items():
        if url.startswith(f"{root}/"):
            theme, _, path = url.removeprefix(f"{root}/").partition("/")
            return page_previews(site / theme, path)
    raise AssertionError(f"{url} is not served by a test server")


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
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")

    def check(self) -> None:
        assert self.external == [], "requests left localhost"
        assert self.errors == [], "errors in the console:\n" + "\n".join(self.errors)


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
_KEY = "(a) => a.getAttribute('href').split('#').pop()"


def _visible_link(page: Any, with_related: bool = False) -> Any:
    """A visible link to a term in the page's text (optionally one whose term
    has related terms on the page), scrolled into view."""
    index = page.evaluate(
        """([withRelated, terms]) => {
            const links = [...document.querySelectorAll('a.glossterm-link')];
            return links.findIndex((a) => {
                const term = terms[a.getAttribute('href').split('#').pop()];
                const box = a.getBoundingClientRect();
                return term && box.width > 0 && a.closest('nav, .sidebar, aside') === null
                    && (!withRelated || term.related.length > 0);
            });
        }""",
        [with_related, _offered(page)],
    )
    assert index >= 0, "no suitable link to a term on the page"
    link = page.locator("a.glossterm-link").nth(index)
    link.scroll_into_view_if_needed()
    return link


def _expected(page: Any, link: Any) -> dict[str, Any]:
    term: dict[str, Any] = _offered(page)[link.evaluate(_KEY)]
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
    assert link.get_attribute("title") is None  # the preview shows the summary, not a title

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

    # Leaving closes it after a short delay.
    page.mouse.move(5, 5)
    preview.wait_for(state="detached")
    assert link.get_attribute("title") is None
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
    assert link.get_attribute("aria-describedby") == preview.get_attribute("id")
    # A tooltip: nothing in it is in the Tab order.
    assert preview.evaluate(_TABBABLE_IN) == 0

    # Tab moves on in the page, never into the preview.
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS_IN_PREVIEW) is False
    assert not link.evaluate("(a) => a === document.activeElement")
    assert page.locator(PREVIEW).count() <= 1

    page.keyboard.press("Shift+Tab")
    assert link.evaluate("(a) => a === document.activeElement")
    preview.wait_for(state="visible")
    page.keyboard.press("Escape")
    preview.wait_for(state="detached")
    assert link.evaluate("(a) => a === document.activeElement")
    assert link.get_attribute("title") is None
    assert link.get_attribute("aria-describedby") is None


@pytest.mark.parametrize("theme", THEMES)
def test_escape_before_the_preview_opens(page: Any, server: str, theme: str) -> None:
    """A focused link's preview opens on the next frame: Escape pressed before it
    (in the same task, as on a slow machine) keeps it closed."""
    _goto(page, server, theme, CARD_PAGE)
    link = _visible_link(page)
    link.evaluate(
        """(a) => {
            a.focus();
            document.activeElement.dispatchEvent(
                new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
        }"""
    )
    page.wait_for_timeout(400)  # frames and the open delay have passed
    assert page.locator(PREVIEW).count() == 0
    assert link.evaluate("(a) => a === document.activeElement")


@pytest.mark.parametrize("theme", THEMES)
def test_nested_preview(page: Any, server: str, theme: str) -> None:
    _goto(page, server, theme, CARD_PAGE)
    link = _visible_link(page, with_related=True)
    term = _expected(page, link)
    link.hover()
    outer = page.locator(f"{PREVIEW}[data-level='0']")
    outer.wait_for(state="visible")
    related_line = outer.locator(".glossterm-preview-related")
    related = outer.locator("a.glossterm-preview-link").first
    assert related.get_attribute("tabindex") == "-1"
    related_key = related.evaluate(_KEY)
    assert related_key in term["related"]
    related.hover()
    inner = page.locator(f"{PREVIEW}[data-level='1']")
    inner.wait_for(state="visible")
    nested = _offered(page)[related_key]
    assert inner.locator(".glossterm-preview-summary").inner_text() == nested["summary"]
    assert outer.count() == 1  # the parent stays open
    _assert_inside_viewport(page, inner)
    # The nested preview leaves its parent's "Related terms" line uncovered.
    assert not _overlap(related_line.bounding_box(), inner.bounding_box())
    _screenshot(page, theme, "light-preview-nested")

    page.keyboard.press("Escape")  # closes every preview
    inner.wait_for(state="detached")
    outer.wait_for(state="detached")


@pytest.mark.parametrize("theme", THEMES)
def test_nesting_is_capped_and_never_repeats_a_term(page: Any, server: str, theme: str) -> None:
    """Hover a related term in the deepest preview, again and again: at most
    three previews, each of a different term."""
    _goto(page, server, theme, CARD_PAGE)
    _visible_link(page, with_related=True).hover()
    page.locator(f"{PREVIEW}[data-level='0']").wait_for(state="visible")
    for _ in range(5):
        deepest = page.locator(PREVIEW).last
        open_terms = page.evaluate(_OPEN_TERMS)
        candidates = deepest.locator("a.glossterm-preview-link")
        if candidates.count() == 0:
            break
        # a term not open yet, if there is one; else any (which must not open)
        keys = [candidates.nth(i).evaluate(_KEY) for i in range(candidates.count())]
        fresh = [i for i, k in enumerate(keys) if k not in open_terms]
        candidates.nth(fresh[0] if fresh else 0).hover()
        page.wait_for_timeout(400)
        opened = page.evaluate(_OPEN_TERMS)
        assert len(opened) <= 3
        assert len(set(opened)) == len(opened), opened
        if not fresh:
            assert opened == open_terms
    page.keyboard.press("Escape")
    page.locator(PREVIEW).first.wait_for(state="detached")
    assert page.locator(PREVIEW).count() == 0


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=MODE_IDS)
def test_keyboard_walk_never_enters_a_preview(
    browser: Any, server: str, theme: str, mode: str
) -> None:
    """Many Tabs through a page full of term links: focus never enters a
    preview, at most one is open, and the Tab order is the one without the
    script."""
    with_script = _tab_walk(browser, server, theme, mode, script=True)
    without_script = _tab_walk(browser, server, theme, mode, script=False)
    assert with_script == without_script


def _tab_walk(browser: Any, server: str, theme: str, mode: str, *, script: bool) -> list[str]:
    context, page, watch = _new_page(
        browser, viewport={"width": 1280, "height": 860}, color_scheme=mode
    )
    if not script:  # the same page without glossterms.js
        context.route(
            "**/glossterms.js",
            lambda route: route.fulfill(body="", content_type="text/javascript"),
        )
    order: list[str] = []
    try:
        _goto(page, server, theme, CARD_PAGE)
        assert page.locator("div.term-card a.glossterm-link").count() > 5
        # Start at the first card: through its links and the next cards'.
        page.evaluate(
            "() => { const c = document.querySelector('div.term-card');"
            " c.setAttribute('tabindex', '-1'); c.focus(); }"
        )
        for _ in range(TAB_STEPS):
            if len(order) == CARD_STOPS:
                break
            page.keyboard.press("Tab")
            state = page.evaluate(_FOCUS_STATE)
            if script and state["isTermLink"]:  # its preview opens
                page.wait_for_function(
                    "() => document.activeElement.getAttribute('aria-describedby')"
                )
                state = page.evaluate(_FOCUS_STATE)
            assert state["inPreview"] is False
            assert state["previews"] <= 1
            if state["inCard"]:  # (themes show and hide their own buttons as they like)
                order.append(state["focused"])
        assert len(order) == CARD_STOPS
        assert sum(".glossterm-link" in f for f in order) >= 3
    finally:
        context.close()
    watch.check()
    return order


TAB_STEPS = 80  # at most
CARD_STOPS = 30  # focus stops inside cards to walk through
_TABBABLE_IN = """(root) => [...root.querySelectorAll('a[href], button, input, select, textarea,'
    + ' [tabindex]')].filter((el) => el.tabIndex >= 0).length"""
_FOCUS_IN_PREVIEW = "!!document.activeElement?.closest('.glossterm-preview')"
_OPEN_TERMS = """() => [...document.querySelectorAll('.glossterm-preview')]
    .map((p) => p.querySelector('.glossterm-preview-name').getAttribute('href').split('#').pop())"""
_FOCUS_STATE = """() => {
    const el = document.activeElement;
    const names = el && el.getAttribute('class');
    const cls = names ? '.' + names.split(' ').join('.') : '';
    return {
        focused: el ? el.tagName.toLowerCase() + cls + ' ' + (el.getAttribute('href') || '')
            + ' ' + (el.textContent || '').trim().slice(0, 40) : '',
        inPreview: !!(el && el.closest('.glossterm-preview')),
        inCard: !!(el && el.closest('div.term-card')),
        previews: document.querySelectorAll('.glossterm-preview').length,
        isTermLink: !!(el && el.matches('a.glossterm-link')),
        describedBy: el ? el.getAttribute('aria-describedby') : null,
    };
}"""


def _overlap(a: dict[str, float] | None, b: dict[str, float] | None) -> bool:
    assert a is not None
    assert b is not None
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


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


def _settle_scroll(page: Any) -> None:
    """Wait until the window has not scrolled for a few animation frames."""
    page.evaluate(
        """() => new Promise((done) => {
            let last = scrollY, still = 0;
            const tick = () => {
                still = scrollY === last ? still + 1 : 0;
                last = scrollY;
                if (still >= 5) done(); else requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        })"""
    )


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
        # Bring the letter into view first and let that scroll settle: a click
        # that lands while a smooth scroll is still running can leave Chromium
        # where the scroll-into-view stopped, which no reader can do.
        letter.scroll_into_view_if_needed()
        _settle_scroll(page)
        letter.click()
        page.wait_for_function("(id) => location.hash === '#' + id", arg=target)
        # At the top of the window, below any fixed header, unless the page
        # cannot scroll that far; themes may scroll smoothly, so wait for it.
        try:
            page.wait_for_function(
                """(id) => {
                    const top = document.getElementById(id).getBoundingClientRect().top;
                    const root = document.documentElement;
                    const atBottom = Math.ceil(scrollY + innerHeight) >= root.scrollHeight - 2;
                    return top >= 0 && top < innerHeight && (top < 150 || atBottom);
                }""",
                arg=target,
                timeout=15000,
            )
        except Exception:
            state = page.evaluate(
                """(id) => ({top: document.getElementById(id).getBoundingClientRect().top,
                    scrollY, innerHeight, scrollHeight: document.documentElement.scrollHeight,
                    bodyHeight: document.body.scrollHeight})""",
                target,
            )
            pytest.fail(f"{theme}: #{target} not scrolled into view: {state}")


# -- accessibility: axe-core, contrast, graph, index --------------------------------


def _axe_source() -> str:
    axe = pytest.importorskip("axe_playwright_python", reason="axe-playwright-python missing")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _axe_source()


@pytest.fixture
def mode_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop page in the colour scheme of the test's ``mode``."""
    mode = request.node.callspec.params["mode"]
    context, page, watch = _new_page(
        browser, viewport={"width": 1280, "height": 860}, color_scheme=mode
    )
    yield page
    context.close()
    watch.check()


def _axe_ours(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations whose nodes are (inside) the extension's markup."""
    page.add_script_tag(content=axe_source)
    result: list[dict[str, Any]] = page.evaluate(
        """async (ours) => {
            // preload: false: axe would refetch the stylesheets, and resolves
            // pydata's `@import "../basic.css"` against the wrong base (404s)
            const results = await axe.run(
                document, { resultTypes: ['violations'], preload: false });
            const found = [];
            for (const v of results.violations) {
                const nodes = v.nodes.filter((n) => {
                    const el = document.querySelector(n.target[0]);
                    return el !== null && el.closest(ours) !== null;
                });
                if (nodes.length) found.push({
                    id: v.id, help: v.help,
                    nodes: nodes.map((n) => [n.target.join(' '), n.failureSummary]),
                });
            }
            return found;
        }""",
        OURS,
    )
    return result


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=MODE_IDS)
def test_axe_finds_nothing_in_our_markup(
    mode_page: Any, server: str, theme: str, mode: str, axe_source: str
) -> None:
    page = mode_page
    found: dict[str, Any] = {}
    for name, path in (
        ("card", CARD_PAGE),
        ("index", INDEX_PAGE),
        ("generated-index", GENERATED_INDEX),
        ("graph", GRAPH_PAGE),
    ):
        _goto(page, server, theme, path)
        _screenshot(page, theme, f"{mode}-{name}")
        if violations := _axe_ours(page, axe_source):
            found[name] = violations
    # a prose page with a preview open
    _goto(page, server, theme, PROSE_PAGE)
    link = page.locator("a.glossterm-autolink").first
    link.scroll_into_view_if_needed()
    link.hover()
    page.locator(PREVIEW).wait_for(state="visible")
    _screenshot(page, theme, f"{mode}-prose-preview")
    if violations := _axe_ours(page, axe_source):
        found["prose with preview"] = violations
    assert found == {}, json.dumps(found, indent=1)


_CONTRAST_JS = """
(() => {
  function parse(c) {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].replace('/', ',').split(/[\\s,]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  }
  /* The real background: composite the ancestors' colours up to an opaque one. */
  function background(el) {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let color = [255, 255, 255, 1]; // the canvas
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  }
  function lum(c) {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function ratio(a, b) {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  window.__glosstermsContrast = (selector) =>
    [...document.querySelectorAll(selector)]
      .filter((el) => el.getClientRects().length && el.textContent.trim())
      .map((el) => {
        const style = getComputedStyle(el);
        const bg = background(el);
        const fg = over(parse(style.color), bg);
        const line = parse(style.textDecorationColor);
        return {
          text: el.textContent.trim().slice(0, 30),
          ratio: ratio(fg, bg),
          underline: style.textDecorationLine.includes('underline'),
          lineStyle: style.textDecorationStyle,
          lineRatio: line ? ratio(over(line, bg), bg) : 0,
        };
      });
})();
"""

#: What the extension draws, by page: text and links that must reach 4.5:1.
CONTRAST_TARGETS = {
    CARD_PAGE: {
        "card text": "div.term-card > p, div.term-card-section > p",
        "card title": ".term-card-title",
        "card labels": ".term-card-section-title, .term-card-meta p",
        "links in cards": "div.term-card a.glossterm-link",
    },
    PROSE_PAGE: {"automatic links": "a.glossterm-autolink"},
    INDEX_PAGE: {
        "index text": ".glossary-index-summary, .glossary-index-see, .glossary-index-categories",
        "index links": ".glossary-index a",
    },
}


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=MODE_IDS)
def test_contrast_of_what_we_draw(mode_page: Any, server: str, theme: str, mode: str) -> None:
    page = mode_page
    worst: dict[str, tuple[float, str]] = {}
    for path, targets in CONTRAST_TARGETS.items():
        _goto(page, server, theme, path)
        page.evaluate(_CONTRAST_JS)
        for name, selector in targets.items():
            measured = page.evaluate(f"window.__glosstermsContrast({selector!r})")
            assert measured, f"nothing matches {selector}"
            low = min(measured, key=lambda m: m["ratio"])
            worst[name] = (round(low["ratio"], 2), low["text"])
            if name == "automatic links":
                # told apart by more than colour: their own visible underline
                for m in measured:
                    assert m["underline"], m
                    assert m["lineStyle"] == "dotted", m
                    assert m["lineRatio"] >= 3, m
    # the preview, open over a prose page
    _goto(page, server, theme, PROSE_PAGE)
    link = page.locator("a.glossterm-autolink").first
    link.scroll_into_view_if_needed()
    link.hover()
    page.locator(PREVIEW).wait_for(state="visible")
    page.evaluate(_CONTRAST_JS)
    for name, selector in (
        ("preview text", ".glossterm-preview p"),
        ("preview links", ".glossterm-preview a"),
    ):
        measured = page.evaluate(f"window.__glosstermsContrast({selector!r})")
        low = min(measured, key=lambda m: m["ratio"])
        worst[name] = (round(low["ratio"], 2), low["text"])
    print(f"\ncontrast {theme} {mode}: {worst}")
    failing = {k: v for k, v in worst.items() if v[0] < AA}
    assert failing == {}


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=MODE_IDS)
def test_graph_on_a_phone(browser: Any, server: str, theme: str, mode: str) -> None:
    """Labels at least 11 px on a 390 px screen: the graph scrolls instead of
    shrinking; the page itself does not scroll sideways."""
    context, page, watch = _new_page(
        browser, viewport={"width": 390, "height": 844}, color_scheme=mode, is_mobile=True
    )
    try:
        _goto(page, server, theme, GRAPH_PAGE)
        picture = page.locator("object.glossary-graph-image").first
        picture.scroll_into_view_if_needed()
        page.wait_for_function(
            "(o) => o.contentDocument && o.contentDocument.querySelector('text')",
            arg=picture.element_handle(),
        )
        _screenshot(page, theme, f"{mode}-phone-graph")
        sizes = picture.evaluate(
            """(o) => {
                const scale = o.getBoundingClientRect().width
                    / o.contentDocument.documentElement.getBoundingClientRect().width;
                return [...o.contentDocument.querySelectorAll('text')].map((t) =>
                    t.getBoundingClientRect().height * scale);
            }"""
        )
        assert sizes
        assert min(sizes) >= 11
        assert picture.get_attribute("aria-label")
        # the box scrolls, within the screen (some themes overflow by themselves)
        box = page.locator(".glossary-graph-scroll").first
        assert box.evaluate("(b) => getComputedStyle(b).overflowX") == "auto"
        assert box.evaluate("(b) => b.scrollWidth > b.clientWidth")
        assert page.evaluate(_OURS_OVERFLOW) == []
        # the text alternative: the relations as links
        alternative = page.locator(".glossary-graph-alternative").first
        assert alternative.locator("a.glossterm-link").count() > 1
    finally:
        context.close()
    watch.check()


@pytest.mark.parametrize(("theme", "mode"), MODES, ids=MODE_IDS)
def test_graph_is_transparent(mode_page: Any, server: str, theme: str, mode: str) -> None:
    """No slab: the pixels around the graph's boxes are the page's background."""
    page = mode_page
    _goto(page, server, theme, GRAPH_PAGE)
    picture = page.locator("object.glossary-graph-image").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "(o) => o.contentDocument && o.contentDocument.querySelector('text')",
        arg=picture.element_handle(),
    )
    page.wait_for_timeout(200)
    box = picture.bounding_box()
    assert box is not None
    page_bg = page.evaluate(
        "() => { let n = document.querySelector('.glossary-graph');"
        " while (n && getComputedStyle(n).backgroundColor.endsWith(', 0)')) n = n.parentElement;"
        " return n ? getComputedStyle(n).backgroundColor : 'rgb(255, 255, 255)'; }"
    )
    shot = page.screenshot(clip={"x": box["x"], "y": box["y"], "width": 3, "height": 3})
    corner = _png_pixel(shot)
    expected = tuple(int(float(v)) for v in page_bg[page_bg.index("(") + 1 : -1].split(",")[:3])
    assert max(abs(a - b) for a, b in zip(corner, expected, strict=True)) <= 8, (corner, page_bg)
    # and dark ink becomes light in dark mode
    ink = picture.evaluate("(o) => getComputedStyle(o).filter")
    assert ("invert" in ink) == (mode == "dark"), ink


#: Our elements that reach past the right edge of the screen (the graph may
#: only inside its scrolling box).
_OURS_OVERFLOW = """() => [...document.querySelectorAll(
        '.glossary-index, .glossary-index *, .glossary-graph, .glossary-graph-alternative *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((el) => el.tagName + '.' + el.className)"""


def _png_pixel(png: bytes) -> tuple[int, int, int]:
    """The top-left pixel of a PNG (8-bit RGB or RGBA): on the first row, every
    PNG filter leaves the first pixel's bytes as they are."""
    pos, channels, data = 8, 0, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            assert chunk[8] == 8  # bit depth
            channels = {2: 3, 6: 4}[chunk[9]]
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    raw = zlib.decompress(data)
    assert channels
    return raw[1], raw[2], raw[3]


@pytest.mark.parametrize("theme", THEMES)
def test_generated_index_page_looks_like_the_directive(
    browser: Any, server: str, theme: str
) -> None:
    """Same markup and styles as ``glossary-index``: not monospace, no italics,
    no sideways scrolling on a 390 px phone."""
    context, page, watch = _new_page(browser, viewport={"width": 390, "height": 844})
    try:
        styles = {}
        for path in (INDEX_PAGE, GENERATED_INDEX):
            _goto(page, server, theme, path)
            _screenshot(page, theme, f"light-phone-{path.rsplit('/', 1)[-1][:-5]}")
            assert page.evaluate(_OURS_OVERFLOW) == []
            styles[path] = page.evaluate(
                """() => {
                    const index = document.querySelector('.glossary-index');
                    const pick = (sel) => {
                        const el = index.querySelector(sel);
                        const s = getComputedStyle(el);
                        return [s.fontFamily, s.fontStyle, s.fontSize, s.color];
                    };
                    return {
                        name: pick('.glossary-index-entry a'),
                        summary: pick('.glossary-index-summary'),
                        see: pick('.glossary-index-see'),
                        categories: pick('.glossary-index-categories'),
                        heading: pick('.glossary-index-heading'),
                        monospace: [...index.querySelectorAll('*')].filter((el) =>
                            /mono|courier|consolas/i.test(getComputedStyle(el).fontFamily)).length,
                        italic: [...index.querySelectorAll('*')].filter((el) =>
                            getComputedStyle(el).fontStyle === 'italic').length,
                    };
                }"""
            )
        generated = styles[GENERATED_INDEX]
        assert generated["monospace"] == 0
        assert generated["italic"] == 0
        assert generated == styles[INDEX_PAGE]
    finally:
        context.close()
    watch.check()


def _luminance(css_color: str) -> float:
    """Relative luminance (0..1) of an ``rgb()``/``rgba()`` colour."""
    numbers = css_color[css_color.index("(") + 1 : css_color.index(")")]
    r, g, b = (float(part) / 255 for part in numbers.replace("/", ",").split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
