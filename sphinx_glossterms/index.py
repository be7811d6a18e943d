"""The glossary index: the ``glossary-index`` directive and the generated index page.

Both group every term (and every alias, as an entry of its own) under its
first letter, accents folded ("É" under "E"), non-letters under "#". The
directive leaves a placeholder that a post-transform fills once all documents
are read; the domain's :class:`GlosstermsIndex` feeds Sphinx's own domain-index
page (``glossterms-index``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.domains import Index, IndexEntry
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .builders import is_gettext
from .compat import get_builder
from .domain import GlosstermsDomain, get_domain
from .glossary import ResolvedTerm
from .links import term_xref
from .messages import LABEL_CATEGORIES, LABEL_INDEX, LABEL_INDEX_SHORT, LABEL_LETTERS, Subtype, warn
from .names import SYMBOLS, entry_order, fold, letter_of, letter_order, term_key
from .pipeline import Priority

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator

LETTER_ID_PREFIX = "glossary-index-letter-"

# -- grouping ----------------------------------------------------------------


def letter_id(letter: str) -> str:
    """Stable id of a letter group: ``glossary-index-letter-e``, ``...-symbols``."""
    return LETTER_ID_PREFIX + ("symbols" if letter == SYMBOLS else letter.lower())


@dataclass(frozen=True)
class IndexItem:
    """One line of the index: a term under its name, or under one of its aliases."""

    label: str
    term: ResolvedTerm

    @property
    def is_alias(self) -> bool:
        return self.label != self.term.name


def index_items(
    terms: Iterable[ResolvedTerm],
    lookup: Mapping[str, str],
    *,
    cards_only: bool = False,
    categories: Iterable[str] = (),
) -> list[IndexItem]:
    """Every term and alias to show; aliases that lost to another term are left out."""
    wanted = {fold(c) for c in categories}
    items: list[IndexItem] = []
    for term in terms:
        record = term.record
        if cards_only and record.kind != "card":
            continue
        if wanted and not wanted.intersection(fold(c) for c in record.categories):
            continue
        key = term_key(record.name)
        items.append(IndexItem(term.name, term))
        items.extend(
            IndexItem(alias, term)
            for alias in record.aliases
            if term_key(alias) != key and lookup.get(term_key(alias)) == key
        )
    return items


def group_items(items: Iterable[IndexItem]) -> list[tuple[str, list[IndexItem]]]:
    """Items by letter: groups in letter order, entries sorted case-insensitively."""
    groups: dict[str, list[IndexItem]] = {}
    for item in items:
        groups.setdefault(letter_of(item.label), []).append(item)
    return [
        (
            letter,
            sorted(groups[letter], key=lambda i: (*entry_order(i.label), i.term.name)),
        )
        for letter in sorted(groups, key=letter_order)
    ]


# -- filling the placeholder -----------------------------------------------------


class glossary_index_group(nodes.container):
    """One letter of a filled index; its ``ids`` are the letter bar's targets."""


# LaTeX containers drop their ids: emit the label so the letter bar's links resolve.
def visit_group_latex(self: LaTeXTranslator, node: glossary_index_group) -> None:
    self.body.append(self.hypertarget_to(node))
    self.visit_container(node)


def depart_group_latex(self: LaTeXTranslator, node: glossary_index_group) -> None:
    self.depart_container(node)


def _unique_id(document: nodes.document, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ... when the page has two indexes."""
    candidate, number = wanted, 1
    while candidate in document.ids:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _entry(item: IndexItem, no_summary: bool) -> nodes.list_item:
    record = item.term.record
    para = nodes.paragraph("", "", term_xref(item.term.key, item.label))
    classes = ["glossary-index-entry"]
    if item.is_alias:
        classes.append("glossary-index-alias")
        para += nodes.Text(" → ")
        para += nodes.inline(item.term.name, item.term.name, classes=["glossary-index-see"])
        return nodes.list_item("", para, classes=classes)
    if record.summary and not no_summary:
        para += nodes.Text(" — ")
        para += nodes.inline(record.summary, record.summary, classes=["glossary-index-summary"])
    if record.categories:
        text = f"{LABEL_CATEGORIES}: {', '.join(record.categories)}"
        para += nodes.Text(" ")
        para += nodes.inline(text, text, classes=["glossary-index-categories"])
    return nodes.list_item("", para, classes=classes)


def render_index(
    document: nodes.document,
    groups: list[tuple[str, list[IndexItem]]],
    *,
    no_summary: bool = False,
    classes: Iterable[str] = (),
) -> nodes.container:
    """Real docutils nodes (no sections) for every builder."""
    outer = nodes.container(classes=["glossary-index", *classes])
    ids = {letter: _unique_id(document, letter_id(letter)) for letter, _ in groups}
    bar = nodes.paragraph(classes=["glossary-index-letters"])
    label = f"{LABEL_LETTERS}: "
    bar += nodes.inline(label, label, classes=["glossary-index-letters-label"])
    for number, (letter, _) in enumerate(groups):
        if number:
            bar += nodes.Text(" · ")
        bar += nodes.reference(letter, letter, refid=ids[letter], internal=True)
    if groups:
        outer += bar
    for letter, items in groups:
        group = glossary_index_group(classes=["glossary-index-group"], ids=[ids[letter]])
        document.ids[ids[letter]] = group
        group += nodes.rubric(letter, letter, classes=["glossary-index-heading"])
        entries = nodes.bullet_list(classes=["glossary-index-entries"])
        entries.extend(_entry(item, no_summary) for item in items)
        group += entries
        outer += group
    return outer


class GlossaryIndexFill(SphinxPostTransform):
    """Replace each ``glossary_index`` placeholder by the index of the project's terms.

    Runs after the autolinker, so the index's own text is never linked
    automatically. It needs every document's terms: pages holding an index are
    rewritten whenever what it shows changes (``outdated.signatures``).
    """

    default_priority = Priority.GLOSSARY_INDEX

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        gettext = is_gettext(get_builder(self.env))
        for node in list(self.document.findall(gt.glossary_index)):
            if gettext:
                node.parent.remove(node)  # generated text is not for translators
                continue
            items = index_items(
                glossary.terms.values(),
                glossary.lookup,
                cards_only=node["glossterms_cards_only"],
                categories=node["glossterms_categories"],
            )
            if not items:
                warn("glossary-index: no terms to show", Subtype.index, node)
            node.replace_self(
                render_index(
                    self.document,
                    group_items(items),
                    no_summary=node["glossterms_no_summary"],
                    classes=node["glossterms_classes"],
                )
            )


# -- the generated index page ----------------------------------------------------


class GlosstermsIndex(Index):
    """The standalone glossary index page, ``:ref:`glossterms-index```."""

    name = "index"
    localname = LABEL_INDEX
    shortname = LABEL_INDEX_SHORT

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        glossary = cast("GlosstermsDomain", self.domain).glossary
        items = index_items(glossary.terms.values(), glossary.lookup)
        if docnames is not None:
            wanted = set(docnames)
            items = [i for i in items if i.term.record.docname in wanted]
        content: list[tuple[str, list[IndexEntry]]] = []
        for letter, group in group_items(items):
            entries = []
            for item in group:
                record = item.term.record
                if item.is_alias:
                    extra, description = "", f"→ {item.term.name}"
                else:
                    extra, description = ", ".join(record.categories), record.summary
                entries.append(
                    IndexEntry(
                        item.label,
                        0,
                        record.docname,
                        record.anchor,
                        extra,
                        "",
                        description,
                    )
                )
            content.append((letter, entries))
        return content, False
