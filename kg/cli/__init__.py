"""The `kg` command line: thin wrappers over the Python API.

Every command catches `KGError` at this boundary and prints one line,
`Error: <path>: <message>`, exiting 2 for bad input and 1 for a graph that
breaks the SHACL shapes (pySHACL's convention); an unexpected failure is also
one line (exit 3) unless KG_DEBUG=1 asks for the traceback.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

from .. import __version__
from ..errors import KGError, ValidationError

__all__ = ["app", "main", "handle_errors", "err_console", "console"]

app = typer.Typer(name="kg", help="Build, query and export a knowledge graph of diplomatic news.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"]})
console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable)


def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as err:
            _error_line(str(err))
            if isinstance(err, ValidationError) and err.report:
                typer.echo(err.report, err=True)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            _error_line("interrupted")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as err:  # noqa: BLE001 - the one place that turns bugs into one line
            if os.environ.get("KG_DEBUG"):
                raise
            _error_line(f"internal error: {type(err).__name__}: {err} (set KG_DEBUG=1 for details)")
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def _error_line(message: str) -> None:
    """`Error: <message>` as exactly one plain line on stderr (no Rich markup,
    emoji codes or wrapping: a path like `a:b:c.txt` must print as it is)."""
    typer.echo("Error: " + re.sub(r"\s*[\r\n]+\s*", " ", message.strip()), err=True)


def _version(value: bool) -> None:
    if value:
        console.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Build, query and export a knowledge graph of diplomatic news."""


def _register() -> None:
    from . import build as _build  # noqa: F401

    for optional in ("query", "serve", "view", "neo4j", "evaluate"):
        try:
            __import__(f"{__name__}.{optional}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{optional}":
                raise


_register()


def main() -> None:
    sys.exit(app(standalone_mode=True))
