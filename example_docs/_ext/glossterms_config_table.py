"""``glossterms-config-table``: the table of ``glossterms_*`` settings, generated.

The rows come from ``sphinx_glossterms.config.CONFIG_VALUES``, the declaration
the extension itself registers and validates, so the documentation cannot drift
from the code.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_glossterms.config import CONFIG_VALUES

_LITERAL = re.compile(r"``(.+?)``")
COLUMNS = (("Setting", 26), ("Default", 12), ("Accepts", 18), ("Description", 44))


def _inline(text: str) -> list[nodes.Node]:
    """Plain text with reST-style ``literals`` (as in the declarations' docs)."""
    parts: list[nodes.Node] = []
    for index, piece in enumerate(_LITERAL.split(text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if index % 2 else nodes.Text(piece))
    return parts


def _values(text: str) -> list[nodes.Node]:
    """``"cards", "all" or "none"``: quoted values as code, the rest as text."""
    parts: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r'("[^"]*")', text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if index % 2 else nodes.Text(piece))
    return parts


def _row(*cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", nodes.paragraph("", "", *cell))
    return row


class ConfigTable(SphinxDirective):
    """Render every declared configuration value as a row of a table."""

    def run(self) -> list[nodes.Node]:
        table = nodes.table(classes=["glossterms-config-table"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        for _title, width in COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(*([nodes.Text(title)] for title, _width in COLUMNS))
        group += head
        body = nodes.tbody()
        for value in CONFIG_VALUES:
            name = nodes.literal(value.name, value.name, ids=[f"confval-{value.name}"])
            default = repr(value.default)
            body += _row(
                [name],
                [nodes.literal(default, default)],
                _values(value.expected),
                _inline(value.doc),
            )
        group += body
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("glossterms-config-table", ConfigTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
