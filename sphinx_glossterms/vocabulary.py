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
from typing import TYPE_CHECKING, Any, NamedTuple

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

#: Vale's message for a ``substitution`` rule: expected first, then observed.
RULE_MESSAGE = "Use '%s' instead of '%s' (see the glossary)."
RULE_LEVEL = "warning"

#: The characters Go's ``regexp.QuoteMeta`` escapes, each to itself escaped.
_REGEX_ESCAPES = str.maketrans({c: f"\\{c}" for c in "\\.+*?()|[]{}^$"})
#: Any of them: most names hold none, and a search is cheaper than ``str.translate``.
_REGEX_META_RE = re.compile(r"[\\.+*?()|\[\]{}^$]")

Row = Mapping[str, Any]


def regex_literal(text: str) -> str:
    """``text`` as a Go (RE2) regular expression that matches exactly ``text``.

    Only the characters Go's ``regexp.QuoteMeta`` escapes are escaped, so a
    plain name stays as written. A leading ``#`` is escaped too: Vale reads a
    vocabulary line starting with ``#`` as a comment.
    """
    escaped = text.translate(_REGEX_ESCAPES) if _REGEX_META_RE.search(text) else text
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


#: Words of a form, and the spaces and hyphens between them.
_WORD_BREAK_RE = re.compile(r"([ -])")


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
    parts = _WORD_BREAK_RE.split(form)
    for i in range(0, len(parts), 2):  # the words; a space or hyphen needs no escape
        word = parts[i]
        if _either_case(word):
            parts[i] = f"[{word[0].upper()}{word[0].lower()}]{regex_literal(word[1:])}"
        else:
            parts[i] = regex_literal(word)
    return "".join(parts)


def _fold(name: str) -> str:
    """How names are compared: case-insensitively, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def _strings(row: Row, field: str) -> list[str]:
    value = row.get(field)
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value if item]


def _all_forms(row: Row) -> list[str]:
    """The name, aliases and abbreviation of a row, each once, in that order."""
    names = [str(row["name"]), *_strings(row, "aliases"), *_strings(row, "abbreviation")]
    return list(dict.fromkeys(names))


class Forms(NamedTuple):
    """A row's forms, each once, in the order of :func:`_all_forms`."""

    current: list[str]  #: in use
    deprecated: list[str]  #: not to be used: all of them for a deprecated term


def forms_of(row: Row) -> Forms:
    """The current and the deprecated forms of a row."""
    forms = _all_forms(row)
    if row.get("status") == "deprecated":
        return Forms([], forms)
    if not row.get("deprecated_aliases"):
        return Forms(forms, [])
    deprecated = set(_strings(row, "deprecated_aliases"))
    return Forms([f for f in forms if f not in deprecated], [f for f in forms if f in deprecated])


def _order(form: str) -> tuple[str, str]:
    """Case-insensitive order of names as written (ties by code point)."""
    return (form.casefold(), form)


def _entries(forms: Iterable[str], case_sensitive: bool) -> list[str]:
    """Vocabulary lines: each form once, sorted as written (see :func:`vocabulary_pattern`)."""
    lines = (vocabulary_pattern(f, case_sensitive) for f in sorted(set(forms), key=_order))
    return list(dict.fromkeys(lines))


def accept_entries(forms: Iterable[Forms], case_sensitive: bool = False) -> list[str]:
    """Lines of ``accept.txt``: every current name, alias and abbreviation."""
    return _entries((form for row in forms for form in row.current), case_sensitive)


def reject_entries(forms: Iterable[Forms], case_sensitive: bool = False) -> list[str]:
    """Lines of ``reject.txt``: every deprecated name and alias."""
    return _entries((form for row in forms for form in row.deprecated), case_sensitive)


def successors(terms: Iterable[Row], forms: Iterable[Forms] | None = None) -> dict[str, str]:
    """Each deprecated form, as written, to the name of the term to use instead
    (``forms``: each row's :func:`forms_of`, when already made).

    A deprecated alias of a current term is replaced by the term's name; a
    deprecated term by its ``superseded_by`` (written as the successor's name,
    following a chain of deprecated successors). A deprecated term without a
    successor, or whose successor chain ends in nothing current, has none.
    """
    rows = list(terms)
    split = list(forms) if forms is not None else [forms_of(row) for row in rows]
    deprecated = [(row, f.deprecated) for row, f in zip(rows, split, strict=True) if f.deprecated]
    if not deprecated:
        return {}
    by_form: dict[str, Row] = {}
    for row, f in zip(rows, split, strict=True):
        for form in (*f.current, *f.deprecated):
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
    for row, forms_deprecated in deprecated:
        target = current_name(row)
        if target is None:
            continue
        for form in forms_deprecated:
            if _fold(form) != _fold(target):
                swaps.setdefault(form, target)
    return swaps


def substitution_rule(terms: Iterable[Row], forms: Iterable[Forms] | None = None) -> dict[str, Any]:
    """The Vale ``substitution`` rule (``Terms.yml``) as data."""
    swaps = successors(terms, forms)
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
    forms = [forms_of(row) for row in terms]  # once per row, for all three files
    yield ACCEPT_FILENAME, _lines(accept_entries(forms, case_sensitive))
    yield REJECT_FILENAME, _lines(reject_entries(forms, case_sensitive))
    yield RULE_FILENAME, rule_yaml(substitution_rule(terms, forms))


def write_vale(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after ``glossterms.json``): write ``glossterms-vale/``."""
    if exception is not None or not is_web_html(app.builder):
        return
    # the data glossterms.json was written from (its ``vocabulary_fields``), rather than
    # the file read back
    rows = get_domain(app.env).exported
    if rows is None:
        return
    case_sensitive = get_config(app.env).case_sensitive
    # most builds change none of the fields the files are made of, and skip the making
    directory = Path(app.outdir) / VALE_DIR
    files = [directory / name for name in (ACCEPT_FILENAME, REJECT_FILENAME, RULE_FILENAME)]
    made = MadeFrom(Path(app.doctreedir) / STAMP_FILENAME, files, (rows, case_sensitive))
    if made.current():
        return
    directory.mkdir(exist_ok=True)
    for filename, text in vocabulary_files({"terms": rows}, case_sensitive):
        write_if_changed(directory / filename, text)
    made.written()
