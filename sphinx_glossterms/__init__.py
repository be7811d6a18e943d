"""sphinx-glossterms: term cards, automatic cross-references and a glossary index.

Where things are (``setup()`` below wires them, and is the only caller of ``connect``):

- names: how a name is normalised, keyed, anchored, sorted, folded and grouped
  (``names.py``); the configuration, declared once and read typed through
  ``config.get_config(env)`` (``config.py``).
- reading: directives build nodes (``directives.py``, ``nodes.py``); the domain's
  ``process_doc`` turns a doctree into pickled per-document records
  (``collect.py``, ``records.py``), walking text with ``traversal.py``.
- after reading: ``domain.GlosstermsDomain.settle`` derives the project glossary
  (``glossary.py``: winners, lookups, relations, and the ``matcher.py`` automaton).
- writing: post-transforms, in the order of ``pipeline.Priority``, turn mentions,
  card blocks, the index and the graph into ``pending_xref``s (``links.term_xref``);
  Sphinx resolves each through ``GlosstermsDomain.resolve_xref``, which takes a
  link's attributes from ``link_attributes``, the one place they are decided (HTML
  card blocks, ``blocks.py``, are written from it directly). Builder differences
  live in ``builders.py`` and Sphinx version differences in ``compat.py``.
- output files: ``export.py`` (JSON, JSON-LD), ``previews.py`` (the previews'
  shared data) + ``static/``,
  ``review.py`` (the review file of automatic links and the summary line).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import nodes as gt
from .abbreviations import PLAIN_VISITORS, DeprecationBadges, ShortForms, term_abbreviation
from .autolink import AutolinkTransform
from .blocks import CardBlocks, depart_links_html, visit_links_html
from .builders import is_html, is_web_html
from .config import add_config_values, get_config, validate_config
from .datafile import TermCards, write_schema
from .directives import (
    GlossaryGraph,
    GlossaryIndex,
    TermCard,
    TermMechanism,
    TermOrigin,
    TermSection,
)
from .domain import GlosstermsDomain, get_domain
from .export import JsonLd, write_json
from .external import load_external
from .graph import GlossaryGraphFill
from .index import (
    GlossaryIndexFill,
    GlosstermsIndex,
    depart_group_latex,
    glossary_index_group,
    visit_group_latex,
)
from .interchange import write_exports
from .messages import LOCALE_DIR, MESSAGE_CATALOG
from .pagerefs import PageNumbers, add_latex_package
from .presentation import CardMeta, index_page, visit_graph_html
from .previews import PreviewData, script_attributes, write_shared_data
from .review import ReviewRows, write_review
from .roles import no_autolink_role
from .search import add_search_card
from .transforms import StraySections, TermReferences
from .vocabulary import write_vale

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

__version__ = "0.1.0"

STATIC_DIR = Path(__file__).parent / "static"


def _settle_glossary(app: Sphinx, env: BuildEnvironment) -> None:
    get_domain(env).settle()


def _outdated_by_terms(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages that show other pages' terms which changed."""
    return get_domain(env).outdated_pages()


def _add_static_path(app: Sphinx, config: Config) -> None:
    """Ship ``static/`` with HTML output.

    Done on ``config-inited``, before Sphinx compares the configuration with the
    previous build's, so an incremental build does not see a changed option.
    Other builders ignore ``html_static_path``.
    """
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def _add_assets(app: Sphinx) -> None:
    """CSS for HTML builders; the previews' scripts for web HTML only (e-books
    get no preview data, and a script tag would name a file they lack)."""
    if not is_html(app.builder):
        return
    app.add_css_file("glossterms.css")
    if get_config(app.env).tooltips and is_web_html(app.builder):
        app.add_js_file("glossterms.js", defer="defer", **script_attributes())


def setup(app: Sphinx) -> dict[str, Any]:
    # configuration
    add_config_values(app)
    app.connect("config-inited", validate_config, priority=100)
    app.connect("config-inited", _add_static_path)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.setup_extension("sphinx.ext.graphviz")  # draws glossary-graph

    # nodes
    app.add_node(gt.term_card, latex=(gt.visit_card_latex, gt.depart_card_latex))
    app.add_node(gt.term_card_title, html=(gt.visit_title_html, gt.depart_title_html))
    app.add_node(gt.term_card_section)
    app.add_node(
        gt.term_card_section_title,
        html=(gt.visit_section_title_html, gt.depart_section_title_html),
    )
    app.add_node(gt.term_card_meta)
    app.add_node(gt.term_card_related)
    app.add_node(gt.term_card_backlinks)
    app.add_node(gt.term_card_links, html=(visit_links_html, depart_links_html))
    app.add_node(gt.term_card_badge)
    app.add_node(term_abbreviation, **PLAIN_VISITORS)  # HTML: Sphinx's <abbr title>
    app.add_node(gt.glossary_index)  # placeholders: no visitors, so a survivor
    app.add_node(gt.glossary_graph)  # fails loudly in any writer
    app.add_node(gt.glossary_graph_picture, html=(visit_graph_html, None))
    app.add_node(glossary_index_group, latex=(visit_group_latex, depart_group_latex))

    # directives
    app.add_directive("term-card", TermCard)
    app.add_directive("term-origin", TermOrigin)
    app.add_directive("term-mechanism", TermMechanism)
    app.add_directive("term-section", TermSection)
    app.add_directive("term-cards", TermCards)
    app.add_directive("glossary-index", GlossaryIndex)
    app.add_directive("glossary-graph", GlossaryGraph)

    # roles
    app.add_role("no-autolink", no_autolink_role)

    # domain: all cross-document state, the generated index page, links to terms
    app.add_domain(GlosstermsDomain)
    app.add_index_to_domain(GlosstermsDomain.name, GlosstermsIndex)

    # transforms: checks at read time, links and blocks late (order: pipeline.py)
    app.add_transform(StraySections)
    app.add_post_transform(DeprecationBadges)
    app.add_post_transform(CardBlocks)
    app.add_post_transform(AutolinkTransform)
    app.add_post_transform(TermReferences)
    app.add_post_transform(GlossaryIndexFill)
    app.add_post_transform(GlossaryGraphFill)
    app.add_post_transform(JsonLd)
    app.add_post_transform(PreviewData)
    app.add_post_transform(CardMeta)
    app.add_post_transform(ShortForms)
    app.add_post_transform(PageNumbers)
    app.add_post_transform(ReviewRows)

    # events
    app.connect("env-updated", _settle_glossary)
    app.connect("env-updated", write_shared_data, priority=600)  # before pages: checksums
    app.connect("env-get-updated", _outdated_by_terms)
    app.connect("build-finished", write_json)
    app.connect("build-finished", write_schema)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", write_review, priority=900)  # the log's last line
    app.connect("builder-inited", _add_assets)
    app.connect("builder-inited", load_external, priority=900)  # after intersphinx
    app.connect("build-finished", write_vale, priority=600)  # from glossterms.json's data
    app.connect("builder-inited", add_latex_package)  # sphinxglossterms.sty
    app.connect("html-page-context", index_page)
    app.connect("html-page-context", add_search_card)

    return {
        "version": __version__,
        "env_version": GlosstermsDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
