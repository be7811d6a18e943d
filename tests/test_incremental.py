"""Incremental builds give exactly the output of a fresh build, for every scenario root.

Each case copies a root once (the ``sphinx`` marker's ``srcdir=``), builds it,
edits one file (a term added, removed or renamed, a definition rewritten),
builds again into the same build directory, then builds the edited sources
afresh into another one. Every HTML page and ``glossterms.json`` must be equal
byte for byte, and the incremental build must have read only the edited files:
pages that show other pages' terms are rewritten (``env-get-updated``), not reread.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import (
    AppParams,
    MakeApp,
    glossterms_warnings,
    groups_of,
    html_tree,
    index_of,
    page_previews,
    root_params,
    soup,
    status_of,
    warnings_of,
)

SHARED_PREVIEWS = "_static/glossterms-previews.js"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz not installed")


class Edit(NamedTuple):
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``file``."""

    file: str
    old: str
    new: str

    def apply(self, srcdir: Path) -> None:
        path = srcdir / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.file}: {self.old!r}"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


MYST_CARD = "\n::::{{term-card}} {name}\n{options}\n{body}\n::::\n"
RST_CARD = "\n.. term-card:: {name}\n{options}\n   {body}\n"


def myst_card(name: str, body: str, related: str = "") -> str:
    options = f":related: {related}\n" if related else ""
    return MYST_CARD.format(name=name, options=options, body=body)


def rst_card(name: str, body: str, related: str = "") -> str:
    options = f"   :related: {related}\n" if related else ""
    return RST_CARD.format(name=name, options=options, body=body)


def append(file: str, last: str, text: str) -> Edit:
    """Add ``text`` after ``last``, the end of ``file``."""
    return Edit(file, last, last + text)


#: root -> kind of edit -> the edit. Each touches one file; every other page of
#: the root that shows the edited terms (links, titles, related terms,
#: backlinks, the index, the graph, the export) must change with it.
EDITS: dict[str, dict[str, Edit]] = {
    "cards": {
        "add": append(
            "myst.md",
            "Definition of the markdown word.\n::::\n",
            myst_card("Gonadal Signal", "Relates to the axis.", related="HPG Axis Restoration"),
        ),
        "remove": Edit(
            "myst.md",
            "::::{term-card} Hormonal Restoration\n:aliases: hormone restoration\n"
            ":related: HPG Axis Restoration\n:category: Endocrinology, Therapy\n"
            ":class: special-card\n:name: hormonal-card\n\n"
            "A clinical and therapeutic paradigm. It has a second sentence.\n\n"
            ":::{term-origin}\nOrigin of the term.\n:::\n\n"
            ":::{term-mechanism}\nMechanism of the term.\n:::\n\n"
            ":::{term-section} Usage Notes\nUsed in clinics.\n:::\n::::\n",
            "",
        ),
        "rename": Edit("myst.md", "{term-card} Hormonal Restoration", "{term-card} Hormonal Reset"),
        "definition": Edit(
            "myst.md", "A clinical and therapeutic paradigm.", "A rewritten paradigm."
        ),
    },
    "autolink-rst": {
        "add": append("terms.rst", "   Nothing mentions this.\n", rst_card("Line Break", "A gap.")),
        "remove": Edit("terms.rst", ".. term-card:: Dopamine\n\n   A catecholamine.\n\n", ""),
        "rename": Edit("terms.rst", ".. term-card:: Hormone\n", ".. term-card:: Hormone Signal\n"),
        "definition": Edit("terms.rst", "A catecholamine.", "A neurotransmitter of reward."),
    },
    "autolink-myst": {
        "add": append(
            "terms.md", "A signalling molecule.\n::::\n", myst_card("Line Break", "A gap.")
        ),
        "remove": Edit("terms.md", "::::{term-card} Dopamine\nA catecholamine.\n::::\n\n", ""),
        "rename": Edit("terms.md", "{term-card} Hormone\n", "{term-card} Hormone Signal\n"),
        "definition": Edit("terms.md", "A catecholamine.", "A neurotransmitter of reward."),
    },
    "index": {
        "add": append(
            "cards.rst",
            "filed under A.\n",
            rst_card("Banana Term", "A fruit.", related="Apple Axis"),
        ),
        "remove": Edit(
            "cards.rst",
            ".. term-card:: Zeta\n   :aliases: Ångström Unit\n\n"
            "   The last letter, with an accented alias filed under A.\n",
            "",
        ),
        "rename": Edit("cards.rst", ".. term-card:: Echo Term", ".. term-card:: Echo Renamed"),
        "definition": Edit(
            "cards.rst", "The first term. It starts with A.", "The very first term. Still A."
        ),
    },
    "graph": {
        "add": append(
            "more/other.rst",
            "in a subdirectory.\n",
            rst_card("Newcomer", "New.", related="Island"),
        ),
        "remove": Edit(
            "terms.rst",
            '.. term-card:: "Quoted" <Leaf>\n\n   A leaf with markup-like characters.\n',
            "",
        ),
        "rename": Edit("terms.rst", ".. term-card:: Spoke One", ".. term-card:: Spoke Uno"),
        "definition": Edit("terms.rst", "The centre of the graph.", "The middle of it all."),
    },
    "export": {
        "add": append(
            "sub/more.md",
            "Not related to anything.\n:::\n",
            myst_card("Cofactor", "Helps the Signal Molecule.", related="Signal Molecule"),
        ),
        "remove": Edit(
            "sub/more.md",
            ":::{term-card} Éclair Level\n:aliases: eclair\n\n"
            "An accented name. Not related to anything.\n:::\n",
            "",
        ),
        "rename": Edit("sub/more.md", "{term-card} Signal Molecule", "{term-card} Signal Compound"),
        "definition": Edit(
            "sub/more.md", "A messenger that the Restoration Axis depends on.", "A new summary."
        ),
    },
    "incremental-terms": {
        "add": append("terms.rst", "after alpha.\n", rst_card("New Term", "Mentions delta.")),
        "remove": Edit(
            "terms.rst", ".. term-card:: Beta Term\n\n   The second term, after alpha.\n", ""
        ),
        "rename": Edit("terms.rst", ".. term-card:: Alpha Term", ".. term-card:: Alpha Concept"),
        "definition": Edit(
            "terms.rst", "The second term, after alpha.", "The second term, rewritten."
        ),
    },
    "i18n": {
        # a card on a second page relates to a translated card
        "add": append(
            "more.rst",
            "A second page about :term:`Testosterone`.\n",
            rst_card("Estrogen", "Balances testosterone.", related="Sex drive"),
        ),
        # the second page's link shows the new summary
        "definition": Edit("index.rst", "The primary male sex hormone.", "The main male hormone."),
    },
}

#: Files some roots' edits need before the first build.
SETUP = {
    "i18n": {"more.rst": ":orphan:\n\nMore\n====\n\nA second page about :term:`Testosterone`.\n"}
}

CASES = [
    pytest.param(
        root,
        kind,
        marks=[
            *([needs_dot] if root == "graph" else []),
            pytest.mark.sphinx(
                "html", testroot=root, srcdir=f"incremental-{root}-{kind}", freshenv=True
            ),
        ],
        id=f"{root}-{kind}",
    )
    for root, edits in EDITS.items()
    for kind in edits
]

PROGRESS = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*\d+%\] (\S+)", re.M)


def handled(app: SphinxTestApp) -> tuple[set[str], set[str]]:
    """The documents a build read and the ones it wrote, from its status output."""
    status = status_of(app)
    found = PROGRESS.findall(status)
    return (
        {doc for step, doc in found if step == "reading sources"},
        {doc for step, doc in found if step == "writing output"},
    )


def warnings_about(app: SphinxTestApp, docs: set[str]) -> list[str]:
    """Our warnings located in one of ``docs``."""
    out = []
    for line in glossterms_warnings(app):
        match = re.match(r"<src>/([^:]+?)\.(rst|md)\b", line)
        if match and match[1] in docs:
            out.append(line)
    return out


def build_edit_and_fresh(
    app_params: AppParams, make_app: MakeApp, root: str, edit: Edit
) -> tuple[dict[str, bytes], SphinxTestApp, SphinxTestApp]:
    """(first build's pages, the incremental build, the fresh build of the edit)."""
    args, kwargs = app_params
    srcdir: Path = kwargs["srcdir"]
    for name, text in SETUP.get(root, {}).items():
        (srcdir / name).write_text(text, encoding="utf-8")
    first = make_app(*args, **kwargs)
    first.build()
    before = html_tree(first.outdir)

    edit.apply(srcdir)
    updated = make_app(*args, **{**kwargs, "freshenv": False})
    updated.build()
    fresh = make_app(
        *args, **{**kwargs, "builddir": srcdir.parent / f"{srcdir.name}-fresh", "freshenv": True}
    )
    fresh.build()
    return before, updated, fresh


@pytest.mark.parametrize(("root", "kind"), CASES)
def test_incremental_equals_fresh(
    app_params: AppParams, make_app: MakeApp, root: str, kind: str
) -> None:
    edit = EDITS[root][kind]
    before, updated, fresh = build_edit_and_fresh(app_params, make_app, root, edit)

    edited = re.sub(r"\.(rst|md)$", "", edit.file)
    read, written = handled(updated)
    assert read == {edited}  # incremental: only the edited file was read again
    got, expected = html_tree(updated.outdir), html_tree(fresh.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    # the warnings of what was read or written again, and no others
    assert warnings_about(updated, read | written) == warnings_about(fresh, read | written)
    # apart from the project-wide check of unused terms, made in every build that reads
    everywhere = warnings_about(updated, fresh.env.found_docs)
    unused = [w for w in everywhere if "[glossterms.unused]" in w]
    assert [w for w in everywhere if w not in unused] == [
        w for w in warnings_about(updated, read | written) if w not in unused
    ]
    assert unused == [
        w for w in warnings_about(fresh, fresh.env.found_docs) if "[glossterms.unused]" in w
    ]

    # not vacuous: a page that was not read again, or the previews all pages share,
    # shows the edit
    unread = {
        page
        for page in expected
        if page == SHARED_PREVIEWS
        or (page.endswith(".html") and page[: -len(".html")] in fresh.env.found_docs - read)
    }
    assert [page for page in sorted(unread) if before.get(page) != got[page]] != []


@pytest.mark.parametrize(
    "root", root_params("unchanged", [*(r for r in EDITS if r != "graph"), "graph-nodot"])
)
def test_nothing_rewritten_without_changes(
    app_params: AppParams, make_app: MakeApp, root: str
) -> None:
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    pages = {
        first.outdir / f"{doc}.html": (first.outdir / f"{doc}.html").stat().st_mtime_ns
        for doc in first.env.found_docs
    }
    data = (first.outdir / "glossterms.json").read_bytes()

    again = make_app(*args, **{**kwargs, "freshenv": False})
    again.build()
    assert handled(again) == (set(), set())
    assert {p: p.stat().st_mtime_ns for p in pages} == pages
    assert (first.outdir / "glossterms.json").read_bytes() == data
    assert "html_static_path" not in again.status.getvalue()  # the config did not change


# -- what the comparisons above rely on, shown on the pages ------------------------------


@pytest.mark.sphinx("html", testroot="cards", srcdir="incremental-cards-visible", freshenv=True)
def test_card_edit_shows_on_pages_not_read(app_params: AppParams, make_app: MakeApp) -> None:
    """A new summary, a new alias and one related term less, seen elsewhere."""
    args, kwargs = app_params
    src: Path = kwargs["srcdir"]
    make_app(*args, **kwargs).build()
    Edit("myst.md", "A clinical and therapeutic paradigm.", "A rewritten paradigm.").apply(src)
    Edit(
        "myst.md",
        ":aliases: hormone restoration",
        ":aliases: hormone restoration, endocrine balance",
    ).apply(src)
    Edit("myst.md", ":related: HPG Axis Restoration\n", "").apply(src)
    incremental = make_app(*args, **{**kwargs, "freshenv": False})
    incremental.build()
    fresh = make_app(*args, **{**kwargs, "builddir": src.parent / "incremental-cards-fresh"})
    fresh.build()
    assert html_tree(incremental.outdir) == html_tree(fresh.outdir)

    refs = soup(incremental.outdir / "refs.html")
    previews = page_previews(incremental.outdir, "refs.html")
    anchors = {a.get_text(): a["href"].rpartition("#")[2] for a in refs.select("a.glossterm-link")}
    assert previews[anchors["hormone restoration"]]["summary"] == "A rewritten paradigm."
    rst = soup(incremental.outdir / "rst.html")
    assert rst.select_one("#term-hpg-axis-restoration .term-card-backlinks") is None


@pytest.mark.sphinx(
    "html", testroot="incremental-terms", srcdir="incremental-terms-visible", freshenv=True
)
def test_term_edits_show_on_other_pages(app_params: AppParams, make_app: MakeApp) -> None:
    args, kwargs = app_params
    src: Path = kwargs["srcdir"]
    app = make_app(*args, **kwargs)
    app.build()
    before = soup(app.outdir / "p1.html")
    assert "New Term" not in [a.get_text() for a in before.select("a.glossterm-link")]

    EDITS["incremental-terms"]["add"].apply(src)
    app = make_app(*args, **{**kwargs, "freshenv": False})
    app.build()
    after = soup(app.outdir / "p1.html")
    assert "new term" in [a.get_text() for a in after.select("a.glossterm-autolink")]
    delta = soup(app.outdir / "related.html").find(id="term-delta")
    assert delta is not None
    assert "New Term" in [a.get_text() for a in delta.select(".term-card-related a")]

    EDITS["incremental-terms"]["remove"].apply(src)
    app = make_app(*args, **{**kwargs, "freshenv": False})
    app.build()
    assert any(
        "Beta Term" in line and "glossterms.related" in line for line in glossterms_warnings(app)
    )


#: rename one term, remove another (and its alias), add one; a new classic term
INDEX_EDITS = [
    Edit("cards.rst", ".. term-card:: Echo Term", ".. term-card:: Echo Renamed"),
    Edit(
        "cards.rst",
        ".. term-card:: Zeta\n   :aliases: Ångström Unit\n",
        ".. term-card:: Banana Term\n",
    ),
    Edit(
        "glossary.rst",
        "      A term of Sphinx's own glossary directive.\n",
        "      A term of Sphinx's own glossary directive.\n\n"
        "   Delta Classic\n      Another term.\n",
    ),
]


@pytest.mark.sphinx("html", testroot="index", srcdir="incremental-index-pages", freshenv=True)
def test_index_pages_rewritten(app_params: AppParams, make_app: MakeApp) -> None:
    args, kwargs = app_params
    src: Path = kwargs["srcdir"]
    first = make_app(*args, **kwargs)
    first.build()
    assert "Zeta" in groups_of(index_of(first.outdir / "full.html"))["Z"]
    for edit in INDEX_EDITS:
        edit.apply(src)

    incremental = make_app(*args, **{**kwargs, "freshenv": False})
    incremental.build()
    # only the edited files are read again ...
    assert "2 changed" in status_of(incremental)
    fresh = make_app(*args, **{**kwargs, "builddir": src.parent / "incremental-index-fresh"})
    fresh.build()

    # ... yet the pages that show the index equal a fresh build's
    groups = groups_of(index_of(incremental.outdir / "full.html"))
    assert groups["B"] == ["Banana Term"]
    assert "Echo Renamed" in groups["E"]
    assert "Z" not in groups
    assert "Delta Classic" in groups["D"]
    for page in ("full.html", "filtered.html", "myst.html", "glossterms-index.html"):
        assert (incremental.outdir / page).read_bytes() == (fresh.outdir / page).read_bytes(), page


@pytest.mark.sphinx("html", testroot="graph-nodot", srcdir="incremental-graph-nodot", freshenv=True)
def test_graph_page_rewritten(app_params: AppParams, make_app: MakeApp) -> None:
    args, kwargs = app_params
    src: Path = kwargs["srcdir"]
    (src / "other.rst").write_text("Other\n=====\n\nNothing yet.\n", encoding="utf-8")
    make_app(*args, **kwargs).build()
    # a card on another page relates to Island: the graph page must show it
    (src / "other.rst").write_text(
        "Other\n=====\n\n.. term-card:: Newcomer\n   :related: Island\n\n   New.\n",
        encoding="utf-8",
    )
    incremental = make_app(*args, **{**kwargs, "freshenv": False})
    incremental.build()
    fresh = make_app(*args, **{**kwargs, "builddir": src.parent / "incremental-graph-fresh"})
    fresh.build()
    page = (incremental.outdir / "index.html").read_bytes()
    assert "Newcomer" in soup(incremental.outdir / "index.html").select_one(".glossary-graph").text
    assert page == (fresh.outdir / "index.html").read_bytes()
    # the graph's warning (no dot) is repeated by the rewrite of index.rst
    found = warnings_of(incremental.warning.getvalue())
    assert [typ for _, _, typ in found if typ.startswith("glossterms")] == ["glossterms.graph"]
