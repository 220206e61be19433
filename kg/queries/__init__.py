"""The example queries shipped with kg: one documented .rq file per analyst question.

Each file starts with a comment line stating the question it answers (what
`kg query --list` prints), then explains its modelling choices. They are
plain SPARQL 1.1 with the ontology's prefixes predeclared (see
`kg.query.PREFIXES`), so they run unchanged in `kg query NAME`, on the
`kg serve` endpoint (which predeclares them too), and on rdflib or pyoxigraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from ..errors import QueryError

__all__ = ["Example", "examples", "example"]


@dataclass(frozen=True)
class Example:
    """A packaged query; `question` is its first comment line."""

    name: str
    question: str
    text: str = field(repr=False)


def examples() -> dict[str, Example]:
    """Every packaged query by name (the file stem), in name order."""
    found = {}
    for item in sorted(resources.files(__name__).iterdir(), key=lambda i: i.name):
        if item.name.endswith(".rq"):
            text = item.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            found[item.name[:-3]] = Example(item.name[:-3], first.lstrip("#").strip(), text)
    return found


def example(name: str) -> str:
    """The SPARQL text of the packaged query `name` (e.g. "summits")."""
    known = examples()
    if name not in known:
        raise QueryError(f"unknown example query {name!r} (choose from {', '.join(known)})",
                         hint="kg query --list describes them")
    return known[name].text
