"""Terms from data files: ``.. term-cards:: terms.yaml`` (also ``.csv``, ``.json``).

A file holds a list of terms, or ``{"format": "rst" | "myst", "terms": [...]}``
(CSV: one term per row, lists comma-separated, sections as ``sections.<Title>``
columns). Every entry is checked against the JSON Schema shipped in
``schemas/term-cards.schema.json``; a bad entry is one ``glossterms.source``
warning at its line and the others are kept.

Each entry is turned into the source text of a ``term-card`` directive (reST,
or a MyST fence when its texts are MyST) whose lines point back at the data
file, and that text is parsed in place. So the ``term-card`` directive itself
builds the card: the same nodes, anchors, standard terms and warnings as a card
written by hand, located in the data file.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import json.decoder
import json.scanner
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import languages, states
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from .builders import is_web_html
from .directives import TermCard, comma_list
from .messages import Subtype, warn
from .names import fold

if TYPE_CHECKING:
    import jsonschema
    import yaml
    from sphinx.application import Sphinx

# ``yaml`` and ``jsonschema`` are imported where a data file is read: a project
# without ``term-cards`` does not pay their import on every build.

SCHEMA_PATH = Path(__file__).parent / "schemas" / "term-cards.schema.json"
#: Written next to ``glossterms.json`` by HTML builders.
SCHEMA_FILENAME = "term-cards.schema.json"
FORMATS = ("rst", "myst")

#: Keys that become ``term-card`` options, in the order they are written.
LIST_OPTIONS = ("aliases", "related", "category", "deprecated-aliases")
TEXT_OPTIONS = ("summary", "abbreviation", "status", "superseded-by")
FLAG_OPTIONS = ("no-autolink",)
#: Section titles with a directive of their own (compared case-insensitively).
SECTION_DIRECTIVES = {"origin": "term-origin", "mechanism": "term-mechanism"}
_TRUE = {"true", "yes", "1", "x"}
_FALSE = {"false", "no", "0"}


class DataFileError(Exception):
    """The file cannot be read or parsed as a whole."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Entry:
    """One term of a data file, as loaded (checked later)."""

    row: int  #: 1-based number among the file's entries
    line: int  #: 1-based line where the entry starts
    data: Any
    #: First line of a text's content, by key ("definition", "sections.<title>"),
    #: when each of its lines maps onto a line of the file.
    text_lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DataFile:
    format: str | None
    entries: tuple[Entry, ...]


# -- loading -------------------------------------------------------------------


def _yaml_text_line(node: yaml.Node) -> int | None:
    import yaml

    """Line of a literal block scalar's first content line (1-based)."""
    if isinstance(node, yaml.ScalarNode) and node.style == "|":
        return node.start_mark.line + 2
    return None


def _yaml_positions(node: yaml.Node) -> list[tuple[int, dict[str, int]]]:
    import yaml

    """(line, text lines) of each item of the sequence of entries."""
    if isinstance(node, yaml.MappingNode):
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "terms"]
        if not found:
            return []
        node = found[0]
    if not isinstance(node, yaml.SequenceNode):
        return []
    positions: list[tuple[int, dict[str, int]]] = []
    for item in node.value:
        lines: dict[str, int] = {}
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if key.value == "definition" and (line := _yaml_text_line(value)):
                    lines["definition"] = line
                if key.value == "sections" and isinstance(value, yaml.MappingNode):
                    for title, text in value.value:
                        if line := _yaml_text_line(text):
                            lines[f"sections.{title.value}"] = line
        positions.append((item.start_mark.line + 1, lines))
    return positions


def _load_yaml(text: str) -> tuple[Any, list[tuple[int, dict[str, int]]]]:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        return loader.construct_document(root), _yaml_positions(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        parts = (getattr(error, "context", None), getattr(error, "problem", None))
        message = ": ".join(str(p) for p in parts if p) or str(error)
        raise DataFileError(message, mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


def _load_json(text: str) -> tuple[Any, list[tuple[int, dict[str, int]]]]:
    """Parse JSON, remembering where each object starts (the C scanner cannot)."""
    starts: dict[int, int] = {}
    # Not in the typeshed stubs: the pure-Python scanner and its object parser.
    decoder: Any = json.JSONDecoder()
    parse: Any = cast(Any, json.decoder).JSONObject

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        value, end = parse(s_and_end, *args)
        starts[id(value)] = s_and_end[1] - 1
        return value, end

    decoder.parse_object = parse_object
    decoder.scan_once = cast(Any, json.scanner).py_make_scanner(decoder)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as error:
        raise DataFileError(error.msg, error.lineno) from None
    items = data.get("terms") if isinstance(data, dict) else data
    positions: list[tuple[int, dict[str, int]]] = [
        (text.count("\n", 0, starts[id(item)]) + 1 if id(item) in starts else 1, {})
        for item in (items if isinstance(items, list) else [])
    ]
    return data, positions


def _csv_value(key: str, value: str) -> Any:
    if key in FLAG_OPTIONS:
        lowered = value.strip().lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else value
    return value


def _load_csv(text: str) -> tuple[Any, list[tuple[int, dict[str, int]]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="(extra cells)")
    rows: list[dict[str, Any]] = []
    positions: list[tuple[int, dict[str, int]]] = []
    try:
        start = 2
        for row in reader:
            entry: dict[str, Any] = {}
            for raw_key, raw_value in row.items():
                value = raw_value.strip() if isinstance(raw_value, str) else raw_value
                if value is None or value == "" or value == []:
                    continue
                key = raw_key.strip()
                if key.startswith("sections."):
                    entry.setdefault("sections", {})[key.removeprefix("sections.")] = value
                else:
                    entry[key] = _csv_value(key, value) if isinstance(value, str) else value
            rows.append(entry)
            positions.append((start, {}))
            start = reader.line_num + 1
    except csv.Error as error:
        raise DataFileError(str(error), reader.line_num) from None
    return rows, positions


LOADERS = {".yaml": _load_yaml, ".yml": _load_yaml, ".json": _load_json, ".csv": _load_csv}


def load(path: Path) -> DataFile:
    """Read a data file; :class:`DataFileError` when it cannot be used at all."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DataFileError(f"unknown file type {path.suffix!r} (use .yaml, .csv or .json)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(error)) from None
    data, positions = loader(text)
    if data is None:
        raise DataFileError("the file holds no terms", 1)
    file_errors = list(_file_validator().iter_errors(data))
    if file_errors:
        raise DataFileError(_describe(_best_match(file_errors)), 1)
    items = data["terms"] if isinstance(data, dict) else data
    entries = tuple(
        Entry(row, line, item, lines)
        for row, (item, (line, lines)) in enumerate(zip(items, positions, strict=True), start=1)
    )
    return DataFile(data.get("format") if isinstance(data, dict) else None, entries)


# -- checking ------------------------------------------------------------------


@functools.cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def _best_match(errors: list[jsonschema.ValidationError]) -> jsonschema.ValidationError:
    import jsonschema

    best: jsonschema.ValidationError = jsonschema.exceptions.best_match(errors)
    return best


@functools.cache
def _file_validator() -> jsonschema.protocols.Validator:
    """The file's shape: the schema with any entry accepted (entries are checked one by one)."""
    import jsonschema

    shape = copy.deepcopy(schema())
    shape["$defs"]["term"] = {}
    return jsonschema.Draft202012Validator(shape)


@functools.cache
def _entry_validator() -> jsonschema.protocols.Validator:
    import jsonschema

    return jsonschema.Draft202012Validator({"$ref": "#/$defs/term", "$defs": schema()["$defs"]})


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message


def entry_error(entry: Entry) -> str | None:
    """What is wrong with an entry (the most relevant schema error), or None."""
    errors = list(_entry_validator().iter_errors(entry.data))
    if not errors:
        return None
    return _describe(_best_match(errors))


def _names(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return comma_list(value) if isinstance(value, str) else comma_list(",".join(value))


# -- directive source ----------------------------------------------------------

Lines = list[tuple[str, int]]  #: generated text lines with their line in the data file


def _options(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``term-card`` options of an entry, as (name, one-line value)."""
    options: list[tuple[str, str]] = []
    for key in LIST_OPTIONS:
        if key in data:
            options.append((key, ", ".join(_names(data[key]))))
    for key in TEXT_OPTIONS:
        if key in data:
            options.append((key, " ".join(str(data[key]).split())))
    options.extend((key, "") for key in FLAG_OPTIONS if data.get(key))
    return options


def _texts(entry: Entry) -> list[tuple[str | None, str, int, bool]]:
    """(section title or None, text, first line, lines exact) of the definition and sections."""
    data = entry.data
    texts: list[tuple[str | None, str, int, bool]] = []
    line = entry.text_lines.get("definition")
    texts.append((None, data.get("definition", ""), line or entry.line, line is not None))
    for title, text in data.get("sections", {}).items():
        line = entry.text_lines.get(f"sections.{title}")
        texts.append((" ".join(title.split()), text, line or entry.line, line is not None))
    return texts


def _text_lines(text: str, first: int, exact: bool, indent: str) -> Lines:
    return [
        (f"{indent}{line}" if line.strip() else "", first + i if exact else first)
        for i, line in enumerate(text.strip("\n").splitlines())
    ]


def rst_source(entry: Entry) -> Lines:
    """The entry as a reST ``term-card`` directive."""
    at = entry.line
    lines: Lines = [(f".. term-card:: {' '.join(entry.data['name'].split())}", at)]
    lines += [(f"   :{key}: {value}".rstrip(), at) for key, value in _options(entry.data)]
    for title, text, first, exact in _texts(entry):
        if title is None:
            if text.strip():
                lines += [("", at), *_text_lines(text, first, exact, "   ")]
            continue
        directive = SECTION_DIRECTIVES.get(title.lower())
        head = f".. {directive}::" if directive else f".. term-section:: {title}"
        lines += [("", at), (f"   {head}", first), ("", first)]
        lines += _text_lines(text, first, exact, "      ")
    return lines


def _fence_length(texts: list[str]) -> int:
    """Backticks for the section fences: longer than any fence in the texts."""
    longest = 0
    for text in texts:
        for line in text.splitlines():
            stripped = line.lstrip()
            longest = max(longest, len(stripped) - len(stripped.lstrip("`")))
    return max(3, longest + 1)


def myst_source(entry: Entry) -> str:
    """The entry as a MyST ``term-card`` fence (backticks: no extension needed)."""
    texts = _texts(entry)
    inner = "`" * _fence_length([text for _, text, _, _ in texts])
    outer = inner + "`"
    lines = [f"{outer}{{term-card}} {' '.join(entry.data['name'].split())}"]
    # Quoted, so that "#" or ": " in a value is not read as YAML syntax.
    for key, value in _options(entry.data):
        lines.append(f":{key}: {json.dumps(value, ensure_ascii=False)}")
    for title, text, _, _ in texts:
        if title is None:
            if text.strip():
                lines += ["", text.strip("\n")]
            continue
        directive = SECTION_DIRECTIVES.get(title.lower())
        head = f"{{{directive}}}" if directive else f"{{term-section}} {title}"
        lines += ["", f"{inner}{head}", text.strip("\n"), inner]
    lines.append(outer)
    return "\n".join(lines) + "\n"


# -- the directive -------------------------------------------------------------


class TermCards(SphinxDirective):
    """``.. term-cards:: PATH``: one ``term-card`` per entry of a data file."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {"category": comma_list}

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(rel)  # editing the file re-reads this document
        try:
            data_file = load(Path(path))
        except DataFileError as error:
            location = f"{path}:{error.line}" if error.line else self.get_location()
            warn(f"cannot read term data file {rel!r}: {error}", Subtype.source, location)
            return []

        wanted = {fold(c) for c in self.options.get("category", [])}
        body = nodes.Element()
        for entry in data_file.entries:
            location = f"{path}:{entry.line}"
            problem = entry_error(entry)
            if problem is None:
                unknown = [k for k, _ in _options(entry.data) if k not in TermCard.option_spec]
                if unknown:
                    problem = f"{', '.join(unknown)}: not supported by term-card"
            if problem is not None:
                warn(
                    f"{rel}: row {entry.row}: {problem}; the entry is skipped",
                    Subtype.source,
                    location,
                )
                continue
            if wanted and not wanted.intersection(
                fold(c) for c in _names(entry.data.get("category"))
            ):
                continue
            markup = entry.data.get("format") or data_file.format or self._document_format()
            if markup == "myst":
                if not self._parse_myst(myst_source(entry), path, entry.line, body):
                    warn(
                        f"{rel}: row {entry.row}: MyST text needs 'myst_parser' in extensions",
                        Subtype.source,
                        location,
                    )
            else:
                self._parse_rst(rst_source(entry), path, body)
        return body.children

    def _document_format(self) -> str:
        return "myst" if hasattr(self.state, "_renderer") else "rst"

    def _parse_rst(self, lines: Lines, path: str, body: nodes.Element) -> None:
        source = StringList()
        for text, line in lines:
            source.append(text, path, line - 1)
        if isinstance(self.state, states.RSTState):
            self.state.nested_parse(source, 0, body)
            return
        # A MyST document: a reST state machine of our own on the same document.
        document = self.state.document
        inliner = states.Inliner()
        inliner.init_customizations(document.settings)
        memo = states.Struct(
            document=document,
            reporter=document.reporter,
            language=languages.get_language(document.settings.language_code, document.reporter),
            title_styles=[],
            section_level=0,
            section_bubble_up_kludge=False,
            inliner=inliner,
        )
        machine = states.NestedStateMachine(states.state_classes, "Body")
        try:
            machine.run(source, 0, memo=memo, node=body, match_titles=False)
        finally:
            machine.unlink()

    def _parse_myst(self, text: str, path: str, line: int, body: nodes.Element) -> bool:
        renderer = getattr(self.state, "_renderer", None) or self._new_myst_renderer()
        if renderer is None:
            return False
        with _source_of(renderer, path), renderer.current_node_context(body):
            renderer.nested_render_text(text, line - 1)
        return True

    def _new_myst_renderer(self) -> Any:
        """A MyST renderer writing into this (reST) document."""
        config = getattr(self.env, "myst_config", None)
        if config is None:
            return None
        from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
        from myst_parser.parsers.mdit import create_md_parser

        md = create_md_parser(config, SphinxRenderer)
        renderer: Any = md.renderer
        renderer.setup_render({**md.options, "document": self.state.document}, {})
        return renderer


@contextmanager
def _source_of(renderer: Any, path: str) -> Iterator[None]:
    """Locate what MyST renders in the data file, as MyST's own ``include`` does."""
    document, reporter = renderer.document, renderer.reporter
    saved = document["source"], reporter.source, reporter.__dict__.get("get_source_and_line")
    document["source"] = reporter.source = path
    reporter.get_source_and_line = lambda line=None: (path, line)
    try:
        yield
    finally:
        document["source"], reporter.source = saved[0], saved[1]
        if saved[2] is None:
            del reporter.get_source_and_line
        else:
            reporter.get_source_and_line = saved[2]


def write_schema(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the data file schema next to ``glossterms.json`` (HTML)."""
    if exception is not None or not is_web_html(app.builder):
        return
    target = Path(app.outdir) / SCHEMA_FILENAME
    if not target.is_file() or target.read_bytes() != SCHEMA_PATH.read_bytes():
        shutil.copyfile(SCHEMA_PATH, target)
