"""Fast text for the RDF exports: Turtle, TriG bodies, N-Triples and JSON-LD.

rdflib's own serializers are quadratic on kg's graphs: every mention IRI
(`id/mention/<doc>/<start>-<end>/<event>`) has its own namespace, and the
Turtle writer files each one in a flat prefix trie that it rescans on every
insert, so a 10,000-article graph took minutes per format. These writers make
one pass over the triples and reproduce rdflib's output byte for byte (same
subject and predicate order, same `@prefix` selection, terms formatted by
rdflib's own `n3` code); tests/test_export_rdftext.py compares them with
rdflib on real builds. Graphs with blank nodes or RDF lists, which kg never
makes, are left to rdflib (`None` from `turtle_statements`).

Turtle: https://www.w3.org/TR/turtle/ · JSON-LD: https://www.w3.org/TR/json-ld11/
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph
from rdflib.namespace import RDF, RDFS, split_uri
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
from rdflib.plugins.shared.jsonld.keys import CONTEXT, GRAPH, ID
from rdflib.term import Node, _is_valid_uri

__all__ = ["Names", "turtle_statements", "turtle_text", "ntriples_lines", "jsonld_data", "canonical_json"]

_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_TYPE, _LABEL, _CLASS, _FIRST, _NIL = str(RDF.type), str(RDFS.label), str(RDFS.Class), str(RDF.first), str(RDF.nil)


class Names:
    """Prefixed names as rdflib's TurtleSerializer.get_pname makes them, with
    the prefixes used so far (those are the `@prefix` lines it writes)."""

    def __init__(self, namespaces: Iterable[tuple[str, str]]) -> None:
        self.prefix_of = {str(ns): prefix for prefix, ns in namespaces}
        self.used: dict[str, str] = {}
        self._cache: dict[tuple[str, bool], str | None] = {}

    def pname(self, uri: URIRef, generate: bool = False) -> str | None:
        """`generate`: invent an `ns1:`-style prefix when none is bound, as
        rdflib does for predicates."""
        key = (str(uri), generate)  # rdflib terms hash in Python; their text hashes in C
        try:
            return self._cache[key]
        except KeyError:
            found = self._cache[key] = self._pname(key[0], generate)
            return found

    def _pname(self, uri: str, generate: bool) -> str | None:
        if not _is_valid_uri(uri):
            return None
        try:
            ns, local = split_uri(uri)
        except ValueError:
            ns, local = uri, ""
        # rdflib prefers the longest bound namespace that still starts the IRI
        longer = [b for b in self.prefix_of if len(b) > len(ns) and uri.startswith(b)]
        if longer:
            ns = max(longer, key=len)
            local = uri[len(ns):]
        prefix = self.prefix_of.get(ns)
        if prefix is None and generate and local:
            taken = set(self.prefix_of.values())
            prefix = next(f"ns{n}" for n in range(1, len(taken) + 2) if f"ns{n}" not in taken)
            self.prefix_of[ns] = prefix
        if prefix is None:
            if uri not in self.prefix_of:
                return None
            ns, local, prefix = uri, "", self.prefix_of[uri]
        local = _PCT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        self.used[prefix] = ns
        return f"{prefix}:{local}"

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))


def turtle_statements(triples: Iterable[tuple[Node, Node, Node]], names: Names,
                      indent: str = "") -> Iterator[str] | None:
    """One Turtle statement per subject, in rdflib's order (`rdfs:Class`es,
    then by how often the subject is an object, then by IRI), each line
    starting with `indent`; None when the triples need rdflib (blank nodes,
    lists). Prefixes are registered in `names` before the first statement is
    yielded, so `names.header()` is complete once this returns. Terms are
    keyed by their plain text: rdflib terms hash and compare in Python."""
    by_subject: dict[str, dict[str, list[tuple[Node, str]]]] = {}
    subjects: dict[str, Node] = {}
    refs: Counter = Counter()
    iri_labels: dict[str, str] = {}
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        ks, kp = str(s), str(p)
        props = by_subject.get(ks)
        if props is None:
            props = by_subject[ks] = {}
            subjects[ks] = s
            if ks not in iri_labels:
                iri_labels[ks] = names.pname(s) or s.n3()
        if kp not in iri_labels:
            iri_labels[kp] = "a" if kp == _TYPE else names.pname(p, generate=True) or p.n3()
        if isinstance(o, URIRef):
            ko = str(o)
            refs[ko] += 1
            label = iri_labels.get(ko)
            if label is None:
                label = iri_labels[ko] = names.pname(o) or o.n3()
        else:
            label = _literal(o, names)
        objects = props.get(kp)
        if objects is None:
            props[kp] = [(o, label)]
        else:
            objects.append((o, label))
    if _NIL in refs or any(_FIRST in props for props in by_subject.values()):
        return None
    top = sorted(ks for ks, props in by_subject.items() if any(str(o) == _CLASS for o, _ in props.get(_TYPE, ())))
    done = set(top)
    rest = sorted((ks for ks in by_subject if ks not in done), key=lambda ks: (refs[ks], ks))
    return _statements([*top, *rest], by_subject, iri_labels, indent)


def _statements(order: list[str], by_subject: dict, labels: dict[str, str], indent: str) -> Iterator[str]:
    more_p, more_o = f" ;\n{indent}    ", f",\n{indent}        "
    for ks in order:
        props = by_subject[ks]
        first = [p for p in (_TYPE, _LABEL) if p in props]
        parts = [indent, labels[ks]]
        for n, kp in enumerate(first + sorted(p for p in props if p not in first)):
            objects = props[kp]
            if len(objects) > 1:
                # rdflib's own term order; for IRIs alone that is their text order
                objects.sort(key=(lambda t: str(t[0])) if all(isinstance(o, URIRef) for o, _ in objects)
                             else (lambda t: t[0]))
            parts += [" " if n == 0 else more_p, labels[kp], " ", more_o.join(label for _, label in objects)]
        parts.append(" .")
        yield "".join(parts)


def _literal(node: Literal, names: Names) -> str:
    if node.datatype is not None:
        names.pname(node.datatype)  # rdflib declares the prefix even when the value prints plain
    return node._literal_n3(use_plain=True, qname_callback=names.pname)


def turtle_text(statements: Iterable[str], names: Names) -> Iterator[str]:
    """The chunks of a whole Turtle document, as rdflib's serializer writes it."""
    body = [f"\n{s}\n" for s in statements]
    yield names.header()
    yield from body
    yield "\n"


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Sorted, distinct N-Triples lines (without their newline), each triple
    formatted as rdflib's N-Triples serializer formats it."""
    cache: dict[Node, str] = {}

    def n3(node: Node) -> str:
        text = cache.get(node)
        if text is None:
            text = cache[node] = _quoteLiteral(node) if isinstance(node, Literal) else node.n3()
        return text

    return sorted({f"{n3(s)} {n3(p)} {n3(o)} ." for s, p, o in triples})


# -- JSON-LD -----------------------------------------------------------------------------
def jsonld_data(graphs: list[Graph], context_data: dict[str, str]) -> dict | None:
    """What rdflib's JSON-LD serializer (from_rdf with a prefix context and
    auto_compact) makes of a dataset whose `graphs` start with the default
    graph; None when a graph has blank nodes or lists."""
    context = Context(context_data)
    shrink: dict[Node, str] = {}
    symbol: dict[Node, str] = {}

    def iri(node: Node) -> str:
        if node not in shrink:
            shrink[node] = context.shrink_iri(node)
        return shrink[node]

    def sym(node: Node) -> str:
        if node not in symbol:
            symbol[node] = context.to_symbol(node)
        return symbol[node]

    objs: list[dict] = []
    for g in graphs:
        nodes: dict[Node, dict] = {}
        for s, p, o in g:
            if isinstance(s, BNode) or isinstance(o, BNode) or p == RDF.first:
                return None
            node = nodes.get(s)
            if node is None:
                node = nodes[s] = {context.id_key: iri(s)}
            if p == RDF.type:
                key, value = context.type_key, sym(o) if isinstance(o, URIRef) else _value(context, o, iri, sym)
            else:
                key, value = _key(context, p, sym), _value(context, o, iri, sym)
            if key in node:
                if not isinstance(node[key], list):
                    node[key] = [node[key]]
                node[key].append(value)
            else:
                node[key] = value
        obj: dict = {}
        name = iri(g.identifier) if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID \
            else None
        if name is not None:
            obj[context.id_key] = name
        if name is None and len(nodes) == 1:
            obj.update(next(iter(nodes.values())))
        elif not nodes:
            continue
        else:
            obj[context.graph_key] = list(nodes.values())
        if objs and objs[0].get(context.get_key(ID)) == name:
            objs[0].update(obj)
        else:
            objs.append(obj)
    result: dict = objs[0] if len(objs) == 1 else {context.get_key(GRAPH): objs}
    result[CONTEXT] = context_data
    return result


def _key(context: Context, p: Node, sym) -> str:
    key = sym(p)
    term = context.terms.get(key)
    return p if term and (term.type or term.container) else key


def _value(context: Context, o: Node, iri, sym):
    if isinstance(o, URIRef):
        return {context.id_key: iri(o)}
    native = o.datatype in PLAIN_LITERAL_TYPES
    v = o.toPython() if native else str(o)
    if o.datatype:
        return v if native else {context.type_key: sym(o.datatype), context.value_key: v}
    if o.language and o.language != context.language:
        return {context.lang_key: o.language, context.value_key: v}
    return {context.value_key: v} if context.language and not o.language else v


def canonical_json(node) -> tuple[object, str]:
    """`node` with every list sorted by its items' JSON text, and that text
    (json.dumps with sort_keys): each subtree is dumped once, bottom up."""
    if isinstance(node, dict):
        items = sorted((k, canonical_json(v)) for k, v in node.items())
        text = "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {t}" for k, (_, t) in items) + "}"
        return {k: v for k, (v, _) in items}, text
    if isinstance(node, list):
        items = sorted((canonical_json(v) for v in node), key=lambda vt: vt[1])
        return [v for v, _ in items], "[" + ", ".join(t for _, t in items) + "]"
    return node, json.dumps(node, ensure_ascii=False)
