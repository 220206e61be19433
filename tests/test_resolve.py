"""Behaviour tests of cross-document resolution: several outlets report the
same real events in their own words, and the built graph must hold one
canonical event per real event, with every source kept, and keep apart what
the sources say differently.

All articles below are built together once (`kg.build` on one folder), the way
a user drops a week of clippings into a folder.
"""

from __future__ import annotations

import pytest

from kg import build

TRUMP, KIM, MOON = "donald-trump", "kim-jong-un", "moon-jae-in"

# file stem: (published, outlet, text)
ARTICLES: dict[str, tuple[str, str, str]] = {
    "sg-set-reuters": ("2018-05-11", "Reuters", """\
U.S. President Donald Trump said on Thursday that his meeting with North Korean leader Kim Jong Un will take \
place in Singapore on June 12."""),
    "sg-off-wapo": ("2018-05-25", "The Washington Post", """\
President Trump on Thursday abruptly called off his June 12 summit in Singapore with Kim Jong Un, blaming the \
"open hostility" of a recent North Korean statement."""),
    "sg-held-yonhap": ("2018-06-12", "Yonhap", """\
Trump and Kim Jong-un shook hands and held their first-ever summit in Singapore on Tuesday, the first meeting \
between a sitting U.S. president and a North Korean leader."""),
    "hanoi-ap": ("2019-02-28", "Associated Press", """\
President Donald Trump's second summit with North Korea's Kim Jong Un collapsed in Hanoi on Thursday after the \
two leaders failed to reach a deal on sanctions relief."""),
    "hanoi-kcna": ("2019-03-01", "KCNA Watch", """\
Kim Jong Un and Donald Trump held talks in Hanoi on February 27 and 28, the Korean Central News Agency said on \
Friday, describing the second DPRK-U.S. summit as a "productive" meeting."""),
    "letter-moon-yonhap": ("2018-12-31", "Yonhap", """\
North Korean leader Kim Jong-un sent a letter to President Moon Jae-in on Sunday, saying he hopes to meet Moon \
often in the new year, Cheong Wa Dae said."""),
    "letter-moon-times": ("2018-12-31", "The Korea Times", """\
Kim Jong-un has sent a personal letter to Moon Jae-in, the presidential office said Sunday, in which the North \
Korean leader expressed regret that he had not been able to visit Seoul this year."""),
    "call-kyodo": ("2019-05-07", "Kyodo News", """\
Prime Minister Shinzo Abe and U.S. President Donald Trump held a telephone conversation on Monday about North \
Korea's latest launch of projectiles, the Japanese government said."""),
    "call-nhk": ("2019-05-07", "NHK", """\
Abe and Trump spoke by phone on Monday and confirmed that Tokyo and Washington would coordinate closely on North \
Korea."""),
    "letter-to-trump": ("2019-06-12", "Reuters", """\
Trump said on Tuesday that he had received a "beautiful letter" from Kim Jong Un."""),
    "letter-to-kim": ("2019-06-23", "Yonhap", """\
Kim Jong-un has received a personal letter from Trump and praised its "excellent content," KCNA said on \
Sunday."""),
    "launch-may": ("2019-05-05", "Yonhap", """\
North Korea fired a barrage of short-range projectiles into the East Sea on Saturday, the Joint Chiefs of Staff \
said."""),
    "launch-july": ("2019-07-26", "Yonhap", """\
North Korea fired two short-range ballistic missiles into the East Sea on Thursday, the Joint Chiefs of Staff \
said."""),
    "refused-nknews": ("2025-06-11", "NK News", """\
North Korean diplomats in New York refused to accept a letter that U.S. officials tried to deliver from \
President Donald Trump to Kim Jong Un, NK News reported on Wednesday.

The White House declined to comment on the report."""),
    "refused-joongang": ("2025-06-12", "Korea JoongAng Daily", """\
North Korean diplomats rejected a letter from Trump addressed to Kim Jong-un, according to NK News.

The White House did not deny the report, saying Trump remains open to dialogue with Kim."""),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clippings")
    for stem, (published, outlet, text) in ARTICLES.items():
        front = f"---\ntitle: {stem}\noutlet: {outlet}\npublished: {published}\n---\n"
        (folder / f"{stem}.txt").write_text(front + text + "\n", encoding="utf-8")
    return build([folder])


def docs_of(event) -> set[str]:
    return {s.doc for s in event.sources}


def show(result) -> str:
    return "\n".join(f"  {e.id} {e.type} {list(e.participants)} s={e.sender} r={e.recipient} "
                     f"date={e.date.iso() if e.date else None} status={e.status} docs={sorted(docs_of(e))} "
                     f"conflicts={list(e.conflicts)}" for e in result.events)


def events_with(result, type_: str, *docs: str, **fields):
    out = []
    for e in result.events:
        if e.type != type_ or not set(docs) <= docs_of(e):
            continue
        if all(getattr(e, k) == v for k, v in fields.items()):
            out.append(e)
    return out


# -- one real event, one node ------------------------------------------------------------------
@pytest.mark.parametrize("type_, docs, fields", [
    pytest.param("Summit", ("sg-set-reuters", "sg-off-wapo", "sg-held-yonhap"),
                 {"catalog": "singapore-summit-2018"}, id="singapore-planned-cancelled-held"),
    pytest.param("Summit", ("hanoi-ap", "hanoi-kcna"), {"catalog": "hanoi-summit-2019"}, id="hanoi-two-outlets"),
    pytest.param("Letter", ("letter-moon-yonhap", "letter-moon-times"), {"sender": KIM, "recipient": MOON},
                 id="kim-letter-to-moon"),
    pytest.param("Call", ("call-kyodo", "call-nhk"), {}, id="abe-trump-call"),
    pytest.param("Refusal", ("refused-nknews", "refused-joongang"), {}, id="refusal-of-the-2025-letter"),
    pytest.param("Letter", ("refused-nknews", "refused-joongang"), {"sender": TRUMP, "recipient": KIM},
                 id="the-refused-2025-letter"),
])
def test_one_event_with_a_source_from_each_article(corpus, type_, docs, fields):
    found = events_with(corpus, type_, *docs, **fields)
    assert len(found) == 1, f"want one {type_} {fields} supported by {docs}\n" + show(corpus)


def test_merged_event_keeps_the_catalog_date_and_end(corpus):
    (hanoi,) = events_with(corpus, "Summit", "hanoi-ap", catalog="hanoi-summit-2019")
    assert hanoi.date.iso() == "2019-02-27"
    assert hanoi.end is not None and hanoi.end.iso() == "2019-02-28"
    assert set(hanoi.participants) >= {TRUMP, KIM}
    assert hanoi.place == "hanoi"


def test_status_follows_the_latest_report_and_each_source_keeps_its_own(corpus):
    (summit,) = events_with(corpus, "Summit", "sg-held-yonhap", catalog="singapore-summit-2018")
    assert summit.status == "occurred"
    stated = {s.doc: s.status for s in summit.sources}
    assert stated["sg-set-reuters"] == "planned"
    assert stated["sg-off-wapo"] == "cancelled"
    assert stated["sg-held-yonhap"] == "occurred"


def test_each_source_keeps_its_evidence_sentence(corpus):
    (summit,) = events_with(corpus, "Summit", "hanoi-kcna", catalog="hanoi-summit-2019")
    by_doc = {s.doc: s for s in summit.sources}
    for doc in ("hanoi-ap", "hanoi-kcna"):
        text = next(d.text for d in corpus.documents if d.id == doc)
        src = by_doc[doc]
        assert text[src.start:src.end] == src.evidence
        assert "Hanoi" in src.evidence


# -- different events stay apart ----------------------------------------------------------------
def test_letters_in_opposite_directions_stay_apart(corpus):
    to_trump = events_with(corpus, "Letter", "letter-to-trump", sender=KIM, recipient=TRUMP)
    to_kim = events_with(corpus, "Letter", "letter-to-kim", sender=TRUMP, recipient=KIM)
    assert to_trump and to_kim, show(corpus)
    assert not {e.id for e in to_trump} & {e.id for e in to_kim}


def test_launches_on_different_days_stay_apart(corpus):
    may = events_with(corpus, "MilitaryAction", "launch-may")
    july = events_with(corpus, "MilitaryAction", "launch-july")
    assert [e.date.iso() for e in may] == ["2019-05-04"], show(corpus)
    assert [e.date.iso() for e in july] == ["2019-07-25"], show(corpus)


def test_unrelated_summits_stay_apart(corpus):
    singapore = events_with(corpus, "Summit", "sg-held-yonhap", catalog="singapore-summit-2018")
    hanoi = events_with(corpus, "Summit", "hanoi-ap", catalog="hanoi-summit-2019")
    assert singapore and hanoi and singapore[0].id != hanoi[0].id
    assert not docs_of(singapore[0]) & {"hanoi-ap", "hanoi-kcna"}


# -- disagreement is kept and marked ----------------------------------------------------------
def test_sources_that_disagree_are_both_kept_and_marked(corpus):
    """NK News: the White House declined to comment; JoongAng: it did not deny the report."""
    found = events_with(corpus, "Statement", "refused-nknews", "refused-joongang")
    assert len(found) == 1, show(corpus)
    (event,) = found
    modality = {s.doc: s.modality for s in event.sources}
    assert modality == {"refused-nknews": "declined_to_comment", "refused-joongang": "not_denied"}
    assert event.conflicts, "the two accounts of the White House's response are not marked as a conflict"
    assert any("refused-nknews" in note and "refused-joongang" in note for note in event.conflicts)


def test_agreeing_sources_carry_no_conflict(corpus):
    """AP dates the collapse to the second day; KCNA gives both days of the summit."""
    (hanoi,) = events_with(corpus, "Summit", "hanoi-ap", catalog="hanoi-summit-2019")
    assert hanoi.conflicts == ()


# -- actors across articles ------------------------------------------------------------------------
def test_one_actor_across_spellings_and_articles(corpus):
    actors = {a.id: a for a in corpus.actors}
    kim = actors[KIM]
    assert {"hanoi-ap", "letter-moon-yonhap", "refused-joongang"} <= set(kim.docs)
    assert "Kim Jong Un" in (kim.label, *kim.aliases)
    assert kim.wikidata == "Q56226"
    assert not [a for a in actors if a.startswith("kim-jong") and a != KIM]


@pytest.mark.parametrize("outlet", ["nk-news", "yonhap", "reuters", "kyodo", "nhk", "associated-press"])
def test_outlets_are_sources_not_actors(corpus, outlet):
    assert outlet not in {a.id for a in corpus.actors}
    assert all(outlet not in e.participants for e in corpus.events)


def test_attribution_names_the_outlet_cited(corpus):
    (refusal,) = events_with(corpus, "Refusal", "refused-joongang")
    src = next(s for s in refusal.sources if s.doc == "refused-joongang")
    assert src.modality == "reported"
    assert src.attribution and "NK News" in src.attribution


def test_syndicated_copies_are_one_event(tmp_path):
    """The same wire sentence in two outlets is one statement with two sources."""
    from kg import build

    text = ("North Korean leader Kim Jong Un said on Tuesday he was ready to meet U.S. President Donald Trump "
            "again at any time.")
    for name, outlet in (("wire-a", "Outlet A"), ("wire-b", "Outlet B")):
        (tmp_path / f"{name}.txt").write_text(f"---\ntitle: t\noutlet: {outlet}\npublished: 2019-01-02\n---\n{text}\n")
    statements = [e for e in build([tmp_path]).events if e.type == "Statement"]
    assert len(statements) == 1, statements
    assert {s.doc for s in statements[0].sources} == {"wire-a", "wire-b"}
