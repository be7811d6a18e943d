"""Machine-readable exports for HTML builders.

- ``glossterms.json`` at the output root (DESIGN §4): every term, sorted by
  name, plain text, no timestamps; identical sources give identical bytes. Each
  term's line is kept between builds (``LINES_FILENAME``) and encoded again only
  when what it is made from changed.
- A schema.org ``DefinedTermSet`` as JSON-LD in every page that holds cards.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import pickle
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
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
    from .records import TermRecord

JSON_FILENAME = "glossterms.json"
JSON_VERSION = 1


def _sections(term: ResolvedTerm) -> dict[str, str]:
    """Sections in source order; a title given twice has its texts joined."""
    sections: dict[str, str] = {}
    for title, text in term.record.sections:
        sections[title] = f"{sections[title]}\n\n{text}" if title in sections else text
    return sections


def vocabulary_fields(record: TermRecord) -> dict[str, Any]:
    """The fields of a term the Vale files are made of (:mod:`.vocabulary`), as
    :func:`export_term` writes them."""
    return {
        "name": record.name,
        "aliases": list(record.aliases),
        "abbreviation": record.abbreviation,
        "status": record.status,
        "superseded_by": record.superseded_by,
        "deprecated_aliases": list(record.deprecated_aliases),
    }


def export_term(term: ResolvedTerm, terms: dict[str, ResolvedTerm], page: str) -> dict[str, Any]:
    """One term; ``page``: the URL of its page relative to the output root."""
    record = term.record
    vocabulary = vocabulary_fields(record)
    # Keys in the order of DESIGN §4; every value is plain text.
    return {
        "name": vocabulary["name"],
        "aliases": vocabulary["aliases"],
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
        "status": vocabulary["status"],
        "superseded_by": vocabulary["superseded_by"],
        "abbreviation": vocabulary["abbreviation"],
        "deprecated_aliases": vocabulary["deprecated_aliases"],
    }


#: An item of the file on one line: JSON, no ASCII escaping.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


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
    each item of a top-level list on one line, so a diff shows the items that
    changed. (``indent`` would make Python's JSON encoder fall back from C to pure
    Python.) Objects are built in a fixed order (rather than ``sort_keys``), so the
    sections of a term keep their source order.
    """

    def value(item: Any) -> str:
        if isinstance(item, list) and item:
            lines = ",\n".join(f"    {_ENCODER.encode(i)}" for i in item)
            return f"[\n{lines}\n  ]"
        return _ENCODER.encode(item)

    body = ",\n".join(f"  {json.dumps(key)}: {value(item)}" for key, item in data.items())
    return f"{{\n{body}\n}}\n"


def document(lines: list[str]) -> str:
    """``glossterms.json``'s text from its terms' lines: :func:`dumps` of
    :func:`export_data`, without encoding each term again."""
    terms = "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"
    return f'{{\n  "version": {JSON_VERSION},\n  "terms": {terms}\n}}\n'


#: Each term's line as last written, by what it was made from, kept in the doctree
#: directory: encoding every term again was most of the export's cost in a build
#: that changed one (about 35 ms at 2,000 terms).
LINES_FILENAME = "glossterms-json.pickle"

#: The fields of a record :func:`export_term` reads (a test checks that no other
#: field changes what it exports)
EXPORTED_FIELDS = (
    "name",
    "aliases",
    "categories",
    "summary",
    "definition",
    "sections",
    "docname",
    "anchor",
    "status",
    "superseded_by",
    "abbreviation",
    "deprecated_aliases",
)
_exported = attrgetter(*EXPORTED_FIELDS)

#: What a term's line is made from (:func:`_made_of`)
MadeOf = tuple[object, ...]


def _made_of(term: ResolvedTerm, page: str) -> MadeOf:
    """What :func:`export_term` reads of the term itself, with its page; the names
    of the terms it lists are checked apart (:class:`_KeptLines`)."""
    return (_exported(term.record), term.related, term.mentioned_in, page)


@functools.cache
def _code_digest() -> bytes | None:
    """This module's source: lines kept by another version are made again (``None``:
    the source cannot be read, as in a zipped install, and nothing is kept)."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).digest()
    except OSError:
        return None


class _KeptLines(NamedTuple):
    code: bytes  #: :func:`_code_digest` of the version that made them
    names: dict[str, str]  #: the name of every term, by key, when they were made
    lines: dict[MadeOf, str]


def _kept_lines(path: Path, names: dict[str, str]) -> dict[MadeOf, str]:
    """The lines kept in ``path``, if made by this version, and no term kept its key
    under another name (its new name would change the lines that list it; a term
    added or gone changes the lines that list it, and their keys, anyway)."""
    try:
        with path.open("rb") as file:
            kept = pickle.load(file)
    except Exception:  # missing, damaged, of another version: encode every term
        return {}
    code = _code_digest()
    if not isinstance(kept, _KeptLines) or code is None or kept.code != code:
        return {}
    if any(names.get(key, name) != name for key, name in kept.names.items()):
        return {}
    return kept.lines


def _keep_lines(path: Path, kept: _KeptLines) -> None:
    partial = path.with_name(path.name + ".part")
    try:  # written aside then renamed: an interrupted build leaves all or none
        with partial.open("wb") as file:
            pickle.dump(kept, file, pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:  # cannot be kept: the next build encodes every term
        pass


def export_lines(
    terms: dict[str, ResolvedTerm], builder: Builder, store: Path
) -> tuple[list[str], list[dict[str, Any]]]:
    """Every term's line of the file, sorted by name, and its :func:`vocabulary_fields`;
    lines kept in ``store`` by an earlier build are reused where made from the same
    data, and the store is brought up to date."""
    page = functools.cache(functools.partial(page_uri, builder))  # per document
    names = {key: term.record.name for key, term in terms.items()}
    kept = _kept_lines(store, names)
    made: dict[MadeOf, str] = {}
    lines, rows = [], []
    encoded = 0
    for term in sorted(terms.values(), key=lambda t: sort_key(t.name)):
        url = page(term.record.docname)
        made_of = _made_of(term, url)
        line = kept.get(made_of)
        if line is None:
            line = _ENCODER.encode(export_term(term, terms, url))
            encoded += 1
        made[made_of] = line
        lines.append(line)
        rows.append(vocabulary_fields(term.record))
    code = _code_digest()
    if (encoded or len(made) != len(kept)) and code is not None:
        _keep_lines(store, _KeptLines(code, names, made))
    return lines, rows


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
    store = Path(app.doctreedir) / LINES_FILENAME
    lines, domain.exported = export_lines(domain.glossary.terms, app.builder, store)
    write_if_changed(Path(app.outdir) / JSON_FILENAME, document(lines))


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
