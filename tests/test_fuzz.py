"""Random author input through real builds: no crash, escaped output, located warnings.

Each example writes a small project (reST or MyST pages of term cards with
random names, aliases, option values and bodies, a glossary graph and index)
next to the conf.py of ``tests/roots/test-fuzz`` and builds it with Sphinx's
test app: to HTML, whose every output a name reaches is checked (page text and
attributes, preview data, JSON-LD, ``glossterms.json``, the graph's SVG or
image map), and with one more builder drawn from all the others, whose output
is parsed where it has a syntax. The hand-written example builds every builder.
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
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import plain

ROOT = Path(__file__).parent / "roots" / "test-fuzz"
PAYLOAD = '<script>alert("xss")</script>'
ATTR_PAYLOAD = '" onmouseover="alert(1)'

# One line of text: no control characters, line or paragraph separators.
_chars = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
_markup = st.sampled_from(
    [
        PAYLOAD,
        ATTR_PAYLOAD,
        "</script>",
        "<!--",
        "&amp;",
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


def check_html(outdir: Path, names: set[str]) -> None:
    """Every HTML output a name reaches: names survive exactly, markup never leaks."""
    export = json.loads((outdir / "glossterms.json").read_text("utf-8"))
    assert {t["name"] for t in export["terms"]} == names
    summaries = {t["summary"] for t in export["terms"]}
    for page in outdir.glob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        check_markup(html, page.name)
        for permalink in html.select(".term-card-title a.headerlink"):
            permalink.decompose()
        titles = {t.get_text() for t in html.select(".term-card-title")}
        assert titles <= names, f"{page.name}: {titles - names}"
        for link in html.select("a.glossterm-link"):
            assert link.get_text()
            if link.get("title"):  # the attribute decodes to the summary exactly
                assert link["title"] in summaries, (page.name, link["title"])
        data = html.select_one("#glossterms-previews")
        if data is not None:
            previews = json.loads(data.string or "{}")
            assert {p["name"] for p in previews.values()} <= names
        for jsonld in html.select('script[type="application/ld+json"]'):
            defined = json.loads(jsonld.string or "{}")["hasDefinedTerm"]
            assert {t["name"] for t in defined} <= names
        for area in html.select("map area"):
            assert not [a for a in area.attrs if a.startswith("on")]
    for svg in outdir.glob("_images/*.svg"):
        check_markup(BeautifulSoup(svg.read_text("utf-8"), "html.parser"), svg.name)


def check_other(buildername: str, outdir: Path) -> None:
    """The other builders wrote output, parseable where it has a syntax."""
    files = [p for p in outdir.rglob("*") if p.is_file()]
    assert files, f"{buildername} wrote nothing"
    for path in files:
        if path.suffix == ".xml":
            ElementTree.parse(path)
        elif path.suffix in {".xhtml", ".html"}:
            check_markup(BeautifulSoup(path.read_text("utf-8"), "html.parser"), path.name)


def build(pages: dict[str, str], buildernames: list[str]) -> tuple[Path, dict[str, str], set[str]]:
    """Build the project with each builder: (folder, warnings per builder, term names)."""
    tmp = Path(tempfile.mkdtemp(prefix="glossterms-fuzz-"))
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    for filename, text in pages.items():
        (src / filename).write_text(text, encoding="utf-8")
    warnings: dict[str, str] = {}
    names: set[str] = set()
    for buildername in ["html", *buildernames]:
        warning = StringIO()
        app = SphinxTestApp(
            buildername,
            srcdir=src,
            builddir=src / "_build" / buildername,
            status=StringIO(),
            warning=warning,
            freshenv=True,
        )
        try:
            app.build()  # an exception here is a crash on author input
            if buildername == "html":
                names = {t.record.name for t in get_domain(app.env).glossary.terms.values()}
        finally:
            app.cleanup()
        warnings[buildername] = warning.getvalue()
    return tmp, warnings, names


@settings(
    max_examples=int(os.environ.get("GLOSSTERMS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    # no shrinking: a failure is reported as found, within the time budget
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pages=projects(), other=st.sampled_from(OTHER_BUILDERS))
@example(
    pages={
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
        + render_rst(Card("C++", [], [PAYLOAD], [], None, False, PAYLOAD, None, None)),
        "page-1.md": "# Page\n\n"
        + render_md(Card(PAYLOAD, ["😀"], [], [], None, True, "😀 C++", None, None)),
    },
    other="all",
)
def test_random_projects_build_cleanly(pages: dict[str, str], other: str) -> None:
    tmp, warnings, names = build(pages, OTHER_BUILDERS if other == "all" else [other])
    try:
        for buildername, text in warnings.items():
            assert "Traceback" not in text, (buildername, text)
            for record in _records(text):
                if "[glossterms" in record:
                    assert _LOCATED.match(record), f"warning without a location: {record!r}"
        build_dir = tmp / "src" / "_build"
        check_html(build_dir / "html" / "html", names)
        for buildername in warnings.keys() - {"html"}:
            check_other(buildername, build_dir / buildername / buildername)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
