"""Machine-readable exports for HTML builders.

- ``glossterms.json`` at the output root (DESIGN §4): every term, sorted by
  name, plain text, no timestamps; identical sources give identical bytes.
- A schema.org ``DefinedTermSet`` as JSON-LD in every page that holds cards.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import is_web_html, page_uri
from .compat import get_builder
from .domain import get_domain
from .names import sort_key
from .pipeline import Priority
from .traversal import cards_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .glossary import ResolvedTerm

JSON_FILENAME = "glossterms.json"
JSON_VERSION = 1


def _sections(term: ResolvedTerm) -> dict[str, str]:
    """Sections in source order; a title given twice has its texts joined."""
    sections: dict[str, str] = {}
    for title, text in term.record.sections:
        sections[title] = f"{sections[title]}\n\n{text}" if title in sections else text
    return sections


def export_term(term: ResolvedTerm, terms: dict[str, ResolvedTerm], page: str) -> dict[str, Any]:
    """One term; ``page``: the URL of its page relative to the output root."""
    record = term.record
    # Keys in the order of DESIGN §4; every value is plain text.
    return {
        "name": record.name,
        "aliases": list(record.aliases),
        "categories": list(record.categories),
        "summary": record.summary,
        "definition": record.definition,
        "sections": _sections(term),
        "related": [terms[key].record.name for key in term.related],
        "mentioned_in": [terms[key].record.name for key in term.mentioned_in],
        "docname": record.docname,
        "anchor": record.anchor,
        "url": f"{page}#{record.anchor}",
        # DESIGN §6, added in version 1 (fields are only ever added)
        "status": record.status,
        "superseded_by": record.superseded_by,
        "abbreviation": record.abbreviation,
        "deprecated_aliases": list(record.deprecated_aliases),
    }


def export_data(terms: dict[str, ResolvedTerm], builder: Builder) -> dict[str, Any]:
    """The whole export: cards and classic glossary terms, sorted by name."""
    ordered = sorted(terms.values(), key=lambda t: sort_key(t.name))
    page = functools.cache(functools.partial(page_uri, builder))  # per document
    return {
        "version": JSON_VERSION,
        "terms": [export_term(term, terms, page(term.record.docname)) for term in ordered],
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable text, no ASCII escaping: each top-level key on a line of its own, and
    each item of a top-level list on one line, so a diff shows the terms that
    changed. (``indent`` would make Python's JSON encoder fall back from C to pure
    Python: the export was most of the extension's fixed cost per build.)

    Objects are built in a fixed order (rather than ``sort_keys``), so the
    sections of a term keep their source order.
    """

    def value(item: Any) -> str:
        if isinstance(item, list) and item:
            lines = ",\n".join(f"    {json.dumps(i, ensure_ascii=False)}" for i in item)
            return f"[\n{lines}\n  ]"
        return json.dumps(item, ensure_ascii=False)

    body = ",\n".join(f"  {json.dumps(key)}: {value(item)}" for key, item in data.items())
    return f"{{\n{body}\n}}\n"


def write_if_changed(path: Path, text: str) -> None:
    """Write an output file of the extension unless it already holds ``text``:
    unchanged files keep their time stamps (incremental builds, rsync, caches)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def file_stamp(path: Path) -> tuple[str, int, int] | None:
    """Path, size and modification time of an output file (``None``: there is none)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns)


class MadeFrom:
    """What the files of one output were last written from, kept in the doctree
    directory: a digest of their inputs, and each file's size and modification
    time as written. A build whose inputs have the same digest, and finds the
    files as written, need not make their text again."""

    def __init__(self, stamp: Path, files: list[Path], inputs: object) -> None:
        self.stamp, self.files = stamp, files
        self.digest = hashlib.sha256(repr(inputs).encode()).hexdigest()

    def _state(self) -> dict[str, object] | None:
        files = []
        for path in self.files:
            if (stamp := file_stamp(path)) is None:
                return None
            files.append(list(stamp))
        return {"digest": self.digest, "files": files}

    def current(self) -> bool:
        """Whether every file is as written from the same inputs."""
        try:
            kept = json.loads(self.stamp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(kept == self._state())

    def written(self) -> None:
        """Record the files just written (a stamp that cannot be written is skipped)."""
        if (state := self._state()) is not None:
            with contextlib.suppress(OSError):
                self.stamp.write_text(json.dumps(state), encoding="utf-8")


def write_json(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``glossterms.json`` (HTML builders only)."""
    if exception is not None or not is_web_html(app.builder):
        return
    domain = get_domain(app.env)
    domain.exported = export_data(domain.glossary.terms, app.builder)
    write_if_changed(Path(app.outdir) / JSON_FILENAME, dumps(domain.exported))


# -- JSON-LD -------------------------------------------------------------------

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data: Any) -> str:
    """Compact JSON safe inside ``<script>``: ``<``, ``>``, ``&`` as ``\\u`` escapes.

    Used for the JSON-LD and for the preview data.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def defined_term_set(terms: list[ResolvedTerm], builder: Builder, docname: str) -> dict[str, Any]:
    """schema.org ``DefinedTermSet`` of the cards on one page.

    URLs are absolute with ``html_baseurl``, else relative to the page itself.
    Each term is in the set by being listed in ``hasDefinedTerm`` (so no
    ``inDefinedTermSet`` back), and its anchor is its ``@id`` (no ``termCode``).
    """
    base = builder.config.html_baseurl
    page = urljoin(base.rstrip("/") + "/", page_uri(builder, docname)) if base else ""
    set_id = f"{page}#glossterms-defined-terms"
    items: list[dict[str, Any]] = []
    for term in terms:
        record = term.record
        item: dict[str, Any] = {
            "@type": "DefinedTerm",
            "@id": f"{page}#{record.anchor}",
            "name": term.name,
            "url": f"{page}#{record.anchor}",
        }
        if record.summary:
            item["description"] = record.summary
        if record.aliases:
            item["alternateName"] = list(record.aliases)
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": set_id,
        "name": builder.config.project,
        "hasDefinedTerm": items,
    }


class JsonLd(SphinxPostTransform):
    """Append the page's ``DefinedTermSet`` in a JSON-LD ``<script>`` (HTML only)."""

    default_priority = Priority.JSON_LD
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        builder = get_builder(self.env)
        if not is_web_html(builder):
            return
        glossary = get_domain(self.env).glossary
        terms: dict[tuple[str, str], ResolvedTerm] = {}
        for card in cards_in(self.document):
            # singlehtml merges every page into one tree: the card's own page
            docname = card.get("glossterms_docname", self.env.docname)
            term = glossary.for_card(docname, card["ids"][0])
            if term is not None:
                terms.setdefault((term.record.docname, term.record.anchor), term)
        if not terms:
            return
        data = defined_term_set(list(terms.values()), builder, self.env.docname)
        html = f'<script type="application/ld+json">\n{script_json(data)}\n</script>\n'
        self.document += nodes.raw("", html, format="html", classes=["glossterms-jsonld"])
