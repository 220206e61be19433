"""`kg serve`: the built graph as a local, read-only SPARQL 1.1 endpoint.

A thin wrapper over `kg.serve`; Ctrl-C or SIGTERM stops it cleanly (exit 0).
"""

from __future__ import annotations

import signal
from pathlib import Path

import typer

from . import app, handle_errors

__all__ = ["serve"]


@app.command()
@handle_errors
def serve(
    graph: Path = typer.Option(Path("exports"), "--graph", "-g",
                               help="Built graph: a folder (reads its graph.trig) or one RDF file."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (localhost by default)."),
    port: int = typer.Option(7878, "--port", "-p", min=0, max=65535, help="Port to listen on; 0 picks a free one."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log each request."),
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 Protocol endpoint (GET and POST)."""
    from ..query import load
    from ..serve import make_server

    store = load(graph)
    server = make_server(store, host, port, quiet=quiet)
    signal.signal(signal.SIGTERM, _stop)  # `kill` and process managers stop it as cleanly as Ctrl-C
    # print(), flushed, not the rich console: scripts and tests read this line from a pipe.
    print(f"SPARQL endpoint: {server.url}  ({len(store)} quads from {graph}; Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
