"""Card names and aliases are standard Sphinx terms: :term:, index, objects.inv, search."""

from __future__ import annotations

import json
import re

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from helpers import soup


def load_inventory(app: SphinxTestApp) -> dict[str, dict[str, str]]:
    """objects.inv read back with Sphinx's own reader: {kind: {name: uri}}."""
    with open(app.outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://example.org/docs", lambda *a: "/".join(a))
    # Sphinx 8.2+ returns an _Inventory of items; older versions nested tuples.
    data = getattr(inventory, "data", inventory)
    return {
        kind: {
            name: item.uri if hasattr(item, "uri") else item[2] for name, item in entries.items()
        }
        for kind, entries in data.items()
    }


@pytest.mark.sphinx("html", testroot="cards")
def test_term_role_resolves_names_and_aliases(app: SphinxTestApp) -> None:
    app.build()
    links = [
        (a.get_text(), a["href"]) for a in soup(app.outdir / "refs.html").select("a.glossterm-link")
    ]
    assert links == [
        ("HPG Axis Restoration", "rst.html#term-hpg-axis-restoration"),
        ("HPG restoration", "rst.html#term-hpg-axis-restoration"),
        ("hormonal restoration", "myst.html#term-hormonal-restoration"),
        ("hormone restoration", "myst.html#term-hormonal-restoration"),
        ("the protocol", "rst.html#term-hpg-axis-restoration"),
    ]


@pytest.mark.sphinx("html", testroot="cards")
def test_objects_inv_lists_std_terms(app: SphinxTestApp) -> None:
    app.build()
    inventory = load_inventory(app)
    terms = inventory["std:term"]
    for name, page, anchor in [
        ("HPG Axis Restoration", "rst.html", "term-hpg-axis-restoration"),
        ("HPG restoration", "rst.html", "term-hpg-axis-restoration"),
        ("HPG axis restoration protocol", "rst.html", "term-hpg-axis-restoration"),
        ("Hormonal Restoration", "myst.html", "term-hormonal-restoration"),
        ("hormone restoration", "myst.html", "term-hormonal-restoration"),
        ("Markdown Word", "myst.html", "term-markdown-word"),
    ]:
        assert name in terms, name
        uri = terms[name]
        assert uri == f"https://example.org/docs/{page}#{anchor}"


@pytest.mark.sphinx("html", testroot="cards")
def test_general_index_entries(app: SphinxTestApp) -> None:
    app.build()
    genindex = soup(app.outdir / "genindex.html")
    entries = {a.get_text(strip=True): a["href"] for a in genindex.select("table.genindextable a")}
    assert entries["HPG Axis Restoration"] == "rst.html#term-hpg-axis-restoration"
    assert entries["HPG restoration"] == "rst.html#term-hpg-axis-restoration"
    assert entries["hormone restoration"] == "myst.html#term-hormonal-restoration"


@pytest.mark.sphinx("html", testroot="cards")
def test_cards_in_search_results(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(re.search(r"Search\.setIndex\((.*)\)\s*$", text, re.S).group(1))
    # objects: {prefix: [[doc index, objtype index, priority, anchor, name], ...]}
    names = {entry[4] for entries in index["objects"].values() for entry in entries}
    assert {"HPG Axis Restoration", "Hormonal Restoration", "HPG restoration"} <= names
    objnames = json.dumps(index["objnames"])
    assert "glossterms" in objnames


@pytest.mark.sphinx("html", testroot="markup", freshenv=True)
def test_markup_names_escaped_and_linked(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    raw = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    html = soup(app.outdir / "index.html")
    ids = [card["id"] for card in html.select(".term-card")]
    assert len(ids) == len(set(ids)) == 7
    assert "term-größe" in ids
    assert "term-hpg-axis" in ids
    assert "term-日本語" in ids
    assert any(i.startswith("term-c-plus-plus-") for i in ids)
    assert any(i.startswith("term-hpg-axis-") and i != "term-hpg-axis" for i in ids)
    hrefs = [a["href"].lstrip("#") for a in html.select("a.glossterm-link")]
    assert set(hrefs) == set(ids)
    # the alias with quotes and an ampersand links to its card
    assert html.find("a", string=re.compile("quoted"))["href"] == "#" + ids[0]
