"""The search page carries the data of its term card; no other page does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sphinx_glossterms.search import DATA_ID

from helpers import soup


def search_data(outdir: Path, page: str) -> dict[str, Any]:
    tag = soup(outdir / page).find("script", id=DATA_ID)
    assert tag is not None
    data: dict[str, Any] = json.loads(tag.string)
    return data


@pytest.mark.sphinx("html", testroot="interchange", freshenv=True)
def test_data_on_the_search_page_only(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    exported = json.loads((out / "glossterms.json").read_text("utf8"))["terms"]
    data = search_data(out, "search.html")
    assert [(t["name"], t["aliases"], t["summary"], t["url"]) for t in data["terms"]] == [
        (t["name"], t["aliases"], t["summary"], t["url"]) for t in exported
    ]
    page = soup(out / "search.html")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any("glossterms-search.js" in src for src in scripts)
    assert any("glossterms-search.css" in link.get("href", "") for link in page.find_all("link"))
    for other in out.glob("*.html"):
        if other.name != "search.html":
            assert "glossterms-search" not in other.read_text("utf8"), other.name


@pytest.mark.sphinx("dirhtml", testroot="interchange", freshenv=True)
def test_urls_relative_to_the_search_page(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    data = search_data(out, "search/index.html")
    for term in data["terms"]:
        page, _, anchor = term["url"].partition("#")
        target = (out / "search" / page / "index.html").resolve()
        assert soup(target).find(id=anchor) is not None, term["url"]
