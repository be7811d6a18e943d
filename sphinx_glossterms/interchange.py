"""Term base interchange: TBX-Basic and SKOS, written from the ``glossterms.json`` payload.

``glossterms_exports = ["tbx", "skos"]`` makes HTML builders write, next to
``glossterms.json``:

- ``glossterms.tbx``: TBX-Basic (ISO 30042, DCA style), one ``conceptEntry``
  per term, one ``langSec`` in the build's language, one ``termSec`` per name,
  alias and abbreviation with its ``administrativeStatus``;
- ``glossterms.skos.jsonld``: a ``skos:ConceptScheme`` and one ``skos:Concept``
  per term, as JSON-LD.

The writers read only the payload (``{"version": 1, "terms": [...]}``), so
they do not depend on the extension's internal types. Fields added later to
the payload (``status``, ``superseded_by``, ``abbreviation``,
``deprecated_aliases``) are used when present, and so is ``label``, the
name as shown in a translated build (``write_exports`` adds it): it is the
preferred term of the build's language, the source name stays as a note (TBX)
or an untagged ``altLabel`` (SKOS). Output is deterministic.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .builders import is_web_html
from .config import get_config
from .domain import get_domain
from .export import dumps, export_data, write_if_changed
from .names import term_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TBX_FILENAME = "glossterms.tbx"
SKOS_FILENAME = "glossterms.skos.jsonld"
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
SKOS_CONTEXT = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
_NCNAME_RE = re.compile(r"^[^\W\d][\w.\-]*$")


def language_tag(language: str | None) -> str:
    """A BCP 47 tag from Sphinx's ``language`` (``pt_BR`` -> ``pt-BR``); ``en`` if unset."""
    return (language or "en").replace("_", "-")


def _deprecated(term: Mapping[str, Any]) -> bool:
    return str(term.get("status") or "").lower() == "deprecated"


def _shown(term: Mapping[str, Any]) -> str:
    """The name in the build's language."""
    return str(term.get("label") or term["name"])


def _source_name(term: Mapping[str, Any]) -> str:
    """The source name, when a translated build shows another one."""
    return term["name"] if term_key(_shown(term)) != term_key(term["name"]) else ""


def _names_of(term: Mapping[str, Any]) -> Iterable[tuple[str, str, bool]]:
    """(label, TBX status, is an abbreviation) of every name form, each once."""
    seen: set[str] = {term_key(term["name"])} if _source_name(term) else set()
    abbreviation = term.get("abbreviation") or ""
    deprecated = list(term.get("deprecated_aliases") or ())
    deprecated_aliases = {term_key(a) for a in deprecated}
    forms = [(_shown(term), DEPRECATED if _deprecated(term) else PREFERRED)]
    forms += [
        (alias, DEPRECATED if term_key(alias) in deprecated_aliases else ADMITTED)
        for alias in [*term.get("aliases", ()), *deprecated]
    ]
    if abbreviation:
        forms.append((abbreviation, ADMITTED))
    for label, status in forms:
        if term_key(label) in seen:
            continue
        seen.add(term_key(label))
        yield label, status, term_key(label) == term_key(abbreviation)


def _concept_ids(terms: list[Mapping[str, Any]]) -> dict[str, str]:
    """An XML id per term key: its anchor when that is a valid id, unique in the file."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for number, term in enumerate(terms, start=1):
        anchor = str(term.get("anchor") or "")
        candidate = anchor if _NCNAME_RE.match(anchor) else f"concept-{number}"
        while candidate in used:
            candidate = f"{candidate}-{number}"
        used.add(candidate)
        ids[term_key(term["name"])] = candidate
    return ids


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def tbx_document(payload: Mapping[str, Any], language: str | None, title: str = "") -> str:
    """The TBX-Basic file for a payload, as text."""
    lang = language_tag(language)
    terms: list[Mapping[str, Any]] = list(payload.get("terms", ()))
    ids = _concept_ids(terms)
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: lang})
    root.set("xmlns", TBX_NAMESPACE)
    source = _sub(_sub(_sub(root, "tbxHeader"), "fileDesc"), "sourceDesc")
    _sub(source, "p", f"{title or 'Glossary'}: exported by sphinx-glossterms")
    body = _sub(_sub(root, "text"), "body")
    for term in terms:
        entry = _sub(body, "conceptEntry", id=ids[term_key(term["name"])])
        for category in term.get("categories", ()):
            _sub(entry, "descrip", category, type="subjectField")
        for name in term.get("related", ()):
            if term_key(name) in ids:
                _sub(entry, "ref", name, type="crossReference", target=ids[term_key(name)])
        successor = term.get("superseded_by") or ""
        referenced = {term_key(name) for name in term.get("related", ())}
        if successor and term_key(successor) in ids and term_key(successor) not in referenced:
            _sub(entry, "ref", successor, type="crossReference", target=ids[term_key(successor)])
        if term.get("url"):
            _sub(entry, "xref", _shown(term), type="externalCrossReference", target=term["url"])
        if successor:
            _sub(entry, "note", f"Superseded by {successor}")
        if source_name := _source_name(term):
            _sub(entry, "note", f"Source name: {source_name}")
        lang_sec = _sub(entry, "langSec", **{XML_LANG: lang})
        if term.get("definition"):
            _sub(lang_sec, "descrip", term["definition"], type="definition")
        for label, status, is_abbreviation in _names_of(term):
            term_sec = _sub(lang_sec, "termSec")
            _sub(term_sec, "term", label)
            if is_abbreviation:
                _sub(term_sec, "termNote", "abbreviation", type="termType")
            _sub(term_sec, "termNote", status, type="administrativeStatus")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_tbx(
    payload: Mapping[str, Any], path: Path, language: str | None, title: str = ""
) -> None:
    """Write ``glossterms.tbx`` (TBX-Basic) for a ``glossterms.json`` payload."""
    write_if_changed(path, tbx_document(payload, language, title))


def skos_document(
    payload: Mapping[str, Any],
    base_url: str,
    language: str | None = None,
    title: str = "",
) -> dict[str, Any]:
    """The SKOS concept scheme of a payload, as a JSON-LD object.

    IRIs are the terms' URLs: absolute with ``base_url`` (``@base``), else
    relative to the file, which sits at the output root like the pages' URLs.
    """
    lang = language_tag(language)
    terms: list[Mapping[str, Any]] = list(payload.get("terms", ()))
    urls = {term_key(t["name"]): t.get("url") or f"#{t.get('anchor', '')}" for t in terms}
    scheme_id = f"{SKOS_FILENAME}#scheme"

    def label(text: str) -> dict[str, str]:
        return {"@value": text, "@language": lang}

    def refs(names: Iterable[str]) -> list[dict[str, str]]:
        return [{"@id": urls[term_key(n)]} for n in names if term_key(n) in urls]

    concepts: list[dict[str, Any]] = []
    for term in terms:
        concept: dict[str, Any] = {
            "@id": urls[term_key(term["name"])],
            "@type": "skos:Concept",
            "skos:prefLabel": label(_shown(term)),
        }
        forms = list(_names_of(term))[1:]
        alt = [label(name) for name, status, _ in forms if status != DEPRECATED]
        hidden = [label(name) for name, status, _ in forms if status == DEPRECATED]
        if source_name := _source_name(term):
            alt.append({"@value": source_name})
        if alt:
            concept["skos:altLabel"] = alt
        if hidden:  # deprecated aliases: found by search, not shown
            concept["skos:hiddenLabel"] = hidden
        if term.get("definition"):
            concept["skos:definition"] = label(term["definition"])
        if term.get("summary"):
            concept["skos:scopeNote"] = label(term["summary"])
        if related := refs(term.get("related", ())):
            concept["skos:related"] = related
        if term.get("categories"):
            concept["dct:subject"] = [label(c) for c in term["categories"]]
        if _deprecated(term):
            concept["owl:deprecated"] = True
            if successor := refs([term.get("superseded_by") or ""]):
                concept["dct:isReplacedBy"] = successor[0]
        concept["skos:inScheme"] = {"@id": scheme_id}
        concept["skos:topConceptOf"] = {"@id": scheme_id}
        concepts.append(concept)
    scheme: dict[str, Any] = {
        "@id": scheme_id,
        "@type": "skos:ConceptScheme",
        "skos:hasTopConcept": [{"@id": c["@id"]} for c in concepts],
    }
    if title:
        scheme["dct:title"] = label(title)
        scheme["skos:prefLabel"] = label(title)
    context: dict[str, str] = dict(SKOS_CONTEXT)
    if base_url:
        context["@base"] = base_url.rstrip("/") + "/"
    return {"@context": context, "@graph": [scheme, *concepts]}


def write_skos(
    payload: Mapping[str, Any],
    path: Path,
    base_url: str,
    language: str | None = None,
    title: str = "",
) -> None:
    """Write ``glossterms.skos.jsonld`` for a ``glossterms.json`` payload."""
    write_if_changed(path, dumps(skos_document(payload, base_url, language, title)))


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the formats of ``glossterms_exports`` (HTML builders)."""
    formats = get_config(app.env).exports
    if exception is not None or not formats or not is_web_html(app.builder):
        return
    terms = get_domain(app.env).glossary.terms
    payload = export_data(terms, app.builder)
    shown = {term.record.name: term.name for term in terms.values()}
    for item in payload["terms"]:
        if shown.get(item["name"], item["name"]) != item["name"]:
            item["label"] = shown[item["name"]]
    outdir, config = Path(app.outdir), app.config
    if "tbx" in formats:
        write_tbx(payload, outdir / TBX_FILENAME, config.language, config.project)
    if "skos" in formats:
        write_skos(
            payload, outdir / SKOS_FILENAME, config.html_baseurl, config.language, config.project
        )
