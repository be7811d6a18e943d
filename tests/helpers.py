"""Small helpers shared by the tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

#: The ``make_app`` fixture of ``sphinx.testing.fixtures``.
MakeApp = Callable[..., SphinxTestApp]
#: The ``app_params`` fixture: the ``sphinx`` marker's (args, kwargs), root copied.
AppParams = tuple[Sequence[Any], dict[str, Any]]

WARNING_RE = re.compile(r"^(?P<loc>\S*): WARNING: (?P<msg>.*?) \[(?P<type>[\w.]+)\]$", re.M)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def index_of(path: Path) -> BeautifulSoup:
    return soup(path).select_one(".glossary-index")


def groups_of(index: Any) -> dict[str, list[str]]:
    """Letter -> entry labels, in page order."""
    return {
        group.select_one(".glossary-index-heading").get_text(strip=True): [
            entry.select_one("a").get_text(strip=True)
            for entry in group.select(".glossary-index-entry")
        ]
        for group in index.select(".glossary-index-group")
    }


def plain(text: str) -> str:
    """Sphinx's console output without colours, one line per progress step."""
    return strip_escape_sequences(text).replace("\r", "\n")


def status_of(app: Any) -> str:
    """A test app's status output, :func:`plain`."""
    return plain(app.status.getvalue())


def warnings_of(text: str) -> list[tuple[str, str, str]]:
    """(location, message, type) of each typed warning line; colours stripped."""
    plain_text = plain(text)
    return [(m["loc"], m["msg"], m["type"]) for m in WARNING_RE.finditer(plain_text)]


def html_tree(outdir: Path) -> dict[str, bytes]:
    """Every HTML page (and the JSON export and the review file of automatic
    links) of a build, by relative path."""
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.suffix in {".html", ".json", ".csv"} and "_static" not in p.parts
    }


def html_pages(outdir: Path) -> dict[str, bytes]:
    """Every HTML page of a build, by relative path."""
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


def glossterms_warnings(app: Any) -> list[str]:
    """Our warnings of a test app, sorted, with the source folder elided."""
    text = app.warning.getvalue().replace(str(app.srcdir), "<src>")
    return sorted(line for line in text.splitlines() if "glossterms." in line)


def root_params(
    prefix: str, roots: Iterable[str | ParameterSet], buildername: str = "html"
) -> list[ParameterSet]:
    """One ``pytest.param`` per test root, each with its own ``sphinx`` marker.

    ``srcdir=f"{prefix}-{root}"`` makes the marker copy the root into a folder
    of its own (Sphinx's ``app_params``), so a test may edit the sources and
    build them several times; ``freshenv`` so nothing comes from another test.
    A root given as ``pytest.param("x", marks=...)`` keeps its marks.
    """
    params = []
    for root in roots:
        marks: list[Any] = []
        if isinstance(root, ParameterSet):
            (value,), marks = root.values, list(root.marks)
            root = str(value)
        marker = pytest.mark.sphinx(
            buildername, testroot=root, srcdir=f"{prefix}-{root}", freshenv=True
        )
        params.append(pytest.param(root, marks=[*marks, marker], id=root))
    return params


def heading_text(card: Any) -> str:
    """A card's heading as shown, without its permalink (the "¶" link)."""
    title = card.find(class_="term-card-title")
    return "".join(
        t for t in title.find_all(string=True) if not t.find_parent(class_="headerlink")
    ).strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1 (never another host); yields the base URL,
    without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def build_in_themes(source: Path, root: Path, themes: Iterable[str]) -> Path:
    """``source`` built to HTML once per theme, at the same time: ``<root>/<theme>/``."""

    def command(theme: str) -> list[str]:
        doctrees = str(root / ".doctrees" / theme)
        return [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-D",
            f"html_theme={theme}",
            "-d",
            doctrees,
            str(source),
            str(root / theme),
        ]

    builds = {
        theme: subprocess.Popen(
            command(theme),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for theme in themes
    }
    for theme, process in builds.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{theme} build failed:\n{output}"
    return root
