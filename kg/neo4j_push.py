"""Cypher loading of the property graph: statements, load.cypher, and `kg neo4j`.

One set of parameterised `UNWIND $rows AS row MERGE …` statements serves
three paths, so they cannot drift apart: `script` renders them with
`:param rows => […]` batches into exports/neo4j/load.cypher (cypher-shell),
`push` sends them through the official `neo4j` driver, and `load` runs them
through any callable `run(query, params)` — the tests drive FalkorDB with it.
Nodes MERGE on their primary label and `id`, relationships on their two end
nodes (and `id` for REPORTED_BY) and every property is SET from the row, so a
second load changes nothing.

Dialects differ only in schema: Neo4j 5 gets named `CREATE CONSTRAINT … IF NOT
EXISTS … REQUIRE n.id IS UNIQUE`; FalkorDB gets `CREATE INDEX FOR (n:L) ON
(n.id)` (its constraints are a separate GRAPH.CONSTRAINT command and need the
index anyway) and an "already indexed" answer counts as success.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import ExportError
from .graph import BASE
from .property_graph import KINDS, PropertyGraph, Value, cell

__all__ = ["Statement", "node_statements", "rel_statements", "statements", "schema_statements", "script",
           "cypher_literal", "load", "connect", "push", "DIALECTS", "SCHEMES"]

DIALECTS = ("neo4j", "falkordb")
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
Run = Callable[[str, dict], Any]
_INDEXED = {"Event": ("date",)}


@dataclass(frozen=True)
class Statement:
    """A Cypher statement over `$rows` and the rows it is to be run with."""

    text: str
    rows: list[dict[str, Value | None]]

    def batches(self, size: int) -> Iterator[list[dict[str, Value | None]]]:
        for i in range(0, len(self.rows), size):
            yield self.rows[i:i + size]


def _row_value(value: Value | None, type_name: str) -> Value | None:
    """Parameters carry dates as ISO text; the statement wraps them in date()."""
    value = cell(value, type_name)
    return value.isoformat() if isinstance(value, date) else value


def _assign(var: str, cols: list[tuple[str, str]], skip: Sequence[str] = ()) -> list[str]:
    return [f"{var}.{name} = date(row.{name})" if t == "date" else f"{var}.{name} = row.{name}"
            for name, t in cols if name not in skip]


def node_statements(pg: PropertyGraph) -> list[Statement]:
    """One statement per label set, rows sorted by id; every column of the kind
    is in every row (null removes a property a previous load had set)."""
    out = []
    by_kind = defaultdict(list)
    for n in pg.nodes:
        by_kind[n.kind].append(n)
    for kind in sorted(by_kind):
        cols = pg.columns(by_kind[kind])
        groups = defaultdict(list)
        for n in by_kind[kind]:
            groups[n.labels].append(n)
        for labels in sorted(groups):
            sets = ([f"n:{':'.join(labels[1:])}"] if len(labels) > 1 else []) + _assign("n", cols)
            text = f"UNWIND $rows AS row\nMERGE (n:{kind} {{id: row.id}})"
            if sets:
                text += "\nSET " + ", ".join(sets)
            rows = [{"id": n.id, **{c: _row_value(n.props.get(c), t) for c, t in cols}} for n in groups[labels]]
            out.append(Statement(text, rows))
    return out


def rel_statements(pg: PropertyGraph) -> list[Statement]:
    """One statement per (type, start kind, end kind); keyed types MERGE on `id`."""
    kind = {n.id: n.kind for n in pg.nodes}
    by_type = defaultdict(list)
    for r in pg.rels:
        by_type[r.type].append(r)
    out = []
    for rtype in sorted(by_type):
        cols = pg.columns(by_type[rtype])
        if {"startId", "endId"} & {c for c, _ in cols}:
            raise ExportError(f"{rtype} has a property named startId or endId, which the load rows use")
        keyed = any(r.key for r in by_type[rtype])
        groups = defaultdict(list)
        for r in by_type[rtype]:
            groups[(kind[r.start], kind[r.end])].append(r)
        for (a, b) in sorted(groups):
            pattern = f"[r:{rtype} {{id: row.id}}]" if keyed else f"[r:{rtype}]"
            text = (f"UNWIND $rows AS row\nMATCH (a:{a} {{id: row.startId}})\nMATCH (b:{b} {{id: row.endId}})\n"
                    f"MERGE (a)-{pattern}->(b)")
            sets = _assign("r", cols, skip=("id",) if keyed else ())
            if sets:
                text += "\nSET " + ", ".join(sets)
            rows = [{"startId": r.start, "endId": r.end, **{c: _row_value(r.props.get(c), t) for c, t in cols}}
                    for r in groups[(a, b)]]
            out.append(Statement(text, rows))
    return out


def statements(pg: PropertyGraph) -> list[Statement]:
    """Nodes before relationships: a relationship MATCHes both of its ends."""
    return node_statements(pg) + rel_statements(pg)


def schema_statements(pg: PropertyGraph, dialect: str = "neo4j") -> list[str]:
    """Uniqueness of `id` per primary label (what MERGE looks up), plus indexes
    on `key`, Event `date` and the `id` of keyed relationships."""
    if dialect not in DIALECTS:
        raise ExportError(f"unknown Cypher dialect {dialect!r} (choose from {', '.join(DIALECTS)})")
    kinds = sorted(set(KINDS.values()) | set(pg.kinds()))
    keyed = sorted({r.type for r in pg.rels if r.key})
    out = []
    for k in kinds:
        props = ("id", "key", *_INDEXED.get(k, ()))
        for prop in props:
            name = f"kg_{_snake(k)}_{prop}"
            if dialect == "falkordb":
                out.append(f"CREATE INDEX FOR (n:{k}) ON (n.{prop})")
            elif prop == "id":
                out.append(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{k}) REQUIRE n.id IS UNIQUE")
            else:
                out.append(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{k}) ON (n.{prop})")
    for t in keyed:
        if dialect == "falkordb":
            out.append(f"CREATE INDEX FOR ()-[r:{t}]-() ON (r.id)")
        else:
            out.append(f"CREATE INDEX kg_{_snake(t)}_id IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.id)")
    return out


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value, on one line (cypher-shell reads a
    `:param` command to the end of its line). Non-ASCII text stays as UTF-8:
    FalkorDB does not decode \\u escapes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        body = "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) < 32 else ch) for ch in value)
        return f"'{body}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in sorted(value.items())) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f"`{name}`"


def script(pg: PropertyGraph, batch_size: int = 500) -> str:
    """load.cypher: each batch is a `:param rows => […]` line and the statement."""
    stmts = statements(pg)
    parts = ["// Load the kg property graph into a running Neo4j 5 database. Idempotent: every",
             "// statement MERGEs on `id` and SETs every property, so running it again changes nothing.",
             "// Run schema.cypher first, then:  cypher-shell -u neo4j -p <password> -f load.cypher",
             f"// {len(pg.nodes)} nodes, {len(pg.rels)} relationships; batches of at most {batch_size} rows.",
             ""]
    for st in stmts:
        for rows in st.batches(batch_size):
            parts.append(":param rows => " + cypher_literal(rows))
            parts.append(st.text + ";")
            parts.append("")
    return "\n".join(parts)


def load(pg: PropertyGraph, run: Run, *, dialect: str = "neo4j", batch_size: int = 1000, schema: bool = True,
         clear: bool = False, on_progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Run the schema and data statements through `run(query, params)`.

    `clear` first deletes every node whose id is under the kg base IRI, so
    a database loaded from an older build keeps no stale nodes or labels.
    """
    if schema:
        for text in schema_statements(pg, dialect):
            try:
                run(text, {})
            except Exception as err:  # noqa: BLE001 - only FalkorDB's "exists" answer is tolerated
                if dialect != "falkordb" or "already indexed" not in str(err):
                    raise
    if clear:
        while _first(run("MATCH (n) WHERE n.id STARTS WITH $base WITH n LIMIT 1000 DETACH DELETE n "
                         "RETURN count(*) AS deleted", {"base": BASE})):
            pass
    stmts = statements(pg)
    total = sum(-(-len(s.rows) // batch_size) for s in stmts)
    done = 0
    for st in stmts:
        for rows in st.batches(batch_size):
            run(st.text, {"rows": rows})
            done += 1
            if on_progress:
                on_progress(done, total)
    return {"nodes": len(pg.nodes), "relationships": len(pg.rels), "batches": done}


def _first(result: Any) -> int:
    """The single number a `RETURN count(*)` gave, from a driver or FalkorDB result."""
    rows = list(result or [])
    if not rows:
        return 0
    row = rows[0]
    return int(row[0] if isinstance(row, (list, tuple)) else row["deleted"])


@contextlib.contextmanager
def _neo4j_errors(uri: str, user: str) -> Iterator[None]:
    """Map the driver's exceptions to one-line ExportErrors naming the URI."""
    from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

    try:
        yield
    except AuthError:
        raise ExportError(f"Neo4j refused the credentials of user {user!r}", path=uri,
                          hint="check --user and --password (or NEO4J_USERNAME/NEO4J_PASSWORD)") from None
    except ServiceUnavailable as err:
        raise ExportError(f"cannot reach a Neo4j server: {_reason(err)}", path=uri,
                          hint="is Neo4j running, and are the host and Bolt port right?") from None
    except ConfigurationError as err:
        raise ExportError(f"bad Neo4j configuration: {_one_line(err)}", path=uri) from None
    except (Neo4jError, DriverError) as err:
        raise ExportError(f"Neo4j failed: {_one_line(err)}", path=uri) from None


def _reason(err: BaseException) -> str:
    """The socket's own words ("Connection refused") when the driver gives them."""
    found = re.search(r"reason \[Errno -?\d+\] ([^)]+)\)", str(err))
    return found.group(1) if found else _one_line(err)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def connect(uri: str, user: str, password: str | None) -> Any:
    """An open, verified `neo4j` driver: fails fast, before any work is done,
    when the server is unreachable or the credentials are wrong. No password
    means no auth (a server with dbms.security.auth_enabled=false)."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ExportError(f"not a Bolt URI (use one of {', '.join(s + '://' for s in SCHEMES)})", path=uri)
    from neo4j import GraphDatabase

    # The driver logs its failures too; without a handler Python would print them
    # as stray lines next to our one-line error.
    log = logging.getLogger("neo4j")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    with _neo4j_errors(uri, user):
        try:
            driver = GraphDatabase.driver(uri, auth=(user, password) if password is not None else None)
        except ValueError as err:
            raise ExportError(f"bad Neo4j address: {_one_line(err)}", path=uri) from None
        try:
            driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
    return driver


def push(pg: PropertyGraph, driver: Any, *, uri: str = "", user: str = "", database: str | None = None,
         batch_size: int = 1000, clear: bool = False,
         on_progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Load `pg` through a driver from `connect`, one managed transaction per batch."""

    def run(query: str, params: dict) -> list:
        return driver.execute_query(query, parameters_=params, database_=database).records

    with _neo4j_errors(uri, user):
        return load(pg, run, dialect="neo4j", batch_size=batch_size, clear=clear, on_progress=on_progress)
