"""GraphML (exports/graph.graphml): networkx reads it back to the counts of the RDF.

Expectations come from SPARQL over the same run's `result.dataset` (never
hard-coded: extraction keeps improving), and from the shared property-graph
view that the Neo4j bundle is also written from.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from kg.graph import PREFIXES
from kg.property_graph import from_dataset

KINDS = "dip:Actor dip:Event dip:Place dip:Channel dip:Document dip:Outlet"
OBJECT_PREDICATES = ("dip:participant dip:sender dip:recipient dip:place dip:channel dip:about dip:mentionedIn "
                     "dip:envoy dip:within schema:publisher schema:location")


def count(ds, query: str) -> int:
    (n,), = list(ds.query(query, initNs=PREFIXES))
    return int(n)


@pytest.fixture(scope="module")
def read_back(seeds_export) -> nx.MultiDiGraph:
    return nx.read_graphml(seeds_export / "graph.graphml", force_multigraph=True)


def test_counts_match_the_rdf(read_back, seeds_result):
    ds = seeds_result.dataset
    nodes = count(ds, f"""SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{
        {{ VALUES ?k {{ {KINDS} }} ?n a ?k }} UNION
        {{ VALUES ?p {{ {OBJECT_PREDICATES} }} ?s ?p ?n . FILTER(isIRI(?n)) FILTER NOT EXISTS {{ ?n a ?any }} }} }}""")
    edges = count(ds, f"""SELECT (COUNT(*) AS ?c) WHERE {{
        VALUES ?p {{ {OBJECT_PREDICATES} }} ?s ?p ?o . FILTER(isIRI(?o)) }}""")
    edges += count(ds, "SELECT (COUNT(*) AS ?c) WHERE { ?e dip:mention ?m . ?m a dip:Mention ; dip:document ?d }")
    assert read_back.number_of_nodes() == nodes
    assert read_back.number_of_edges() == edges
    events = count(ds, "SELECT (COUNT(DISTINCT ?e) AS ?c) WHERE { ?e a dip:Event }")
    assert sum(1 for _, d in read_back.nodes(data=True) if d["kind"] == "Event") >= events


def test_labels_and_types_match_the_property_graph(read_back, seeds_result):
    pg = from_dataset(seeds_result.dataset)
    labels = Counter(label for _, d in read_back.nodes(data=True) for label in d["labels"].strip(":").split(":"))
    assert dict(labels) == pg.label_counts()
    assert dict(Counter(d["type"] for *_, d in read_back.edges(data=True))) == pg.type_counts()


def test_attributes_survive(read_back, seeds_result):
    pg = from_dataset(seeds_result.dataset)
    for n in pg.nodes:
        attrs = read_back.nodes[n.id]
        for key, value in n.props.items():
            got = json.loads(attrs[key]) if isinstance(value, list) else attrs[key]
            want = value.isoformat() if hasattr(value, "isoformat") else value
            assert got == want, (n.id, key)
    mentions = {d["id"]: d["evidence"] for *_, d in read_back.edges(data=True) if d["type"] == "REPORTED_BY"}
    for row in seeds_result.dataset.query("SELECT ?m ?ev WHERE { ?m dip:evidence ?ev }", initNs=PREFIXES):
        assert mentions[str(row.m)] == str(row.ev)


def test_graphml_bytes_are_stable(seeds_result, tmp_path):
    from kg.export.graphml import write

    write(seeds_result, tmp_path / "a.graphml")
    write(seeds_result, tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
