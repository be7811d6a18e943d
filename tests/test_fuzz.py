"""Random author input through real builds: no crash, escaped output, located warnings.

Each example writes a small project (reST or MyST pages of term cards with
random names, aliases, option values and bodies) next to the conf.py of
``tests/roots/test-fuzz`` and builds it with Sphinx's test app. For a longer
run: ``GLOSSTERMS_FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py``.
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

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

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
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    starts = [m.start() for m in _RECORD_START.finditer(plain)]
    ends = [*starts[1:], len(plain)] if starts else []
    return [plain[a:b] for a, b in zip(starts, ends, strict=True)]


def check_html(outdir: Path) -> None:
    for page in outdir.glob("*.html"):
        raw = page.read_text(encoding="utf-8")
        html = BeautifulSoup(raw, "html.parser")
        for script in html.find_all("script"):
            if script.get("src"):
                continue
            text = script.string or ""
            if script.get("type", "").endswith("json"):
                json.loads(text)  # the data did not break out of its element
            else:
                assert "xss" not in text, f"{page.name}: injected script {text[:200]!r}"
        for element in html.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{page.name}: event handler {handlers} on {element.name}"


def build(pages: dict[str, str]) -> tuple[Path, str]:
    tmp = Path(tempfile.mkdtemp(prefix="glossterms-fuzz-"))
    src = tmp / "src"
    shutil.copytree(ROOT, src)
    for filename, text in pages.items():
        (src / filename).write_text(text, encoding="utf-8")
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warning, freshenv=True)
    try:
        app.build()  # an exception here is a crash on author input
    finally:
        app.cleanup()
    return tmp, warning.getvalue()


@settings(
    max_examples=int(os.environ.get("GLOSSTERMS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    # no shrinking: a failure is reported as found, within the time budget
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pages=projects())
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
    }
)
def test_random_projects_build_cleanly(pages: dict[str, str]) -> None:
    tmp, warnings = build(pages)
    try:
        assert "Traceback" not in warnings, warnings
        check_html(tmp / "src" / "_build" / "html")
        for record in _records(warnings):
            if "[glossterms" in record:
                assert _LOCATED.match(record), f"warning without a location: {record!r}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
