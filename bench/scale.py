"""Scale benchmark: a generated project of many term cards, built with sphinx-build.

    python bench/scale.py                      # 10,000 terms on 1,000 pages
    python bench/scale.py --terms 2000 --pages 200 --jobs auto
    python bench/scale.py --baseline           # the same project, no extension

Every card has aliases, related terms, a definition that mentions other terms,
and "Origin" and "Mechanism" sections; pages also carry prose that mentions
terms, and one page holds the glossary index. The script reports the wall time
of a fresh ``sphinx-build -b html`` and the peak resident memory of the build
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest process, so with ``-j``
the largest worker or the main process, not their sum).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = [
    "an",
    "ba",
    "cor",
    "da",
    "el",
    "fen",
    "gal",
    "hor",
    "is",
    "ju",
    "ka",
    "lem",
    "mor",
    "nex",
    "ol",
    "pra",
    "qui",
    "ros",
    "sul",
    "tor",
    "ur",
    "vin",
    "wex",
    "xa",
    "yor",
    "zel",
    "tri",
    "neu",
    "gon",
    "ste",
]
FILLER = [
    "the",
    "a",
    "of",
    "in",
    "and",
    "is",
    "to",
    "by",
    "with",
    "as",
    "for",
    "its",
    "which",
    "when",
    "from",
    "acts",
    "level",
    "signal",
    "balance",
    "function",
    "response",
    "system",
    "pathway",
    "during",
    "through",
    "may",
    "can",
    "often",
]

CONF = """\
project = "glossterms scale benchmark"
extensions = [{extensions}]
exclude_patterns = ["_build"]
html_theme = "alabaster"
glossterms_autolink = "{autolink}"
suppress_warnings = ["glossterms.unused"]
"""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make_terms(count: int, rng: random.Random) -> list[dict[str, list[str] | str]]:
    """Unique names, each with zero to two unique aliases and up to three related."""
    seen: set[str] = set()

    def fresh(candidate: str) -> str:
        name = candidate
        while name.lower() in seen:
            name = f"{candidate} {_word(rng)}"
        seen.add(name.lower())
        return name

    terms: list[dict[str, list[str] | str]] = []
    for _ in range(count):
        name = fresh(f"{_word(rng)} {_word(rng)}")
        aliases = [fresh(f"{name} {rng.choice(['protocol', 'axis', 'effect'])}")]
        if rng.random() < 0.5:
            aliases.append(fresh("".join(w[0] for w in name.split()) + _word(rng).upper()))
        terms.append({"name": name, "aliases": aliases[: rng.randint(0, 2)]})
    names = [str(t["name"]) for t in terms]
    for term in terms:
        term["related"] = rng.sample(names, rng.randint(0, 3))
    return terms


def _sentence(rng: random.Random, mentions: list[str], words: int = 25) -> str:
    parts = [rng.choice(FILLER) for _ in range(words)]
    for mention in mentions:
        parts.insert(rng.randrange(len(parts) + 1), mention)
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def _mention(term: dict[str, list[str] | str], rng: random.Random) -> str:
    aliases = list(term["aliases"])
    return rng.choice([str(term["name"]), *aliases])


def card_rst(term: dict[str, list[str] | str], all_terms: list, rng: random.Random) -> str:
    others = [_mention(t, rng) for t in rng.sample(all_terms, 4)]
    lines = [f".. term-card:: {term['name']}"]
    if term["aliases"]:
        lines.append(f"   :aliases: {', '.join(term['aliases'])}")
    if term["related"]:
        lines.append(f"   :related: {', '.join(term['related'])}")
    lines.append(f"   :category: {rng.choice(['Endocrinology', 'Neurology', 'Metabolism'])}")
    lines += ["", "   " + _sentence(rng, others[:2]) + " " + _sentence(rng, []), ""]
    lines += ["   .. term-origin::", "", "      " + _sentence(rng, others[2:3]), ""]
    lines += ["   .. term-mechanism::", "", "      " + _sentence(rng, others[3:]), ""]
    return "\n".join(lines) + "\n"


def generate(src: Path, terms: int, pages: int, seed: int, baseline: bool, autolink: str) -> None:
    rng = random.Random(seed)
    all_terms = make_terms(terms, rng)
    src.mkdir(parents=True)
    extensions = "" if baseline else '"sphinx_glossterms"'
    (src / "conf.py").write_text(CONF.format(extensions=extensions, autolink=autolink))
    index = ["Scale benchmark", "===============", "", ".. toctree::", "   :glob:", ""]
    index += ["   glossary-index", "   pages/*", ""]
    (src / "index.rst").write_text("\n".join(index))
    title = "Glossary index\n==============\n\n"
    body = title if baseline else title + ".. glossary-index::\n"
    (src / "glossary-index.rst").write_text(body)
    (src / "pages").mkdir()
    per_page = -(-terms // pages)
    for number in range(pages):
        chunk = all_terms[number * per_page : (number + 1) * per_page]
        heading = f"Page {number:04d}"
        text = [heading, "=" * len(heading), ""]
        mentions = [_mention(t, rng) for t in rng.sample(all_terms, 3)]
        text += [_sentence(rng, mentions, 40), ""]
        for term in chunk:
            if baseline:  # the same text without the extension: plain paragraphs
                card = card_rst(term, all_terms, rng)
                card = re.sub(r"^\s*\.\. term-\w+::.*$|^\s*:\w+:.*$", "", card, flags=re.M)
                text.append(
                    f"**{term['name']}**\n\n"
                    + "\n".join(line.strip() for line in card.splitlines())
                )
            else:
                text.append(card_rst(term, all_terms, rng))
        (src / "pages" / f"page-{number:04d}.rst").write_text("\n".join(text))


def build(src: Path, out: Path, jobs: str) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E"]
    if jobs != "1":
        command += ["-j", jobs]
    start = time.perf_counter()
    result = subprocess.run(
        [*command, str(src), str(out)], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"sphinx-build failed:\n{result.stderr[-4000:]}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return elapsed, peak_kib, result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--jobs", default="1", help='sphinx-build -j value, e.g. "auto"')
    parser.add_argument("--autolink", default="all", choices=["cards", "all", "none"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", action="store_true", help="same text, no extension")
    parser.add_argument("--keep", type=Path, help="write the project here and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="glossterms-scale-"))
    src, out = work / "src", work / "html"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    try:
        generate(src, args.terms, args.pages, args.seed, args.baseline, args.autolink)
        elapsed, peak_kib, stderr = build(src, out, args.jobs)
        html_bytes = sum(p.stat().st_size for p in out.rglob("*.html"))
        report = {
            "terms": args.terms,
            "pages": args.pages,
            "jobs": args.jobs,
            "autolink": args.autolink,
            "extension": not args.baseline,
            "wall_seconds": round(elapsed, 1),
            "peak_rss_mib": round(peak_kib / 1024, 1),
            "html_mib": round(html_bytes / 2**20, 1),
            "warnings": stderr.count("WARNING"),
        }
        print(
            f"{args.terms} terms / {args.pages} pages (-j {args.jobs}, "
            f"autolink={args.autolink}{', baseline' if args.baseline else ''}): "
            f"{elapsed:.1f} s wall, peak RSS {peak_kib / 1024:.0f} MiB, "
            f"{report['html_mib']} MiB HTML, {report['warnings']} warnings"
        )
        print(json.dumps(report))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
