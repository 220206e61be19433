"""events.json, the timeline contract of DESIGN.md: the fields it promises, ids
that point at each other, and the same events as the RDF graph."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import RDF

from kg.export import get
from kg.graph import DIP, iri
from kg.model import EVENT_TYPES, MODALITIES, STATUSES

DOCUMENT_KEYS = {"id", "title", "outlet", "published", "url"}
ACTOR_KEYS = {"id", "label", "type", "wikidata", "aliases", "docs"}
EVENT_KEYS = {"id", "type", "label", "date", "end", "precision", "participants", "sender", "recipient", "place",
              "channel", "status", "sources"}
SOURCE_KEYS = {"doc", "start", "end", "evidence", "attribution", "modality"}
DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


@pytest.fixture(scope="module")
def timeline(seeds_result, tmp_path_factory) -> dict:
    writer, filename = get("events")
    dest = tmp_path_factory.mktemp("events") / filename
    writer(seeds_result, dest)
    return json.loads(dest.read_text(encoding="utf-8"))


def test_contract_fields(timeline):
    assert {"documents", "actors", "events"} <= timeline.keys()
    assert all(DOCUMENT_KEYS <= d.keys() for d in timeline["documents"])
    assert all(ACTOR_KEYS <= a.keys() for a in timeline["actors"])
    assert timeline["events"]
    for e in timeline["events"]:
        assert EVENT_KEYS <= e.keys(), e["id"]
        assert e["type"] in EVENT_TYPES and e["status"] in STATUSES
        assert e["sources"] and all(SOURCE_KEYS <= s.keys() and s["modality"] in MODALITIES for s in e["sources"])
        if e["date"] is None:
            assert e["precision"] is None
        else:
            assert re.fullmatch(DATE[e["precision"]], e["date"]), e


def test_ids_point_at_each_other(timeline, seeds_result):
    docs = {d["id"] for d in timeline["documents"]}
    actors = {a["id"] for a in timeline["actors"]}
    assert docs == {d.id for d in seeds_result.documents}
    texts = {d.id: d.text for d in seeds_result.documents}
    for e in timeline["events"]:
        assert set(e["participants"]) <= actors, e["id"]
        assert {e["sender"], e["recipient"]} - {None} <= actors, e["id"]
        for s in e["sources"]:
            assert s["doc"] in docs
            assert 0 <= s["start"] < s["end"] <= len(texts[s["doc"]])
    for a in timeline["actors"]:
        assert set(a["docs"]) <= docs


def test_same_events_as_the_graph(timeline, seeds_result):
    g = seeds_result.dataset.default_graph
    in_graph = set(g.subjects(RDF.type, DIP.Event))
    assert {iri("event", e["id"]) for e in timeline["events"]} == in_graph


def test_events_are_in_date_order_undated_last(timeline):
    keys = [(e["date"] is None, e["date"] or "") for e in timeline["events"]]
    assert keys == sorted(keys)
