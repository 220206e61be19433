"""RDF exports: Turtle, TriG, N-Triples, JSON-LD.

Turtle and N-Triples carry the merged default graph; TriG and JSON-LD the whole
dataset, one named graph per source document. The text is rdflib's, byte for
byte, but made by the one-pass writers in `kg.export.rdftext` (rdflib's own
serializers are quadratic on kg's per-mention IRIs) and streamed to disk;
rdflib's serializers remain the fallback (`rdflib_*` below) for graphs those
writers do not handle. Subjects, predicates, N-Triples lines, named graphs
and JSON-LD nodes come out sorted, so every rebuild is byte-identical.
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from ..graph import PREFIXES
from . import atomic_write, atomic_writer
from .rdftext import Names, canonical_json, canonical_text, jsonld_data, ntriples_lines, turtle_statements

if TYPE_CHECKING:
    from rdflib import Dataset

    from ..pipeline import BuildResult

__all__ = ["write_turtle", "write_trig", "write_ntriples", "write_jsonld", "default_graph", "bindings"]


def bindings() -> list[tuple[str, URIRef]]:
    """The prefixes a fresh rdflib Graph knows plus kg's own, as every export binds them."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return list(g.namespaces())


def default_graph(result: BuildResult) -> Graph:
    """A standalone copy of the merged graph, with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in _merged(result.dataset):
        g.add(t)
    return g


def _merged(ds: Dataset) -> Graph:
    return ds.default_graph if hasattr(type(ds), "default_graph") else ds.default_context


def _named(ds: Dataset) -> list[Graph]:
    default = _merged(ds).identifier
    return sorted((g for g in ds.graphs() if g.identifier != default), key=lambda g: str(g.identifier))


_grouped: dict[int, dict] = {}  # id(dataset) → its triples by graph, for as long as that dataset lives


def _by_graph(ds: Dataset) -> dict:
    """Every graph's triples, from one pass over the dataset's quads (reading
    ten thousand small named graphs one by one costs twice as much), made once
    per dataset and shared by the four writers of a build."""
    found = _grouped.get(id(ds))
    if found is None:
        found = _grouped[id(ds)] = _group(ds)
        weakref.finalize(ds, _grouped.pop, id(ds), None)
    return found


def _triples(ds: Dataset, graph: Graph):
    return _by_graph(ds).get(graph.identifier, ())


def _group(ds: Dataset) -> dict:
    out: dict = {}
    default = _merged(ds).identifier
    for s, p, o, g in ds.quads((None, None, None, None)):
        ident = default if g is None else getattr(g, "identifier", g)  # a Graph or its name, by rdflib version
        found = out.get(ident)
        if found is None:
            found = out[ident] = []
        found.append((s, p, o))
    return out


def write_turtle(result: BuildResult, dest: Path) -> None:
    names = Names(bindings())
    statements = turtle_statements(_triples(result.dataset, _merged(result.dataset)), names)
    if statements is None:
        return atomic_write(dest, default_graph(result).serialize(format="turtle"))
    with atomic_writer(dest) as fh:
        fh.write(names.header())
        for s in statements:
            fh.write(f"\n{s}\n")
        fh.write("\n")


def write_trig(result: BuildResult, dest: Path) -> None:
    """TriG with the named graphs in sorted order (rdflib's own TriG writer
    orders graphs by hash, which changes from run to run): the default graph's
    statements, then each named graph's, indented inside its braces."""
    names = Names(bindings())
    ds = result.dataset
    default = turtle_statements(_triples(ds, _merged(ds)), names)
    named = [(g.identifier, turtle_statements(_triples(ds, g), names, indent="    ")) for g in _named(ds)]
    if default is None or any(s is None for _, s in named):
        return atomic_write(dest, rdflib_trig(result))
    declared = {**{p: str(ns) for p, ns in PREFIXES.items()}, **names.used}  # with any ns1: invented
    with atomic_writer(dest) as fh:
        fh.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(declared.items())) + "\n")
        for s in default:
            fh.write(f"\n{s}\n")
        fh.write("\n")
        for ident, statements in named:
            fh.write(f"\n<{ident}> {{\n" + "\n\n".join(statements) + "\n}\n")


def write_ntriples(result: BuildResult, dest: Path) -> None:
    lines = ntriples_lines(_triples(result.dataset, _merged(result.dataset)))
    with atomic_writer(dest) as fh:
        for line in lines:
            fh.write(line + "\n")
        if not lines:
            fh.write("\n")


def write_jsonld(result: BuildResult, dest: Path) -> None:
    context = {k: str(v) for k, v in PREFIXES.items()}
    ds = result.dataset
    data = jsonld_data([(g.identifier, _triples(ds, g)) for g in (_merged(ds), *_named(ds))], context)
    if data is None:
        data = json.loads(result.dataset.serialize(format="json-ld", context=context, auto_compact=True))
    with atomic_writer(dest) as fh:
        fh.write(canonical_text(_default_graph_on_top(data)) + "\n")


# -- rdflib's own serializers: the fallback, and the reference the tests compare with ------------
def rdflib_turtle(result: BuildResult) -> str:
    return default_graph(result).serialize(format="turtle")


def rdflib_trig(result: BuildResult) -> str:
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"
    parts = [header, _body(default_graph(result))]
    for g in _named(result.dataset):
        body = _body(_copy(g)).strip("\n")
        parts.append(f"\n<{g.identifier}> {{\n" + "\n".join(f"    {line}" if line else "" for line in
                                                              body.splitlines()) + "\n}\n")
    return "".join(parts)


def rdflib_ntriples(result: BuildResult) -> str:
    lines = default_graph(result).serialize(format="nt").splitlines()
    return "\n".join(sorted(set(filter(None, lines)))) + "\n"


def rdflib_jsonld(result: BuildResult) -> str:
    context = {k: str(v) for k, v in PREFIXES.items()}
    data = json.loads(result.dataset.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(canonical_json(_default_graph_on_top(data))[0], ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"


def _default_graph_on_top(data: dict) -> dict:
    """rdflib wraps the default graph in a graph object without "@id", which
    JSON-LD readers (pyoxigraph, the JSON-LD playground) take for a blank-node
    named graph; its nodes belong at the top level of "@graph"."""
    items = data.get("@graph")
    if not isinstance(items, list):
        return data
    top: list = []
    for item in items:
        if isinstance(item, dict) and "@graph" in item and "@id" not in item:
            top += item["@graph"]
        else:
            top.append(item)
    return {**data, "@graph": top}


def _copy(graph: Graph) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in graph:
        g.add(t)
    return g


def _body(graph: Graph) -> str:
    """Turtle of `graph` without its @prefix lines."""
    text = graph.serialize(format="turtle")
    return "".join(line + "\n" for line in text.splitlines() if not line.startswith("@prefix"))
