"""The review file of automatic links: ``glossterms-autolinks.csv`` (HTML builders).

One row per automatic link in the output: the term, the document, the section
and the sentence around the link (plus the words linked), sorted by term, then
document, then position; no timestamps, so identical sources give identical
bytes. The build log ends with one line counting the links.

Rows are read from the finished links (after Sphinx's ``ReferencesResolver``),
so they are exactly what a reader sees. Post-transforms run in the main
process, also in a parallel write (``-j``), so the rows of every page written
are collected here. A page an incremental build does not rewrite keeps its
rows from the previous build (``CACHE_FILENAME``, or the file itself); pages
removed from the project lose theirs.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import pickle
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import is_web_html
from .compat import get_builder
from .domain import AUTOLINK_CLASS, get_domain
from .export import file_stamp, write_if_changed
from .messages import logger
from .names import sort_key
from .pipeline import Priority

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REVIEW_FILENAME = "glossterms-autolinks.csv"
COLUMNS = ("term", "document", "section", "text", "sentence")
#: The longest sentence shown; a longer one is cut around the link.
SENTENCE_LIMIT = 400
#: How many of the most linked terms the summary line names.
TOP = 5

_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"'”’)\]]*\s+")


class Row(NamedTuple):
    term: str
    document: str
    section: str
    text: str  #: the words linked, as shown
    sentence: str


def _block_of(node: nodes.Element) -> nodes.Element:
    """The outermost text element around ``node`` (a paragraph, a list item's text)."""
    block = node
    while isinstance(block.parent, nodes.TextElement):
        block = block.parent
    return block


class _BlockText:
    """A text block read once: its text, where each text node sits in it, and
    where its sentences break (a page's links share few blocks)."""

    def __init__(self, block: nodes.Element) -> None:
        pieces: list[str] = []
        self.spans: dict[int, tuple[int, int]] = {}
        length = 0
        for text in block.findall(nodes.Text):
            piece = text.astext()
            self.spans[id(text)] = (length, length + len(piece))
            pieces.append(piece)
            length += len(piece)
        self.whole = "".join(pieces)
        self.breaks = [(m.start(), m.end()) for m in _SENTENCE_BREAK_RE.finditer(self.whole)]


def link_and_sentence(reference: nodes.Element, blocks: dict[int, _BlockText]) -> tuple[str, str]:
    """The words of ``reference`` and the sentence of its text block around them,
    whitespace collapsed (``blocks``: blocks already read, by ``id``)."""
    block = _block_of(reference)
    read = blocks.get(id(block))
    if read is None:
        read = blocks[id(block)] = _BlockText(block)
    whole = read.whole
    spans = [read.spans[id(t)] for t in reference.findall(nodes.Text) if id(t) in read.spans]
    if not spans:
        return " ".join(reference.astext().split()), " ".join(whole.split())
    start, end = spans[0][0], spans[-1][1]
    first, last = 0, len(whole)
    for found_start, found_end in read.breaks:
        if found_end <= start:
            first = found_end
        elif found_start >= end:
            last = found_start + 1
            break
    before = " ".join(whole[first:start].split())
    link = " ".join(whole[start:end].split())
    after = " ".join(whole[end:last].split())
    half = (SENTENCE_LIMIT - len(link)) // 2
    if len(before) + len(link) + len(after) + 2 > SENTENCE_LIMIT and half > 0:
        if len(before) > half:
            before = "…" + before[-half:].lstrip()
        if len(after) > half:
            after = after[:half].rstrip() + "…"
    space_before = " " if before and whole[start - 1 : start].isspace() else ""
    space_after = " " if after and whole[end : end + 1].isspace() else ""
    return link, f"{before}{space_before}{link}{space_after}{after}".strip()


def _section_of(node: nodes.Node, titles: dict[int, str | None]) -> str:
    """The title of the section around ``node`` (``titles``: sections seen, by ``id``;
    ``None`` for one without a title)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children:
            if id(parent) in titles:
                title = titles[id(parent)]
            else:
                first = parent[0]
                title = " ".join(first.astext().split()) if isinstance(first, nodes.title) else None
                titles[id(parent)] = title
            if title is not None:
                return title
        parent = parent.parent
    return ""


class ReviewRows(SphinxPostTransform):
    """Note each automatic link of a page written by an HTML builder."""

    default_priority = Priority.REVIEW
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not is_web_html(get_builder(self.env)):
            return
        domain = get_domain(self.env)
        glossary = domain.glossary
        docname = self.env.docname
        rows: list[Row] = []
        blocks: dict[int, _BlockText] = {}
        titles: dict[int, str | None] = {}
        for reference in self.document.findall(nodes.reference):
            if AUTOLINK_CLASS not in reference["classes"]:
                continue
            key = reference.get("glossterms_key", "")
            term = glossary.terms.get(key) or glossary.external.get(key)  # another project's
            if term is None:
                continue
            text, sentence = link_and_sentence(reference, blocks)
            rows.append(Row(term.name, docname, _section_of(reference, titles), text, sentence))
        domain.review_rows[docname] = rows


#: The rows an incremental build keeps, as written: in the doctree directory,
#: next to the environment, with the stamp of the review file they were written
#: to. Reading them back is cheaper than parsing the file again and rendering
#: every row (a third of a second at 2,000 terms / 400 pages). The file holds two
#: pickles: a small head (:class:`_Head`), then the rows, read only when a page
#: this build wrote has rows other than the head says.
CACHE_FILENAME = "glossterms-review.pickle"


class Lines(NamedTuple):
    """A page's rows as written, in document order: two tuples rather than a pair
    per row, so that the cache of tens of thousands of rows loads as a few hundred
    objects for the garbage collector to count."""

    terms: tuple[str, ...]  #: each row's term
    lines: tuple[str, ...]  #: each row's line of the file


class _Head(NamedTuple):
    stamp: tuple[str, int, int]  #: path, size and modification time of the file
    digests: dict[str, bytes]  #: of each page's rows (:func:`_digest`)
    summary: str  #: the summary line of these rows


def lines_of(rows: list[Row]) -> Lines:
    """``rows`` as lines of the file, each with its term."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    lines = out.getvalue().split("\n")[:-1]
    if len(lines) != len(rows):  # a quoted line break: one row at a time
        lines = []
        for row in rows:
            out.seek(0)
            out.truncate()
            writer.writerow(row)
            lines.append(out.getvalue()[:-1])
    assert len(lines) == len(rows)
    return Lines(tuple(row.term for row in rows), tuple(f"{line}\n" for line in lines))


def _digest(lines: Lines) -> bytes:
    return hashlib.sha256(repr(lines).encode()).digest()


class _Cached(NamedTuple):
    head: _Head
    file: BinaryIO  #: open after the head: the rows are the next pickle

    def pages(self) -> dict[str, Lines] | None:
        try:
            pages = pickle.load(self.file)
        except Exception:  # damaged: read the review file instead
            return None
        if not isinstance(pages, dict) or pages.keys() != self.head.digests.keys():
            return None
        if not all(isinstance(lines, Lines) for lines in pages.values()):
            return None  # an older shape
        return pages


def _cached(file: BinaryIO, stamp: tuple[str, int, int] | None) -> _Cached | None:
    """The cache, if it was written with the file ``stamp`` describes."""
    try:
        head = pickle.load(file)
    except Exception:  # missing, of an older version or damaged: read the file instead
        return None
    if not isinstance(head, _Head) or stamp is None or head.stamp != stamp:
        return None
    return _Cached(head, file)


def _previous_pages(path: Path) -> dict[str, Lines] | None:
    """The rows, by page, of the file an earlier build wrote (``None`` if there is
    none of ours)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != list(COLUMNS):
        return None
    by_page: dict[str, list[Row]] = {}
    for line in reader:
        if len(line) == len(COLUMNS):
            row = Row._make(line)
            by_page.setdefault(row.document, []).append(row)
    return {page: lines_of(rows) for page, rows in by_page.items()}


def render(pages: dict[str, Lines]) -> str:
    """The file: its header, then every row sorted by term, then document; the rows
    of one page stay in document order, wherever they come from."""
    order: dict[str, tuple[str, str]] = {}  # each term's sort key, made once
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)  # by term, pages in order
    for page in sorted(pages):
        for term, line in zip(*pages[page], strict=True):
            if (place := order.get(term)) is None:
                place = order[term] = sort_key(term)
            rows[place].append(line)
    return ",".join(COLUMNS) + "\n" + "".join(line for p in sorted(rows) for line in rows[p])


def summary(pages: dict[str, Lines]) -> str:
    counts = Counter(term for lines in pages.values() for term in lines.terms)
    total = sum(counts.values())
    linked = sum(1 for lines in pages.values() if lines.terms)
    top = sorted(counts.items(), key=lambda item: (-item[1], sort_key(item[0])))[:TOP]
    most = ", ".join(f"{term} {count}" for term, count in top)
    noun = "link" if total == 1 else "links"
    line = f"glossterms: {total} automatic {noun} on {linked} page{'' if linked == 1 else 's'}"
    if most:
        line += f"; most linked: {most}"
    return f"{line}; every link is listed in {REVIEW_FILENAME}"


def write_review(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the review file and the summary line (HTML builders).

    Pages this build wrote bring their rows; the others keep theirs from the
    previous build, and pages removed from the project lose theirs.
    """
    if exception is not None or not is_web_html(app.builder):
        return
    domain = get_domain(app.env)
    path = Path(app.outdir) / REVIEW_FILENAME
    cache = Path(app.doctreedir) / CACHE_FILENAME
    docs = set(app.env.found_docs)
    written = {page: lines_of(rows) for page, rows in domain.review_rows.items()}
    with contextlib.ExitStack() as stack:
        try:
            found = _cached(stack.enter_context(cache.open("rb")), file_stamp(path))
        except OSError:
            found = None
        if found is not None and _unchanged(found.head, written, docs):
            line = found.head.summary  # the file holds these rows, and the cache says so
        else:
            line = _write_review(path, cache, docs, written, found)
    if domain.glossary.config.autolink_on:
        logger.info(line)


def _unchanged(head: _Head, written: dict[str, Lines], docs: set[str]) -> bool:
    """Whether the pages this build wrote have the rows the cache holds, and no
    page the cache holds rows of is gone."""
    return head.digests.keys() <= docs and all(
        head.digests.get(page) == _digest(lines) for page, lines in written.items()
    )


def _write_review(
    path: Path, cache: Path, docs: set[str], written: dict[str, Lines], found: _Cached | None
) -> str:
    """Write the file and the cache (where their rows changed); the summary line."""
    previous = cached = None if found is None else found.pages()
    # without the cache, the previous file only matters for pages this build did not write
    if cached is None and docs - written.keys():
        previous = _previous_pages(path)
    pages = {page: lines for page, lines in (previous or {}).items() if page in docs}
    pages.update(written)
    line = summary(pages)
    if pages != previous:  # else the same rows as the file holds: the same bytes
        write_if_changed(path, render(pages))
    if (stamp := file_stamp(path)) is not None:
        known = found.head.digests if found is not None and cached is not None else {}
        digests = {
            page: known[page] if page in known and page not in written else _digest(lines)
            for page, lines in pages.items()
        }
        with cache.open("wb") as file:
            pickle.dump(_Head(stamp, digests, line), file, pickle.HIGHEST_PROTOCOL)
            pickle.dump(pages, file, pickle.HIGHEST_PROTOCOL)
    return line
