"""Which text may hold a term, walked the same way for finding and for linking.

Mention discovery (read time: the text a card's "Related terms" come from) and
the autolinker (write time) both call :func:`text_runs`, so the two can never
disagree about which text counts, where a card's own terms are, or where a
"first mention" scope starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from . import nodes as gt
from .names import normalize_name, term_key

# Subtrees whose text is never linked: code, math, raw, titles and headings,
# existing references and targets, table headers, index/toctree machinery,
# our own blocks.
EXCLUDED_NODES: tuple[type, ...] = (
    nodes.FixedTextElement,  # literal_block, doctest_block, math_block, raw
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,  # also the card and section titles
    nodes.caption,
    nodes.Referential,  # reference, target, footnote/citation refs, title_reference
    nodes.Invisible,  # comment, substitution_definition, pending
    nodes.system_message,
    nodes.image,
    nodes.term,  # a classic glossary's own term line
    nodes.option_string,
    nodes.field_name,
    nodes.thead,  # header rows of a table
    nodes.docinfo,  # file-wide metadata (Sphinx removes it from the page)
    addnodes.not_smartquotable,  # literal_emphasis, literal_strong, desc_* nodes
    addnodes.pending_xref,
    addnodes.desc_signature,
    addnodes.toctree,
    addnodes.index,
    gt.term_card_related,
    gt.term_card_backlinks,
    gt.term_card_links,  # in HTML, a block without its container
    gt.term_card_badge,
    gt.glossary_index,
    gt.glossary_graph,
)


#: Set on the ``no-autolink`` role's span: nothing inside is linked.
NO_AUTOLINK_ATTRIBUTE = "glossterms_no_autolink"
#: sphinx-design's link cards: a hidden link stretched over the whole card, so
#: all the card's text renders as (inside) that link.
STRETCHED_LINK_CLASS = "sd-stretched-link"


def _is_stretched_link(node: nodes.Node) -> bool:
    return isinstance(node, nodes.reference | addnodes.pending_xref) and (
        STRETCHED_LINK_CLASS in node["classes"]
    )


def renders_as_link(node: nodes.Element) -> bool:
    """A container whose whole area is a link: a child (or a child's child) is a
    stretched link (a sphinx-design card with ``:link:``)."""
    for child in node.children:
        if isinstance(child, nodes.Element) and (
            _is_stretched_link(child) or any(_is_stretched_link(c) for c in child.children)
        ):
            return True
    return False


def is_excluded(node: nodes.Node) -> bool:
    """Text below ``node`` is never linked."""
    if isinstance(node, EXCLUDED_NODES):
        return True
    if not isinstance(node, nodes.Element):
        return False
    if node.get(NO_AUTOLINK_ATTRIBUTE):
        return True
    # sphinx-design's cards (and their image overlays) are containers
    return isinstance(node, nodes.container) and renders_as_link(node)


@dataclass
class Scope:
    """Where a run of text sits: the terms it defines and the terms seen so far.

    A card starts a scope of its own (its own term is never linked inside it);
    a section starts a new "first mention" scope; a classic glossary entry adds
    the terms it defines to ``own``.
    """

    own: frozenset[str] = frozenset()  #: keys of the terms defined here
    seen: set[str] = field(default_factory=set)  #: keys already linked in this scope


def glossary_entry_keys(node: nodes.Node) -> frozenset[str]:
    """Keys of the terms a classic glossary entry defines (empty for other nodes)."""
    if not isinstance(node, nodes.definition_list_item) or not isinstance(
        getattr(node.parent, "parent", None), addnodes.glossary
    ):
        return frozenset()
    return frozenset(
        term_key(normalize_name(child.astext()))
        for child in node.children
        if isinstance(child, nodes.term)
    )


def _inner_scope(node: nodes.Element, scope: Scope) -> Scope:
    if isinstance(node, gt.term_card):
        return Scope(frozenset({term_key(node["glossterms_name"])}))
    if isinstance(node, nodes.section):
        return Scope(scope.own)
    if entry_keys := glossary_entry_keys(node):
        return Scope(scope.own | entry_keys, scope.seen)
    return scope


def text_runs(
    node: nodes.Element,
    scope: Scope | None = None,
    skip: Callable[[nodes.Element], bool] | None = None,
) -> Iterator[tuple[list[nodes.Text], Scope]]:
    """Runs of adjacent text nodes below ``node`` that may be linked, in order.

    A run is matched as one string: MyST, for one, gives each source line of a
    paragraph its own text node, and a name may run over a line break. Elements
    for which ``skip`` is true (below ``node``) are left out as well.

    The children of each element are listed before its runs are yielded, so a
    caller may replace the nodes of a run (with links) while walking.
    """
    scope = _inner_scope(node, scope or Scope())
    run: list[nodes.Text] = []
    for child in list(node.children):
        if isinstance(child, nodes.Text):
            run.append(child)
            continue
        if run:
            yield run, scope
            run = []
        if (
            isinstance(child, nodes.Element)
            and not is_excluded(child)
            and not (skip is not None and skip(child))
        ):
            yield from text_runs(child, scope, skip)
    if run:
        yield run, scope


def linkable_text(
    node: nodes.Element, skip: Callable[[nodes.Element], bool] | None = None
) -> tuple[str, ...]:
    """The strings the autolinker would match below ``node`` (see ``text_runs``)."""
    return tuple("".join(run) for run, _ in text_runs(node, skip=skip))


def replace_run(run: list[nodes.Text], pieces: list[nodes.Node]) -> None:
    """Put ``pieces`` in the place of a run of sibling text nodes."""
    parent = run[0].parent
    assert parent is not None
    # By identity: text nodes are strings, equal text would compare equal.
    index = next(i for i, child in enumerate(parent.children) if child is run[0])
    parent[index : index + len(run)] = pieces


def cards_in(node: nodes.Element) -> Iterator[gt.term_card]:
    """The term cards under ``node``, in document order.

    Cheaper than ``findall(term_card)``, which every late transform would
    otherwise pay on the whole page: it walks neither into a card (cards never
    nest: ``TermCard`` moves an inner one out) nor into text elements
    (paragraphs, titles), which cannot hold one.
    """
    for child in node.children:
        if isinstance(child, gt.term_card):
            yield child
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.TextElement):
            yield from cards_in(child)
