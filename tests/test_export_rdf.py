"""RDF exports, driven by the registry in kg.export (like rdflib's
test_serializer.py): every RDF format is written, parsed back with rdflib and
compared with `isomorphic` to the graph the build made; a guard fails when a
registered format has no test; and rebuilds are byte-identical whatever the
hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic, to_isomorphic

from kg.export import FORMATS, get

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

# format name -> (rdflib parser name, what the file carries)
RDF_FORMATS = {
    "turtle": ("turtle", "default graph"),
    "nt": ("nt", "default graph"),
    "trig": ("trig", "dataset"),
    "jsonld": ("json-ld", "dataset"),
}
# Formats whose exporters others own; each is tested in its own file. Listed here
# so the guard knows them; skipped only while they are not registered yet.
OWNED_ELSEWHERE = {
    "events": ("test_export_events.py",),
    "html": ("test_export_html.py", "test_html.py"),
    "neo4j": ("test_export_neo4j.py", "test_neo4j.py"),
    "graphml": ("test_export_graphml.py", "test_graphml.py"),
}


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Every non-empty graph of a dataset by identifier (the default one included)."""
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def diff(expected: Graph, got: Graph) -> str:
    a, b = to_isomorphic(expected), to_isomorphic(got)
    missing, extra = sorted(a - b), sorted(b - a)
    return f"{len(missing)} triple(s) missing, e.g. {missing[:3]}; {len(extra)} extra, e.g. {extra[:3]}"


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_rdf_export_parses_back_to_the_built_graph(name, seeds_result, tmp_path):
    assert name in FORMATS, f"{name} is no longer registered in kg.export.FORMATS"
    parser, carries = RDF_FORMATS[name]
    writer, filename = get(name)
    dest = tmp_path / filename
    writer(seeds_result, dest)
    if carries == "default graph":
        expected = seeds_result.dataset.default_graph
        got = Graph().parse(dest, format=parser)
        assert len(got) == len(expected)
        assert isomorphic(got, expected), diff(expected, got)
    else:
        expected = named_graphs(seeds_result.dataset)
        got = named_graphs(Dataset().parse(dest, format=parser))
        assert sorted(got) == sorted(expected), "named graphs differ"
        for ident, graph in expected.items():
            assert isomorphic(got[ident], graph), f"{ident}: {diff(graph, got[ident])}"


def test_dataset_has_one_named_graph_per_document(seeds_result):
    idents = set(named_graphs(seeds_result.dataset))
    for doc in seeds_result.documents:
        assert f"https://w3id.org/kg-diplo/graph/{doc.id}" in idents


@pytest.mark.parametrize("alias, name", [("ttl", "turtle"), ("n-triples", "nt"), ("JSON-LD", "jsonld")])
def test_aliases_reach_the_same_exporter(alias, name):
    assert get(alias) == get(name)


def test_every_registered_format_has_a_test():
    untested = sorted(set(FORMATS) - set(RDF_FORMATS) - set(OWNED_ELSEWHERE))
    assert not untested, f"registered export formats without a test: {untested}; add them to RDF_FORMATS " \
                         "or OWNED_ELSEWHERE with their test file"


@pytest.mark.parametrize("name", sorted(OWNED_ELSEWHERE))
def test_formats_owned_elsewhere_have_their_test_file(name):
    if name not in FORMATS:
        pytest.skip(f"{name} is not registered in kg.export.FORMATS yet")
    files = OWNED_ELSEWHERE[name]
    assert any((TESTS / f).is_file() for f in files), f"{name} is registered but none of {files} exists"


# -- determinism -----------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli_build(out: Path, hash_seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", "seeds", "--out",
                           str(out), "-q"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return snapshot(out)


@pytest.mark.slow
def test_rebuilds_are_byte_identical(tmp_path, seeds_export):
    first = cli_build(tmp_path / "a", "1")
    second = cli_build(tmp_path / "b", "2")
    assert RDF_FORMATS.keys() <= FORMATS.keys() and first
    changed = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert not changed, f"files differ between two builds with different PYTHONHASHSEED: {changed}"
    in_process = snapshot(seeds_export)
    changed = sorted(k for k in first.keys() | in_process.keys() if first.get(k) != in_process.get(k))
    assert not changed, f"files differ between the CLI and the Python API build: {changed}"


def test_jsonld_default_graph_is_read_as_the_default_graph_by_other_parsers(seeds_export):
    """Not wrapped in an anonymous graph object, which readers take for a blank-node named graph."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(seeds_export / "graph.jsonld"), format=pyoxigraph.RdfFormat.JSON_LD)
    summits = list(store.query("SELECT ?e WHERE { ?e a <https://w3id.org/kg-diplo/ontology#Summit> }"))
    assert summits, "no summit in the JSON-LD default graph"
