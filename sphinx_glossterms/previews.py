"""Preview data for the HTML popovers, shared by every page.

One script, ``_static/glossterms-previews.js``, written once per build when
the glossary is settled, sets
``window.glosstermsPreviews``: per term anchor, what ``static/glossterms.js``
shows (name, summary, categories, the anchors of its related terms). Pages
load it like any static file, so the data is downloaded once per site
instead of once per page, and editing a summary rewrites no page that merely
links to the term (:mod:`.outdated`). It is a script rather than JSON so that
it loads from ``file://`` too, and ``glossterms.js`` loads it from next to
itself: named in the page, it would get Sphinx's checksum in its URL, and
every page would change with every summary. A preview's link to the term is
the ``href`` of the page's own link to it, and nested previews are offered
only for related terms the page also links to; the script works both out.

Other projects' terms (``glossterms_external``) are per page: their previews
are in ``<script type="application/json" id="glossterms-previews">``, keyed by
the anchor of their URL, which the script lays over the shared data.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import is_web_html
from .compat import get_builder
from .domain import get_domain
from .export import script_json, write_if_changed
from .external import external_title
from .messages import LABEL_CATEGORIES, LABEL_RELATED
from .pipeline import Priority
from .records import ExternalTerm

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .glossary import Glossary

#: ``id`` of a page's own data element (other projects' terms).
DATA_ID = "glossterms-previews"
#: The shared data: a file in ``_static`` and the global it sets.
SHARED_SCRIPT = "glossterms-previews.js"
SHARED_GLOBAL = "glosstermsPreviews"
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


def shared_data(glossary: Glossary) -> dict[str, dict[str, Any]]:
    """Every term's preview, keyed by anchor, in document order."""
    terms = glossary.terms
    data: dict[str, dict[str, Any]] = {}
    for term in sorted(terms.values(), key=lambda t: t.record.order):
        record = term.record
        entry: dict[str, Any] = {"name": term.name, "summary": record.summary}
        if record.categories:
            entry["categories"] = list(record.categories)
        if term.related:
            entry["related"] = [terms[k].record.anchor for k in term.related]
        data[record.anchor] = entry
    return data


def write_shared_data(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, after the glossary is settled: write
    ``_static/glossterms-previews.js`` (web HTML with previews on); left untouched
    when its text is the same."""
    if not is_web_html(app.builder):
        return
    glossary = get_domain(env).glossary
    if not glossary.config.tooltips:
        return
    text = f"window.{SHARED_GLOBAL}={script_json(shared_data(glossary))};\n"
    write_if_changed(Path(app.outdir) / "_static" / SHARED_SCRIPT, text)


class PreviewData(SphinxPostTransform):
    """Append the previews of the other projects' terms the page links to (web HTML)."""

    default_priority = Priority.PREVIEWS
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        glossary = get_domain(self.env).glossary
        if not glossary.external or not glossary.config.tooltips:
            return
        if not is_web_html(get_builder(self.env)):
            return  # an e-book: its pages load no scripts
        local: set[str] = set()  # anchors of this project's terms linked here
        external: list[nodes.reference] = []
        for reference in self.document.findall(nodes.reference):
            key = reference.get("glossterms_key")
            if key in glossary.terms:
                local.add(glossary.terms[key].record.anchor)
            elif key in glossary.external:
                external.append(reference)
        data = _external_data(external, glossary.external, local)
        if data:
            payload = script_json(data)
            html = f'<script type="application/json" id="{DATA_ID}">{payload}</script>\n'
            self.document += nodes.raw("", html, format="html")


def _external_data(
    references: list[nodes.reference], terms: Mapping[str, ExternalTerm], local: set[str]
) -> dict[str, dict[str, Any]]:
    """Previews of other projects' terms, keyed like local ones by the anchor of
    their URL. Where a local term linked on the page, or another external term,
    has that anchor, the link keeps only its title (the script would show the
    wrong term)."""
    data: dict[str, dict[str, Any]] = {}
    for reference in references:
        term = terms[reference["glossterms_key"]]
        anchor = unquote(term.url.rpartition("#")[2]) if "#" in term.url else ""
        shown = data.get(anchor)
        if not anchor or anchor in local or (shown is not None and shown["url"] != term.url):
            reference["classes"] = [c for c in reference["classes"] if c != "glossterm-link"]
            continue
        data[anchor] = {"name": term.name, "summary": external_title(term), "url": term.url}
    return data
