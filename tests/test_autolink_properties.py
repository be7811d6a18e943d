"""Property-based tests of the matcher and the link walk on generated documents.

The matcher is checked against a slow, obviously correct definition of
"leftmost-longest whole-word match"; the walk is run on docutils doctrees of
generated reStructuredText.
"""

from __future__ import annotations

import re
import sys

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx import addnodes

from sphinx_glossterms.autolink import link_run
from sphinx_glossterms.matcher import (
    _WHITESPACE,
    Matcher,
    _is_word_char,
    is_acronym,
    plain_quotes,
    plural_forms,
)
from sphinx_glossterms.matcher import (
    GLUE as GLUE_CHARS,
)
from sphinx_glossterms.traversal import is_excluded, text_runs

WORDS = ["axis", "HPG", "drive", "dopamine", "état", "hormone", "x", "ab", "abc", "x's", "ab’s"]
GLUE = [" ", "  ", "\n", ", ", "-", "(", ")", ". ", "’s ", "_", "2", "é"]
GLUE += [".", "/", "::", ":", "@", "=", "'", "’", "“", '"']


def reference_find(
    text: str, forms: list[tuple[str, str]], plurals: bool, blockers: tuple[str, ...] = ()
) -> list[tuple[int, int, str]]:
    """Leftmost-longest whole-word matches, by brute force (single spaces only).

    Blockers (skip phrases) take part in the choice, win a tie, and are then
    dropped; typographic quotes compare equal to ASCII ones; a word joined to
    another by glue (``.``, ``/``, ``::``, ``@``, ``=``, ``-``) is not whole.
    """
    variants: list[tuple[str, str, bool]] = []
    every = [(phrase, "") for phrase in blockers] + sorted(forms)
    for form, key in every:
        form = plain_quotes(form)
        exact = is_acronym(form)
        variants.append((form, key, exact))
        if plurals:
            variants += [(p, key, exact) for p in plural_forms(form)]
    text = plain_quotes(text)

    def whole(start: int, end: int) -> bool:
        def joined(i: int, step: int) -> bool:  # glue: "-", ".", "/", "@", "=", "::"
            if text[i] in GLUE_CHARS:
                j = i + step
            elif text[i] == ":" and 0 <= i + step < len(text) and text[i + step] == ":":
                j = i + 2 * step
            else:
                return False
            return 0 <= j < len(text) and _is_word_char(text[j])

        if (
            start > 0
            and _is_word_char(text[start])
            and (_is_word_char(text[start - 1]) or joined(start - 1, -1))
        ):
            return False
        return not (
            end < len(text)
            and _is_word_char(text[end - 1])
            and (_is_word_char(text[end]) or joined(end, 1))
        )

    found = []
    position = 0
    for start in range(len(text)):
        if start < position:
            continue
        best: tuple[int, str] | None = None
        for form, key, exact in variants:
            end = start + len(form)
            piece = text[start:end]
            same = piece == form if exact else piece.lower() == form.lower()
            if same and whole(start, end) and (best is None or end > best[0]):
                best = (end, key)
        if best is not None:
            if best[1]:  # a blocker takes its place and makes no match
                found.append((start, best[0], best[1]))
            position = best[0]
    return found


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
term_sets = st.lists(names, min_size=1, max_size=6, unique_by=str.lower)
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=30).map("".join)


skip_sets = st.lists(names, max_size=3, unique_by=str.lower).map(tuple)


@settings(max_examples=400, deadline=None)
@given(term_sets, texts, st.booleans(), skip_sets)
def test_matcher_is_leftmost_longest_whole_words(
    terms: list[str], text: str, plurals: bool, skips: tuple[str, ...]
) -> None:
    forms = [(name, name.lower()) for name in terms]
    # The reference knows single spaces only; whitespace runs are the matcher's.
    text = re.sub(r"\s+", " ", text)
    got = Matcher(forms, case_sensitive=False, plurals=plurals, blockers=skips).find(text)
    expected = reference_find(text, forms, plurals, skips)
    assert [(m.start, m.end, m.key) for m in got] == expected


@settings(max_examples=200, deadline=None)
@given(term_sets, texts)
def test_whitespace_runs_match_like_single_spaces(terms: list[str], text: str) -> None:
    matcher = Matcher([(n, n.lower()) for n in terms], case_sensitive=False, plurals=True)
    single = re.sub(r"\s+", " ", text)
    assert [text[m.start : m.end].split() for m in matcher.find(text)] == [
        single[m.start : m.end].split() for m in matcher.find(single)
    ]


# -- documents ---------------------------------------------------------------

INLINE = st.sampled_from(
    [
        "``{w}``",
        ":math:`{w}`",
        "`{w} <https://example.org>`_",
        "*{w}*",
        "**{w}**",
        "{w}",
        "{w}",
        "{w}",
        ":title-reference:`{w}`",
        "[#]_",
    ]
)
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        template = draw(INLINE)
        parts.append(template.format(w=draw(phrase)))
    separator = draw(st.sampled_from([" ", "\n", " and ", ", "]))
    return separator.join(parts) + "."


@st.composite
def documents(draw: st.DrawFn) -> str:
    out = ["Title " + draw(phrase), "=" * 40, ""]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                [
                    "para",
                    "para",
                    "section",
                    "subsection",
                    "code",
                    "literal",
                    "rubric",
                    "raw",
                    "note",
                    "list",
                    "math",
                ]
            )
        )
        if kind == "para":
            out += [draw(paragraphs()), ""]
        elif kind == "section":
            out += [draw(phrase), "-" * 40, "", draw(paragraphs()), ""]
        elif kind == "subsection":
            out += [draw(phrase), "~" * 40, "", draw(paragraphs()), ""]
        elif kind == "code":
            out += [".. code:: text", "", "   " + draw(phrase), ""]
        elif kind == "literal":
            out += ["::", "", "   " + draw(phrase), ""]
        elif kind == "rubric":
            out += [".. rubric:: " + draw(phrase), ""]
        elif kind == "raw":
            out += [".. raw:: html", "", "   " + draw(phrase), ""]
        elif kind == "note":
            out += [".. note:: " + draw(paragraphs()).replace("\n", " "), ""]
        elif kind == "list":
            out += ["- " + draw(paragraphs()).replace("\n", " "), ""]
        elif kind == "math":
            out += [".. math::", "", "   " + draw(phrase), ""]
    out += [".. [#] " + draw(phrase), ""]
    return "\n".join(out)


def parse(source: str) -> nodes.document:
    return publish_doctree(
        source,
        settings_overrides={
            "report_level": 5,
            "halt_level": 5,
            "warning_stream": False,
        },
    )


def autolink(document: nodes.document, terms: list[str], first_only: bool) -> None:
    """The autolinker's own walk and linking, without a Sphinx build."""
    matcher = Matcher([(n, n.lower()) for n in terms], case_sensitive=False, plurals=True)
    for run, scope in text_runs(document):
        if matches := matcher.find("".join(run)):
            link_run(run, matches, scope, first_only)


def is_autolink(node: nodes.Node) -> bool:
    return isinstance(node, addnodes.pending_xref) and node.get("glossterms_auto", False)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), term_sets, st.booleans())
def test_linking_a_document(source: str, terms: list[str], first_only: bool) -> None:
    document = parse(source)
    before = document.astext()
    autolink(document, terms, first_only)

    # the text never changes
    assert document.astext() == before
    forms = {n.lower() for n in terms}
    forms |= {p.lower() for n in terms for p in plural_forms(n)}
    for link in document.findall(is_autolink):
        ancestors = []
        parent = link.parent
        while parent is not None:
            ancestors.append(parent)
            parent = parent.parent
        # never a link in a link, never inside an excluded node
        assert not any(isinstance(a, nodes.reference | addnodes.pending_xref) for a in ancestors)
        assert not any(is_excluded(a) for a in ancestors)
        # the link text is a name form (case and whitespace aside)
        assert " ".join(link.astext().split()).lower() in forms


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), term_sets)
def test_first_mention_only_per_section(source: str, terms: list[str]) -> None:
    document = parse(source)
    autolink(document, terms, first_only=True)

    def own_links(section: nodes.Element) -> list[str]:
        keys: list[str] = []
        stack = list(section.children)
        while stack:
            node = stack.pop(0)
            if isinstance(node, nodes.section):
                continue  # a scope of its own
            if is_autolink(node):
                keys.append(node["reftarget"])
            elif isinstance(node, nodes.Element):
                stack[:0] = node.children
        return keys

    for scope in [document, *document.findall(nodes.section)]:
        keys = own_links(scope)
        assert len(keys) == len(set(keys))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), term_sets)
def test_links_take_the_longest_match(source: str, terms: list[str]) -> None:
    """Linking every mention wraps exactly the matcher's matches of each run."""
    document = parse(source)
    matcher = Matcher([(n, n.lower()) for n in terms], case_sensitive=False, plurals=True)
    expected = [
        "".join(run)[m.start : m.end]
        for run, _ in text_runs(document)
        for m in matcher.find("".join(run))
    ]
    autolink(document, terms, first_only=False)
    assert [link.astext() for link in document.findall(is_autolink)] == expected


def test_the_whitespace_written_out_is_what_python_calls_whitespace() -> None:
    every = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert every == _WHITESPACE
