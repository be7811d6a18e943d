"""The term card on the HTML search page (DESIGN §7).

When the query names a term or one of its aliases, ``static/glossterms-search.js``
shows that term's card (name, summary, link) above the results. Its data, the
name, aliases, summary and URL of every term, is embedded in the search page
itself as JSON (written after every document is read), so it works offline and
from ``file://``, and no other page carries it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .builders import is_web_html
from .domain import get_domain
from .export import script_json
from .messages import LABEL_TERM
from .names import sort_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: ``id`` of the JSON data element; the script looks it up.
DATA_ID = "glossterms-search-data"
SEARCH_PAGE = "search"


def search_data(app: Sphinx, pagename: str) -> dict[str, Any]:
    """Every term as the search card needs it, URLs relative to ``pagename``."""
    builder = app.builder
    terms = sorted(get_domain(app.env).glossary.terms.values(), key=lambda t: sort_key(t.name))
    # per document: thousands of terms, dozens of pages
    url = functools.cache(functools.partial(builder.get_relative_uri, pagename))
    return {
        "terms": [
            {
                "name": term.name,
                "aliases": list(term.record.aliases),
                "summary": term.record.summary,
                "url": f"{url(term.record.docname)}#{term.record.anchor}",
            }
            for term in terms
        ]
    }


def add_search_card(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the script, its style and its data, on the search page only.

    Sphinx resets a builder's script and style lists before each page, so what
    is added here stays on this page.
    """
    if pagename != SEARCH_PAGE or not is_web_html(app.builder):
        return
    builder: Any = app.builder
    if not hasattr(builder, "add_js_file"):
        return
    data = script_json(search_data(app, pagename))
    builder.add_js_file(None, body=data, type="application/json", id=DATA_ID)
    builder.add_js_file("glossterms-search.js", defer="defer", **{"data-label": str(LABEL_TERM)})
    builder.add_css_file("glossterms-search.css")
