"""The viewer's model: the merged RDF graph → vis-network nodes, edges and panel details.

Nodes are exactly the instances of `NODE_CLASSES` in the graph (actors,
events, places, channels, articles, outlets), so the page's node count can be
checked against a SPARQL count. Mentions are not nodes: they are the evidence
(sentence, modality, attribution, offsets) the side panel lists per source.
Edges are the graph's relations between nodes, labelled by role; "reported
by" edges are styled by the weakest modality of that article's mentions, and
events are styled by their claim: asserted, uncertain (only reported / not
denied / declined / no response), denied, or conflicting (dip:hasConflict).

Every list is sorted, so the page is byte-identical from build to build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from ...graph import BASE, DIP, SCHEMA
from . import style
from .style import ACTOR_KINDS, EVENT_COLORS, KINDS, MODALITY_RANK

__all__ = ["viewer_data", "ViewerData", "NODE_CLASSES", "node_id"]

NODE_CLASSES = (DIP.Actor, DIP.Event, DIP.Place, DIP.Channel, DIP.Document, DIP.Outlet)
ID_PREFIX = BASE + "id/"


class _Terms:
    """rdflib namespaces build a new URIRef on every attribute access, which
    dominates a 100k-triple walk; these build each term once."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = self._namespace[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


dip, schema, prov, rdfs, skos, owl = (_Terms(ns) for ns in (DIP, SCHEMA, PROV, RDFS, SKOS, OWL))


@dataclass
class ViewerData:
    """vis-network nodes and edges, plus per-node details for the side panel."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    info: dict[str, dict] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


def node_id(term: URIRef) -> str:
    """Short stable id: the IRI's path under id/ ("actor/kim-jong-un")."""
    s = str(term)
    return s[len(ID_PREFIX):] if s.startswith(ID_PREFIX) else s


class _Props:
    """The graph's triples bucketed by subject, so each lookup is O(1)."""

    def __init__(self, g: Graph) -> None:
        self.by_subject: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in g:
            self.by_subject[s][p].append(o)

    def all(self, s, p) -> list:
        return sorted(self.by_subject[s].get(p, ()), key=str)

    def text(self, s, p) -> str | None:
        values = self.all(s, p)
        return str(values[0]) if values else None


def viewer_data(g: Graph) -> ViewerData:
    """Nodes, edges and panel details of the merged graph `g`."""
    p = _Props(g)
    kinds = _classify(g, p)
    ids = {s: node_id(s) for s in kinds}
    data = ViewerData()
    anchors: dict[str, set[str]] = defaultdict(set)  # node -> the events it takes part in
    edges: dict[str, dict] = {}

    def edge(role: str, a: URIRef, b: URIRef, **extra) -> None:
        if a in ids and b in ids:
            key = f"{role}|{ids[a]}|{ids[b]}"
            edges[key] = style.edge(key, role, ids[a], ids[b], **extra)

    def anchor(node: URIRef, event_id: str) -> None:
        if node in ids:
            anchors[ids[node]].add(event_id)

    events = [s for s, (k, _) in kinds.items() if k == "Event"]
    docs_of: dict[URIRef, set] = defaultdict(set)
    for e in events:
        eid = ids[e]
        roles = {a: "participant" for a in p.all(e, dip.participant)}
        roles.update({a: "recipient" for a in p.all(e, dip.recipient)})
        roles.update({a: "sender" for a in p.all(e, dip.sender)})
        for a, role in sorted(roles.items()):
            if role == "recipient":
                edge(role, e, a)
            else:
                edge(role, a, e)
            anchor(a, eid)
        for pred, role in ((dip.place, "place"), (dip.channel, "channel"), (dip.about, "about")):
            for o in p.all(e, pred):
                edge(role, e, o)
                if role != "about":
                    anchor(o, eid)
        modality: dict[URIRef, str] = {}
        for m in p.all(e, dip.mention):
            for d in p.all(m, dip.document):
                mod = p.text(m, dip.modality) or "asserted"
                if MODALITY_RANK.get(mod, 0) >= MODALITY_RANK.get(modality.get(d, "asserted"), 0):
                    modality[d] = mod
        for d in p.all(e, prov.wasDerivedFrom):
            modality.setdefault(d, "asserted")
        for d, mod in sorted(modality.items()):
            edge("source", e, d, modality=mod)
            anchor(d, eid)
            docs_of[e].add(d)
    by_outlet: dict[tuple, list[str]] = defaultdict(list)
    for s, (kind, _) in kinds.items():
        if kind == "Document":
            for o in p.all(s, schema.publisher):
                edge("publisher", s, o)
                for eid in anchors.get(ids[s], ()):
                    anchor(o, eid)
        elif kind == "Channel":
            for a in p.all(s, dip.envoy):
                edge("envoy", s, a)
            for pl in p.all(s, schema.location):
                edge("located", s, pl)
    for e, docs in docs_of.items():
        for d in docs:
            source = edges.get(f"source|{ids[e]}|{ids.get(d)}")
            for o in p.all(d, schema.publisher) if source else ():
                by_outlet[(e, o)].append(source["modality"])
    for (e, o), mods in sorted(by_outlet.items()):
        edge("outlet", e, o, modality=max(mods, key=lambda m: MODALITY_RANK.get(m, 0)), count=len(mods))

    order = list(KINDS)
    for s in sorted(kinds, key=lambda s: (order.index(kinds[s][0]), ids[s])):
        kind, sub = kinds[s]
        info = _info(p, s, kind, sub, ids)
        data.info[ids[s]] = info
        node = style.node(ids[s], kind, sub, info, sorted(anchors.get(ids[s], ())))
        if kind == "Event":
            node["span"] = _span(info["date"], info["end"])
        data.nodes.append(node)
    data.edges = [edges[k] for k in sorted(edges)]
    data.meta = style.meta(data.nodes, data.edges)
    return data


def _classify(g: Graph, p: _Props) -> dict[URIRef, tuple[str, str]]:
    """Each node's kind (legend key) and subtype (actor or event class)."""
    kinds: dict[URIRef, tuple[str, str]] = {}
    for cls in NODE_CLASSES:
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            if s in kinds or not isinstance(s, URIRef):
                continue
            local = {str(t)[len(str(DIP)):] for t in p.all(s, RDF.type) if str(t).startswith(str(DIP))}
            name = str(cls)[len(str(DIP)):]
            if name == "Actor":
                name = next((k for k in ACTOR_KINDS if k in local), "Actor")
                kinds[s] = (name, name)
            elif name == "Event":
                kinds[s] = (name, next((t for t in EVENT_COLORS if t in local and t != "Event"), "Event"))
            else:
                kinds[s] = (name, name)
    return kinds


def _span(date: str | None, end: str | None) -> list[str] | None:
    """The event's [first, last] day as ISO strings; a month or year covers all of it."""
    if not date:
        return None
    pad = {4: ("-01-01", "-12-31"), 7: ("-01", "-31"), 10: ("", "")}
    lo = date + pad.get(len(date), ("", ""))[0]
    last = end or date
    return [lo, last + pad.get(len(last), ("", ""))[1]]


def _info(p: _Props, s: URIRef, kind: str, sub: str, ids: dict) -> dict:
    """What the side panel shows for node `s` (ids of other nodes, never labels twice)."""
    label = p.text(s, rdfs.label) or p.text(s, schema.headline) or p.text(s, schema.identifier) or ids[s]
    info: dict = {"kind": kind, "label": label, "iri": str(s)}
    wikidata = [str(o).rsplit("/", 1)[-1] for o in p.all(s, owl.sameAs) if "wikidata.org" in str(o)]
    if wikidata:
        info["wikidata"] = wikidata[0]
    if kind in ACTOR_KINDS or kind == "Actor":
        info["aliases"] = [str(a) for a in p.all(s, skos.altLabel)]
        info["docs"] = len(p.all(s, dip.mentionedIn))
    elif kind == "Event":
        date, end = p.text(s, dip.date), p.text(s, dip.endDate)
        sources = []
        for m in p.all(s, dip.mention):
            doc = next(iter(p.all(m, dip.document)), None)
            src = {"doc": ids.get(doc, str(doc)) if doc else None, "evidence": p.text(m, dip.evidence) or "",
                   "modality": p.text(m, dip.modality) or "asserted", "attribution": p.text(m, dip.attribution),
                   "start": _int(p.text(m, dip.start)), "end": _int(p.text(m, dip.end)),
                   "statedType": p.text(m, dip.statedType), "statedStatus": p.text(m, dip.statedStatus),
                   "statedDate": p.text(m, dip.statedDate)}
            published = p.text(doc, schema.datePublished) if doc else None
            sources.append((published or "", src["doc"] or "", src["start"] or 0, src))
        conflicts = [str(c) for c in p.all(s, dip.conflict)]
        has_conflict = bool(conflicts) or any(str(v).lower() == "true" for v in p.all(s, dip.hasConflict))
        mods = {src["modality"] for *_, src in sources}
        info.update({
            "type": sub, "date": date, "end": end,
            "precision": p.text(s, dip.precision) or ({4: "year", 7: "month", 10: "day"}.get(len(date)) if date
                                                       else None),
            "status": p.text(s, dip.status) or "occurred", "count": _int(p.text(s, dip["count"])),
            "conflicts": conflicts, "conflict": has_conflict,
            "claim": _claim(has_conflict, mods),
            "participants": sorted(ids[a] for a in p.all(s, dip.participant) if a in ids),
            "sender": _ref(p, s, dip.sender, ids), "recipient": _ref(p, s, dip.recipient, ids),
            "place": _ref(p, s, dip.place, ids), "channel": _ref(p, s, dip.channel, ids),
            "about": _ref(p, s, dip.about, ids), "catalogued": bool(p.all(s, dip.catalogued)),
            "sources": [src for *_, src in sorted(sources, key=lambda t: t[:3])],
        })
    elif kind == "Document":
        info.update({"title": p.text(s, schema.headline) or label, "published": p.text(s, schema.datePublished),
                     "url": p.text(s, schema.url), "outlet": _ref(p, s, schema.publisher, ids),
                     "authors": [str(a) for a in p.all(s, schema.author)],
                     "identifier": p.text(s, schema.identifier)})
        if info["outlet"]:
            outlet = next(iter(p.all(s, schema.publisher)))
            info["outletLabel"] = p.text(outlet, rdfs.label)
    elif kind == "Channel":
        info.update({"channelType": p.text(s, dip.channelType), "envoy": _ref(p, s, dip.envoy, ids),
                     "place": _ref(p, s, schema.location, ids)})
    return info


def _claim(conflict: bool, modalities: set[str]) -> str:
    if conflict:
        return "conflict"
    if "denied" in modalities:
        return "denied"
    if modalities <= {"asserted"}:
        return "asserted"
    return "uncertain"


def _ref(p: _Props, s: URIRef, pred: URIRef, ids: dict) -> str | None:
    values = [ids[o] for o in p.all(s, pred) if o in ids]
    return values[0] if values else None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.lstrip("-").isdigit() else None


