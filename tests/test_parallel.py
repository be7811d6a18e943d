"""``-j 2`` gives exactly the serial output, for every scenario root.

Each root is copied once (the ``sphinx`` marker's ``srcdir=``) and built twice
from that copy into two build directories: serially, then with ``parallel=2``.
Sphinx reads in parallel only when more than five documents are outdated, so
orphan filler pages that mention nothing are added to roots that have fewer;
then each worker reads a share of the real pages and the main process merges
their domain data (``merge_domaindata``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from helpers import AppParams, MakeApp, glossterms_warnings, html_tree, root_params, warnings_of

pytestmark = pytest.mark.skipif(not parallel_available, reason="needs fork")

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz not installed")

#: Every scenario root with cross-document data.
ROOTS = [
    "autolink-myst",
    "autolink-rst",
    "bad-input",
    "cards",
    "export",
    pytest.param("graph", marks=needs_dot),
    "graph-nodot",
    "i18n",
    "incremental-terms",
    "index",
    "markup",
    "precision-myst",
    "precision-rst",
    "previews-basic",
]

#: More than five documents, so Sphinx reads in parallel; fillers sort last.
MIN_DOCS = 8
FILLER = ":orphan:\n\nFiller {n}\n{rule}\n\nA page for the parallel reader, {n}.\n"


def add_fillers(srcdir: Path) -> None:
    sources = [p for p in srcdir.rglob("*") if p.suffix in {".rst", ".md"}]
    for n in range(MIN_DOCS - len(sources)):
        title = f"Filler {n}"
        (srcdir / f"zz-filler-{n}.rst").write_text(
            FILLER.format(n=n, rule="=" * len(title)), encoding="utf-8"
        )


def objects(app: SphinxTestApp, domain: str) -> list[tuple[str, str, str, str, str, int]]:
    return sorted(app.env.get_domain(domain).get_objects())


@pytest.mark.parametrize("root", root_params("parallel", ROOTS))
def test_parallel_equals_serial(app_params: AppParams, make_app: MakeApp, root: str) -> None:
    args, kwargs = app_params
    srcdir: Path = kwargs["srcdir"]
    add_fillers(srcdir)
    serial = make_app(*args, **kwargs)
    serial.build()
    parallel = make_app(
        *args, **{**kwargs, "builddir": srcdir.parent / f"{srcdir.name}-j2", "parallel": 2}
    )
    parallel.build()

    assert len(serial.env.found_docs) >= MIN_DOCS  # Sphinx read in parallel
    assert parallel.outdir != serial.outdir
    got, expected = html_tree(parallel.outdir), html_tree(serial.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert (parallel.outdir / "objects.inv").read_bytes() == (
        serial.outdir / "objects.inv"
    ).read_bytes()
    assert glossterms_warnings(parallel) == glossterms_warnings(serial)
    # the same winners of duplicate names, the same terms for :term: and the index
    for domain in ("glossterms", "std"):
        assert objects(parallel, domain) == objects(serial, domain)


@pytest.mark.sphinx("html", testroot="bad-input", srcdir="parallel-bad-input-warnings")
def test_parallel_repeats_every_warning(app_params: AppParams, make_app: MakeApp) -> None:
    """The comparison above is not vacuous: the bad-input root warns a lot."""
    args, kwargs = app_params
    add_fillers(kwargs["srcdir"])
    parallel = make_app(*args, **{**kwargs, "parallel": 2})
    parallel.build()
    subtypes = {typ for _, _, typ in warnings_of(parallel.warning.getvalue())}
    assert {
        "glossterms.card",
        "glossterms.duplicate",
        "glossterms.alias",
        "glossterms.related",
        "glossterms.section",
    } <= subtypes
    # the duplicate "gamma" of dup_b.rst loses to dup_a.rst, as in document order
    gamma = {
        (docname, anchor)
        for name, _, typ, docname, anchor, _ in objects(parallel, "std")
        if typ == "term" and name.casefold() == "gamma"
    }
    assert gamma == {("dup_a", "term-gamma")}
