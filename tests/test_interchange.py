"""TBX-Basic and SKOS exports (``glossterms_exports``), parsed back."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from sphinx_glossterms.interchange import (
    SKOS_FILENAME,
    TBX_FILENAME,
    TBX_NAMESPACE,
    XML_LANG,
    write_skos,
    write_tbx,
)

from helpers import heading_text, soup, warnings_of

rdflib = pytest.importorskip("rdflib")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
NS = {"tbx": TBX_NAMESPACE}
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def payload_of(app: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(app.outdir) / "glossterms.json").read_text("utf8"))
    return data


def tbx_entries(path: Path) -> dict[str, ET.Element]:
    """conceptEntry elements by their id (the file must be well-formed XML)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{TBX_NAMESPACE}}}tbx"
    assert root.get("type") == "TBX-Basic"
    entries = root.findall("tbx:text/tbx:body/tbx:conceptEntry", NS)
    ids = [e.get("id") for e in entries]
    assert len(ids) == len(set(ids))
    return {str(e.get("id")): e for e in entries}


def term_secs(entry: ET.Element) -> list[tuple[str, str]]:
    """(term, administrativeStatus) of each termSec, in order."""
    return [
        (
            sec.findtext("tbx:term", namespaces=NS) or "",
            sec.findtext("tbx:termNote[@type='administrativeStatus']", namespaces=NS) or "",
        )
        for sec in entry.iterfind("tbx:langSec/tbx:termSec", NS)
    ]


def by_name(entries: dict[str, ET.Element]) -> dict[str, ET.Element]:
    return {term_secs(e)[0][0]: e for e in entries.values()}


@pytest.mark.sphinx("html", testroot="interchange", freshenv=True)
def test_tbx(app: Any) -> None:
    app.build()
    payload = payload_of(app)
    entries = by_name(tbx_entries(Path(app.outdir) / TBX_FILENAME))
    assert sorted(entries) == sorted(t["name"] for t in payload["terms"])
    ids = {name: entry.get("id") for name, entry in entries.items()}
    for term in payload["terms"]:
        entry = entries[term["name"]]
        (lang_sec,) = entry.findall("tbx:langSec", NS)
        assert lang_sec.get(XML_LANG) == "en"
        assert term_secs(entry) == [
            (term["name"], "preferredTerm-admn-sts"),
            *((alias, "admittedTerm-admn-sts") for alias in term["aliases"]),
        ]
        assert (
            lang_sec.findtext("tbx:descrip[@type='definition']", namespaces=NS)
            == (term["definition"])
        )
        subjects = [d.text for d in entry.findall("tbx:descrip[@type='subjectField']", NS)]
        assert subjects == term["categories"]
        refs = entry.findall("tbx:ref[@type='crossReference']", NS)
        assert [(r.text, r.get("target")) for r in refs] == [
            (name, ids[name]) for name in term["related"]
        ]
        (xref,) = entry.findall("tbx:xref[@type='externalCrossReference']", NS)
        assert xref.get("target") == term["url"]
    assert any(t["related"] for t in payload["terms"])  # cross references were checked


@pytest.mark.sphinx("html", testroot="interchange", freshenv=True)
def test_skos(app: Any) -> None:
    app.build()
    payload = payload_of(app)
    path = Path(app.outdir) / SKOS_FILENAME
    json.loads(path.read_text("utf8"))  # plain JSON too
    graph = rdflib.Graph()
    graph.parse(path, format="json-ld")
    base = app.config.html_baseurl
    (scheme,) = graph.subjects(rdflib.RDF.type, SKOS.ConceptScheme)
    concepts = set(graph.subjects(rdflib.RDF.type, SKOS.Concept))
    assert len(concepts) == len(payload["terms"])
    for term in payload["terms"]:
        concept = rdflib.URIRef(urljoin(base, term["url"]))
        assert concept in concepts
        assert set(graph.objects(concept, SKOS.prefLabel)) == {
            rdflib.Literal(term["name"], lang="en")
        }
        assert set(graph.objects(concept, SKOS.altLabel)) == {
            rdflib.Literal(alias, lang="en") for alias in term["aliases"]
        }
        assert set(graph.objects(concept, SKOS.definition)) == {
            rdflib.Literal(term["definition"], lang="en")
        }
        related = {
            rdflib.URIRef(urljoin(base, t["url"]))
            for t in payload["terms"]
            if t["name"] in term["related"]
        }
        assert set(graph.objects(concept, SKOS.related)) == related
        assert set(graph.objects(concept, SKOS.inScheme)) == {scheme}
        assert (scheme, SKOS.hasTopConcept, concept) in graph
    assert set(graph.objects(scheme, DCT.title)) == {rdflib.Literal(app.config.project, lang="en")}


def _governed(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The payload with the fields terminology governance adds to some terms."""
    payload = copy.deepcopy(payload)
    old, new = payload["terms"][0], payload["terms"][1]
    old["status"] = "deprecated"
    old["superseded_by"] = new["name"]
    new["deprecated_aliases"] = ["outdated name"]
    new["abbreviation"] = "ABBR"
    return payload, old, new


@pytest.mark.sphinx("html", testroot="interchange", freshenv=True)
def test_governance_fields(app: Any, tmp_path: Path) -> None:
    """status, superseded_by, deprecated_aliases and abbreviation, when present."""
    app.build()
    payload, old, new = _governed(payload_of(app))

    write_tbx(payload, tmp_path / TBX_FILENAME, "en")
    entries = by_name(tbx_entries(tmp_path / TBX_FILENAME))
    assert term_secs(entries[old["name"]])[0] == (old["name"], "deprecatedTerm-admn-sts")
    targets = [r.get("target") for r in entries[old["name"]].findall("tbx:ref", NS)]
    assert entries[new["name"]].get("id") in targets
    # a successor that is also a related term is one cross reference, not two
    old["related"] = [new["name"]]
    write_tbx(payload, tmp_path / TBX_FILENAME, "en")
    entry = by_name(tbx_entries(tmp_path / TBX_FILENAME))[old["name"]]
    targets = [r.get("target") for r in entry.findall("tbx:ref", NS)]
    assert targets == [entries[new["name"]].get("id")]
    secs = dict(term_secs(entries[new["name"]]))
    assert secs["outdated name"] == "deprecatedTerm-admn-sts"
    assert secs["ABBR"] == "admittedTerm-admn-sts"
    (abbr,) = [
        s
        for s in entries[new["name"]].iterfind("tbx:langSec/tbx:termSec", NS)
        if s.findtext("tbx:term", namespaces=NS) == "ABBR"
    ]
    assert abbr.findtext("tbx:termNote[@type='termType']", namespaces=NS) == "abbreviation"

    base = "https://example.invalid/"
    write_skos(payload, tmp_path / SKOS_FILENAME, base, "en")
    graph = rdflib.Graph()
    graph.parse(tmp_path / SKOS_FILENAME, format="json-ld")
    old_iri, new_iri = (rdflib.URIRef(urljoin(base, t["url"])) for t in (old, new))
    assert (old_iri, OWL.deprecated, rdflib.Literal(True)) in graph
    assert (old_iri, DCT.isReplacedBy, new_iri) in graph
    assert (new_iri, SKOS.hiddenLabel, rdflib.Literal("outdated name", lang="en")) in graph
    assert (new_iri, SKOS.altLabel, rdflib.Literal("ABBR", lang="en")) in graph
    assert (new_iri, OWL.deprecated, None) not in graph


@pytest.mark.sphinx(
    "html", testroot="i18n", freshenv=True, confoverrides={"glossterms_exports": ["tbx", "skos"]}
)
def test_translated_build(app: Any) -> None:
    """The build's language, its translated names and definitions."""
    app.build()
    payload = payload_of(app)
    page = soup(Path(app.outdir) / "index.html")
    entries = tbx_entries(Path(app.outdir) / TBX_FILENAME)
    graph = rdflib.Graph()
    graph.parse(Path(app.outdir) / SKOS_FILENAME, format="json-ld")
    translated = 0
    for term in payload["terms"]:
        shown = heading_text(page.find(id=term["anchor"]))
        entry = entries[term["anchor"]]
        (lang_sec,) = entry.findall("tbx:langSec", NS)
        assert lang_sec.get(XML_LANG) == app.config.language
        assert term_secs(entry)[0] == (shown, "preferredTerm-admn-sts")
        definition = lang_sec.findtext("tbx:descrip[@type='definition']", namespaces=NS)
        assert definition == term["definition"]
        concept = next(graph.subjects(SKOS.prefLabel, rdflib.Literal(shown, lang="de")))
        assert (concept, SKOS.definition, rdflib.Literal(definition, lang="de")) in graph
        if shown != term["name"]:
            translated += 1
            assert (concept, SKOS.altLabel, rdflib.Literal(term["name"])) in graph
            notes = [n.text for n in entry.findall("tbx:note", NS)]
            assert any(term["name"] in (n or "") for n in notes)
    assert translated  # the build did translate names


@pytest.mark.sphinx("html", testroot="minimal", freshenv=True)
def test_off_by_default(app: Any) -> None:
    app.build()
    assert not (Path(app.outdir) / TBX_FILENAME).exists()
    assert not (Path(app.outdir) / SKOS_FILENAME).exists()


@pytest.mark.sphinx(
    "html", testroot="minimal", freshenv=True, confoverrides={"glossterms_exports": ["pdf"]}
)
def test_bad_value(app: Any) -> None:
    app.build()
    config = [
        msg for _, msg, kind in warnings_of(app.warning.getvalue()) if kind == "glossterms.config"
    ]
    assert len(config) == 1
    assert "glossterms_exports" in config[0]
    assert not (Path(app.outdir) / TBX_FILENAME).exists()


@pytest.mark.sphinx("latex", testroot="interchange", freshenv=True)
def test_html_only(app: Any) -> None:
    app.build()
    assert not (Path(app.outdir) / TBX_FILENAME).exists()
    assert not (Path(app.outdir) / SKOS_FILENAME).exists()
