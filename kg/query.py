"""SPARQL over the built graph: load it, run a query, render the answer.

One small API serves the CLI (`kg query`), the endpoint (`kg serve`) and the
notebooks, so a query behaves the same everywhere:

    from kg import query
    store = query.load("exports")              # graph.trig: default + named graphs
    result = query.run(store, query.example("summits"))
    result.rows                                # [{'event': ..., 'date': '2018-06-12', ...}]

The engine is the one that holds the graph: a `pyoxigraph.Store` (what
`load` returns; fast, and what the endpoint uses) or an rdflib `Graph` /
`Dataset` (e.g. `build(...).dataset`; no copy needed). Answers from either
come back in one engine-neutral `Result` whose bindings are SPARQL 1.1
results-JSON terms (https://www.w3.org/TR/sparql11-results-json/), so they
serialise as JSON or CSV without the engine. The ontology's prefixes
(`kg.graph.PREFIXES`) are predeclared in every query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import QueryError
from .graph import PREFIXES as _NAMESPACES
from .queries import Example, example, examples

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

__all__ = [
    "PREFIXES", "DEFAULT_GRAPH", "GRAPH_FILES", "FORMATS", "Result", "Example",
    "load", "to_store", "run", "execute", "examples", "example", "read_query", "render", "compact",
    "is_update",
]

PREFIXES: dict[str, str] = {name: str(ns) for name, ns in _NAMESPACES.items()}
DEFAULT_GRAPH = Path("exports")
# Looked for in this order when --graph is a folder: TriG first, because it is
# the only single-file export that keeps the per-source named graphs.
GRAPH_FILES = ("graph.trig", "graph.nq", "graph.nt", "graph.ttl", "graph.jsonld")
FORMATS = ("table", "csv", "json", "turtle")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class Result:
    """The answer to one query, independent of the engine that computed it.

    `kind` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE, whose triples are
    also given as subject/predicate/object bindings). `bindings` are results-JSON
    terms ({"type": "uri", "value": ...}); `rows` are the same as plain Python
    values for code that does not care about RDF terms.
    """

    kind: str
    vars: tuple[str, ...] = ()
    bindings: tuple[dict[str, dict[str, str]], ...] = ()
    boolean: bool | None = None
    ntriples: str = ""  # the graph of a CONSTRUCT/DESCRIBE answer, as N-Triples

    @classmethod
    def from_json(cls, data: bytes | str | dict) -> Result:
        """From SPARQL 1.1 results JSON, which both engines write natively."""
        data = json.loads(data) if isinstance(data, (bytes, str)) else data
        if "boolean" in data:
            return cls("ask", boolean=bool(data["boolean"]))
        return cls("select", tuple(data["head"].get("vars", ())), tuple(data["results"]["bindings"]))

    @classmethod
    def from_ntriples(cls, text: bytes | str) -> Result:
        """From a CONSTRUCT/DESCRIBE answer; its triples also become s/p/o rows."""
        import pyoxigraph

        text = text.decode("utf-8") if isinstance(text, bytes) else text
        store = pyoxigraph.Store()
        store.load(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
        rows = store.query("SELECT ?subject ?predicate ?object WHERE { ?subject ?predicate ?object }")
        table = cls.from_json(rows.serialize(format=pyoxigraph.QueryResultsFormat.JSON))
        return cls("graph", table.vars, table.bindings, ntriples=text)

    def __len__(self) -> int:
        return len(self.bindings)

    def __repr__(self) -> str:  # short: the bindings can be thousands of rows
        if self.kind == "ask":
            return f"<Result ask: {'true' if self.boolean else 'false'}>"
        return f"<Result {self.kind}: {len(self)} rows of {', '.join(self.vars)}>"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per solution; unbound variables are None, numbers are numbers,
        dates stay ISO text (their precision is in the text: 2025, 2025-06, 2025-06-11)."""
        return [{v: _python(b.get(v)) for v in self.vars} for b in self.bindings]

    def to_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {"head": {"vars": list(self.vars)}, "results": {"bindings": [dict(b) for b in self.bindings]}}

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV (CRLF line ends, plain values)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerows([["boolean"], ["true" if self.boolean else "false"]])
        else:
            writer.writerow(self.vars)
            writer.writerows([_text(b.get(v)) for v in self.vars] for b in self.bindings)
        return out.getvalue()

    def to_turtle(self) -> str:
        """Turtle of a CONSTRUCT/DESCRIBE answer, with the ontology's prefixes."""
        if self.kind != "graph":
            raise QueryError("--format turtle needs a CONSTRUCT or DESCRIBE query")
        import rdflib  # its Turtle declares only the prefixes used and sorts the output

        g = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g.parse(data=self.ntriples, format="nt").serialize(format="turtle")

    def table(self) -> list[list[str]]:
        """Display strings: IRIs shortened with the ontology's prefixes, runs of
        whitespace (the line breaks inside evidence sentences) made one space."""
        return [[" ".join(_text(b.get(v), short=True).split()) for v in self.vars] for b in self.bindings]

    def _repr_html_(self) -> str:
        """Shown by Jupyter: the notebooks display results without pandas."""
        if self.kind == "ask":
            return f"<p>ASK → <b>{'true' if self.boolean else 'false'}</b></p>"
        head = "".join(f"<th>{escape(v)}</th>" for v in self.vars)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in self.table())
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self)} rows</p>"


# ---------------------------------------------------------------- loading


def _graph_file(path: Path) -> Path:
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return path / name
        raise QueryError("no built graph in this folder", path=path / GRAPH_FILES[0],
                         hint="run `kg build` first, or pass --graph FILE")
    if not path.is_file():
        raise QueryError("no such graph file", path=path, hint="run `kg build` first, or pass --graph DIR_OR_FILE")
    return path


def load(path: str | Path = DEFAULT_GRAPH, *, engine: str = "oxigraph") -> pyoxigraph.Store | rdflib.Dataset:
    """Load a built graph: a folder (its graph.trig, so the per-source named
    graphs come along) or one RDF file, into pyoxigraph (default) or rdflib."""
    file = _graph_file(Path(path))
    if engine == "rdflib":
        import rdflib
        from rdflib.util import guess_format

        ds = rdflib.Dataset()
        fmt = "nquads" if file.suffix == ".nq" else guess_format(str(file)) or "turtle"
        try:
            ds.parse(file, format=fmt)
        except Exception as err:  # rdflib's parsers raise many unrelated types
            raise QueryError(f"cannot parse the graph: {_one_line(err)}", path=file) from None
        return ds
    if engine != "oxigraph":
        raise QueryError(f"unknown SPARQL engine {engine!r} (choose from oxigraph, rdflib)")
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.from_extension(file.suffix.lstrip(".") or "ttl")
    if fmt is None:
        raise QueryError(f"unknown RDF file type {file.suffix!r}", path=file,
                         hint="use .trig, .nq, .nt, .ttl or .jsonld")
    store = pyoxigraph.Store()
    try:
        store.load(path=file, format=fmt)
    except (SyntaxError, ValueError, OSError) as err:
        raise QueryError(f"cannot parse the graph: {_one_line(err)}", path=file) from None
    return store


def to_store(source: Any) -> pyoxigraph.Store:
    """A pyoxigraph Store holding `source`: a Store (returned as is), a path, a
    `BuildResult`, or an rdflib Graph/Dataset (its default graph stays the
    default graph, its named graphs stay named)."""
    import pyoxigraph

    if isinstance(source, pyoxigraph.Store):
        return source
    if isinstance(source, (str, Path)):
        return load(source)  # type: ignore[return-value]
    graph = getattr(source, "dataset", source)
    store = pyoxigraph.Store()
    if hasattr(graph, "quads"):  # rdflib writes default-graph triples as plain triples
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


# ---------------------------------------------------------------- running


def execute(store: pyoxigraph.Store, sparql: str, *, default_graph: list[str] | None = None,
            named_graphs: list[str] | None = None, name: str | None = None) -> Any:
    """Run `sparql` on a pyoxigraph Store and return pyoxigraph's own answer,
    for callers (the endpoint) that serialise it natively. Errors become one-line
    `QueryError`s; `name` (a file or example) is where they are reported."""
    import pyoxigraph

    kwargs: dict[str, Any] = {}
    if default_graph:
        kwargs["default_graph"] = [pyoxigraph.NamedNode(g) for g in default_graph]
    if named_graphs:
        kwargs["named_graphs"] = [pyoxigraph.NamedNode(g) for g in named_graphs]
    try:
        return store.query(sparql, prefixes=PREFIXES, **kwargs)
    except SyntaxError as err:
        raise _syntax_error(err, sparql, name) from None
    except (OSError, ValueError) as err:
        raise QueryError(f"query failed: {_one_line(err)}", path=name) from None


def run(source: Any, sparql: str, *, name: str | None = None) -> Result:
    """Run `sparql` on whatever holds the graph (see the module docstring) and
    return an engine-neutral `Result`. A path is loaded with `load` first."""
    if isinstance(source, (str, Path)):
        source = load(source)
    import rdflib

    graph = getattr(source, "dataset", source)  # a BuildResult queries its Dataset
    if isinstance(graph, rdflib.Graph):
        return _run_rdflib(graph, sparql, name)
    answer = execute(graph, sparql, name=name)
    import pyoxigraph

    try:  # evaluation is lazy: errors surface while serialising
        if isinstance(answer, pyoxigraph.QueryTriples):
            return Result.from_ntriples(answer.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES))
        return Result.from_json(answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON))
    except (OSError, ValueError) as err:
        raise QueryError(f"query failed: {_one_line(err)}", path=name) from None


def _run_rdflib(graph: rdflib.Graph, sparql: str, name: str | None) -> Result:
    from pyparsing import ParseBaseException

    try:
        answer = graph.query(sparql, initNs=PREFIXES)
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return Result.from_ntriples(answer.serialize(format="nt", encoding="utf-8") or b"")
        return Result.from_json(answer.serialize(format="json"))
    except ParseBaseException as err:
        if is_update(sparql):
            raise _syntax_error(SyntaxError(str(err)), sparql, name) from None
        raise QueryError(f"SPARQL syntax error: {_one_line(err)}", path=name) from None
    except Exception as err:  # rdflib raises bare Exception for unknown prefixes and the like
        raise QueryError(f"query failed: {_one_line(err)}", path=name) from None


# ---------------------------------------------------------------- query text and output


def read_query(arg: str) -> tuple[str, str | None]:
    """Resolve what the user typed into (SPARQL text, where it came from): an
    existing file, the name of a packaged example, or the query itself."""
    stripped = arg.strip()
    if not stripped:
        raise QueryError("empty query", hint="give SPARQL text, a .rq file or an example name (kg query --list)")
    path = Path(stripped)
    try:
        is_file = "\n" not in stripped and path.is_file()
    except OSError:  # e.g. a one-line query too long to be a file name
        is_file = False
    if is_file:
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read the query file: {_one_line(err)}", path=path) from None
    if re.search(r"[\s{}?]", stripped):
        return arg, None
    if path.suffix in (".rq", ".sparql") or "/" in stripped:
        raise QueryError("no such query file", path=path)
    return example(stripped), f"example {stripped}"


def render(result: Result, fmt: str) -> str:
    """Text of `result` in one of FORMATS other than "table" (which the CLI draws)."""
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return result.to_csv()
    if fmt == "turtle":
        return result.to_turtle()
    raise QueryError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")


def compact(value: str) -> str:
    """An IRI shortened with the longest matching ontology prefix, for display."""
    best = max((ns for ns in PREFIXES.values() if value.startswith(ns)), key=len, default=None)
    if best is None:
        return value
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{value[len(best):]}"


# ---------------------------------------------------------------- terms


def _python(term: dict[str, str] | None) -> Any:
    if term is None:
        return None
    datatype, value = term.get("datatype"), term["value"]  # numbers and booleans only: dates keep precision
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype == f"{_XSD}boolean":
        return value in ("true", "1")
    return value


def _text(term: dict[str, str] | None, short: bool = False) -> str:
    """A term as CSV text, or as display text with IRIs compacted (`short`)."""
    if term is None:
        return ""
    if term["type"] == "uri" and short:
        return compact(term["value"])
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


# ---------------------------------------------------------------- errors


def _one_line(err: BaseException | str, limit: int = 200) -> str:
    text = re.sub(r"\s+", " ", str(err)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _syntax_error(err: SyntaxError, sparql: str, name: str | None) -> QueryError:
    """pyoxigraph lists every token it expected; lead with what helps most."""
    if is_update(sparql):
        return QueryError("SPARQL Update is not allowed: the graph is read-only", path=name,
                          hint="rebuild it with `kg build` instead")
    pos = re.match(r"error at (\d+:\d+):\s*", str(err))
    where, text = (f" at {pos.group(1)}", str(err)[pos.end():]) if pos else ("", str(err))
    if "Prefix not found" in text:
        return QueryError(f"SPARQL syntax error{where}: undeclared prefix", path=name,
                          hint=f"predeclared: {', '.join(sorted(PREFIXES))}; declare others with PREFIX")
    return QueryError(f"SPARQL syntax error{where}: {_one_line(text, 160)}", path=name)


def is_update(sparql: str) -> bool:
    """True for SPARQL Update text (INSERT, DELETE, LOAD, CLEAR, DROP, ...), which
    the query API and the endpoint refuse: the built graph is read-only."""
    body = re.sub(r"(?m)(^|\s)#[^\n]*", " ", sparql)  # comments, not the # inside <IRIs>
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body))
