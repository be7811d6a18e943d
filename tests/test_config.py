"""The typed configuration object agrees with the declarations, and bad values fall back."""

from __future__ import annotations

import dataclasses

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_glossterms.config import CONFIG_VALUES, PREFIX, GlosstermsConfig, get_config


def test_one_field_per_declared_value() -> None:
    declared = [value.name.removeprefix(PREFIX) for value in CONFIG_VALUES]
    assert [f.name for f in dataclasses.fields(GlosstermsConfig)] == declared


@pytest.mark.sphinx(
    "html",
    testroot="minimal",
    confoverrides={"glossterms_autolink": "everywhere", "glossterms_autolink_exclude": ["x/*"]},
)
def test_get_config_reads_validated_values(app: SphinxTestApp) -> None:
    config = get_config(app.env)
    assert config.autolink == "cards"  # the bad value fell back to the default
    assert config.autolink_exclude == ("x/*",)
    assert config.links_in("index")
    assert not config.links_in("x/page")
    assert "glossterms.config" in app.warning.getvalue()
