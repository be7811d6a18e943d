"""The review file of automatic links: ``glossterms-autolinks.csv`` (HTML builders).

One row per automatic link in the output: the term, the document, the section
and the sentence around the link (plus the words linked), sorted by term, then
document, then position; no timestamps, so identical sources give identical
bytes. The build log ends with one line counting the links.

Rows are read from the finished links (after Sphinx's ``ReferencesResolver``),
so they are exactly what a reader sees. Post-transforms run in the main
process, also in a parallel write (``-j``), so the rows of every page written
are collected here. A page an incremental build does not rewrite keeps its
rows from the previous file (pages removed from the project lose theirs).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import is_web_html
from .compat import get_builder
from .domain import AUTOLINK_CLASS, get_domain
from .export import write_if_changed
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


def _previous_rows(path: Path) -> list[Row] | None:
    """The rows of the file an earlier build wrote (``None`` if there is none of ours)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != list(COLUMNS):
        return None
    return [Row._make(line) for line in reader if len(line) == len(COLUMNS)]


def render(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def merged_rows(previous: list[Row], written: dict[str, list[Row]], docs: set[str]) -> list[Row]:
    """The rows of this build's pages, and the previous file's rows of pages that
    still exist and were not written again; sorted by term, then document.

    The sort is stable and rows of one page are in document order, whether they
    come from this build or from the previous file, so an incremental build
    gives the same file as a fresh one.
    """
    kept = [row for row in previous if row.document not in written and row.document in docs]
    rows = kept + [row for page in sorted(written) for row in written[page]]
    order = {term: sort_key(term) for term in {row.term for row in rows}}  # once per term
    rows.sort(key=lambda row: (order[row.term], row.document))
    return rows


def summary(rows: list[Row]) -> str:
    counts = Counter(row.term for row in rows)
    pages = len({row.document for row in rows})
    top = sorted(counts.items(), key=lambda item: (-item[1], sort_key(item[0])))[:TOP]
    most = ", ".join(f"{term} {count}" for term, count in top)
    noun = "link" if len(rows) == 1 else "links"
    line = f"glossterms: {len(rows)} automatic {noun} on {pages} page{'' if pages == 1 else 's'}"
    if most:
        line += f"; most linked: {most}"
    return f"{line}; every link is listed in {REVIEW_FILENAME}"


def write_review(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the review file and the summary line (HTML builders)."""
    if exception is not None or not is_web_html(app.builder):
        return
    domain = get_domain(app.env)
    path = Path(app.outdir) / REVIEW_FILENAME
    docs = set(app.env.found_docs)
    # the previous file only matters for pages this build did not write
    previous = _previous_rows(path) if docs - domain.review_rows.keys() else None
    rows = merged_rows(previous or [], domain.review_rows, docs)
    if rows != previous:  # the same rows as the file holds: the same bytes
        write_if_changed(path, render(rows))
    if domain.glossary.config.autolink_on:
        logger.info(summary(rows))
