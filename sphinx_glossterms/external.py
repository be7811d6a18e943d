"""Other projects' terms (DESIGN §7): ``glossterms_external`` and
``glossterms_external_intersphinx``.

Sources are loaded once per build, on ``builder-inited`` (after intersphinx
loads its inventories), and kept in the domain's ``external`` data, pickled
with the environment like intersphinx's cache: a URL is fetched again after
``intersphinx_cache_limit`` days (never when it is negative), a local file
when its modification time changes. An unreachable source is one
``glossterms.external`` warning; the cached copy is used if there is one.

What the rest of the extension sees is a list of :class:`~.records.ExternalTerm`
in precedence order (``glossterms_external`` in its order, then the intersphinx
names in theirs); :func:`.glossary.build_glossary` lets local terms win.
"""

from __future__ import annotations

import io
import json
import posixpath
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.util.inventory import InventoryFile

from .config import _conf_location as conf_location
from .config import get_config
from .messages import Subtype, warn
from .names import term_anchor
from .records import ExternalTerm

#: Classes of every link to another project's term (plus ``glossterm-autolink``).
LINK_CLASSES = ("glossterm-link", "glossterm-external")
AUTOLINK_CLASS = "glossterm-autolink"

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STD_TERM = "std:term"
DEFAULT_CACHE_LIMIT_DAYS = 5  # intersphinx's default
DEFAULT_TIMEOUT_S = 30.0


class SourceError(Exception):
    """A source that cannot be read or understood."""


@dataclass(frozen=True)
class CacheEntry:
    """One loaded source: when, the file's mtime (local files), its terms."""

    fetched: int
    mtime: float | None
    terms: tuple[ExternalTerm, ...]


# -- reading one source ----------------------------------------------------------


def _is_url(location: str) -> bool:
    return urlsplit(location).scheme in {"http", "https", "file"}


def _read(location: str, timeout: float) -> bytes:
    try:
        if _is_url(location):
            with urllib.request.urlopen(location, timeout=timeout) as response:
                data: bytes = response.read()
                return data
        return Path(location).read_bytes()
    except (OSError, urllib.error.URLError, ValueError) as error:
        raise SourceError(str(getattr(error, "reason", error))) from None


def _default_base(location: str) -> str:
    """The URL the source's own URLs are relative to: its folder."""
    if _is_url(location):
        return urljoin(location, ".")
    return Path(location).resolve().parent.as_uri() + "/"


def terms_from_json(project: str, data: Any, base: str) -> tuple[ExternalTerm, ...]:
    """Terms of a ``glossterms.json`` payload; URLs made absolute against ``base``."""
    if not isinstance(data, Mapping) or not isinstance(data.get("terms"), list):
        raise SourceError('not a glossterms.json file (no "terms" list)')
    terms: list[ExternalTerm] = []
    for item in data["terms"]:
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            continue
        aliases = item.get("aliases") or []
        terms.append(
            ExternalTerm(
                name=item["name"],
                project=project,
                url=urljoin(base, str(item.get("url") or "")),
                summary=str(item.get("summary") or ""),
                aliases=tuple(a for a in aliases if isinstance(a, str)),
            )
        )
    return tuple(terms)


def _item_uri(item: Any) -> str:
    """An inventory item's URI (an object since Sphinx 8.2, a tuple before)."""
    uri = getattr(item, "uri", None)
    return str(uri if uri is not None else item[2])


def terms_from_inventory(project: str, entries: Mapping[str, Any]) -> tuple[ExternalTerm, ...]:
    """Terms of an inventory's ``std:term`` entries; names sharing a URL are one
    term (a card's name and aliases), named by the entry its anchor comes from."""
    by_uri: dict[str, list[str]] = {}
    for name in sorted(entries):
        by_uri.setdefault(_item_uri(entries[name]), []).append(name)
    terms: list[ExternalTerm] = []
    for uri, names in sorted(by_uri.items()):
        fragment = uri.rpartition("#")[2]
        main = next((n for n in names if term_anchor(n) == fragment), names[0])
        aliases = tuple(n for n in names if n != main)
        terms.append(ExternalTerm(name=main, project=project, url=uri, aliases=aliases))
    return tuple(terms)


def load_source(project: str, base: str, location: str, timeout: float) -> tuple[ExternalTerm, ...]:
    """Read a ``glossterms.json`` or an ``objects.inv`` (told apart by content)."""
    content = _read(location, timeout)
    if content.startswith(b"# Sphinx inventory version"):
        try:
            inventory = InventoryFile.load(io.BytesIO(content), base.rstrip("/"), posixpath.join)
        except Exception as error:  # a corrupt inventory: zlib, ValueError...
            raise SourceError(f"not a readable objects.inv ({error})") from None
        return terms_from_inventory(project, inventory.get(STD_TERM, {}))
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"neither a glossterms.json nor an objects.inv ({error})") from None
    return terms_from_json(project, data, base)


# -- loading every source, with the cache -------------------------------------------


def _spec(value: Any, confdir: str) -> tuple[str, str]:
    """(base URL, location) of a ``glossterms_external`` value: a location, or a
    ``(base URL, location)`` pair as in ``intersphinx_mapping``."""
    if isinstance(value, list | tuple):
        base, location = str(value[0]), str(value[1])
    else:
        base, location = "", str(value)
    if not _is_url(location):
        location = str(Path(confdir, location))
    return (base.rstrip("/") + "/" if base else _default_base(location)), location


def _fresh(entry: CacheEntry, location: str, now: int, limit_days: int) -> bool:
    if not _is_url(location):
        try:
            return entry.mtime == Path(location).stat().st_mtime
        except OSError:
            return False
    return limit_days < 0 or now - entry.fetched < limit_days * 86400


def _intersphinx_terms(app: Sphinx, name: str) -> tuple[ExternalTerm, ...] | None:
    try:
        from sphinx.ext.intersphinx import InventoryAdapter
    except ImportError:  # pragma: no cover - part of Sphinx
        return None
    named = InventoryAdapter(app.env).named_inventory
    if name not in named:
        return None
    return terms_from_inventory(name, named[name].get(STD_TERM, {}))


def load_external(app: Sphinx) -> None:
    """``builder-inited``: load or refresh every source into the domain's cache."""
    from .domain import get_domain  # the domain reads this module's terms

    config = get_config(app.env)
    domain = get_domain(app.env)
    cache: dict[tuple[str, str], CacheEntry] = domain.data.setdefault("external", {})
    limit_days = int(getattr(app.config, "intersphinx_cache_limit", DEFAULT_CACHE_LIMIT_DAYS))
    timeout = float(getattr(app.config, "intersphinx_timeout", None) or DEFAULT_TIMEOUT_S)
    conf_py = Path(app.confdir, "conf.py")
    now = int(time.time())
    used: dict[tuple[str, str], CacheEntry] = {}
    for project, value in config.external.items():
        base, location = _spec(value, str(app.confdir))
        key = (project, location)
        entry = cache.get(key)
        if entry is not None and _fresh(entry, location, now, limit_days):
            used[key] = entry
            continue
        try:
            terms = load_source(project, base, location, timeout)
        except SourceError as error:
            fallback = "; using the copy cached" if entry else ""
            warn(
                f"cannot load the terms of {project!r} from {location}: {error}{fallback}",
                Subtype.external,
                conf_location(conf_py, "glossterms_external"),
            )
            if entry is not None:
                used[key] = entry
            continue
        mtime = None if _is_url(location) else Path(location).stat().st_mtime
        used[key] = CacheEntry(now, mtime, terms)
    for name in config.external_intersphinx:
        found = _intersphinx_terms(app, name)
        if found is None:
            warn(
                f"{name!r} in glossterms_external_intersphinx has no inventory "
                "(not in intersphinx_mapping, or it could not be loaded)",
                Subtype.external,
                conf_location(conf_py, "glossterms_external_intersphinx"),
            )
            continue
        used[("intersphinx", name)] = CacheEntry(now, None, found)
    domain.data["external"] = used


def external_terms(data: Mapping[str, Any]) -> list[ExternalTerm]:
    """The loaded terms, in precedence order (the order sources are configured)."""
    entries: Mapping[tuple[str, str], CacheEntry] = data.get("external", {})
    return [term for entry in entries.values() for term in entry.terms]


def external_title(term: ExternalTerm) -> str:
    """The link's title and preview text: the summary, else the project's name."""
    return term.summary or f"{term.name} ({term.project})"


def external_reference(
    term: ExternalTerm, contnode: nodes.Element, tooltips: bool, automatic: bool
) -> nodes.reference:
    """The link to another project's term (``GlosstermsDomain.resolve_xref``)."""
    reference = nodes.reference("", "", contnode, internal=False, refuri=term.url)
    if tooltips:
        reference["reftitle"] = external_title(term)
    classes = [*LINK_CLASSES, AUTOLINK_CLASS] if automatic else list(LINK_CLASSES)
    reference["classes"].extend(classes)
    reference["glossterms_key"] = term.key
    return reference
