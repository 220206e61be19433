"""The property-graph view of the RDF: nodes with labels, relationships with types.

Every property-graph export (the neo4j-admin CSV bundle, load.cypher, GraphML
and `kg neo4j`) goes through `from_dataset`, which reads only the built rdflib
Dataset, never the extraction: so node and relationship counts follow from the
RDF by construction and a test can check them against SPARQL.

The mapping (documented for users in the generated exports/neo4j/README.md):

- a resource typed with one of `KINDS` becomes a node; its primary label is the
  kind (dip:Document becomes `Source`), every other dip: class it has becomes an
  extra label (`:Actor:Person`, `:Event:Summit`, `:Channel:Envoy`);
- `id` is the IRI, `key` the slug at its end; literals become properties
  (`PROPERTY_NAMES`, else the predicate's local name), owl:sameAs a Wikidata
  QID in `wikidata`; dip:date and dip:endDate give a Neo4j `date` (the first
  day of the period) plus the exact lexical form in `dateIso`/`endIso`;
- IRI-valued triples between nodes become relationships (`REL_TYPES`, else the
  predicate's local name in UPPER_SNAKE);
- each dip:Mention becomes one `REPORTED_BY` relationship from the event to its
  document, carrying the evidence; prov:wasDerivedFrom is left out because it
  is exactly the set of (event, document) pairs those relationships already give;
- the per-source named graphs survive as `sources` (document keys) on each
  `PARTICIPANT` relationship: which articles name that participant.

A relationship whose target is not typed in the RDF keeps a stub node (only
`id`, `key` and the label of the predicate's range), so no triple is lost.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Union

from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from .graph import BASE, DIP, SCHEMA, WD

__all__ = ["Node", "Rel", "PropertyGraph", "from_dataset", "default_graph", "cell", "KINDS", "REL_TYPES",
           "PROPERTY_NAMES", "Value"]

Value = Union[str, int, float, bool, date, list]

# rdf:type -> primary label; a node has exactly one of these.
KINDS: dict[URIRef, str] = {
    DIP.Actor: "Actor", DIP.Event: "Event", DIP.Place: "Place", DIP.Channel: "Channel",
    DIP.Document: "Source", DIP.Outlet: "Outlet",
}
REL_TYPES: dict[URIRef, str] = {
    DIP.participant: "PARTICIPANT", DIP.sender: "SENDER", DIP.recipient: "RECIPIENT", DIP.place: "AT",
    DIP.channel: "VIA", DIP.about: "ABOUT", DIP.mentionedIn: "MENTIONED_IN", DIP.envoy: "ENVOY",
    SCHEMA.publisher: "PUBLISHED_BY", SCHEMA.location: "LOCATED_IN", DIP.within: "WITHIN",
    DIP.mention: "REPORTED_BY",
}
# The label a stub node gets when a relationship points at an untyped IRI.
RANGES: dict[URIRef, str] = {
    DIP.participant: "Actor", DIP.sender: "Actor", DIP.recipient: "Actor", DIP.envoy: "Actor",
    DIP.place: "Place", SCHEMA.location: "Place", DIP.within: "Place", DIP.channel: "Channel",
    DIP.about: "Event", DIP.mentionedIn: "Source", DIP.document: "Source", SCHEMA.publisher: "Outlet",
}
PROPERTY_NAMES: dict[URIRef, str] = {
    RDFS.label: "label", SKOS.altLabel: "aliases", SCHEMA.identifier: "key", SCHEMA.headline: "title",
    SCHEMA.datePublished: "published", SCHEMA.url: "url", SCHEMA.author: "authors", DIP.endDate: "end",
    DIP.conflict: "conflicts",
}
# Always lists, even with one value, so a column has one type.
LIST_PROPERTIES = {"aliases", "authors", "conflicts", "sameAs"}
# Date-valued properties whose precision varies: a Neo4j date plus the exact ISO text.
PERIOD_PROPERTIES = {"date": "dateIso", "end": "endIso"}
_SKIP = {RDF.type, PROV.wasDerivedFrom}
_DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
_PREFERRED = ("label", "key", "wikidata")


@dataclass(frozen=True)
class Node:
    """`labels[0]` is the kind (the primary label that carries the id constraint)."""

    id: str
    labels: tuple[str, ...]
    props: dict[str, Value] = field(default_factory=dict, compare=False)

    @property
    def kind(self) -> str:
        return self.labels[0]


@dataclass(frozen=True)
class Rel:
    """`key` names a relationship that can repeat between the same two nodes
    (one REPORTED_BY per mention); MERGE matches on it."""

    type: str
    start: str
    end: str
    props: dict[str, Value] = field(default_factory=dict, compare=False)
    key: str | None = None


@dataclass
class PropertyGraph:
    """Nodes sorted by id and relationships by (type, start, end, key): every
    writer iterates them in this order, so its output is byte-stable."""

    nodes: list[Node]
    rels: list[Rel]

    def node_index(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def label_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(label for n in self.nodes for label in n.labels).items()))

    def type_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(r.type for r in self.rels).items()))

    def kinds(self) -> list[str]:
        return sorted({n.kind for n in self.nodes})

    def columns(self, items: list[Node] | list[Rel]) -> list[tuple[str, str]]:
        """(name, neo4j-admin type) of every property set on any of `items`,
        `label`/`key`/`wikidata` first, then alphabetical. A property whose
        values disagree in type gets the widest one; `cell` converts to it."""
        seen: dict[str, set[str]] = defaultdict(set)
        for item in items:
            for name, value in item.props.items():
                seen[name].add(_type_name(value))
        order = sorted(seen, key=lambda k: (_PREFERRED.index(k) if k in _PREFERRED else len(_PREFERRED), k))
        return [(name, _widest(seen[name])) for name in order]


def _widest(types: set[str]) -> str:
    if len(types) == 1:
        return next(iter(types))
    if "string[]" in types:
        return "string[]"
    if types == {"long", "double"}:
        return "double"
    return "string"


def cell(value: Value | None, type_name: str) -> Value | None:
    """`value` converted to the column type `type_name` (see `PropertyGraph.columns`)."""
    if value is None:
        return None
    if type_name == "string[]":
        return [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
    if type_name == "double":
        return float(value)  # type: ignore[arg-type]
    if type_name == "string":
        return _text(value)
    return value


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _type_name(value: Value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list):
        return "string[]"
    return "string"


def default_graph(ds: Dataset) -> Graph:
    """The merged view (the Dataset's default graph)."""
    return ds.default_graph


def from_dataset(ds: Dataset) -> PropertyGraph:
    """Map the built Dataset to nodes and relationships (see the module docstring)."""
    g = default_graph(ds)
    mentions: set[URIRef] = set(g.subjects(RDF.type, DIP.Mention))
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, t in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and s not in mentions and isinstance(t, URIRef) and str(t).startswith(str(DIP)):
            types[s].add(t)
    order = list(KINDS)
    kinds: dict[URIRef, str] = {}
    extra: dict[URIRef, set[str]] = {}
    for s, ts in types.items():
        primary = [t for t in order if t in ts]
        if primary:  # the first kind in KINDS order wins; other kinds become extra labels
            kinds[s] = KINDS[primary[0]]
            extra[s] = {KINDS.get(t, _local(t)) for t in ts if t != primary[0]}
    props: dict[URIRef, dict[str, list]] = {s: defaultdict(list) for s in kinds}
    rels: dict[tuple, Rel] = {}
    stubs: dict[URIRef, set[str]] = defaultdict(set)
    participants = _participant_sources(ds)
    for s in kinds:
        for p, o in g.predicate_objects(s):
            if p in _SKIP:
                continue
            if isinstance(o, Literal):
                _literal(props[s], p, o)
            elif p == OWL.sameAs and isinstance(o, URIRef) and str(o).startswith(str(WD)):
                props[s]["wikidata"].append(str(o)[len(str(WD)):])
            elif p == DIP.mention and o in mentions:
                rel = _mention(g, s, o)
                if rel is not None:
                    rels[(rel.type, rel.start, rel.end, rel.key)] = rel
                    if URIRef(rel.end) not in kinds:
                        stubs[URIRef(rel.end)].add("Source")
            elif isinstance(o, URIRef) and (o in kinds or p in REL_TYPES or p in RANGES):
                rtype = REL_TYPES.get(p) or _upper_snake(_local(p))
                rp = {"sources": sorted(participants[(s, o)])} if p == DIP.participant and participants[(s, o)] \
                    else {}
                rels[(rtype, str(s), str(o), None)] = Rel(rtype, str(s), str(o), rp)
                if o not in kinds:
                    stubs[o].add(RANGES.get(p, "Resource"))
            elif isinstance(o, URIRef):
                props[s][_local(p)].append(str(o))
    nodes = [_node(s, kinds[s], extra[s], props[s]) for s in kinds]
    nodes += [Node(str(o), (min(labels),), {"key": _key(o)}) for o, labels in stubs.items()]
    return PropertyGraph(sorted(nodes, key=lambda n: n.id),
                         sorted(rels.values(), key=lambda r: (r.type, r.start, r.end, r.key or "")))


def _participant_sources(ds: Dataset) -> defaultdict:
    """(event, actor) -> keys of the documents whose named graph names that participant."""
    out: defaultdict = defaultdict(set)
    default_id = default_graph(ds).identifier
    for ng in ds.graphs():
        if ng.identifier == default_id:
            continue
        doc = _key(ng.identifier)
        for e, a in ng.subject_objects(DIP.participant):
            out[(e, a)].add(doc)
    return out


def _literal(bag: dict[str, list], p: URIRef, o: Literal) -> None:
    name = PROPERTY_NAMES.get(p) or _local(p)
    if o.datatype in _DATE_TYPES:
        if name in PERIOD_PROPERTIES:
            bag[PERIOD_PROPERTIES[name]].append(str(o))
        if name in PERIOD_PROPERTIES or o.datatype == XSD.date:
            bag[name].append(_period_start(str(o)))
            return
        bag[name].append(str(o))  # a stated date of uncertain precision stays text
        return
    bag[name].append(_python(o))


def _python(o: Literal) -> Value:
    if o.datatype == XSD.boolean:
        return str(o).strip().lower() in ("true", "1")
    if o.datatype in (XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger):
        return int(str(o))
    if o.datatype in (XSD.double, XSD.float, XSD.decimal):
        return float(str(o))
    return str(o)


def _period_start(iso: str) -> date:
    parts = [int(x) for x in iso[:10].split("-") if x]
    return date(*(parts + [1, 1])[:3])


def _node(s: URIRef, kind: str, extra: set[str], bag: dict[str, list]) -> Node:
    props: dict[str, Value] = {}
    for name, values in bag.items():
        values = sorted(set(values), key=lambda v: (str(type(v)), str(v)))
        if name in LIST_PROPERTIES or len(values) > 1:
            props[name] = [str(v) for v in values]
        elif values:
            props[name] = values[0]
    props.setdefault("key", _key(s))
    labels = (kind, *sorted(extra - {kind}))
    return Node(str(s), labels, {k: v for k, v in props.items() if v not in (None, "", [])})


def _mention(g: Graph, event: URIRef, m: URIRef) -> Rel | None:
    """One dip:Mention as a REPORTED_BY relationship (event → its document)."""
    doc = g.value(m, DIP.document)
    if not isinstance(doc, URIRef):
        return None
    bag: dict[str, list] = defaultdict(list)
    for p, o in g.predicate_objects(m):
        if isinstance(o, Literal):
            name = PROPERTY_NAMES.get(p) or _local(p)
            bag[name].append(str(o) if o.datatype in _DATE_TYPES else _python(o))
    props: dict[str, Value] = {"id": str(m)}
    for name, values in bag.items():
        values = sorted(set(values), key=str)
        props[name] = values[0] if len(values) == 1 else [str(v) for v in values]
    return Rel("REPORTED_BY", str(event), str(doc), props, key=str(m))


def _local(term: URIRef) -> str:
    text = str(term)
    return re.split(r"[#/]", text)[-1] or text


def _key(term: URIRef) -> str:
    """The slug after https://w3id.org/kg-diplo/id/<kind>/ (or graph/), else the local name."""
    text = str(term)
    if text.startswith(BASE):
        return text[len(BASE):].split("/", 2)[-1]
    return _local(term)


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()
