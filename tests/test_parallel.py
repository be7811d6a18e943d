"""``-j 2`` gives exactly the serial output: pages, links, blocks and warnings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.parallel import parallel_available

from helpers import glossterms_warnings, html_pages

ROOTS = Path(__file__).parent / "roots"

pytestmark = pytest.mark.skipif(not parallel_available, reason="needs fork")


def test_parallel_equals_serial(make_app: Any, tmp_path: Path) -> None:
    root = "test-incremental-terms"  # more than 5 documents: Sphinx reads in parallel
    serial_src, parallel_src = tmp_path / "serial", tmp_path / "parallel"
    for src in (serial_src, parallel_src):
        shutil.copytree(ROOTS / root, src, ignore=shutil.ignore_patterns("_build"))
    serial = make_app("html", srcdir=serial_src, freshenv=True)
    serial.build()
    parallel = make_app("html", srcdir=parallel_src, freshenv=True, parallel=2)
    parallel.build()

    assert len(serial.env.found_docs) > 5
    got, expected = html_pages(parallel.outdir), html_pages(serial.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert glossterms_warnings(parallel) == glossterms_warnings(serial)
