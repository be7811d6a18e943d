"""Read-time collection: turn a parsed document into records for the domain.

This runs on the doctree, after any parser (reST or MyST), so both behave the
same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes

from . import nodes as gt
from .messages import Subtype, warn
from .names import normalize_name
from .records import DocInfo, PlainChunk, TermRecord, first_sentence, plain_text, summary_of
from .traversal import linkable_text, text_runs

if TYPE_CHECKING:
    from .config import GlosstermsConfig


def _is_term_xref(node: nodes.Node) -> bool:
    return (
        isinstance(node, addnodes.pending_xref)
        and node.get("refdomain") == "std"
        and node.get("reftype") == "term"
    )


def _term_targets(node: nodes.Element) -> tuple[str, ...]:
    """Targets of the ``:term:`` references below ``node``, in document order."""
    return tuple(
        str(x["reftarget"]) for x in node.findall(addnodes.pending_xref) if _is_term_xref(x)
    )


def _body_text(children: Sequence[nodes.Node]) -> str:
    return " ".join(
        plain_text(child)
        for child in children
        if not isinstance(child, nodes.Invisible | nodes.system_message | addnodes.index)
    ).strip()


def _linkable(node: nodes.Element, same: Mapping[str, str]) -> tuple[str, ...]:
    """The linkable text below ``node``, as the very strings of the page's prose
    where they are equal (``same``).

    A card's text is also the page's text. Pickle writes an object it has
    already written as a reference, so sharing the strings stores the text of a
    glossary once in the environment (and in memory), not twice.
    """
    return tuple(same.get(text, text) for text in linkable_text(node))


def card_record(
    card: gt.term_card,
    docname: str,
    position: int,
    doc_source: str = "",
    same: Mapping[str, str] | None = None,
) -> TermRecord:
    """The record of a ``term-card`` node (``same``: the page's prose, see :func:`_linkable`)."""
    definition_nodes = [
        child
        for child in card.children
        if not isinstance(child, gt.term_card_title | gt.term_card_section)
    ]
    definition = _body_text(definition_nodes)
    sections = tuple(
        (section["glossterms_title"], _body_text(section.children[1:]))
        for section in card.children
        if isinstance(section, gt.term_card_section)
    )
    return TermRecord(
        name=card["glossterms_name"],
        docname=docname,
        anchor=card["ids"][0],
        position=position,
        lineno=card.line,
        # written in another file (a term data file): warnings point there
        source=card.source if card.source and card.source != doc_source else "",
        kind="card",
        aliases=tuple(card["glossterms_aliases"]),
        related=tuple(card["glossterms_related"]),
        categories=tuple(card["glossterms_categories"]),
        summary=summary_of(card["glossterms_summary"] or first_sentence(definition)),
        definition=definition,
        sections=sections,
        no_autolink=card["glossterms_no_autolink"],
        explicit_refs=_term_targets(card),
        text=_linkable(card, same or {}),
        title=_title(card),
        only=only_conditions(card),
        status=card.get("glossterms_status", "active"),
        superseded_by=card.get("glossterms_superseded_by", ""),
        abbreviation=card.get("glossterms_abbreviation", ""),
        deprecated_aliases=tuple(card.get("glossterms_deprecated_aliases", ())),
    )


def only_conditions(node: nodes.Node) -> tuple[str, ...]:
    """The expressions of the ``.. only::`` directives around ``node``, outermost first."""
    conditions: list[str] = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            conditions.append(str(parent["expr"]))
        parent = parent.parent
    return tuple(reversed(conditions))


def _title(card: gt.term_card) -> str:
    """The heading as shown, when it differs from the name (a translated build)."""
    for child in card.children:
        if isinstance(child, gt.term_card_title):
            title = plain_text(child)
            return "" if title == card["glossterms_name"] else title
    return ""


def glossary_record(
    term: nodes.term,
    docname: str,
    position: int,
    keep_text: bool = False,
    same: Mapping[str, str] | None = None,
) -> TermRecord | None:
    """The record of one term line of Sphinx's classic ``glossary``."""
    if not term["ids"]:
        return None
    item = term.parent
    definition = ""
    text: tuple[str, ...] = ()
    if isinstance(item, nodes.definition_list_item):
        bodies = [c for c in item.children if isinstance(c, nodes.definition)]
        definition = _body_text(bodies)
        if keep_text:
            text = tuple(chunk for body in bodies for chunk in _linkable(body, same or {}))
    return TermRecord(
        name=normalize_name(term.astext()),
        docname=docname,
        anchor=term["ids"][0],
        position=position,
        lineno=term.line,
        kind="glossary",
        summary=summary_of(first_sentence(definition)),
        definition=definition,
        text=text,
        only=only_conditions(term),
    )


def _is_defined_term(node: nodes.Node) -> bool:
    return isinstance(node, gt.term_card) or (
        isinstance(node, nodes.term)
        and isinstance(node.parent, nodes.definition_list_item)
        and isinstance(node.parent.parent.parent, addnodes.glossary)
    )


#: The file-wide metadata field of a page that opts out of automatic links.
OPT_OUT_FIELD = "glossterms-autolink"
_OFF = frozenset({"off", "false", "no", "0"})
_ON = frozenset({"on", "true", "yes", "1"})


def autolink_opted_out(document: nodes.document) -> bool:
    """``:glossterms-autolink: off`` in the file-wide fields (reST), or
    ``glossterms-autolink: off`` in MyST front matter (YAML may read it as false).

    Read from the ``docinfo`` node, which Sphinx turns into ``env.metadata``
    after the domains have seen the document.
    """
    for docinfo in document.children:
        if not isinstance(docinfo, nodes.docinfo):
            continue
        for item in docinfo.findall(nodes.field):
            if item[0].astext().strip().lower() != OPT_OUT_FIELD:
                continue
            value = item[1].astext().strip().lower()
            if value in _OFF:
                return True
            if value not in _ON:
                warn(
                    f"{OPT_OUT_FIELD}: {item[1].astext().strip()!r} is not valid "
                    "(expected off or on); automatic links stay on",
                    Subtype.config,
                    item,
                )
    return False


def collect(
    document: nodes.document, docname: str, config: GlosstermsConfig
) -> tuple[list[TermRecord], DocInfo]:
    """Every term defined in a document, and what the document refers to."""
    # Classic glossaries' text, when every page is linked automatically: for
    # unused terms, and to know which pages a change of terms rewrites (outdated.py).
    keep_text = config.autolink_all
    prose = prose_chunks(document)  # also the rest of the page's text (DocInfo.text)
    same = {text: text for text, _line, _own in prose}
    records: list[TermRecord] = []
    for position, node in enumerate(document.findall(_is_defined_term)):
        if isinstance(node, gt.term_card):
            source = document.get("source", "")
            records.append(card_record(node, docname, position, source, same))
        elif (
            record := glossary_record(cast(nodes.term, node), docname, position, keep_text, same)
        ) is not None:
            records.append(record)
    info = DocInfo(
        term_refs=tuple(sorted(set(_term_targets(document)))),
        placeholders=any(
            True
            for _ in document.findall(
                lambda n: isinstance(n, gt.glossary_index | gt.glossary_graph)
            )
        ),
        prose=prose,
        autolink_off=autolink_opted_out(document),
    )
    return records, info


def _block_of(node: nodes.Node) -> nodes.Element | None:
    """The nearest element around ``node`` that is not inline markup (a paragraph...)."""
    parent: nodes.Element | None = node.parent
    while isinstance(parent, nodes.Inline):
        parent = cast(nodes.Element, parent).parent
    return parent


def prose_chunks(document: nodes.document) -> tuple[PlainChunk, ...]:
    """Every run of linkable text with its source line and the terms it defines.

    The line of a run is its block's line plus the line breaks before it in the
    block (docutils gives lines to paragraphs, not to the text inside them).
    """
    chunks: list[PlainChunk] = []
    block: nodes.Element | None = None
    breaks: dict[int, int] = {}
    for run, scope in text_runs(document):
        text = "".join(run)
        if not text.strip():
            continue
        current = _block_of(run[0])
        if current is not block:
            block, breaks, count = current, {}, 0
            for piece in current.findall(nodes.Text) if current is not None else ():
                breaks[id(piece)] = count
                count += piece.count("\n")
        line = None
        if block is not None and block.line is not None:
            line = block.line + breaks.get(id(run[0]), 0)
        chunks.append((text, line, tuple(sorted(scope.own))))
    return tuple(chunks)
