"""`kg serve`: a SPARQL 1.1 Protocol endpoint, exercised with a real client
(SPARQLWrapper) over HTTP on a free port: GET and POST, every result format,
the dataset parameters, and refusal of updates. Expected answers come from
`kg.query` on the same graph, never from hard-coded counts."""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg import query as kq
from kg import serve
from kg.errors import KGError
from kg.graph import doc_graph_iri

SUMMITS = kq.example("summits")


@pytest.fixture(scope="module")
def store(seeds_export):
    return kq.load(seeds_export)


@pytest.fixture(scope="module")
def endpoint(store):
    with serve.running(store) as server:
        yield server.url


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def as_set(bindings) -> set[str]:
    return {json.dumps(b, sort_keys=True) for b in bindings}


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of a raw request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get_content_type(), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read().decode()


# ---------------------------------------------------------------- SELECT / ASK in every results format


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_select_json_over_every_request_method(endpoint, store, method):
    sparql = client(endpoint, SUMMITS)
    if method != "GET":
        sparql.setMethod(POST)
    if method == "POST direct":
        sparql.setRequestMethod(POSTDIRECTLY)
    data = sparql.query().convert()
    expected = kq.run(store, SUMMITS).to_json()
    assert data["head"]["vars"] == expected["head"]["vars"]
    assert as_set(data["results"]["bindings"]) == as_set(expected["results"]["bindings"])
    assert any(b["date"]["value"] == "2018-06-12" for b in data["results"]["bindings"])


def test_select_xml(endpoint, store):
    doc = client(endpoint, SUMMITS, XML).query().convert()  # a minidom Document
    assert len(doc.getElementsByTagName("result")) == len(kq.run(store, SUMMITS))


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(endpoint, store, fmt, delimiter):
    text = client(endpoint, kq.example("letters"), fmt).query().convert().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(rows) - 1 == len(kq.run(store, kq.example("letters")))
    assert [v.lstrip("?") for v in rows[0]] == list(kq.run(store, kq.example("letters")).vars)


def test_ask(endpoint):
    assert client(endpoint, "ASK { ?e a dip:Refusal ; dip:channel ?c }").query().convert()["boolean"] is True
    assert client(endpoint, "ASK { ?e a dip:NoSuchClass }").query().convert()["boolean"] is False


# ---------------------------------------------------------------- CONSTRUCT / DESCRIBE as graphs

CONSTRUCT = "CONSTRUCT { ?e a dip:Summit ; rdfs:label ?l } WHERE { ?e a dip:Summit ; rdfs:label ?l }"


@pytest.mark.parametrize("fmt", [TURTLE, XML, JSONLD])
def test_construct_in_rdf_formats(endpoint, store, fmt):
    answer = client(endpoint, CONSTRUCT, fmt).query().convert()
    graph = answer if isinstance(answer, rdflib.Graph) else rdflib.Graph().parse(data=answer, format="turtle")
    assert len(graph) == len(kq.run(store, CONSTRUCT))


def test_describe_as_ntriples(endpoint):
    status, ctype, body = http(endpoint + "?query=DESCRIBE%20%3Fe%20WHERE%20%7B%3Fe%20a%20dip%3ASummit%7D",
                               headers={"Accept": "application/n-triples"})
    assert (status, ctype) == (200, "application/n-triples")
    assert len(rdflib.Graph().parse(data=body, format="nt")) > 0


# ---------------------------------------------------------------- dataset parameters


def test_named_and_default_graph_parameters(endpoint, store):
    graphs = [r["g"] for r in kq.run(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]
    assert graphs == sorted(graphs) and graphs
    one = graphs[0]
    sparql = client(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sparql.addParameter("named-graph-uri", one)
    assert [b["g"]["value"] for b in sparql.query().convert()["results"]["bindings"]] == [one]
    sparql = client(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    sparql.addDefaultGraph(one)
    n = int(sparql.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == kq.run(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one}> {{ ?s ?p ?o }} }}").rows[0]["n"]
    assert one.startswith(str(doc_graph_iri("")))


# ---------------------------------------------------------------- read-only, errors, negotiation

INSERT = "INSERT DATA { <urn:kg:a> <urn:kg:b> <urn:kg:c> }"


def test_updates_are_refused_and_change_nothing(endpoint):
    sparql = client(endpoint, INSERT)
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        sparql.query()
    assert err.value.code == 403
    assert http(endpoint, INSERT.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert http(endpoint, f"query={INSERT}".encode(), {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(endpoint + "?update=CLEAR%20ALL")[0] == 403
    assert http(endpoint, b"", method="PUT")[0] == 405
    assert client(endpoint, "ASK { <urn:kg:a> ?p ?o }").query().convert()["boolean"] is False


def test_bad_query_is_400_with_one_line(endpoint):
    with pytest.raises(QueryBadFormed, match="SPARQL syntax error"):
        client(endpoint, "SELECT ?x WHERE { ?x ").query()
    status, ctype, body = http(endpoint + "?query=SELECT%20%3Fx%20WHERE%20%7B%3Fx%20foo%3Abar%20%3Fy%7D")
    assert (status, ctype) == (400, "text/plain") and body.count("\n") == 1 and "undeclared prefix" in body


def test_not_acceptable_and_not_found(endpoint):
    assert http(endpoint + "?query=ASK%7B%7D", headers={"Accept": "image/png"})[0] == 406
    assert http(endpoint.replace("/sparql", "/nope"))[0] == 404
    status, ctype, body = http(endpoint)
    assert (status, ctype) == (200, "text/html") and "summits" in body


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/*;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),
    ("application/json;q=0, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
    ("image/png", None),
])
def test_negotiate(accept, expected):
    assert serve.negotiate(accept, list(serve.RESULT_TYPES)) == expected


def test_port_in_use_is_one_clear_error(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(KGError, match="cannot listen"):
            serve.make_server(store, "127.0.0.1", port)


# ---------------------------------------------------------------- the command


def test_kg_serve_command_prints_url_serves_and_stops(seeds_export):
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--graph", str(seeds_export),
           "--port", "0", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[2]
        assert client(url, "ASK { ?e a dip:Summit }").query().convert()["boolean"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        proc.stdout.close()
        proc.stderr.close()


def test_kg_serve_without_a_graph_fails_in_one_line(tmp_path):
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--graph", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1 and "graph.trig" in done.stderr
