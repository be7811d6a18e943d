"""Every directive of the extension. Directives only build nodes: collection happens
in the domain (``process_doc``), and placeholders are filled by post-transforms."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from . import nodes as gt
from .messages import LABEL_MECHANISM, LABEL_ORIGIN, Subtype, warn
from .names import normalize_name, term_anchor

#: Depth of ``glossary-graph`` without ``:depth:``.
DEFAULT_GRAPH_DEPTH = 1


def comma_list(argument: str | None) -> list[str]:
    """Split a comma-separated option value, dropping blanks."""
    if not argument:
        return []
    return [normalize_name(part) for part in argument.split(",") if part.strip()]


def section_slug(title: str) -> str:
    """``term-card-section-<slug>``'s slug, the same rule as term anchors."""
    return term_anchor(title).removeprefix("term-")


#: Values of ``:status:``; a card without the option is "active".
STATUSES = ("active", "deprecated")


def card_status(argument: str | None, name: str, location: object) -> str:
    """The ``:status:`` of a card; a bad value warns (``glossterms.card``) and is "active"."""
    status = " ".join((argument or "active").split()).lower()
    if status not in STATUSES:
        warn(
            f"term card {name!r} has :status: {argument!r}; expected one of"
            f" {', '.join(STATUSES)} (using active)",
            Subtype.card,
            location,
        )
        return "active"
    return status


def other_names(name: str, *groups: list[str] | str) -> list[str]:
    """Aliases, deprecated aliases and the abbreviation in that order, each once."""
    names: list[str] = []
    for group in groups:
        for alias in [group] if isinstance(group, str) else group:
            if alias and alias != name and alias not in names:
                names.append(alias)
    return names


class TermCard(SphinxDirective):
    """``.. term-card:: NAME``: a term with its definition and sections."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "aliases": comma_list,
        "related": comma_list,
        "category": comma_list,
        "summary": directives.unchanged,
        "no-autolink": directives.flag,
        "status": directives.unchanged,
        "superseded-by": directives.unchanged,
        "deprecated-aliases": comma_list,
        "abbreviation": directives.unchanged,
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        name = normalize_name(self.arguments[0]) if self.arguments else ""
        if not name:
            warn("term-card without a name; the card is skipped", Subtype.card, self.get_location())
            return []
        status = card_status(self.options.get("status"), name, self.get_location())
        if self.options.get("superseded-by", "").strip() and "status" not in self.options:
            status = "deprecated"  # a successor says the term is no longer used
        abbreviation = normalize_name(self.options.get("abbreviation", ""))
        deprecated_aliases = self.options.get("deprecated-aliases", [])

        card = gt.term_card(
            "",
            classes=["term-card", *self.options.get("class", [])],
            glossterms_name=name,
            # Deprecated aliases and the abbreviation are names of the term too.
            glossterms_aliases=other_names(
                name, self.options.get("aliases", []), deprecated_aliases, abbreviation
            ),
            glossterms_related=self.options.get("related", []),
            glossterms_categories=self.options.get("category", []),
            glossterms_summary=self._summary(),
            glossterms_no_autolink="no-autolink" in self.options,
            glossterms_status=status,
            glossterms_superseded_by=normalize_name(self.options.get("superseded-by", "")),
            glossterms_deprecated_aliases=deprecated_aliases,
            glossterms_abbreviation=abbreviation,
            # singlehtml merges every document into one tree; remember the source.
            glossterms_docname=self.env.docname,
        )
        self.set_source_info(card)
        anchor = term_anchor(name)
        document = self.state.document
        if anchor in document.ids:  # the same name twice in one page: a duplicate
            anchor = f"{anchor}-{sum(k.startswith(anchor) for k in document.ids) + 1}"
        card["ids"].append(anchor)
        document.ids[anchor] = card
        self.add_name(card)
        # The name is shown as written (no smart quotes), as in links and the index.
        card += gt.term_card_title(
            name, name, classes=["term-card-title"], support_smartquotes=False
        )
        index = addnodes.index(
            entries=[
                ("single", entry, anchor, main, None)
                for entry, main in [(name, "main"), *((a, "") for a in card["glossterms_aliases"])]
            ]
        )
        self.set_source_info(index)
        card += index

        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        inner_cards = self._take_inner_cards(body, name)
        definition = [n for n in body.children if not isinstance(n, gt.term_card_section)]
        sections = [n for n in body.children if isinstance(n, gt.term_card_section)]
        # The definition comes first and sections follow in source order.
        card.extend(definition)
        seen: set[str] = set()
        for section in sections:
            title = section["glossterms_title"]
            if title.lower() in seen:
                warn(
                    f"section {title!r} appears twice in the card {name!r}",
                    Subtype.section,
                    section,
                )
            seen.add(title.lower())
            section["glossterms_card"] = True
            card += section

        if not any(not isinstance(n, nodes.Invisible | nodes.system_message) for n in definition):
            warn(f"term card {name!r} has no definition", Subtype.empty, self.get_location())
        return [card, *inner_cards]

    def _summary(self) -> str:
        """``:summary:`` as plain text: its inline markup rendered, not shown raw."""
        summary = " ".join(self.options.get("summary", "").split())
        if not summary:
            return ""
        inline, _messages = self.parse_inline(summary)  # messages are already reported
        return " ".join("".join(node.astext() for node in inline).split())

    @staticmethod
    def _take_inner_cards(body: nodes.Element, name: str) -> list[nodes.Node]:
        """A card inside this one's content: warn, and render it after this card as
        a term of its own (its text is not part of this definition)."""
        inner = [card for card in body.findall(gt.term_card) if card is not body]
        for card in inner:
            warn(
                f"term card {card['glossterms_name']!r} is inside term card {name!r};"
                " it is shown after it, as a term of its own",
                Subtype.card,
                card,
            )
            assert card.parent is not None
            card.parent.remove(card)
        return list(inner)


class TermSection(SphinxDirective):
    """``.. term-section:: TITLE``: a named section inside a card."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}

    kind: ClassVar[str] = ""

    def title(self) -> str:
        return normalize_name(self.arguments[0])

    def run(self) -> list[nodes.Node]:
        title = self.title()
        css = f"term-card-{self.kind}" if self.kind else f"term-card-section-{section_slug(title)}"
        section = gt.term_card_section(
            "",
            classes=["term-card-section", css, *self.options.get("class", [])],
            glossterms_title=title,
            glossterms_kind=self.kind or "section",
        )
        self.set_source_info(section)
        heading = gt.term_card_section_title(title, title, classes=[gt.SECTION_TITLE_CLASS])
        if self.kind:  # "Origin", "Mechanism": from our catalog, not the page's
            heading["translatable"] = False
        section += heading
        self.state.nested_parse(self.content, self.content_offset, section)
        return [section]


class TermOrigin(TermSection):
    """``.. term-origin::``: the "Origin" section."""

    required_arguments = 0
    kind = "origin"

    def title(self) -> str:
        return str(LABEL_ORIGIN)


class TermMechanism(TermSection):
    """``.. term-mechanism::``: the "Mechanism" section."""

    required_arguments = 0
    kind = "mechanism"

    def title(self) -> str:
        return str(LABEL_MECHANISM)


class GlossaryIndex(SphinxDirective):
    """``.. glossary-index::``: an A-Z index of every term of the project."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "category": comma_list,
        "cards-only": directives.flag,
        "include-glossary": directives.flag,
        "no-summary": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        cards_only = "cards-only" in self.options
        if cards_only and "include-glossary" in self.options:
            warn(
                "glossary-index: :cards-only: and :include-glossary: both given; "
                "classic glossary terms are left out",
                Subtype.index,
                self.get_location(),
            )
        node = gt.glossary_index(
            "",
            glossterms_categories=self.options.get("category", []),
            glossterms_cards_only=cards_only,
            glossterms_no_summary="no-summary" in self.options,
            glossterms_classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]


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
            glossterms_depth=self.options.get("depth", DEFAULT_GRAPH_DEPTH),
            glossterms_categories=self.options.get("category", []),
            glossterms_classes=self.options.get("class", []),
        )
        self.set_source_info(node)
        return [node]
