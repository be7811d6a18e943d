"""What differs between builders, asked in one place: kinds of output and URLs."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from sphinx.builders import Builder


def is_web_html(builder: Builder) -> bool:
    """HTML meant for the web: not EPUB, whose pages load no scripts or exports."""
    from sphinx.builders._epub_base import EpubBuilder

    return builder.format == "html" and not isinstance(builder, EpubBuilder)


def is_gettext(builder: Builder) -> bool:
    """Message catalogues: generated text (index, graph) is not for translators."""
    return isinstance(builder, MessageCatalogBuilder)


def page_uri(builder: Builder, docname: str) -> str:
    """The URL of a document's page relative to the output root."""
    if isinstance(builder, SingleFileHTMLBuilder):  # every document on the root page
        return f"{builder.config.root_doc}{builder.out_suffix}"
    return builder.get_target_uri(docname)


def relative_page_uri(builder: Builder, fromdocname: str, docname: str) -> str:
    """A non-empty URL of a document's page relative to another's (for graphviz,
    which rewrites paths in SVG and cannot take an empty one)."""
    if isinstance(builder, SingleFileHTMLBuilder):
        return page_uri(builder, docname)
    uri = builder.get_relative_uri(fromdocname, docname)
    return uri or posixpath.basename(builder.get_target_uri(docname)) or "./"


def _single_page_docs(builder: SingleFileHTMLBuilder) -> set[str]:
    """The documents singlehtml puts on its page: the root and its toctrees."""
    includes = builder.env.toctree_includes
    found, todo = set(), [builder.config.root_doc]
    while todo:
        docname = todo.pop()
        if docname not in found:
            found.add(docname)
            todo.extend(includes.get(docname, ()))
    return found


def term_refnode(
    builder: Builder,
    fromdocname: str,
    todocname: str,
    anchor: str,
    contnode: nodes.Node,
    title: str | None,
) -> nodes.reference:
    """``make_refnode``, except on singlehtml's one page, where the anchor alone is right.

    (Sphinx 9's singlehtml would give "#document-<doc>#<anchor>", which browsers
    cannot follow.) May raise ``NoUri``; ``ReferencesResolver`` catches it.
    """
    if isinstance(builder, SingleFileHTMLBuilder):
        if todocname not in _single_page_docs(builder):
            raise NoUri(todocname)  # an orphan: not on the one page
        reference = nodes.reference("", "", contnode, internal=True, refid=anchor)
        if title:
            reference["reftitle"] = title
        return reference
    return make_refnode(builder, fromdocname, todocname, anchor, contnode, title)
