"""The autolinker: mentions of terms in text become links (``glossterms_autolink``).

The text is walked by :func:`.traversal.text_runs` (the walk that also finds a
card's mentions at read time) and matched by the project's one
:class:`~.matcher.Matcher`; each link is a ``pending_xref`` that the domain
resolves. The text of the document never changes: runs are only re-split
around the links.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain
from .links import term_xref
from .matcher import Match
from .pipeline import Priority
from .traversal import Scope, cards_in, replace_run, text_runs


def link_run(
    run: list[nodes.Text],
    matches: list[Match],
    scope: Scope,
    first_only: bool,
    target: Callable[[str], str] | None = None,
    document: nodes.document | None = None,
) -> None:
    """Wrap the matches of one run in links, skipping a card's own terms and
    (with ``first_only``) terms already linked in the scope.

    ``target`` maps a matched term to the term its link goes to (a deprecated
    term's successor, DESIGN §6). ``document``: the tree the links go into.
    """
    text = "".join(run)
    pieces: list[nodes.Node] = []
    position = 0
    for match in matches:
        key = target(match.key) if target is not None else match.key
        if match.key in scope.own or key in scope.own or (first_only and key in scope.seen):
            continue
        scope.seen.add(key)
        if match.start > position:
            pieces.append(nodes.Text(text[position : match.start]))
        pieces.append(
            term_xref(key, text[match.start : match.end], automatic=True, document=document)
        )
        position = match.end
    if not pieces:
        return
    if position < len(text):
        pieces.append(nodes.Text(text[position:]))
    replace_run(run, pieces)


class AutolinkTransform(SphinxPostTransform):
    """Wrap mentions of terms in links: in cards, or in the whole document."""

    default_priority = Priority.AUTOLINK

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        config = glossary.config
        if not glossary.links_in(self.env.docname) or not glossary.matcher.size:
            return
        roots: list[nodes.Element] = (
            [self.document] if config.autolink_all else list(cards_in(self.document))
        )
        find = glossary.matcher.find
        target = glossary.governance.link_target if glossary.governance.successors else None
        for root in roots:
            for run, scope in text_runs(root):
                if matches := find("".join(run)):
                    link_run(run, matches, scope, config.autolink_first_only, target, self.document)
