"""What differs between builders, asked in one place: kinds of output and URLs."""

from __future__ import annotations

import posixpath
import weakref
from typing import TYPE_CHECKING

from sphinx.builders._epub_base import EpubBuilder
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import NoUri

if TYPE_CHECKING:
    from sphinx.builders import Builder


def is_html(builder: Builder) -> bool:
    """Pages written by the HTML translator (html, dirhtml, singlehtml, epub, json,
    pickle): the builders ``setup()``'s ``html=`` node visitors apply to."""
    return builder.format == "html"


def is_web_html(builder: Builder) -> bool:
    """HTML meant for the web: not EPUB, whose pages load no scripts or exports."""
    return is_html(builder) and not isinstance(builder, EpubBuilder)


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
    which rewrites paths in SVG and cannot take an empty one).

    Raises ``NoUri`` where the page is not part of the output, as links do
    (:func:`require_page`).
    """
    require_page(builder, docname)
    if isinstance(builder, SingleFileHTMLBuilder):
        return page_uri(builder, docname)
    uri = builder.get_relative_uri(fromdocname, docname)
    return uri or posixpath.basename(builder.get_target_uri(docname)) or "./"


#: The documents singlehtml puts on its page, per builder: every link asks.
_SINGLE_PAGE_DOCS: weakref.WeakKeyDictionary[Builder, frozenset[str]] = weakref.WeakKeyDictionary()


def _single_page_docs(builder: SingleFileHTMLBuilder) -> frozenset[str]:
    """The documents singlehtml puts on its page: the root and its toctrees."""
    docs = _SINGLE_PAGE_DOCS.get(builder)
    if docs is None:
        includes = builder.env.toctree_includes
        found, todo = set(), [builder.config.root_doc]
        while todo:
            docname = todo.pop()
            if docname not in found:
                found.add(docname)
                todo.extend(includes.get(docname, ()))
        docs = _SINGLE_PAGE_DOCS[builder] = frozenset(found)
    return docs


def require_page(builder: Builder, docname: str) -> None:
    """Raise ``NoUri`` where a document has no page in the builder's output.

    The one test of every URL to a term made here (:func:`term_target` for
    links, :func:`relative_page_uri` for the graph's nodes). LaTeX and texinfo
    raise it themselves from ``get_target_uri`` for documents outside their
    trees; singlehtml's one page holds only the root document's toctree, so
    an orphan is not on it.
    """
    if isinstance(builder, SingleFileHTMLBuilder) and docname not in _single_page_docs(builder):
        raise NoUri(docname)


#: ``get_relative_uri`` per builder and (from, to) page: every link to a term asks
#: it, and a page links to few other pages many times.
_RELATIVE_URIS: weakref.WeakKeyDictionary[Builder, dict[tuple[str, str], str]] = (
    weakref.WeakKeyDictionary()
)


def _relative_uri(builder: Builder, fromdocname: str, todocname: str) -> str:
    uris = _RELATIVE_URIS.get(builder)
    if uris is None:
        uris = _RELATIVE_URIS[builder] = {}
    uri = uris.get((fromdocname, todocname))
    if uri is None:
        uri = uris[fromdocname, todocname] = builder.get_relative_uri(fromdocname, todocname)
    return uri


def term_target(builder: Builder, fromdocname: str, todocname: str, anchor: str) -> dict[str, str]:
    """Where a link to a term on ``todocname`` points: ``refid`` on the same page
    and on singlehtml's one page, else ``refuri``, with the page URL memoised.

    (Sphinx 9's singlehtml would give "#document-<doc>#<anchor>", which browsers
    cannot follow.) May raise ``NoUri``: ``ReferencesResolver`` catches it, and so
    does the writer of HTML card blocks.
    """
    if isinstance(builder, SingleFileHTMLBuilder):
        require_page(builder, todocname)
        return {"refid": anchor}
    if fromdocname == todocname:
        return {"refid": anchor}
    return {"refuri": f"{_relative_uri(builder, fromdocname, todocname)}#{anchor}"}
