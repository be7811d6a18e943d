"""Shared fixtures: Sphinx's own test harness, test roots under tests/roots/."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
