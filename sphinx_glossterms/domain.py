"""``GlosstermsDomain``: all cross-document state of the extension."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, Index, ObjType

from .anchors import term_key
from .autolink import Matcher
from .collect import collect
from .index import GlosstermsIndex
from .messages import LABEL_TERM
from .records import DocInfo, ResolvedTerm, TermRecord
from .resolve import AutolinkSettings, Resolution, build_matcher, resolve

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class GlosstermsDomain(Domain):
    """Term records per document; the project-wide resolution, made once per build."""

    name = "glossterms"
    label = "Glossary terms"
    # (Sphinx 7.4's stubs declare these as instance variables, 8+ as class ones.)
    object_types: ClassVar[dict[str, ObjType]] = {  # type: ignore[misc,unused-ignore]
        "term": ObjType(LABEL_TERM, "term")
    }
    indices: ClassVar[list[type[Index]]] = [GlosstermsIndex]  # type: ignore[misc,unused-ignore]
    data_version = 1
    # Caches of this process, rebuilt after each resolution (never pickled data).
    _matcher: Matcher | None = None
    _by_anchor: dict[tuple[str, str], ResolvedTerm] | None = None
    initial_data: ClassVar[dict[str, Any]] = {  # type: ignore[misc,unused-ignore]
        "records": {},  # docname -> [TermRecord]
        "docs": {},  # docname -> DocInfo
        "resolution": Resolution({}, {}),  # recomputed on every build
        "registered": {},  # std objects key -> (docname, anchor) we wrote
        "fingerprint": "",
    }

    # -- per-document data -------------------------------------------------

    @property
    def records(self) -> dict[str, list[TermRecord]]:
        return self.data["records"]  # type: ignore[no-any-return]

    @property
    def docs(self) -> dict[str, DocInfo]:
        return self.data["docs"]  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.docs.pop(docname, None)

    def merge_domaindata(  # type: ignore[override,unused-ignore]  # list[str] in 7.4
        self, docnames: AbstractSet[str], otherdata: dict[str, Any]
    ) -> None:
        for docname in docnames:
            if docname in otherdata["records"]:
                self.records[docname] = otherdata["records"][docname]
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        records, info = collect(document, docname, env.config)
        if records:
            self.records[docname] = records
        self.docs[docname] = info

    # -- project-wide resolution ---------------------------------------------

    @property
    def resolution(self) -> Resolution:
        return self.data["resolution"]  # type: ignore[no-any-return]

    @property
    def terms(self) -> dict[str, ResolvedTerm]:
        """Every term of the project (cards and classic glossary), by key."""
        return self.resolution.terms

    def lookup(self, name: str) -> ResolvedTerm | None:
        """The term a name or alias refers to, if any."""
        key = self.resolution.lookup.get(term_key(name))
        return None if key is None else self.terms[key]

    def term_for_card(self, docname: str, anchor: str) -> ResolvedTerm | None:
        """The resolved term of a card, or None if the card lost to a duplicate."""
        if self._by_anchor is None:
            self._by_anchor = {(t.record.docname, t.record.anchor): t for t in self.terms.values()}
        return self._by_anchor.get((docname, anchor))

    def autolink_settings(self) -> AutolinkSettings:
        config = self.env.config
        return AutolinkSettings(
            mode=config.glossterms_autolink,
            glossary=config.glossterms_autolink_glossary,
            case_sensitive=config.glossterms_case_sensitive,
            plurals=config.glossterms_plurals,
            exclude=tuple(config.glossterms_autolink_exclude),
        )

    def resolve_project(self) -> None:
        """Settle the project's terms and register them as standard terms."""
        all_records = [r for records in self.records.values() for r in records]
        self.data["resolution"], matcher = resolve(
            all_records,
            self.docs,
            self.autolink_settings(),
            self.env.config.glossterms_warn_unused,
        )
        # The write phase reuses this automaton (parallel writers inherit it by
        # fork); it stays out of the pickled environment.
        self._matcher = matcher
        self._by_anchor = None
        self._register_standard_terms()

    def _register_standard_terms(self) -> None:
        """Point ``:term:`` (std domain) at the winning definitions.

        Terms are written here, once all documents are read, rather than while
        reading, so that the winner of a duplicate does not depend on the order
        in which (parallel) readers finish.
        """
        std = self.env.get_domain("std")
        objects: dict[tuple[str, str], tuple[str, str]] = std.data.setdefault("objects", {})
        lowered: dict[str, tuple[str, str]] = std.data.setdefault("terms", {})
        for (objtype, name), target in self.data["registered"].items():
            if objects.get((objtype, name)) == target:
                del objects[objtype, name]
            if lowered.get(name.lower()) == target:
                del lowered[name.lower()]
        registered: dict[tuple[str, str], tuple[str, str]] = {}
        for term in self.terms.values():
            record = term.record
            target = (record.docname, record.anchor)
            for name in (record.name, *record.aliases):
                if self.resolution.lookup.get(term_key(name)) != term_key(record.name):
                    continue  # an alias that lost to another term
                objects["term", name] = target
                lowered[name.lower()] = target
                registered["term", name] = target
        self.data["registered"] = registered

    def fingerprint(self) -> str:
        """Changes whenever anything another page shows of the terms changes."""
        digest = hashlib.sha256()
        for key, term in self.terms.items():
            record = term.record
            digest.update(
                repr(
                    (
                        key,
                        record.name,
                        record.aliases,
                        record.categories,
                        record.summary,
                        record.definition,
                        record.sections,
                        record.docname,
                        record.anchor,
                        record.kind,
                        record.no_autolink,
                        term.related,
                        term.mentioned_in,
                    )
                ).encode()
            )
        return digest.hexdigest()

    def dependent_docs(self) -> list[str]:
        """Pages whose output depends on other pages' terms."""
        every_page = self.env.config.glossterms_autolink == "all"
        return sorted(
            docname
            for docname, info in self.docs.items()
            if every_page or info.term_refs or info.placeholders or docname in self.records
        )

    def matcher(self) -> Matcher:
        """The automaton of every linkable name form, built once per process.

        Built by ``resolve_project``; built again only in a process that did not
        resolve (autolinking was off then, or the environment came from a pickle).
        """
        if self._matcher is None:
            self._matcher = build_matcher(
                (t.record for t in self.terms.values()),
                self.resolution.lookup,
                self.autolink_settings(),
            )
        assert self._matcher is not None
        return self._matcher

    # -- Domain API ------------------------------------------------------------

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Cards (name and aliases) as searchable objects: they appear in search."""
        for term in self.terms.values():
            record = term.record
            if record.kind != "card":
                continue
            for name in (record.name, *record.aliases):
                yield name, name, "term", record.docname, record.anchor, 1

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        return None  # ``:term:`` is the standard domain's role

    def resolve_any_xref(  # type: ignore[override,unused-ignore]  # Element in 7.4
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []
