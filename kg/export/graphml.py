"""GraphML (exports/graph.graphml): the property graph for networkx, Gephi, yEd or APOC.

Built from the same kg.property_graph view as the Neo4j bundle, so the two
always hold the same nodes and relationships. GraphML has no list or date
types: lists are written as JSON arrays and dates as ISO text; `labels` is
`:Actor:Person` (the convention apoc.import.graphml reads) and each edge's
relationship type is its `type`. Nodes and edges are added in sorted order,
so networkx writes the same bytes on every build.
Format: http://graphml.graphdrawing.org/
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..property_graph import PropertyGraph, Value, from_dataset
from . import atomic_write

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = ["write", "to_networkx"]


def _plain(value: Value) -> str | int | float | bool:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_networkx(pg: PropertyGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by IRI; an edge's key is its mention IRI for
    REPORTED_BY (several can join one event and one source), else its type."""
    g = nx.MultiDiGraph()
    for n in pg.nodes:
        attrs = {"labels": ":" + ":".join(n.labels), "kind": n.kind}
        attrs.update({k: _plain(v) for k, v in sorted(n.props.items())})
        g.add_node(n.id, **attrs)
    for r in pg.rels:
        attrs = {"type": r.type}
        attrs.update({k: _plain(v) for k, v in sorted(r.props.items())})
        g.add_edge(r.start, r.end, key=r.key or r.type, **attrs)
    return g


def write(result: BuildResult, dest: Path) -> None:
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(from_dataset(result.dataset)), buf, encoding="utf-8", prettyprint=True)
    atomic_write(dest, buf.getvalue())
