"""kg.shacl, the compiled check every build runs, agrees with pySHACL (issue 8).

Each case breaks a copy of the seeds graph in one way (or keeps it valid in a
way that needs subclass reasoning) and asks both for conforms-or-not; the
report itself always comes from pySHACL, so only the verdict is compared.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, XSD

from kg.errors import ValidationError
from kg.graph import DIP, SCHEMA, iri
from kg.shacl import Checker, Unsupported, compile_shapes
from kg.validate import shapes, validate


@pytest.fixture(scope="module")
def base(seeds_result) -> Graph:
    g = Graph()
    for t in seeds_result.dataset.default_graph:
        g.add(t)
    # nodes the seeds may lack, so that every shape has something to check
    place, channel = iri("place", "test-place"), iri("channel", "test-channel")
    g.add((place, RDF.type, DIP.Place))
    g.add((place, RDFS.label, Literal("Test place")))
    g.add((channel, RDF.type, DIP.Channel))
    g.add((channel, RDFS.label, Literal("Test channel")))
    return g


def first(g: Graph, cls, having=None):
    nodes = sorted(s for s in g.subjects(RDF.type, cls) if having is None or (s, having, None) in g)
    assert nodes, f"no {cls} in the test graph"
    return nodes[0]


def undated_event(g: Graph):
    ev = first(g, DIP.Event, DIP.date)
    g.remove((ev, DIP.date, None))
    g.remove((ev, DIP.precision, None))
    return ev


def event(g):
    return first(g, DIP.Event)


def mention(g):
    return first(g, DIP.Mention)


def actor(g):
    return first(g, DIP.Actor, DIP.mentionedIn)


def doc(g):
    return first(g, DIP.Document)


def person(g):
    """A well-formed person typed only as dip:Person, not dip:Actor."""
    p = URIRef("urn:x:person")
    g.add((p, RDF.type, DIP.Person))
    g.add((p, RDFS.label, Literal("A person")))
    g.add((p, DIP.fromCatalog, Literal(True)))
    return p


def replace(g, s, p, o):
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))


CASES = {
    "valid as built": lambda g: None,
    "event without label": lambda g: replace(g, event(g), RDFS.label, None),
    "event with two labels": lambda g: g.add((event(g), RDFS.label, Literal("another label"))),
    "event label is a number": lambda g: replace(g, event(g), RDFS.label, Literal(3)),
    "event label has a language": lambda g: replace(g, event(g), RDFS.label, Literal("summit", lang="en")),
    "event without participants": lambda g: replace(g, event(g), DIP.participant, None),
    "participant is not an actor": lambda g: g.add((event(g), DIP.participant, doc(g))),
    "participant is a literal": lambda g: g.add((event(g), DIP.participant, Literal("Kim"))),
    "participant is an actor by subclass": lambda g: (
        person(g), g.add((DIP.Person, RDFS.subClassOf, DIP.Actor)), g.add((event(g), DIP.participant, person(g)))),
    "participant by subclass without the axiom": lambda g: g.add((event(g), DIP.participant, person(g))),
    "event without source": lambda g: replace(g, event(g), PROV.wasDerivedFrom, None),
    "source is not a document": lambda g: g.add((event(g), PROV.wasDerivedFrom, actor(g))),
    "event without mention": lambda g: replace(g, event(g), DIP.mention, None),
    "mention without document": lambda g: replace(g, mention(g), DIP.document, None),
    "mention with empty evidence": lambda g: replace(g, mention(g), DIP.evidence, Literal("")),
    "mention start below zero": lambda g: replace(g, mention(g), DIP.start, Literal(-1)),
    "mention start is text": lambda g: replace(g, mention(g), DIP.start, Literal("one")),
    "mention start ill-typed": lambda g: replace(g, mention(g), DIP.start, Literal("x", datatype=XSD.integer)),
    "mention without end": lambda g: replace(g, mention(g), DIP.end, None),
    "mention modality unknown": lambda g: replace(g, mention(g), DIP.modality, Literal("maybe")),
    "untyped node reached by sh:node": lambda g: g.add((event(g), DIP.mention, URIRef("urn:x:m"))),
    "status unknown": lambda g: replace(g, event(g), DIP.status, Literal("rumoured")),
    "two statuses": lambda g: g.add((event(g), DIP.status, Literal("planned"))),
    "count zero": lambda g: replace(g, event(g), DIP["count"], Literal(0)),
    "count two": lambda g: replace(g, event(g), DIP["count"], Literal(2)),
    "count ill-typed": lambda g: replace(g, event(g), DIP["count"], Literal("three", datatype=XSD.integer)),
    "precision unknown": lambda g: replace(g, first(g, DIP.Event, DIP.precision), DIP.precision, Literal("week")),
    "date is a plain string": lambda g: replace(g, first(g, DIP.Event, DIP.date), DIP.date, Literal("2018-06-12")),
    "date is a dateTime": lambda g: replace(g, first(g, DIP.Event, DIP.date), DIP.date,
                                            Literal("2018-06-12T10:00:00", datatype=XSD.dateTime)),
    "date is a year": lambda g: replace(g, first(g, DIP.Event, DIP.date), DIP.date, Literal("2018", datatype=XSD.gYear)),
    "date and undated": lambda g: g.add((first(g, DIP.Event, DIP.date), DIP.undated, Literal(True))),
    "neither date nor undated": lambda g: undated_event(g),
    "undated": lambda g: g.add((undated_event(g), DIP.undated, Literal(True))),
    "undated false": lambda g: g.add((undated_event(g), DIP.undated, Literal(False))),
    "two senders": lambda g: (g.add((event(g), DIP.sender, actor(g))), g.add((event(g), DIP.sender, iri("actor", "x")))),
    "place is not a place": lambda g: g.add((event(g), DIP.place, actor(g))),
    "channel is a channel": lambda g: g.add((event(g), DIP.channel, iri("channel", "test-channel"))),
    "actor without label": lambda g: replace(g, actor(g), RDFS.label, None),
    "actor with two labels": lambda g: g.add((actor(g), RDFS.label, Literal("alias"))),
    "actor mentioned in a non-document": lambda g: g.add((actor(g), DIP.mentionedIn, event(g))),
    "actor neither mentioned nor catalogued": lambda g: replace(g, actor(g), DIP.mentionedIn, None),
    "actor only from the catalog": lambda g: (replace(g, actor(g), DIP.fromCatalog, Literal(True)),
                                             replace(g, actor(g), DIP.mentionedIn, None)),
    "actor fromCatalog false": lambda g: (replace(g, actor(g), DIP.fromCatalog, Literal(False)),
                                         replace(g, actor(g), DIP.mentionedIn, None)),
    "document with two identifiers": lambda g: g.add((doc(g), SCHEMA.identifier, Literal("other"))),
    "document without identifier": lambda g: replace(g, doc(g), SCHEMA.identifier, None),
    "document date is a year": lambda g: replace(g, doc(g), SCHEMA.datePublished, Literal("2018", datatype=XSD.gYear)),
    "channel without label": lambda g: replace(g, iri("channel", "test-channel"), RDFS.label, None),
    "place with two labels": lambda g: g.add((iri("place", "test-place"), RDFS.label, Literal("again"))),
    "event by subclass only": lambda g: (g.add((DIP.Summit, RDFS.subClassOf, DIP.Event)),
                                         g.add((URIRef("urn:x:e"), RDF.type, DIP.Summit))),
    "blank-node participant": lambda g: g.add((event(g), DIP.participant, BNode())),
    "sameAs is not checked": lambda g: g.add((event(g), OWL.sameAs, Literal("x"))),
}


def pyshacl_conforms(g: Graph) -> bool:
    return validate(g, raise_on_error=False, engine="pyshacl").conforms


@pytest.mark.parametrize("case", sorted(CASES))
def test_compiled_check_agrees_with_pyshacl(case, base):
    g = Graph()
    for t in base:
        g.add(t)
    CASES[case](g)
    fast = Checker(g, compile_shapes(shapes())).conforms()
    assert fast == pyshacl_conforms(g), f"{case}: kg.shacl says {fast}, pySHACL disagrees"


def test_the_cases_break_the_graph_more_often_than_not(base):
    verdicts = []
    for case in CASES:
        g = Graph()
        for t in base:
            g.add(t)
        CASES[case](g)
        verdicts.append(Checker(g, compile_shapes(shapes())).conforms())
    assert sum(not v for v in verdicts) >= len(CASES) * 2 // 3


def test_a_failing_graph_gets_pyshacls_report(base):
    g = Graph()
    for t in base:
        g.add(t)
    CASES["mention modality unknown"](g)
    with pytest.raises(ValidationError) as fast:
        validate(g)
    with pytest.raises(ValidationError) as slow:
        validate(g, engine="pyshacl")
    assert fast.value.report == slow.value.report and "modality" in fast.value.report


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path, base):
    text = (shapes().serialize(format="turtle")
            + "\n<urn:x:closed> a <http://www.w3.org/ns/shacl#NodeShape> ;"
              " <http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/kg-diplo/ontology#Place> ;"
              " <http://www.w3.org/ns/shacl#closed> true .\n")
    path = tmp_path / "shapes.ttl"
    path.write_text(text)
    with pytest.raises(Unsupported):
        compile_shapes(Graph().parse(path))
    report = validate(base, shapes_path=str(path), raise_on_error=False)
    assert not report.conforms  # a closed Place shape rejects rdf:type and rdfs:label: pySHACL ran
    assert SH.closed  # the constraint the fallback exists for
