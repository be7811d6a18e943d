"""Page numbers in LaTeX/PDF output (DESIGN §6).

- "Mentioned in" gives the page of each card that mentions the term
  (``\\autopageref*`` of the card's label: "page 3", in the document's language).
  A card's labels are written inside its title, so they get the title's page.
- The ``glossary-index`` lists each term with the pages that link to it: every
  link to a term in the document gets a ``\\label``, and the index entry lists the
  distinct pages of its term's labels (``\\sphinxglosstermspages`` from
  ``sphinxglossterms.sty``, which the LaTeX builder gets next to the ``.tex``).

LaTeX builds assemble every document of a PDF into one tree before the
post-transforms run, so this sees the whole PDF at once.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import tex_replace_map

from . import nodes as gt
from .messages import LABEL_PAGES
from .pipeline import Priority
from .traversal import cards_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STY_NAME = "sphinxglossterms"
STY_PATH = Path(__file__).parent / "latex" / f"{STY_NAME}.sty"
LABEL_PREFIX = "glossterms-use-"
PAGES_CLASS = "glossary-index-pages"


def latex_label(docname: str, anchor: str) -> str:
    """The LaTeX label Sphinx's writer gives an id in a document (``idescape``)."""
    escaped = f"{docname}:{anchor}".translate(tex_replace_map)
    escaped = escaped.encode("ascii", "backslashreplace").decode("ascii")
    escaped = escaped.replace("\\", "_")
    return rf"\detokenize{{{escaped}}}"


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _link_key(node: nodes.Node) -> str | None:
    """The term a resolved link to a term goes to."""
    if isinstance(node, nodes.reference) and node.get("glossterms_key"):
        return str(node["glossterms_key"])
    return None


def _generated(node: nodes.Node) -> bool:
    """Inside a block the extension generates (index, "Related terms", "Mentioned in")."""
    parent = node.parent
    while parent is not None:
        generated = gt.term_card_related | gt.term_card_backlinks | gt.term_card_badge
        if isinstance(parent, generated) or ("glossary-index" in parent.get("classes", ())):
            return True
        parent = parent.parent
    return False


class PageNumbers(SphinxPostTransform):
    """Page numbers for "Mentioned in" and the glossary index (LaTeX only)."""

    default_priority = Priority.PAGE_NUMBERS
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        cards: dict[str, tuple[str, str]] = {}  # key -> (docname, anchor) of its card here
        for card in cards_in(self.document):
            docname = card.get("glossterms_docname", self.env.docname)
            if card["ids"]:
                cards.setdefault(card["ids"][0], (docname, card["ids"][0]))
        self.mentioned_in(cards)
        self.index_pages()
        self.labels_in_titles()

    def labels_in_titles(self) -> None:
        """Each card's labels inside its title, so they get the title's page.

        The card's writer would emit them before the card, in vertical mode: when
        a page break falls right before the card, they land at the foot of the
        page before, and "Mentioned in", the domain index and links say that page.
        """
        for card in cards_in(self.document):
            title = next((c for c in card.children if isinstance(c, gt.term_card_title)), None)
            if title is None or not card["ids"]:
                continue
            docname = card.get("glossterms_docname", self.env.docname)
            labels = "".join(rf"\label{{{latex_label(docname, i)}}}" for i in card["ids"])
            title.insert(0, _raw(rf"\phantomsection{labels}"))
            card["ids"] = []  # written above, not again before the card

    def mentioned_in(self, cards: dict[str, tuple[str, str]]) -> None:
        from .domain import get_domain

        glossary = get_domain(self.env).glossary
        for block in self.document.findall(gt.term_card_backlinks):
            for link in list(block.findall(nodes.reference)):
                key = _link_key(link)
                term = glossary.terms.get(key) if key else None
                if term is None or term.record.anchor not in cards:
                    continue  # that card is not in this PDF
                label = latex_label(*cards[term.record.anchor])
                parent = link.parent
                parent.insert(parent.index(link) + 1, _raw(rf" (\autopageref*{{{label}}})"))

    def index_pages(self) -> None:
        labels: dict[str, list[str]] = {}
        for number, link in enumerate(list(self.document.findall(nodes.reference))):
            key = _link_key(link)
            if key is None or _generated(link):
                continue
            label = f"{LABEL_PREFIX}{number}"
            labels.setdefault(key, []).append(label)
            parent = link.parent
            parent.insert(parent.index(link), _raw(rf"\label{{{label}}}"))
        for entry in self.document.findall(nodes.list_item):
            if "glossary-index-entry" not in entry["classes"] or (
                "glossary-index-alias" in entry["classes"]
            ):
                continue
            paragraph = entry.children[0] if entry.children else None
            if not isinstance(paragraph, nodes.paragraph):
                continue
            key = next((k for k in map(_link_key, paragraph.children) if k), None)
            if key is None or key not in labels:
                continue
            pages = nodes.inline("", "", classes=[PAGES_CLASS])
            listed = ",".join(labels[key])
            pages += nodes.Text(f" {LABEL_PAGES}: ")
            pages += _raw(rf"\sphinxglosstermspages{{{listed}}}")
            paragraph += pages


def add_latex_package(app: Sphinx) -> None:
    """``builder-inited``: LaTeX builders get ``sphinxglossterms.sty`` and load it."""
    if app.builder.format != "latex":
        return
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STY_PATH, Path(app.outdir) / STY_PATH.name)
    app.add_latex_package(STY_NAME, after_hyperref=True)
