"""Two identical fresh builds give byte-identical output.

Each build runs in its own process with a different ``PYTHONHASHSEED``, from its
own copy of the sources, so set/dict ordering, absolute paths or timestamps
leaking into the output show up as differences.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import html_tree

EXAMPLE_DOCS = Path(__file__).parent.parent / "example_docs"


def _build(base: Path, seed: str) -> Path:
    src = base / "src"
    shutil.copytree(EXAMPLE_DOCS, src, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(EXAMPLE_DOCS.parent / "CHANGELOG.md", base)  # usage/changelog.md
    out = base / "html"
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("GLOSSTERMS_THEME", None)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(src), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first = _build(tmp_path_factory.mktemp("first"), "1")
    second = _build(tmp_path_factory.mktemp("second"), "2")
    return first, second


def _assert_same(name: str, one: bytes, two: bytes) -> None:
    if one == two:
        return
    diff = difflib.unified_diff(
        one.decode("utf-8", "replace").splitlines(),
        two.decode("utf-8", "replace").splitlines(),
        "first/" + name,
        "second/" + name,
        lineterm="",
        n=1,
    )
    pytest.fail("\n".join(list(diff)[:40]))


def test_html_is_byte_identical(builds: tuple[Path, Path]) -> None:
    first, second = (
        {k: v for k, v in html_tree(out).items() if k.endswith(".html")} for out in builds
    )
    assert first, "no HTML written"
    assert sorted(first) == sorted(second)
    for name in first:
        _assert_same(name, first[name], second[name])


def test_search_index_is_byte_identical(builds: tuple[Path, Path]) -> None:
    one, two = ((out / "searchindex.js").read_bytes() for out in builds)
    _assert_same("searchindex.js", one, two)


def test_json_export_is_byte_identical(builds: tuple[Path, Path]) -> None:
    one, two = (out / "glossterms.json" for out in builds)
    if not one.exists():
        pytest.skip("glossterms.json is not written yet (the JSON export is pending)")
    _assert_same("glossterms.json", one.read_bytes(), two.read_bytes())
