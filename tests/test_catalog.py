"""Behaviour tests of the reference catalog (ontology/events.jsonl): a mention
as a reader states it — its type, the parties it names, a place, a date, an
ordinal ("their second summit") or a name ("the Panmunjom Declaration") — is
linked to the well-known event it denotes, and only to that one.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg import catalog as catalog_mod
from kg import gazetteer as gz
from kg.model import TimeValue

TRUMP, KIM, MOON = "donald-trump", "kim-jong-un", "moon-jae-in"


@pytest.fixture(scope="module")
def gaz():
    return gz.load()


@pytest.fixture(scope="module")
def catalog(gaz):
    return catalog_mod.load(gaz)


def mention(etype, parties=(), *, places=(), when=None, published="2020-01-01", text="", **kw):
    return dict(etype=etype, participants=set(parties), places=set(places),
                when=TimeValue.parse(when) if when else None, published=date.fromisoformat(published), text=text,
                **kw)


def link(catalog, m: dict) -> str | None:
    m = dict(m)
    ref = catalog.match(m.pop("etype"), **m)
    return ref.id if ref else None


@pytest.mark.parametrize("m, expected", [
    pytest.param(mention("Summit", (TRUMP, KIM), places=["hanoi"], text="the summit in Hanoi"),
                 "hanoi-summit-2019", id="summit-in-hanoi"),
    pytest.param(mention("Summit", (TRUMP, KIM), text="their first summit", ordinal=1),
                 "singapore-summit-2018", id="their-first-summit"),
    pytest.param(mention("Summit", (TRUMP, KIM), text="their second summit", ordinal=2),
                 "hanoi-summit-2019", id="their-second-summit"),
    pytest.param(mention("Summit", (TRUMP, KIM), text="their third meeting", ordinal=3),
                 "panmunjom-meeting-2019", id="their-third-meeting"),
    pytest.param(mention("Summit", (TRUMP, KIM), places=["singapore"], when="2018-06-12", published="2018-06-12",
                         text="met in Singapore on Tuesday"),
                 "singapore-summit-2018", id="singapore-the-state-holds-sentosa"),
    pytest.param(mention("Summit", (TRUMP, KIM), places=["panmunjom"], when="2019-06", published="2019-11-01",
                         text="met again at Panmunjom in June"),
                 "panmunjom-meeting-2019", id="panmunjom-in-june"),
    pytest.param(mention("Summit", ("vladimir-putin", KIM), published="2019-04-26", text="their first summit",
                         ordinal=1),
                 "vladivostok-summit-2019", id="putin-kim-first-summit"),
    pytest.param(mention("Summit", ("xi-jinping", KIM), places=["beijing"], when="2019-01", published="2019-01-10",
                         text="talks in Beijing"),
                 "kim-xi-beijing-2019-01", id="kim-xi-beijing-january"),
    pytest.param(mention("Summit", (MOON, KIM), places=["pyongyang"], published="2018-09-20",
                         text="the summit in Pyongyang"),
                 "pyongyang-summit-2018-09", id="inter-korean-summit-in-pyongyang"),
    pytest.param(mention("Meeting", ("mike-pompeo", KIM), places=["pyongyang"], when="2018-10-07",
                         published="2018-10-08", text="Pompeo met Kim in Pyongyang on Sunday"),
                 "pompeo-kim-pyongyang-2018-10", id="pompeo-fourth-visit"),
    pytest.param(mention("Meeting", ("united-states", "north-korea"), places=["stockholm"], published="2019-10-06",
                         text="working-level talks in Stockholm"),
                 "stockholm-talks-2019", id="stockholm-working-level-talks"),
    pytest.param(mention("Agreement", text="the Panmunjom Declaration"), "panmunjom-declaration-2018",
                 id="panmunjom-declaration-by-name"),
    pytest.param(mention("Letter", (TRUMP, KIM), when="2018-05-24", published="2018-05-25", text="a letter to Kim",
                         sender=TRUMP, recipient=KIM),
                 "trump-cancels-singapore-letter-2018", id="trump-letter-calling-off-singapore"),
    pytest.param(mention("LetterExchange", (TRUMP, KIM), published="2020-09-10", text="exchanged 27 letters"),
                 "trump-kim-letters-2018-2019", id="the-27-letters"),
    pytest.param(mention("MilitaryAction", ("north-korea",), when="2017-09-03", published="2017-09-04",
                         text="conducted its sixth nuclear test"),
                 "nuclear-test-2017-09", id="sixth-nuclear-test"),
    pytest.param(mention("Statement", (TRUMP,), published="2025-01-22", text='threatened "fire and fury"'),
                 "fire-and-fury-2017", id="fire-and-fury"),
    pytest.param(mention("Summit", (TRUMP, KIM), places=["vietnam"], published="2019-03-01",
                         text="their summit in Vietnam"),
                 "hanoi-summit-2019", id="summit-in-vietnam"),
    pytest.param(mention("Meeting", ("vladimir-putin",), places=["pyongyang"], when="2024-06-19",
                         published="2024-06-19", text="arrived in Pyongyang on Wednesday for his first visit in 24 years",
                         ordinal=1),
                 "putin-pyongyang-2024", id="a-first-visit-on-the-day-of-a-third-summit"),
    pytest.param(mention("Meeting", (TRUMP, KIM), when="2019", published="2025-03-15",
                         text="since their last encounter in 2019", latest=True),
                 "panmunjom-meeting-2019", id="their-last-encounter"),
    pytest.param(mention("Meeting", (TRUMP, KIM), when="2019", published="2019-04-01",
                         text="since their last encounter in 2019", latest=True),
                 "hanoi-summit-2019", id="their-last-encounter-as-of-april-2019"),
    pytest.param(mention("Summit", (KIM, "xi-jinping"), places=["china"], published="2019-03-01",
                         text="their summit in China"),
                 None, id="one-of-several-kim-xi-summits-in-china"),
])
def test_mention_links_to_the_known_event(catalog, m, expected):
    assert link(catalog, m) == expected


@pytest.mark.parametrize("m", [
    pytest.param(mention("Summit", (MOON, KIM), text="a fourth inter-Korean summit", ordinal=4),
                 id="no-fourth-inter-korean-summit"),
    pytest.param(mention("Letter", (TRUMP, KIM), when="2018-05-24", published="2018-05-25", text="a letter",
                         sender=KIM, recipient=TRUMP),
                 id="letter-in-the-other-direction"),
    pytest.param(mention("Summit", (TRUMP, KIM), places=["busan"], published="2025-10-30", text="meet Kim in Busan"),
                 id="trump-kim-in-busan-never-happened"),
    pytest.param(mention("Summit", (TRUMP, KIM), when="2020", published="2020-12-01", text="a summit"),
                 id="no-trump-kim-summit-in-2020"),
    pytest.param(mention("Summit", (TRUMP, KIM), places=["hanoi"], when="2018-06-12", published="2019-11-01",
                         text="the summit"),
                 id="hanoi-place-contradicts-singapore-date"),
    pytest.param(mention("MilitaryAction", ("north-korea",), when="2019-07-25", published="2019-07-26",
                         text="fired two short-range ballistic missiles"),
                 id="uncatalogued-launch"),
])
def test_mention_that_fits_no_known_event_stays_new(catalog, m):
    assert link(catalog, m) is None


def test_an_undated_summit_reported_as_news_links_to_the_one_just_held(catalog):
    m = mention("Summit", (TRUMP, KIM), published="2019-03-01", text="the summit", near=date(2019, 2, 28))
    assert link(catalog, m) == "hanoi-summit-2019"


# -- the catalog's own data -------------------------------------------------------------------
def test_every_catalogued_party_and_place_is_in_the_gazetteer(catalog, gaz):
    unknown = []
    for ev in catalog.events.values():
        for key in (*ev.participants, ev.sender, ev.recipient, ev.via):
            if key and (key not in gaz.entries or gaz.entries[key].kind != "actor"):
                unknown.append((ev.id, key))
        if ev.place and (ev.place not in gaz.entries or gaz.entries[ev.place].kind != "place"):
            unknown.append((ev.id, ev.place))
    assert not unknown


def test_series_ordinals_are_unique_and_in_date_order(catalog):
    series: dict[str, list] = {}
    for ev in catalog.events.values():
        if ev.ordinal:
            series.setdefault(ev.ordinal[0], []).append((ev.ordinal[1], ev.date.value, ev.id))
    for name, items in series.items():
        numbers = [n for n, _, _ in items]
        assert len(numbers) == len(set(numbers)), f"{name}: ordinal used twice"
        assert sorted(items) == sorted(items, key=lambda i: i[1]), f"{name}: ordinals out of date order"


@pytest.mark.parametrize("event_id, date_, end", [
    ("singapore-summit-2018", "2018-06-12", None),
    ("hanoi-summit-2019", "2019-02-27", "2019-02-28"),
    ("panmunjom-meeting-2019", "2019-06-30", None),
    ("stockholm-talks-2019", "2019-10-05", None),
    ("pyongyang-summit-2018-09", "2018-09-18", "2018-09-20"),
])
def test_known_dates(catalog, event_id, date_, end):
    ev = catalog.events[event_id]
    assert ev.date.iso() == date_
    assert (ev.end.iso() if ev.end else None) == end
