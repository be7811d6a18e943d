"""``glossterms.json`` (DESIGN §4) and the schema.org JSON-LD in card pages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.export import EXPORTED_FIELDS, document, dumps, export_term, script_json
from sphinx_glossterms.glossary import ResolvedTerm
from sphinx_glossterms.records import TermRecord

from helpers import AppParams, MakeApp, soup

FIELDS = [
    "name",
    "aliases",
    "categories",
    "summary",
    "definition",
    "sections",
    "related",
    "mentioned_in",
    "docname",
    "anchor",
    "url",
    "status",
    "superseded_by",
    "abbreviation",
    "deprecated_aliases",
]


@pytest.mark.sphinx("html", testroot="export", freshenv=True)
def test_json_export(app: SphinxTestApp, data_regression: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    raw = (app.outdir / "glossterms.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["version"] == 1
    names = [t["name"] for t in data["terms"]]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    assert all(list(t) == FIELDS for t in data["terms"])
    terms = {t["name"]: t for t in data["terms"]}
    axis = terms["Restoration Axis"]
    # plain text; sections by title in source order
    assert axis["definition"].startswith("A strategy that restores an axis. It uses code")
    assert list(axis["sections"]) == ["Origin", "Mechanism", "Usage Notes"]
    assert axis["related"] == ["Baseline Level", "Signal Molecule"]
    assert terms["Signal Molecule"]["url"] == "sub/more.html#term-signal-molecule"
    # classic glossary terms are exported too, with empty extras
    assert terms["Baseline Level"]["sections"] == {}
    assert terms["Baseline Level"]["mentioned_in"] == ["Restoration Axis"]
    # not ASCII-escaped, two-space indent, trailing newline
    assert "Éclair Level" in raw
    assert raw.startswith('{\n  "version": 1,')
    assert raw.endswith("}\n")
    data_regression.check(data)


@pytest.mark.parametrize(
    ("builder", "url"),
    [
        ("dirhtml", "sub/more/#term-signal-molecule"),
        ("singlehtml", "index.html#term-signal-molecule"),
    ],
)
@pytest.mark.sphinx(testroot="export")
def test_json_urls_follow_the_builder(
    app_params: AppParams, make_app: MakeApp, builder: str, url: str
) -> None:
    app = make_app(builder, **app_params[1])
    app.build()
    data = json.loads((app.outdir / "glossterms.json").read_text(encoding="utf-8"))
    assert {t["name"]: t["url"] for t in data["terms"]}["Signal Molecule"] == url


@pytest.mark.parametrize("builder", ["latex", "text", "epub"])
@pytest.mark.sphinx(testroot="export")
def test_no_exports_for_other_builders(
    app_params: AppParams, make_app: MakeApp, builder: str
) -> None:
    app = make_app(builder, **app_params[1])
    app.build()
    assert not (app.outdir / "glossterms.json").exists()
    for path in app.outdir.rglob("*.*"):
        if path.is_file() and path.suffix in {".tex", ".txt", ".xhtml"}:
            assert "ld+json" not in path.read_text(encoding="utf-8")
            assert "DefinedTerm" not in path.read_text(encoding="utf-8")


# -- JSON-LD -------------------------------------------------------------------------


def json_ld(path: Path) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in soup(path).select('script[type="application/ld+json"]')]


@pytest.mark.sphinx("html", testroot="export")
def test_json_ld_in_card_pages(app: SphinxTestApp) -> None:
    app.build()
    (data,) = json_ld(app.outdir / "cards.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DefinedTermSet"
    assert data["name"] == "Export"
    terms = data["hasDefinedTerm"]
    assert [t["name"] for t in terms] == ["Restoration Axis", '<script> & "Quotes"']
    axis = terms[0]
    assert axis == {
        "@type": "DefinedTerm",
        "@id": "#term-restoration-axis",
        "name": "Restoration Axis",
        "url": "#term-restoration-axis",
        "description": "A strategy that restores an axis.",
        "alternateName": ["RA", "restoration pathway"],
    }
    assert [t["name"] for t in json_ld(app.outdir / "sub" / "more.html")[0]["hasDefinedTerm"]] == [
        "Signal Molecule",
        "Éclair Level",
    ]
    # pages without cards (and classic glossaries) get none
    for page in ("index.html", "overview.html", "glossary.html"):
        assert json_ld(app.outdir / page) == []


@pytest.mark.sphinx("html", testroot="export")
def test_json_ld_is_escaped_inside_script(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "cards.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<" not in body[1:]
    assert "&" not in body
    assert "\\u003c/script\\u003e" in body
    assert json_ld(app.outdir / "cards.html")[0]["hasDefinedTerm"][1]["description"] == (
        "A name with markup-like characters </script> to escape."
    )


@pytest.mark.sphinx(
    "html", testroot="export", confoverrides={"html_baseurl": "https://example.org/docs/"}
)
def test_json_ld_absolute_with_baseurl(app: SphinxTestApp) -> None:
    app.build()
    (data,) = json_ld(app.outdir / "sub" / "more.html")
    assert data["hasDefinedTerm"][0]["url"] == (
        "https://example.org/docs/sub/more.html#term-signal-molecule"
    )
    assert data["@id"] == "https://example.org/docs/sub/more.html#glossterms-defined-terms"


def test_script_json_escapes() -> None:
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


def _other_value(value: Any) -> Any:
    """A value of the same kind as ``value`` and different from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int) or value is None:
        return 7 if value != 7 else 8
    if isinstance(value, str):
        return value + "x"
    if value and isinstance(value[0], tuple):  # sections: (title, text) pairs
        return (*value, ("Other", "text"))
    return (*value, "x")


def test_the_kept_json_lines_are_keyed_by_every_field_the_export_reads() -> None:
    """A term's line is kept between builds by ``EXPORTED_FIELDS`` of its record:
    each field that changes what ``export_term`` writes is one of them (else an
    edit of it would leave the line as it was), and no other is."""
    record = TermRecord(
        name="Alpha",
        docname="terms",
        anchor="term-alpha",
        position=0,
        lineno=3,
        aliases=("A",),
        categories=("c",),
        summary="The first.",
        definition="The first. Then more.",
        sections=(("Origin", "Old."),),
        text=("The first.",),
        status="active",
    )
    term = ResolvedTerm(record, related=(), mentioned_in=())
    exported = export_term(term, {"alpha": term}, "terms.html")
    for field in dataclasses.fields(TermRecord):
        other = dataclasses.replace(
            record, **{field.name: _other_value(getattr(record, field.name))}
        )
        changed = export_term(ResolvedTerm(other, (), ()), {"alpha": term}, "terms.html")
        assert (changed != exported) is (field.name in EXPORTED_FIELDS), field.name


def test_the_json_text_from_kept_lines_is_the_export_encoded(tmp_path: Path) -> None:
    """``document`` of the terms' lines is ``dumps`` of ``export_data``."""
    lines = [json.dumps({"name": "B", "aliases": []}, ensure_ascii=False), '{"name": "Ä"}']
    data = {"version": 1, "terms": [json.loads(line) for line in lines]}
    assert document(lines) == dumps(data)
    assert document([]) == dumps({"version": 1, "terms": []})
