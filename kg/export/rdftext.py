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
from functools import lru_cache
from json.encoder import encode_basestring as _jstr

from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, split_uri
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.plugins.shared.jsonld.keys import CONTEXT, GRAPH, ID
from rdflib.term import Node, _is_valid_uri

__all__ = ["Names", "turtle_statements", "turtle_text", "ntriples_lines", "jsonld_data", "canonical_json",
           "canonical_text"]

_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NATIVE = {str(t) for t in PLAIN_LITERAL_TYPES}  # JSON-LD values written as JSON numbers, booleans, strings
_TYPE, _LABEL, _CLASS, _FIRST, _NIL = str(RDF.type), str(RDFS.label), str(RDFS.Class), str(RDF.first), str(RDF.nil)


class Names:
    """Prefixed names as rdflib's TurtleSerializer.get_pname makes them, with
    the prefixes used so far (those are the `@prefix` lines it writes)."""

    def __init__(self, namespaces: Iterable[tuple[str, str]]) -> None:
        self.prefix_of = {str(ns): prefix for prefix, ns in namespaces}
        self.used: dict[str, str] = {}
        # IRI text -> its Turtle form as subject or object, and as predicate (rdf:type is "a"),
        # shared by every graph of one document
        self.labels: dict[str, str] = {}
        self.verbs: dict[str, str] = {}
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
    refs: Counter = Counter()
    top: set[str] = set()
    iri_labels, verbs = names.labels, names.verbs
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        ks, kp = str(s), str(p)
        props = by_subject.get(ks)
        if props is None:
            props = by_subject[ks] = {}
            if ks not in iri_labels:
                iri_labels[ks] = names.pname(s) or s.n3()
        if kp not in verbs:
            verbs[kp] = "a" if kp == _TYPE else names.pname(p, generate=True) or p.n3()
        if isinstance(o, URIRef):
            ko = str(o)
            refs[ko] += 1
            label = iri_labels.get(ko)
            if label is None:
                label = iri_labels[ko] = names.pname(o) or o.n3()
            if kp == _TYPE and ko == _CLASS:
                top.add(ks)
        else:
            label = _literal(o, names)
        objects = props.get(kp)
        if objects is None:
            props[kp] = [(o, label)]
            if kp == _FIRST:
                return None
        else:
            objects.append((o, label))
    if _NIL in refs:
        return None
    rest = sorted((ks for ks in by_subject if ks not in top), key=lambda ks: (refs[ks], ks))
    return _statements([*sorted(top), *rest], by_subject, iri_labels, verbs, indent)


def _statements(order: list[str], by_subject: dict, labels: dict[str, str], verbs: dict[str, str],
                indent: str) -> Iterator[str]:
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
            parts += [" " if n == 0 else more_p, verbs[kp], " ", more_o.join(label for _, label in objects)]
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
def jsonld_data(graphs: list[tuple[Node, Iterable[tuple[Node, Node, Node]]]],
                context_data: dict[str, str]) -> dict | None:
    """What rdflib's JSON-LD serializer (from_rdf with a prefix context and
    auto_compact) makes of a dataset given as (graph name, triples), the
    default graph first; None when a graph has blank nodes or lists. IRIs are
    shortened by rdflib's own Context, once each."""
    context = Context(context_data)
    id_key, type_key, value_key, lang_key = context.id_key, context.type_key, context.value_key, context.lang_key
    shrink = lru_cache(maxsize=None)(context.shrink_iri)
    symbol = lru_cache(maxsize=None)(context.to_symbol)

    @lru_cache(maxsize=None)
    def key_of(text: str) -> str:
        key = symbol(text)
        term = context.terms.get(key)
        return URIRef(text) if term and (term.type or term.container) else key

    def literal(o: Literal):
        if o.datatype is not None:
            if str(o.datatype) in _NATIVE:
                return o.toPython()
            return {type_key: symbol(str(o.datatype)), value_key: str(o)}
        if o.language and o.language != context.language:
            return {lang_key: o.language, value_key: str(o)}
        return {value_key: str(o)} if context.language and not o.language else str(o)

    objs: list[dict] = []
    for ident, triples in graphs:
        nodes: dict[str, dict] = {}
        for s, p, o in triples:
            if isinstance(s, BNode) or isinstance(o, BNode):
                return None
            ks, kp = str(s), str(p)
            if kp == _FIRST:
                return None
            node = nodes.get(ks)
            if node is None:
                node = nodes[ks] = {id_key: shrink(ks)}
            if kp == _TYPE:
                key, value = type_key, symbol(str(o)) if isinstance(o, URIRef) else literal(o)
            else:
                key, value = key_of(kp), {id_key: shrink(str(o))} if isinstance(o, URIRef) else literal(o)
            found = node.get(key)
            if found is None:
                node[key] = value
            elif isinstance(found, list):
                found.append(value)
            else:
                node[key] = [found, value]
        obj: dict = {}
        name = shrink(str(ident)) if isinstance(ident, URIRef) and ident != DATASET_DEFAULT_GRAPH_ID else None
        if name is not None:
            obj[id_key] = name
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


def canonical_text(node) -> str:
    """`json.dumps(canonical_json(node)[0], ensure_ascii=False, indent=1,
    sort_keys=True)` in one pass: json's indenting encoder is pure Python and
    took as long again as building the data."""
    return _canonical(node, 0)[1]


def _canonical(node, level: int) -> tuple[str, str]:
    """(compact JSON text, the sort key of lists; text indented at `level`)"""
    if isinstance(node, dict):
        if not node:
            return "{}", "{}"
        items = [(_jstr(k), _canonical(v, level + 1)) for k, v in sorted(node.items(), key=lambda kv: kv[0])]
        pad = "\n" + " " * (level + 1)
        return ("{" + ", ".join(f"{k}: {c}" for k, (c, _) in items) + "}",
                "{" + pad + ("," + pad).join(f"{k}: {i}" for k, (_, i) in items) + "\n" + " " * level + "}")
    if isinstance(node, list):
        if not node:
            return "[]", "[]"
        items = sorted((_canonical(v, level + 1) for v in node), key=lambda ci: ci[0])
        pad = "\n" + " " * (level + 1)
        return ("[" + ", ".join(c for c, _ in items) + "]",
                "[" + pad + ("," + pad).join(i for _, i in items) + "\n" + " " * level + "]")
    if isinstance(node, str):
        text = _jstr(node)
    elif node is True or node is False or node is None:
        text = "true" if node is True else "false" if node is False else "null"
    elif type(node) is int:
        text = int.__repr__(node)
    else:
        text = json.dumps(node, ensure_ascii=False)
    return text, text
