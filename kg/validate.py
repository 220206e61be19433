"""Stage 6, validate: the built graph against ontology/shapes.ttl.

Every build runs it; a graph that breaks the shapes raises `ValidationError`
with a short, readable report (focus node, path, message) instead of
pySHACL's full text, and nothing is exported. Every node is first checked by
`kg.shacl`, which compiles the shapes once and answers in one pass over the
graph (pySHACL took longer than parsing on large corpora); pySHACL writes the
report when that check fails, and does the whole job when the shapes use
SHACL that `kg.shacl` does not implement, or when asked with engine="pyshacl".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from .errors import ValidationError
from .gazetteer import ONTOLOGY_DIR

__all__ = ["validate", "shapes", "Report"]

MAX_LISTED = 20


class Report:
    """The outcome of one validation: `conforms` and one line per violation."""

    def __init__(self, conforms: bool, lines: list[str], checked: int) -> None:
        self.conforms = conforms
        self.lines = lines
        self.checked = checked

    def __str__(self) -> str:
        if self.conforms:
            return f"SHACL: {self.checked} triples conform to ontology/shapes.ttl"
        more = len(self.lines) - MAX_LISTED
        shown = self.lines[:MAX_LISTED] + ([f"… and {more} more"] if more > 0 else [])
        return "\n".join([f"SHACL: {len(self.lines)} violation(s)"] + [f"  - {line}" for line in shown])


@lru_cache(maxsize=2)
def shapes(path: str | None = None) -> Graph:
    return Graph().parse(str(Path(path) if path else ONTOLOGY_DIR / "shapes.ttl"), format="turtle")


@lru_cache(maxsize=2)
def _compiled(path: str | None = None):
    from .shacl import Unsupported, compile_shapes

    try:
        return compile_shapes(shapes(path))
    except Unsupported:
        return None


def validate(graph: Graph, *, shapes_path: str | None = None, raise_on_error: bool = True,
             engine: str = "auto") -> Report:
    """Check `graph` against the shapes. `engine="auto"` runs the compiled
    check and calls pySHACL only for a report or unsupported shapes;
    `engine="pyshacl"` always uses pySHACL."""
    if engine not in ("auto", "pyshacl"):
        raise ValueError(f"unknown SHACL engine {engine!r} (auto or pyshacl)")
    compiled = _compiled(shapes_path) if engine == "auto" else None
    if compiled is not None:
        from .shacl import Checker

        if Checker(graph, compiled).conforms():
            return Report(True, [], len(graph))
    import pyshacl

    shapes_graph = shapes(shapes_path)
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                            advanced=False, allow_warnings=True)
    lines = []
    if not conforms:
        names = _names(graph)
        for r in results.subjects(SH.resultSeverity, SH.Violation):
            focus = results.value(r, SH.focusNode)
            path = results.value(r, SH.resultPath)
            value = results.value(r, SH.value)
            where = f" {_term(names, path)}" if path is not None else ""
            got = f" (value: {_term(names, value)})" if value is not None and value != focus else ""
            lines.append(f"{_term(names, focus)}{where}: {_message(results, r, shapes_graph, names)}{got}")
        # a node reached through sh:node is reported as a target and again as a detail
        lines = sorted(set(lines))
    report = Report(conforms, lines, len(graph))
    if not conforms and raise_on_error:
        raise ValidationError(f"the graph breaks the SHACL shapes ({len(lines)} violation(s))",
                              path=shapes_path or "ontology/shapes.ttl", report=str(report))
    return report


def _names(graph: Graph) -> Graph:
    """A namespace manager that knows the project's prefixes and the graph's own."""
    from .graph import PREFIXES

    names = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns)
    for prefix, ns in graph.namespaces():
        if prefix and prefix not in PREFIXES:
            names.bind(prefix, ns)
    return names


def _term(names: Graph, term) -> str:
    if isinstance(term, URIRef):
        return names.namespace_manager.normalizeUri(term)
    return term.n3(names.namespace_manager) if hasattr(term, "n3") else str(term)


def _message(results: Graph, result, shapes_graph: Graph, names: Graph) -> str:
    """The shape's own sh:message when it has one; for sh:xone/sh:or without
    one, the alternatives by path ("needs exactly one of: dip:date, dip:undated
    true") instead of pySHACL's dump of the nested shapes."""
    msg = results.value(result, SH.resultMessage)
    component = results.value(result, SH.sourceConstraintComponent)
    source = results.value(result, SH.sourceShape)
    if source is not None and shapes_graph.value(source, SH.message) is None:
        for comp, pred, lead in ((SH.XoneConstraintComponent, SH.xone, "needs exactly one of"),
                                 (SH.OrConstraintComponent, SH["or"], "needs at least one of")):
            head = shapes_graph.value(source, pred)
            if component == comp and head is not None:
                options = []
                for member in Collection(shapes_graph, head):
                    path = shapes_graph.value(member, SH.path)
                    value = shapes_graph.value(member, SH.hasValue)
                    text = _term(names, path) if path is not None else _term(names, member)
                    options.append(f"{text} {value}" if value is not None else text)
                return f"{lead}: {', '.join(options)}"
        params = {k: shapes_graph.value(source, SH[k]) for k in _PARAMS}
        for comp, template in _TEMPLATES.items():
            if component == comp and all(params[k] is not None for k in _PARAMS_OF[comp]):
                args = {k: str(params[k]) if isinstance(params[k], Literal) else _term(names, params[k])
                        for k in _PARAMS_OF[comp]}
                if comp == SH.InConstraintComponent:
                    args["in"] = ", ".join(str(v) for v in Collection(shapes_graph, params["in"]))
                return template.format(**args)
    return str(msg) if msg is not None else str(_term(names, component))


# Plain words for the constraints a shape may use without its own sh:message,
# instead of pySHACL's text, which quotes Python reprs (`Literal("day")`).
_TEMPLATES = {
    SH.InConstraintComponent: "must be one of {in}",
    SH.MinCountConstraintComponent: "needs at least {minCount} value(s)",
    SH.MaxCountConstraintComponent: "allows at most {maxCount} value(s)",
    SH.DatatypeConstraintComponent: "must be an {datatype} literal",
    SH.ClassConstraintComponent: "must be a {class}",
    SH.MinInclusiveConstraintComponent: "must be at least {minInclusive}",
    SH.MinLengthConstraintComponent: "must be at least {minLength} character(s) long",
    SH.HasValueConstraintComponent: "must have the value {hasValue}",
}
_PARAMS_OF = {SH.InConstraintComponent: ("in",), SH.MinCountConstraintComponent: ("minCount",),
              SH.MaxCountConstraintComponent: ("maxCount",), SH.DatatypeConstraintComponent: ("datatype",),
              SH.ClassConstraintComponent: ("class",), SH.MinInclusiveConstraintComponent: ("minInclusive",),
              SH.MinLengthConstraintComponent: ("minLength",), SH.HasValueConstraintComponent: ("hasValue",)}
_PARAMS = sorted({k for ks in _PARAMS_OF.values() for k in ks})
