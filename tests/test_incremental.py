"""Incremental builds after a term is added, removed or renamed in another file
give exactly the output (every HTML page, byte for byte) of a fresh build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from helpers import glossterms_warnings, html_pages

ROOT = Path(__file__).parent / "roots" / "test-incremental-terms"

NEW_CARD = """
.. term-card:: New Term

   A term added later; it mentions delta.
"""


def add_term(src: Path) -> None:
    terms = src / "terms.rst"
    terms.write_text(terms.read_text("utf8") + NEW_CARD, "utf8")


def remove_term(src: Path) -> None:
    terms = src / "terms.rst"
    text = terms.read_text("utf8")
    start = text.index(".. term-card:: Beta Term")
    terms.write_text(text[:start], "utf8")


def rename_term(src: Path) -> None:
    terms = src / "terms.rst"
    terms.write_text(terms.read_text("utf8").replace("Alpha Term", "Alpha Concept"), "utf8")


EDITS: dict[str, Callable[[Path], None]] = {
    "add": add_term,
    "remove": remove_term,
    "rename": rename_term,
}


def build(make_app: Any, src: Path, **kwargs: Any) -> Any:
    app = make_app("html", srcdir=src, **kwargs)
    app.build()
    return app


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_equals_fresh(make_app: Any, tmp_path: Path, edit: str) -> None:
    incremental = tmp_path / "incremental"
    shutil.copytree(ROOT, incremental)
    build(make_app, incremental, freshenv=True)

    EDITS[edit](incremental)
    updated = build(make_app, incremental)  # reads only terms.rst

    fresh_src = tmp_path / "fresh"
    shutil.copytree(incremental, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src, freshenv=True)

    assert "terms" in updated.env.all_docs
    got, expected = html_pages(updated.outdir), html_pages(fresh.outdir)
    assert got.keys() == expected.keys()
    different = [name for name in expected if got[name] != expected[name]]
    assert different == []
    assert glossterms_warnings(updated) == glossterms_warnings(fresh)


def test_edit_changes_other_pages(make_app: Any, tmp_path: Path) -> None:
    """The comparison above is not vacuous: other files' output does change."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = build(make_app, src, freshenv=True)
    before = BeautifulSoup((app.outdir / "p1.html").read_text("utf8"), "html.parser")
    assert "New Term" not in [a.get_text() for a in before.select("a.glossterm-link")]

    add_term(src)
    app = build(make_app, src)
    after = BeautifulSoup((app.outdir / "p1.html").read_text("utf8"), "html.parser")
    assert "new term" in [a.get_text() for a in after.select("a.glossterm-autolink")]
    related = BeautifulSoup((app.outdir / "related.html").read_text("utf8"), "html.parser")
    delta = related.find(id="term-delta")
    assert delta is not None
    assert "New Term" in [a.get_text() for a in delta.select(".term-card-related a")]

    remove_term(src)
    app = build(make_app, src)
    assert any(
        "Beta Term" in line and "glossterms.related" in line for line in glossterms_warnings(app)
    )


def test_nothing_rewritten_without_changes(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(make_app, src, freshenv=True)
    app = make_app("html", srcdir=src)
    app.build()
    written = [
        line
        for line in app.status.getvalue().splitlines()
        if "writing output" in line and "%]" in line
    ]
    assert written == []
