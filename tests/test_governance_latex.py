"""LaTeX/PDF (DESIGN §6): real PDFs built with latexmk, read back with pdftotext.

Skipped where ``latexmk`` or ``pdftotext`` is missing (Debian: ``latexmk``,
``texlive-latex-recommended``, ``texlive-latex-extra``, ``poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"

pytestmark = pytest.mark.skipif(
    shutil.which("latexmk") is None or shutil.which("pdftotext") is None,
    reason="needs latexmk and pdftotext",
)


def build_pdf(app: SphinxTestApp) -> str:
    """Build the LaTeX output of ``app`` with Sphinx's own Makefile; the PDF's text.

    ``-layout`` keeps each line of the page together, so an entry and its page
    numbers stay on one line.
    """
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (pdf,) = outdir.glob("*.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return text


def pages(text: str) -> list[str]:
    """The PDF's text page by page (pdftotext ends each page with a form feed)."""
    return text.split("\f")


@pytest.fixture(scope="module")
def governance_pdf(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> Iterator[str]:
    srcdir = tmp_path_factory.mktemp("latex") / "governance"
    shutil.copytree(rootdir / "test-governance-rst", srcdir)
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        yield build_pdf(app)
    finally:
        app.cleanup()


def test_pdf_has_the_cards(governance_pdf: str) -> None:
    for name in ("Hypothalamic-Pituitary-Gonadal Axis", "Dehydroepiandrosterone"):
        assert name in governance_pdf
    assert "Mentioned in" in governance_pdf
    assert "GLOSSARY INDEX" in governance_pdf.upper()
