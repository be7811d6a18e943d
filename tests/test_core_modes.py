"""Sphinx's real modes for the core: incremental rebuilds and parallel builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from helpers import html_tree, soup


def copy_root(rootdir: Path, dest: Path, root: str = "cards") -> Path:
    shutil.copytree(rootdir / f"test-{root}", dest)
    return dest


def build(make_app, srcdir: Path, **kwargs) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app: SphinxTestApp = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_incremental_edit_of_a_card_equals_fresh_build(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(rootdir, tmp_path / "incremental")
    build(make_app, src)
    # edit a card: new summary, new alias, one related term less
    edit(src / "myst.md", "A clinical and therapeutic paradigm.", "A rewritten paradigm.")
    edit(
        src / "myst.md",
        ":aliases: hormone restoration",
        ":aliases: hormone restoration, endocrine balance",
    )
    edit(src / "myst.md", ":related: HPG Axis Restoration\n", "")
    incremental = build(make_app, src)

    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(make_app, fresh_src)
    assert html_tree(incremental.outdir) == html_tree(fresh.outdir)

    # and the change is visible on pages that were not edited
    refs = soup(incremental.outdir / "refs.html")
    previews = json.loads(refs.select_one("#glossterms-previews").string)
    anchors = {a.get_text(): a["href"].rpartition("#")[2] for a in refs.select("a.glossterm-link")}
    assert previews[anchors["hormone restoration"]]["summary"] == "A rewritten paradigm."
    rst = soup(incremental.outdir / "rst.html")
    assert rst.select_one("#term-hpg-axis-restoration .term-card-backlinks") is None


def test_incremental_without_changes_rewrites_nothing(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(rootdir, tmp_path / "src")
    build(make_app, src)
    pages = [src / "_build" / "html" / f"{doc}.html" for doc in ("index", "rst", "myst", "refs")]
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    again = build(make_app, src)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert "html_static_path" not in again.status.getvalue()


def test_parallel_equals_serial(make_app, rootdir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    serial = build(make_app, copy_root(rootdir, tmp_path / "serial"))
    parallel = build(make_app, copy_root(rootdir, tmp_path / "parallel"), parallel=2)
    assert html_tree(parallel.outdir) == html_tree(serial.outdir)
    assert (parallel.outdir / "objects.inv").read_bytes() == (
        serial.outdir / "objects.inv"
    ).read_bytes()
