"""CPU time of each of the extension's transforms and handlers in one real build.

Usage (the arguments are ``sphinx-build``'s)::

    python bench/transform_times.py -E -q -b html SOURCEDIR OUTDIR

It wraps the ``run`` of every post-transform of the package, the domain's
``process_doc`` / ``settle`` / ``outdated_pages`` / ``resolve_xref`` /
``get_objects``, the ``term-card`` directive, the index page's ``generate``,
and the functions ``setup()`` connects (output files, page context, the HTML
card blocks' writer) with a CPU timer,
builds in this process, and prints the totals, largest first. Cheaper than a
profiler (no per-call overhead below these functions), so the shares are those
of a normal build. ``resolve_xref`` runs inside Sphinx's ``ReferencesResolver``.

It also prints the time of Python's garbage collector by generation: its full
collections scan every live object, so in a big build they are a third of the
time, and a node made is paid again there.
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

TRANSFORM_MODULES = (
    "autolink",
    "transforms",
    "blocks",
    "review",
    "previews",
    "export",
    "presentation",
    "abbreviations",
    "index",
    "graph",
    "pagerefs",
)
#: Functions ``setup()`` connects (events, node visitors), by their names in the package.
WRITERS = (
    ("export", "write_json"),
    ("vocabulary", "write_vale"),
    ("review", "write_review"),
    ("datafile", "write_schema"),
    ("interchange", "write_exports"),
    ("previews", "write_shared_data"),
    ("search", "add_search_card"),
    ("presentation", "index_page"),
    ("blocks", "visit_links_html"),
)
totals: Counter[str] = Counter()
collection_counts: Counter[int] = Counter()
collection_times: Counter[int] = Counter()
_collection_start = [0.0]


def time_collections(phase: str, info: dict[str, int]) -> None:
    """A ``gc.callbacks`` entry: CPU time of each collection, by generation."""
    if phase == "start":
        _collection_start[0] = time.process_time()
    else:
        collection_counts[info["generation"]] += 1
        collection_times[info["generation"]] += time.process_time() - _collection_start[0]


def timed(owner: Any, attribute: str, label: str) -> None:
    function: Callable[..., Any] = getattr(owner, attribute)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - start

    setattr(owner, attribute, wrapper)


def instrument() -> None:
    package = importlib.import_module("sphinx_glossterms")
    for name in TRANSFORM_MODULES:
        module = importlib.import_module(f"sphinx_glossterms.{name}")
        for obj in list(vars(module).values()):
            if (
                isinstance(obj, type)
                and issubclass(obj, SphinxPostTransform)
                and obj.__module__ == module.__name__
            ):
                timed(obj, "run", f"transform {name}.{obj.__name__}")
    domain = importlib.import_module("sphinx_glossterms.domain").GlosstermsDomain
    for method in ("process_doc", "settle", "outdated_pages", "resolve_xref", "get_objects"):
        timed(domain, method, f"domain.{method}")
    timed(importlib.import_module("sphinx_glossterms.directives").TermCard, "run", "term-card")
    index = importlib.import_module("sphinx_glossterms.index").GlosstermsIndex
    timed(index, "generate", "GlosstermsIndex.generate")
    for name, function in WRITERS:
        # setup() connects the names it imported into the package
        if hasattr(package, function):
            timed(package, function, f"connected {name}.{function}")


def main(argv: list[str]) -> int:
    instrument()
    gc.callbacks.append(time_collections)
    from sphinx.cmd.build import build_main

    start = time.process_time()
    status = build_main(argv)
    total = time.process_time() - start
    for label, seconds in totals.most_common():
        print(f"{seconds:8.2f}s {100 * seconds / total:5.1f}%  {label}")
    print(f"{sum(totals.values()):8.2f}s in the extension's functions, {total:.2f}s in all")
    for generation in sorted(collection_counts):
        seconds = collection_times[generation]
        print(
            f"{seconds:8.2f}s {100 * seconds / total:5.1f}%  garbage collector, "
            f"generation {generation}: {collection_counts[generation]} collections"
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
