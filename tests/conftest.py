"""Shared fixtures: Sphinx's own test harness, test roots under tests/roots/."""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinx

pytest_plugins = ("sphinx.testing.fixtures",)

if sphinx.version_info < (8, 0):
    # Sphinx 8 shows "[glossterms.<subtype>]" after each warning by default and
    # the tests read it; make Sphinx 7.4 do the same.
    from sphinx.config import Config, _Opt

    _opt = Config.config_values["show_warning_types"]
    Config.config_values["show_warning_types"] = _Opt(
        True, _opt.rebuild, _opt.valid_types, _opt.description
    )

ROOTS = Path(__file__).parent / "roots"
EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
