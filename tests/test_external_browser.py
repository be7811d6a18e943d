"""Previews of other projects' terms in headless Chromium (``-m browser``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import serve

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed"
)

pytestmark = pytest.mark.browser

ROOTS = Path(__file__).parent / "roots"
THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
PREVIEW = ".glossterm-preview"


def _sphinx(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", *args], check=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The other project (``other/``) and the one using its terms, per theme."""
    root = tmp_path_factory.mktemp("external-site")
    _sphinx("-b", "html", str(ROOTS / "test-interchange"), str(root / "other"))
    for theme in THEMES:
        src = root / "src" / theme
        shutil.copytree(ROOTS / "test-external", src)
        _sphinx(
            "-b",
            "html",
            "-D",
            f"html_theme={theme}",
            "-D",
            f"glossterms_external.other={root / 'other' / 'glossterms.json'}",
            str(src),
            str(root / theme),
        )
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("theme", THEMES)
def test_external_preview(browser: Any, server: str, site: Path, theme: str) -> None:
    terms = json.loads((site / "other" / "glossterms.json").read_text("utf8"))["terms"]
    by_form = {f: t for t in terms for f in (t["name"], *t["aliases"])}
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{server}/{theme}/index.html")
        link = page.locator("a.glossterm-external.glossterm-autolink").first
        link.scroll_into_view_if_needed()
        term = by_form[link.inner_text()]
        link.hover()
        preview = page.locator(PREVIEW)
        preview.wait_for(state="visible", timeout=5000)
        assert preview.locator(".glossterm-preview-name").inner_text() == term["name"]
        assert preview.locator(".glossterm-preview-summary").inner_text() == term["summary"]
        assert errors == []
    finally:
        context.close()
