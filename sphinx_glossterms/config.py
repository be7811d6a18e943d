"""The ``glossterms_*`` configuration values: declared once, validated on start."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from sphinx.util.matching import Matcher as GlobMatcher

from .messages import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

AutolinkMode = Literal["cards", "all", "none"]
AUTOLINK_MODES: tuple[str, ...] = get_args(AutolinkMode)
PREFIX = "glossterms_"
EXPORT_FORMATS = ("tbx", "skos")


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_mode(value: Any) -> bool:
    return value in AUTOLINK_MODES


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _is_location(value: Any) -> bool:
    """A location, or a (base URL, location) pair."""
    if isinstance(value, list | tuple):
        return len(value) == 2 and all(isinstance(v, str) and v for v in value)
    return isinstance(value, str) and bool(value)


def _is_external(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and k and _is_location(v) for k, v in value.items()
    )


def _is_export_list(value: Any) -> bool:
    return _is_str_list(value) and all(v in EXPORT_FORMATS for v in value)


@dataclass(frozen=True)
class ConfigValue:
    """One configuration value: what it is, its default, and how it is checked."""

    name: str
    default: Any
    expected: str
    check: Callable[[Any], bool]
    doc: str
    rebuild: Literal["env", "html"] = "env"


CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "glossterms_autolink",
        "cards",
        '"cards", "all" or "none"',
        _is_mode,
        "Where mentions of terms become links: inside term cards only, in every "
        "document, or nowhere.",
    ),
    ConfigValue(
        "glossterms_autolink_glossary",
        True,
        "bool",
        _is_bool,
        "Also link mentions of terms defined with Sphinx's classic ``glossary``.",
    ),
    ConfigValue(
        "glossterms_case_sensitive",
        False,
        "bool",
        _is_bool,
        "Match names case-sensitively (all-capitals acronyms always are).",
    ),
    ConfigValue(
        "glossterms_plurals",
        True,
        "bool",
        _is_bool,
        "Also match simple English plurals (-s, -es, -y to -ies).",
    ),
    ConfigValue(
        "glossterms_autolink_first_only",
        True,
        "bool",
        _is_bool,
        'Link only the first mention per card (or per section in "all" mode).',
    ),
    ConfigValue(
        "glossterms_autolink_exclude",
        [],
        "list of str",
        _is_str_list,
        "Glob patterns of document names where nothing is linked automatically.",
    ),
    ConfigValue(
        "glossterms_autolink_ignore",
        [],
        "list of str",
        _is_str_list,
        "Names or aliases never linked automatically (cards or classic glossary); "
        "explicit ``:term:`` still links them.",
    ),
    ConfigValue(
        "glossterms_autolink_skip_phrases",
        [],
        "list of str",
        _is_str_list,
        "Phrases never linked that shadow the shorter names inside them "
        '("environment variable" keeps "environment" unlinked there).',
    ),
    ConfigValue(
        "glossterms_tooltips",
        True,
        "bool",
        _is_bool,
        "Show a preview of the term when a link to it is hovered or focused (HTML).",
        rebuild="html",
    ),
    ConfigValue(
        "glossterms_warn_unused",
        False,
        "bool",
        _is_bool,
        "Warn (``glossterms.unused``) for each term nothing references.",
    ),
    ConfigValue(
        "glossterms_exports",
        [],
        'list of "tbx", "skos"',
        _is_export_list,
        "Interchange files HTML builders write next to ``glossterms.json``: "
        "TBX-Basic (``glossterms.tbx``) and SKOS JSON-LD (``glossterms.skos.jsonld``).",
        rebuild="html",
    ),
    ConfigValue(
        "glossterms_external",
        {},
        "dict of name -> URL or path (or a (base URL, path) pair)",
        _is_external,
        "Other projects' terms: each value is the URL or path of a ``glossterms.json`` "
        "or an ``objects.inv``. Local terms always win.",
    ),
    ConfigValue(
        "glossterms_external_intersphinx",
        [],
        "list of str",
        _is_str_list,
        "Names in ``intersphinx_mapping`` whose inventories' ``std:term`` entries are "
        "taken as other projects' terms.",
    ),
    ConfigValue(
        "glossterms_block_limit",
        10,
        "int >= 0",
        _is_count,
        'Most links in a card\'s "Related terms" or "Mentioned in" list; the rest is '
        'counted ("and 12 more", a link to the glossary index). ``0``: no limit.',
    ),
    ConfigValue(
        "glossterms_warn_undefined",
        False,
        "bool",
        _is_bool,
        "Warn (``glossterms.undefined``) for each all-capitals word used often that no "
        "term defines.",
    ),
    ConfigValue(
        "glossterms_undefined_min_uses",
        3,
        "int >= 1",
        _is_positive_int,
        "Uses of an undefined all-capitals word that make a ``glossterms.undefined`` warning.",
    ),
    ConfigValue(
        "glossterms_undefined_ignore",
        [],
        "list of str",
        _is_str_list,
        "All-capitals words never reported as undefined (``glossterms_warn_undefined``).",
    ),
    ConfigValue(
        "glossterms_expand_first_use",
        False,
        "bool",
        _is_bool,
        'Write the first mention of a short form on a page as "Long Name (SHORT)".',
    ),
)


def add_config_values(app: Sphinx) -> None:
    """Declare every value to Sphinx (types come from the defaults)."""
    for value in CONFIG_VALUES:
        is_list = isinstance(value.default, list)
        types: frozenset[type] = frozenset({list, tuple} if is_list else {type(value.default)})
        app.add_config_value(value.name, value.default, value.rebuild, types=types)


def _conf_location(conf_py: Path, name: str) -> str | None:
    """``path:line`` of the assignment to ``name`` in conf.py, for the warning."""
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*[:=]")
    for number, line in enumerate(lines, start=1):
        if pattern.match(line):
            return f"{conf_py}:{number}"
    return f"{conf_py}:1"


def validate_config(app: Sphinx, config: Config) -> None:
    """Warn about a bad value and fall back to its default, before Sphinx checks."""
    for value in CONFIG_VALUES:
        current = getattr(config, value.name)
        if not value.check(current):
            location = _conf_location(Path(app.confdir, "conf.py"), value.name)
            warn(
                f"{value.name} = {current!r} is not valid (expected {value.expected});"
                f" using the default {value.default!r}",
                Subtype.config,
                location,
            )
            setattr(config, value.name, value.default)


@dataclass(frozen=True)
class GlosstermsConfig:
    """The validated ``glossterms_*`` values, typed; read with :func:`get_config`.

    One field per entry of ``CONFIG_VALUES``, named without the prefix (a test
    checks that the two agree). Modules read this, never ``config.glossterms_*``.
    """

    autolink: AutolinkMode
    autolink_glossary: bool
    case_sensitive: bool
    plurals: bool
    autolink_first_only: bool
    autolink_exclude: tuple[str, ...]
    autolink_ignore: tuple[str, ...]
    autolink_skip_phrases: tuple[str, ...]
    tooltips: bool
    warn_unused: bool
    exports: tuple[str, ...]
    external: Mapping[str, Any]
    external_intersphinx: tuple[str, ...]
    block_limit: int
    warn_undefined: bool
    undefined_min_uses: int
    undefined_ignore: tuple[str, ...]
    expand_first_use: bool

    @property
    def autolink_all(self) -> bool:
        """Every document is linked automatically, not only cards."""
        return self.autolink == "all"

    @property
    def autolink_on(self) -> bool:
        return self.autolink != "none"

    @cached_property
    def _excluded(self) -> GlobMatcher:
        return GlobMatcher(list(self.autolink_exclude))

    def links_in(self, docname: str) -> bool:
        """Whether automatic links may be made in ``docname`` at all."""
        return self.autolink_on and not self._excluded(docname)

    @classmethod
    def from_sphinx(cls, config: Config) -> GlosstermsConfig:
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = getattr(config, PREFIX + item.name)
            values[item.name] = tuple(value) if isinstance(value, list | tuple) else value
        return cls(**values)


def get_config(env: BuildEnvironment) -> GlosstermsConfig:
    """The project's validated settings (checked on ``config-inited``)."""
    return GlosstermsConfig.from_sphinx(env.config)
