"""Small helpers shared by the tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

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


#: What ``_static/glossterms-previews.js`` holds: one assignment of a JSON object.
SHARED_PREVIEWS_RE = re.compile(r"\Awindow\.glosstermsPreviews=(\{.*\});\n\Z", re.S)


def shared_previews(outdir: Path) -> dict[str, Any] | None:
    """The previews shared by every page, checked and parsed (None: no file)."""
    path = Path(outdir) / "_static" / "glossterms-previews.js"
    if not path.is_file():
        return None
    match = SHARED_PREVIEWS_RE.match(path.read_text(encoding="utf-8"))
    assert match is not None, "the shared previews are one assignment"
    assert not set("<>&") & set(match[1])  # as in an inline script
    data: dict[str, Any] = json.loads(match[1])
    return data


def page_previews(outdir: Path, page: str) -> dict[str, Any]:
    """What ``glossterms.js`` offers on ``page``, worked out as it does: the shared
    data with the page's own (other projects' terms) laid over it, for the terms
    the page links to, each with the ``href`` of the page's first link to it as
    ``url`` and only the related terms the page also links to."""
    html = soup(Path(outdir) / page)
    terms = dict(shared_previews(outdir) or {})
    own = html.find(id="glossterms-previews")
    if own is not None:
        terms.update(json.loads(own.string or "{}"))
    hrefs: dict[str, str] = {}
    for link in html.select("a.glossterm-link"):
        anchor = unquote(link["href"].rpartition("#")[2]) if "#" in link["href"] else None
        if anchor is not None and anchor in terms:
            hrefs.setdefault(anchor, link["href"])
    return {
        anchor: {
            "name": terms[anchor]["name"],
            "summary": terms[anchor]["summary"],
            "categories": terms[anchor].get("categories", []),
            "url": terms[anchor].get("url", href),
            "related": [r for r in terms[anchor].get("related", []) if r in hrefs],
        }
        for anchor, href in hrefs.items()
    }


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
    """Every HTML page (and the JSON export, the review file of automatic links
    and the shared previews) of a build, by relative path."""
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if (p.suffix in {".html", ".json", ".csv"} and "_static" not in p.parts)
        or p.name == "glossterms-previews.js"
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
