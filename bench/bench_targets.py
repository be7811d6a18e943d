"""Issue 15's targets: term cards + autolink "all" against a hand-linked classic glossary.

Every figure is printed as a row ``cards | classic | ratio | target``. The
corpus is ``bench_autolink.py``'s (one corpus, written as ``cards``: term-card
directives and ``glossterms_autolink = "all"``, and as ``classic``: Sphinx's
``glossary`` with a ``:term:`` at each first mention). Builds run in a child
process each; CPU time is user + system of that process and its workers
(``getrusage(RUSAGE_CHILDREN)``), peak memory is the largest single process
(``ru_maxrss`` of the build process and of its ``-j`` workers).

Sections (``--sections``; default every one but ``large`` and ``profile``):

``builds``       fresh builds on 300/100 and 2,000/400, sidebar toctree on and off
``scaling``      1,000 / 3,000 / 10,000 terms on the same 100 short pages, sidebar on/off
``incremental``  pages rewritten and CPU time after four kinds of edit (300/100; ``--incremental``)
``bytes``        bytes of the glossary pages
``parallel``     ``-j 2`` against serial on 2,000/400, peak memory of the largest process
``large``        10,000 terms / 1,000 pages, serial and ``-j 2`` (slow; report only)
``profile``      cProfile of one 3,000 / 300 cards build: top entries in sphinx_glossterms

"Sidebar off" appends ``html_sidebars = {"**": []}`` to ``conf.py``: the
default theme (alabaster) then renders no sidebar, so no per-page global
toctree, whose cost grows with pages² whatever the extension does.

    python bench/bench_targets.py --quick                # smoke run, small corpora
    python bench/bench_targets.py --sections builds bytes --repeat 5
    python bench/bench_targets.py --sections all --keep /tmp/bench15
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent  # the package measured is this checkout's, in every build
sys.path[:0] = [str(BENCH), str(REPO)]

from bench_autolink import Corpus, Term, make_corpus, same_pages_corpora, write_corpus  # noqa: E402

FLAVOURS = ("cards", "classic")
SIDEBAR_OFF = '\nhtml_sidebars = {"**": []}\n'
SECTIONS = ("builds", "scaling", "incremental", "bytes", "parallel", "large", "profile")
DEFAULT_SECTIONS = ("builds", "scaling", "incremental", "bytes", "parallel")

# Runs sphinx-build in this child and reports its own and its workers' usage.
RUNNER = """\
import json, resource, sys
from sphinx.cmd.build import main
code = main(sys.argv[2:])
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"main_kib": own.ru_maxrss, "worker_kib": workers.ru_maxrss}, f)
sys.exit(code)
"""


@dataclass(frozen=True)
class Sizes:
    """Corpus sizes (terms, pages) of each section."""

    builds: tuple[tuple[int, int], ...] = ((300, 100), (2000, 400))
    scaling_terms: tuple[int, ...] = (1000, 3000, 10000)
    scaling_pages: int = 100
    incremental: tuple[tuple[int, int], ...] = ((300, 100),)
    parallel: tuple[int, int] = (2000, 400)
    large: tuple[int, int] = (10000, 1000)
    profile: tuple[int, int] = (3000, 300)


QUICK = Sizes(
    builds=((60, 20), (200, 40)),
    scaling_terms=(100, 300, 1000),
    scaling_pages=20,
    incremental=((60, 20),),
    parallel=(200, 40),
    large=(1000, 100),
    profile=(300, 30),
)


@dataclass(frozen=True)
class Run:
    """One build: CPU seconds (process + workers), wall seconds, largest process in MiB."""

    cpu: float
    wall: float
    rss_mib: float


@dataclass
class Project:
    """A generated Sphinx project: ``src`` and its HTML output next to it."""

    src: Path
    flavour: str
    runs: list[Run] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.src.parent / f"{self.src.name}-html"


@dataclass(frozen=True)
class Row:
    case: str
    cards: str
    classic: str
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None


# --- building ---------------------------------------------------------------


def build(project: Project, *, fresh: bool = True, jobs: int = 1) -> Run:
    """Build ``project`` with ``sphinx-build -b html -q`` in a child process."""
    if fresh:
        shutil.rmtree(project.out, ignore_errors=True)
    stats = project.src.parent / f"{project.src.name}-rusage.json"
    command = [sys.executable, "-c", RUNNER, str(stats), "-b", "html", "-q"]
    command += ["-E"] if fresh else []
    command += ["-j", str(jobs)] if jobs != 1 else []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(
        [*command, str(project.src), str(project.out)], env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode:
        sys.exit(f"sphinx-build failed on {project.src}:\n{done.stderr[-4000:]}")
    cpu = after.children_user - before.children_user
    cpu += after.children_system - before.children_system
    usage = json.loads(stats.read_text())
    rss = max(usage["main_kib"], usage["worker_kib"]) / 1024  # KiB on Linux
    run = Run(cpu, wall, rss)
    project.runs.append(run)
    return run


def make_project(corpus: Corpus, flavour: str, src: Path, *, sidebar: bool = True) -> Project:
    write_corpus(corpus, flavour, src)
    if not sidebar:
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(SIDEBAR_OFF)
    return Project(src, flavour)


def interleaved(projects: Sequence[Project], repeat: int) -> None:
    """Fresh builds of each project ``repeat`` times, round-robin, so load hits all alike."""
    for _ in range(repeat):
        for project in projects:
            build(project)


def best(runs: Sequence[Run], key: Callable[[Run], float]) -> float:
    return min(key(run) for run in runs)


def median(runs: Sequence[Run], key: Callable[[Run], float]) -> float:
    return statistics.median(key(run) for run in runs)


def cpu(run: Run) -> float:
    return run.cpu


def wall(run: Run) -> float:
    return run.wall


def rss(run: Run) -> float:
    return run.rss_mib


def cpu_row(case: str, cards: Project, classic: Project, limit: float) -> Row:
    """Best-of CPU time, cards / classic; the medians are shown in the cells."""
    a, b = best(cards.runs, cpu), best(classic.runs, cpu)
    ratio = a / b
    med = median(cards.runs, cpu) / median(classic.runs, cpu)
    return Row(
        case,
        f"{a:.2f}s",
        f"{b:.2f}s",
        ratio,
        f"<= {limit:.2f} (median {med:.3f})",
        ratio <= limit,
    )


# --- output -----------------------------------------------------------------


def print_row(row: Row) -> None:
    ratio = "" if row.ratio is None else f"{row.ratio:.3f}"
    verdict = {None: "", True: "ok", False: "MISS"}[row.ok]
    print(
        f"  {row.case:<44} {row.cards:>14} {row.classic:>14} {ratio:>7}  {row.target} {verdict}",
        flush=True,
    )


@contextmanager
def section(name: str, timings: dict[str, float]) -> Iterator[None]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n== {name} (load average {load})", flush=True)
    print(f"  {'case':<44} {'cards':>14} {'classic':>14} {'ratio':>7}  target", flush=True)
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  ({name}: {timings[name]:.0f} s, load average now {load})", flush=True)


# --- sections ---------------------------------------------------------------


def pair(corpus: Corpus, work: Path, label: str, *, sidebar: bool = True) -> dict[str, Project]:
    return {
        flavour: make_project(corpus, flavour, work / f"{flavour}-{label}", sidebar=sidebar)
        for flavour in FLAVOURS
    }


def run_builds(
    corpora: dict[str, Corpus], work: Path, repeat: int, limit: Callable[[str], float]
) -> dict[str, dict[str, Project]]:
    """Fresh builds of every corpus, sidebar on and off, all interleaved."""
    groups: dict[str, dict[str, Project]] = {}
    for label, corpus in corpora.items():
        for sidebar in (True, False):
            key = f"{label}, sidebar {'on' if sidebar else 'off'}"
            tag = f"{label.replace('/', '-').replace(' ', '')}-{'on' if sidebar else 'off'}"
            groups[key] = pair(corpus, work, tag, sidebar=sidebar)
    projects = [p for group in groups.values() for p in group.values()]
    interleaved(projects, repeat)
    for key, group in groups.items():
        print_row(cpu_row(key, group["cards"], group["classic"], limit(key)))
    return groups


def section_builds(sizes: Sizes, work: Path, repeat: int) -> dict[str, dict[str, Project]]:
    corpora = {f"{t}/{p}": make_corpus(t, p) for t, p in sizes.builds}
    return run_builds(corpora, work / "builds", repeat, lambda key: 1.00)


def section_scaling(sizes: Sizes, work: Path, repeat: int) -> None:
    terms = sizes.scaling_terms
    corpora = same_pages_corpora(terms, min(terms), sizes.scaling_pages)
    labelled = {f"{n} terms/{sizes.scaling_pages} same pages": c for n, c in corpora.items()}
    run_builds(labelled, work / "scaling", repeat, lambda key: 1.05)


# incremental edits ----------------------------------------------------------

NEW_TERM = "Zyzzyva quokkaplume"
NEW_ALIAS = "zyzzyvalias"


def header_line(lines: list[str], flavour: str, term: Term) -> int:
    header = f".. term-card:: {term.name}" if flavour == "cards" else f"   {term.name}"
    return lines.index(header)


def definition_line(lines: list[str], flavour: str, term: Term, sentence: int) -> int:
    """Index of the ``sentence``-th line of ``term``'s definition (one sentence a line)."""
    i = header_line(lines, flavour, term) + 1
    if flavour == "cards":
        while lines[i].startswith("   :") or not lines[i].strip():
            i += 1
    else:
        while not lines[i].startswith("      "):
            i += 1
    return i + sentence


def reword(lines: list[str], index: int) -> None:
    """One more word in a sentence: no term mention is added or removed."""
    assert lines[index].endswith(".")
    lines[index] = lines[index][:-1] + " often."


def edit_definition(lines: list[str], flavour: str, corpus: Corpus) -> None:
    """Reword the second sentence of the first term's definition (not its summary)."""
    reword(lines, definition_line(lines, flavour, corpus.terms[0], 1))


def edit_summary(lines: list[str], flavour: str, corpus: Corpus) -> None:
    """Reword the first sentence of the first term's definition: its default summary."""
    reword(lines, definition_line(lines, flavour, corpus.terms[0], 0))


def add_term(lines: list[str], flavour: str, corpus: Corpus) -> None:
    """A term mentioned nowhere, whose definition mentions no term, at the end."""
    text = "It is often the most of these."
    if flavour == "cards":
        lines += ["", f".. term-card:: {NEW_TERM}", "", f"   {text}", ""]
    else:
        lines += ["", f"   {NEW_TERM}", f"      {text}", ""]


def add_alias(lines: list[str], flavour: str, corpus: Corpus) -> None:
    """An alias, mentioned nowhere, for the first term that has none."""
    term = next(t for t in corpus.terms[:100] if not t.aliases)
    i = header_line(lines, flavour, term) + 1
    lines.insert(i, f"   :aliases: {NEW_ALIAS}" if flavour == "cards" else f"   {NEW_ALIAS}")


EDITS: dict[str, Callable[[list[str], str, Corpus], None]] = {
    "definition sentence": edit_definition,
    "summary": edit_summary,
    "new term mentioned nowhere": add_term,
    "new alias": add_alias,
}
EXPECTED = {
    "definition sentence": "own page + indices",
    "summary": "+ pages linking to it",
    "new term mentioned nowhere": "own page + indices",
    "new alias": "may be every page",
}


def html_mtimes(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}


def rewritten(before: dict[Path, int], out: Path) -> list[str]:
    after = html_mtimes(out)
    return sorted(str(p.relative_to(out)) for p, t in after.items() if before.get(p) != t)


def describe(pages: list[str], total: int) -> str:
    names = [p.removesuffix(".html") for p in pages if not p.startswith("page")]
    others = len(pages) - len(names)
    shown = " ".join(names) + (f" +{others} pages" if others else "")
    return f"{len(pages)}/{total} [{shown}]"


def incremental_once(
    project: Project, pristine: Path, edit: Callable[[list[str], str, Corpus], None], corpus: Corpus
) -> tuple[Run, list[str]]:
    """Restore the built project, apply one edit, time the incremental build."""
    work = project.src.parent
    shutil.rmtree(work)
    shutil.copytree(pristine, work)  # copy2: source and output mtimes kept
    path = project.src / "glossary000.rst"
    lines = path.read_text(encoding="utf-8").split("\n")
    edit(lines, project.flavour, corpus)
    path.write_text("\n".join(lines), encoding="utf-8")
    before = html_mtimes(project.out)
    run = build(project, fresh=False)
    return run, rewritten(before, project.out)


def section_incremental(sizes: Sizes, work: Path, repeat: int) -> None:
    for size in sizes.incremental:
        incremental_size(size, work / f"{size[0]}-{size[1]}", repeat)


def incremental_size(size: tuple[int, int], work: Path, repeat: int) -> None:
    n_terms, n_pages = size
    corpus = make_corpus(n_terms, n_pages)
    projects: dict[str, Project] = {}
    pristine: dict[str, Path] = {}
    for flavour in FLAVOURS:
        base = work / "incremental" / flavour
        projects[flavour] = make_project(corpus, flavour, base / "src")
        build(projects[flavour])
        pristine[flavour] = work / "incremental" / f"{flavour}-pristine"
        shutil.copytree(base, pristine[flavour])
    total = {f: len(html_mtimes(p.out)) for f, p in projects.items()}
    print(f"  corpus {n_terms}/{n_pages}; pages rewritten [non-'page*' files named]", flush=True)
    for label, edit in EDITS.items():
        runs: dict[str, list[Run]] = {f: [] for f in FLAVOURS}
        pages: dict[str, list[str]] = {}
        for _ in range(repeat):
            for flavour, project in projects.items():
                run, pages[flavour] = incremental_once(project, pristine[flavour], edit, corpus)
                runs[flavour].append(run)
        print(f"  {label}: cards {describe(pages['cards'], total['cards'])}", flush=True)
        print(f"  {'':{len(label)}}  classic {describe(pages['classic'], total['classic'])}")
        print_row(
            Row(
                f"{label}: pages rewritten",
                str(len(pages["cards"])),
                str(len(pages["classic"])),
                target=EXPECTED[label],
            )
        )
        a, b = best(runs["cards"], cpu), best(runs["classic"], cpu)
        row = Row(f"{label}: CPU time", f"{a:.2f}s", f"{b:.2f}s", a / b, "<= 1.20", a / b <= 1.2)
        print_row(row)


def glossary_bytes(out: Path) -> tuple[int, int]:
    """Total and largest size of the glossary pages (``glossary*.html``)."""
    sizes = [p.stat().st_size for p in out.glob("glossary[0-9]*.html")]
    return sum(sizes), max(sizes)


def section_bytes(
    sizes: Sizes, work: Path, built: dict[str, dict[str, Project]] | None = None
) -> None:
    if built is None:
        built = {}
        for t, p in sizes.builds:
            group = pair(make_corpus(t, p), work / "bytes", f"{t}-{p}")
            for project in group.values():
                build(project)
            built[f"{t}/{p}, sidebar on"] = group
    for key, group in built.items():
        if not key.endswith("sidebar on"):
            continue
        (a_total, a_max), (b_total, b_max) = (glossary_bytes(group[f].out) for f in FLAVOURS)
        label = key.removesuffix(", sidebar on")
        for what, a, b in (("all glossary pages", a_total, b_total), ("largest", a_max, b_max)):
            ratio = a / b
            cells = f"{a / 1024:,.0f} KiB", f"{b / 1024:,.0f} KiB"
            print_row(Row(f"{label}: {what}", *cells, ratio, "<= 1.50", ratio <= 1.5))
        # the previews' data, shared by every page (downloaded once), and the whole site
        shared = group["cards"].out / "_static" / "glossterms-previews.js"
        if shared.is_file():
            print(f"  {label}: shared preview data {shared.stat().st_size / 1024:,.0f} KiB")
        a, b = (site_bytes(group[f].out) for f in FLAVOURS)
        cells = f"{a / 1024:,.0f} KiB", f"{b / 1024:,.0f} KiB"
        print_row(Row(f"{label}: every page + shared data", *cells, a / b, "(no target)"))


def site_bytes(out: Path) -> int:
    """Bytes of every HTML page, and of the shared preview data where there is one."""
    files = [*out.glob("**/*.html"), *out.glob("_static/glossterms-previews.js")]
    return sum(p.stat().st_size for p in files)


def jobs_rows(label: str, group: dict[str, Project], jobs: int, target: bool) -> None:
    """Wall and CPU time of ``-j`` against serial per flavour, peak memory cards/classic."""
    serial = {f: p.runs[0::2] for f, p in group.items()}
    parallel = {f: p.runs[1::2] for f, p in group.items()}
    for flavour in FLAVOURS:
        a, b = median(parallel[flavour], wall), median(serial[flavour], wall)
        ok = a < b if target and flavour == "cards" else None
        print_row(
            Row(
                f"{label} {flavour}: wall -j {jobs} / serial (median)",
                f"{a:.1f}s",
                f"{b:.1f}s",
                a / b,
                "< 1.00" if ok is not None else "(report)",
                ok,
            )
        )
        a, b = median(parallel[flavour], cpu), median(serial[flavour], cpu)
        print_row(
            Row(f"{label} {flavour}: CPU -j {jobs} / serial", f"{a:.1f}s", f"{b:.1f}s", a / b)
        )
    for mode, runs in (("serial", serial), (f"-j {jobs}", parallel)):
        a, b = max(rss(r) for r in runs["cards"]), max(rss(r) for r in runs["classic"])
        ok = a / b <= 1.2 if target else None
        print_row(
            Row(
                f"{label} peak RSS largest process, {mode}",
                f"{a:.0f} MiB",
                f"{b:.0f} MiB",
                a / b,
                "<= 1.20" if target else "(report)",
                ok,
            )
        )
    for mode, runs in (("serial", serial), (f"-j {jobs}", parallel)):
        a, b = median(runs["cards"], wall), median(runs["classic"], wall)
        print_row(Row(f"{label} wall cards / classic, {mode}", f"{a:.1f}s", f"{b:.1f}s", a / b))


def run_jobs(corpus: Corpus, work: Path, label: str, repeat: int, jobs: int, target: bool) -> None:
    group = pair(corpus, work, label)
    for _ in range(repeat):
        for project in group.values():
            build(project, jobs=1)
            build(project, jobs=jobs)
    jobs_rows(label, group, jobs, target)


def section_parallel(sizes: Sizes, work: Path, repeat: int, jobs: int) -> None:
    t, p = sizes.parallel
    run_jobs(make_corpus(t, p), work / "parallel", f"{t}/{p}", repeat, jobs, target=True)


def section_large(sizes: Sizes, work: Path, repeat: int, jobs: int) -> None:
    t, p = sizes.large
    run_jobs(make_corpus(t, p), work / "large", f"{t}/{p}", repeat, jobs, target=False)


def section_profile(sizes: Sizes, work: Path, top: int) -> None:
    """cProfile one fresh cards build (in this process); entries in sphinx_glossterms."""
    from sphinx.cmd.build import main as sphinx_build

    t, p = sizes.profile
    project = make_project(make_corpus(t, p), "cards", work / "profile" / "cards")
    profiler = cProfile.Profile(time.process_time)  # CPU time: steadier on a shared machine
    profiler.runcall(sphinx_build, ["-E", "-b", "html", "-q", str(project.src), str(project.out)])
    print_profile(profiler, f"cards {t}/{p}", top)


def print_profile(profiler: cProfile.Profile, label: str, top: int) -> None:
    """The ``top`` entries of sphinx_glossterms by cumulative time."""
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]
    print(f"  {label}: {total:.2f} s CPU under cProfile; top cumulative in sphinx_glossterms")
    print(f"  {'cumulative':>10} {'%':>6} {'own':>8} {'calls':>9}  function")
    ours = [(k, v) for k, v in entries.items() if "sphinx_glossterms" in k[0]]
    ours.sort(key=lambda item: item[1][3], reverse=True)
    for (filename, line, name), (_, calls, own, cumulative, _) in ours[:top]:
        where = filename[filename.rindex("sphinx_glossterms") :]
        print(
            f"  {cumulative:>9.2f}s {100 * cumulative / total:>5.1f}% {own:>7.2f}s {calls:>9}"
            f"  {where}:{line} {name}"
        )


# --- main -------------------------------------------------------------------


def parse_size(text: str) -> tuple[int, int]:
    terms, _, pages = text.partition("/")
    return int(terms), int(pages)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=[*SECTIONS, "all"],
        default=list(DEFAULT_SECTIONS),
        help=f"default: {' '.join(DEFAULT_SECTIONS)}; 'all' adds large and profile",
    )
    parser.add_argument("--quick", action="store_true", help="small corpora, one run: a smoke run")
    parser.add_argument("--repeat", type=int, help="interleaved runs per build (default 3)")
    parser.add_argument(
        "--builds",
        nargs="+",
        type=parse_size,
        metavar="TERMS/PAGES",
        help="corpus sizes of the builds and bytes sections (default 300/100 2000/400)",
    )
    parser.add_argument(
        "--incremental",
        nargs="+",
        type=parse_size,
        metavar="TERMS/PAGES",
        help="corpus sizes of the incremental section (default 300/100)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="-j for parallel and large")
    parser.add_argument("--top", type=int, default=25, help="profile entries to list")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    chosen = SECTIONS if "all" in args.sections else tuple(args.sections)
    sizes = QUICK if args.quick else Sizes()
    if args.builds:
        sizes = replace(sizes, builds=tuple(args.builds))
    if args.incremental:
        sizes = replace(sizes, incremental=tuple(args.incremental))
    repeat = args.repeat or (1 if args.quick else 3)
    import sphinx_glossterms

    package = Path(sphinx_glossterms.__file__).parent
    # An installed package has its bytecode (pip compiles it). A checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module again in each child build:
    # ~45 ms, a twentieth of an incremental build, that no user pays.
    compileall.compile_dir(package, quiet=1)
    print(f"package {package} (bytecode compiled); {os.cpu_count()} CPUs")
    print(f"repeat {repeat}; sections {' '.join(chosen)}", flush=True)
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        work = args.keep
    else:
        work = Path(tempfile.mkdtemp(prefix="glossterms-bench15-"))
    timings: dict[str, float] = {}
    built = None
    try:
        for name in SECTIONS:
            if name not in chosen:
                continue
            with section(name, timings):
                if name == "builds":
                    built = section_builds(sizes, work, repeat)
                elif name == "scaling":
                    section_scaling(sizes, work, repeat)
                elif name == "incremental":
                    section_incremental(sizes, work, repeat)
                elif name == "bytes":
                    section_bytes(sizes, work, built)
                elif name == "parallel":
                    section_parallel(sizes, work, repeat, args.jobs)
                elif name == "large":
                    section_large(sizes, work, max(1, repeat // 3), args.jobs)
                else:
                    section_profile(sizes, work, args.top)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nsection times: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))


if __name__ == "__main__":
    main()
