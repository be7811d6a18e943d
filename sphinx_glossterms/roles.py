"""The ``no-autolink`` role: text shown as written, never linked automatically."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst.states import Inliner

from .traversal import NO_AUTOLINK_ATTRIBUTE


def no_autolink_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``:no-autolink:`text``` (MyST ``{no-autolink}`text```): a plain span of
    ``text``; the walk of :mod:`.traversal` never enters it."""
    node = nodes.inline(rawtext, utils.unescape(text))
    node[NO_AUTOLINK_ATTRIBUTE] = True
    return [node], []
