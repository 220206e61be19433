"""Stage 6, validate: the built graph against ontology/shapes.ttl with pySHACL.

Every build runs it; a graph that breaks the shapes raises `ValidationError`
with a short, readable report (focus node, path, message) instead of
pySHACL's full text, and nothing is exported.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph
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


def validate(graph: Graph, *, shapes_path: str | None = None, raise_on_error: bool = True) -> Report:
    import pyshacl

    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes(shapes_path), inference="none",
                                            advanced=False, allow_warnings=True)
    lines = []
    if not conforms:
        for r in sorted(results.subjects(SH.resultSeverity, SH.Violation)):
            focus = results.value(r, SH.focusNode)
            path = results.value(r, SH.resultPath)
            msg = results.value(r, SH.resultMessage)
            where = f" {graph.namespace_manager.normalizeUri(path)}" if path is not None else ""
            lines.append(f"{graph.namespace_manager.normalizeUri(focus)}{where}: {msg}")
        lines.sort()
    report = Report(conforms, lines, len(graph))
    if not conforms and raise_on_error:
        raise ValidationError(f"the graph breaks the SHACL shapes ({len(lines)} violation(s))",
                              path=shapes_path or "ontology/shapes.ttl", report=str(report))
    return report
