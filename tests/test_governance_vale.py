"""The Vale vocabulary export (DESIGN §6): ``glossterms-vale/`` next to ``glossterms.json``.

The ``vale`` binary is not needed: the files are checked against Vale's documented
formats (a vocabulary is one regular expression per line, ``#`` starts a comment; a
``substitution`` rule is YAML with ``extends``, ``message``, ``level``, ``ignorecase``
and a ``swap`` mapping of observed pattern to expected text) and snapshotted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.vocabulary import (
    regex_literal,
    rule_yaml,
    substitution_rule,
    successors,
    vocabulary_files,
)

ROOTS = [
    pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root), id=root)
    for root in ("governance-rst", "governance-myst")
]


def _vale(app: SphinxTestApp) -> dict[str, str]:
    directory = Path(app.outdir) / "glossterms-vale"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("root", ROOTS)
def test_vale_files_snapshot(app: SphinxTestApp, root: str, file_regression: Any) -> None:
    app.build()
    files = _vale(app)
    assert sorted(files) == ["Terms.yml", "accept.txt", "reject.txt"]
    # reST and MyST roots define the same terms: one snapshot for both
    for name, text in files.items():
        stem, _, extension = name.partition(".")
        file_regression.check(text, basename=f"vale_{stem}", extension=f".{extension}")


@pytest.mark.sphinx("html", testroot="governance-rst")
def test_vocabularies_follow_vale_format(app: SphinxTestApp) -> None:
    app.build()
    files = _vale(app)
    payload = json.loads((Path(app.outdir) / "glossterms.json").read_text(encoding="utf-8"))
    rows = {row["name"]: row for row in payload["terms"]}
    for name in ("accept.txt", "reject.txt"):
        lines = files[name].splitlines()
        assert lines, name
        assert files[name].endswith("\n")
        # one entry a line, no blank lines, none read as a comment, no duplicates
        assert all(line and not line.startswith("#") for line in lines)
        assert len(lines) == len(set(lines))
        for line in lines:
            re.compile(line)
    accepted = [re.compile(line) for line in files["accept.txt"].splitlines()]
    rejected = [re.compile(line) for line in files["reject.txt"].splitlines()]

    def accepted_form(form: str) -> bool:
        return any(p.fullmatch(form) for p in accepted)

    def rejected_form(form: str) -> bool:
        return any(p.fullmatch(form) for p in rejected)

    # every current name, alias and abbreviation matches itself as written
    for form in ("Signal (C++) Binding", "#binding", "a|b", "HPG", "DHEA", "gonadal axis"):
        assert accepted_form(form), form
        assert not rejected_form(form), form
    assert not accepted_form("a")
    assert not accepted_form("Signal C Binding")
    # a word's first letter may be either case, as the glossary links both;
    # acronyms and the rest of a word keep their capitals
    for form in ("signal (C++) binding", "Gonadal axis", "hormonal restoration"):
        assert accepted_form(form), form
    for form in ("hpg", "Dhea", "signal (c++) binding", "gonadal AXIS"):
        assert not accepted_form(form), form
    assert rejected_form("hormone replacement protocol")
    # deprecated terms (all their names) and deprecated aliases are rejected, not accepted
    for form in (
        "Hormone Replacement Protocol",
        "replacement protocol",
        "Endocrine Tuning",
        "hormone rebalancing",
    ):
        assert rejected_form(form), form
        assert not accepted_form(form), form
    assert rows["Hormonal Restoration"]["deprecated_aliases"] == ["hormone rebalancing"]
    assert rows["Hormone Replacement Protocol"]["status"] == "deprecated"


@pytest.mark.sphinx("html", testroot="governance-rst")
def test_terms_rule_is_a_vale_substitution(app: SphinxTestApp) -> None:
    app.build()
    rule = yaml.safe_load(_vale(app)["Terms.yml"])
    assert rule["extends"] == "substitution"
    assert rule["level"] in {"suggestion", "warning", "error"}
    assert rule["message"].count("%s") == 2
    assert rule["ignorecase"] is True
    swap = rule["swap"]
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in swap.items())
    # deprecated name and aliases -> the successor; deprecated alias -> its own term
    assert swap == {
        "hormone rebalancing": "Hormonal Restoration",
        "Hormone Replacement Protocol": "Hormonal Restoration",
        "replacement protocol": "Hormonal Restoration",
    }
    # a deprecated term without a successor has nothing to swap to
    assert "Endocrine Tuning" not in swap


def test_html_builders_only(make_app: Any, tmp_path: Path, rootdir: Path) -> None:
    for builder in ("text", "latex"):
        app = make_app(builder, srcdir=rootdir / "test-governance-rst", builddir=tmp_path / builder)
        app.build()
        assert not (Path(app.outdir) / "glossterms-vale").exists()


def _row(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "aliases": [], "status": "active", "superseded_by": "", **fields}


def test_successor_chains_and_unknown_successors() -> None:
    rows = [
        _row("Old", status="deprecated", superseded_by="middle"),  # an alias, any case
        _row("Mid", aliases=["Middle"], status="deprecated", superseded_by="New"),
        _row("New", aliases=["older new"], deprecated_aliases=["older new"]),
        _row("Gone", status="deprecated", superseded_by="Elsewhere Term"),
        _row("Loop A", status="deprecated", superseded_by="Loop B"),
        _row("Loop B", status="deprecated", superseded_by="Loop A"),
    ]
    assert successors(rows) == {
        "Old": "New",
        "Mid": "New",
        "Middle": "New",
        "older new": "New",
        "Gone": "Elsewhere Term",  # not a term here: as written
    }


@pytest.mark.parametrize(
    "text",
    ["C++", "HPG (axis)", "a.b", "50% [x]", "$HOME", "^start", "{x}", "back\\slash", "é ü 語"],
)
def test_regex_literal_matches_itself_only(text: str) -> None:
    pattern = re.compile(regex_literal(text))
    assert pattern.fullmatch(text)
    assert not pattern.fullmatch(text + "x")


def test_regex_literal_keeps_plain_names_as_written() -> None:
    for name in ("HPG axis", "Crohn's disease", "hypothalamic-pituitary-gonadal", "naïve"):
        assert regex_literal(name) == name
    assert regex_literal("#tag") == "\\#tag"  # not a comment line


@pytest.mark.parametrize(
    "name",
    [
        'say "hi"',
        "key: value",
        "# not a comment",
        "- dash",
        "*star",
        "&anchor",
        "yes",
        "null",
        "tab\there",
        "emoji 🧪",
        "back\\slash",
        "{braces}",
        "'single'",
    ],
)
def test_rule_yaml_round_trips(name: str) -> None:
    rows = [
        _row(name, status="deprecated", superseded_by="Target: new"),
        _row("Target: new"),
    ]
    rule = substitution_rule(rows)
    loaded = yaml.safe_load(rule_yaml(rule))
    assert loaded == rule
    assert loaded["swap"] == {regex_literal(name): "Target: new"}


def test_empty_glossary_files() -> None:
    files = dict(vocabulary_files({"version": 1, "terms": []}))
    assert files["accept.txt"] == files["reject.txt"] == ""
    assert yaml.safe_load(files["Terms.yml"])["swap"] == {}


def test_vocabulary_capitals_follow_the_matching() -> None:
    rows = [_row("Dopamine"), _row("HPG Axis", aliases=["JavaScript engine", "C"])]
    payload = {"version": 1, "terms": rows}
    loose = dict(vocabulary_files(payload))["accept.txt"].splitlines()
    assert loose == [
        "C",
        "[Dd]opamine",
        "HPG [Aa]xis",
        "JavaScript [Ee]ngine",
    ]
    # glossterms_case_sensitive: every name exactly as written
    strict = dict(vocabulary_files(payload, case_sensitive=True))["accept.txt"].splitlines()
    assert strict == ["C", "Dopamine", "HPG Axis", "JavaScript engine"]
