"""kg.query and `kg query`: the packaged example queries answer their questions
on the seeds build, agree with the resolved corpus and across engines, and bad
input gives one error line with exit code 2.

Extraction improves while these tests stand, so nothing here counts rows:
every expectation is computed from `seeds_result.corpus` or is a headline
fact of the story (Singapore 2018-06-12, the 2025 letter refused through the
New York Channel).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from typer.testing import CliRunner

from kg import query as kq
from kg.cli import app
from kg.errors import QueryError
from kg.graph import doc_graph_iri, iri
from kg.model import MODALITIES, TimeValue

EXAMPLES = ("actors", "channels", "conflicts", "letters", "provenance", "summits", "timeline-2025")
TRUMP, KIM = "Q22686", "Q56226"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(seeds_export):
    return kq.load(seeds_export)


@pytest.fixture(scope="module")
def corpus(seeds_result):
    return seeds_result.corpus


def event_iri(e) -> str:
    return str(iri("event", e.id))


def run_example(store, name: str) -> kq.Result:
    return kq.run(store, kq.example(name), name=name)


# ---------------------------------------------------------------- the library of examples


def test_every_packaged_query_is_documented_and_tested():
    found = kq.examples()
    assert tuple(found) == EXAMPLES, "a new example query needs a test below (and EXAMPLES updated)"
    for ex in found.values():
        assert ex.text.startswith("# "), f"{ex.name}.rq must open with the question it answers"
        assert ex.question.endswith("?"), ex.name


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_gives_the_same_answer_on_rdflib_and_pyoxigraph(name, store, seeds_result):
    """The exported TriG loaded in pyoxigraph answers like the in-memory rdflib Dataset."""
    ox = run_example(store, name)
    rd = kq.run(seeds_result, kq.example(name))
    assert ox.vars == rd.vars
    key = lambda r: sorted(json.dumps(b, sort_keys=True) for b in r.bindings)  # noqa: E731
    assert key(ox) == key(rd)


def test_summits_include_singapore_with_date_and_place(store, corpus):
    actors = {a.wikidata: a.id for a in corpus.actors if a.wikidata}
    expected = {event_iri(e) for e in corpus.events
                if e.type == "Summit" and {actors.get(TRUMP), actors.get(KIM)} <= set(e.participants)}
    result = run_example(store, "summits")
    assert {r["event"] for r in result} == expected
    singapore = [r for r in result if r["date"] == "2018-06-12"]
    assert singapore, "the Singapore summit of 2018-06-12 is missing"
    assert any(w in (singapore[0]["place"] or "") for w in ("Sentosa", "Singapore"))
    dates = [r["date"] for r in result if r["date"]]
    assert dates == sorted(dates)


def test_letters_list_sender_recipient_channel_and_date(store, corpus):
    expected = {event_iri(e) for e in corpus.events if e.type in ("Letter", "LetterExchange")}
    rows = list(run_example(store, "letters"))
    assert {r["event"] for r in rows} == expected
    assert any(r["sender"] == "Donald Trump" and r["recipient"] == "Kim Jong-un" and str(r["date"]).startswith("2025")
               for r in rows), "the 2025 letter from Trump to Kim is missing"


def test_events_by_channel_include_the_refusal_via_new_york(store, corpus):
    expected = {event_iri(e) for e in corpus.events if e.channel}
    rows = list(run_example(store, "channels"))
    assert {r["event"] for r in rows} == expected
    assert any(r["type"] == "Refusal" and r["channel"] == "New York Channel" for r in rows)


def test_provenance_follows_each_source_through_its_named_graph(store, corpus):
    expected = {(event_iri(e), s.doc) for e in corpus.events for s in e.sources}
    rows = list(run_example(store, "provenance"))
    assert {(r["event"], r["doc"]) for r in rows} == expected
    for r in rows:
        assert r["graph"] == str(doc_graph_iri(r["doc"]))
        assert r["modality"] in MODALITIES
        assert r["evidence"]


def _disagree(a, b) -> bool:
    if a.doc == b.doc:
        return False
    dates_clash = bool(a.date and b.date and not TimeValue.parse(a.date).covers(TimeValue.parse(b.date)))
    return a.modality != b.modality or a.status != b.status or dates_clash


def test_conflicts_match_the_corpus(store, corpus):
    expected = {event_iri(e) for e in corpus.events
                if e.conflicts or any(_disagree(a, b) for a in e.sources for b in e.sources)}
    assert {r["event"] for r in run_example(store, "conflicts")} == expected


CONFLICTS_TRIG = """
@prefix dip: <https://w3id.org/kg-diplo/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/kg-diplo/id/> .
:a schema:identifier "a" .  :b schema:identifier "b" .
:denied a dip:Event ; rdfs:label "denied by one source" ; dip:mention :m1, :m2 .
:m1 dip:document :a ; dip:modality "asserted" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02-27"^^xsd:date .
:m2 dip:document :b ; dip:modality "denied" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02"^^xsd:gYearMonth .
:dates a dip:Event ; rdfs:label "two days" ; dip:mention :m3, :m4 .
:m3 dip:document :a ; dip:modality "asserted" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02-27"^^xsd:date .
:m4 dip:document :b ; dip:modality "asserted" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02-28"^^xsd:date .
:agreed a dip:Event ; rdfs:label "month and day agree" ; dip:mention :m5, :m6 .
:m5 dip:document :a ; dip:modality "asserted" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02-27"^^xsd:date .
:m6 dip:document :b ; dip:modality "asserted" ; dip:statedStatus "occurred" ; dip:statedDate "2019-02"^^xsd:gYearMonth .
:marked a dip:Event ; rdfs:label "marked" ; dip:hasConflict true ; dip:conflict "place: Hanoi vs Da Nang" ;
    dip:mention :m7 .
:m7 dip:document :a ; dip:modality "asserted" ; dip:statedStatus "occurred" .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_conflicts_query_finds_modality_date_and_marked_conflicts(tmp_path, engine):
    path = tmp_path / "conflicts.trig"
    path.write_text(CONFLICTS_TRIG)
    rows = list(kq.run(kq.load(path, engine=engine), kq.example("conflicts")))
    found = {r["event"].rsplit("/", 1)[1] for r in rows}
    assert found == {"denied", "dates", "marked"}
    assert {r["modality"] for r in rows if r["event"].endswith("/denied")} == {"asserted", "denied"}
    assert [r["note"] for r in rows if r["event"].endswith("/marked")] == ["place: Hanoi vs Da Nang"]


def test_timeline_2025_is_every_2025_contact_in_date_order(store, corpus):
    expected = {event_iri(e) for e in corpus.events
                if e.date and e.date.value.year == 2025 and e.type != "MilitaryAction"}
    rows = list(run_example(store, "timeline-2025"))
    assert {r["event"] for r in rows} == expected
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert any(r["type"] == "Refusal" and r["channel"] == "New York Channel" for r in rows)


def test_actors_ranked_by_engagements_match_the_corpus(store, corpus):
    known = {a.id for a in corpus.actors}
    counts: dict[str, int] = {}
    for e in corpus.events:
        for a in (set(e.participants) | {e.sender, e.recipient}) & known:
            counts[str(iri("actor", a))] = counts.get(str(iri("actor", a)), 0) + 1
    rows = list(run_example(store, "actors"))
    assert {r["actor"]: r["engagements"] for r in rows} == counts
    assert [r["engagements"] for r in rows] == sorted((r["engagements"] for r in rows), reverse=True)


# ---------------------------------------------------------------- Python API


def test_load_keeps_the_named_graphs(store, corpus):
    graphs = {r["g"] for r in kq.run(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {str(doc_graph_iri(d.id)) for d in corpus.documents if any(
        s.doc == d.id for e in corpus.events for s in e.sources)}


def test_to_store_copies_default_and_named_graphs(seeds_result):
    store = kq.to_store(seeds_result)
    assert len(store) == sum(1 for _ in seeds_result.dataset.quads((None, None, None, None)))
    assert kq.run(store, "ASK { GRAPH ?g { ?e a dip:Summit } }").boolean


def test_rows_are_plain_python_values(seeds_result):
    rows = kq.run(seeds_result, kq.example("actors")).rows
    assert all(isinstance(r["engagements"], int) for r in rows)


def test_construct_answers_as_triples_and_turtle(store):
    result = kq.run(store, "CONSTRUCT { ?e a dip:Summit } WHERE { ?e a dip:Summit }")
    assert result.kind == "graph" and result.vars == ("subject", "predicate", "object")
    assert "dip:Summit" in result.to_turtle()


@pytest.mark.parametrize("bad, message", [
    ("SELEC ?x", "SPARQL syntax error"),
    ("SELECT ?x WHERE { ?x foo:bar ?y }", "undeclared prefix"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
])
def test_bad_query_raises_query_error(store, bad, message):
    with pytest.raises(QueryError, match=message):
        kq.run(store, bad)


def test_missing_graph_names_the_file(tmp_path):
    with pytest.raises(QueryError) as err:
        kq.load(tmp_path)
    assert err.value.path == str(tmp_path / "graph.trig")


# ---------------------------------------------------------------- CLI


def kg(*args: str):
    return runner.invoke(app, ["query", *args])


def test_cli_table(seeds_export):
    out = kg("summits", "--graph", str(seeds_export))
    assert out.exit_code == 0, out.output
    assert "2018-06-12" in out.stdout and "rows" in out.stdout


def test_cli_json_is_sparql_results_json(seeds_export, store):
    out = kg("summits", "--graph", str(seeds_export), "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data == run_example(store, "summits").to_json()
    assert data["head"]["vars"] == ["event", "label", "date", "end", "place"]


def test_cli_csv_from_a_query_file(seeds_export, store, tmp_path):
    rq = tmp_path / "letters.rq"
    rq.write_text(kq.example("letters"))
    out = kg(str(rq), "--graph", str(seeds_export), "-f", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["event"] for r in rows] == [r["event"] for r in run_example(store, "letters")]


def test_cli_inline_query_sees_named_graphs(seeds_export):
    out = kg("ASK { GRAPH ?g { ?e a dip:Refusal } }", "--graph", str(seeds_export / "graph.trig"))
    assert out.exit_code == 0, out.output
    assert out.stdout.strip() == "true"


def test_cli_construct_as_turtle(seeds_export):
    out = kg("CONSTRUCT { ?e a dip:Summit ; dip:date ?d } WHERE { ?e a dip:Summit ; dip:date ?d }",
             "--graph", str(seeds_export), "--format", "turtle")
    assert out.exit_code == 0, out.output
    graph = rdflib.Graph().parse(data=out.stdout, format="turtle")
    assert any(str(o) == "2018-06-12" for o in graph.objects())


def test_cli_list_names_every_example():
    out = kg("--list")
    assert out.exit_code == 0
    for name in EXAMPLES:
        assert name in out.stdout


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE { ?x foo:bar ?y }"], "undeclared prefix"),
    (["SELECT * WHERE { ?s ?p ?o "], "SPARQL syntax error"),
    (["DELETE WHERE { ?s ?p ?o }"], "read-only"),
    (["missing.rq"], "missing.rq: no such query file"),
    (["no-such-example"], "unknown example query"),
    (["summits", "--format", "xml"], "unknown output format"),
    (["summits", "--format", "turtle"], "needs a CONSTRUCT or DESCRIBE query"),
    ([], "no query given"),
])
def test_cli_errors_are_one_line_with_exit_code_2(seeds_export, args, message):
    out = kg(*args, "--graph", str(seeds_export))
    assert out.exit_code == 2
    assert out.stderr.startswith("Error: ") and out.stderr.count("\n") == 1, out.stderr
    assert message in out.stderr
    assert "Traceback" not in out.output


def test_cli_missing_graph_names_the_file(tmp_path):
    out = kg("summits", "--graph", str(tmp_path))
    assert out.exit_code == 2
    assert out.stderr.startswith(f"Error: {tmp_path / 'graph.trig'}: no built graph")
