"""Where an incremental build's time goes, phase by phase: cards against classic.

``bench_targets.py --sections incremental`` gives the ratio of whole builds;
this script says which phase makes the difference. It builds the corpus of
``bench_targets.py`` once per flavour, then, ``--repeat`` times and alternating
the flavours, restores the built project, applies one of its edits and runs
the incremental build in a child process that times each phase: Sphinx's own
steps (``Builder.read``, ``write``, ``finish``, pickling) and each event
handler of the extension. Times are CPU milliseconds spent in a phase itself
(nested phases are subtracted), medians over the runs.

The garbage collector's full collections cost 0.3 s and more at 2,000 terms and
fall in whichever phase crosses its threshold; ``--gc off`` turns it off in the
build, so phases compare steadily, and the collections of a build with it on
are counted and timed by generation (``gc.callbacks``) and reported as lines of
their own.

    python bench/phases.py --size 2000/400 --edit "definition sentence" --repeat 3
    python bench/phases.py --size 300/100 --gc on --keep /tmp/phases
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]

from bench_autolink import make_corpus  # noqa: E402
from bench_targets import EDITS, FLAVOURS, build, make_project, print_profile  # noqa: E402

# The child: wraps the timed functions, builds, writes {phase: ms} as JSON.
RUNNER = r"""
import gc, json, sys, time
if sys.argv[2] == "off":
    gc.disable()
clock = time.process_time
spent = {}
stack = []  # [label, start, time of nested phases]

def timed(label, function):
    def wrapper(*args, **kwargs):
        stack.append([label, clock(), 0.0])
        try:
            return function(*args, **kwargs)
        finally:
            label_, start, nested = stack.pop()
            total = clock() - start
            spent[label_] = spent.get(label_, 0.0) + total - nested
            if stack:
                stack[-1][2] += total
    wrapper.__wrapped__ = function
    return wrapper

collections = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}  # generation: count, seconds
began = [0.0]

full = {}  # phase -> full collections that started in it

def on_gc(phase, info):
    if phase == "start":
        began[0] = clock()
        if info["generation"] == 2:
            where = stack[-1][0] if stack else "other"
            full[where] = full.get(where, 0) + 1
    else:
        collections[info["generation"]][0] += 1
        collections[info["generation"]][1] += clock() - began[0]

gc.callbacks.append(on_gc)
start = clock()
import pickle
import sphinx.builders, sphinx.application
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.application import Sphinx

class TimedPickle:  # Sphinx's builders module pickles through its ``pickle`` global
    HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL
    dump = staticmethod(timed("pickling (environment, read doctrees)", pickle.dump))
    dumps = staticmethod(pickle.dumps)
    def __getattr__(self, name):
        return getattr(pickle, name)

sphinx.builders.pickle = TimedPickle()
Sphinx._init_env = timed("loading the environment", Sphinx._init_env)
Builder.read = timed("reading changed pages", Builder.read)
Builder.write = timed("writing pages", Builder.write)
StandaloneHTMLBuilder.finish = timed("finish (indices, search index, inventory)",
                                     StandaloneHTMLBuilder.finish)
written = [0]
write_doc = StandaloneHTMLBuilder.write_doc

def count_written(self, docname, doctree):
    written[0] += 1
    return write_doc(self, docname, doctree)

StandaloneHTMLBuilder.write_doc = count_written
if sys.argv[5] == "detail":  # Sphinx's steps inside writing and finish
    import sphinx.environment, sphinx.search
    for owner, name in [
        (StandaloneHTMLBuilder, "prepare_writing"),
        (sphinx.environment.BuildEnvironment, "get_and_resolve_doctree"),
        (sphinx.search.IndexBuilder, "feed"),
        (StandaloneHTMLBuilder, "_get_local_toctree"),
        (StandaloneHTMLBuilder, "write_genindex"),
        (StandaloneHTMLBuilder, "write_domain_indices"),
        (StandaloneHTMLBuilder, "dump_search_index"),
        (StandaloneHTMLBuilder, "dump_inventory"),
    ]:
        label = f"{'finish' if name.startswith(('write_', 'dump_')) else 'writing'} > {name}"
        setattr(owner, name, timed(label, getattr(owner, name)))
src, out = sys.argv[3], sys.argv[4]
app = Sphinx(src, src, out, out + "/.doctrees", "html", status=None, warning=sys.stderr)
for name, listeners in app.events.listeners.items():  # the extension's handlers
    for i, listener in enumerate(listeners):
        module = getattr(listener.handler, "__module__", "") or ""
        if module.startswith("sphinx_glossterms"):
            label = f"{name}: {module.removeprefix('sphinx_glossterms.')}." \
                    f"{listener.handler.__name__}"
            listeners[i] = listener._replace(handler=timed(label, listener.handler))
app.build()
spent["whole build"] = clock() - start
spent["writing: pages written (a count)"] = written[0] / 1000
if sys.argv[2] != "off":
    for generation, (count, seconds) in collections.items():
        spent[f"of which collections of generation {generation}: ms"] = seconds
        spent[f"of which collections of generation {generation}: count"] = count / 1000
    for where, count in full.items():
        spent[f"of which full collections in: {where}"] = count / 1000
with open(sys.argv[1], "w") as f:
    json.dump({k: v * 1000 for k, v in spent.items()}, f)
"""


def run_phases(
    src: Path, out: Path, gc_mode: str, stats: Path, detail: bool = False
) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-c", RUNNER, str(stats), gc_mode, str(src), str(out)]
    command.append("detail" if detail else "")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"build failed on {src}:\n{done.stderr[-4000:]}")
    return json.loads(stats.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="2000/400", help="TERMS/PAGES (default 2000/400)")
    parser.add_argument("--edit", default="definition sentence", choices=sorted(EDITS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gc", choices=("on", "off"), default="off")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    parser.add_argument(
        "--detail", action="store_true", help="also time Sphinx's steps inside writing and finish"
    )
    parser.add_argument("--profile", type=int, metavar="TOP", help="then cProfile one cards build")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "sphinx_glossterms", quiet=1)  # as installed (see bench_targets)
    n_terms, n_pages = map(int, args.size.split("/"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="glossterms-phases-"))
    corpus = make_corpus(n_terms, n_pages)
    pristine: dict[str, Path] = {}
    for flavour in FLAVOURS:
        base = work / flavour
        pristine[flavour] = work / f"{flavour}-pristine"
        if not pristine[flavour].exists():
            shutil.rmtree(base, ignore_errors=True)
            project = make_project(corpus, flavour, base / "src")
            build(project)
            shutil.copytree(base, pristine[flavour])
    runs: dict[str, list[dict[str, float]]] = {f: [] for f in FLAVOURS}
    edit = EDITS[args.edit]

    def edited(flavour: str) -> Path:
        """The built project restored and edited: the root of its ``src``."""
        base = work / flavour
        shutil.rmtree(base, ignore_errors=True)
        shutil.copytree(pristine[flavour], base)  # copy2: mtimes kept
        page = base / "src" / "glossary000.rst"
        lines = page.read_text(encoding="utf-8").split("\n")
        edit(lines, flavour, corpus)
        page.write_text("\n".join(lines), encoding="utf-8")
        return base

    for _ in range(args.repeat):
        for flavour in FLAVOURS:
            base = edited(flavour)
            stats = work / f"{flavour}-phases.json"
            spent = run_phases(base / "src", base / "src-html", args.gc, stats, args.detail)
            phases = sum(
                v for k, v in spent.items() if not k.startswith(("whole", "of which", "writing:"))
            )
            spent["other (start, Sphinx's events, ...)"] = spent["whole build"] - phases
            runs[flavour].append(spent)
    labels = sorted({k for r in runs["cards"] + runs["classic"] for k in r}, key=_order)
    print(f"{args.size}, edit {args.edit!r}, collector {args.gc}, median of {args.repeat} (CPU ms)")
    print(f"  {'phase':58} {'cards':>8} {'classic':>8} {'extra':>8}")
    for label in labels:
        cards, classic = (statistics.median(r.get(label, 0.0) for r in runs[f]) for f in FLAVOURS)
        print(f"  {label:58} {cards:8.0f} {classic:8.0f} {cards - classic:+8.0f}")
    if args.profile:
        from sphinx.cmd.build import main as sphinx_build

        base = edited("cards")
        profiler = cProfile.Profile(time.process_time)
        if args.gc == "off":  # else full collections land in whichever function runs
            gc.disable()
        profiler.runcall(
            sphinx_build, ["-b", "html", "-q", str(base / "src"), str(base / "src-html")]
        )
        print_profile(profiler, f"cards {args.size}, incremental", args.profile)
    if not args.keep:
        shutil.rmtree(work)


def _order(label: str) -> tuple[int, str]:
    """Sphinx's phases in build order, the extension's handlers by event, totals last."""
    steps = [
        "loading",
        "reading",
        "env-updated",
        "env-get-updated",
        "pickling",
        "writing",
        "finish",
        "build-finished",
        "other",
        "whole",
        "of which",
    ]
    return next((i, label) for i, step in enumerate([*steps, ""]) if label.startswith(step))


if __name__ == "__main__":
    main()
