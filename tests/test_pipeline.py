"""The seeds build as a whole: the headline facts of the story, each one node
with its sources, through the public `kg.build` API."""

from __future__ import annotations

import pytest


def _one(result, **want):
    found = [e for e in result.events if all(getattr(e, k) == v for k, v in want.items())]
    assert len(found) == 1, (want, [(e.id, e.type) for e in result.events])
    return found[0]


@pytest.mark.parametrize("catalog, date, docs", [
    ("singapore-summit-2018", "2018-06-12", {"000_3be4a1d4f6dc339a", "002_329c1710e361272a"}),
    ("hanoi-summit-2019", "2019-02-27", {"000_3be4a1d4f6dc339a"}),
    ("panmunjom-meeting-2019", "2019-06-30", {"000_3be4a1d4f6dc339a"}),
    ("trump-kim-letters-2018-2019", "2018", {"000_3be4a1d4f6dc339a", "002_329c1710e361272a"}),
])
def test_known_events_are_single_nodes_with_every_source(seeds_result, catalog, date, docs):
    event = _one(seeds_result, catalog=catalog)
    assert event.date.iso() == date
    assert {"donald-trump", "kim-jong-un"} <= set(event.participants)
    assert {s.doc for s in event.sources} == docs


def test_the_27_letters_carry_their_count(seeds_result):
    assert _one(seeds_result, catalog="trump-kim-letters-2018-2019").count == 27


def test_the_2025_letter_and_its_refusal_through_the_new_york_channel(seeds_result):
    letters = [e for e in seeds_result.events if e.type == "Letter" and e.date and e.date.iso().startswith("2025")]
    assert len(letters) == 1
    letter = letters[0]
    assert (letter.sender, letter.recipient) == ("donald-trump", "kim-jong-un")
    assert letter.channel == "new-york-channel"
    assert {s.doc for s in letter.sources} == {"000_3be4a1d4f6dc339a", "002_329c1710e361272a"}
    refusal = _one(seeds_result, type="Refusal")
    assert refusal.about == letter.id and refusal.channel == "new-york-channel"
    assert "north-korea" in refusal.participants
    assert {s.doc for s in refusal.sources} == {"000_3be4a1d4f6dc339a", "002_329c1710e361272a"}
    assert {s.attribution for s in refusal.sources} == {"NK News"}


def test_relative_dates_resolve_against_publication(seeds_result):
    dates = {e.date.iso() for e in seeds_result.events if e.type == "Statement" and e.participants == ("donald-trump",)}
    assert {"2025-01-20", "2025-01-23"} <= dates  # "On his Inauguration Day" and "three days later"


def test_sources_that_disagree_are_kept_and_marked(seeds_result):
    statement = next(e for e in seeds_result.events if e.participants == ("white-house",))
    assert {s.modality for s in statement.sources} == {"no_response", "not_denied"}
    assert statement.conflicts


def test_outlets_are_sources_not_actors(seeds_result):
    ids = {a.id for a in seeds_result.actors}
    assert "nk-news" not in ids and "joongang-ilbo" not in ids
    assert {"donald-trump", "kim-jong-un", "north-korea", "united-states", "white-house"} <= ids


def test_summary_counts_what_was_built(seeds_result):
    s = seeds_result.summary()
    assert s["documents"] == 2
    assert s["events"] == len(seeds_result.events)
    assert sum(s["events_by_type"].values()) == s["events"]
    assert seeds_result.report.conforms
