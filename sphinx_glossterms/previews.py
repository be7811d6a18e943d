"""Preview data for the HTML popovers: only the terms each page links to.

Every link to a term (explicit or automatic) carries ``glossterms_key``. After
references are resolved, this post-transform collects those keys and appends a
``<script type="application/json" id="glossterms-previews">`` holding, per
linked term, what ``static/glossterms.js`` shows: name, summary, categories,
the URL of its card and which of its related terms are also on the page (those
open nested previews). The JSON is keyed by anchor, which the script reads from
each link's ``href``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import is_web_html
from .compat import get_builder
from .domain import get_domain
from .export import script_json
from .external import external_title
from .messages import LABEL_CATEGORIES, LABEL_RELATED
from .pipeline import Priority
from .records import ExternalTerm

#: ``id`` of the data element; the script looks it up.
DATA_ID = "glossterms-previews"
#: Hover intent before a preview opens, and grace time to reach it on leaving.
OPEN_DELAY_MS = 120
CLOSE_DELAY_MS = 300


def script_attributes() -> dict[str, Any]:
    """Settings of ``glossterms.js``, as ``data-*`` attributes of its tag."""
    return {
        "data-open-delay": str(OPEN_DELAY_MS),
        "data-close-delay": str(CLOSE_DELAY_MS),
        "data-label-categories": str(LABEL_CATEGORIES),
        "data-label-related": str(LABEL_RELATED),
    }


def _url(reference: nodes.reference) -> str:
    """The link's own URL (same-page links, singlehtml's included, have a refid)."""
    if "refid" in reference:
        return "#" + str(reference["refid"])
    return str(reference.get("refuri", ""))


class PreviewData(SphinxPostTransform):
    """Append the preview data of the page's linked terms (HTML only)."""

    default_priority = Priority.PREVIEWS
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        if not glossary.config.tooltips or not is_web_html(get_builder(self.env)):
            return  # off, or an e-book: its pages load no scripts
        terms = glossary.terms
        urls: dict[str, str] = {}  # term key -> URL, in page order
        external: list[nodes.reference] = []
        for reference in self.document.findall(nodes.reference):
            key = reference.get("glossterms_key")
            if key in terms and key not in urls:
                urls[key] = _url(reference)
            elif key in glossary.external:
                external.append(reference)
        if not urls and not external:
            return
        data: dict[str, dict[str, Any]] = {}
        for key, url in urls.items():
            term = terms[key]
            record = term.record
            data[record.anchor] = {
                "name": term.name,
                "summary": record.summary,
                "categories": list(record.categories),
                "url": url,
                "related": [terms[k].record.anchor for k in term.related if k in urls],
            }
        _add_external(data, external, glossary.external)
        payload = script_json(data)
        html = f'<script type="application/json" id="{DATA_ID}">{payload}</script>\n'
        self.document += nodes.raw("", html, format="html")


def _add_external(
    data: dict[str, dict[str, Any]],
    references: list[nodes.reference],
    terms: Mapping[str, ExternalTerm],
) -> None:
    """Previews of other projects' terms, keyed like local ones by the anchor of
    their URL. Where a local term on the page has that anchor, the external link
    keeps only its title (the script would show the wrong term)."""
    for reference in references:
        term = terms[reference["glossterms_key"]]
        anchor = unquote(term.url.rpartition("#")[2]) if "#" in term.url else ""
        shown = data.get(anchor)
        if not anchor or (shown is not None and shown["url"] != term.url):
            reference["classes"] = [c for c in reference["classes"] if c != "glossterm-link"]
            continue
        data[anchor] = {
            "name": term.name,
            "summary": external_title(term),
            "categories": [],
            "url": term.url,
            "related": [],
        }
