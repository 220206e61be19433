"""The one-pass RDF writers (kg.export.rdftext) write what rdflib's serializers
write, byte for byte, on the seeds build and on a graph of awkward terms;
where rdflib's text was wrong (line breaks inside TriG literals), theirs parses
back to the same graph (issue 8)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.export import rdf
from kg.graph import DIP, PREFIXES, WD, doc_graph_iri, iri

FORMATS = {"turtle": (rdf.write_turtle, rdf.rdflib_turtle), "nt": (rdf.write_ntriples, rdf.rdflib_ntriples),
           "jsonld": (rdf.write_jsonld, rdf.rdflib_jsonld), "trig": (rdf.write_trig, rdf.rdflib_trig)}
EX = Namespace("http://example.org/vocab#")


def awkward(line_breaks: bool, unbound: bool = True) -> SimpleNamespace:
    """Terms that exercise quoting, prefixes, ordering and JSON-LD values;
    `line_breaks` adds literals with a newline and with U+2028, `unbound` a
    predicate in no bound namespace (rdflib invents `ns1:` for it)."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    g = ds.default_graph
    ev, other, actor = iri("event", "summit-2018"), iri("event", "letter-2019"), iri("actor", "kim-jong-un")
    texts = ['He said "no".', "tab\there", "ünïcödé — “quotes”", "back\\slash", ""]
    if line_breaks:
        texts += ["two\nlines", "sep\u2028line"]
    for n, text in enumerate(texts):
        m = iri("mention", f"doc/{n}-{n + 1}/summit-2018")
        g.add((ev, DIP.mention, m))
        g.add((m, DIP.evidence, Literal(text)))
        g.add((m, DIP.start, Literal(n)))
    g.add((ev, RDF.type, DIP.Summit))
    g.add((ev, RDF.type, DIP.Event))
    g.add((ev, RDFS.label, Literal("Singapore summit", lang="en")))
    g.add((ev, DIP.participant, actor))
    g.add((ev, DIP.date, Literal("2018-06-12", datatype=XSD.date)))
    g.add((ev, DIP.precision, Literal("day")))
    g.add((ev, DIP.catalogued, Literal(True)))
    g.add((ev, DIP["count"], Literal(2)))
    g.add((ev, DIP.score, Literal(0.5)))
    g.add((ev, DIP.weight, Literal("1.50", datatype=XSD.decimal)))
    if unbound:
        g.add((ev, EX.unbound, Literal("a predicate outside every bound namespace")))
    g.add((ev, DIP["odd(name)"], Literal("parentheses in a local name")))
    g.add((other, DIP.about, ev))
    g.add((other, RDF.type, DIP.Letter))
    g.add((actor, RDF.type, DIP.Person))
    g.add((actor, RDFS.label, Literal("Kim Jong-un")))
    g.add((actor, URIRef("http://www.w3.org/2002/07/owl#sameAs"), WD.Q56226))
    g.add((DIP.Person, RDF.type, RDFS.Class))
    g.add((URIRef("http://example.org/x%zz"), RDFS.label, Literal("percent")))
    g.add((URIRef("http://example.org/trailing."), RDFS.label, Literal("dot")))
    ng = ds.graph(doc_graph_iri("doc"))
    ng.add((ev, RDF.type, DIP.Summit))
    ng.add((ev, DIP.date, Literal("2018-06", datatype=XSD.gYearMonth)))
    ds.graph(doc_graph_iri("empty"))
    return SimpleNamespace(dataset=ds)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_same_bytes_as_rdflib_on_the_seeds(name, seeds_result, tmp_path):
    fast, reference = FORMATS[name]
    fast(seeds_result, tmp_path / name)
    assert (tmp_path / name).read_text(encoding="utf-8") == reference(seeds_result)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_same_bytes_as_rdflib_on_awkward_terms(name, tmp_path):
    # rdflib's TriG indented the lines inside multi-line literals, changing them,
    # and left out the ns1: it invented for a named graph
    result = awkward(line_breaks=name != "trig", unbound=name != "trig")
    fast, reference = FORMATS[name]
    fast(result, tmp_path / name)
    got, want = (tmp_path / name).read_text(encoding="utf-8"), reference(result)
    if name == "nt":  # rdflib's lines were split at U+2028 by splitlines(); ours keep the triple whole
        want = "".join(sorted(want.replace("sep\n", "sep\u2028").splitlines(keepends=True)))
        got = "".join(sorted(got.splitlines(keepends=True)))
    assert got == want


def test_trig_keeps_multiline_literals_intact(tmp_path):
    result = awkward(line_breaks=True)
    rdf.write_trig(result, tmp_path / "g.trig")
    back = Dataset().parse(tmp_path / "g.trig", format="trig")
    for g in result.dataset.graphs():
        if len(g):
            assert isomorphic(back.graph(g.identifier), g), g.identifier


def test_ntriples_parse_back(tmp_path):
    result = awkward(line_breaks=True)
    rdf.write_ntriples(result, tmp_path / "g.nt")
    assert isomorphic(Graph().parse(tmp_path / "g.nt", format="nt"), result.dataset.default_graph)
