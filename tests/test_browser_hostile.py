"""Pages built from hostile term names run no script in a real browser.

``tests/roots/test-hostile`` names terms ``x"><img src=x onerror=alert(1)>``,
``Other <script>alert(2)</script>`` and friends, next to a glossary graph (SVG
and PNG with image map) and an index. Each page is loaded in headless
Chromium; every preview is opened by hovering and focusing its links; the SVG
graph is loaded on its own. Any dialog (``alert``) or script error fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import serve

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent / "roots" / "test-hostile"
PAGES = ["index.html", "markdown.html", "glossterms-index.html", "genindex.html"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile root built twice (SVG and PNG graphs), served from 127.0.0.1."""
    out = tmp_path_factory.mktemp("hostile")
    src = out / "src"
    shutil.copytree(ROOT, src)
    for image_format in ("svg", "png"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-D",
                f"graphviz_output_format={image_format}",
                "-d",
                str(out / f"doctrees-{image_format}"),
                str(src),
                str(out / image_format),
            ],
            check=True,
        )
    with serve(out) as url:
        yield url


@pytest.mark.parametrize("image_format", ["svg", "png"])
@pytest.mark.parametrize("page_name", PAGES)
def test_hostile_names_run_no_script(
    served: str, browser: object, image_format: str, page_name: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Outside requests (an injected <img src=x> resolves locally) must not leave the host.
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(served) else route.abort(),
    )
    try:
        page.goto(f"{served}/{image_format}/{page_name}", wait_until="load")
        links = page.locator("a.glossterm-link:visible")  # not those in closed <details>
        for number in range(min(links.count(), 12)):
            link = links.nth(number)
            link.hover()
            link.focus()
            page.wait_for_timeout(180)  # the preview's open delay is 120 ms
            page.keyboard.press("Escape")  # a preview may cover the next link
        if page.locator(".glossterm-preview").count():
            assert page.locator(".glossterm-preview img, .glossterm-preview script").count() == 0
        graph = page.locator(".glossary-graph object")
        if graph.count():
            svg_url = graph.first.get_attribute("data")
            page.goto(f"{served}/{image_format}/{svg_url}", wait_until="load")
        page.wait_for_timeout(100)
    finally:
        page.close()
    assert dialogs == []
    assert errors == []
