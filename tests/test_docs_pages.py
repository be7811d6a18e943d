"""The user guide pages of example_docs: generated settings table, changelog."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.config import CONFIG_VALUES

from helpers import soup

EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"
GUIDE = ["installation", "guide", "tuning", "configuration", "migrating", "export", "changelog"]


@pytest.fixture(scope="module")
def docs(example_docs: SphinxTestApp) -> Path:
    assert example_docs.warning.getvalue() == ""
    return example_docs.outdir


def test_settings_table_is_generated_from_the_declaration(docs: Path) -> None:
    table = soup(docs / "usage" / "configuration.html").select_one("table.glossterms-config-table")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]
    assert [row[0] for row in rows] == [value.name for value in CONFIG_VALUES]
    for row, value in zip(rows, CONFIG_VALUES, strict=True):
        assert row[1] == repr(value.default)
        assert row[3]


def test_guide_pages_are_in_the_user_guide_toctree(docs: Path) -> None:
    index = soup(docs / "index.html")
    links = {a["href"] for a in index.select(".toctree-wrapper a.reference.internal")}
    assert {f"usage/{page}.html" for page in GUIDE} <= links


def test_changelog_is_included(docs: Path) -> None:
    page = soup(docs / "usage" / "changelog.html")
    assert page.select_one("h1").get_text(strip=True).startswith("Changelog")
    first_release = (EXAMPLE_DOCS.parent / "CHANGELOG.md").read_text().split("\n## ")[1]
    assert first_release.splitlines()[0] in page.get_text()


def test_guide_pages_are_not_autolinked(docs: Path) -> None:
    for page in GUIDE:
        assert not soup(docs / "usage" / f"{page}.html").select("a.glossterm-autolink")
