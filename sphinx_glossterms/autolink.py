"""The autolinker: one automaton over every name form, and the post-transform.

All names, aliases and plural forms of the project go into a single
Aho–Corasick automaton (``pyahocorasick``), built once per build, so each text
node is scanned once whatever the number of terms.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.matching import Matcher as GlobMatcher

from . import nodes as gt
from .anchors import normalize_name, term_key
from .compat import get_builder
from .links import term_inline, term_reference

# Subtrees whose text is never linked: code, math, raw, titles and headings,
# existing references and targets, index/toctree machinery, our own blocks.
EXCLUDED_NODES: tuple[type, ...] = (
    nodes.FixedTextElement,  # literal_block, doctest_block, math_block, raw
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,  # also the card and section titles
    nodes.caption,
    nodes.Referential,  # reference, target, footnote/citation refs, title_reference
    nodes.Invisible,  # comment, substitution_definition, pending
    nodes.system_message,
    nodes.image,
    nodes.term,  # a classic glossary's own term line
    nodes.option_string,
    nodes.field_name,
    addnodes.not_smartquotable,  # literal_emphasis, literal_strong, desc_* nodes
    addnodes.pending_xref,
    addnodes.desc_signature,
    addnodes.toctree,
    addnodes.index,
    gt.term_card_related,
    gt.term_card_backlinks,
    gt.glossary_index,
    gt.glossary_graph,
)


def is_excluded(node: nodes.Node) -> bool:
    return isinstance(node, EXCLUDED_NODES)


def iter_text_runs(
    node: nodes.Node, skip: tuple[type[nodes.Node], ...] = ()
) -> Iterator[list[nodes.Text]]:
    """Runs of adjacent text nodes below ``node`` that may be linked, in order.

    A run is matched as one string: MyST, for one, gives each source line of a
    paragraph its own text node, and a name may run over a line break.
    Subtrees of the ``skip`` types below ``node`` are left out as well.
    """
    if isinstance(node, nodes.Text):
        yield [node]
        return
    # The stack holds elements still to visit and runs ready to yield.
    stack: list[nodes.Node | list[nodes.Text]] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            yield current
            continue
        if (
            not isinstance(current, nodes.Element)
            or is_excluded(current)
            or (current is not node and isinstance(current, skip))
        ):
            continue
        pending: list[nodes.Node | list[nodes.Text]] = []
        run: list[nodes.Text] = []
        for child in current.children:
            if isinstance(child, nodes.Text):
                run.append(child)
                continue
            if run:
                pending.append(run)
                run = []
            pending.append(child)
        if run:
            pending.append(run)
        stack.extend(reversed(pending))


def linkable_text(node: nodes.Node, skip: tuple[type[nodes.Node], ...] = ()) -> tuple[str, ...]:
    """The strings the autolinker matches below ``node`` (see ``iter_text_runs``)."""
    return tuple("".join(run) for run in iter_text_runs(node, skip))


def glossary_entry_keys(node: nodes.Node) -> set[str]:
    """Keys of the terms a classic glossary entry defines (empty for other nodes)."""
    if not isinstance(node, nodes.definition_list_item) or not isinstance(
        getattr(node.parent, "parent", None), addnodes.glossary
    ):
        return set()
    return {
        term_key(normalize_name(child.astext()))
        for child in node.children
        if isinstance(child, nodes.term)
    }


def _same_length_lower(text: str) -> str:
    """Lower-case without changing offsets (``"İ".lower()`` has two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Every whitespace character (line breaks, no-break spaces...) matches a space.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_TO_SPACE = str.maketrans(_WHITESPACE, " " * len(_WHITESPACE))
_SPACE_RUN_RE = re.compile(" {2,}")


def _normalize_space(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with each whitespace run as one space, and how to map offsets back.

    Returns the normalised text, the sorted normalised offsets just after each
    collapsed run, and the number of characters removed up to each of them.
    """
    spaced = text.translate(_TO_SPACE)
    if "  " not in spaced:
        return spaced, [], []
    pieces: list[str] = []
    stops: list[int] = []
    removed: list[int] = []
    last = total = 0
    for run in _SPACE_RUN_RE.finditer(spaced):
        start, end = run.span()
        pieces.append(spaced[last : start + 1])
        total += end - start - 1
        stops.append(start + 1 - (total - (end - start - 1)))
        removed.append(total)
        last = end
    pieces.append(spaced[last:])
    return "".join(pieces), stops, removed


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def is_acronym(form: str) -> bool:
    """All capitals ("HPG", "DHEA"): such a form only matches in capitals."""
    return any(c.isalpha() for c in form) and form == form.upper() != form.lower()


def plural_forms(form: str) -> list[str]:
    """Simple English plurals of a name's last word."""
    if not form or not form[-1].isalpha():
        return []
    if is_acronym(form):
        return [form + "s"]
    lower = form.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return [form + "es"]
    if lower.endswith("y") and len(form) > 1 and lower[-2] not in "aeiou":
        return [form[:-1] + "ies", form + "s"]
    return [form + "s"]


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    key: str  #: the matched term's key


_ASCII_NON_WORD = str.maketrans(
    {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")}
)
_OTHER_NON_WORD_RE = re.compile(r"[^\w\x00-\x7f]")


def _scan_form(text: str) -> str:
    """What the automaton sees: every non-word character a space.

    ASCII goes through ``str.translate`` (fast for ASCII text); the regular
    expression only has the rare other punctuation left to replace.
    """
    text = text.translate(_ASCII_NON_WORD)
    return text if text.isascii() else _OTHER_NON_WORD_RE.sub(" ", text)


class Matcher:
    """Every name form of the project in one automaton; leftmost-longest matches.

    Whitespace in the text matches whitespace in a name whatever its kind and
    length (a name may run over a line break). Where one spelling belongs to
    several forms, an exact-case form beats a case-insensitive one, and a name
    or alias beats another term's plural.

    The automaton scans the text with every non-word character turned into a
    space, and a form that starts (ends) with a letter is stored with a space
    before (after) it: so it only fires on whole words, whatever the number of
    terms, and the few hits are then checked against the text itself.
    """

    def __init__(
        self, forms: Iterable[tuple[str, str]], *, case_sensitive: bool, plurals: bool
    ) -> None:
        # scan key -> (priority..., tail, length, form, exact, key)
        table: dict[str, list[tuple[bool, bool, int, int, str, bool, str]]] = {}
        for form, key in forms:
            exact = case_sensitive or is_acronym(form)
            variants = [(form, False)]
            if plurals:
                variants += [(plural, True) for plural in plural_forms(form)]
            for variant, is_plural in variants:
                lowered = _same_length_lower(variant)
                before = " " if _is_word_char(variant[0]) else ""
                after = " " if _is_word_char(variant[-1]) else ""
                scan_key = before + _scan_form(lowered) + after
                # "tail" turns the scan's end index into an exclusive end
                entry = (
                    not exact,
                    is_plural,
                    1 - len(after),
                    len(variant),
                    variant if exact else lowered,
                    exact,
                    key,
                )
                bucket = table.setdefault(scan_key, [])
                if entry not in bucket:
                    bucket.append(entry)
        self._automaton: Any = None
        if table:
            automaton = ahocorasick.Automaton()
            for scan_key, entries in table.items():
                entries.sort(key=lambda e: (e[0], e[1]))
                automaton.add_word(scan_key, tuple(e[2:] for e in entries))
            automaton.make_automaton()
            self._automaton = automaton
        self.size = len(table)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping whole-word matches, the longest at each position."""
        if self._automaton is None or not text:
            return []
        norm, stops, removed = _normalize_space(text)
        lowered = _same_length_lower(norm)
        candidates: list[tuple[int, int, str]] = []
        last = len(norm) - 1
        at_boundaries = self._at_boundaries
        # Offsets below are in the padded strings: index i of ``norm`` is i + 1.
        texts = (" " + lowered + " ", " " + norm + " ")
        padded = texts[1]
        for end_index, entries in self._automaton.iter(" " + _scan_form(lowered) + " "):
            for tail, length, form, exact, key in entries:
                end = end_index + tail  # exclusive
                start = end - length
                if texts[exact][start:end] != form:
                    continue
                # The scan already saw a non-word character (or nothing) on each
                # side; only a hyphen or a non-ASCII mark needs a closer look.
                before, after = padded[start - 1], padded[end]
                if (
                    before == "-" or after == "-" or before > "\x7f" or after > "\x7f"
                ) and not at_boundaries(norm, start - 1, end - 2, last):
                    continue
                candidates.append((start - 1, -length, key))
                break
        if not candidates:
            return []
        candidates.sort()
        chosen: list[Match] = []
        position = 0
        for start, negative_length, key in candidates:
            if start >= position:
                position = start - negative_length
                if stops:
                    chosen.append(
                        Match(
                            start + _shift(stops, removed, start),
                            position + _shift(stops, removed, position - 1),
                            key,
                        )
                    )
                else:
                    chosen.append(Match(start, position, key))
        return chosen

    @staticmethod
    def _at_boundaries(text: str, start: int, end: int, last: int) -> bool:
        """Whole words only; a hyphenated word ("drive-related") is one word."""
        if start > 0 and _is_word_char(text[start]):
            before = text[start - 1]
            if _is_word_char(before):
                return False
            if before == "-" and start > 1 and _is_word_char(text[start - 2]):
                return False
        if end < last and _is_word_char(text[end]):
            after = text[end + 1]
            if _is_word_char(after):
                return False
            if after == "-" and end + 1 < last and _is_word_char(text[end + 2]):
                return False
        return True


def _shift(stops: list[int], removed: list[int], position: int) -> int:
    """Characters removed by whitespace collapsing before normalised ``position``."""
    index = bisect.bisect_right(stops, position)
    return removed[index - 1] if index else 0


def link_text(
    run: list[nodes.Text],
    matches: list[Match],
    make_link: Callable[[str, Match], nodes.Node | None],
) -> None:
    """Wrap matches in a run of sibling text nodes in links.

    The text itself never changes: the run is only re-split around the links.
    """
    text = "".join(run)
    pieces: list[nodes.Node] = []
    position = 0
    for match in matches:
        link = make_link(text[match.start : match.end], match)
        if link is None:
            continue
        if match.start > position:
            pieces.append(nodes.Text(text[position : match.start]))
        pieces.append(link)
        position = match.end
    if not pieces:
        return
    if position < len(text):
        pieces.append(nodes.Text(text[position:]))
    parent = run[0].parent
    assert parent is not None
    # By identity: text nodes are strings, equal text would compare equal.
    index = next(i for i, child in enumerate(parent.children) if child is run[0])
    parent[index : index + len(run)] = pieces


class AutolinkTransform(SphinxPostTransform):
    """Wrap mentions of terms in links (``glossterms_autolink``)."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        config = self.config
        mode = config.glossterms_autolink
        docname = self.env.docname
        excluded = GlobMatcher(list(config.glossterms_autolink_exclude))
        if mode == "none" or excluded(docname):
            return
        domain: Any = self.env.get_domain("glossterms")
        matcher: Matcher = domain.matcher()
        if not matcher.size:
            return
        builder = get_builder(self.env)
        terms = domain.terms

        def make_reference(text: str, key: str) -> nodes.Node:
            return term_reference(builder, docname, terms[key], term_inline(text), automatic=True)

        linker = Linker(matcher, make_reference, config.glossterms_autolink_first_only)
        if mode == "all":
            linker.walk(self.document, set(), set())
        else:
            for card in list(self.document.findall(gt.term_card)):
                linker.walk(card, set(), set())


class Linker:
    """Walks a subtree, one "first mention" scope per card and per section.

    ``make_reference(text, key)`` makes the link node around a mention.
    """

    def __init__(
        self,
        matcher: Matcher,
        make_reference: Callable[[str, str], nodes.Node],
        first_only: bool,
    ) -> None:
        self.matcher = matcher
        self.make_reference = make_reference
        self.first_only = first_only

    def walk(self, node: nodes.Element, seen: set[str], own: set[str]) -> None:
        """Link text below ``node``; ``seen`` is the current first-mention scope and
        ``own`` the terms whose definition this is (never linked to themselves)."""
        if isinstance(node, gt.term_card):
            seen, own = set(), {term_key(node["glossterms_name"])}
        elif isinstance(node, nodes.section):
            seen = set()
        elif entry_keys := glossary_entry_keys(node):
            own = own | entry_keys
        run: list[nodes.Text] = []
        for child in list(node.children):
            if isinstance(child, nodes.Text):
                run.append(child)
                continue
            if run:
                self.link(run, seen, own)
                run = []
            if isinstance(child, nodes.Element) and not is_excluded(child):
                self.walk(child, seen, own)
        if run:
            self.link(run, seen, own)

    def link(self, run: list[nodes.Text], seen: set[str], own: set[str]) -> None:
        matches = self.matcher.find("".join(run))
        if not matches:
            return

        def make_link(text: str, match: Match) -> nodes.Node | None:
            if match.key in own or (self.first_only and match.key in seen):
                return None
            seen.add(match.key)
            return self.make_reference(text, match.key)

        link_text(run, matches, make_link)
