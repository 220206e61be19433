"""Behaviour tests of the RDF graph a user queries: one named graph per
article with the facts as that article states them, the merged default graph
with provenance, dates typed at their precision, outlets as publishers (not
actors), and disagreements visible to SPARQL.
"""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal
from rdflib.namespace import OWL, PROV, RDF

from kg import build
from kg.graph import DIP, SCHEMA, WD, doc_graph_iri, iri

ARTICLES = {
    "set-for-june": ("2018-05-11", "Reuters", """\
U.S. President Donald Trump said on Thursday his summit with North Korean leader Kim Jong Un is set for June 12 \
in Singapore."""),
    "summit-held": ("2018-06-12", "Yonhap", """\
Trump and Kim Jong-un held their first summit in Singapore on Tuesday."""),
    "birthday-letter": ("2019-07-05", "The Korea Times", """\
Kim Jong-un sent a birthday letter to Trump last month, shortly before the two leaders met at the inter-Korean \
border."""),
    "letters-book": ("2020-09-10", "The Korea Times", """\
Trump and Kim exchanged 27 letters between 2018 and 2019, according to a new book by journalist Bob Woodward."""),
    "declined": ("2025-06-11", "NK News", """\
North Korean diplomats in New York refused to accept a letter from President Donald Trump, NK News reported on \
Wednesday. The White House declined to comment on the report."""),
    "not-denied": ("2025-06-12", "Korea JoongAng Daily", """\
The White House did not deny the report that North Korean diplomats had rejected Trump's letter."""),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("graph-articles")
    for stem, (published, outlet, text) in ARTICLES.items():
        front = f"---\ntitle: {stem}\noutlet: {outlet}\npublished: {published}\n---\n"
        (folder / f"{stem}.txt").write_text(front + text + "\n", encoding="utf-8")
    return build([folder])


@pytest.fixture(scope="module")
def merged(result):
    ds = result.dataset
    return ds.default_graph if hasattr(ds, "default_graph") else ds.default_context


def event(result, **want):
    for e in result.events:
        if all(getattr(e, k) == v for k, v in want.items()):
            return e
    pytest.fail(f"no event with {want}: {[e.id for e in result.events]}")


def test_the_build_conforms_to_the_shapes(result):
    assert result.report.conforms, result.report


def test_one_named_graph_per_article(result):
    names = {g.identifier for g in result.dataset.graphs()}
    assert {doc_graph_iri(stem) for stem in ARTICLES} <= names


@pytest.mark.parametrize("want, literal", [
    ({"catalog": "singapore-summit-2018"}, Literal("2018-06-12", datatype=XSD.date)),
    ({"type": "Letter", "sender": "kim-jong-un"}, Literal("2019-06", datatype=XSD.gYearMonth)),
    ({"catalog": "trump-kim-letters-2018-2019"}, Literal("2018", datatype=XSD.gYear)),
])
def test_dates_are_typed_at_their_precision(result, merged, want, literal):
    e = event(result, **want)
    assert (iri("event", e.id), DIP.date, literal) in merged


def test_a_letter_points_to_its_sender_and_recipient(result, merged):
    e = event(result, type="Letter", sender="kim-jong-un")
    s = iri("event", e.id)
    assert (s, RDF.type, DIP.Letter) in merged
    assert (s, DIP.sender, iri("actor", "kim-jong-un")) in merged
    assert (s, DIP.recipient, iri("actor", "donald-trump")) in merged


def test_actors_are_typed_and_linked_to_wikidata(merged):
    trump = iri("actor", "donald-trump")
    assert (trump, RDF.type, DIP.Person) in merged
    assert (trump, OWL.sameAs, WD.Q22686) in merged
    assert (iri("actor", "north-korea"), RDF.type, DIP.State) in merged


def test_outlets_publish_documents_and_are_not_actors(merged):
    doc = iri("doc", "declined")
    outlets = list(merged.objects(doc, SCHEMA.publisher))
    assert len(outlets) == 1
    assert (outlets[0], RDF.type, DIP.Outlet) in merged
    assert (outlets[0], RDF.type, DIP.Actor) not in merged
    assert (iri("actor", "nk-news"), RDF.type, DIP.Actor) not in merged


def test_a_merged_event_derives_from_every_article_and_each_keeps_its_account(result, merged):
    e = event(result, catalog="singapore-summit-2018")
    s = iri("event", e.id)
    assert {iri("doc", "set-for-june"), iri("doc", "summit-held")} <= set(merged.objects(s, PROV.wasDerivedFrom))
    assert (s, DIP.status, Literal("occurred")) in merged
    planned = result.dataset.graph(doc_graph_iri("set-for-june"))
    held = result.dataset.graph(doc_graph_iri("summit-held"))
    assert (s, DIP.status, Literal("planned")) in planned
    assert (s, DIP.status, Literal("occurred")) in held


def test_evidence_points_into_the_article_text(result, merged):
    texts = {d.id: d.text for d in result.documents}
    mentions = list(merged.subjects(RDF.type, DIP.Mention))
    assert mentions
    for m in mentions:
        doc = str(merged.value(m, DIP.document)).rsplit("/", 1)[1]
        start, end = int(merged.value(m, DIP.start)), int(merged.value(m, DIP.end))
        assert texts[doc][start:end] == str(merged.value(m, DIP.evidence))


def test_a_disagreement_is_queryable(result, merged):
    """NK News: the White House declined to comment; JoongAng: it did not deny."""
    rows = list(merged.query("""
        SELECT ?e ?note WHERE { ?e dip:hasConflict true ; dip:conflict ?note ; a dip:Statement . }""",
                             initNs={"dip": DIP}))
    assert rows, [e.id for e in result.events]
    modalities = set(merged.query("""
        SELECT ?m WHERE { ?e dip:hasConflict true ; dip:mention/dip:modality ?m . }""", initNs={"dip": DIP}))
    assert {str(r[0]) for r in modalities} >= {"declined_to_comment", "not_denied"}


def test_the_count_of_letters_is_kept(result, merged):
    e = event(result, catalog="trump-kim-letters-2018-2019")
    assert (iri("event", e.id), DIP["count"], Literal(27)) in merged
