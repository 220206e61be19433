"""The Neo4j bundle (exports/neo4j/): neo4j-admin CSVs, schema.cypher, load.cypher, README.md.

`write` derives the property graph from the built RDF (kg.property_graph) and
writes it two ways: CSV files in the `neo4j-admin database import` header
format (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns such
as `date:date`) for a bulk import into an empty database, and load.cypher, the
same statements `kg neo4j` runs, for a running one. README.md carries the exact
commands, the RDF → property-graph mapping and this build's counts.
Header format: https://neo4j.com/docs/operations-manual/current/import/
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..graph import PREFIXES
from ..neo4j_push import schema_statements, script
from ..property_graph import KINDS, PROPERTY_NAMES, REL_TYPES, PropertyGraph, Value, cell, from_dataset
from . import atomic_write

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = ["write", "write_bundle", "node_files", "rel_files", "array_delimiter", "readme"]

_DELIMITERS = (";", "|", "\u001f")


def write(result: BuildResult, dest: Path) -> None:
    write_bundle(from_dataset(result.dataset), dest)


def write_bundle(pg: PropertyGraph, dest: Path) -> None:
    """Every file of the bundle into the folder `dest` (created if needed)."""
    delim = array_delimiter(pg)
    files = {}
    for name, (header, rows) in {**node_files(pg), **rel_files(pg)}.items():
        files[name] = _csv(header, rows, delim)
    files["schema.cypher"] = _schema(pg)
    files["load.cypher"] = script(pg)
    files["README.md"] = readme(pg, sorted(n for n in files if n.startswith("nodes-")),
                                sorted(n for n in files if n.startswith("rels-")), delim)
    for name, text in sorted(files.items()):
        atomic_write(dest / name, text)


def array_delimiter(pg: PropertyGraph) -> str:
    """`;` (neo4j-admin's default) unless an array value contains it."""
    values = [v for item in [*pg.nodes, *pg.rels] for x in item.props.values() if isinstance(x, list) for v in x]
    for d in _DELIMITERS:
        if not any(d in v for v in values):
            return d
    raise ExportError("every array delimiter (; | U+001F) occurs inside a list value; cannot write neo4j-admin CSV")


def node_files(pg: PropertyGraph) -> dict[str, tuple[list[str], list[list]]]:
    """nodes-<Kind>.csv: `id:ID`, `:LABEL`, then one typed column per property."""
    out = {}
    for kind in pg.kinds():
        nodes = [n for n in pg.nodes if n.kind == kind]
        cols = pg.columns(nodes)
        header = ["id:ID", ":LABEL"] + [_header(c, t) for c, t in cols]
        rows = [[n.id, list(n.labels)] + [cell(n.props.get(c), t) for c, t in cols] for n in nodes]
        out[f"nodes-{kind}.csv"] = (header, rows)
    return out


def rel_files(pg: PropertyGraph) -> dict[str, tuple[list[str], list[list]]]:
    """rels-<TYPE>.csv: `:START_ID`, `:END_ID`, `:TYPE`, then the properties."""
    out = {}
    for rtype in sorted({r.type for r in pg.rels}):
        rels = [r for r in pg.rels if r.type == rtype]
        cols = pg.columns(rels)
        header = [":START_ID", ":END_ID", ":TYPE"] + [_header(c, t) for c, t in cols]
        rows = [[r.start, r.end, r.type] + [cell(r.props.get(c), t) for c, t in cols] for r in rels]
        out[f"rels-{rtype}.csv"] = (header, rows)
    return out


def _header(name: str, type_name: str) -> str:
    return name if type_name == "string" else f"{name}:{type_name}"


def _csv(header: list[str], rows: list[list], delim: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_field(v, delim) for v in row])
    return buf.getvalue()


def _field(value: Value | None, delim: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return delim.join(str(v) for v in value)
    return str(value)


def _schema(pg: PropertyGraph) -> str:
    head = ["// Neo4j 5 constraints and indexes for the kg property graph; safe to run again (IF NOT EXISTS).",
            "// cypher-shell -u neo4j -p <password> -f schema.cypher", ""]
    return "\n".join(head + [s + ";" for s in schema_statements(pg, "neo4j")]) + "\n"


def _curie(term) -> str:
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items()):
        if text.startswith(str(ns)) and prefix not in ("id",):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def readme(pg: PropertyGraph, node_names: list[str], rel_names: list[str], delim: str) -> str:
    """The bundle's README: commands, mapping and counts, all generated."""
    kind_class = {v: _curie(k) for k, v in KINDS.items()}
    rel_pred = {}
    for p, t in REL_TYPES.items():
        rel_pred.setdefault(t, []).append(_curie(p))
    index = {n.id: n.kind for n in pg.nodes}
    delim_opt = "" if delim == ";" else f" --array-delimiter=U+{ord(delim):04X}"
    imports = " \\\n    ".join([f"--nodes={n}" for n in node_names] + [f"--relationships={r}" for r in rel_names])
    lines = [
        "# The knowledge graph as a property graph (Neo4j and other Cypher databases)",
        "",
        "Generated by `kg build` from the RDF graph (graph.trig); do not edit. "
        f"{len(pg.nodes)} nodes, {len(pg.rels)} relationships.",
        "",
        "## Load it",
        "",
        "Bulk import into an empty Neo4j 5 database (stop the server first; run from this folder):",
        "",
        "```sh",
        f"neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true{delim_opt} \\",
        f"    {imports}",
        "# start Neo4j, then add the constraints and indexes:",
        "cypher-shell -u neo4j -p <password> -f schema.cypher",
        "```",
        "",
        "Or into a running database, idempotently (run it twice, nothing changes):",
        "",
        "```sh",
        "cypher-shell -u neo4j -p <password> -f schema.cypher",
        "cypher-shell -u neo4j -p <password> -f load.cypher",
        "# or straight from the build, through the official Python driver:",
        "kg neo4j --uri bolt://localhost:7687 --user neo4j --password <password>",
        "```",
        "",
        "## Mapping from the RDF",
        "",
        "- Every resource typed with one of the classes below is a node; `id` is its IRI, `key` the slug at "
        "its end (the id used in events.json). Its other `dip:` classes become extra labels "
        "(`:Actor:Person`, `:Event:Summit`, `:Channel:Envoy`); superclasses are not added (a Summit is not "
        "also labelled Meeting, exactly as in the RDF).",
        "- Literals become properties; `owl:sameAs wd:Q…` becomes `wikidata` (the QID); `skos:altLabel` "
        "becomes the list `aliases`.",
        "- `dip:date`/`dip:endDate` become `date`/`end` of type date, the first day of the period, plus the "
        "exact RDF value in `dateIso`/`endIso` (`2018-06-12`, `2019-02`, `2018`); read `date` with `precision`.",
        "- Each `dip:Mention` is one `REPORTED_BY` relationship from the event to its source document with the "
        "evidence (`evidence`, `start`, `end`, `modality`, `attribution`, `statedType`, `statedDate`, "
        "`statedStatus`; `id` is the mention IRI). `prov:wasDerivedFrom` is not repeated: it is the set of "
        "(event, source) pairs of those relationships.",
        "- The per-document named graphs survive as `sources` on `PARTICIPANT`: the keys of the documents that "
        "name that participant.",
        "- A relationship to an IRI with no type in the RDF keeps a stub node (`id`, `key` and the label of "
        "the predicate's range) so that no triple is lost.",
        "",
        "| label | RDF class | nodes | properties |",
        "| --- | --- | --- | --- |",
    ]
    counts = pg.label_counts()
    for kind in sorted(set(KINDS.values()) | set(pg.kinds())):
        nodes = [n for n in pg.nodes if n.kind == kind]
        extra = sorted({label for n in nodes for label in n.labels[1:]})
        props = ", ".join(["`id`"] + [f"`{c}`" + ("" if t == "string" else f" ({t})") for c, t in pg.columns(nodes)])
        sub = f" (+ {', '.join(':' + e for e in extra)})" if extra else ""
        lines.append(f"| `:{kind}`{sub} | `{kind_class.get(kind, '-')}` | {counts.get(kind, 0)} | {props} |")
    lines += ["", "| relationship | RDF predicate | from → to | count | properties |",
              "| --- | --- | --- | --- | --- |"]
    types = pg.type_counts()
    for rtype in sorted(set(REL_TYPES.values()) | set(types)):
        rels = [r for r in pg.rels if r.type == rtype]
        ends = ", ".join(sorted({f"{index[r.start]} → {index[r.end]}" for r in rels})) or "-"
        props = ", ".join(f"`{c}`" + ("" if t == "string" else f" ({t})") for c, t in pg.columns(rels)) or "-"
        pred = ", ".join(f"`{p}`" for p in sorted(rel_pred.get(rtype, []))) or "-"
        lines.append(f"| `{rtype}` | {pred} | {ends} | {types.get(rtype, 0)} | {props} |")
    renamed = ", ".join(f"`{_curie(p)}` → `{n}`" for p, n in sorted(PROPERTY_NAMES.items(), key=lambda x: x[1]))
    lines += ["", f"Renamed properties: {renamed}; any other literal keeps its predicate's local name.", "",
              "## Other Cypher databases", "",
              "- FalkorDB runs the same `UNWIND $rows AS row MERGE …` statements (the tests load this bundle into "
              "FalkorDB and compare its answers with SPARQL). Differences: no `CREATE CONSTRAINT … REQUIRE`; use "
              "`CREATE INDEX FOR (n:Actor) ON (n.id)` (constraints are a separate `GRAPH.CONSTRAINT` command); "
              "parameters are sent as a `CYPHER rows=[…]` prefix instead of `:param`; `date()` values come back "
              "as dates, but `\\u` escapes in string literals are not decoded (load.cypher writes UTF-8).",
              "- Memgraph speaks Bolt and the same Cypher for the data statements; its schema syntax is "
              "`CREATE CONSTRAINT ON (n:Actor) ASSERT n.id IS UNIQUE;` (not tested here).",
              "- Kùzu needs typed `CREATE NODE TABLE`/`CREATE REL TABLE` DDL before `COPY FROM` these CSVs: the "
              "column types are in the CSV headers (not tested here).",
              ""]
    return "\n".join(lines)
