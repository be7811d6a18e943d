"""Test sessions: the suite against each supported Sphinx line, lint, types, docs.

What CI runs (``.ci/run``): the README's ``python -m pytest`` (the newest line,
browser tests included), then every other line, lint, types and packaging::

    nox -t ci
    # = nox -s "tests(sphinx='7.4')" "tests(sphinx='8.1')" "tests(sphinx='8.2')" lint mypy package

``tests(sphinx='7.4')`` pins the lowest supported versions; browser tests run on
the newest line only, unless pytest arguments are given after ``--``::

    nox -s "tests(sphinx='8.2')" -- -k i18n
    nox -s docs locale snapshots

CONTRIBUTING.md explains each session.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "mypy", "docs"]

ROOT = Path(__file__).parent
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
VERSION = re.search(
    r'^__version__ = "(.+)"$', (ROOT / "sphinx_glossterms" / "__init__.py").read_text(), re.M
)[1]

#: Each supported Sphinx line with the docutils and MyST-Parser that go with it.
#: The oldest line uses the lowest versions pyproject.toml allows.
SPHINX_LINES: dict[str, list[str]] = {
    "7.4": ["sphinx~=7.4.0", "docutils~=0.20.0", "myst-parser~=3.0.0"],
    "8.1": ["sphinx~=8.1.0", "docutils~=0.21.0", "myst-parser~=4.0.0"],
    "8.2": ["sphinx~=8.2.0", "docutils~=0.21.0", "myst-parser~=4.0.0"],
    "9.0": ["sphinx~=9.0.0", "docutils~=0.22.0", "myst-parser~=5.0"],
}
OLDEST = "7.4"
NEWEST = "9.0"


#: Sessions tagged "ci" are what ``.ci/run`` runs after the README's pytest
#: command (which covers the newest line): every other line, so a line added to
#: ``SPHINX_LINES`` is tested in CI without editing the script.
CI_LINES = [nox.param(line, tags=[] if line == NEWEST else ["ci"]) for line in SPHINX_LINES]


@nox.session(python=PYTHON)
@nox.parametrize("sphinx", CI_LINES)
def tests(session: nox.Session, sphinx: str) -> None:
    """The test suite against one Sphinx line; pytest arguments after ``--``."""
    session.install("-e", ".[test]", *SPHINX_LINES[sphinx])
    session.run("python", "-m", "pip", "freeze", silent=False)
    # Browser tests exercise themes and JavaScript, not Sphinx: newest line only.
    args = session.posargs or ([] if sphinx == NEWEST else ["-m", "not browser"])
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *args)


@nox.session(python=PYTHON)
def snapshots(session: nox.Session) -> None:
    """Regenerate the doctree snapshots in ``tests/test_snapshots/``, then review ``git diff``."""
    session.install("-e", ".[test]", *SPHINX_LINES[NEWEST])
    session.run(
        "python",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_snapshots.py",
        "--regen-all",
        *session.posargs,
    )


@nox.session(python=PYTHON, tags=["ci"])
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting."""
    session.install("ruff~=0.17.5")  # pinned: new ruff releases bring new rules
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON, tags=["ci"])
def mypy(session: nox.Session) -> None:
    """mypy --strict over the package, against the newest and the oldest Sphinx's types."""
    for line in (NEWEST, OLDEST):
        session.install("-e", ".[test]", *SPHINX_LINES[line])
        session.run("mypy", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build example_docs, the user guide, with warnings as errors."""
    session.install("-e", ".[test]", *SPHINX_LINES[NEWEST])
    out = Path(session.create_tmp()) / "docs-html"
    shutil.rmtree(out, ignore_errors=True)
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "example_docs",
        str(out),
        *session.posargs,
    )


@nox.session(python=PYTHON, tags=["ci"])
def package(session: nox.Session) -> None:
    """Build sdist and wheel, check them, install the wheel alone, build the docs."""
    session.install("build", "twine")
    dist = Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), ".")
    files = sorted(str(p) for p in dist.iterdir())
    session.run("twine", "check", "--strict", *files)
    wheel = next(f for f in files if f.endswith(".whl"))
    # A fresh environment with the wheel (not the checkout) and MyST only.
    session.install(f"{wheel}[myst]")
    session.install("--force-reinstall", "--no-deps", wheel)  # when the venv is reused
    out = dist.parent / "package-html"
    shutil.rmtree(out, ignore_errors=True)
    with session.chdir(dist):  # so the checkout is not importable
        session.run(
            "python",
            "-c",
            "import sphinx_glossterms, sys; "
            "assert 'site-packages' in sphinx_glossterms.__file__, "
            "sphinx_glossterms.__file__; print(sphinx_glossterms.__file__)",
        )
        session.run(
            "sphinx-build",
            "-W",
            "--keep-going",
            "-b",
            "html",
            str(ROOT / "example_docs"),
            str(out),
        )


@nox.session(python=PYTHON)
def locale(session: nox.Session) -> None:
    """Refresh the message catalogs: extract labels, update .po, compile .mo.

    Translate new entries in ``locale/<lang>/LC_MESSAGES/sphinx_glossterms.po``,
    then run this session again; the compiled ``.mo`` files are committed.
    """
    session.install("babel>=2.13")
    loc = "sphinx_glossterms/locale"
    session.run(
        "pybabel",
        "extract",
        "-k",
        "_",
        "--no-default-keywords",
        "--no-location",
        "--sort-output",
        "--project=sphinx-glossterms",
        f"--version={VERSION}",
        "--msgid-bugs-address=https://example.invalid/sphinx-glossterms/issues",
        "--copyright-holder=sphinx-glossterms developers",
        "-o",
        f"{loc}/sphinx_glossterms.pot",
        "sphinx_glossterms",
    )
    session.run(
        "pybabel",
        "update",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        "-D",
        "sphinx_glossterms",
        "-i",
        f"{loc}/sphinx_glossterms.pot",
        "-d",
        loc,
    )
    session.run(
        "pybabel",
        "compile",
        "--statistics",
        "-D",
        "sphinx_glossterms",
        "-d",
        loc,
    )
