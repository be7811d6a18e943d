"""Precision of automatic links on real documentation projects.

Downloads a pinned sdist of a real project (one that ships its docs and has a
classic ``glossary``), builds its HTML with ``sphinx_glossterms`` in
``glossterms_autolink = "all"`` mode and without the extension, and then:

- counts the automatic links (``a.glossterm-autolink`` in the HTML pages),
- times both builds (CPU time of the build process and its children,
  interleaved runs),
- draws a seeded random sample of automatic links and prints each with its
  term and the sentence around it, into a verdict file
  ``bench/precision/<project>-<stage>.tsv`` that a person fills in (right or
  wrong, a category and a short reason),
- prints the precision (right / judged) of that file.

Nothing here runs in the test suite. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
VERDICTS = BENCH / "precision"
CACHE = Path(os.environ.get("GLOSSTERMS_BENCH_CACHE", BENCH / ".cache"))

#: Categories of wrong links (the ``category`` column of a verdict file).
CATEGORIES = ("everyday", "header", "identifier", "link-in-link", "other")


@dataclass(frozen=True)
class Project:
    name: str
    requirement: str  #: what ``pip download`` fetches, pinned
    archive: str  #: the sdist's file name
    docs: str  #: the docs' source directory inside the unpacked sdist
    #: packages the docs need besides Sphinx and MyST (installed with --no-deps
    #: into the bench virtual environment, pinned)
    needs: tuple[str, ...] = ()
    #: (old, new) text substitutions in the upstream conf.py (things that
    #: cannot work here: an installed-version lookup, a theme not installed)
    patches: tuple[tuple[str, str], ...] = ()
    #: Python run after the upstream conf.py, in both variants
    overrides: str = ""
    drop_extensions: tuple[str, ...] = field(default=())


# Both variants: no network (intersphinx emptied), nitpicky off.
COMMON_OVERRIDES = """
intersphinx_mapping = {}
nitpicky = False
"""

PROJECTS = {
    project.name: project
    for project in (
        Project(
            name="sphinx",
            requirement="sphinx==9.0.4",
            archive="sphinx-9.0.4.tar.gz",
            docs="doc",
        ),
        Project(
            name="plone-restapi",
            requirement="plone.restapi==10.0.4",
            archive="plone_restapi-10.0.4.tar.gz",
            docs="docs/source",
            needs=(
                "sphinxcontrib-httpdomain==2.2.1",
                "sphinxcontrib-httpexample==2.0",
                "linkify-it-py==2.2.0",
                "uc-micro-py==2.0.0",
            ),
            # the package itself is not installed; its theme is not either
            patches=(('version("plone.restapi")', '"10.0.4"'),),
            overrides="""
html_theme = "alabaster"
html_theme_options = {}
templates_path = []  # they extend the Plone theme
""",
            drop_extensions=("sphinx_copybutton",),
        ),
    )
}

WRAPPER = """\
# Written by bench/precision.py: the upstream conf.py is _conf_upstream.py.
import os as _os

_path = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "_conf_upstream.py")
with open(_path, encoding="utf-8") as _file:
    _source = _file.read()
for _old, _new in {patches!r}:
    if _old not in _source:
        raise RuntimeError(f"bench patch does not apply: {{_old!r}}")
    _source = _source.replace(_old, _new)
__file__ = _path
exec(compile(_source, _path, "exec"))
__file__ = _os.path.abspath(__file__)
extensions = [e for e in extensions if e not in {drop!r}]
{common}
{overrides}
if _os.environ.get("GLOSSTERMS_BENCH_VARIANT") == "with":
    extensions.append("sphinx_glossterms")
    glossterms_autolink = "all"
    exec(_os.environ.get("GLOSSTERMS_BENCH_CONF", ""))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def venv_python() -> Path:
    return CACHE / "venv" / "bin" / "python"


def ensure_venv(project: Project) -> Path:
    """A virtual environment with the system's packages plus the project's needs."""
    python = venv_python()
    if not python.exists():
        log("creating the bench virtual environment")
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(CACHE / "venv")],
            check=True,
        )
    if project.needs:
        missing = [
            need
            for need in project.needs
            if subprocess.run(
                [str(python), "-m", "pip", "show", "-q", need.split("==")[0]],
                capture_output=True,
            ).returncode
        ]
        if missing:
            log(f"installing {' '.join(missing)}")
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", "--no-deps", *missing], check=True
            )
    return python


def prepare(project: Project) -> Path:
    """Download and unpack the sdist (once); return the docs source directory."""
    downloads = CACHE / "downloads"
    archive = downloads / project.archive
    if not archive.exists():
        downloads.mkdir(parents=True, exist_ok=True)
        log(f"downloading {project.requirement}")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                project.requirement,
                "-d",
                str(downloads),
            ],
            check=True,
        )
    root = CACHE / "src" / project.name
    stem = project.archive.removesuffix(".tar.gz")
    srcdir = root / stem / project.docs
    if not (srcdir / "_conf_upstream.py").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="data")
        (srcdir / "conf.py").rename(srcdir / "_conf_upstream.py")
    (srcdir / "conf.py").write_text(
        WRAPPER.format(
            patches=list(project.patches),
            drop=list(project.drop_extensions),
            common=COMMON_OVERRIDES,
            overrides=project.overrides,
        ),
        encoding="utf-8",
    )
    return srcdir


def build(
    project: Project, srcdir: Path, outdir: Path, variant: str, extra_conf: str
) -> tuple[float, float, int]:
    """One fresh HTML build; returns (CPU seconds, wall seconds, warnings)."""
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env["GLOSSTERMS_BENCH_VARIANT"] = variant
    env["GLOSSTERMS_BENCH_CONF"] = extra_conf
    env.pop("READTHEDOCS", None)
    warnings = outdir / "warnings.txt"
    command = [
        str(venv_python()),
        "-m",
        "sphinx",
        "-E",
        "-q",
        "-b",
        "html",
        "-w",
        str(warnings),
        "-d",
        str(outdir / "doctrees"),
        str(srcdir),
        str(outdir / "html"),
    ]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"build failed ({variant}): {' '.join(command)}")
    text = warnings.read_text(encoding="utf-8", errors="replace")
    count = sum(1 for line in text.splitlines() if "WARNING" in line or "ERROR" in line)
    return usage.ru_utime + usage.ru_stime, wall, count


# -- reading the output ------------------------------------------------------


def env_facts(outdir: Path) -> dict[str, object]:
    """Documents and glossary terms, read from the pickled environment."""
    script = textwrap.dedent(
        """
        import json, pickle, sys
        with open(sys.argv[1], "rb") as f:
            env = pickle.load(f)
        terms = {}
        for (kind, name), (docname, anchor) in env.domaindata["std"]["objects"].items():
            if kind == "term":
                terms.setdefault(anchor, []).append(name)
        print(json.dumps({"docs": sorted(env.found_docs), "terms": terms}))
        """
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    result = subprocess.run(
        [str(venv_python()), "-c", script, str(outdir / "doctrees" / "environment.pickle")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    facts: dict[str, object] = json.loads(result.stdout)
    return facts


def glossary_entries(outdir: Path) -> int:
    """Definitions in the project's ``glossary`` directives (one per ``dd``;
    a definition may have several names)."""
    count = 0
    for page in sorted((outdir / "html").rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "glossary" not in text:
            continue
        soup = BeautifulSoup(text, "html.parser")
        for dl in soup.select("dl.glossary"):
            count += sum(1 for dd in dl.find_all("dd") if dd.find_parent("dl") is dl)
    return count


@dataclass
class Link:
    key: str  #: "<docname>#<n>": the n-th automatic link of the page
    term: str
    text: str
    context: str
    hints: str


_BLOCKS = {"p", "li", "dd", "dt", "td", "th", "caption", "figcaption", "blockquote", "div"}
_GLUE = set("./_@=-:")


def _block_of(link: Tag) -> Tag:
    for parent in link.parents:
        if parent.name in _BLOCKS:
            return parent
    raise AssertionError("link outside any block")


def _sentence(block: Tag, link: Tag) -> tuple[str, str, str]:
    """The text before the link, the link's text and the text after, in its block."""
    before: list[str] = []
    after: list[str] = []
    target = before
    for piece in block.descendants:
        if piece is link:
            target = after
            continue
        if isinstance(piece, str):
            if any(parent is link for parent in piece.parents):
                continue
            target.append(str(piece))
    return "".join(before), link.get_text(), "".join(after)


def _cut(before: str, after: str, width: int = 160) -> tuple[str, str]:
    space_before = " " if before[-1:].isspace() else ""
    space_after = " " if after[:1].isspace() else ""
    before = " ".join(before.split()) + space_before
    after = space_after + " ".join(after.split())
    # back to the start of the sentence, forward to its end
    starts = [m.end() for m in re.finditer(r"[.!?:]\s+(?=[A-Z(\"'`])", before)]
    head = before[starts[-1] :] if starts else before
    end = re.search(r"[.!?](\s|$)", after)
    tail = after[: end.end()] if end else after
    if len(head) > width:
        head = "…" + head[-width:]
    if len(tail) > width:
        tail = tail[:width] + "…"
    return head, tail


def read_links(outdir: Path, facts: dict[str, object]) -> list[Link]:
    html = outdir / "html"
    docs: list[str] = facts["docs"]  # type: ignore[assignment]
    terms: dict[str, list[str]] = facts["terms"]  # type: ignore[assignment]
    links: list[Link] = []
    for docname in docs:
        page = html / f"{docname}.html"
        if not page.exists():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("[role=main]") or soup.body
        assert body is not None
        for n, link in enumerate(body.select("a.glossterm-autolink")):
            anchor = unquote(urlsplit(str(link.get("href", ""))).fragment)
            names = terms.get(anchor) or [f"?{anchor}"]
            block = _block_of(link)
            before, text, after = _sentence(block, link)
            head, tail = _cut(before, after)
            hints = []
            if link.find_parent(["th", "thead"]):
                hints.append("in-header")
            if any(p.name == "a" for p in link.parents):
                hints.append("in-link")
            raw_before, raw_after = before, after
            if (
                raw_before
                and raw_before[-1] in _GLUE
                and len(raw_before) > 1
                and (raw_before[-2].isalnum() or raw_before[-2] == "_")
            ) or (
                len(raw_after) > 1
                and raw_after[0] in _GLUE
                and (raw_after[1].isalnum() or raw_after[1] == "_")
            ):
                hints.append("glued")
            links.append(
                Link(
                    key=f"{docname}#{n}",
                    term=sorted(names)[0],
                    text=text,
                    context=f"{head}[[{text}]]{tail}",
                    hints=",".join(hints),
                )
            )
    return links


def smart_quote_misses(outdir: Path, facts: dict[str, object]) -> list[tuple[str, str, int]]:
    """Term names with an ASCII apostrophe or quote whose typographic spelling
    occurs in a page outside any link: (name, docname, count)."""
    terms: dict[str, list[str]] = facts["terms"]  # type: ignore[assignment]
    names = [name for group in terms.values() for name in group if re.search("['\"]", name)]
    if not names:
        return []
    misses: list[tuple[str, str, int]] = []
    for docname in facts["docs"]:  # type: ignore[attr-defined]
        page = outdir / "html" / f"{docname}.html"
        if not page.exists():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a"):
            a.decompose()
        text = soup.get_text().lower()
        for name in names:
            typographic = name.lower().replace("'", "\u2019").replace('"', "\u201d")
            if count := text.count(typographic):
                misses.append((name, docname, count))
    return misses


# -- verdict files -----------------------------------------------------------

FIELDS = ("key", "term", "text", "hints", "verdict", "category", "reason", "context")


def verdict_path(project: str, stage: str) -> Path:
    return VERDICTS / f"{project}-{stage}.tsv"


def read_verdicts(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader((line for line in file if not line.startswith("#")), delimiter="\t")
        return {row["key"]: row for row in rows}


def write_sample(
    path: Path,
    links: list[Link],
    size: int,
    seed: int,
    header: list[str],
    carry: list[Path] = [],  # noqa: B006
) -> list[dict[str, str]]:
    """The first ``size`` links of a seeded shuffle (prefix-stable: a larger
    sample keeps the rows of a smaller one), keeping verdicts already given.

    With ``carry``, a row without a verdict takes the verdict of a row of those
    files that shows the same link (same term, linked text and sentence): the
    same link read twice gets the same judgement."""
    order = sorted(links, key=lambda link: link.key)
    random.Random(seed).shuffle(order)
    old = read_verdicts(path)
    known: dict[tuple[str, str, str], dict[str, str]] = {}
    for other in carry:
        for row in read_verdicts(other).values():
            if row["verdict"] in ("right", "wrong"):
                known.setdefault((row["term"], row["text"], row["context"]), row)
    rows: list[dict[str, str]] = []
    for link in order[:size]:
        previous = old.get(link.key, {})
        same = previous.get("term") == link.term and previous.get("text") == link.text
        if not (same and previous.get("verdict")):
            carried = known.get((link.term, link.text, link.context))
            if carried is not None:
                previous, same = carried, True
        rows.append(
            {
                "key": link.key,
                "term": link.term,
                "text": link.text,
                "hints": link.hints,
                "verdict": previous.get("verdict", "") if same else "",
                "category": previous.get("category", "") if same else "",
                "reason": previous.get("reason", "") if same else "",
                "context": link.context,
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        for line in header:
            file.write(f"# {line}\n")
        writer = csv.DictWriter(file, FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def score(path: Path) -> None:
    rows = list(read_verdicts(path).values())
    judged = [row for row in rows if row["verdict"] in ("right", "wrong")]
    right = sum(row["verdict"] == "right" for row in judged)
    print(f"{path.relative_to(REPO)}: {len(judged)} of {len(rows)} judged")
    if judged:
        print(f"precision = {right}/{len(judged)} = {right / len(judged):.1%}")
    wrong = [row for row in judged if row["verdict"] == "wrong"]
    by_category = Counter(row["category"] or "other" for row in wrong)
    for category in CATEGORIES:
        if by_category[category]:
            print(f"  wrong, {category}: {by_category[category]}")
            for row in wrong:
                if (row["category"] or "other") == category:
                    print(f"    {row['term']!r}: {row['context']}  ({row['reason']})")
    bad = [row["key"] for row in rows if row["verdict"] not in ("right", "wrong", "")]
    if bad:
        print(f"  rows with an unknown verdict: {bad}")


# -- the command line --------------------------------------------------------


def git_revision() -> str:
    """The last commit that changed the package (``+dirty`` with local changes)."""
    result = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "sphinx_glossterms"],
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "sphinx_glossterms"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return result.stdout.strip() + ("+dirty" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", choices=sorted(PROJECTS))
    parser.add_argument("--stage", default="before", help="names the verdict file")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build")
    parser.add_argument("--sample", type=int, default=60, help="links in the sample")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--conf",
        default="",
        help="Python added to conf.py of the build with the extension (the recipe)",
    )
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="reuse the output of the last build of this stage (no timing)",
    )
    parser.add_argument(
        "--score-only", action="store_true", help="only print the precision of the verdicts"
    )
    parser.add_argument(
        "--carry",
        action="append",
        default=[],
        metavar="STAGE",
        help="take verdicts of identical links (term, text, sentence) from this stage's file",
    )
    args = parser.parse_args()
    project = PROJECTS[args.project]
    path = verdict_path(project.name, args.stage)
    if args.score_only:
        score(path)
        return

    ensure_venv(project)
    srcdir = prepare(project)
    work = CACHE / "out" / project.name / args.stage
    cpu: dict[str, list[float]] = {"without": [], "with": []}
    warnings: dict[str, int] = {}
    for run in range(0 if args.no_build else max(args.runs, 1)):
        for variant in ("without", "with"):
            outdir = work / (variant if run == 0 else f"{variant}-timing")
            seconds, wall, count = build(project, srcdir, outdir, variant, args.conf)
            cpu[variant].append(seconds)
            warnings[variant] = count
            log(f"run {run + 1} {variant}: {seconds:.1f} s CPU, {wall:.1f} s wall")
    if not args.no_build:
        for variant in ("without", "with"):
            shutil.rmtree(work / f"{variant}-timing", ignore_errors=True)

    facts = env_facts(work / "with")
    links = read_links(work / "with", facts)
    docs: list[str] = facts["docs"]  # type: ignore[assignment]
    terms: dict[str, list[str]] = facts["terms"]  # type: ignore[assignment]
    per_term = Counter(link.term for link in links)
    hints = Counter(hint for link in links for hint in link.hints.split(",") if hint)
    timing = "build ratio: not measured (--no-build)"
    if cpu["with"]:
        best = min(cpu["with"]) / min(cpu["without"])
        median = statistics.median(cpu["with"]) / statistics.median(cpu["without"])
        timing = f"build ratio with/without: best {best:.3f}, median {median:.3f}"
    summary = [
        f"project {project.name} ({project.requirement}), stage {args.stage}, "
        f"sphinx_glossterms at {git_revision()}",
        f"pages {len(docs)}, glossary entries {glossary_entries(work / 'with')}, "
        f"term names {sum(len(n) for n in terms.values())}",
        f"automatic links {len(links)} on {len({link.key.split('#')[0] for link in links})} "
        f"pages; hints: {dict(hints) or 'none'}",
        "most linked: " + ", ".join(f"{term} {count}" for term, count in per_term.most_common(8)),
        "CPU s without: " + " ".join(f"{s:.1f}" for s in cpu["without"]),
        "CPU s with:    " + " ".join(f"{s:.1f}" for s in cpu["with"]),
        timing,
        f"warnings without {warnings.get('without', '?')}, with {warnings.get('with', '?')}",
        f"sample: first {args.sample} of a shuffle with seed {args.seed}",
    ]
    if args.conf:
        summary.append(f"recipe: {' '.join(args.conf.split())}")
    for line in summary:
        print(line)
    misses = smart_quote_misses(work / "with", facts)
    for name, docname, count in misses:
        print(f"typographic spelling of {name!r} unlinked: {docname} ({count}x)")
    if not misses:
        print("no term name has an apostrophe or quote")
    carry = [verdict_path(project.name, stage) for stage in args.carry]
    rows = write_sample(path, links, args.sample, args.seed, summary, carry)
    print()
    for row in rows:
        verdict = row["verdict"] or "?"
        print(f"{verdict:5} {row['key']}  term={row['term']!r} {row['hints']}")
        print(f"      {row['context']}")
    print()
    score(path)


if __name__ == "__main__":
    main()
