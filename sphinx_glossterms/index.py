"""The glossary index: the ``glossary-index`` directive and the generated index page.

Both group every term (and every alias, as an entry of its own) under its
first letter, accents folded ("É" under "E"), non-letters under "#". The
directive leaves a placeholder that a post-transform fills once all documents
are read; the domain's :class:`GlosstermsIndex` feeds Sphinx's own domain-index
page (``glossterms-index``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Index, IndexEntry
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from . import nodes as gt
from .anchors import term_key
from .compat import get_builder
from .directives import comma_list
from .links import term_inline, term_reference
from .messages import (
    LABEL_CATEGORIES,
    LABEL_INDEX,
    LABEL_INDEX_SHORT,
    LABEL_LETTERS,
    Subtype,
    warn,
)
from .records import ResolvedTerm

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.latex import LaTeXTranslator

SYMBOLS = "#"  #: the group of names that do not start with a letter
LETTER_ID_PREFIX = "glossary-index-letter-"

# -- grouping ----------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` without accents and case: "Éclair" -> "eclair" (Unicode NFKD)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def letter_of(name: str) -> str:
    """The group of a name: its first letter, accents folded and upper-cased,
    or ``"#"`` for digits, symbols, punctuation and emoji."""
    for char in unicodedata.normalize("NFKD", name.strip()):
        if unicodedata.combining(char):
            continue
        if unicodedata.category(char).startswith("L"):
            return char.upper()[0]  # "ß" -> "SS" -> "S"
        return SYMBOLS
    return SYMBOLS


def letter_order(letter: str) -> tuple[int, str, str]:
    """The "#" group first, then letters in folded alphabetical (code point) order."""
    return (0 if letter == SYMBOLS else 1, fold(letter), letter)


def entry_order(label: str) -> tuple[str, str, str]:
    """Case-insensitive, accent-insensitive, then exact as a tie-break."""
    return (fold(label), label.casefold(), label)


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


# -- the directive -------------------------------------------------------------


class GlossaryIndex(SphinxDirective):
    """``.. glossary-index::``: an A-Z index of every term of the project."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "category": comma_list,
        "cards-only": directives.flag,
        "include-glossary": directives.flag,
        "no-summary": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        cards_only = "cards-only" in self.options
        if cards_only and "include-glossary" in self.options:
            warn(
                "glossary-index: :cards-only: and :include-glossary: both given; "
                "classic glossary terms are left out",
                Subtype.index,
                self.get_location(),
            )
        node = gt.glossary_index(
            "",
            glossterms_categories=self.options.get("category", []),
            glossterms_cards_only=cards_only,
            glossterms_no_summary="no-summary" in self.options,
            glossterms_classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


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


def _entry(builder: Builder, docname: str, item: IndexItem, no_summary: bool) -> nodes.list_item:
    record = item.term.record
    link = term_reference(builder, docname, item.term, term_inline(item.label))
    para = nodes.paragraph("", "", link)
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
    builder: Builder,
    docname: str,
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
        entries.extend(_entry(builder, docname, item, no_summary) for item in items)
        group += entries
        outer += group
    return outer


class GlossaryIndexFill(SphinxPostTransform):
    """Replace each ``glossary_index`` placeholder by the index of the project's terms.

    Runs after the autolinker (priority 8), which skips placeholders, so the
    index's own text is never linked automatically; it makes finished links, so
    it need not run before ``ReferencesResolver`` (10). It needs every document's
    terms: pages holding an index are rewritten whenever the terms change
    (``GlosstermsDomain.dependent_docs``).
    """

    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        domain: Any = self.env.get_domain("glossterms")
        for node in list(self.document.findall(gt.glossary_index)):
            if get_builder(self.env).name == "gettext":
                node.parent.remove(node)  # generated text is not for translators
                continue
            items = index_items(
                domain.terms.values(),
                domain.resolution.lookup,
                cards_only=node["glossterms_cards_only"],
                categories=node["glossterms_categories"],
            )
            if not items:
                warn("glossary-index: no terms to show", Subtype.index, node)
            node.replace_self(
                render_index(
                    get_builder(self.env),
                    self.env.docname,
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
        domain: Any = self.domain
        items = index_items(domain.terms.values(), domain.resolution.lookup)
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
