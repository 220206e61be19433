"""Stage 5, graph: the resolved corpus → an rdflib Dataset.

The default graph holds the merged view (canonical actors and events, the
documents, every mention with its evidence). Each source document also gets a
named graph with the facts as that source states them — its type, date and
status for each event — so "what did outlet X say" and "where do sources
disagree" are plain SPARQL over GRAPH ?g. IRIs are stable slugs, never blank
nodes, so serialisations are byte-identical from build to build.
"""

from __future__ import annotations

from rdflib import XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .model import Corpus, Event, TimeValue

__all__ = ["to_graph", "DIP", "BASE", "SCHEMA", "WD", "SEM", "PREFIXES", "iri", "doc_graph_iri", "date_literal"]

BASE = "https://w3id.org/kg-diplo/"
DIP = Namespace(BASE + "ontology#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
ID = Namespace(BASE + "id/")
PREFIXES = {"dip": DIP, "schema": SCHEMA, "sem": SEM, "wd": WD, "prov": PROV, "owl": OWL, "rdfs": RDFS,
            "rdf": RDF, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS, "id": ID}
_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def iri(kind: str, ident: str) -> URIRef:
    return ID[f"{kind}/{ident}"]


def doc_graph_iri(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/{doc_id}")


def date_literal(t: TimeValue) -> Literal:
    return Literal(t.iso(), datatype=_DATATYPE[t.precision])


def to_graph(corpus: Corpus) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    g = ds.default_graph
    _documents(g, corpus)
    _actors(g, corpus)
    _places_channels(g, corpus)
    actor_iri = {a.id: iri("actor", a.id) for a in corpus.actors}
    for e in corpus.events:
        _event(ds, g, e, actor_iri, corpus)
    return ds


def _documents(g: Graph, corpus: Corpus) -> None:
    outlets = {}
    for d in corpus.documents:
        s = iri("doc", d.id)
        g.add((s, RDF.type, DIP.Document))
        g.add((s, SCHEMA.identifier, Literal(d.id)))
        if d.title:
            g.add((s, SCHEMA.headline, Literal(d.title)))
            g.add((s, RDFS.label, Literal(d.title)))
        if d.published:
            g.add((s, SCHEMA.datePublished, Literal(d.published.isoformat(), datatype=XSD.date)))
        if d.url:
            g.add((s, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI)))
        for a in d.authors:
            g.add((s, SCHEMA.author, Literal(a)))
        if d.sha256:
            g.add((s, DIP.sha256, Literal(d.sha256)))
        if d.outlet:
            from .gazetteer import slug

            o = iri("outlet", slug(d.outlet))
            g.add((s, SCHEMA.publisher, o))
            outlets[o] = d.outlet
    for o, name in outlets.items():
        g.add((o, RDF.type, DIP.Outlet))
        g.add((o, RDFS.label, Literal(name)))


def _actors(g: Graph, corpus: Corpus) -> None:
    for a in corpus.actors:
        s = iri("actor", a.id)
        g.add((s, RDF.type, DIP.Actor))
        g.add((s, RDF.type, DIP[a.type]))
        g.add((s, RDFS.label, Literal(a.label)))
        for alias in a.aliases:
            g.add((s, SKOS.altLabel, Literal(alias)))
        if a.wikidata:
            g.add((s, OWL.sameAs, WD[a.wikidata]))
        for d in a.docs:
            g.add((s, DIP.mentionedIn, iri("doc", d)))
        if not a.docs:
            g.add((s, DIP.fromCatalog, Literal(True)))


def _places_channels(g: Graph, corpus: Corpus) -> None:
    for p in corpus.places.values():
        s = iri("place", p["id"])
        g.add((s, RDF.type, DIP.Place))
        g.add((s, RDFS.label, Literal(p["label"])))
        if p.get("wikidata"):
            g.add((s, OWL.sameAs, WD[p["wikidata"]]))
    for c in corpus.channels.values():
        s = iri("channel", c["id"])
        g.add((s, RDF.type, DIP.Channel))
        g.add((s, RDFS.label, Literal(c["label"])))
        g.add((s, DIP.channelType, Literal(c["kind"])))
        if c["kind"] == "Envoy":
            g.add((s, RDF.type, DIP.Envoy))
            g.add((s, DIP.envoy, iri("actor", c["envoy"])))
        if c.get("place") and c["place"] in corpus.places:
            g.add((s, SCHEMA.location, iri("place", corpus.places[c["place"]]["id"])))


def _event(ds: Dataset, g: Graph, e: Event, actor_iri: dict, corpus: Corpus) -> None:
    s = iri("event", e.id)
    g.add((s, RDF.type, DIP.Event))
    g.add((s, RDF.type, DIP[e.type]))
    g.add((s, RDFS.label, Literal(e.label)))
    for p in e.participants:
        g.add((s, DIP.participant, actor_iri.get(p, iri("actor", p))))
    if e.sender:
        g.add((s, DIP.sender, actor_iri.get(e.sender, iri("actor", e.sender))))
    if e.recipient:
        g.add((s, DIP.recipient, actor_iri.get(e.recipient, iri("actor", e.recipient))))
    if e.date:
        g.add((s, DIP.date, date_literal(e.date)))
        g.add((s, DIP.precision, Literal(e.date.precision)))
    else:
        g.add((s, DIP.undated, Literal(True)))
    if e.end:
        g.add((s, DIP.endDate, date_literal(e.end)))
    if e.place:
        g.add((s, DIP.place, iri("place", corpus.places[e.place]["id"])))
    if e.channel:
        g.add((s, DIP.channel, iri("channel", corpus.channels[e.channel]["id"])))
    g.add((s, DIP.status, Literal(e.status)))
    if e.count:
        g.add((s, DIP["count"], Literal(e.count)))
    if e.wikidata:
        g.add((s, OWL.sameAs, WD[e.wikidata]))
    if e.catalog:
        g.add((s, DIP.catalogued, Literal(True)))
    if e.about:
        g.add((s, DIP.about, iri("event", e.about)))
    for note in e.conflicts:
        g.add((s, DIP.conflict, Literal(note)))
    if e.conflicts:
        g.add((s, DIP.hasConflict, Literal(True)))
    for src in e.sources:
        doc = iri("doc", src.doc)
        m = iri("mention", f"{src.doc}/{src.start}-{src.end}/{e.id}")
        g.add((s, PROV.wasDerivedFrom, doc))
        g.add((s, DIP.mention, m))
        g.add((m, RDF.type, DIP.Mention))
        g.add((m, DIP.document, doc))
        g.add((m, DIP.start, Literal(src.start)))
        g.add((m, DIP.end, Literal(src.end)))
        g.add((m, DIP.evidence, Literal(src.evidence)))
        g.add((m, DIP.modality, Literal(src.modality)))
        g.add((m, DIP.statedType, Literal(src.type)))
        g.add((m, DIP.statedStatus, Literal(src.status)))
        if src.date:
            g.add((m, DIP.statedDate, date_literal(TimeValue.parse(src.date))))
        if src.attribution:
            g.add((m, DIP.attribution, Literal(src.attribution)))
        # The source's own account, in its named graph.
        ng = ds.graph(doc_graph_iri(src.doc))
        ng.add((s, RDF.type, DIP[src.type]))
        ng.add((s, DIP.status, Literal(src.status)))
        ng.add((s, DIP.mention, m))
        if src.date:
            ng.add((s, DIP.date, date_literal(TimeValue.parse(src.date))))
        for p in src.participants:
            ng.add((s, DIP.participant, actor_iri.get(p, iri("actor", p))))
