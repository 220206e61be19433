"""A read-only SPARQL 1.1 Protocol endpoint over the built graph (`kg serve`).

Implements the query operation of https://www.w3.org/TR/sparql11-protocol/:
GET with `query=`, POST as a form (`query=`) or with an
`application/sparql-query` body, `default-graph-uri` / `named-graph-uri`
dataset parameters, and content negotiation on Accept (SPARQL results in
JSON, XML, CSV, TSV; graphs in Turtle, N-Triples, RDF/XML, JSON-LD). Any
update operation is refused: the graph is a build artefact, changed only by
rebuilding. The store is pyoxigraph (queries run in Rust without the GIL, so
the stdlib ThreadingHTTPServer serves them concurrently) and answers are
serialised by pyoxigraph itself. The ontology's prefixes are predeclared, as
in `kg query`.

    from kg import serve
    with serve.running("exports") as server:      # a thread, a free port
        print(server.url)                         # http://127.0.0.1:PORT/sparql
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .errors import QueryError, ServeError
from .query import execute, examples, is_update, to_store

__all__ = ["SparqlServer", "make_server", "running", "negotiate", "RESULT_TYPES", "GRAPH_TYPES", "MAX_BODY"]

# Media types we answer with, in order of preference when the client has none.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# `format=` / `output=` shortcuts, for browsers (which cannot set Accept from a
# link) and for clients such as SPARQLWrapper that send them; unknown values
# are ignored in favour of Accept.
RESULT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
               "ntriples": "application/n-triples", "xml": "application/rdf+xml", "rdfxml": "application/rdf+xml",
               "json": "application/ld+json", "jsonld": "application/ld+json", "json-ld": "application/ld+json"}
MAX_BODY = 1 << 20  # a query is text; a megabyte is plenty and bounds memory per request
PATHS = ("/", "/sparql")


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL queries on one pyoxigraph Store."""

    daemon_threads = True  # a slow query never keeps the process from exiting

    def __init__(self, store: ox.Store, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = False) -> None:
        self.store = store
        self.quiet = quiet
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"


def make_server(source: Any, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = False) -> SparqlServer:
    """Bind an endpoint for `source` (a Store, a path, a BuildResult, an rdflib
    graph); port 0 picks a free port. Call `serve_forever()` on the result."""
    store = to_store(source)
    try:
        return SparqlServer(store, host, port, quiet=quiet)
    except OSError as err:
        raise ServeError(f"cannot listen: {err.strerror or err}", path=f"{host}:{port}",
                         hint="choose another --port, or 0 for a free one") from None


@contextmanager
def running(source: Any, host: str = "127.0.0.1", port: int = 0, *, quiet: bool = True) -> Iterator[SparqlServer]:
    """An endpoint serving in a background thread for the duration of a `with`
    block (tests, notebooks); it is shut down and its socket closed on exit."""
    server = make_server(source, host, port, quiet=quiet)
    thread = threading.Thread(target=server.serve_forever, name="kg-sparql", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header ranks highest (RFC 9110 q-values;
    exact types beat `type/*`, which beats `*/*`); ties go to the order of
    `offered`. No Accept header means the first offer; nothing acceptable, None."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    best, best_q = None, 0.0
    for offer in offered:
        kind = offer.split("/")[0]
        matches = [(3 if m == offer else 2 if m == f"{kind}/*" else 1, q) for m, q in ranges
                   if m in (offer, f"{kind}/*", "*/*")]
        if matches:
            q = max(matches)[1]  # the most specific matching range decides
            if q > best_q:
                best, best_q = offer, q
    return best


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        url = urlsplit(self.path)
        if url.path not in PATHS:
            return self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql\n")
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            return self._refuse_update()
        if "query" not in params:
            return self._send(HTTPStatus.OK, _form_page(self.server.url), "text/html; charset=utf-8")
        self._answer(params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in PATHS:
            return self._send(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql\n")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._send(HTTPStatus.BAD_REQUEST, "bad Content-Length\n")
        if length > MAX_BODY:
            return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes\n")
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            body = self.rfile.read(length).decode(charset)
        except (UnicodeDecodeError, LookupError):
            return self._send(HTTPStatus.BAD_REQUEST, f"request body is not {charset} text\n")
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = self.headers.get_content_type()
        if ctype == "application/sparql-update":
            return self._refuse_update()
        if ctype == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
            if "update" in params:
                return self._refuse_update()
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        else:
            return self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                              "POST application/sparql-query or application/x-www-form-urlencoded\n")
        self._answer(params)

    def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight, so browser query editors can call us
        self._send(HTTPStatus.NO_CONTENT, "")

    def _read_only(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: use GET or POST with a query\n")

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815

    def _refuse_update(self) -> None:
        self._send(HTTPStatus.FORBIDDEN, "SPARQL Update is not allowed: the graph is read-only "
                                         "(rebuild it with `kg build`)\n")

    def _answer(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._send(HTTPStatus.BAD_REQUEST, "give exactly one non-empty query parameter\n")
        if is_update(queries[0]):
            return self._refuse_update()
        try:
            answer = execute(self.server.store, queries[0], default_graph=params.get("default-graph-uri"),
                             named_graphs=params.get("named-graph-uri"))
        except QueryError as err:
            return self._send(HTTPStatus.BAD_REQUEST, f"{err}\n")
        graph = isinstance(answer, ox.QueryTriples)
        offered = list(GRAPH_TYPES if graph else RESULT_TYPES)
        names = GRAPH_NAMES if graph else RESULT_NAMES
        wanted = [names[v.lower()] for v in params.get("format", []) + params.get("output", []) if v.lower() in names]
        media = wanted[0] if wanted else negotiate(self.headers.get("Accept"), offered)
        if media is None:
            return self._send(HTTPStatus.NOT_ACCEPTABLE, "acceptable: " + ", ".join(offered) + "\n")
        fmt = GRAPH_TYPES[media] if graph else RESULT_TYPES[media]
        try:
            body = answer.serialize(format=fmt)
        except (OSError, ValueError) as err:  # evaluation is lazy: it fails here, mid-query
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {err}\n")
        text = media.startswith("text/") or media.endswith(("json", "xml"))
        self._send(HTTPStatus.OK, body, f"{media}; charset=utf-8" if text else media)

    def _send(self, status: HTTPStatus, body: str | bytes, ctype: str = "text/plain; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        if status == HTTPStatus.NO_CONTENT:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, POST, OPTIONS")
        self.send_header("Vary", "Accept")
        if data or status != HTTPStatus.NO_CONTENT:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


def _form_page(url: str) -> str:
    """What a browser sees at the endpoint without a query: a form and the
    packaged example queries, so the endpoint explains itself."""
    options = "".join(f'<option value="{escape(ex.text)}">{escape(ex.name)}: {escape(ex.question)}</option>'
                      for ex in examples().values())
    return (f"<!doctype html><meta charset=utf-8><title>kg SPARQL endpoint</title>"
            f"<h1>kg SPARQL endpoint</h1><p>SPARQL 1.1 Protocol at <code>{escape(url)}</code>; read-only; "
            f"prefixes of the kg ontology are predeclared.</p>"
            f"<form method=post><select onchange=\"this.form.query.value=this.value\">"
            f"<option value=''>examples…</option>{options}</select><br>"
            f"<textarea name=query rows=16 cols=100>SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10</textarea><br>"
            f"<select name=format><option>json</option><option>csv</option><option>xml</option>"
            f"<option>turtle</option></select> <button>Run</button></form>")
