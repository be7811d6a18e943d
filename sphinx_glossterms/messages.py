"""Warning subtypes and the translated labels shown in rendered output."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from sphinx.locale import get_translation
from sphinx.util import logging

#: gettext catalog domain of this extension (``locale/<lang>/LC_MESSAGES/``).
MESSAGE_CATALOG = "sphinx_glossterms"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG)

logger = logging.getLogger("sphinx_glossterms")


class Subtype(StrEnum):
    """Every warning subtype: ``suppress_warnings = ["glossterms.<subtype>"]``."""

    card = "card"
    duplicate = "duplicate"
    alias = "alias"
    related = "related"
    section = "section"
    empty = "empty"
    config = "config"
    unused = "unused"
    graph = "graph"
    source = "source"  #: a term data file (``term-cards``)
    external = "external"  #: another project's terms (``glossterms_external``)
    index = "index"  # type: ignore[assignment]  # shadows str.index


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Emit a located warning of type ``glossterms.<subtype>``."""
    logger.warning(message, location=location, type="glossterms", subtype=subtype.value)


# Labels are lazy so they are translated in the language of the build.
LABEL_ORIGIN = _("Origin")
LABEL_MECHANISM = _("Mechanism")
LABEL_RELATED = _("Related terms")
LABEL_BACKLINKS = _("Mentioned in")
LABEL_INDEX = _("Glossary index")
LABEL_INDEX_SHORT = _("glossary")
LABEL_TERM = _("term")
LABEL_CATEGORIES = _("Categories")
LABEL_ALIASES = _("Also called")
LABEL_LETTERS = _("Jump to letter")
LABEL_GRAPH = _("Graph of related terms")
LABEL_GRAPH_LIST = _("The relations as a list")
