"""Short forms and deprecation badges at write time (DESIGN §6).

:class:`GovernanceTransform` runs after the autolinker, on the page's doctree
(on the whole document in LaTeX and singlehtml, which assemble one tree):

- a deprecated card gets its badge, "Deprecated: use Other Term";
- every mention of a short form (``:abbreviation:``, all-capitals aliases),
  linked or not, becomes an ``<abbr>`` whose title is the term's name;
- with ``glossterms_expand_first_use`` the first mention of each short form in
  the tree is written out as "Long Name (SHORT)", unless the same paragraph
  already spells the name out before it or the short form already stands in
  parentheses after the long words ("hypothalamic-pituitary-gonadal (HPG) axis").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxTranslator

from . import nodes as gt
from .domain import get_domain
from .glossary import Glossary
from .links import term_xref
from .messages import LABEL_DEPRECATED, LABEL_DEPRECATED_USE
from .names import fold, normalize_name, term_key
from .pipeline import Priority
from .traversal import Scope, cards_in, replace_run, text_runs

#: Class of a deprecated card, and of its badge.
DEPRECATED_CLASS = "term-card-deprecated"
BADGE_CLASS = "term-card-deprecated-badge"
#: Class of the ``<abbr>`` of a short form.
ABBR_CLASS = "glossterm-abbr"


class term_abbreviation(nodes.abbreviation):
    """A short form of a term; ``explanation`` is the term's name.

    HTML renders it as ``<abbr title>`` (Sphinx's ``abbreviation`` visitor);
    the other writers show the text alone, since they would otherwise spell the
    name out at every (text) or at the first (LaTeX) mention on their own.
    """


def visit_plain(self: SphinxTranslator, node: nodes.Element) -> None:
    """Writers other than HTML: only the short form's text."""


def depart_plain(self: SphinxTranslator, node: nodes.Element) -> None:
    pass


PLAIN_VISITORS: dict[str, Any] = dict.fromkeys(
    ("latex", "text", "man", "texinfo"), (visit_plain, depart_plain)
)


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


class _Expander:
    """Decides, in document order, which mention of a short form is written out."""

    def __init__(self, glossary: Glossary, expand: bool) -> None:
        self.glossary = glossary
        self.expand = expand
        self.done: set[str] = set()  #: keys of terms already spelled out in this tree
        self.block: nodes.Element | None = None
        self.before = ""  #: text of the current block seen so far

    def see(self, block: nodes.Element | None, text: str) -> None:
        if block is not self.block:
            self.block, self.before = block, ""
        self.before += text

    def long_name(self, key: str) -> str:
        return self.glossary.terms[key].name

    def wants(
        self,
        key: str,
        preceding: str,
        following: str,
        *,
        own: bool,
        plural: bool,
        seen_preceding: bool = False,
    ) -> bool:
        """Whether this mention is the one to write out (and marks the term done).

        ``preceding`` is the text just before the mention; with
        ``seen_preceding`` it is already part of the block's text seen so far.
        A plural ("HPGs") is never written out and leaves the first use to come.
        """
        if not self.expand or key in self.done or plural:
            return False
        self.done.add(key)
        before = self.before if seen_preceding else self.before + preceding
        spelled = _folded(self.long_name(key)) in _folded(before)
        in_parentheses = preceding.rstrip().endswith("(") and following.lstrip().startswith(")")
        return not (own or spelled or in_parentheses)

    def abbreviation(self, key: str, text: str) -> term_abbreviation:
        return term_abbreviation(text, text, explanation=self.long_name(key), classes=[ABBR_CLASS])

    def pieces(self, key: str, text: str, expanded: bool) -> list[nodes.Node]:
        abbr = self.abbreviation(key, text)
        if not expanded:
            return [abbr]
        return [nodes.Text(f"{self.long_name(key)} ("), abbr, nodes.Text(")")]


def _block_of(node: nodes.Node) -> nodes.Element | None:
    parent: nodes.Element | None = node.parent
    while isinstance(parent, nodes.Inline):
        parent = parent.parent
    return parent


_GENERATED = (
    gt.term_card_meta,
    gt.term_card_related,
    gt.term_card_backlinks,
    gt.term_card_links,
    gt.term_card_badge,
)


def _generated(node: nodes.Element) -> bool:
    """Text the extension generates (the glossary index, a card's blocks and badge):
    names and summaries are shown as they are."""
    return isinstance(node, _GENERATED) or "glossary-index" in node["classes"]


def _is_term_link(node: nodes.Node) -> bool:
    """A resolved link to a term, automatic or written (``GlosstermsDomain.resolve_xref``),
    outside the generated blocks."""
    if not isinstance(node, nodes.reference) or not node.get("glossterms_key"):
        return False
    parent = node.parent
    while parent is not None:
        if _generated(parent):
            return False
        parent = parent.parent
    return True


def _short_key(glossary: Glossary, text: str, target: str) -> str | None:
    """The term ``text`` is a short form of (also in a plural), if it is one of ``target``."""
    short_forms = glossary.governance.short_forms
    key = term_key(text)
    for candidate in (key, key[:-1] if key.endswith("s") else None):
        if candidate and short_forms.get(candidate) == target:
            return target
    return None


def _is_plural(glossary: Glossary, text: str) -> bool:
    return term_key(text) not in glossary.governance.short_forms


class DeprecationBadges(SphinxPostTransform):
    """A deprecated card's badge, "Deprecated: use Other Term", under its title."""

    default_priority = Priority.BADGES

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        if not glossary.governance.deprecated:
            return
        for card in cards_in(self.document):
            docname = card.get("glossterms_docname", self.env.docname)
            term = glossary.for_card(docname, card["ids"][0])
            if term is None or term.record.status != "deprecated":
                continue
            badge = gt.term_card_badge("", classes=[BADGE_CLASS])
            successor = glossary.governance.successors.get(term.key)
            if successor is None:
                badge += nodes.Text(str(LABEL_DEPRECATED))
            else:
                before, _, after = str(LABEL_DEPRECATED_USE).partition("%s")
                name = glossary.terms[successor].name
                badge.extend([nodes.Text(before), term_xref(successor, name), nodes.Text(after)])
            card["classes"].append(DEPRECATED_CLASS)
            titles = [i for i, c in enumerate(card.children) if isinstance(c, gt.term_card_title)]
            card.insert(titles[0] + 1 if titles else 0, badge)


class ShortForms(SphinxPostTransform):
    """Short forms as ``<abbr>``, in links and in text; written out at first use."""

    default_priority = Priority.SHORT_FORMS

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        if glossary.governance.short_forms:
            self.short_forms(glossary)

    def _walk(self) -> Iterator[tuple[nodes.Node, tuple[list[nodes.Text], Scope] | None]]:
        """Text nodes and automatic links in document order, with the run each
        text node starts (the other nodes of a run are left out)."""
        runs = {
            id(run[0]): (run, scope) for run, scope in text_runs(self.document, skip=_generated)
        }
        members = {id(node) for run, _ in runs.values() for node in run[1:]}
        wanted = (nodes.Text, nodes.reference)
        for node in list(self.document.findall(lambda n: isinstance(n, wanted))):
            if id(node) not in members:
                yield node, runs.get(id(node)) if isinstance(node, nodes.Text) else None

    def short_forms(self, glossary: Glossary) -> None:
        expander = _Expander(glossary, glossary.config.expand_first_use)
        governance = glossary.governance
        inside_link: nodes.Element | None = None
        for node, found in self._walk():
            if _is_term_link(node):
                assert isinstance(node, nodes.reference)
                self.linked(glossary, expander, node)
                inside_link = node
                continue
            if not isinstance(node, nodes.Text):
                continue
            if inside_link is not None and _inside(node, inside_link):
                continue  # already seen with its link
            block = _block_of(node)
            if found is None:
                expander.see(block, str(node))
                continue
            run, scope = found
            text = "".join(run)
            pieces: list[nodes.Node] = []
            position = 0
            for match in governance.find(text):
                if match.form not in governance.short_forms:
                    continue
                mention = text[match.start : match.end]
                preceding, following = text[position : match.start], text[match.end :]
                expander.see(block, preceding)
                expanded = expander.wants(
                    match.term,
                    preceding,
                    following,
                    own=match.term in scope.own,
                    plural=_is_plural(glossary, mention),
                )
                if preceding:
                    pieces.append(nodes.Text(preceding))
                pieces.extend(expander.pieces(match.term, mention, expanded))
                expander.see(block, mention)
                position = match.end
            expander.see(block, text[position:])
            if pieces:
                if position < len(text):
                    pieces.append(nodes.Text(text[position:]))
                replace_run(run, pieces)

    def linked(self, glossary: Glossary, expander: _Expander, link: nodes.reference) -> None:
        """A link to a term whose text is a short form of that term."""
        text = link.astext()
        block = _block_of(link)
        key = _short_key(glossary, normalize_name(text), str(link["glossterms_key"]))
        if key is None:
            expander.see(block, text)
            return
        expanded = expander.wants(
            key,
            _preceding_text(link),
            _following_text(link),
            own=False,
            plural=_is_plural(glossary, text),
            seen_preceding=True,
        )
        inline = link.children[0] if link.children else None
        expander.see(block, text)
        if not isinstance(inline, nodes.Element):
            return
        inline[:] = expander.pieces(key, text, expanded)


def _inside(node: nodes.Node, ancestor: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _preceding_text(node: nodes.Element) -> str:
    parent = node.parent
    if parent is None:
        return ""
    index = parent.index(node)
    return "".join(c.astext() for c in parent.children[:index])[-2:]


def _following_text(node: nodes.Element) -> str:
    parent = node.parent
    if parent is None:
        return ""
    index = parent.index(node)
    return "".join(c.astext() for c in parent.children[index + 1 :])[:2]
