"""``GlosstermsDomain``: all cross-document state, and the one place links are made.

Pickled data is per document only (``records``, ``docs``; purged and merged
like any domain's). The project-wide :class:`~.glossary.Glossary` is derived
from it in ``env-updated`` (:meth:`GlosstermsDomain.settle`). Every link to a
term, automatic or written, is a ``pending_xref`` of this domain that Sphinx's
``ReferencesResolver`` hands to :meth:`GlosstermsDomain.resolve_xref`; Sphinx
also catches ``NoUri`` there (a page outside the builder's output), leaving
the text unlinked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType

from .builders import term_refnode
from .collect import collect
from .config import get_config
from .glossary import Glossary, build_glossary
from .governance import short_form_docs
from .messages import LABEL_TERM
from .names import term_key
from .records import DocInfo, TermRecord

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Link classes: every link to a term, and those the autolinker made.
LINK_CLASS = "glossterm-link"
AUTOLINK_CLASS = "glossterm-autolink"


class GlosstermsDomain(Domain):
    """Term records per document; the derived glossary; links to terms."""

    name = "glossterms"
    label = "Glossary terms"
    # (Sphinx 7.4's stubs declare these as instance variables, 8+ as class ones.)
    object_types: ClassVar[dict[str, ObjType]] = {  # type: ignore[misc,unused-ignore]
        "term": ObjType(LABEL_TERM, "term")
    }
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {  # type: ignore[misc,unused-ignore]
        "records": {},  # docname -> [TermRecord]
        "docs": {},  # docname -> DocInfo
        "registered": {},  # std objects key -> (docname, anchor) we wrote
        "fingerprint": "",  # of what other pages show, at the last write
        "short_form_docs": (),  # pages that showed a short form at the last build
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._glossary: Glossary | None = None
        self._short_form_docs: frozenset[str] = frozenset()

    # -- per-document data (pickled) ---------------------------------------------

    @property
    def records(self) -> dict[str, list[TermRecord]]:
        return cast("dict[str, list[TermRecord]]", self.data["records"])

    @property
    def docs(self) -> dict[str, DocInfo]:
        return cast("dict[str, DocInfo]", self.data["docs"])

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
        records, info = collect(document, docname, get_config(env))
        if records:
            self.records[docname] = records
        self.docs[docname] = info

    # -- the derived glossary (never pickled) --------------------------------------

    @property
    def glossary(self) -> Glossary:
        """The project's terms, settled on ``env-updated``."""
        if self._glossary is None:  # only before the first env-updated of a process
            self._glossary = self._build()
        return self._glossary

    def _build(self) -> Glossary:
        records = (r for docname in sorted(self.records) for r in self.records[docname])
        return build_glossary(records, self.docs, get_config(self.env))

    def settle(self) -> None:
        """``env-updated``: derive the glossary and register names as standard terms."""
        self._glossary = self._build()
        self._register_standard_terms()
        # pages with a short form (<abbr>, written out) show other pages' terms
        # even without links: those of this build and those of the last one
        current = short_form_docs(self._glossary.governance, self.docs)
        self._short_form_docs = frozenset(current | set(self.data.get("short_form_docs", ())))
        self.data["short_form_docs"] = tuple(sorted(current))

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
        for term in self.glossary.terms.values():
            target = (term.record.docname, term.record.anchor)
            for name in self.glossary.names_of(term):
                objects["term", name] = target
                lowered[name.lower()] = target
                registered["term", name] = target
        self.data["registered"] = registered

    def fingerprint(self) -> str:
        """Changes whenever anything another page shows of the terms changes.

        Made of every record field not marked ``local`` (so a new field is never
        forgotten) and the derived relations.
        """
        digest = hashlib.sha256()
        for key, term in self.glossary.terms.items():
            shown = (key, term.record.shown(), term.related, term.mentioned_in)
            digest.update(repr(shown).encode())
        return digest.hexdigest()

    def dependent_docs(self) -> list[str]:
        """Pages whose output depends on other pages' terms."""
        every_page = get_config(self.env).autolink_all
        return sorted(
            docname
            for docname, info in self.docs.items()
            if every_page
            or info.term_refs
            or info.placeholders
            or docname in self.records
            or docname in self._short_form_docs
        )

    # -- Domain API ------------------------------------------------------------------

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Cards (name and aliases) as searchable objects: they appear in search."""
        for term in self.glossary.terms.values():
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
        """A link to the term ``target`` (a name, alias or key).

        Raises ``NoUri`` (from the builder) where the term's page is not part
        of the output; Sphinx then keeps the text without a link.
        """
        glossary = self.glossary
        term = glossary.find(target)
        if term is None:
            return None
        record = term.record
        title = record.summary if glossary.config.tooltips else None
        reference = term_refnode(
            builder, fromdocname, record.docname, record.anchor, contnode, title
        )
        reference["classes"].append(LINK_CLASS)
        if node.get("glossterms_auto"):
            reference["classes"].append(AUTOLINK_CLASS)
        reference["glossterms_key"] = term_key(record.name)
        return reference

    def resolve_any_xref(  # type: ignore[override,unused-ignore]  # Element in 7.4
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []  # ``:any:`` finds terms through the standard domain


def get_domain(env: BuildEnvironment) -> GlosstermsDomain:
    """The extension's domain, typed."""
    return cast("GlosstermsDomain", env.get_domain(GlosstermsDomain.name))
