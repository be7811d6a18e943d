"""The example docs use terminology governance (DESIGN §6): short forms, a
deprecated synonym with its successor, the Vale export."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import soup

EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("example-governance") / "docs"
    shutil.copytree(EXAMPLE_DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(EXAMPLE_DOCS.parent / "CHANGELOG.md", srcdir.parent)  # included
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()
    assert warnings == ""  # no prose uses the deprecated name
    return Path(app.outdir)


def test_deprecated_synonym_points_to_its_successor(example: Path) -> None:
    page = soup(example / "glossary" / "hormones.html")
    card = page.select_one("#term-hormone-optimization")
    badge = card.select_one(".term-card-deprecated-badge")
    assert badge.get_text(" ", strip=True) == "Deprecated: use Hormonal Restoration"
    assert badge.select_one("a")["href"] == "#term-hormonal-restoration"


def test_first_dhea_is_written_out_and_linked(example: Path) -> None:
    page = soup(example / "glossary" / "drive.html")
    (abbr,) = page.select("abbr.glossterm-abbr")
    assert abbr.get_text() == "DHEA"
    assert abbr["title"] == "Dehydroepiandrosterone"
    link = abbr.find_parent("a")
    assert link["href"] == "supporting.html#term-dehydroepiandrosterone"
    assert " ".join(link.get_text().split()) == "Dehydroepiandrosterone (DHEA)"


def test_hpg_already_spelled_out_stays_short(example: Path) -> None:
    page = soup(example / "glossary" / "hormones.html")
    card = page.select_one("#term-hpg-axis-restoration")
    abbr = card.select_one("abbr.glossterm-abbr")
    assert abbr.get_text() == "HPG"
    assert abbr["title"] == "Hypothalamic-Pituitary-Gonadal Axis"
    text = " ".join(card.get_text().split())
    assert "the hypothalamic-pituitary-gonadal (HPG) axis" in text
    assert "Hypothalamic-Pituitary-Gonadal Axis (HPG)" not in text


def test_generated_index_summaries_are_left_alone(example: Path) -> None:
    page = soup(example / "glossary" / "all-terms.html")
    assert page.select(".glossary-index abbr") == []


def test_vale_files_and_json_fields(example: Path) -> None:
    vale = example / "glossterms-vale"
    accept = (vale / "accept.txt").read_text(encoding="utf-8").splitlines()
    reject = (vale / "reject.txt").read_text(encoding="utf-8").splitlines()
    assert {"HPG", "DHEA", "[Hh]ypothalamic-[Pp]ituitary-[Gg]onadal [Aa]xis"} <= set(accept)
    assert reject == ["[Hh]ormone [Oo]ptimization"]
    assert not any(re.fullmatch(line, "Hormone Optimization") for line in accept)
    rule = (vale / "Terms.yml").read_text(encoding="utf-8")
    assert '"Hormone Optimization": "Hormonal Restoration"' in rule
    rows = {
        row["name"]: row
        for row in json.loads((example / "glossterms.json").read_text(encoding="utf-8"))["terms"]
    }
    assert rows["Hypothalamic-Pituitary-Gonadal Axis"]["abbreviation"] == "HPG"
    assert rows["Hormone Optimization"]["status"] == "deprecated"
    assert rows["Hormone Optimization"]["superseded_by"] == "Hormonal Restoration"
