"""Stage 6, validate: graphs that break ontology/shapes.ttl are refused with a
readable report (pySHACL style: inline Turtle, one case per broken rule), and
the CLI maps a broken graph to exit code 1 without writing any export."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ValidationError
from kg.graph import DIP
from kg.validate import MAX_LISTED, Report, validate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EVENT = "https://w3id.org/kg-diplo/id/event/singapore-summit"

PREFIXES = """\
@prefix dip: <https://w3id.org/kg-diplo/ontology#> .
@prefix id: <https://w3id.org/kg-diplo/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CONTEXT = """\
<https://w3id.org/kg-diplo/id/doc/d1> a dip:Document ; schema:identifier "d1" ;
    schema:datePublished "2018-06-13"^^xsd:date .
<https://w3id.org/kg-diplo/id/actor/donald-trump> a dip:Actor ; rdfs:label "Donald Trump" ;
    dip:mentionedIn <https://w3id.org/kg-diplo/id/doc/d1> .
<https://w3id.org/kg-diplo/id/actor/kim-jong-un> a dip:Actor ; rdfs:label "Kim Jong-un" ;
    dip:mentionedIn <https://w3id.org/kg-diplo/id/doc/d1> .
<https://w3id.org/kg-diplo/id/place/singapore> a dip:Place ; rdfs:label "Singapore" .
<https://w3id.org/kg-diplo/id/mention/d1/0-60> a dip:Mention ;
    dip:document <https://w3id.org/kg-diplo/id/doc/d1> ;
    dip:evidence "Trump met Kim Jong-un in Singapore on June 12, 2018." ;
    dip:start 0 ; dip:end 60 ; dip:modality "asserted" .
"""
# One line per property, so a case can drop or replace exactly one of them.
EVENT_LINES = {
    "type": "a dip:Event, dip:Summit",
    "label": 'rdfs:label "Singapore summit"',
    "participant": "dip:participant <https://w3id.org/kg-diplo/id/actor/donald-trump>, "
                   "<https://w3id.org/kg-diplo/id/actor/kim-jong-un>",
    "source": "prov:wasDerivedFrom <https://w3id.org/kg-diplo/id/doc/d1>",
    "mention": "dip:mention <https://w3id.org/kg-diplo/id/mention/d1/0-60>",
    "status": 'dip:status "occurred"',
    "date": 'dip:date "2018-06-12"^^xsd:date',
    "precision": 'dip:precision "day"',
    "place": "dip:place <https://w3id.org/kg-diplo/id/place/singapore>",
}


def turtle(**changes: str | None) -> str:
    """The conforming graph, with each named event line replaced (None drops it)."""
    lines = {**EVENT_LINES, **changes}
    body = " ;\n    ".join(v for v in lines.values() if v)
    return f"{PREFIXES}{CONTEXT}<{EVENT}> {body} .\n"


def graph(**changes: str | None) -> Graph:
    return Graph().parse(data=turtle(**changes), format="turtle")


def test_conforming_graph_passes():
    report = validate(graph())
    assert isinstance(report, Report) and report.conforms
    assert str(report).startswith("SHACL: ") and "conform" in str(report)


def test_undated_event_conforms():
    assert validate(graph(date=None, precision="dip:undated true")).conforms


# case -> (changes, the path the report names, a fragment of the message)
BROKEN = {
    "no participant": ({"participant": None}, "dip:participant", "at least one participant"),
    "participant not an actor": ({"participant": "dip:participant <https://w3id.org/kg-diplo/id/place/singapore>"},
                                 "dip:participant", "participant that is an Actor"),
    "no source": ({"source": None}, "prov:wasDerivedFrom", "source document"),
    "no date, not undated": ({"date": None}, "", "needs exactly one of: dip:date, dip:undated true"),
    "date and undated": ({"precision": "dip:undated true"}, "", "needs exactly one of"),
    "bad status": ({"status": 'dip:status "rumoured"'}, "dip:status", 'value: "rumoured"'),
    "two statuses": ({"status": 'dip:status "occurred", "planned"'}, "dip:status", "Status is one of"),
    "plain string date": ({"date": 'dip:date "2018-06-12"'}, "dip:date", "xsd:date, xsd:gYearMonth or xsd:gYear"),
    "datetime date": ({"date": 'dip:date "2018-06-12T10:00:00"^^xsd:dateTime'}, "dip:date", "xsd:gYear"),
    "no label": ({"label": None}, "rdfs:label", "exactly one label"),
    "no mention": ({"mention": None}, "dip:mention", "mention carrying its evidence"),
    "bad precision": ({"precision": 'dip:precision "week"'}, "dip:precision", ""),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_graph_raises_a_readable_report(case):
    changes, path, fragment = BROKEN[case]
    with pytest.raises(ValidationError) as info:
        validate(graph(**changes))
    err = info.value
    assert err.exit_code == 1
    assert str(err).startswith("ontology/shapes.ttl: the graph breaks the SHACL shapes")
    lines = err.report.splitlines()
    assert lines[0].startswith("SHACL: ") and "violation" in lines[0]
    hits = [line for line in lines[1:] if line.startswith(f"  - <{EVENT}>{' ' + path if path else ''}:")]
    assert hits, err.report
    assert any(fragment in line for line in hits), err.report
    assert "Literal(" not in err.report and "sh:minCount" not in err.report  # no pySHACL internals


def test_report_is_returned_when_not_raising():
    report = validate(graph(participant=None), raise_on_error=False)
    assert not report.conforms
    assert len(report.lines) == 1 and report.lines[0].startswith(f"<{EVENT}> dip:participant:")


def test_broken_mention_is_named_once_per_problem():
    mention = URIRef("https://w3id.org/kg-diplo/id/mention/d1/0-60")
    g = graph()
    g.remove((mention, DIP.evidence, None))
    g.set((mention, DIP.start, Literal(-1)))
    report = validate(g, raise_on_error=False)
    assert f"<{mention}> dip:evidence: needs at least 1 value(s)" in report.lines
    assert f'<{mention}> dip:start: must be at least 0 (value: "-1"^^xsd:integer)' in report.lines
    assert len(set(report.lines)) == len(report.lines), "a node reached through sh:node is listed twice"


def test_long_reports_are_cut():
    g = graph()
    for n in range(MAX_LISTED + 5):
        g.add((URIRef(f"{EVENT}-{n:02d}"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), DIP.Event))
    report = validate(g, raise_on_error=False)
    shown = str(report).splitlines()
    assert len(report.lines) > MAX_LISTED
    assert len(shown) == 1 + MAX_LISTED + 1 and shown[-1].startswith("  - … and ")


def test_seeds_build_conforms(seeds_result):
    assert seeds_result.report.conforms, str(seeds_result.report)


# -- CLI: a graph that breaks the shapes exits 1 and writes nothing -------------------


@pytest.fixture
def broken_graph_stage(monkeypatch):
    """The graph stage drops every participant, as a buggy change to kg/graph.py would."""
    import kg.graph

    real = kg.graph.to_graph

    def to_graph(corpus):
        ds = real(corpus)
        ds.default_graph.remove((None, DIP.participant, None))
        return ds

    monkeypatch.setattr(kg.graph, "to_graph", to_graph)


def test_cli_build_exits_1_on_a_shapes_violation(broken_graph_stage, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ontology/shapes.ttl: the graph breaks the SHACL shapes (")
    assert lines[0].endswith("violation(s)) [E300]")
    assert lines[1].startswith("SHACL: ")
    assert all(line.startswith("  - ") for line in lines[2:])
    assert any("dip:participant: An event needs at least one participant" in line for line in lines)
    assert not out.exists(), "no export may be written for a graph that breaks the shapes"


def test_cli_validate_exits_1_on_a_shapes_violation(broken_graph_stage):
    result = CliRunner().invoke(app, ["validate", str(SEEDS)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ontology/shapes.ttl: the graph breaks the SHACL shapes")


def test_cli_validate_passes_on_the_seeds():
    result = CliRunner().invoke(app, ["validate", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("SHACL: ") and "conform" in result.stdout
