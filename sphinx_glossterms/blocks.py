"""A card's "Related terms" and "Mentioned in" blocks.

They are most of a big glossary's links (about twenty per card at 10,000
terms). As nodes, each entry is four (item, paragraph, link, text) that every
later transform walks, the resolver resolves and the garbage collector scans:
a third of such a build. So in HTML a block is one node, its list, holding
only the terms' keys, and the writer makes the block's container, heading and
each link, with the attributes of every other link to a term
(``GlosstermsDomain.link_attributes``). Other builders (LaTeX page numbers,
text, man, texinfo, XML) get a container, a heading and list items of
``pending_xref``s, resolved by Sphinx as usual.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from . import nodes as gt
from .builders import is_html
from .compat import get_builder
from .domain import get_domain
from .glossary import Glossary
from .links import in_document, index_xref, term_xref
from .messages import LABEL_BACKLINKS, LABEL_MORE, LABEL_RELATED
from .pipeline import Priority
from .traversal import cards_in


class CardBlocks(SphinxPostTransform):
    """Fill each card's "Related terms" and "Mentioned in" blocks."""

    default_priority = Priority.CARD_BLOCKS

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        keys_only = is_html(get_builder(self.env))  # the writer makes the links
        for card in list(cards_in(self.document)):
            # singlehtml merges every document into one tree: the card's own page
            docname = card.get("glossterms_docname", self.env.docname)
            term = glossary.for_card(docname, card["ids"][0])
            if term is None:
                continue
            for cls, css, label, keys in (
                (gt.term_card_related, "term-card-related", LABEL_RELATED, term.related),
                (gt.term_card_backlinks, "term-card-backlinks", LABEL_BACKLINKS, term.mentioned_in),
            ):
                if not keys:
                    continue
                links = _links(glossary, keys, self.document, keys_only=keys_only)
                if keys_only:  # the writer makes the container and heading too
                    links["glossterms_block"] = css
                    links["glossterms_label"] = str(label)
                    card += links
                    continue
                title = gt.term_card_section_title(
                    str(label), str(label), classes=[gt.SECTION_TITLE_CLASS]
                )
                card += cls("", title, links, classes=[css])


def _links(
    glossary: Glossary, keys: tuple[str, ...], document: nodes.document, *, keys_only: bool
) -> gt.term_card_links:
    """A block's list: links to the first terms of ``keys``, then "and N more"
    (``glossterms_block_limit``) linking to the glossary index."""
    listed, more = glossary.listed(keys)
    links = in_document(gt.term_card_links(classes=["term-card-links"]), document)
    if keys_only:
        links["glossterms_keys"] = list(listed)
    else:
        terms = glossary.terms
        for key in listed:
            paragraph = in_document(nodes.paragraph(), document)
            paragraph += term_xref(key, terms[key].name, document=document, styled=False)
            item = in_document(nodes.list_item(), document)
            item += paragraph
            links += item
    if more:
        text = str(LABEL_MORE).format(count=more)
        links += nodes.list_item(
            "", nodes.paragraph("", "", index_xref(text)), classes=["term-card-links-more"]
        )
    return links


def visit_links_html(self: HTML5Translator, node: gt.term_card_links) -> None:
    """The block's container and heading (as docutils writes a container and Sphinx
    a rubric), then ``<ul>`` and an item per key, as docutils writes a list item
    with one paragraph holding one link; the "and N more" item follows as a node."""
    css, label = node["glossterms_block"], node["glossterms_label"]
    level = gt.heading_level(self, node, 2)
    self.body.append(
        f'<div class="{css} docutils container">\n'
        f'<h{level} class="{gt.SECTION_TITLE_CLASS} rubric">{self.encode(label)}</h{level}>\n'
    )
    # visit_bullet_list, whose check that every item is simple cannot walk this
    # node; its items are simple by construction
    simple = "open" not in node["classes"] and bool(self.settings.compact_lists)
    shown = "simple" if simple and not self.compact_simple else None
    self.body.append(self.starttag(node, "ul", CLASS=shown) if shown else self.starttag(node, "ul"))
    self.context.append((self.compact_simple, self.compact_p))
    self.compact_p = None  # type: ignore[assignment]  # docutils' own value, not typed
    self.compact_simple = simple
    domain = get_domain(self.builder.env)
    terms = domain.glossary.terms
    fromdocname = self.builder.current_docname
    keys: list[str] = node.get("glossterms_keys", [])
    for key in keys:
        name = self.encode(terms[key].name)
        try:
            attributes = domain.link_attributes(self.builder, fromdocname, key)
        except NoUri:  # the term's page is not in the output: its name, as Sphinx does
            self.body.append(f"<li><p>{name}</p></li>\n")
            continue
        href = attributes.get("refuri") or f"#{attributes['refid']}"
        classes = " ".join([*attributes["classes"], "reference", "internal"])
        title = attributes.get("reftitle")
        title_attribute = f' title="{self.attval(title)}"' if title else ""
        self.body.append(
            f'<li><p><a class="{classes}" href="{self.attval(href)}"{title_attribute}>'
            f"{name}</a></p></li>\n"
        )


def depart_links_html(self: HTML5Translator, node: gt.term_card_links) -> None:
    self.depart_bullet_list(node)
    self.body.append("</div>\n")
