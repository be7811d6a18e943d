"""``term-cards``: terms from YAML, CSV and JSON files, in reST and MyST pages."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from docutils import nodes
from sphinx.util.parallel import parallel_available

from sphinx_glossterms import nodes as gt
from sphinx_glossterms.datafile import SCHEMA_FILENAME, SCHEMA_PATH

from helpers import glossterms_warnings, heading_text, html_pages, soup, warnings_of

ROOTS = Path(__file__).parent / "roots"
ROOT = ROOTS / "test-datafile"


def exported(app: Any) -> dict[str, dict[str, Any]]:
    data = json.loads((Path(app.outdir) / "glossterms.json").read_text("utf8"))
    return {term["name"]: term for term in data["terms"]}


def line_of(path: Path, text: str) -> int:
    """1-based line of the first line of ``path`` that contains ``text``."""
    lines = path.read_text("utf8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def yaml_terms(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text("utf8"))
    terms: list[dict[str, Any]] = data["terms"] if isinstance(data, dict) else data
    return terms


# -- one card per entry, from every format ---------------------------------------


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_every_format_gives_cards(app: Any) -> None:
    app.build()
    terms = exported(app)
    with (ROOT / "data" / "terms.csv").open(encoding="utf8", newline="") as f:
        csv_rows = list(csv.DictReader(f))
    sources = {
        "yaml": yaml_terms(ROOT / "terms.yaml") + yaml_terms(ROOT / "markdown.yaml"),
        "csv": csv_rows,
        "json": json.loads((ROOT / "terms.json").read_text("utf8"))["terms"],
        "myst": yaml_terms(ROOT / "myst-terms.yaml"),
    }
    for docname, entries in sources.items():
        for entry in entries:
            term = terms[entry["name"]]
            assert term["docname"] == docname
            page = soup(Path(app.outdir) / f"{docname}.html")
            card = page.find(id=term["anchor"])
            assert card is not None
            assert "term-card" in card["class"]
            assert heading_text(card) == entry["name"]
            if "summary" in entry:
                assert term["summary"] == entry["summary"]

    # Lists as YAML lists, comma-separated strings and CSV cells.
    alpha = yaml_terms(ROOT / "terms.yaml")[0]
    assert terms["Alpha Term"]["aliases"] == alpha["aliases"]
    assert terms["Alpha Term"]["categories"] == alpha["category"]
    gamma = csv_rows[0]
    assert terms["Gamma Term"]["aliases"] == [a.strip() for a in gamma["aliases"].split(",")]
    # Sections in order, Origin and Mechanism as their own kinds.
    assert list(terms["Alpha Term"]["sections"]) == list(alpha["sections"])
    page = soup(Path(app.outdir) / "yaml.html")
    card = page.find(id=terms["Alpha Term"]["anchor"])
    kinds = [
        [c for c in s["class"] if c.startswith("term-card-") and c != "term-card-section"]
        for s in card.find_all(class_="term-card-section")
    ]
    assert kinds == [["term-card-origin"], ["term-card-mechanism"], ["term-card-section-usage"]]
    # CSV: "sections.<Title>" columns and a yes/no flag.
    assert terms["Gamma Term"]["sections"] == {"Origin": gamma["sections.Origin"]}
    assert csv_rows[1]["no-autolink"] == "yes"
    domain = app.env.get_domain("glossterms")
    assert domain.glossary.terms["delta term"].record.no_autolink is True
    assert domain.glossary.terms["gamma term"].record.no_autolink is False


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_data_terms_are_standard_terms(app: Any) -> None:
    app.build()
    terms = exported(app)
    index = soup(Path(app.outdir) / "index.html")
    hrefs = {a.get_text(): a["href"] for a in index.select("a.reference.internal")}
    assert hrefs["Alpha Term"] == f"yaml.html#{terms['Alpha Term']['anchor']}"
    assert hrefs["gamma"] == f"csv.html#{terms['Gamma Term']['anchor']}"
    std = app.env.get_domain("std")
    objects = {name for (kind, name) in std.objects if kind == "term"}
    for term in terms.values():
        assert {term["name"], *term["aliases"]} <= objects


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_markup_of_texts(app: Any) -> None:
    """reST and MyST texts, chosen by the file, the entry or the including page."""
    app.build()
    out = Path(app.outdir)
    terms = exported(app)
    # format: myst in a reST page
    phi = soup(out / "yaml.html").find(id=terms["Phi Term"]["anchor"])
    assert phi.find("strong").get_text() == "strong"
    assert phi.find("a", class_="external")["href"] == "https://example.invalid"
    assert len(phi.select(".term-card-section-usage li")) == 2
    # a MyST page: MyST by default, reST when the entry says so
    myst = soup(out / "myst.html")
    lam = myst.find(id=terms["Lambda Term"]["anchor"])
    mu = myst.find(id=terms["Mu Term"]["anchor"])
    for card in (lam, mu):
        assert card.find("a", class_="external")["href"] == "https://example.invalid"
    assert lam.find("em").get_text() == "emphasis"
    assert "[a link]" not in lam.get_text()
    assert "`a link" not in mu.get_text()


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_category_filter(app: Any) -> None:
    app.build()
    names = set(exported(app))
    terms = exported(app)
    # filtered.rst keeps "letters" and "other"; filtered-myst.md (MyST) keeps "numbers"
    pages = {"letters": "filtered", "other": "filtered", "numbers": "filtered-myst"}
    for entry in yaml_terms(ROOT / "filter.yaml"):
        category = entry.get("category", [])
        categories = {c.lower() for c in ([category] if isinstance(category, str) else category)}
        kept = [pages[c] for c in categories if c in pages]
        assert (entry["name"] in names) == bool(kept), entry["name"]
        if kept:
            assert terms[entry["name"]]["docname"] == kept[0], entry["name"]


# -- bad input -------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_bad_rows_and_files(app: Any) -> None:
    app.build()
    warnings = warnings_of(app.warning.getvalue())
    source = [(loc, msg) for loc, msg, kind in warnings if kind == "glossterms.source"]
    src = Path(app.srcdir)
    bad = src / "bad.yaml"
    entries = yaml_terms(bad)
    names = set(exported(app))
    # Every entry is either a card or exactly one located warning naming its row.
    skipped = []
    for row, entry in enumerate(entries, start=1):
        name = entry.get("name")
        line = line_of(bad, f"- name: {name}") if name else line_of(bad, "- definition: No name")
        at_row = [msg for loc, msg in source if loc == f"{bad}:{line}"]
        if name in names:
            assert at_row == []
        else:
            skipped.append(row)
            assert len(at_row) == 1
            assert f"bad.yaml: row {row}:" in at_row[0]
    assert skipped == [2, 3, 4]  # bad alias, no name, unknown key
    assert "Nu Term" in names
    assert "Pi Term" in names

    # A missing file: one warning at the directive; a broken file: one at its line.
    bad_rst = src / "bad.rst"
    missing = [msg for loc, msg in source if loc == f"{bad_rst}:{line_of(bad_rst, 'missing')}"]
    assert len(missing) == 1
    assert "missing.yaml" in missing[0]
    broken = [msg for loc, msg in source if "broken.json" in msg]
    assert len(broken) == 1
    assert next(loc for loc, msg in source if "broken.json" in msg).startswith(
        str(src / "broken.json")
    )
    # a YAML syntax error: one warning at the line where the parser stopped, no card
    broken_yaml = [loc for loc, msg in source if "broken.yaml" in msg]
    assert len(broken_yaml) == 1
    assert broken_yaml[0].startswith(f"{src / 'broken.yaml'}:")
    assert "Fine" not in names
    assert len(source) == 3 + 3

    # The card's own warnings, located in the data file.
    sigma = f"{bad}:{line_of(bad, '- name: Sigma Term')}"
    empty = [loc for loc, _, kind in warnings if kind == "glossterms.empty"]
    assert empty == [sigma]
    # and those settled across the project (an unknown related term)
    related = [loc for loc, _, kind in warnings if kind == "glossterms.related"]
    assert related == [sigma]


# -- the schema ------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="datafile", freshenv=True)
def test_schema_written_and_usable(app: Any) -> None:
    app.build()
    written = Path(app.outdir) / SCHEMA_FILENAME
    assert written.read_bytes() == SCHEMA_PATH.read_bytes()
    schema = json.loads(written.read_text("utf8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for good in ("terms.yaml", "filter.yaml", "markdown.yaml", "myst-terms.yaml"):
        validator.validate(yaml.safe_load((ROOT / good).read_text("utf8")))
    validator.validate(json.loads((ROOT / "terms.json").read_text("utf8")))
    assert not validator.is_valid(yaml.safe_load((ROOT / "bad.yaml").read_text("utf8")))


@pytest.mark.sphinx("latex", testroot="datafile", freshenv=True)
def test_no_schema_for_latex(app: Any) -> None:
    app.build()
    assert not (Path(app.outdir) / SCHEMA_FILENAME).exists()
    (tex,) = Path(app.outdir).glob("*.tex")
    assert "Alpha Term" in tex.read_text("utf8")


# -- identical to hand-written cards -------------------------------------------------

EQUAL = ROOTS / "test-datafile-equal"


def _card_dumps(doctree: nodes.document) -> list[str]:
    return [card.pformat() for card in doctree.findall(gt.term_card)]


def test_data_cards_equal_handwritten(make_app: Any, tmp_path: Path) -> None:
    """The same terms as data give the same doctrees and byte-identical pages."""
    hand_src, data_src = tmp_path / "hand", tmp_path / "data"
    for src in (hand_src, data_src):
        shutil.copytree(EQUAL, src, ignore=shutil.ignore_patterns("_build"))
    shutil.copyfile(data_src / "rst-data.txt", data_src / "rst.rst")
    shutil.copyfile(data_src / "myst-data.txt", data_src / "myst.md")
    hand = make_app("html", srcdir=hand_src, freshenv=True)
    hand.build()
    data = make_app("html", srcdir=data_src, freshenv=True)
    data.build()

    for docname in ("rst", "myst"):
        hand_cards = _card_dumps(hand.env.get_doctree(docname))
        assert hand_cards  # the comparison is not vacuous
        assert _card_dumps(data.env.get_doctree(docname)) == hand_cards
    got, expected = html_pages(data.outdir), html_pages(hand.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert glossterms_warnings(data) == glossterms_warnings(hand)
    assert exported(data) == exported(hand)


# -- incremental and parallel --------------------------------------------------------


def edit_row(src: Path) -> None:
    path = src / "terms.yaml"
    path.write_text(path.read_text("utf8").replace("It comes first.", "It mentions gamma."))


def add_row(src: Path) -> None:
    path = src / "data" / "terms.csv"
    with path.open("a", encoding="utf8", newline="") as f:
        csv.writer(f).writerow(["Omega Term", "omega", "Greek", "The last, after Alpha Term."])


def remove_row(src: Path) -> None:
    path = src / "terms.yaml"
    text = path.read_text("utf8")
    path.write_text(text[: text.index("- name: Beta Term")])


EDITS: dict[str, Callable[[Path], None]] = {
    "edit": edit_row,
    "add": add_row,
    "remove": remove_row,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_equals_fresh(make_app: Any, tmp_path: Path, edit: str) -> None:
    incremental = tmp_path / "incremental"
    shutil.copytree(ROOT, incremental, ignore=shutil.ignore_patterns("_build"))
    first = make_app("html", srcdir=incremental, freshenv=True)
    first.build()
    before = html_pages(first.outdir)

    EDITS[edit](incremental)
    updated = make_app("html", srcdir=incremental)
    updated.build()

    fresh_src = tmp_path / "fresh"
    shutil.copytree(incremental, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = make_app("html", srcdir=fresh_src, freshenv=True)
    fresh.build()

    got, expected = html_pages(updated.outdir), html_pages(fresh.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert got != before  # the edit did reach the output
    assert glossterms_warnings(updated) == glossterms_warnings(fresh)
    assert exported(updated) == exported(fresh)


@pytest.mark.skipif(not parallel_available, reason="needs fork")
def test_parallel_equals_serial(make_app: Any, tmp_path: Path) -> None:
    serial_src, parallel_src = tmp_path / "serial", tmp_path / "parallel"
    for src in (serial_src, parallel_src):
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    serial = make_app("html", srcdir=serial_src, freshenv=True)
    serial.build()
    parallel = make_app("html", srcdir=parallel_src, freshenv=True, parallel=2)
    parallel.build()
    assert len(serial.env.found_docs) > 5  # enough documents to read in parallel
    got, expected = html_pages(parallel.outdir), html_pages(serial.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert glossterms_warnings(parallel) == glossterms_warnings(serial)
    assert exported(parallel) == exported(serial)
