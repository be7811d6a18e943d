"""Precision of automatic links (DESIGN §2): places never linked, text as a reader
sees it, and the controls (ignore, skip phrases, the role, the per-page opt-out,
the review file), in reST and MyST; incremental and parallel builds agree."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.util.parallel import parallel_available

from sphinx_glossterms.matcher import Matcher
from sphinx_glossterms.names import term_anchor
from sphinx_glossterms.review import COLUMNS, REVIEW_FILENAME

from helpers import html_pages, status_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"

BOTH = [
    pytest.param("rst", marks=pytest.mark.sphinx("html", testroot="precision-rst")),
    pytest.param("myst", marks=pytest.mark.sphinx("html", testroot="precision-myst")),
]


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text("utf8"), "html.parser")


def block(app: SphinxTestApp, check: str, docname: str = "rules") -> Tag:
    found = page(app, docname).select_one(f".check-{check}")
    assert found is not None, check
    return found


def autolinked(element: Tag) -> list[str]:
    return [a.get_text() for a in element.select("a.glossterm-autolink")]


def review_rows(app: SphinxTestApp) -> list[dict[str, str]]:
    text = (app.outdir / REVIEW_FILENAME).read_text("utf8")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


# -- places that never hold a link -----------------------------------------------


@pytest.mark.parametrize("flavour", BOTH)
def test_table_header_cells_are_never_linked(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    table = block(app, "header").select_one("table")
    assert table is not None
    header, body = table.select_one("thead"), table.select_one("tbody")
    assert header is not None
    assert body is not None
    assert "Environment" in header.get_text()
    assert autolinked(header) == []
    # the header's mention does not use up the first mention of the section
    assert autolinked(body) == ["environment", "builder"]


@pytest.mark.parametrize("flavour", BOTH)
def test_link_cards_are_never_linked_inside(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    cards = block(app, "cards").select(".sd-card")
    assert len(cards) == 3
    linked = [card for card in cards if card.select_one("a.sd-stretched-link")]
    assert len(linked) == 2  # a URL link and a :link-type: doc link
    for card in linked:
        assert autolinked(card) == []
        assert "directive" in card.get_text() or "domain" in card.get_text()
    plain = next(card for card in cards if card not in linked)
    assert autolinked(plain) == ["domain"]


@pytest.mark.parametrize("flavour", BOTH)
def test_names_glued_to_identifiers_are_not_linked(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    glue = block(app, "glue")
    # objects.inv, sphinx.environment, path/to/builder, role/directive, std::domain,
    # role=1, a@directive, drive-directive, builder.py: none; a full stop is not glue
    assert autolinked(glue) == ["builder", "environment"]
    assert "objects.inv and sphinx.environment" in " ".join(glue.get_text().split())


# -- text as a reader sees it ------------------------------------------------------


@pytest.mark.parametrize("flavour", BOTH)
def test_typographic_apostrophe_matches_the_ascii_one(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    links = block(app, "quotes").select("a.glossterm-autolink")
    assert [a.get_text() for a in links] == ["Crohn\u2019s disease"]  # smart quotes on
    assert str(links[0]["href"]).endswith("#" + term_anchor("Crohn's disease"))


@pytest.mark.parametrize("flavour", BOTH)
def test_backslash_escapes_do_not_hide_a_mention(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    escape = block(app, "escape")
    # reST "environment\ s" renders "environments"; "\*builder\*" renders "*builder*"
    assert autolinked(escape) == ["environments", "builder"]
    assert "*builder*" in escape.get_text()


# -- controls ---------------------------------------------------------------------


@pytest.mark.parametrize("flavour", BOTH)
def test_no_autolink_role(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    role = block(app, "role")
    assert "The environment and the builder" in role.get_text()
    # nothing inside the role is linked, nor counts as the first mention
    assert autolinked(role) == ["environment"]
    assert "stay text; the environment" in " ".join(role.get_text().split())


@pytest.mark.parametrize("flavour", BOTH)
def test_ignored_names_card_and_classic(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    ignore = block(app, "ignore")
    # "Extension" (a card's name) and "request" (a classic glossary term) are not
    # linked automatically; the card's alias is; explicit :term: still links both.
    assert autolinked(ignore) == ["Sphinx extension", "roles"]
    explicit = [
        a.get_text()
        for a in ignore.select("a.glossterm-link")
        if "glossterm-autolink" not in a["class"]
    ]
    assert explicit == ["Extension", "request"]


@pytest.mark.parametrize("flavour", BOTH)
def test_skip_phrases_shadow_shorter_names(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    skip = block(app, "skip")
    # "environment variable" (and its plural) is not linked, nor is "environment"
    # inside it; "environment" elsewhere is.
    links = skip.select("a.glossterm-autolink")
    assert [a.get_text() for a in links] == ["environment"]
    assert links[0].parent is not None
    assert "rebuild the environment" in " ".join(skip.get_text().split())
    assert "PAPER environment variable" in skip.get_text()


@pytest.mark.parametrize("flavour", BOTH)
def test_a_page_opts_out(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    off = block(app, "off", docname="off")
    assert "the environment and the builder" in off.get_text()
    assert off.select("a.glossterm-link") == []
    assert app.env.metadata["off"]["glossterms-autolink"] in ("off", "False", "false")


def test_a_bad_opt_out_value_warns(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-precision-rst", src)
    off = src / "off.rst"
    off.write_text(off.read_text("utf8").replace(": off", ": sometimes"), "utf8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert "off.rst" in warnings
    assert "glossterms.config" in warnings
    assert autolinked(block(app, "off", docname="off")) == ["environment", "builder"]


# -- the review file ----------------------------------------------------------------


def html_autolinks(app: SphinxTestApp) -> Counter[tuple[str, str, str]]:
    """(document, anchor, text) of every automatic link in the HTML pages."""
    found: Counter[tuple[str, str, str]] = Counter()
    for docname in app.env.found_docs:
        for a in page(app, docname).select("a.glossterm-autolink"):
            anchor = str(a["href"]).rsplit("#", 1)[1]
            found[docname, anchor, " ".join(a.get_text().split())] += 1
    return found


@pytest.mark.parametrize("flavour", BOTH)
def test_review_rows_are_the_automatic_links(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    rows = review_rows(app)
    got = Counter((r["document"], term_anchor(r["term"]), r["text"]) for r in rows)
    assert got == html_autolinks(app)
    assert len(rows) > 10
    # sorted by term, then document; the sentence holds the linked words
    assert [(r["term"].casefold(), r["document"]) for r in rows] == sorted(
        (r["term"].casefold(), r["document"]) for r in rows
    )
    for row in rows:
        assert row["text"] in row["sentence"]
    by_text = {(r["section"], r["text"]): r["sentence"] for r in rows if r["document"] == "rules"}
    assert by_text["Quotes", "Crohn\u2019s disease"] == "Patients with Crohn\u2019s disease."
    assert by_text["Glue", "environment"] == "Then the environment."


@pytest.mark.parametrize("flavour", BOTH)
def test_summary_line_ends_the_log(app: SphinxTestApp, flavour: str) -> None:
    app.build()
    rows = review_rows(app)
    lines = [line for line in app.status.getvalue().splitlines() if line.strip()]
    ours = [line for line in lines if line.startswith("glossterms: ")]
    assert len(ours) == 1
    pages = len({r["document"] for r in rows})
    counts = Counter(r["term"] for r in rows)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))[:5]
    expected = (
        f"glossterms: {len(rows)} automatic links on {pages} pages; most linked: "
        + ", ".join(f"{term} {n}" for term, n in top)
        + f"; every link is listed in {REVIEW_FILENAME}"
    )
    assert ours[0] == expected
    # nothing of ours after it: only Sphinx's own closing lines
    after = lines[lines.index(ours[0]) + 1 :]
    assert all("glossterms" not in line for line in after)
    assert len(after) <= 2


# -- incremental and parallel builds --------------------------------------------------


def edit_pages(src: Path) -> None:
    """Change one page (new mentions of an ignored name and a skip phrase) and
    remove an orphan page (removing a page of a toctree would leave Sphinx's own
    "next" link of its neighbour stale)."""
    more = src / "more1.rst"
    more.write_text(
        more.read_text("utf8")
        + "\nAn extension and an environment variable again; the directive too.\n",
        "utf8",
    )
    (src / "extra.rst").unlink()


def outputs(app: SphinxTestApp) -> tuple[dict[str, bytes], bytes]:
    return html_pages(app.outdir), (app.outdir / REVIEW_FILENAME).read_bytes()


def test_incremental_build_equals_fresh(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "incremental"
    shutil.copytree(ROOTS / "test-precision-rst", src)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    assert "extra" in {r["document"] for r in review_rows(first)}

    edit_pages(src)
    updated = make_app("html", srcdir=src)
    updated.build()
    status = status_of(updated)
    written = re.findall(r"writing output\.\.\. \[.*?\] (\S+)", status)
    assert "more1" in written
    assert "rules" not in written

    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=fresh_src, freshenv=True)
    fresh.build()

    (pages, review), (fresh_pages, fresh_review) = outputs(updated), outputs(fresh)
    assert review.decode() == fresh_review.decode()
    assert "extra" not in {r["document"] for r in review_rows(updated)}
    assert "rules" in {r["document"] for r in review_rows(updated)}
    more1 = autolinked(page(updated, "more1"))
    assert "extension" not in more1
    assert "environment variable" not in " ".join(more1)
    assert [name for name in fresh_pages if pages.get(name) != fresh_pages[name]] == []


@pytest.mark.skipif(not parallel_available, reason="needs fork")
def test_parallel_build_equals_serial(make_app: Any, tmp_path: Path) -> None:
    serial_src, parallel_src = tmp_path / "serial", tmp_path / "parallel"
    for src in (serial_src, parallel_src):
        shutil.copytree(ROOTS / "test-precision-rst", src)
    serial = make_app("html", srcdir=serial_src, freshenv=True)
    serial.build()
    parallel = make_app("html", srcdir=parallel_src, freshenv=True, parallel=2)
    parallel.build()
    assert len(parallel.env.found_docs) > 5  # Sphinx writes in parallel
    (pages, review), (serial_pages, serial_review) = outputs(parallel), outputs(serial)
    assert review == serial_review
    assert len(review_rows(parallel)) > 10
    assert [name for name in serial_pages if pages.get(name) != serial_pages[name]] == []

    # and an incremental parallel build after an edit equals the serial one
    edit_pages(serial_src)
    edit_pages(parallel_src)
    serial = make_app("html", srcdir=serial_src)
    serial.build()
    parallel = make_app("html", srcdir=parallel_src, parallel=2)
    parallel.build()
    assert outputs(parallel)[1] == outputs(serial)[1]


# -- the matcher, directly ---------------------------------------------------------------


def spans(matcher: Matcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.find(text)]


def test_matcher_skip_phrases_block_and_shadow() -> None:
    matcher = Matcher(
        [("environment", "env"), ("variable", "var")],
        case_sensitive=False,
        plurals=True,
        blockers=["environment variable", "HPG"],
    )
    assert spans(matcher, "An environment variable, two Environment Variables.") == []
    assert spans(matcher, "the environment, a variable") == ["environment", "variable"]
    # a skip phrase spelled like a name silences it
    same = Matcher([("variable", "var")], case_sensitive=False, plurals=True, blockers=["variable"])
    assert spans(same, "a variable") == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Crohn's disease", "Crohn\u2019s disease"),
        ("Crohn\u2019s disease", "Crohn's disease"),
        ('the "quoted" name', "the \u201cquoted\u201d name"),
    ],
)
def test_matcher_quotes_match_either_way(name: str, text: str) -> None:
    matcher = Matcher([(name, "k")], case_sensitive=False, plurals=False)
    assert spans(matcher, f"See {text}.") == [text]


def test_matcher_sees_through_docutils_escapes() -> None:
    matcher = Matcher([("environment", "env")], case_sensitive=False, plurals=True)
    text = "two environment\x00 s and \x00*environment\x00*"
    assert spans(matcher, text) == ["environment\x00 s", "environment"]


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("objects.inv", False),
        ("sphinx.environment", False),
        ("path/to/builder", False),
        ("std::builder", False),
        ("builder::x", False),
        ("a@builder", False),
        ("builder=1", False),
        ("builder_name", False),
        ("the builder.", True),
        ("the builder. Next", True),
        ("the builder.\nNext", True),
        ("(builder)", True),
        ("builder: a thing", True),
        ("the builder's output", True),
        (".builder", True),  # nothing before the dot
    ],
)
def test_matcher_glue(text: str, linked: bool) -> None:
    matcher = Matcher(
        [("object", "o"), ("environment", "e"), ("builder", "b")],
        case_sensitive=False,
        plurals=True,
    )
    assert bool(matcher.find(text)) is linked
