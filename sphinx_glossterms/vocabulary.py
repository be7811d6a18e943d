"""The Vale vocabulary export (DESIGN §6): the glossary as a style linter's word lists.

HTML builders write, next to ``glossterms.json``, a directory ``glossterms-vale/``:

- ``accept.txt``: every current name, alias and abbreviation, one per line;
- ``reject.txt``: every deprecated name and alias;
- ``Terms.yml``: a Vale ``substitution`` rule from each deprecated form to the
  term to use instead.

Everything here reads the ``glossterms.json`` payload (plain dicts and lists),
never the extension's internal types, so the files always agree with the JSON
export: the build hands over the very data it wrote the file from. Vale reads
every line of a vocabulary and every ``swap`` key as a regular expression (Go's
RE2 syntax), so a name with regular-expression metacharacters (``C++``,
``HPG (axis)``) is written escaped. Vale also checks that prose writes an accepted
word with its exact capitals (``Vale.Terms``), and flags rejected ones only as
written: unless ``glossterms_case_sensitive`` is on, a word's first letter is
therefore written as ``[Dd]``, so "Dopamine" and "dopamine" both pass, as both
are linked (acronyms keep their capitals).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .builders import is_web_html
from .config import get_config
from .domain import get_domain
from .export import MadeFrom, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

VALE_DIR = "glossterms-vale"
ACCEPT_FILENAME = "accept.txt"
REJECT_FILENAME = "reject.txt"
RULE_FILENAME = "Terms.yml"
#: What the files were last written from (:class:`~.export.MadeFrom`), in the doctree directory
STAMP_FILENAME = "glossterms-vale.json"

#: The fields of ``glossterms.json``'s terms the files are made of (no other is read)
FIELDS = ("name", "aliases", "abbreviation", "status", "superseded_by", "deprecated_aliases")

#: Vale's message for a ``substitution`` rule: expected first, then observed.
RULE_MESSAGE = "Use '%s' instead of '%s' (see the glossary)."
RULE_LEVEL = "warning"

#: The characters Go's ``regexp.QuoteMeta`` escapes, each to itself escaped.
_REGEX_ESCAPES = str.maketrans({c: f"\\{c}" for c in "\\.+*?()|[]{}^$"})

Row = Mapping[str, Any]


def regex_literal(text: str) -> str:
    """``text`` as a Go (RE2) regular expression that matches exactly ``text``.

    Only the characters Go's ``regexp.QuoteMeta`` escapes are escaped, so a
    plain name stays as written. A leading ``#`` is escaped too: Vale reads a
    vocabulary line starting with ``#`` as a comment.
    """
    escaped = text.translate(_REGEX_ESCAPES)
    return f"\\{escaped}" if escaped.startswith("#") else escaped


def _either_case(word: str) -> bool:
    """Whether a word's first letter may be written in either case: a word that
    is lower case after its first letter (``Dopamine``, ``drive``), not an
    acronym or a word with capitals of its own (``DHEA``, ``JavaScript``)."""
    first, rest = word[:1], word[1:]
    return (
        first.upper() != first.lower()
        and len(first.upper()) == len(first.lower()) == 1
        and rest == rest.lower()
        and word != word.upper()  # "C", "X": one-letter acronyms
    )


def vocabulary_pattern(form: str, case_sensitive: bool = False) -> str:
    """``form`` as a vocabulary line: a regular expression for the form as written,
    in which (unless the project matches case-sensitively) each word's first
    letter may be either case.

    Vale checks accepted words for their exact capitals (``Vale.Terms``): a card
    titled "Dopamine" would otherwise make every "dopamine" in prose an alert,
    while the glossary itself links both. Acronyms and words with capitals of
    their own keep them.
    """
    if case_sensitive:
        return regex_literal(form)
    parts = []
    for word in re.split(r"([ -])", form):  # words, and the spaces and hyphens between
        if _either_case(word):
            parts.append(f"[{word[0].upper()}{word[0].lower()}]{regex_literal(word[1:])}")
        else:
            parts.append(regex_literal(word))
    return "".join(parts)


def _fold(name: str) -> str:
    """How names are compared: case-insensitively, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def _strings(row: Row, field: str) -> list[str]:
    value = row.get(field) or []
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value if item]


def _all_forms(row: Row) -> list[str]:
    """The name, aliases and abbreviation of a row, each once, in that order."""
    names = [str(row["name"]), *_strings(row, "aliases"), *_strings(row, "abbreviation")]
    return list(dict.fromkeys(names))


def deprecated_forms(row: Row) -> list[str]:
    """Forms of a row that should not be used: all of them for a deprecated term."""
    if row.get("status") == "deprecated":
        return _all_forms(row)
    deprecated = set(_strings(row, "deprecated_aliases"))
    return [form for form in _all_forms(row) if form in deprecated]


def current_forms(row: Row) -> list[str]:
    """Forms of a row that are in use."""
    deprecated = set(deprecated_forms(row))
    return [form for form in _all_forms(row) if form not in deprecated]


def _order(form: str) -> tuple[str, str]:
    """Case-insensitive order of names as written (ties by code point)."""
    return (form.casefold(), form)


def _entries(forms: Iterable[str], case_sensitive: bool) -> list[str]:
    """Vocabulary lines: each form once, sorted as written (see :func:`vocabulary_pattern`)."""
    lines = (vocabulary_pattern(f, case_sensitive) for f in sorted(set(forms), key=_order))
    return list(dict.fromkeys(lines))


def accept_entries(terms: Iterable[Row], case_sensitive: bool = False) -> list[str]:
    """Lines of ``accept.txt``: every current name, alias and abbreviation."""
    return _entries((form for row in terms for form in current_forms(row)), case_sensitive)


def reject_entries(terms: Iterable[Row], case_sensitive: bool = False) -> list[str]:
    """Lines of ``reject.txt``: every deprecated name and alias."""
    return _entries((form for row in terms for form in deprecated_forms(row)), case_sensitive)


def successors(terms: Iterable[Row]) -> dict[str, str]:
    """Each deprecated form, as written, to the name of the term to use instead.

    A deprecated alias of a current term is replaced by the term's name; a
    deprecated term by its ``superseded_by`` (written as the successor's name,
    following a chain of deprecated successors). A deprecated term without a
    successor, or whose successor chain ends in nothing current, has none.
    """
    rows = list(terms)
    deprecated = [(row, forms) for row in rows if (forms := deprecated_forms(row))]
    if not deprecated:
        return {}
    by_form: dict[str, Row] = {}
    for row in rows:
        for form in _all_forms(row):
            by_form.setdefault(_fold(form), row)

    def current_name(row: Row) -> str | None:
        seen: set[str] = set()
        while row.get("status") == "deprecated":
            if _fold(str(row["name"])) in seen:
                return None  # a cycle of successors
            seen.add(_fold(str(row["name"])))
            successor = str(row.get("superseded_by") or "")
            if not successor:
                return None
            if (found := by_form.get(_fold(successor))) is None:
                return successor  # not a term of this project: as written
            row = found
        return str(row["name"])

    swaps: dict[str, str] = {}
    for row, forms in deprecated:
        target = current_name(row)
        if target is None:
            continue
        for form in forms:
            if _fold(form) != _fold(target):
                swaps.setdefault(form, target)
    return swaps


def substitution_rule(terms: Iterable[Row]) -> dict[str, Any]:
    """The Vale ``substitution`` rule (``Terms.yml``) as data."""
    swaps = successors(terms)
    return {
        "extends": "substitution",
        "message": RULE_MESSAGE,
        "level": RULE_LEVEL,
        "ignorecase": True,
        "swap": {regex_literal(form): swaps[form] for form in sorted(swaps, key=_order)},
    }


def _yaml_scalar(value: Any) -> str:
    """A YAML scalar: booleans bare, strings double-quoted (JSON is valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def rule_yaml(rule: Mapping[str, Any]) -> str:
    """``Terms.yml``'s text: a flat mapping, with the ``swap`` mapping nested in it.

    Every string is double-quoted with JSON escapes, which YAML reads as the
    same string whatever it holds (``:``, ``#``, quotes, leading ``*``...).
    """
    lines = [
        "# Generated by sphinx-glossterms from the glossary; do not edit.",
        "# Deprecated names and aliases, and the term to use instead.",
    ]
    for key, value in rule.items():
        if isinstance(value, Mapping):
            if not value:
                lines.append(f"{key}: {{}}")
                continue
            lines.append(f"{key}:")
            lines.extend(f"  {_yaml_scalar(k)}: {_yaml_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def _lines(entries: list[str]) -> str:
    return "".join(f"{entry}\n" for entry in entries)


def vocabulary_files(
    payload: Mapping[str, Any], case_sensitive: bool = False
) -> Iterator[tuple[str, str]]:
    """(file name, text) of each file of ``glossterms-vale/``."""
    terms: list[Row] = list(payload.get("terms", []))
    yield ACCEPT_FILENAME, _lines(accept_entries(terms, case_sensitive))
    yield REJECT_FILENAME, _lines(reject_entries(terms, case_sensitive))
    yield RULE_FILENAME, rule_yaml(substitution_rule(terms))


def write_vale(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after ``glossterms.json``): write ``glossterms-vale/``."""
    if exception is not None or not is_web_html(app.builder):
        return
    # the data glossterms.json was written from, rather than the file read back
    payload = get_domain(app.env).exported
    if payload is None:
        return
    case_sensitive = get_config(app.env).case_sensitive
    # the fields the files are made of: most builds change none, and skip the making
    rows = [{key: row.get(key) for key in FIELDS} for row in payload.get("terms", [])]
    directory = Path(app.outdir) / VALE_DIR
    files = [directory / name for name in (ACCEPT_FILENAME, REJECT_FILENAME, RULE_FILENAME)]
    made = MadeFrom(Path(app.doctreedir) / STAMP_FILENAME, files, (rows, case_sensitive))
    if made.current():
        return
    directory.mkdir(exist_ok=True)
    for filename, text in vocabulary_files({"terms": rows}, case_sensitive):
        write_if_changed(directory / filename, text)
    made.written()
