"""Incremental builds rewrite only the pages that show what changed (issue: performance).

Each edit is followed by an incremental build; the pages Sphinx writes are read
from its status output, and the result is compared with a fresh build.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sphinx_glossterms import export
from sphinx_glossterms.export import JSON_FILENAME, LINES_FILENAME
from sphinx_glossterms.review import CACHE_FILENAME, REVIEW_FILENAME, Lines
from sphinx_glossterms.vocabulary import (
    ACCEPT_FILENAME,
    REJECT_FILENAME,
    RULE_FILENAME,
    STAMP_FILENAME,
    VALE_DIR,
)

from helpers import html_pages, soup, status_of

ROOT = Path(__file__).parent / "roots" / "test-outdated"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf8")
    assert old in text
    path.write_text(text.replace(old, new), "utf8")


EDITS: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    # Sphinx rewrites "index" after every edit of terms.rst: its toctree holds it.
    # A definition is shown on its card's page only (the glossary index on
    # "overview" shows summaries)
    "definition": (
        lambda src: _replace(src / "terms.rst", "definition of the first", "meaning of the first"),
        {"terms", "index"},
    ),
    # so is a section (Origin, Mechanism, ...)
    "section": (
        lambda src: _replace(src / "terms.rst", "Coined for the first", "Named for the first"),
        {"terms", "index"},
    ),
    # a summary is shown on other pages only in previews, whose data all pages share
    "summary": (
        lambda src: _replace(src / "terms.rst", "The first term.", "The very first term."),
        {"terms", "index", "overview"},
    ),
    # a term that nothing mentions shows on its own page and the index
    "new term": (
        lambda src: _replace(
            src / "terms.rst",
            ".. term-card:: Beta Term",
            ".. term-card:: Delta Term\n\n   Mentioned nowhere.\n\n.. term-card:: Beta Term",
        ),
        {"terms", "index", "overview"},
    ),
    # a new alias links where it is mentioned
    "new alias": (
        lambda src: _replace(
            src / "terms.rst",
            ".. term-card:: Beta Term",
            ".. term-card:: Beta Term\n   :aliases: gamma",
        ),
        {"terms", "index", "overview", "plain"},
    ),
    # an alias mentioned in a card of a page not read again: that card now
    # relates to the term (its related terms come from the matches kept
    # between builds, matched again where a new form occurs)
    "alias in another card": (
        lambda src: _replace(
            src / "terms.rst",
            ".. term-card:: Beta Term",
            ".. term-card:: Beta Term\n   :aliases: epsilon",
        ),
        {"terms", "index", "overview", "more_cards"},
    ),
    # a longer name wins the mention of the shorter one where it occurs, and only there
    "longer name": (
        lambda src: _replace(
            src / "terms.rst",
            ".. term-card:: Beta Term",
            ".. term-card:: Alpha Term once\n\n   Longer.\n\n.. term-card:: Beta Term",
        ),
        {"terms", "index", "overview", "mentions_a"},
    ),
    # a name that goes away unlinks its mentions
    "renamed term": (
        lambda src: _replace(
            src / "terms.rst", ".. term-card:: Beta Term", ".. term-card:: Beta Name"
        ),
        {"terms", "index", "overview", "mentions_b"},
    ),
    # so does a term that is no longer linked automatically (its views do not change)
    "no-autolink": (
        lambda src: _replace(
            src / "terms.rst",
            ":summary: The first term.",
            ":summary: The first term.\n   :no-autolink:",
        ),
        {"terms", "index", "mentions_a"},
    ),
}


def _written(app: Any) -> set[str]:
    status = status_of(app)
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def _read(app: Any) -> set[str]:
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status_of(app)))


def _first_build(make_app: Any, tmp_path: Path) -> tuple[Path, Any]:
    """A copy of the test project, built from scratch: its sources and the app."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    return src, first


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_build_rewrites_only_what_shows_the_change(
    make_app: Any, tmp_path: Path, edit: str
) -> None:
    change, expected = EDITS[edit]
    src = tmp_path / "incremental"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src, freshenv=True).build()

    change(src)
    updated = make_app("html", srcdir=src)
    updated.build()
    assert _written(updated) == expected

    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=fresh_src, freshenv=True)
    fresh.build()
    assert html_pages(updated.outdir) == html_pages(fresh.outdir)
    review = (updated.outdir / REVIEW_FILENAME).read_text("utf8")
    assert review == (fresh.outdir / REVIEW_FILENAME).read_text("utf8")
    assert "Alpha Term" in review or edit == "no-autolink"
    assert _data_files(updated.outdir) == _data_files(fresh.outdir)


def _data_files(outdir: Path) -> dict[str, str]:
    """The extension's files other than pages: exports, Vale files, shared previews."""
    names = [JSON_FILENAME, "_static/glossterms-previews.js"]
    names += [f"{VALE_DIR}/{n}" for n in (ACCEPT_FILENAME, REJECT_FILENAME, RULE_FILENAME)]
    return {name: (outdir / name).read_text("utf8") for name in names}


@pytest.mark.parametrize(("edit", "rewritten"), [("definition", False), ("renamed term", True)])
def test_vale_files_are_made_again_only_from_other_names(
    make_app: Any, tmp_path: Path, edit: str, rewritten: bool
) -> None:
    """The Vale files are made from names, aliases and status only: a build that
    changes none of these leaves them alone (their stamp says what they were made
    from), and one whose files are gone writes them again."""
    src, first = _first_build(make_app, tmp_path)
    accept = first.outdir / VALE_DIR / ACCEPT_FILENAME
    stamp = Path(first.doctreedir) / STAMP_FILENAME
    made = (accept.stat().st_mtime_ns, stamp.stat().st_mtime_ns)
    EDITS[edit][0](src)
    make_app("html", srcdir=src).build()
    assert ((accept.stat().st_mtime_ns, stamp.stat().st_mtime_ns) != made) is rewritten
    assert ("[Bb]eta [Tt]erm" in accept.read_text("utf8")) is not rewritten
    accept.unlink()
    make_app("html", srcdir=src).build()
    assert accept.is_file()


@pytest.mark.parametrize(
    ("edit", "encoded"), [("definition", {"Alpha Term"}), ("new term", {"Delta Term"})]
)
def test_json_lines_are_encoded_again_only_where_made_from_other_data(
    make_app: Any, tmp_path: Path, edit: str, encoded: set[str]
) -> None:
    """Each term's line of glossterms.json is kept between builds; a build encodes
    again only the terms whose data changed (the edited one, the new one) and takes
    the others' lines as kept (here marked, to tell them apart)."""
    src, first = _first_build(make_app, tmp_path)
    store = Path(first.doctreedir) / LINES_FILENAME
    with store.open("rb") as file:
        kept = pickle.load(file)
    marked = {key: line[:-1] + ', "kept": true}' for key, line in kept.lines.items()}
    with store.open("wb") as file:
        pickle.dump(kept._replace(lines=marked), file)
    EDITS[edit][0](src)
    updated = make_app("html", srcdir=src)
    updated.build()
    terms = json.loads((updated.outdir / JSON_FILENAME).read_text("utf8"))["terms"]
    assert len(terms) == len(kept.lines) + (edit == "new term") > 2
    assert {t["name"] for t in terms if "kept" not in t} == encoded


def test_json_lines_are_not_kept_where_the_code_cannot_be_read(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without its own source (a zipped install), the export keeps nothing and
    writes the same file."""
    monkeypatch.setattr(export, "_code_digest", lambda: None)
    src, first = _first_build(make_app, tmp_path)
    assert not (Path(first.doctreedir) / LINES_FILENAME).exists()
    fresh = (first.outdir / JSON_FILENAME).read_text("utf8")
    monkeypatch.undo()
    (first.outdir / JSON_FILENAME).unlink()
    again = make_app("html", srcdir=src, freshenv=True)
    again.build()
    assert (again.outdir / JSON_FILENAME).read_text("utf8") == fresh
    assert (Path(again.doctreedir) / LINES_FILENAME).exists()


def test_review_rows_unchanged_leave_the_cache_alone(make_app: Any, tmp_path: Path) -> None:
    """A build whose written pages have the links the cache knows reads only the
    cache's head: the file and the cache stay as they were, and the summary line
    is the same."""
    src, first = _first_build(make_app, tmp_path)
    cache = Path(first.doctreedir) / CACHE_FILENAME
    review = first.outdir / REVIEW_FILENAME
    before = (cache.stat().st_mtime_ns, review.stat().st_mtime_ns)
    (line,) = [s for s in status_of(first).splitlines() if "automatic link" in s]
    EDITS["definition"][0](src)
    updated = make_app("html", srcdir=src)
    updated.build()
    assert "terms" in _written(updated)
    assert (cache.stat().st_mtime_ns, review.stat().st_mtime_ns) == before
    assert line in status_of(updated)


def test_nothing_changed_rewrites_nothing(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src, freshenv=True).build()
    again = make_app("html", srcdir=src)
    again.build()
    assert _written(again) == set()


def test_a_card_not_read_again_relates_to_a_new_alias_it_mentions(
    make_app: Any, tmp_path: Path
) -> None:
    """Its "Related terms" come from the matches kept between builds: the page is
    matched again because the new form occurs in it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src, freshenv=True).build()
    assert not soup(src / "_build" / "html" / "more_cards.html").select(".term-card-related")
    EDITS["alias in another card"][0](src)
    updated = make_app("html", srcdir=src)
    updated.build()
    assert "more_cards" in _written(updated)
    assert "more_cards" not in _read(updated)
    page = soup(updated.outdir / "more_cards.html")
    assert [a.get_text() for a in page.select(".term-card-related a")] == ["Beta Term"]
    terms = soup(updated.outdir / "terms.html")
    assert [a.get_text() for a in terms.select(".term-card-backlinks a")] == ["Gamma Term"]


def test_summary_in_link_titles_rewrites_the_linking_pages(make_app: Any, tmp_path: Path) -> None:
    """With previews off, links carry the summary as their title: pages that link to
    the term show it and are written again."""
    src = tmp_path / "titles"
    shutil.copytree(ROOT, src)
    off = {"glossterms_tooltips": False}
    make_app("html", srcdir=src, freshenv=True, confoverrides=off).build()
    _replace(src / "terms.rst", "The first term.", "The very first term.")
    updated = make_app("html", srcdir=src, confoverrides=off)
    updated.build()
    assert _written(updated) == {"terms", "index", "overview", "mentions_a"}
    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=fresh_src, freshenv=True, confoverrides=off)
    fresh.build()
    assert html_pages(updated.outdir) == html_pages(fresh.outdir)


@pytest.mark.parametrize("state", ["missing", "damaged", "stale"])
def test_review_rows_kept_without_a_usable_cache(make_app: Any, tmp_path: Path, state: str) -> None:
    """Rows of pages an incremental build does not write come from the review
    cache only when it was written with the very file in the output; otherwise
    they are read from the file, with the same result."""
    src, first = _first_build(make_app, tmp_path)
    cache = Path(first.doctreedir) / CACHE_FILENAME
    review = first.outdir / REVIEW_FILENAME
    if state == "missing":
        cache.unlink()
    elif state == "damaged":
        cache.write_bytes(b"not a pickle")
    else:  # a row the file does not hold, for a page the next build keeps
        with cache.open("rb") as file:
            head, pages = pickle.load(file), pickle.load(file)
        terms, lines = pages["mentions_a"]
        extra = "Alpha Term,mentions_a,,x,x\n"
        pages["mentions_a"] = Lines((*terms, "Alpha Term"), (*lines, extra))
        with cache.open("wb") as file:
            pickle.dump(head, file)
            pickle.dump(pages, file)
        stat = review.stat()
        os.utime(review, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    EDITS["renamed term"][0](src)
    updated = make_app("html", srcdir=src)
    updated.build()
    assert _written(updated) == EDITS["renamed term"][1]  # mentions_a is kept
    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=fresh_src, freshenv=True)
    fresh.build()
    text = review.read_text("utf8")
    assert text == (fresh.outdir / REVIEW_FILENAME).read_text("utf8")
    assert "mentions_a" in text
    assert "Beta Term" not in text
    assert cache.is_file()  # written again for the next build
