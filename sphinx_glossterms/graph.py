"""``glossary-graph``: the network of related terms, drawn by ``sphinx.ext.graphviz``.

Nodes are cards and their neighbours (``ResolvedTerm.related``: explicit and
discovered); each node links to its definition. Where ``dot`` cannot run, or
the output format cannot show a picture, the graph becomes a list
"A → B, C" with the same links.
"""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from . import nodes as gt
from .anchors import term_key
from .compat import get_builder
from .directives import comma_list
from .index import fold
from .links import term_inline, term_reference
from .messages import LABEL_GRAPH, LABEL_GRAPH_LIST, Subtype, warn
from .resolve import sort_key

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.util.typing import OptionSpec

    from .records import ResolvedTerm

#: Output formats that show graphviz pictures. Everything else gets the list,
#: whose links Info readers (texinfo), man pages and plain text can follow.
DOT_FORMATS = frozenset({"html", "latex"})
DEFAULT_DEPTH = 1


class GlossaryGraph(SphinxDirective):
    """``.. glossary-graph::``: the whole glossary, or ``:root:`` and ``:depth:``."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "root": directives.unchanged_required,
        "depth": directives.nonnegative_int,
        "category": comma_list,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        node = gt.glossary_graph(
            "",
            glossterms_root=" ".join(self.options.get("root", "").split()),
            glossterms_depth=self.options.get("depth", DEFAULT_DEPTH),
            glossterms_categories=self.options.get("category", []),
            glossterms_classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


# -- which terms ------------------------------------------------------------------

Edge = tuple[str, str]


def select(
    terms: dict[str, ResolvedTerm],
    *,
    root: str | None = None,
    depth: int = DEFAULT_DEPTH,
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


def _quote(text: str) -> str:
    """A double-quoted dot string."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def relative_url(builder: Builder, fromdocname: str, term: ResolvedTerm) -> str:
    """A non-empty URL of the term's card relative to the current page."""
    record = term.record
    uri = builder.get_relative_uri(fromdocname, record.docname)
    if uri.startswith("#"):  # singlehtml: one page
        uri = builder.config.root_doc + getattr(builder, "out_suffix", ".html")
    elif not uri:  # the same page: name it, graphviz rewrites paths for SVG
        uri = posixpath.basename(builder.get_target_uri(record.docname)) or "./"
    return f"{uri}#{record.anchor}"


def dot_code(
    terms: dict[str, ResolvedTerm],
    keys: list[str],
    edges: list[Edge],
    builder: Builder,
    fromdocname: str,
    root: str | None,
) -> str:
    """The graph in dot; node ``URL``s only where the output can follow them."""
    links = builder.format == "html"
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
            attrs += [
                f"URL={_quote(relative_url(builder, fromdocname, term))}",
                'target="_top"',
                f"tooltip={_quote(term.record.summary or term.name)}",
            ]
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
    terms: dict[str, ResolvedTerm],
    keys: list[str],
    edges: list[Edge],
    builder: Builder,
    fromdocname: str,
) -> nodes.bullet_list:
    """A line "A → B, C" for each term with relations (and each isolated term)."""

    def link(key: str) -> nodes.reference:
        return term_reference(builder, fromdocname, terms[key], term_inline(terms[key].name))

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

    Runs after the autolinker (8), like ``GlossaryIndexFill``.
    """

    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(gt.glossary_graph)):
            if get_builder(self.env).name == "gettext":
                node.parent.remove(node)  # generated text is not for translators
                continue
            replacement = self.render(node)
            if replacement is None:
                node.parent.remove(node)
            else:
                node.replace_self(replacement)

    def render(self, node: gt.glossary_graph) -> nodes.Element | None:
        domain: Any = self.env.get_domain("glossterms")
        terms: dict[str, ResolvedTerm] = domain.terms
        root: str | None = None
        if node["glossterms_root"]:
            found = domain.lookup(node["glossterms_root"])
            if found is None:
                warn(
                    f"glossary-graph: unknown root term {node['glossterms_root']!r}",
                    Subtype.graph,
                    node,
                )
                return None
            root = term_key(found.record.name)
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
            outer += fallback_list(terms, keys, edges, builder, self.env.docname)
            return outer

        picture = gt.glossary_graph_picture()
        picture["code"] = dot_code(terms, keys, edges, builder, self.env.docname, root)
        picture["options"] = {"docname": self.env.docname}
        picture["alt"] = f"{LABEL_GRAPH}: " + ", ".join(terms[k].name for k in keys)
        picture["glossterms_label"] = str(LABEL_GRAPH)
        picture["classes"] = ["glossary-graph-image"]
        if builder.format != "html":
            outer += picture
            return outer
        # Drawn at its natural size; the box scrolls on narrow screens, and
        # keyboard users can focus it to scroll.
        label = escape(str(LABEL_GRAPH))
        outer += nodes.raw(
            "",
            f'<div class="glossary-graph-scroll" tabindex="0" role="group" aria-label="{label}">',
            format="html",
        )
        outer += picture
        outer += nodes.raw("", "</div>", format="html")
        if builder.format == "html":
            # The text alternative: the same relations as a list of links.
            summary = escape(str(LABEL_GRAPH_LIST))
            outer += nodes.raw(
                "",
                f'<details class="glossary-graph-alternative"><summary>{summary}</summary>',
                format="html",
            )
            outer += fallback_list(terms, keys, edges, builder, self.env.docname)
            outer += nodes.raw("", "</details>", format="html")
        return outer
