"""Differences between the supported Sphinx versions, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def get_builder(env: BuildEnvironment) -> Builder:
    """The running builder (``env._app`` since Sphinx 8.1, ``env.app`` before).

    Read from ``__dict__`` so that neither spelling triggers a deprecation warning.
    """
    app = cast("Sphinx", env.__dict__.get("_app") or env.__dict__.get("app"))
    return app.builder
