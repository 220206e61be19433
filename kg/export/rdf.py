"""RDF exports through rdflib's own serializers: Turtle, TriG, N-Triples, JSON-LD.

Turtle and N-Triples carry the merged default graph; TriG and JSON-LD the whole
dataset, one named graph per source document. rdflib orders Turtle and TriG
output itself; N-Triples lines and JSON-LD nodes are sorted here so that
every rebuild is byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..graph import PREFIXES
from . import atomic_write

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = ["write_turtle", "write_trig", "write_ntriples", "write_jsonld", "default_graph"]


def default_graph(result: BuildResult) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in result.dataset.default_context:
        g.add(t)
    return g


def write_turtle(result: BuildResult, dest: Path) -> None:
    atomic_write(dest, default_graph(result).serialize(format="turtle"))


def write_trig(result: BuildResult, dest: Path) -> None:
    """TriG with the named graphs in sorted order (rdflib's own TriG writer
    orders graphs by hash, which changes from run to run)."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"
    parts = [header, _body(default_graph(result))]
    named = sorted((g for g in result.dataset.graphs() if g.identifier != result.dataset.default_context.identifier),
                   key=lambda g: str(g.identifier))
    for g in named:
        body = _body(_copy(g)).strip("\n")
        parts.append(f"\n<{g.identifier}> {{\n" + "\n".join(f"    {line}" if line else "" for line in
                                                              body.splitlines()) + "\n}\n")
    atomic_write(dest, "".join(parts))


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


def write_ntriples(result: BuildResult, dest: Path) -> None:
    lines = default_graph(result).serialize(format="nt").splitlines()
    atomic_write(dest, "\n".join(sorted(set(filter(None, lines)))) + "\n")


def write_jsonld(result: BuildResult, dest: Path) -> None:
    context = {k: str(v) for k, v in PREFIXES.items()}
    data = json.loads(result.dataset.serialize(format="json-ld", context=context, auto_compact=True))
    atomic_write(dest, json.dumps(_canonical(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _canonical(node):
    """Sort every list of JSON-LD nodes or values by its JSON text."""
    if isinstance(node, dict):
        return {k: _canonical(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_canonical(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node
