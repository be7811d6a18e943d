"""Benchmark: term cards with automatic links against Sphinx's own glossary.

The same generated corpus is built in three flavours with ``sphinx-build -E -b
html -q`` (a subprocess each, so every build starts cold):

``classic``
    Sphinx's ``glossary`` directive, a hand-written ``:term:`` at the first
    mention of each term in every section; no extension.
``cards``
    ``term-card`` directives and ``glossterms_autolink = "all"``: the same
    prose without markup, linked automatically.
``none``
    The same prose with no glossary at all (the cost of Sphinx alone).

Then the matcher alone: the time to scan the same text with ten times more
terms in the automaton.

Run ``python bench/bench_autolink.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "qui",
    "ro",
    "sa",
    "te",
    "vi",
    "wo",
    "xa",
    "yu",
    "ze",
    "bra",
    "cle",
    "dri",
    "fla",
    "glo",
    "pre",
    "sto",
    "tru",
    "vel",
    "mar",
    "ton",
    "rin",
    "sel",
    "dor",
    "cas",
    "len",
]
FILLER = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "as",
    "on",
    "by",
    "an",
    "be",
    "this",
    "which",
    "are",
    "from",
    "or",
    "at",
    "it",
    "its",
    "into",
    "their",
    "often",
    "than",
    "more",
    "most",
    "such",
    "these",
    "those",
    "when",
    "while",
    "where",
]


@dataclass(frozen=True)
class Term:
    name: str
    aliases: tuple[str, ...]
    definition: str


def make_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_terms(rng: random.Random, words: list[str], count: int) -> list[Term]:
    """Names of one to three words; some have an alias, some are acronyms."""
    names: dict[str, str] = {}  # lower case -> name: no two terms share a key
    while len(names) < count:
        size = rng.choice((1, 2, 2, 3))
        name = " ".join(rng.choice(words) for _ in range(size)).capitalize()
        if rng.random() < 0.05:
            name = name.replace(" ", "")[:4].upper()
        names.setdefault(name.lower(), name)
    terms = []
    taken = set(names)
    for name in names.values():
        aliases: tuple[str, ...] = ()
        alias = f"{name} {rng.choice(words)}".lower()
        if rng.random() < 0.2 and alias not in taken:
            taken.add(alias)
            aliases = (alias,)
        terms.append(Term(name, aliases, ""))
    return terms


def sentence(rng: random.Random, words: list[str], terms: list[Term]) -> list[object]:
    """A sentence as a list of words and ``Term`` mentions (one every ~12 words)."""
    out: list[object] = []
    for _ in range(rng.randint(10, 20)):
        roll = rng.random()
        if roll < 0.08:
            out.append(rng.choice(terms))
        elif roll < 0.55:
            out.append(rng.choice(FILLER))
        else:
            out.append(rng.choice(words))
    return out


@dataclass
class Corpus:
    terms: list[Term]
    definitions: list[list[list[object]]]  #: per term, sentences
    pages: list[list[list[list[object]]]]  #: page -> section -> sentences


def make_corpus(n_terms: int, n_pages: int, seed: int = 1) -> Corpus:
    rng = random.Random(seed)
    terms = make_terms(rng, make_words(rng, max(2000, n_terms * 2)), n_terms)
    # The prose between mentions uses no word of any term (nor its plural): a
    # filler word equal to a one-word name would be linked automatically but not
    # by hand, and the flavours would then make different links (at 2,000 terms
    # the cards flavour made 61 % more links on the prose pages than classic).
    words = term_free_words(terms, rng, max(4000, n_terms * 4))
    definitions = [[sentence(rng, words, terms) for _ in range(3)] for _ in terms]
    pages = [
        [[sentence(rng, words, terms) for _ in range(12)] for _ in range(3)] for _ in range(n_pages)
    ]
    return Corpus(terms, definitions, pages)


def render(sentences: list[list[object]], mention: Callable[[Term, bool], str]) -> str:
    """Prose with each term written by ``mention(term, first_in_scope)``."""
    seen: set[str] = set()
    lines = []
    for words in sentences:
        parts = []
        for word in words:
            if isinstance(word, Term):
                parts.append(mention(word, word.name not in seen))
                seen.add(word.name)
            else:
                parts.append(str(word))
        line = " ".join(parts)
        # Only the first letter: str.capitalize() would lower-case acronyms, which
        # the autolinker (rightly) leaves unlinked but :term: still resolves.
        lines.append(line[:1].upper() + line[1:] + ".")
    # wrap into paragraphs of four sentences
    return "\n\n".join("\n".join(lines[i : i + 4]) for i in range(0, len(lines), 4))


def write_corpus(corpus: Corpus, flavour: str, root: Path) -> None:
    root.mkdir(parents=True)
    if flavour == "cards":
        conf = 'extensions = ["sphinx_glossterms"]\nglossterms_autolink = "all"\n'
    else:
        conf = "extensions = []\n"
    (root / "conf.py").write_text(conf + 'project = "bench"\n', encoding="utf-8")

    def plain(term: Term, first: bool) -> str:
        return term.name

    def classic(term: Term, first: bool) -> str:
        return f":term:`{term.name}`" if first else term.name

    mention = classic if flavour == "classic" else plain
    docs: list[str] = []
    chunk = 100
    if flavour != "none":
        for g, start in enumerate(range(0, len(corpus.terms), chunk)):
            name = f"glossary{g:03d}"
            docs.append(name)
            out = [f"Glossary {g}", "=" * 20, ""]
            if flavour == "classic":
                out += [".. glossary::", ""]
            for term, definition in zip(
                corpus.terms[start : start + chunk],
                corpus.definitions[start : start + chunk],
                strict=True,
            ):
                # each definition is its own scope, as a card is
                body = render(definition, mention)
                if flavour == "classic":
                    out.append(f"   {term.name}")
                    out.extend(f"   {alias}" for alias in term.aliases)
                    out.extend(f"      {line}" if line else "" for line in body.split("\n"))
                else:
                    out.append(f".. term-card:: {term.name}")
                    if term.aliases:
                        out.append(f"   :aliases: {', '.join(term.aliases)}")
                    out.append("")
                    out.extend(f"   {line}" if line else "" for line in body.split("\n"))
                out.append("")
            (root / f"{name}.rst").write_text("\n".join(out), encoding="utf-8")
    for p, sections in enumerate(corpus.pages):
        name = f"page{p:04d}"
        docs.append(name)
        out = [f"Page {p}", "=" * 20, ""]
        for s, sentences in enumerate(sections):
            out += [f"Section {s}", "-" * 20, "", render(sentences, mention), ""]
        (root / f"{name}.rst").write_text("\n".join(out), encoding="utf-8")
    index = ["Bench", "=====", "", ".. toctree::", "   :maxdepth: 1", ""]
    index += [f"   {doc}" for doc in docs]
    (root / "index.rst").write_text("\n".join(index) + "\n", encoding="utf-8")


def time_build(src: Path, repeat: int) -> float:
    """Best CPU time (user + system) of ``sphinx-build -E -b html -q``.

    CPU time of the child process, not wall time: other processes on the
    machine barely change it. Each run writes to a fresh output directory.
    """
    times = []
    for _ in range(repeat):
        out = src.parent / f"{src.name}-out"
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-E", "-b", "html", "-q", str(src), str(out)],
            check=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


def bench_builds(n_terms: int, n_pages: int, repeat: int, workdir: Path) -> None:
    corpus = make_corpus(n_terms, n_pages)
    results: dict[str, float] = {}
    for flavour in ("none", "classic", "cards"):
        src = workdir / f"{flavour}-{n_terms}-{n_pages}"
        write_corpus(corpus, flavour, src)
        results[flavour] = time_build(src, repeat)
    print(
        f"builds, {n_terms} terms / {n_pages} pages (CPU time, best of {repeat}): "
        f"none {results['none']:.2f}s, classic+:term: {results['classic']:.2f}s, "
        f"cards+autolink=all {results['cards']:.2f}s"
    )
    print(
        f"  ratio cards/classic = {results['cards'] / results['classic']:.3f}"
        f"  (target <= 1.10);  classic/none = {results['classic'] / results['none']:.3f}"
    )


def bench_matcher(n_terms: int, n_chars: int, repeat: int) -> None:
    """Matcher time on the same text with ``n_terms`` and ten times as many terms.

    The text mentions only the smaller set, so both automatons find the same
    links: the figure shows the cost of the number of terms, not of the links.
    """
    from sphinx_glossterms.matcher import Matcher

    rng = random.Random(2)
    big = 10 * n_terms
    words = make_words(rng, max(4000, big * 4))
    # Term names and the rest of the prose use different words, so the extra
    # terms are not mentioned (but share syllables, hence partial hits).
    term_words, prose_words = words[::2], words[1::2]
    terms = make_terms(rng, term_words, big)
    small = terms[:n_terms]
    paragraphs: list[str] = []
    size = 0
    while size < n_chars:
        text = render([sentence(rng, prose_words, small) for _ in range(4)], lambda t, f: t.name)
        paragraphs.append(text)
        size += len(text)

    def forms(subset: list[Term]) -> list[tuple[str, str]]:
        return [(form, t.name.lower()) for t in subset for form in (t.name, *t.aliases)]

    matchers = {
        label: Matcher(forms(subset), case_sensitive=False, plurals=True)
        for label, subset in (("small", small), ("big", terms))
    }
    runs: dict[str, list[float]] = {"small": [], "big": []}
    found: dict[str, int] = {}
    # Interleaved, best of ``repeat``, in CPU time of this process: other
    # processes on the machine only ever slow a run down.
    for _ in range(repeat):
        for label, matcher in matchers.items():
            start = time.process_time()
            found[label] = sum(len(matcher.find(p)) for p in paragraphs)
            runs[label].append(time.process_time() - start)
    figures = {label: (min(times), found[label]) for label, times in runs.items()}
    (t_small, f_small), (t_big, f_big) = figures["small"], figures["big"]
    print(
        f"matcher on {size:,} characters ({len(paragraphs)} paragraphs, CPU time, best "
        f"of {repeat}): {n_terms} terms {t_small * 1000:.1f} ms ({f_small} matches), "
        f"{big} terms {t_big * 1000:.1f} ms ({f_big} matches)"
    )
    print(f"  ratio {big}/{n_terms} terms = {t_big / t_small:.3f}  (target <= 1.2)")


def term_free_words(terms: list[Term], rng: random.Random, count: int = 4000) -> list[str]:
    """Prose words that are neither a word of any of ``terms`` nor its plural."""
    from sphinx_glossterms.matcher import plural_forms

    taken = {w for t in terms for form in (t.name, *t.aliases) for w in form.lower().split()}
    taken |= {p for w in list(taken) for p in plural_forms(w)}
    return [w for w in make_words(rng, count) if w not in taken]


def same_pages_corpora(sizes: tuple[int, ...], n_mentioned: int, n_pages: int) -> dict[int, Corpus]:
    """Corpora of ``sizes`` terms that share the same ``n_pages`` pages.

    The pages mention only the first ``n_mentioned`` terms and use no word of
    any term, so every corpus makes exactly the same links on them: what
    differs is only the number of terms (and their glossary pages). Each
    definition mentions terms of its own corpus only, with the same words.
    """
    big = make_corpus(max(sizes), n_pages)
    rng = random.Random(3)
    words = term_free_words(big.terms, rng)
    mentioned = big.terms[:n_mentioned]
    pages = [
        [[sentence(rng, words, mentioned) for _ in range(12)] for _ in range(3)]
        for _ in range(n_pages)
    ]
    corpora = {}
    for size in sizes:
        terms = big.terms[:size]
        rng = random.Random(size)
        definitions = [[sentence(rng, words, terms) for _ in range(3)] for _ in terms]
        corpora[size] = Corpus(terms, definitions, pages)
    return corpora


def bench_transform(n_terms: int, n_pages: int, repeat: int, workdir: Path) -> None:
    """The autolink post-transform in real builds: the same pages, ten times the terms.

    Both projects have the same ``n_pages`` pages, which mention only the first
    ``n_terms`` terms; one defines those terms as cards, the other ten times as
    many. Only the transform's time on those pages counts (CPU time, in process).
    """
    from sphinx.application import Sphinx

    from sphinx_glossterms.autolink import AutolinkTransform

    corpora = same_pages_corpora((n_terms, 10 * n_terms), n_terms, n_pages)
    small, big = corpora[n_terms], corpora[10 * n_terms]

    spent: dict[str, float] = {}
    original = AutolinkTransform.run

    def timed_run(self: AutolinkTransform, **kwargs: object) -> None:
        start = time.process_time()
        original(self, **kwargs)
        if self.env.docname.startswith("page"):
            spent["total"] = spent.get("total", 0.0) + time.process_time() - start

    AutolinkTransform.run = timed_run  # type: ignore[method-assign]
    try:
        sources = {}
        for label, corpus in (("small", small), ("big", big)):
            sources[label] = workdir / f"transform-{label}"
            write_corpus(corpus, "cards", sources[label])
        times: dict[str, list[float]] = {"small": [], "big": []}
        # Interleaved runs, a collected heap before each: the first build of a
        # process also pays for imports, so the best of ``repeat`` counts.
        for _ in range(repeat):
            for label, src in sources.items():
                spent.clear()
                out = workdir / f"transform-{label}-out"
                shutil.rmtree(out, ignore_errors=True)
                gc.collect()
                app = Sphinx(
                    src,
                    src,
                    out,
                    out / ".doctrees",
                    "html",
                    status=None,
                    warning=None,
                    freshenv=True,
                )
                app.build()
                times[label].append(spent["total"])
        results = {label: min(values) for label, values in times.items()}
    finally:
        AutolinkTransform.run = original  # type: ignore[method-assign]
    print(
        f"autolink transform on the same {n_pages} pages (CPU time, best of {repeat}): "
        f"{n_terms} terms {results['small'] * 1000:.0f} ms, "
        f"{10 * n_terms} terms {results['big'] * 1000:.0f} ms"
    )
    print(
        f"  ratio {10 * n_terms}/{n_terms} terms = {results['big'] / results['small']:.3f}"
        "  (target <= 1.2)"
    )


def parse_size(text: str) -> tuple[int, int]:
    terms, _, pages = text.partition("/")
    return int(terms), int(pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="*",
        type=parse_size,
        default=[(300, 100), (2000, 400)],
        metavar="TERMS/PAGES",
        help="corpus sizes to build (default: 300/100 2000/400)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="builds per flavour (best)")
    parser.add_argument(
        "--matcher-terms",
        type=int,
        default=300,
        help="terms of the small automaton (the big one has 10x)",
    )
    parser.add_argument(
        "--matcher-chars",
        type=int,
        default=400_000,
        help="characters of text scanned by the matcher",
    )
    parser.add_argument("--skip-builds", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    args = parser.parse_args(argv)

    bench_matcher(args.matcher_terms, args.matcher_chars, max(args.repeat, 15))
    if args.skip_builds:
        return
    with tempfile.TemporaryDirectory() as tmp:
        bench_transform(args.matcher_terms, 100, args.repeat, Path(tmp))
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        for terms, pages in args.sizes:
            bench_builds(terms, pages, args.repeat, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for terms, pages in args.sizes:
                bench_builds(terms, pages, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
