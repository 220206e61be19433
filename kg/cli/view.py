"""`kg view`: open the HTML graph viewer (exports/graph.html) in a browser.

The page is self-contained (vis-network inlined, no CDN), so opening the
file itself is enough: no server, no network.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path

import typer

from . import app, console, err_console, handle_errors
from ..errors import InputError

__all__ = ["view", "resolve_page"]

DEFAULT_PAGE = Path("exports") / "graph.html"


def resolve_page(file: Path | None) -> Path:
    """The viewer page for FILE: the file itself, or graph.html inside a folder."""
    page = file or DEFAULT_PAGE
    if page.is_dir():
        page = page / DEFAULT_PAGE.name
    if not page.is_file():
        hint = "build it first: kg build" if file is None or page.name == DEFAULT_PAGE.name else None
        raise InputError("no viewer page here", path=page, hint=hint or "give the path of a graph.html")
    return page.resolve()


@app.command()
@handle_errors
def view(
    file: Path = typer.Argument(None, help="The viewer page, or a folder holding graph.html "
                                           "(default: exports/graph.html)."),
    print_path: bool = typer.Option(False, "--print-path", "--no-browser",
                                    help="Print the page's file:// URL instead of opening a browser."),
) -> None:
    """Open the interactive graph viewer (built by `kg build`) in your web browser."""
    page = resolve_page(file)
    url = page.as_uri()
    if print_path:
        console.print(url, markup=False, highlight=False, soft_wrap=True)
        return
    if not webbrowser.open(url):
        err_console.print(f"No browser could be started; open {url} yourself.", markup=False, highlight=False,
                          soft_wrap=True)
        return
    console.print(f"Opened {url}", markup=False, highlight=False, soft_wrap=True)
