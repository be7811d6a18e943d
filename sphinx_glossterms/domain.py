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

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import __
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

from .builders import is_web_html, term_target
from .collect import collect
from .compat import get_builder, get_tags
from .config import get_config
from .external import external_reference, external_terms
from .glossary import Glossary, build_glossary
from .governance import governance_signatures
from .links import term_inline
from .matchcache import MATCHER_FILENAME, KeptMatches, page_texts, settings_digest, stored_matcher
from .matcher import Matcher
from .messages import LABEL_TERM
from .names import term_key
from .outdated import outdated, signatures
from .records import DocInfo, TermRecord
from .traversal import cards_in

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from .review import Row

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
    # 5: DocInfo.text derived from prose; 6: TextChunk a named tuple; 7: KeptMatches;
    # 8: prose as plain tuples
    data_version = 8
    initial_data: ClassVar[dict[str, Any]] = {  # type: ignore[misc,unused-ignore]
        "records": {},  # docname -> [TermRecord]
        "docs": {},  # docname -> DocInfo
        "registered": {},  # std objects key -> (docname, anchor) we wrote
        # Of the last build, for the next incremental one (see outdated.py):
        "signatures": {},  # docname -> what the page shows of other pages' terms
        "matches": KeptMatches(),  # each page's automatic links (a cache)
        # general index entries of terms ``.. only::`` leaves out of the last build
        "hidden_index": {},  # docname -> [entry]
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        _ClassicDuplicates.install()
        self._glossary: Glossary | None = None
        #: automatic links of each page written by this process (``review.py``)
        self.review_rows: dict[str, list[Row]] = {}
        #: the fields the Vale files are made of (``export.vocabulary_fields``) of each
        #: term this build wrote to ``glossterms.json``, in its order
        self.exported: list[dict[str, Any]] | None = None

    # -- per-document data (pickled) ---------------------------------------------

    @property
    def records(self) -> dict[str, list[TermRecord]]:
        return cast("dict[str, list[TermRecord]]", self.data["records"])

    @property
    def docs(self) -> dict[str, DocInfo]:
        return cast("dict[str, DocInfo]", self.data["docs"])

    @property
    def kept_matches(self) -> KeptMatches:
        return cast("KeptMatches", self.data["matches"])

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.docs.pop(docname, None)
        self.kept_matches.pages.pop(docname, None)
        self.data.setdefault("hidden_index", {}).pop(docname, None)

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
        self._label_cards(docname, document)

    def _label_cards(self, docname: str, document: nodes.document) -> None:
        """``:name:`` of a card: a ``:ref:`` target titled with the term's name,
        as a label before a section is titled with the section's."""
        labels: dict[str, tuple[str, str, str]] = self.env.get_domain("std").data["labels"]
        for card in cards_in(document):
            for name in card["names"]:
                labelid = document.nameids.get(name)
                if labelid is not None and document.nametypes.get(name):
                    labels[name] = (docname, labelid, card["glossterms_name"])

    # -- the derived glossary (never pickled) --------------------------------------

    @property
    def glossary(self) -> Glossary:
        """The project's terms, settled on ``env-updated``."""
        if self._glossary is None:  # only before the first env-updated of a process
            self._glossary = self._build()
        return self._glossary

    def _build(self) -> Glossary:
        tags = get_tags(self.env)
        config = get_config(self.env)
        records = (
            r
            for docname in sorted(self.records)
            for r in self.records[docname]
            if all(_holds(tags, condition) for condition in r.only)
        )
        kept = self.kept_matches

        def mentions(matcher: Matcher) -> Callable[[TermRecord], Iterable[str]]:
            # every page's matches, kept or made now: cards' mentions and signatures
            texts = page_texts(config, self.records, self.docs)
            kept.refresh(matcher, settings_digest(config), self.docs, texts)
            return kept.mentions

        stored = stored_matcher(Path(self.env.doctreedir) / MATCHER_FILENAME)
        external = external_terms(self.data)
        return build_glossary(records, self.docs, config, external, mentions, stored)

    def settle(self) -> None:
        """``env-updated``: derive the glossary and register names as standard terms."""
        self._glossary = self._build()
        self._register_standard_terms()
        self._hide_index_entries()

    def _hide_index_entries(self) -> None:
        """Take the general index entries (``genindex``) of the terms ``.. only::``
        leaves out of this builder's output out of the index domain.

        Sphinx collects every ``index`` node when reading, whatever the builder,
        and its index would link to an anchor that is not written. The entries
        are kept here, and given back before the next build (perhaps another
        builder's, on the same environment) decides again.
        """
        entries: dict[str, list[Any]] = cast("Any", self.env.get_domain("index")).entries
        hidden: dict[str, list[Any]] = self.data.setdefault("hidden_index", {})
        for docname, removed in hidden.items():  # documents read again dropped theirs
            entries.setdefault(docname, []).extend(removed)
        hidden.clear()
        tags = get_tags(self.env)
        for docname, records in self.records.items():
            left_out = {r.anchor for r in records if not all(_holds(tags, c) for c in r.only)}
            if not left_out:
                continue
            dropped = [e for e in entries.get(docname, []) if e[2] in left_out]
            if dropped:
                entries[docname] = [e for e in entries[docname] if e[2] not in left_out]
                hidden[docname] = dropped

    def _register_standard_terms(self) -> None:
        """Point ``:term:`` (std domain) at the winning definitions.

        Terms are written here, once all documents are read, rather than while
        reading, so that the winner of a duplicate does not depend on the order
        in which (parallel) readers finish.
        """
        std = self.env.get_domain("std")
        objects: dict[tuple[str, str], tuple[str, str]] = std.data.setdefault("objects", {})
        lowered: dict[str, tuple[str, str]] = std.data.setdefault("terms", {})
        registered = {
            ("term", name): (term.record.docname, term.record.anchor)
            for term in self.glossary.terms.values()
            for name in self.glossary.names_of(term)
        }
        for (objtype, name), target in self.data["registered"].items():
            if registered.get((objtype, name)) == target:
                continue  # registered again just below
            if objects.get((objtype, name)) == target:
                del objects[objtype, name]
            if lowered.get(name.lower()) == target:
                del lowered[name.lower()]
        objects.update(registered)
        lowered.update((name.lower(), target) for (_type, name), target in registered.items())
        self.data["registered"] = registered

    def outdated_pages(self) -> list[str]:
        """``env-get-updated``: pages not read again whose view of other pages'
        terms changed since they were written (see :mod:`.outdated`)."""
        current = signatures(
            self.glossary,
            self.records,
            self.docs,
            self.kept_matches,
            titles=self.link_titles(get_builder(self.env)),
        )
        # what a page shows of the terms' governance (<abbr>, badges), DESIGN §6
        governance = governance_signatures(self.glossary, self.records, self.docs)
        current = {d: f"{sig}:{governance.get(d, '')}" for d, sig in current.items()}
        stale = outdated(self.data["signatures"], current)
        self.data["signatures"] = current
        return stale

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
        if node.get("glossterms_styled") and isinstance(contnode, nodes.Text):
            contnode = term_inline(contnode)
        glossary = self.glossary
        key = glossary.lookup.get(target)  # the domain's own xrefs carry keys
        if key is None and (key := glossary.lookup.get(term_key(target))) is None:
            external = glossary.find_external(target)
            if external is None:
                return None
            return external_reference(
                external, contnode, glossary.config.tooltips, bool(node.get("glossterms_auto"))
            )
        attributes = self.link_attributes(
            builder, fromdocname, key, automatic=bool(node.get("glossterms_auto"))
        )
        return nodes.reference("", "", contnode, internal=True, **attributes)

    def link_attributes(
        self, builder: Builder, fromdocname: str, key: str, *, automatic: bool = False
    ) -> dict[str, Any]:
        """The attributes of a ``reference`` to the term ``key``: target, title
        where links carry it, classes and key.

        The one place they are decided: :meth:`resolve_xref` uses them, and so do
        card blocks written straight to HTML (``blocks.py``). Raises ``NoUri``
        where the term's page is not part of the output.
        """
        record = self.glossary.terms[key].record
        attributes: dict[str, Any] = term_target(
            builder, fromdocname, record.docname, record.anchor
        )
        if record.summary and self.link_titles(builder):
            attributes["reftitle"] = record.summary
        attributes["classes"] = [LINK_CLASS, AUTOLINK_CLASS] if automatic else [LINK_CLASS]
        attributes["glossterms_key"] = key
        return attributes

    def link_titles(self, builder: Builder) -> bool:
        """Whether links carry the summary as ``title``: not where the preview
        script shows it (web HTML with ``glossterms_tooltips``)."""
        return not (self.glossary.config.tooltips and is_web_html(builder))

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


class _ClassicDuplicates(logging.Filter):
    """Drops Sphinx's own warning for a classic ``glossary`` term defined twice.

    The domain reports every such term as ``glossterms.duplicate`` when it
    settles the glossary (DESIGN §5): located, typed (so ``suppress_warnings``
    works) and the same with ``-j``. Sphinx's warning is untyped and depends on
    how documents are split between parallel readers (a duplicate across two
    of them is never reported), so it would make the warnings differ with ``-j``.
    """

    #: Sphinx's message (``StandardDomain.note_object``), in the console's language.
    TEMPLATE = "duplicate %s description of %s, other instance in %s"

    @classmethod
    def install(cls) -> None:
        """Put the filter first on the running application's warning handlers
        (Sphinx creates new ones for each application)."""
        for handler in logging.getLogger(NAMESPACE).handlers:
            if isinstance(handler, WarningStreamHandler) and not any(
                isinstance(f, cls) for f in handler.filters
            ):
                handler.filters.insert(0, cls())

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "type", None):
            return True
        try:  # formatted already when it comes from a parallel reader
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        before, between, after, _ = str(__(self.TEMPLATE)).split("%s")
        pattern = f"{re.escape(before)}term{re.escape(between)}.*{re.escape(after)}"
        return re.search(pattern, message) is None


def _holds(tags: Tags, condition: str) -> bool:
    """Whether an ``.. only::`` condition holds for this builder (kept if unreadable,
    as Sphinx's ``OnlyNodeTransform`` keeps such content)."""
    try:
        return tags.eval_condition(condition)
    except Exception:
        return True


def get_domain(env: BuildEnvironment) -> GlosstermsDomain:
    """The extension's domain, typed."""
    return cast("GlosstermsDomain", env.get_domain(GlosstermsDomain.name))
