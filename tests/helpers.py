"""Small helpers shared by the tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

WARNING_RE = re.compile(r"^(?P<loc>\S*): WARNING: (?P<msg>.*?) \[(?P<type>[\w.]+)\]$", re.M)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings_of(text: str) -> list[tuple[str, str, str]]:
    """(location, message, type) of each typed warning line; colours stripped."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [(m["loc"], m["msg"], m["type"]) for m in WARNING_RE.finditer(plain)]


def html_tree(outdir: Path) -> dict[str, bytes]:
    """Every HTML page (and the JSON export) of a build, by relative path."""
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.suffix in {".html", ".json"} and "_static" not in p.parts
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
