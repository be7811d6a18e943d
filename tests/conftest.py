"""Shared fixtures: Sphinx's own test harness, test roots under tests/roots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sphinx
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import nocolor

pytest_plugins = ("sphinx.testing.fixtures",)

if sphinx.version_info < (8, 0):
    # Sphinx 8 shows "[glossterms.<subtype>]" after each warning by default and
    # the tests read it; make Sphinx 7.4 do the same.
    from sphinx.config import Config, _Opt

    _opt = Config.config_values["show_warning_types"]
    Config.config_values["show_warning_types"] = _Opt(
        True, _opt.rebuild, _opt.valid_types, _opt.description
    )

# Sphinx colours its output when CI=true or FORCE_COLOR is set, and then ends
# progress lines with "\r" instead of "\n"; the tests read that output, so it
# must not depend on the machine's environment.
nocolor()

ROOTS = Path(__file__).parent / "roots"
EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def example_docs(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """``example_docs`` (the user guide) built once in HTML, for every test that reads it.

    Built in place (it includes ``../../CHANGELOG.md``), output in a temporary
    folder. The app is cleaned up at once, so that it does not keep Sphinx's
    nodes registered while other tests' apps start; its ``outdir``, ``srcdir``,
    ``warning`` and ``env`` stay readable.
    """
    app = SphinxTestApp(
        "html", srcdir=EXAMPLE_DOCS, builddir=tmp_path_factory.mktemp("example"), freshenv=True
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


#: Debian's Chromium, driven by Playwright (whose own browser download is not used).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test module: Playwright's sync API
    allows only one running instance at a time, so modules cannot each start theirs."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
