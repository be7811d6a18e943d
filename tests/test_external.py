"""Other projects' terms: ``glossterms_external`` and ``glossterms_external_intersphinx``.

The other project is a real build of ``tests/roots/test-interchange``; its
``glossterms.json`` and ``objects.inv`` are read from disk or served by an
``http.server`` on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from helpers import glossterms_warnings, html_pages, page_previews, soup, warnings_of
from helpers import serve as serve_folder

ROOTS = Path(__file__).parent / "roots"
ROOT = ROOTS / "test-external"
EXTERNAL = {"glossterm-link", "glossterm-external"}


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the other project's HTML build."""
    src = tmp_path_factory.mktemp("other") / "src"
    shutil.copytree(ROOTS / "test-interchange", src)
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def other_terms(other: Path) -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = json.loads((other / "glossterms.json").read_text("utf8"))["terms"]
    return terms


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1; yields the base URL with a trailing slash."""
    with serve_folder(folder) as url:
        yield f"{url}/"


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/glossterms.json"


def build(make_app: Any, src: Path, **conf: Any) -> Any:
    app = make_app("html", srcdir=src, confoverrides=conf)
    app.build()
    return app


def links(app: Any, page: str = "index.html") -> dict[str, Any]:
    """Links to terms on a page, by their text."""
    return {a.get_text(): a for a in soup(Path(app.outdir) / page).select("a.glossterm-link")}


def copy_root(tmp_path: Path, name: str = "src") -> Path:
    src = tmp_path / name
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build"))
    return src


# -- a glossterms.json ------------------------------------------------------------------


def test_json_terms_resolve_and_autolink(make_app: Any, tmp_path: Path, other: Path) -> None:
    app = build(
        make_app, copy_root(tmp_path), glossterms_external={"other": str(other / "glossterms.json")}
    )
    terms = {t["name"]: t for t in other_terms(other)}
    by_alias = {a: t for t in terms.values() for a in t["aliases"]}
    base = (other / "glossterms.json").parent.as_uri() + "/"
    found = links(app)

    # :term: to another project's alias, with its summary as the title
    explicit = found["hormone restoration"]
    term = by_alias["hormone restoration"]
    assert set(explicit["class"]) >= EXTERNAL
    assert "glossterm-autolink" not in explicit["class"]
    assert explicit["href"] == base + term["url"]
    assert explicit["title"] == term["summary"]
    # an automatic link to another project's term
    auto = found["HPG restoration"]
    assert set(auto["class"]) >= {*EXTERNAL, "glossterm-autolink"}
    assert auto["href"] == base + by_alias["HPG restoration"]["url"]
    # a local alias wins over the other project's name
    local = found["Hormonal Restoration"]
    assert "glossterm-external" not in local["class"]
    assert local["href"].startswith("cards.html#")
    assert "Hormonal Restoration" in terms  # the other project does define it

    # previews: the other project's summary, keyed by the anchor of the link
    previews = page_previews(Path(app.outdir), "index.html")
    anchor = auto["href"].rpartition("#")[2]
    assert previews[anchor]["summary"] == by_alias["HPG restoration"]["summary"]
    assert previews[anchor]["url"] == auto["href"]

    # other projects' terms are neither related to cards nor in the exports
    cards = soup(Path(app.outdir) / "cards.html")
    assert cards.select(".term-card a.glossterm-external")  # linked in the card ...
    assert not cards.select(".term-card-related")  # ... but not a related term
    exported = json.loads((Path(app.outdir) / "glossterms.json").read_text("utf8"))
    assert [t["name"] for t in exported["terms"]] == ["Local Term"]
    assert [w for w in glossterms_warnings(app) if "glossterms.external" in w] == []

    # MyST: {term} and automatic links alike
    myst = links(app, "myst.html")
    assert myst["cpp"]["href"] == base + by_alias["cpp"]["url"]
    assert set(myst["HPG Axis Restoration"]["class"]) >= {*EXTERNAL, "glossterm-autolink"}


def test_inventory_terms(make_app: Any, tmp_path: Path, other: Path) -> None:
    """An objects.inv: names and aliases grouped by URL; previews name the project."""
    app = build(
        make_app, copy_root(tmp_path), glossterms_external={"other": str(other / "objects.inv")}
    )
    base = other.as_uri() + "/"
    by_alias = {a: t for t in other_terms(other) for a in t["aliases"]}
    found = links(app)
    cpp = found["cpp"]
    term = by_alias["cpp"]
    assert set(cpp["class"]) >= EXTERNAL
    assert cpp["href"] == base + term["url"]
    # the term is named by its card's name, not the alias the inventory lists first
    assert cpp["title"] == f"{term['name']} (other)"
    assert found["HPG restoration"]["href"] == base + by_alias["HPG restoration"]["url"]


# -- over HTTP, with the cache ------------------------------------------------------------


def test_http_and_cache(make_app: Any, tmp_path: Path, other: Path) -> None:
    src = copy_root(tmp_path)
    with serve(other) as url:
        conf = {
            "extensions": ["sphinx.ext.intersphinx", "myst_parser", "sphinx_glossterms"],
            "glossterms_external": {"other": url + "glossterms.json"},
        }
        first = build(make_app, src, **conf)
        href = links(first)["HPG restoration"]["href"]
        assert href.startswith(url)
    # The server is gone: a fresh cache is used without asking (no warning) ...
    (src / "page1.rst").write_text((src / "page1.rst").read_text("utf8") + "\nEdited.\n")
    cached = build(make_app, src, **conf)
    assert [w for w in glossterms_warnings(cached) if "glossterms.external" in w] == []
    assert links(cached, "page1.html")["HPG Axis Restoration"]["href"] == href
    # ... a stale one is fetched again: one warning, and the cached copy still serves.
    (src / "page1.rst").write_text((src / "page1.rst").read_text("utf8") + "\nAgain.\n")
    stale = build(make_app, src, **conf, intersphinx_cache_limit=0)
    external = [w for w in glossterms_warnings(stale) if "glossterms.external" in w]
    assert len(external) == 1
    assert "cached" in external[0]
    assert links(stale, "page1.html")["HPG Axis Restoration"]["href"] == href


def test_unreachable_source(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, copy_root(tmp_path), glossterms_external={"gone": closed_port_url()})
    warnings = warnings_of(app.warning.getvalue())
    external = [(loc, msg) for loc, msg, kind in warnings if kind == "glossterms.external"]
    assert len(external) == 1
    assert "'gone'" in external[0][1]
    assert external[0][0].startswith(str(Path(app.srcdir) / "conf.py"))
    # the build went on; the reference is unresolved as without the source
    assert (Path(app.outdir) / "index.html").is_file()
    assert "glossterm-external" not in (Path(app.outdir) / "index.html").read_text("utf8")
    assert any(kind == "ref.term" and "cpp" in msg for _, msg, kind in warnings)


def test_bad_source(make_app: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "terms"}')
    app = build(make_app, copy_root(tmp_path), glossterms_external={"bad": str(bad)})
    external = [m for _, m, k in warnings_of(app.warning.getvalue()) if k == "glossterms.external"]
    assert len(external) == 1
    assert "terms" in external[0]


# -- intersphinx ------------------------------------------------------------------------


def test_intersphinx_inventories(make_app: Any, tmp_path: Path, other: Path) -> None:
    base = "https://other.example.invalid/docs/"
    app = build(
        make_app,
        copy_root(tmp_path),
        extensions=["sphinx.ext.intersphinx", "myst_parser", "sphinx_glossterms"],
        intersphinx_mapping={"other": (base, str(other / "objects.inv"))},
        glossterms_external_intersphinx=["other", "missing"],
    )
    by_alias = {a: t for t in other_terms(other) for a in t["aliases"]}
    found = links(app)
    assert found["cpp"]["href"] == base + by_alias["cpp"]["url"]
    assert set(found["HPG restoration"]["class"]) >= {*EXTERNAL, "glossterm-autolink"}
    assert "glossterm-external" not in found["Hormonal Restoration"]["class"]
    external = [m for _, m, k in warnings_of(app.warning.getvalue()) if k == "glossterms.external"]
    assert len(external) == 1
    assert "'missing'" in external[0]


# -- incremental and parallel -----------------------------------------------------------


def test_changed_source_incremental_equals_fresh(
    make_app: Any, tmp_path: Path, other: Path
) -> None:
    """Adding a term to the other project's file rewrites the pages that mention it."""
    source = tmp_path / "other.json"
    shutil.copyfile(other / "glossterms.json", source)
    conf = {"glossterms_external": {"other": str(source)}}
    src = copy_root(tmp_path)
    first = build(make_app, src, **conf)
    assert "Zebra Term" not in links(first, "page2.html")

    data = json.loads(source.read_text("utf8"))
    data["terms"].append(
        {
            "name": "Zebra Term",
            "aliases": [],
            "summary": "Striped.",
            "url": "z.html#term-zebra-term",
        }
    )
    source.write_text(json.dumps(data))
    updated = build(make_app, src, **conf)
    fresh = build(make_app, copy_root(tmp_path, "fresh"), **conf)

    assert links(updated, "page2.html")["Zebra Term"]["title"] == "Striped."
    got, expected = html_pages(updated.outdir), html_pages(fresh.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []


@pytest.mark.skipif(not parallel_available, reason="needs fork")
def test_parallel_equals_serial(make_app: Any, tmp_path: Path, other: Path) -> None:
    conf = {"glossterms_external": {"other": str(other / "glossterms.json")}}
    serial = build(make_app, copy_root(tmp_path, "serial"), **conf)
    parallel = make_app(
        "html", srcdir=copy_root(tmp_path, "parallel"), confoverrides=conf, parallel=2
    )
    parallel.build()
    assert len(serial.env.found_docs) > 5
    got, expected = html_pages(parallel.outdir), html_pages(serial.outdir)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert glossterms_warnings(parallel) == glossterms_warnings(serial)


# -- the example docs' second project ------------------------------------------------

SISTER = Path(__file__).parent.parent / "example_docs" / "_sister"


def test_example_sister_project_is_current(make_app: Any, tmp_path: Path) -> None:
    """The example docs read _sister/glossterms.json: it is what that project builds."""
    src = tmp_path / "sister"
    shutil.copytree(SISTER, src, ignore=shutil.ignore_patterns("_build", "glossterms.json"))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    built = (Path(app.outdir) / "glossterms.json").read_text("utf8")
    assert (SISTER / "glossterms.json").read_text("utf8") == built
