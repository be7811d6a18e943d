"""Terminology governance (DESIGN §6) in reST and MyST: deprecated names, short
forms, coverage; warnings located and typed; ``-j`` and incremental equality."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from helpers import glossterms_warnings, html_pages, soup, warnings_of

ROOTS = Path(__file__).parent / "roots"
MARKUPS = {"governance-rst": ".rst", "governance-myst": ".md"}
LONG = "Hypothalamic-Pituitary-Gonadal Axis"

#: (document, phrase as used in prose, the term named as the one to use or None)
DEPRECATED_USES = [
    ("extra1", "replacement protocol", "Hormonal Restoration"),
    ("extra2", "replacement protocol", "Hormonal Restoration"),
    ("extra3", "replacement protocol", "Hormonal Restoration"),
    ("other", "endocrine tuning", None),
    ("prose", "hormone replacement protocol", "Hormonal Restoration"),
    ("prose", "hormone rebalancing", "Hormonal Restoration"),
]


def roots(**confoverrides: Any) -> list[Any]:
    return [
        pytest.param(
            root,
            marks=pytest.mark.sphinx("html", testroot=root, confoverrides=confoverrides),
            id=root,
        )
        for root in MARKUPS
    ]


def source_line(app: SphinxTestApp, docname: str, phrase: str) -> int:
    """The line of the first prose use of ``phrase`` in a source file (1-based)."""
    path = Path(app.srcdir) / (docname + MARKUPS[Path(app.srcdir).name.removeprefix("test-")])
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if phrase in line and "`" not in line:  # not the code examples
            return number
    raise AssertionError(f"{phrase!r} not in {path}")


def typed(app: SphinxTestApp, subtype: str) -> list[tuple[str, str]]:
    """(location relative to the source folder, message) of warnings of one subtype."""
    found = []
    for location, message, kind in warnings_of(app.warning.getvalue()):
        if kind == f"glossterms.{subtype}":
            found.append((location.replace(str(app.srcdir) + "/", ""), message))
    return found


def expected_deprecated(app: SphinxTestApp) -> list[tuple[str, str]]:
    suffix = MARKUPS[Path(app.srcdir).name.removeprefix("test-")]
    expected = []
    for docname, phrase, use in DEPRECATED_USES:
        advice = "it has no successor" if use is None else f"use {use!r}"
        location = f"{docname}{suffix}:{source_line(app, docname, phrase)}"
        expected.append((location, f"{phrase!r} is deprecated; {advice}"))
    return expected


# -- deprecated names ---------------------------------------------------------------


@pytest.mark.parametrize("root", roots())
def test_deprecated_uses_are_located_warnings(app: SphinxTestApp, root: str) -> None:
    app.build()
    # every prose use, in document order, at its own line; code and :term: are not prose,
    # nor is a deprecated card's own text
    assert typed(app, "deprecated") == expected_deprecated(app)


@pytest.mark.parametrize("mode", ["cards", "all", "none"])
@pytest.mark.parametrize("root", list(MARKUPS))
def test_deprecated_warned_in_every_mode(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, root: str, mode: str
) -> None:
    srcdir = tmp_path / f"test-{root}"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"glossterms_autolink": mode})
    app.build()
    assert typed(app, "deprecated") == expected_deprecated(app)


@pytest.mark.parametrize("root", list(MARKUPS))
def test_deprecated_warned_on_excluded_and_opted_out_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, root: str
) -> None:
    """Pages without automatic links (``glossterms_autolink_exclude``, or the page's own
    ``glossterms-autolink: off``) are prose too."""
    srcdir = tmp_path / f"test-{root}"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    (prose,) = srcdir.glob("prose.*")
    opt_out = (
        ":glossterms-autolink: off\n\n"
        if prose.suffix == ".rst"
        else "---\nglossterms-autolink: off\n---\n\n"
    )
    prose.write_text(opt_out + prose.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"glossterms_autolink": "all", "glossterms_autolink_exclude": ["extra*"]},
    )
    app.build()
    assert typed(app, "deprecated") == expected_deprecated(app)
    # automatic linking is really off there
    for page in ("prose.html", "extra1.html"):
        assert soup(Path(app.outdir) / page).select("a.glossterm-autolink") == [], page
    assert soup(Path(app.outdir) / "terms.html").select("a.glossterm-autolink")


@pytest.mark.parametrize("root", roots())
def test_deprecated_card_keeps_its_anchor_and_shows_a_badge(app: SphinxTestApp, root: str) -> None:
    app.build()
    page = soup(Path(app.outdir) / "terms.html")
    card = page.select_one("#term-hormone-replacement-protocol")
    assert card is not None
    assert "term-card-deprecated" in card["class"]
    badge = card.select_one(".term-card-deprecated-badge")
    assert badge.get_text(" ", strip=True) == "Deprecated: use Hormonal Restoration"
    assert [a["href"] for a in badge.select("a")] == ["#term-hormonal-restoration"]
    # right under the title
    assert badge.find_previous_sibling(class_="term-card-title") is not None
    plain = page.select_one("#term-endocrine-tuning .term-card-deprecated-badge")
    assert plain.get_text(strip=True) == "Deprecated"
    assert plain.select("a") == []
    current = page.select_one("#term-hormonal-restoration")
    assert "term-card-deprecated" not in current["class"]
    assert current.select(".term-card-deprecated-badge") == []
    # an explicit :term: still reaches the deprecated card itself
    prose = soup(Path(app.outdir) / "prose.html")
    explicit = [a for a in prose.select("a") if a.get_text() == "Hormone Replacement Protocol"]
    assert [a["href"] for a in explicit] == ["terms.html#term-hormone-replacement-protocol"]


@pytest.mark.parametrize(
    "root", roots(glossterms_autolink="all", glossterms_autolink_first_only=False)
)
def test_automatic_links_of_deprecated_names_go_to_the_successor(
    app: SphinxTestApp, root: str
) -> None:
    app.build()
    prose = soup(Path(app.outdir) / "prose.html")
    links = {a.get_text(): a["href"] for a in prose.select("a.glossterm-autolink")}
    # the deprecated term's name, and a deprecated alias of a current term
    assert links["hormone replacement protocol"] == "terms.html#term-hormonal-restoration"
    assert links["hormone rebalancing"] == "terms.html#term-hormonal-restoration"
    extra = soup(Path(app.outdir) / "extra1.html")
    (link,) = [a for a in extra.select("a.glossterm-autolink") if "protocol" in a.get_text()]
    assert link["href"] == "terms.html#term-hormonal-restoration"
    # a deprecated term without a successor keeps its own links
    other = soup(Path(app.outdir) / "terms.html")
    assert other.select_one("#term-endocrine-tuning") is not None


# -- short forms ----------------------------------------------------------------------


def abbrs(page: Any) -> list[tuple[str, str]]:
    return [(a.get_text(), a["title"]) for a in page.select("abbr")]


@pytest.mark.parametrize("root", roots())
def test_short_forms_are_abbr_and_text_is_unchanged(app: SphinxTestApp, root: str) -> None:
    app.build()
    prose = soup(Path(app.outdir) / "prose.html")
    assert abbrs(prose) == [("HPG", LONG)] * 3
    text = " ".join(prose.select_one("div.body").get_text().split())
    assert "The HPG regulates sex hormones. Later the HPG is tested again" in text
    other = soup(Path(app.outdir) / "other.html")
    # an all-capitals alias is a short form too
    assert ("DHEA", "Dehydroepiandrosterone") in abbrs(other)
    assert LONG + " (" not in other.select_one("div.body").get_text().replace(
        f"{LONG} (HPG) is spelled out", ""
    )


@pytest.mark.parametrize("root", roots(glossterms_expand_first_use=True))
def test_first_use_is_written_out(app: SphinxTestApp, root: str) -> None:
    app.build()

    def body(name: str) -> str:
        page = soup(Path(app.outdir) / f"{name}.html")
        return " ".join(page.select_one("div.body").get_text().split())

    prose = body("prose")
    assert prose.count(f"{LONG} (HPG)") == 1
    assert f"The {LONG} (HPG) regulates sex hormones. Later the HPG is tested again" in prose
    # spelled out by the author (short form in parentheses after it): left as is,
    # and later mentions on the page stay short
    other = body("other")
    assert other.count(f"{LONG} (HPG)") == 1
    assert f"{LONG} (HPG) is spelled out here, then HPG stays short" in other
    assert "mentions the HPG alone" in other
    assert "Dehydroepiandrosterone (DHEA) too" in other
    # every page has its own first use
    for name in ("extra1", "extra2", "extra3"):
        assert f"The {LONG} (HPG) again, and Dehydroepiandrosterone (DHEA);" in body(name)
    # in a card, the linked first mention is written out inside the link
    terms = soup(Path(app.outdir) / "terms.html")
    card = terms.select_one("#term-hormonal-restoration")
    (link,) = [a for a in card.select("a.glossterm-autolink") if a.select("abbr")]
    assert " ".join(link.get_text().split()) == f"{LONG} (HPG)"
    assert link["href"] == "#term-hypothalamic-pituitary-gonadal-axis-1d7345"


@pytest.mark.parametrize("root", roots(glossterms_expand_first_use=True))
def test_first_use_per_document_in_text_output(app: SphinxTestApp, root: str) -> None:
    app.build()  # html: the same doctrees, then text below from a second builder
    text_app = SphinxTestApp(
        "text",
        srcdir=Path(app.srcdir),
        builddir=Path(app.outdir).parent.parent / "_text",
        confoverrides={"glossterms_expand_first_use": True},
    )
    try:
        text_app.build()
        prose = (Path(text_app.outdir) / "prose.txt").read_text(encoding="utf-8")
    finally:
        text_app.cleanup()
    flat = " ".join(prose.split())
    assert flat.count(f"{LONG} (HPG)") == 1
    assert "(Hypothalamic" not in flat  # the text writer does not add its own expansions


# -- coverage ---------------------------------------------------------------------------


@pytest.mark.parametrize("root", roots())
def test_undefined_capitals_warned_at_first_use(app: SphinxTestApp, root: str) -> None:
    app.build()
    suffix = MARKUPS[root]
    total = sum(
        len(re.findall(r"\bVTA\b", line))
        for path in sorted(Path(app.srcdir).glob(f"*{suffix}"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "`" not in line
    )
    line = source_line(app, "extra1", "VTA")
    assert typed(app, "undefined") == [
        (
            f"extra1{suffix}:{line}",
            f"'VTA' is used {total} times but no term defines it; add a term card"
            " (or an :abbreviation:), or list it in glossterms_undefined_ignore",
        )
    ]  # not HPA (2 uses), not NB (ignored), not HPG or DHEA (defined)


@pytest.mark.parametrize("root", roots(glossterms_undefined_min_uses=2))
def test_undefined_threshold(app: SphinxTestApp, root: str) -> None:
    app.build()
    words = [message.split("'")[1] for _, message in typed(app, "undefined")]
    assert words == ["VTA", "HPA"]  # in document order of their first use


@pytest.mark.parametrize("root", roots(glossterms_warn_undefined=False))
def test_undefined_off(app: SphinxTestApp, root: str) -> None:
    app.build()
    assert typed(app, "undefined") == []


# -- parallel and incremental builds -------------------------------------------------------

FEATURES = {
    "glossterms_autolink": "all",
    "glossterms_expand_first_use": True,
    "glossterms_warn_undefined": True,
    "glossterms_warn_unused": True,
}


def _copy(root: str, dest: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{root}", dest, ignore=shutil.ignore_patterns("_build"))
    return dest


@pytest.mark.skipif(not parallel_available, reason="needs fork")
@pytest.mark.parametrize("root", list(MARKUPS))
def test_parallel_equals_serial(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, root: str
) -> None:
    serial = make_app("html", srcdir=_copy(root, tmp_path / "s"), confoverrides=FEATURES)
    serial.build()
    parallel = make_app(
        "html", srcdir=_copy(root, tmp_path / "p"), confoverrides=FEATURES, parallel=2
    )
    parallel.build()
    assert len(serial.env.found_docs) > 5  # Sphinx reads in parallel above 5
    got, expected = html_pages(parallel.outdir), html_pages(serial.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert glossterms_warnings(parallel) == glossterms_warnings(serial)
    vale = Path(serial.outdir) / "glossterms-vale"
    for path in vale.iterdir():
        assert (Path(parallel.outdir) / "glossterms-vale" / path.name).read_bytes() == (
            path.read_bytes()
        )


def _edit_options(
    drop: tuple[str, ...] = (), after: str = "", add: str = ""
) -> Callable[[Path], None]:
    """Edit the option lines of the cards in ``terms.*``, keeping their indentation."""

    def edit(src: Path) -> None:
        (terms,) = src.glob("terms.*")
        lines: list[str] = []
        for line in terms.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.strip() in drop:
                continue
            lines.append(line)
            if after and line.strip() == after:
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(f"{indent}{add}\n")
        text = "".join(lines)
        assert text != terms.read_text(encoding="utf-8")
        terms.write_text(text, encoding="utf-8")

    return edit


EDITS = {
    # a short form disappears: prose pages lose their <abbr> and expansions
    "drop-abbreviation": _edit_options(drop=(":abbreviation: HPG",)),
    # a current term becomes deprecated: warnings and links change on other pages
    "deprecate": _edit_options(after=":aliases: DHEA", add=":status: deprecated"),
    # a deprecated term is current again
    "undeprecate": _edit_options(
        drop=(":status: deprecated", ":superseded-by: Hormonal Restoration")
    ),
}


@pytest.mark.parametrize("mode", ["all", "cards"])
@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("root", list(MARKUPS))
def test_incremental_equals_fresh(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, root: str, edit: str, mode: str
) -> None:
    # "cards": prose pages have no links, yet show <abbr> and written-out short forms
    conf = {**FEATURES, "glossterms_autolink": mode}
    incremental = _copy(root, tmp_path / "incremental")
    make_app("html", srcdir=incremental, confoverrides=conf, freshenv=True).build()
    EDITS[edit](incremental)
    again = make_app("html", srcdir=incremental, confoverrides=conf)
    again.build()
    fresh_src = _copy(root, tmp_path / "fresh")
    EDITS[edit](fresh_src)
    fresh = make_app("html", srcdir=fresh_src, confoverrides=conf, freshenv=True)
    fresh.build()
    got, expected = html_pages(again.outdir), html_pages(fresh.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    # warnings come from every document's stored prose, also on an incremental build
    assert typed(again, "deprecated") == typed(fresh, "deprecated")
    assert typed(again, "undefined") == typed(fresh, "undefined")


# -- bad input --------------------------------------------------------------------------


def _directive_line(app: SphinxTestApp, name: str) -> int:
    (path,) = Path(app.srcdir).glob("index.*")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "term-card" in line and line.rstrip().endswith(name):
            return number
    raise AssertionError(name)


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(r, marks=pytest.mark.sphinx("html", testroot=r), id=r)
        for r in ("governance-bad-rst", "governance-bad-myst")
    ],
)
def test_bad_status_and_unknown_successor(app: SphinxTestApp, root: str) -> None:
    app.build()
    (source,) = (p.name for p in Path(app.srcdir).glob("index.*"))
    assert typed(app, "card") == [
        (
            f"{source}:{_directive_line(app, 'Retired Term')}",
            "term card 'Retired Term' has :status: 'retired'; expected one of active,"
            " deprecated (using active)",
        )
    ]
    assert typed(app, "related") == [
        (
            f"{source}:{_directive_line(app, 'Orphaned Term')}",
            "term 'Orphaned Term' is superseded by unknown term 'Nowhere Term'",
        )
    ]
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one("#term-retired-term .term-card-deprecated-badge") is None
    orphaned = page.select_one("#term-orphaned-term .term-card-deprecated-badge")
    assert orphaned.get_text(strip=True) == "Deprecated"
    # :superseded-by: alone makes the term deprecated
    implied = page.select_one("#term-implied-term .term-card-deprecated-badge")
    assert implied.get_text(" ", strip=True) == "Deprecated: use Retired Term"


@pytest.mark.parametrize("root", roots())
def test_explicit_term_links_to_a_short_form_are_abbr(app: SphinxTestApp, root: str) -> None:
    app.build()
    page = soup(Path(app.outdir) / "extra2.html")
    (link,) = [a for a in page.select("a.glossterm-link") if "glossterm-autolink" not in a["class"]]
    assert link["href"] == "terms.html#term-dehydroepiandrosterone"
    assert [(a.get_text(), a["title"]) for a in link.select("abbr")] == [
        ("DHEA", "Dehydroepiandrosterone")
    ]
    # generated blocks show names as they are
    terms = soup(Path(app.outdir) / "terms.html")
    assert terms.select(".term-card-related abbr, .term-card-backlinks abbr") == []
