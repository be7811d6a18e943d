"""``glossary-graph``: the network of related terms, drawn by ``sphinx.ext.graphviz``.

Nodes are cards and their neighbours (``ResolvedTerm.related``: explicit and
discovered); each node links to its definition. Where ``dot`` cannot run, or
the output format cannot show a picture, the graph becomes a list
"A → B, C" with the same links.
"""

from __future__ import annotations

import contextlib
import html
import shutil
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as gt
from .builders import is_gettext, is_html, relative_page_uri
from .compat import get_builder
from .directives import DEFAULT_GRAPH_DEPTH
from .domain import get_domain
from .links import term_xref
from .messages import LABEL_GRAPH, LABEL_GRAPH_LIST, Subtype, warn
from .names import fold, sort_key
from .pipeline import Priority

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .glossary import ResolvedTerm

#: Output formats that show graphviz pictures. Everything else gets the list,
#: whose links Info readers (texinfo), man pages and plain text can follow.
DOT_FORMATS = frozenset({"html", "latex"})


# -- which terms ------------------------------------------------------------------

Edge = tuple[str, str]


def select(
    terms: dict[str, ResolvedTerm],
    *,
    root: str | None = None,
    depth: int = DEFAULT_GRAPH_DEPTH,
    categories: Iterable[str] = (),
) -> tuple[list[str], list[Edge]]:
    """Keys of the terms to draw (sorted by name) and the edges between them.

    Without a root: every card (in the categories, if given) and the terms it
    relates to. With a root (a key): the terms within ``depth`` steps of it,
    following relations both ways.
    """
    wanted = {fold(c) for c in categories}

    def in_category(key: str) -> bool:
        return not wanted or bool(
            wanted.intersection(fold(c) for c in terms[key].record.categories)
        )

    if root is None:
        sources = {k for k, t in terms.items() if t.record.kind == "card" and in_category(k)}
        keys = sources | {r for k in sources for r in terms[k].related}
    else:
        keys = sources = {root}
        frontier = {root}
        for _ in range(depth):
            frontier = {
                n
                for k in frontier
                for n in (*terms[k].related, *terms[k].mentioned_in)
                if n not in keys and in_category(n)
            }
            keys = sources = keys | frontier
    edges = sorted({(k, r) for k in sources for r in terms[k].related if r in keys})
    return sorted(keys, key=lambda k: sort_key(terms[k].name)), edges


# -- rendering ----------------------------------------------------------------------


def _quote(text: str, *, ampersands: int = 1, backslashes: int = 2) -> str:
    """A double-quoted dot string that graphviz shows as ``text`` in a label.

    Graphviz reads HTML entities (``&amp;``, ``&#65;``) and backslash escapes
    (``\\N``, ``\\l``) in strings, and escapes the result itself for SVG and
    image maps: so ``&`` and backslashes are escaped here, for dot, then quotes.
    """
    flat = " ".join(text.split())
    for _ in range(ampersands):
        flat = flat.replace("&", "&amp;")
    flat = flat.replace("\\", "\\" * backslashes).replace('"', '\\"')
    return f'"{flat}"'


def _quote_tooltip(text: str, image_format: str) -> str:
    """A tooltip as a dot string: graphviz expands backslash escapes in tooltips
    twice, and for image maps (PNG) it also reads entities twice."""
    return _quote(text, ampersands=1 if image_format == "svg" else 2, backslashes=4)


def _quote_url(url: str) -> str:
    """A URL as a dot string: graphviz writes ``URL`` into SVG without escaping it,
    so everything but the path and fragment syntax is percent-encoded."""
    return _quote(quote(url, safe="/#%"))


def relative_url(builder: Builder, fromdocname: str, term: ResolvedTerm) -> str:
    """A non-empty URL of the term's card relative to the current page; ``NoUri``
    where its page is not in the output (an orphan on singlehtml's one page)."""
    record = term.record
    return f"{relative_page_uri(builder, fromdocname, record.docname)}#{record.anchor}"


def dot_code(
    terms: dict[str, ResolvedTerm],
    keys: list[str],
    edges: list[Edge],
    builder: Builder,
    fromdocname: str,
    root: str | None,
) -> str:
    """The graph in dot; node ``URL``s only where the output can follow them."""
    links = is_html(builder)
    image_format = builder.config.graphviz_output_format
    ids = {key: f"t{number}" for number, key in enumerate(keys)}
    lines = [
        "digraph glossterms {",
        # Transparent, dark ink on no fill: the page's background shows through;
        # in dark mode, glossterms.css inverts the picture (light ink).
        '  graph [rankdir=LR, bgcolor="transparent"];',
        '  node [shape=box, style="rounded", color="#3d5a78", fontcolor="#1f2328", '
        'fontname="sans-serif", fontsize=11];',
        '  edge [color="#4f6478", arrowsize=0.7];',
    ]
    for key in keys:
        term = terms[key]
        attrs = [f"label={_quote(term.name)}"]
        if links:
            # where the card's page is not in this output, the name stays as text
            with contextlib.suppress(NoUri):
                url = relative_url(builder, fromdocname, term)
                attrs += [f"URL={_quote_url(url)}", 'target="_top"']
            tooltip = _quote_tooltip(term.record.summary or term.name, image_format)
            attrs.append(f"tooltip={tooltip}")
        if key == root:
            attrs.append("penwidth=2")
        lines.append(f"  {ids[key]} [{', '.join(attrs)}];")
    pairs = set(edges)
    for source, target in edges:
        if (target, source) in pairs:
            if source < target:
                lines.append(f"  {ids[source]} -> {ids[target]} [dir=both];")
            continue
        lines.append(f"  {ids[source]} -> {ids[target]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def fallback_list(
    terms: dict[str, ResolvedTerm], keys: list[str], edges: list[Edge]
) -> nodes.bullet_list:
    """A line "A → B, C" for each term with relations (and each isolated term)."""

    def link(key: str) -> nodes.Node:
        return term_xref(key, terms[key].name)

    targets: dict[str, list[str]] = {}
    for source, target in edges:
        targets.setdefault(source, []).append(target)
    linked = {k for edge in edges for k in edge}
    items = nodes.bullet_list(classes=["glossary-graph-list"])
    for key in keys:
        if key not in targets and key in linked:
            continue  # shown as a target of another line
        para = nodes.paragraph("", "", link(key))
        ordered = sorted(targets.get(key, []), key=lambda k: sort_key(terms[k].name))
        for number, target in enumerate(ordered):
            para += nodes.Text(" → " if number == 0 else ", ")
            para += link(target)
        items += nodes.list_item("", para)
    return items


class GlossaryGraphFill(SphinxPostTransform):
    """Replace each ``glossary_graph`` placeholder by a graphviz graph or a list.

    Runs after the autolinker, like ``GlossaryIndexFill``.
    """

    default_priority = Priority.GLOSSARY_GRAPH

    def run(self, **kwargs: Any) -> None:
        gettext = is_gettext(get_builder(self.env))
        for node in list(self.document.findall(gt.glossary_graph)):
            if gettext:
                node.parent.remove(node)  # generated text is not for translators
                continue
            replacement = self.render(node)
            if replacement is None:
                node.parent.remove(node)
            else:
                node.replace_self(replacement)

    def render(self, node: gt.glossary_graph) -> nodes.Element | None:
        glossary = get_domain(self.env).glossary
        terms = glossary.terms
        root: str | None = None
        if node["glossterms_root"]:
            found = glossary.find(node["glossterms_root"])
            if found is None:
                warn(
                    f"glossary-graph: unknown root term {node['glossterms_root']!r}",
                    Subtype.graph,
                    node,
                )
                return None
            root = found.key
        keys, edges = select(
            terms,
            root=root,
            depth=node["glossterms_depth"],
            categories=node["glossterms_categories"],
        )
        if not keys:
            warn("glossary-graph: no terms to show", Subtype.graph, node)
            return None

        builder = get_builder(self.env)
        outer = nodes.container(classes=["glossary-graph", *node["glossterms_classes"]])
        use_dot = builder.format in DOT_FORMATS
        if use_dot and shutil.which(self.config.graphviz_dot) is None:
            warn(
                f"glossary-graph: graphviz 'dot' ({self.config.graphviz_dot!r}) was "
                "not found; showing the relations as a list. Install graphviz or "
                "set graphviz_dot.",
                Subtype.graph,
                node,
            )
            use_dot = False
        if not use_dot:
            outer += fallback_list(terms, keys, edges)
            return outer

        picture = gt.glossary_graph_picture()
        picture["code"] = dot_code(terms, keys, edges, builder, self.env.docname, root)
        picture["options"] = {"docname": self.env.docname}
        alt = f"{LABEL_GRAPH}: " + ", ".join(terms[k].name for k in keys)
        # sphinx.ext.graphviz writes ``alt`` into HTML as given: escape it there.
        picture["alt"] = html.escape(alt) if is_html(builder) else alt
        picture["glossterms_label"] = str(LABEL_GRAPH)
        picture["classes"] = ["glossary-graph-image"]
        if not is_html(builder):
            outer += picture
            return outer
        # Drawn at its natural size; the box scrolls on narrow screens, and
        # keyboard users can focus it to scroll.
        label = html.escape(str(LABEL_GRAPH))
        outer += nodes.raw(
            "",
            f'<div class="glossary-graph-scroll" tabindex="0" role="group" aria-label="{label}">',
            format="html",
        )
        outer += picture
        outer += nodes.raw("", "</div>", format="html")
        if is_html(builder):
            # The text alternative: the same relations as a list of links.
            summary = html.escape(str(LABEL_GRAPH_LIST))
            outer += nodes.raw(
                "",
                f'<details class="glossary-graph-alternative"><summary>{summary}</summary>',
                format="html",
            )
            outer += fallback_list(terms, keys, edges)
            outer += nodes.raw("", "</details>", format="html")
        return outer
