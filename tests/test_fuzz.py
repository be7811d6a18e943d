"""Random author input through real builds: no crash, escaped output, located warnings.

Each example writes a small project (reST or MyST pages of term cards with
random names, aliases, option values and bodies, a glossary graph and index)
next to the conf.py of ``tests/roots/test-fuzz`` and builds it with Sphinx's
test app, the graph drawn as SVG or PNG: to HTML, and with one more builder
drawn from all the others; the hand-written examples build every builder.
Every builder that writes HTML (html, dirhtml, singlehtml, epub) has every
output a name reaches checked: page text, ``title``/``alt``/``aria-*``
attributes, preview data, JSON-LD, ``glossterms.json``, the graph's text
alternative, SVG and image map; names and summaries decode exactly, and every
link to a term (pages, previews, export, graph) leads to its anchor. The other
builders' output is parsed where it has a syntax.
For a longer run: ``GLOSSTERMS_FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain
from sphinx_glossterms.messages import LABEL_GRAPH
from sphinx_glossterms.names import sort_key

from helpers import page_previews, plain, shared_previews

ROOT = Path(__file__).parent / "roots" / "test-fuzz"
PAYLOAD = '<script>alert("xss")</script>'
ATTR_PAYLOAD = '" onmouseover="alert(1)'
ENTITIES = "R &amp; D &#65; &lt;b&gt; \\N \\l"

# One line of text: no control characters, line or paragraph separators.
_chars = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
_markup = st.sampled_from(
    [
        PAYLOAD,
        ATTR_PAYLOAD,
        "</script>",
        "<!--",
        "&amp;",
        "&#65;",
        "&",
        "<b>",
        "*",
        "**",
        "`",
        "``",
        "_",
        "|",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        "\\",
        "\\N",
        "'",
        '"',
        "C++",
        "HPG (axis)",
        "Σύνδρομο",
        "テストステロン",
        "😀",
        "é",
        "e\u0301",
        "\u200b",
        ":term:`x`",
        "{term}`x`",
        ".. ",
        "-- ",
    ]
)
_word = st.one_of(st.text(_chars, min_size=1, max_size=12), _markup)
line = st.lists(_word, min_size=1, max_size=6).map(" ".join)
huge = st.integers(min_value=500, max_value=5000).map(lambda n: ("Hormone " * n)[:n])


@dataclass
class Card:
    name: str
    aliases: list[str]
    related: list[str]
    categories: list[str]
    summary: str | None
    no_autolink: bool
    body: str
    origin: str | None
    section: tuple[str, str] | None


@st.composite
def cards(draw: st.DrawFn, others: list[str]) -> Card:
    name = draw(st.one_of(line, huge, st.sampled_from(others or ["Term"])))
    known = st.sampled_from(others) if others else line
    return Card(
        name=name,
        aliases=draw(st.lists(line, max_size=3)),
        related=draw(st.lists(st.one_of(line, known), max_size=3)),
        categories=draw(st.lists(line, max_size=2)),
        summary=draw(st.none() | line),
        no_autolink=draw(st.booleans()),
        # mention other terms so the autolinker has work to do
        body=draw(st.lists(st.one_of(line, known), min_size=0, max_size=4).map(" ".join)),
        origin=draw(st.none() | line),
        section=draw(st.none() | st.tuples(line, line)),
    )


def _options(card: Card) -> list[str]:
    options = [
        f":aliases: {', '.join(card.aliases)}",
        f":related: {', '.join(card.related)}",
        f":category: {', '.join(card.categories)}",
    ]
    if card.summary is not None:
        options.append(f":summary: {card.summary}")
    if card.no_autolink:
        options.append(":no-autolink:")
    return options


def render_rst(card: Card) -> str:
    out = [f".. term-card:: {card.name}", *("   " + o for o in _options(card)), ""]
    out += [f"   {card.body}", ""]
    if card.origin is not None:
        out += ["   .. term-origin::", "", f"      {card.origin}", ""]
    if card.section is not None:
        title, text = card.section
        out += [f"   .. term-section:: {title}", "", f"      {text}", ""]
    return "\n".join(out) + "\n"


def render_md(card: Card) -> str:
    out = [f"::::{{term-card}} {card.name}", *_options(card), "", card.body, ""]
    if card.origin is not None:
        out += [":::{term-origin}", card.origin, ":::", ""]
    if card.section is not None:
        title, text = card.section
        out += [f":::{{term-section}} {title}", text, ":::", ""]
    out += ["::::", ""]
    return "\n".join(out)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    """``{filename: source}``: one to three pages of one to four cards each."""
    names: list[str] = []
    pages: dict[str, str] = {}
    for number in range(draw(st.integers(1, 3))):
        suffix = draw(st.sampled_from(["rst", "md"]))
        render = render_rst if suffix == "rst" else render_md
        title = f"Page {number}\n{'=' * 20}\n\n" if suffix == "rst" else f"# Page {number}\n\n"
        blocks = []
        for _ in range(draw(st.integers(1, 4))):
            card = draw(cards(names))
            names.append(card.name)
            blocks.append(render(card))
        prose = draw(st.lists(st.one_of(line, st.sampled_from(names)), max_size=3))
        pages[f"page-{number}.{suffix}"] = title + "\n".join(blocks) + " ".join(prose) + "\n"
    return pages


# A warning record starts at a line holding "WARNING:" or "ERROR:"; it is
# located when it starts with "<file>:<line>: " or "<file>: ".
_RECORD_START = re.compile(r"^.*?\b(WARNING|ERROR|CRITICAL): ", re.M)
_LOCATED = re.compile(r"^\S+\.(rst|md)(:\d+)?: (WARNING|ERROR|CRITICAL): ")


def _records(text: str) -> list[str]:
    plain_text = plain(text)
    starts = [m.start() for m in _RECORD_START.finditer(plain_text)]
    ends = [*starts[1:], len(plain_text)] if starts else []
    return [plain_text[a:b] for a, b in zip(starts, ends, strict=True)]


#: Every builder of DESIGN §1 but HTML, which every example builds.
OTHER_BUILDERS = [
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "texinfo",
    "text",
    "man",
    "xml",
    "gettext",
]


def check_markup(html: BeautifulSoup, where: str) -> None:
    """No element or attribute that a name could have injected."""
    for script in html.find_all("script"):
        if script.get("src"):
            continue
        text = script.string or ""
        if script.get("type", "").endswith("json"):
            json.loads(text)  # the data did not break out of its element
        else:
            assert "xss" not in text, f"{where}: injected script {text[:200]!r}"
    for element in html.find_all(True):
        handlers = [a for a in element.attrs if a.lower().startswith("on")]
        assert not handlers, f"{where}: event handler {handlers} on {element.name}"
    for element in html.find_all(["img", "iframe", "object", "embed"]):
        # only the graph draws pictures; none comes from a name
        assert element.find_parent(class_="glossary-graph"), f"{where}: {element}"


#: Text of the generated markup that a name could have: a value holding any of
#: it must decode to exactly what the extension put there.
_MARKUP_LIKE = ("<", ">", "&", '"', "'")


@dataclass
class Expected:
    """What the HTML outputs of one project must show."""

    names: set[str]
    summaries: set[str]

    @property
    def graph_alt(self) -> str:
        """The graph of ``index`` draws every term (all are cards), sorted by name."""
        return f"{LABEL_GRAPH}: " + ", ".join(sorted(self.names, key=sort_key))


class Pages:
    """The HTML files of one output and the ids each defines, to follow links."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._ids: dict[Path, set[str]] = {}

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            self._ids[path] = {str(e["id"]) for e in html.find_all(id=True)}
        return self._ids[path]

    def check_link(self, source: Path, href: str, where: str) -> None:
        """``href`` (relative to the file ``source``) names an id of an existing page."""
        page, _, fragment = unquote(href).partition("#")
        assert fragment, f"{where}: link without an anchor: {href!r}"
        target = (source.parent / page).resolve() if page else source
        if page.endswith("/") or target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"{where}: {href!r} leads to no page"
        assert fragment in self.ids(target), f"{where}: {href!r}: no such anchor"


def check_attributes(html: BeautifulSoup, where: str, allowed: set[str]) -> None:
    """``title``, ``alt`` and ``aria-*`` values that look like markup decode to a name,
    a summary or the graph's text alternative, exactly (never double-escaped, never
    cut by an injected quote)."""
    for element in html.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute not in {"title", "alt"} and not attribute.startswith("aria-"):
                continue
            if isinstance(value, str) and any(c in value for c in _MARKUP_LIKE):
                assert value in allowed, f"{where}: {element.name}[{attribute}]={value!r}"


def check_graph(html: BeautifulSoup, page: Path, pages: Pages, expected: Expected) -> None:
    """The graph: text alternative, image map (PNG) or SVG, names exact, links followed."""
    for graph in html.select(".glossary-graph"):
        for image in graph.select("img"):
            assert image["alt"] == expected.graph_alt, f"{page.name}: graph alt"
        for spot in graph.select("map area"):
            assert spot.get("title", "") in expected.summaries | expected.names | {""}
            if spot.get("href"):
                pages.check_link(page, spot["href"], f"{page.name} image map")
        for picture in graph.select("object"):
            assert picture["aria-label"] == str(LABEL_GRAPH)
            # the fallback text where the SVG does not load
            assert picture.get_text(strip=True) == expected.graph_alt, f"{page.name}: fallback"
            svg_file = (page.parent / unquote(picture["data"])).resolve()
            svg = BeautifulSoup(svg_file.read_text("utf-8"), "html.parser")
            check_markup(svg, svg_file.name)
            labels = {t.get_text() for t in svg.find_all(lambda t: t.name.endswith("text"))}
            assert labels == expected.names, f"{svg_file.name}: labels"
            for link in svg.find_all(lambda t: t.name.split(":")[-1] == "a"):
                attributes = {k.split(":")[-1]: v for k, v in link.attrs.items()}
                assert attributes["title"] in expected.summaries | expected.names
                pages.check_link(svg_file, attributes["href"], f"{svg_file.name}")


def check_html(buildername: str, outdir: Path, expected: Expected) -> None:
    """Every HTML output a name reaches, for every builder that writes HTML: names
    and summaries survive exactly, markup never leaks, and every link to a term
    leads to its anchor."""
    web = buildername != "epub"  # e-books get no export, preview data or JSON-LD
    names, summaries = expected.names, expected.summaries
    pages = Pages(outdir)
    if web:
        export = json.loads((outdir / "glossterms.json").read_text("utf-8"))
        assert {t["name"] for t in export["terms"]} == names
        assert {t["summary"] for t in export["terms"]} == summaries
        shared = shared_previews(outdir)
        assert shared is not None
        assert {p["name"] for p in shared.values()} == names
        assert {p["summary"] for p in shared.values()} == summaries
        root = outdir / "index.html"
        for term in export["terms"]:  # URLs relative to the output root
            pages.check_link(root, term["url"], f"glossterms.json {term['name']!r}")
    allowed = names | summaries | {expected.graph_alt}
    files = sorted(p for p in outdir.rglob("*") if p.suffix in {".html", ".xhtml"})
    assert files, f"{buildername} wrote no page"
    graphs = 0
    for page in files:
        where = str(page.relative_to(outdir))
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        check_markup(html, where)
        check_attributes(html, where, allowed)
        check_graph(html, page, pages, expected)
        graphs += len(html.select(".glossary-graph img, .glossary-graph object"))
        for permalink in html.select(".term-card-title a.headerlink"):
            permalink.decompose()
        titles = {t.get_text() for t in html.select(".term-card-title")}
        assert titles <= names, f"{where}: {titles - names}"
        for link in html.select("a.glossterm-link"):
            assert link.get_text()
            pages.check_link(page, link["href"], f"{where}: link {link.get_text()!r}")
            if link.get("title"):  # the attribute decodes to the summary exactly
                assert link["title"] in summaries, (where, link["title"])
        if web:  # what the script offers: shared data, URLs from the page's own links
            for preview in page_previews(outdir, where).values():
                assert preview["name"] in names, (where, preview["name"])
                assert preview["summary"] in summaries, (where, preview["summary"])
                pages.check_link(page, preview["url"], f"{where}: preview data")
        for jsonld in html.select('script[type="application/ld+json"]'):
            defined = json.loads(jsonld.string or "{}")["hasDefinedTerm"]
            assert {t["name"] for t in defined} <= names
            assert {t.get("description", "") for t in defined} <= summaries | {""}
    if names and shutil.which("dot"):
        assert graphs, f"{buildername}: the graph was not drawn"


def check_other(buildername: str, outdir: Path) -> None:
    """The builders that do not write HTML wrote output, parseable where it has a syntax."""
    files = [p for p in outdir.rglob("*") if p.is_file()]
    assert files, f"{buildername} wrote nothing"
    for path in files:
        if path.suffix == ".xml":
            ElementTree.parse(path)


#: Builders whose pages are HTML (checked like ``html``).
HTML_BUILDERS = {"html", "dirhtml", "singlehtml", "epub"}


def build(
    pages: dict[str, str], buildernames: list[str], image_format: str = "png"
) -> tuple[Path, dict[str, str], Expected]:
    """Build the project with each builder: (folder, warnings per builder, what HTML
    outputs must show)."""
    tmp = Path(tempfile.mkdtemp(prefix="glossterms-fuzz-"))
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    for filename, text in pages.items():
        (src / filename).write_text(text, encoding="utf-8")
    warnings: dict[str, str] = {}
    expected = Expected(set(), set())
    for buildername in ["html", *buildernames]:
        warning = StringIO()
        app = SphinxTestApp(
            buildername,
            srcdir=src,
            builddir=src / "_build" / buildername,
            status=StringIO(),
            warning=warning,
            freshenv=True,
            confoverrides={"graphviz_output_format": image_format},
        )
        try:
            app.build()  # an exception here is a crash on author input
            if buildername == "html":
                terms = get_domain(app.env).glossary.terms.values()
                expected = Expected(
                    {t.record.name for t in terms}, {t.record.summary for t in terms}
                )
        finally:
            app.cleanup()
        warnings[buildername] = warning.getvalue()
    return tmp, warnings, expected


#: Hostile names, aliases, summaries and bodies; built with every builder.
HOSTILE_PROJECT = {
    "page-0.rst": "Page\n====\n\n"
    + render_rst(
        Card(
            PAYLOAD,
            [ATTR_PAYLOAD, "C++"],
            ["C++", "nope"],
            ["<b>"],
            PAYLOAD,
            False,
            f"Mentions C++ and {ATTR_PAYLOAD}.",
            PAYLOAD,
            ("<i>", PAYLOAD),
        )
    )
    + render_rst(Card("C++", [], [PAYLOAD], [], None, False, PAYLOAD, None, None))
    # graphviz reads entities and backslash escapes in labels and tooltips
    + render_rst(Card(ENTITIES, [], ["C++"], [], ENTITIES, False, "x", None, None)),
    "page-1.md": "# Page\n\n"
    + render_md(Card(PAYLOAD, ["😀"], [], [], None, True, "😀 C++", None, None)),
}


@settings(
    max_examples=int(os.environ.get("GLOSSTERMS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    # no shrinking: a failure is reported as found, within the time budget
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    pages=projects(),
    other=st.sampled_from(OTHER_BUILDERS),
    image_format=st.sampled_from(["svg", "png"]),
)
@example(pages=HOSTILE_PROJECT, other="all", image_format="svg")
@example(pages=HOSTILE_PROJECT, other="all", image_format="png")
def test_random_projects_build_cleanly(
    pages: dict[str, str], other: str, image_format: str
) -> None:
    tmp, warnings, expected = build(
        pages, OTHER_BUILDERS if other == "all" else [other], image_format
    )
    try:
        for buildername, text in warnings.items():
            assert "Traceback" not in text, (buildername, text)
            for record in _records(text):
                if "[glossterms" in record:
                    assert _LOCATED.match(record), f"warning without a location: {record!r}"
        build_dir = tmp / "src" / "_build"
        for buildername in warnings:
            outdir = build_dir / buildername / buildername
            if buildername in HTML_BUILDERS:
                check_html(buildername, outdir, expected)
            else:
                check_other(buildername, outdir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
