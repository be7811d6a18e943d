"""The distributions: what the wheel and the sdist contain, and their metadata.

Installing the wheel into a fresh environment and building the example docs
with it is ``nox -s package``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import sphinx_glossterms

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "sphinx_glossterms"

pytest.importorskip("build", reason="needs the `build` package (test extra)")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Without flit_core at hand, build fetches it into an isolated environment.
    isolation = ["--no-isolation"] if importlib.util.find_spec("flit_core") else []
    result = subprocess.run(
        [sys.executable, "-m", "build", *isolation, "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _package_files(pattern: str) -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }


def _wheel(dist: Path) -> zipfile.ZipFile:
    (wheel,) = dist.glob("sphinx_glossterms-*.whl")
    return zipfile.ZipFile(wheel)


def test_wheel_contents(dist: Path) -> None:
    names = set(_wheel(dist).namelist())
    expected = {
        "sphinx_glossterms/__init__.py",
        "sphinx_glossterms/py.typed",
        "sphinx_glossterms/static/glossterms.css",
        "sphinx_glossterms/locale/sphinx_glossterms.pot",
        "sphinx_glossterms/locale/de/LC_MESSAGES/sphinx_glossterms.po",
        "sphinx_glossterms/locale/de/LC_MESSAGES/sphinx_glossterms.mo",
    }
    # every module, static asset and catalog of the checkout ships
    expected |= _package_files("*.py") | _package_files("static/*")
    expected |= _package_files("locale/**/*")
    missing = expected - names
    assert not missing, f"missing from the wheel: {sorted(missing)}"
    # ... and nothing else: no tests, docs, caches or build debris
    stray = {
        n
        for n in names
        if not n.startswith(("sphinx_glossterms/", "sphinx_glossterms-"))
        or "__pycache__" in n
        or n.endswith(".pyc")
    }
    assert not stray, f"unexpected files in the wheel: {sorted(stray)}"


def test_every_catalog_is_compiled(dist: Path) -> None:
    names = set(_wheel(dist).namelist())
    po_files = {n for n in names if n.endswith(".po")}
    assert po_files
    assert {n.removesuffix(".po") + ".mo" for n in po_files} <= names


def test_wheel_metadata(dist: Path) -> None:
    wheel = _wheel(dist)
    (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    meta = Parser().parsestr(wheel.read(meta_name).decode("utf-8"))
    assert meta["Name"] == "sphinx-glossterms"
    assert meta["Version"] == sphinx_glossterms.__version__
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Summary"]
    classifiers = meta.get_all("Classifier") or []
    assert "Framework :: Sphinx :: Extension" in classifiers
    assert "Topic :: Documentation :: Sphinx" in classifiers
    assert "Typing :: Typed" in classifiers
    requires = meta.get_all("Requires-Dist") or []
    assert any(r.startswith("sphinx") and ">=7.4" in r for r in requires), requires
    assert any(r.startswith("docutils") for r in requires), requires
    assert meta.get_payload(), "the README is the long description"


def test_sdist_contents(dist: Path) -> None:
    (sdist,) = dist.glob("sphinx_glossterms-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    expected = {
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "noxfile.py",
        "tests/conftest.py",
        "example_docs/conf.py",
        "sphinx_glossterms/locale/de/LC_MESSAGES/sphinx_glossterms.mo",
    }
    assert expected <= names, sorted(expected - names)
    assert not {n for n in names if "__pycache__" in n or "/_build/" in n}
