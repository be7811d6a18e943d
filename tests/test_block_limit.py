"""Long "Related terms" / "Mentioned in" lists are capped (``glossterms_block_limit``)."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.domain import get_domain

from helpers import soup


@pytest.mark.sphinx("html", testroot="block-limit")
def test_blocks_list_the_first_terms_and_count_the_rest(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    glossary = get_domain(app.env).glossary
    hub = glossary.find("Hub")
    assert hub is not None
    limit = app.config.glossterms_block_limit
    card = soup(app.outdir / "index.html").select_one(f"#{hub.record.anchor}")
    for css, keys in (("related", hub.related), ("backlinks", hub.mentioned_in)):
        assert len(keys) > limit
        block = card.select_one(f".term-card-{css}")
        names = [a.get_text() for a in block.select("a.glossterm-link")]
        assert names == [glossary.terms[k].name for k in keys[:limit]]
        more = block.select_one(".term-card-links-more a")
        assert more.get_text() == f"and {len(keys) - limit} more"
        assert more["href"] == "glossterms-index.html"
    assert (app.outdir / "glossterms-index.html").is_file()


@pytest.mark.sphinx("html", testroot="block-limit", confoverrides={"glossterms_block_limit": 0})
def test_no_limit_lists_every_term(app: SphinxTestApp) -> None:
    app.build()
    hub = get_domain(app.env).glossary.find("Hub")
    assert hub is not None
    card = soup(app.outdir / "index.html").select_one(f"#{hub.record.anchor}")
    assert len(card.select(".term-card-backlinks a.glossterm-link")) == len(hub.mentioned_in)
    assert card.select(".term-card-links-more") == []


@pytest.mark.sphinx("latex", testroot="block-limit")
def test_other_builders_show_the_count_as_text(app: SphinxTestApp) -> None:
    app.build()
    assert "glossterms" not in app.warning.getvalue()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "and 1 more" in tex
