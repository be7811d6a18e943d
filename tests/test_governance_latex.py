"""LaTeX/PDF (DESIGN §6): real PDFs built with latexmk, read back with pdftotext.

Skipped where ``latexmk`` or ``pdftotext`` is missing (Debian: ``latexmk``,
``texlive-latex-recommended``, ``texlive-latex-extra``, ``poppler-utils``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
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
    (tex,) = outdir.glob("*.tex")  # one LaTeX document; other PDFs are pictures
    pdf = tex.with_suffix(".pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return text


def joined(text: str) -> str:
    """The text as one line, words broken across lines by hyphenation joined again
    (a real hyphen at a line end is lost too; the checks below allow for it)."""
    return " ".join(re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text).split())


def pages(text: str) -> list[str]:
    """The PDF's text page by page (pdftotext ends each page with a form feed)."""
    return text.split("\f")


def printed_number(page: str) -> int | None:
    """The arabic page number in a page's footer (Sphinx's manual: "… 3" on odd and
    chapter pages, "4 Chapter 1. …" on even ones); None in the front matter."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    if not lines:
        return None
    footer = lines[-1]
    if match := re.fullmatch(r"(\d+)|(\d+)\s{2,}.*|.*\s{2,}(\d+)", footer):
        return int(next(group for group in match.groups() if group))
    return None


def printed_numbers(text: str) -> list[int | None]:
    """The printed page number of each page; they count up from 1 without gaps."""
    numbers = [printed_number(page) for page in pages(text)]
    arabic = [n for n in numbers if n is not None]
    assert arabic == list(range(1, len(arabic) + 1)), numbers
    return numbers


def page_of(text: str, needle: str, *, start: int = 0) -> int:
    """The printed number of the first page at or after ``start`` holding ``needle``."""
    numbers = printed_numbers(text)
    for index, page in enumerate(pages(text)):
        number = numbers[index]
        if number is not None and number >= start and needle in " ".join(page.split()):
            return number
    raise AssertionError(f"{needle!r} not in the PDF")


def pages_with(text: str, needles: tuple[str, ...]) -> set[int]:
    numbers = printed_numbers(text)
    return {
        number
        for page, number in zip(pages(text), numbers, strict=True)
        if number is not None and any(n in " ".join(page.split()) for n in needles)
    }


@pytest.fixture(scope="module")
def governance_pdf(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> str:
    srcdir = tmp_path_factory.mktemp("latex") / "governance"
    shutil.copytree(rootdir / "test-governance-rst", srcdir)
    app = SphinxTestApp(
        "latex",
        srcdir=srcdir,
        confoverrides={"glossterms_autolink": "all", "glossterms_expand_first_use": True},
    )
    try:
        text = build_pdf(app)
    finally:
        app.cleanup()  # before another app of this module registers its nodes
    return text


def test_pdf_has_the_cards(governance_pdf: str) -> None:
    for name in ("Hypothalamic-Pituitary-Gonadal Axis", "Dehydroepiandrosterone"):
        assert name in governance_pdf
    assert "Mentioned in" in governance_pdf


def test_mentioned_in_gives_the_page_of_each_card(governance_pdf: str) -> None:
    flat = " ".join(governance_pdf.split())
    # the card in extra3 mentions the axis; its page is where its title is
    signal_page = page_of(governance_pdf, "A signal of the pituitary gland")
    assert signal_page > 1  # not on the page of the axis's own card
    assert f"Pituitary Signal (page {signal_page})" in flat
    restoration_page = page_of(governance_pdf, "Returning hormone levels")
    assert f"Hormonal Restoration (page {restoration_page})" in flat


def title_pages(text: str, name: str) -> set[int]:
    """Printed numbers of the pages where ``name`` stands alone on a line (a card's title)."""
    numbers = printed_numbers(text)
    return {
        number
        for page, number in zip(pages(text), numbers, strict=True)
        if number is not None and any(line.strip() == name for line in page.splitlines())
    }


def assert_mentioned_in_pages_are_title_pages(text: str) -> int:
    """Every "Mentioned in" entry, "• Name (page N)", gives the page of the card's title,
    also for a card right after a page break (its label is not left on the page before).
    Returns how many entries were checked."""
    checked = 0
    for line in text.splitlines():
        match = re.search(r"•\s+(.+?) \(page (\d+)\)\s*$", line)
        if match is None:
            continue
        name, page = match[1], int(match[2])
        assert page in title_pages(text, name), (name, page, sorted(title_pages(text, name)))
        checked += 1
    return checked


def test_mentioned_in_pages_are_the_pages_of_the_titles(governance_pdf: str) -> None:
    assert assert_mentioned_in_pages_are_title_pages(governance_pdf) >= 2


def test_glossary_index_lists_the_pages_that_link_to_each_term(governance_pdf: str) -> None:
    index_page = page_of(governance_pdf, "Jump to letter")
    first = printed_numbers(governance_pdf).index(index_page)
    index_text = " ".join(" ".join(pages(governance_pdf)[first : first + 3]).split())
    match = re.search(r"Hypothalamic-Pituitary-Gonadal Axis — .*? Pages: ([\d, ]+)", index_text)
    assert match, index_text
    listed = [int(n) for n in match[1].replace(",", " ").split()]
    assert listed == sorted(set(listed))  # each page once, in order
    # the pages of the cards that link to it are there...
    assert page_of(governance_pdf, "A signal of the pituitary gland") in listed
    assert page_of(governance_pdf, "Returning hormone levels") in listed
    # ...and every listed page mentions the term (the long name, short form or alias)
    mentioning = pages_with(governance_pdf, ("HPG", "gonadal axis", "Gonadal Axis"))
    assert set(listed) <= mentioning
    # a term nothing links to lists no pages
    assert "Signal (C++) Binding —" in index_text
    assert not re.search(r"Signal \(C\+\+\) Binding — [^•]*Pages:", index_text)


def test_first_use_written_out_once_per_pdf(governance_pdf: str) -> None:
    flat = joined(governance_pdf)
    # one LaTeX document: the short form is written out once in the whole PDF
    # (apart from the author's own "Hypothalamic-Pituitary-Gonadal Axis (HPG)")
    assert flat.count("Gonadal Axis (HPG)") == 2
    assert flat.count("Dehydroepiandrosterone (DHEA)") == 1


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> str:
    srcdir = tmp_path_factory.mktemp("example-latex") / "docs"
    shutil.copytree(EXAMPLE_DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(EXAMPLE_DOCS.parent / "CHANGELOG.md", srcdir.parent)  # included
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        text = build_pdf(app)
        warnings = app.warning.getvalue()
    finally:
        app.cleanup()  # before another app of this module registers its nodes
    assert warnings == ""
    return text


def test_example_docs_pdf_page_numbers(example_pdf: str) -> None:
    flat = " ".join(example_pdf.split())
    # "Mentioned in": the page of each mentioning card
    for card, first_words in [
        ("HPG Axis Restoration", "A clinical strategy focused on re-establishing"),
        ("Drive Restoration Therapy", "A targeted clinical approach focused on"),
    ]:
        page = page_of(example_pdf, first_words)
        assert f"{card} (page {page})" in flat, card
    # the glossary index: the pages linking to the HPG axis card include the page of
    # the HPG Axis Restoration card, whose text mentions "HPG"
    match = re.search(r"Hypothalamic-Pituitary-Gonadal Axis — .*? Pages: ([\d, ]+)", flat)
    assert match
    listed = [int(n) for n in match[1].replace(",", " ").split()]
    assert page_of(example_pdf, "A clinical strategy focused on re-establishing") in listed
    assert set(listed) <= pages_with(example_pdf, ("HPG", "Gonadal Axis"))
    # every "Mentioned in" page is the page of the card's title (Hormone Optimization and
    # Motivational Axis Tuning start right after a page break)
    assert assert_mentioned_in_pages_are_title_pages(example_pdf) >= 8
    # the domain index ("Name (categories), page") gives the title's page too
    index_page = page_of(example_pdf, "GLOSSARY INDEX")
    index = pages(example_pdf)[printed_numbers(example_pdf).index(index_page)]
    listed = re.findall(r"^(\S[^\n]*?) \([^()\n]*\), (\d+)$", index, flags=re.MULTILINE)
    assert len(listed) >= 5
    for name, page in listed:
        assert int(page) in title_pages(example_pdf, name), (name, page)
    # the first mention of DHEA in the PDF is written out, and only that one (the
    # user guide quotes the written-out form)
    text = joined(example_pdf)
    assert "such as testosterone, Dehydroepiandrosterone (DHEA), and thyroid hormones" in text
    assert len(re.findall(r"(?<!“)Dehydroepiandrosterone \(DHEA\)", text)) == 1
