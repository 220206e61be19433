"""kg — diplomatic news in, a validated knowledge graph out.

    from kg import build
    result = build(["seeds/"])
    result.write("exports/")

Nothing is loaded at import time; the spaCy model loads on the first build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["build", "BuildResult", "KGError", "__version__"]

if TYPE_CHECKING:
    from .errors import KGError
    from .pipeline import BuildResult, build


def __getattr__(name: str):
    if name in ("build", "BuildResult"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "KGError":
        from .errors import KGError

        return KGError
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
