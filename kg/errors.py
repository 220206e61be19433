"""One exception family for the whole package.

The CLI catches `KGError` in one place and prints a single line,
``Error: <path>: <message>``, with the exit code of the subclass (pySHACL's
convention: 1 the graph breaks the shapes, 2 bad input or a load failure).
Messages are templates with short codes so that tests and users can grep them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "KGError",
    "InputError",
    "ExtractionError",
    "ValidationError",
    "ExportError",
    "QueryError",
    "ServeError",
]


class KGError(Exception):
    """Base of every error `kg` raises on purpose."""

    exit_code = 2
    code = "E000"

    def __init__(self, message: str, path: str | Path | None = None, hint: str | None = None,
                 link: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.hint = hint
        self.link = link

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint} [{self.code}]"


class InputError(KGError):
    """A file or folder that cannot be read as a news article."""

    code = "E100"


class ExtractionError(KGError):
    """A document that reached the NLP stage but could not be processed."""

    code = "E200"


class ValidationError(KGError):
    """The built graph breaks the SHACL shapes; `report` holds the readable text."""

    exit_code = 1
    code = "E300"

    def __init__(self, message: str, report: str = "", **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.report = report


class ExportError(KGError):
    """An export that could not be written (unknown format, unwritable folder)."""

    code = "E400"


class QueryError(KGError):
    """A SPARQL query that cannot be parsed or run, or a graph that cannot be loaded."""

    code = "E500"


class ServeError(KGError):
    """The SPARQL endpoint cannot start (port in use, address not available)."""

    code = "E600"
