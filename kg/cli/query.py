"""`kg query`: SPARQL over the built graph, from the terminal.

A thin wrapper over `kg.query`: the same loading, prefixes, packaged examples
and one-line errors as the Python API and the endpoint.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from . import app, console, handle_errors
from ..errors import QueryError

__all__ = ["query"]


@app.command()
@handle_errors
def query(
    sparql: str = typer.Argument(None, metavar="QUERY",
                                 help="SPARQL text, a .rq file, or the name of a packaged example (see --list)."),
    graph: Path = typer.Option(Path("exports"), "--graph", "-g",
                               help="Built graph: a folder (reads its graph.trig) or one RDF file."),
    fmt: str = typer.Option("table", "--format", "-f",
                            help="table, csv, json (SPARQL 1.1 results JSON), or turtle (CONSTRUCT/DESCRIBE)."),
    list_examples: bool = typer.Option(False, "--list", "-l", help="List the packaged example queries and exit."),
) -> None:
    """Run a SPARQL query on the built graph; the ontology's prefixes are predeclared."""
    from .. import query as kq

    if list_examples:
        table = Table("name", "question", box=None)
        for ex in kq.examples().values():
            table.add_row(ex.name, Text(ex.question))
        console.print(table)
        return
    if sparql is None:
        raise QueryError("no query given", hint="kg query 'SELECT …', kg query FILE.rq, or kg query --list")
    if fmt not in kq.FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (choose from {', '.join(kq.FORMATS)})")
    text, source = kq.read_query(sparql)
    result = kq.run(kq.load(graph), text, name=source)
    if fmt != "table":
        sys.stdout.write(kq.render(result, fmt))
    elif result.kind == "ask":
        console.print("true" if result.boolean else "false")
    else:
        n = len(result)
        table = Table(caption=f"{n} row{'s' if n != 1 else ''}", caption_justify="left")
        for var in result.vars:
            table.add_column(var, overflow="fold")  # fold, not "…": every IRI stays readable
        for row in result.table():
            table.add_row(*map(Text, row))  # Text, not markup: evidence may contain [brackets]
        console.print(table)
