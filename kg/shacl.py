"""A fast conformance check for the SHACL Core shapes kg uses, so that every
build can check every node against ontology/shapes.ttl at corpus scale.

pySHACL answers through rdflib's context-aware store one lookup at a time,
which took longer than the whole NLP stage on large corpora. `compile_shapes`
turns the shapes graph into a small tree of checks and `Checker.conforms`
runs it over one in-memory index of the data graph built in a single pass.
It implements the constraints of SHACL Core that our shapes use (targets by
class; predicate paths; count, value type, value range, string, shape-based
and logical constraints) with pySHACL's reading of each (ill-typed literals,
subclass closure from the data graph, literal comparison); anything else in
the shapes raises `Unsupported` and `kg.validate` uses pySHACL instead. It
only answers conforms or not: when a graph does not conform, `kg.validate`
asks pySHACL for the report, so messages never depend on this module.
tests/test_validate_fast.py checks it agrees with pySHACL on broken graphs.

Spec: https://www.w3.org/TR/shacl/#core-components
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

__all__ = ["Unsupported", "Shape", "Compiled", "compile_shapes", "Checker"]

# Shape parameters that do not constrain anything.
_IGNORED = {RDF.type, RDFS.comment, RDFS.label, SH.message, SH.name, SH.description, SH.order, SH.group,
            SH.defaultValue}
_VALUE_PARAMS = {SH["class"], SH.datatype, SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive,
                 SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.nodeKind, SH.pattern, SH.flags,
                 SH.node, SH["or"], SH.xone, SH["and"], SH["not"], SH.property}
_SHAPE_PARAMS = _VALUE_PARAMS | {SH.path, SH.minCount, SH.maxCount, SH.targetClass} | _IGNORED
_ACTUAL = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
           XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
_KINDS = {BNode: {SH.BlankNode, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral},
          Literal: {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
          URIRef: {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI}}


class Unsupported(Exception):
    """The shapes use SHACL this checker does not implement; use pySHACL."""


@dataclass(eq=False)
class Shape:
    """A compiled node shape (`path` None) or property shape."""

    node: object
    path: URIRef | None = None
    min_count: int = 0
    max_count: int | None = None
    value_checks: list[Callable[[object, Checker], bool]] = field(default_factory=list)
    targets: list[URIRef] = field(default_factory=list)


@dataclass
class Compiled:
    """The shapes that have targets, and every predicate any shape reads."""

    targeted: list[Shape]
    paths: set[str]


def compile_shapes(shapes: Graph) -> Compiled:
    """The shapes ready to check; `Unsupported` if a shape uses something
    outside the implemented subset."""
    compiled: dict[object, Shape] = {}
    roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    roots |= set(shapes.subjects(SH.targetClass, None))
    for other in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.deactivated, SH.severity,
                  SH.closed, SH.sparql, SH.rule):
        if next(shapes.subjects(other, None), None) is not None:
            raise Unsupported(f"sh:{other.split('#')[-1]}")
    for root in roots:
        if (root, RDF.type, RDFS.Class) in shapes or (root, RDF.type, URIRef(str(RDF) + "Class")) in shapes:
            raise Unsupported("implicit class targets")
    shapes_out = [_compile(shapes, root, compiled) for root in sorted(roots, key=str)]
    return Compiled([s for s in shapes_out if s.targets], {str(s.path) for s in compiled.values() if s.path})


def _compile(g: Graph, node, compiled: dict[object, Shape]) -> Shape:
    if node in compiled:
        return compiled[node]
    shape = compiled[node] = Shape(node)
    for p, o in g.predicate_objects(node):
        if p not in _SHAPE_PARAMS:
            raise Unsupported(f"{p} on {node}")
    path = g.value(node, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported("paths other than a single predicate")
    shape.path = path
    shape.targets = list(g.objects(node, SH.targetClass))
    for p, o in g.predicate_objects(node):
        if p == SH.minCount:
            shape.min_count = max(shape.min_count, int(o))
        elif p == SH.maxCount:
            shape.max_count = int(o) if shape.max_count is None else min(shape.max_count, int(o))
        elif p in _VALUE_PARAMS and p != SH.flags:
            shape.value_checks.append(_check(g, node, p, o, compiled))
    if path is None and (shape.min_count or shape.max_count is not None):
        raise Unsupported("counts on a node shape")
    return shape


def _members(g: Graph, head) -> list:
    return list(Collection(g, head))


def _check(g: Graph, node, p, o, compiled: dict) -> Callable[[object, Checker], bool]:
    """One constraint on one value node."""
    if p == SH["class"]:
        return lambda v, c: not isinstance(v, Literal) and c.is_instance(v, o)
    if p == SH.datatype:
        return lambda v, c: _datatype_ok(v, o)
    if p == SH["in"]:
        allowed = set(_members(g, o))
        return lambda v, c: v in allowed
    if p == SH.hasValue:  # checked against all values at once, see Checker.shape_ok
        return _HasValue(o)
    if p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
        return _range(p, o)
    if p in (SH.minLength, SH.maxLength):
        bound = int(o)
        if p == SH.minLength:
            return lambda v, c: bound == 0 or not isinstance(v, BNode) and len(str(v)) >= bound
        return lambda v, c: not isinstance(v, BNode) and len(str(v)) <= bound
    if p == SH.nodeKind:
        return lambda v, c: o in next((kinds for t, kinds in _KINDS.items() if isinstance(v, t)), set())
    if p == SH.pattern:
        flags = str(g.value(node, SH.flags) or "")
        regex = re.compile(str(o), (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0)
                           | (re.M if "m" in flags else 0) | (re.X if "x" in flags else 0))
        return lambda v, c: not isinstance(v, BNode) and regex.search(str(v)) is not None
    if p in (SH.node, SH.property):
        inner = _compile(g, o, compiled)
        return lambda v, c: c.shape_ok(v, inner)
    if p == SH["not"]:
        inner = _compile(g, o, compiled)
        return lambda v, c: not c.shape_ok(v, inner)
    inner_shapes = [_compile(g, m, compiled) for m in _members(g, o)]
    if p == SH["and"]:
        return lambda v, c: all(c.shape_ok(v, s) for s in inner_shapes)
    if p == SH["or"]:
        return lambda v, c: any(c.shape_ok(v, s) for s in inner_shapes)
    return lambda v, c: sum(1 for s in inner_shapes if c.shape_ok(v, s)) == 1  # sh:xone


class _HasValue:
    def __init__(self, value) -> None:
        self.value = value

    def __call__(self, v, c) -> bool:  # on a node shape: the focus node itself
        return v == self.value


def _datatype_ok(v, datatype) -> bool:
    """pySHACL's DatatypeConstraintComponent: same datatype IRI and a value
    of the Python type rdflib parses it to (ill-typed literals fail)."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == datatype:
        if getattr(v, "ill_typed", None) is True:
            return False
    elif datatype == RDFS.Literal or datatype == RDFS.Datatype and v.datatype:
        return True
    elif not (v.datatype is None and v.language is None and datatype == XSD.string
              or datatype == RDF.langString and v.language):
        return False
    actual = _ACTUAL.get(datatype)
    return actual is None or isinstance(v.value, actual)


def _range(p, bound: Literal) -> Callable[[object, Checker], bool]:
    from pyshacl.rdfutil.compare import compare_literal

    accept = {SH.minInclusive: lambda n: n >= 0, SH.minExclusive: lambda n: n > 0,
              SH.maxInclusive: lambda n: n <= 0, SH.maxExclusive: lambda n: n < 0}[p]
    bound_is_string = isinstance(bound.value, str)

    def ok(v, c) -> bool:
        if not isinstance(v, Literal) or isinstance(v.value, str) != bound_is_string:
            return False
        try:
            return accept(compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return False

    return ok


class Checker:
    """The data graph indexed once: each subject's values for the predicates
    the shapes read, and every node's types with their superclasses."""

    def __init__(self, graph: Graph, shapes: Compiled) -> None:
        self.shapes = shapes.targeted
        paths = shapes.paths
        self.values: dict[tuple[str, str], list] = {}
        self.types: dict[object, set] = {}
        self.instances: dict[object, list] = {}
        parents: dict[object, set] = {}
        type_iri, sub_iri = str(RDF.type), str(RDFS.subClassOf)
        for s, p, o in graph:
            kp = str(p)
            if kp == type_iri:
                self.types.setdefault(_key(s), set()).add(o)
                self.instances.setdefault(o, []).append(s)
            elif kp == sub_iri:
                parents.setdefault(s, set()).add(o)
            if kp in paths:
                self.values.setdefault((_key(s), kp), []).append(o)
        self.ancestors = {c: _closure(c, parents) for c in parents}
        self._memo: dict[tuple[object, int], bool] = {}

    def is_instance(self, node, cls) -> bool:
        for t in self.types.get(_key(node), ()):
            if t == cls or cls in self.ancestors.get(t, ()):
                return True
        return False

    def focus_nodes(self, shape: Shape) -> set:
        nodes = set()
        for cls in shape.targets:
            for t, members in self.instances.items():
                if t == cls or cls in self.ancestors.get(t, ()):
                    nodes.update(members)
        return nodes

    def shape_ok(self, focus, shape: Shape) -> bool:
        key = (_key(focus), id(shape))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._shape_ok(focus, shape)
        return found

    def _shape_ok(self, focus, shape: Shape) -> bool:
        if shape.path is None:
            values = [focus]
        else:
            values = self.values.get((_key(focus), str(shape.path)), [])
            if len(values) > 1:
                values = list(dict.fromkeys(values))
            if len(values) < shape.min_count or shape.max_count is not None and len(values) > shape.max_count:
                return False
        for check in shape.value_checks:
            if isinstance(check, _HasValue) and shape.path is not None:
                if check.value not in values:
                    return False
            elif not all(check(v, self) for v in values):
                return False
        return True

    def conforms(self) -> bool:
        return all(self.shape_ok(f, s) for s in self.shapes for f in self.focus_nodes(s))


def _key(node):
    """IRIs by their text (hashed in C); other terms as themselves."""
    return str(node) if type(node) is URIRef else node


def _closure(c, parents: dict) -> set:
    seen, todo = set(), list(parents.get(c, ()))
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += parents.get(n, ())
    return seen
