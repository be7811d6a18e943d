"""How cards, the generated index page and graphs present themselves in HTML.

- :class:`CardMeta` puts a card's aliases ("Also called") and categories under
  its title, in every builder.
- :func:`index_page` gives the generated index page (``glossterms-index``,
  Sphinx's domain-index mechanism) the markup and CSS classes of the
  ``glossary-index`` directive instead of a module-index table.
- :func:`visit_graph_html` names the graph picture for assistive technology.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.ext.graphviz import html_visit_graphviz
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .builders import is_gettext
from .compat import get_builder
from .domain import get_domain
from .index import letter_id
from .messages import LABEL_ALIASES, LABEL_CATEGORIES, LABEL_LETTERS
from .pipeline import Priority
from .traversal import cards_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The page Sphinx writes for ``GlosstermsIndex`` (``<domain>-<index>``).
INDEX_PAGE = "glossterms-index"
#: How ``GlosstermsIndex.generate`` describes an alias entry: "→ <term>".
ALIAS_MARK = "→ "

# -- "Also called" and categories under a card's title ---------------------------


def _meta_line(label: str, items: Sequence[str], css: str, item_css: str) -> nodes.paragraph:
    para = nodes.paragraph("", "", classes=[css], translatable=False)
    para += nodes.inline(f"{label}: ", f"{label}: ", classes=["term-card-meta-label"])
    for number, item in enumerate(items):
        if number:
            para += nodes.Text(", ")
        para += nodes.inline(item, item, classes=[item_css])
    return para


class CardMeta(SphinxPostTransform):
    """Insert the aliases and categories line below each card's title.

    Written after the autolinker so the names are never linked, and after
    reading, so they never count as the card's definition or summary.
    """

    default_priority = Priority.CARD_META

    def run(self, **kwargs: Any) -> None:
        if is_gettext(get_builder(self.env)):
            return  # the labels come from our catalog, the names are not prose
        for card in cards_in(self.document):
            aliases, categories = card["glossterms_aliases"], card["glossterms_categories"]
            if not aliases and not categories:
                continue
            meta = gt.term_card_meta("", classes=["term-card-meta"])
            if aliases:
                meta += _meta_line(
                    str(LABEL_ALIASES), aliases, "term-card-aliases", "term-card-alias"
                )
            if categories:
                meta += _meta_line(
                    str(LABEL_CATEGORIES), categories, "term-card-categories", "term-card-category"
                )
            titles = [i for i, c in enumerate(card.children) if isinstance(c, gt.term_card_title)]
            card.insert(titles[0] + 1 if titles else 0, meta)


# -- the generated index page ------------------------------------------------------


def _entry_html(entry: Sequence[Any], href: str, summaries: dict[str, str], titles: bool) -> str:
    name, _subtype, _docname, _anchor, extra, _qualifier, description = entry
    alias = not extra and str(description).startswith(ALIAS_MARK)
    summary = summaries.get(href, "") if alias else str(description)
    title = f' title="{escape(summary)}"' if titles and summary else ""
    link = (
        f'<a class="glossterm-link reference internal" href="{escape(href)}"{title}>'
        f'<span class="xref std std-term">{escape(name)}</span></a>'
    )
    if alias:
        target = str(description).removeprefix(ALIAS_MARK)
        return (
            '<li class="glossary-index-entry glossary-index-alias"><p>'
            f'{link} → <span class="glossary-index-see">{escape(target)}</span></p></li>'
        )
    text = link
    if description:
        text += f' — <span class="glossary-index-summary">{escape(description)}</span>'
    if extra:
        categories = f"{LABEL_CATEGORIES}: {extra}"
        text += f' <span class="glossary-index-categories">{escape(categories)}</span>'
    return f'<li class="glossary-index-entry"><p>{text}</p></li>'


def index_body(
    title: str,
    content: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    pathto: Callable[[str], str],
    *,
    titles: bool = False,
) -> str:
    """The page body: a heading and the ``glossary-index`` directive's markup
    (``titles``: links carry summaries, see ``GlosstermsDomain.link_titles``)."""

    url = functools.cache(pathto)  # per document: thousands of terms, dozens of pages

    def href(entry: Sequence[Any]) -> str:
        return f"{url(entry[2])}#{entry[3]}"

    summaries = {
        href(e): str(e[6])
        for _, entries in content
        for e in entries
        if e[4] or not str(e[6]).startswith(ALIAS_MARK)
    }
    parts = [f'<section id="{INDEX_PAGE}">', f"<h1>{escape(title)}</h1>"]
    parts.append('<div class="glossary-index docutils container">')
    if content:
        letters = " · ".join(
            f'<a class="reference internal" href="#{letter_id(letter)}">{escape(letter)}</a>'
            for letter, _ in content
        )
        label = escape(f"{LABEL_LETTERS}: ")
        parts.append(
            '<p class="glossary-index-letters">'
            f'<span class="glossary-index-letters-label">{label}</span>{letters}</p>'
        )
    for letter, entries in content:
        parts.append(
            f'<div class="glossary-index-group docutils container" id="{letter_id(letter)}">'
        )
        parts.append(f'<p class="glossary-index-heading rubric">{escape(letter)}</p>')
        parts.append('<ul class="glossary-index-entries simple">')
        parts.extend(_entry_html(e, href(e), summaries, titles) for e in entries)
        parts.append("</ul>\n</div>")
    parts.append("</div>\n</section>\n")
    return "\n".join(parts)


def index_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """``html-page-context``: render the generated index page as ``page.html``
    with the directive's markup; every theme knows how to show a page body."""
    if pagename != INDEX_PAGE or templatename != "domainindex.html":
        return None
    title = str(context.get("indextitle", ""))
    context["title"] = title
    context["body"] = index_body(
        title,
        context.get("content", []),
        context["pathto"],
        titles=get_domain(app.env).link_titles(app.builder),
    )
    return "page.html"


# -- the graph picture ----------------------------------------------------------------


def visit_graph_html(self: HTML5Translator, node: gt.glossary_graph_picture) -> None:
    """sphinx.ext.graphviz's HTML, with the accessible name on the ``<object>``
    (SVG output; PNG output gets its ``alt``)."""
    start = len(self.body)
    try:
        html_visit_graphviz(self, node)
    finally:
        label = escape(node.get("glossterms_label", ""))
        for number in range(start, len(self.body)):
            if self.body[number].startswith("<object "):
                self.body[number] = self.body[number].replace(
                    "<object ", f'<object aria-label="{label}" ', 1
                )
