"""Differences between the supported Sphinx versions, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags


def get_app(env: BuildEnvironment) -> Sphinx:
    """The application (``env._app`` since Sphinx 8.1, ``env.app`` before).

    Read from ``__dict__`` so that neither spelling triggers a deprecation warning.
    """
    return cast("Sphinx", env.__dict__.get("_app") or env.__dict__.get("app"))


def get_builder(env: BuildEnvironment) -> Builder:
    """The running builder, for the few post-transforms that need more than links."""
    return get_app(env).builder


def get_tags(env: BuildEnvironment) -> Tags:
    """The builder's tags, which decide ``.. only::``."""
    return get_app(env).tags
