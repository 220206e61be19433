"""`kg neo4j`: push the graph into a running Neo4j through the official driver.

A thin wrapper over kg.neo4j_push. It connects (and checks the credentials)
before building, so a wrong port or password costs no parsing time, and then
sends the same idempotent MERGE batches as exports/neo4j/load.cypher.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from . import app, console, err_console, handle_errors
from ..errors import InputError

__all__ = ["neo4j_command"]


@app.command("neo4j")
@handle_errors
def neo4j_command(
    inputs: list[Path] = typer.Argument(None, help="Folders or articles to build (default: seeds/)."),
    uri: str = typer.Option("bolt://localhost:7687", "--uri", envvar="NEO4J_URI",
                            help="Bolt URI of the server (bolt://, neo4j://, +s/+ssc for TLS)."),
    user: str = typer.Option("neo4j", "--user", "-u", envvar="NEO4J_USERNAME", help="Neo4j user."),
    password: str = typer.Option(None, "--password", "-p", envvar="NEO4J_PASSWORD",
                                 help="Password (or set NEO4J_PASSWORD); omit for a server without auth."),
    database: str = typer.Option(None, "--database", "-d", envvar="NEO4J_DATABASE",
                                 help="Database name (default: the server's default database)."),
    graph: Path = typer.Option(None, "--graph", "-g",
                               help="Push an already built graph (a folder with graph.trig, or one RDF file) "
                                    "instead of building INPUTS."),
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Rows per transaction."),
    clear: bool = typer.Option(False, "--clear",
                               help="First delete every node an earlier push left (ids under the kg base IRI)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Load the graph into Neo4j, idempotently (MERGE on id): pushing twice changes nothing."""
    from ..neo4j_push import connect, push
    from ..property_graph import from_dataset

    driver = connect(uri, user, password)
    with driver:
        dataset = _load_graph(graph) if graph is not None else _build(inputs)
        pg = from_dataset(dataset)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err_console,
                      transient=True, disable=quiet) as bar:
            task = bar.add_task("pushing", total=None)
            counts = push(pg, driver, uri=uri, user=user, database=database, batch_size=batch_size, clear=clear,
                          on_progress=lambda done, total: bar.update(task, completed=done, total=total))
    if not quiet:
        console.print(f"Pushed {counts['nodes']} nodes and {counts['relationships']} relationships to {uri}"
                      f"{' (database ' + database + ')' if database else ''} in {counts['batches']} batches.",
                      markup=False, highlight=False)


def _build(inputs: list[Path] | None):
    from ..pipeline import build

    inputs = inputs or [Path("seeds")]
    if inputs == [Path("seeds")] and not inputs[0].exists():
        raise InputError("no input given and no seeds/ folder here", path=inputs[0])
    return build(inputs).dataset


def _load_graph(path: Path):
    """A built graph: a folder's graph.trig (named graphs included) or one RDF file."""
    from rdflib import Dataset
    from rdflib.util import guess_format

    file = path / "graph.trig" if path.is_dir() else path
    if not file.is_file():
        raise InputError("no such graph file", path=file, hint="run kg build first, or pass --graph FILE")
    fmt = "nquads" if file.suffix == ".nq" else guess_format(str(file)) or "turtle"
    ds = Dataset()
    try:
        ds.parse(file, format=fmt)
    except Exception as err:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        raise InputError(f"cannot parse the graph: {' '.join(str(err).split())}", path=file) from None
    return ds
