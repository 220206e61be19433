"""Behaviour tests of the gazetteer (ontology/gazetteer.jsonl): the names
news copy uses for the actors, outlets, places and channels of Korean
diplomacy, and who held an office on a given day ("the North Korean leader",
"the U.S. president" in a 2019 article and in a 2022 one).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from kg import gazetteer as gz


@pytest.fixture(scope="module")
def gaz():
    return gz.load()


@pytest.mark.parametrize("name, kind, expected", [
    ("Pyongyang", "actor", "north-korea"),
    ("the North", "actor", "north-korea"),
    ("DPRK", "actor", "north-korea"),
    ("N. Korea", "actor", "north-korea"),
    ("Washington", "actor", "united-states"),
    ("U.S.", "actor", "united-states"),
    ("Seoul", "actor", "south-korea"),
    ("the Kremlin", "actor", "russia"),
    ("Kim Jong Un", "actor", "kim-jong-un"),
    ("Kim Jong-un", "actor", "kim-jong-un"),
    ("Chairman Kim", "actor", "kim-jong-un"),
    ("Moon Jae-in", "actor", "moon-jae-in"),
    ("Kim Yo Jong", "actor", "kim-yo-jong"),
    ("Choe Son Hui", "actor", "choe-son-hui"),
    ("Steve Biegun", "actor", "stephen-biegun"),
    ("Blue House", "actor", "cheong-wa-dae"),
    ("State Department", "actor", "us-state-department"),
    ("Yonhap", "outlet", "yonhap"),
    ("NK News", "outlet", "nk-news"),
    ("Kyodo News", "outlet", "kyodo"),
    ("Pyongyang", "place", "pyongyang"),
    ("Washington", "place", "washington"),
    ("Sentosa", "place", "sentosa"),
    ("DMZ", "place", "panmunjom"),
    ("Joint Security Area", "place", "panmunjom"),
    ("New York channel", "channel", "new-york-channel"),
    ("Truth Social", "channel", "truth-social"),
    ("North Korean leader", "office", "nk-leader"),
])
def test_name_in_the_news_finds_its_entry(gaz, name, kind, expected):
    entry = gaz.lookup(name, kind)
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize("name", ["Yonhap", "NK News", "Reuters", "Kyodo", "NHK"])
def test_news_outlets_are_not_actors(gaz, name):
    assert gaz.lookup(name, "actor") is None
    assert gaz.lookup(name).kind == "outlet"


@pytest.mark.parametrize("office, day, holder", [
    ("us-president", "2017-01-19", "barack-obama"),
    ("us-president", "2019-06-30", "donald-trump"),
    ("us-president", "2022-01-01", "joe-biden"),
    ("us-president", "2025-06-11", "donald-trump"),
    ("sk-president", "2018-04-27", "moon-jae-in"),
    ("sk-president", "2023-01-01", "yoon-suk-yeol"),
    ("sk-president", "2025-06-11", "lee-jae-myung"),
    ("nk-leader", "2019-01-01", "kim-jong-un"),
    ("us-secretary-of-state", "2018-03-01", "rex-tillerson"),
    ("us-secretary-of-state", "2018-07-06", "mike-pompeo"),
    ("us-secretary-of-state", "2025-03-01", "marco-rubio"),
    ("nk-foreign-minister", "2019-03-01", "ri-yong-ho"),
    ("nk-foreign-minister", "2023-01-01", "choe-son-hui"),
    ("japanese-pm", "2019-05-06", "shinzo-abe"),
])
def test_who_held_the_office_that_day(gaz, office, day, holder):
    entry = gaz.holder(office, date.fromisoformat(day))
    assert entry is not None and entry.id == holder


def test_no_office_has_two_holders_at_once(gaz):
    terms = defaultdict(list)
    for e in gaz.entries.values():
        for office, start, end in e.get("offices", []):
            terms[office].append((date.fromisoformat(start), date.fromisoformat(end) if end else date.max, e.id))
    overlaps = []
    for office, spans in terms.items():
        spans.sort()
        for (s1, e1, a), (s2, e2, b) in zip(spans, spans[1:]):
            if s2 < e1:
                overlaps.append((office, a, b))
    assert not overlaps


def test_every_wikidata_id_is_well_formed_and_unique(gaz):
    qids = [e.wikidata for e in gaz.entries.values() if e.wikidata]
    assert all(q.startswith("Q") and q[1:].isdigit() for q in qids)
    assert len(qids) == len(set(qids))


@pytest.mark.parametrize("text, name", [
    ("talks with the People’s Republic of China", "People’s Republic of China"),
    ("talks with the People's Republic of China", "People's Republic of China"),
])
def test_the_entity_ruler_reads_typographic_apostrophes(gaz, text, name):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(gaz.ruler_patterns())
    assert name in [e.text for e in nlp(text).ents]
