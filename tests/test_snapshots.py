"""Doctree snapshots before and after the post-transforms, in reST and MyST.

"Before" is the pickled doctree as the read phase left it (``env.get_doctree``):
what the directives and read-time transforms built. "After" is what a writer
receives (``env.get_and_resolve_doctree``): links, card blocks, the index, all
resolved. A change to either shows as a diff of the files in
``tests/test_snapshots/``; when the change is intended, regenerate them with::

    python -m pytest tests/test_snapshots.py --regen-all

(``nox -s snapshots`` does the same on the newest Sphinx line) and review the
diff with ``git diff tests/test_snapshots/`` before committing it.

The files are the same on every Sphinx line in ``noxfile.py`` (7.4 to 9.0 with
their docutils and MyST-Parser): absolute ``source`` paths are removed and flags
printed as 0/1 (docutils 0.22 prints ``1`` where older releases print ``True``).
"""

from __future__ import annotations

from typing import Any

import pytest
import sphinx
from docutils import nodes
from pytest_regressions.file_regression import FileRegressionFixture
from sphinx.testing.util import SphinxTestApp


def tags_of(app: SphinxTestApp) -> dict[str, Any]:
    """Sphinx 9 wants the builder's tags (and warns without them); 7.4 and 8 take none."""
    return {"tags": app.builder.tags} if sphinx.version_info >= (9,) else {}


#: Attributes that depend on where the test runs, not on what was built.
VOLATILE = ("source",)

#: root -> the documents whose doctrees are kept.
DOCUMENTS = {
    "autolink-rst": ["terms", "page", "classic"],
    "autolink-myst": ["terms", "page"],
    "cards": ["rst", "myst", "refs"],
}


def pruned(doctree: nodes.document) -> str:
    """``pformat()`` without volatile attributes; flags as 0/1 whatever docutils says."""
    for node in doctree.findall(nodes.Element):
        for name in VOLATILE:
            node.attributes.pop(name, None)
        for name, value in node.attributes.items():
            if isinstance(value, bool):  # docutils < 0.22 prints True, 0.22 prints 1
                node.attributes[name] = int(value)
    return doctree.pformat()


CASES = [
    pytest.param(
        root,
        doc,
        stage,
        # one copy of the root for all of its documents: built once, then unchanged
        marks=pytest.mark.sphinx("html", testroot=root, srcdir=f"snapshots-{root}"),
        id=f"{root}-{doc}-{stage}",
    )
    for root, docs in DOCUMENTS.items()
    for doc in docs
    for stage in ("before", "after")
]


@pytest.mark.parametrize(("root", "doc", "stage"), CASES)
def test_doctree(
    app: SphinxTestApp, file_regression: FileRegressionFixture, root: str, doc: str, stage: str
) -> None:
    app.build()
    before = pruned(app.env.get_doctree(doc))
    after = pruned(app.env.get_and_resolve_doctree(doc, app.builder, **tags_of(app)))
    assert before != after  # the post-transforms changed this page
    file_regression.check(
        before if stage == "before" else after,
        basename=f"{root}-{doc}-{stage}",
        extension=".xml",
    )
