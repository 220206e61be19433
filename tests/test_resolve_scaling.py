"""Resolve grows linearly with the corpus (issue 8) and still merges exactly as before.

A record's cluster is found through buckets (party × date bin), not by scanning
every cluster; that is exact only while every pair of records `_compatible`
accepts meets in some bucket, which these tests check on many random records,
along with resolving through the buckets giving the corpus a full scan gives.
Date conflicts are found in one pass instead of by comparing every pair.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from kg import catalog as catalog_mod
from kg import gazetteer as gz
from kg import resolve as resolve_mod
from kg.model import DocExtraction, Document, EventRecord, TimeValue

TYPES = ("Summit", "Meeting", "Letter", "LetterExchange", "Call", "Statement", "Refusal", "Proposal")
PARTIES = ("person:a", "person:b", "state:c", "state:d")
BASES = ("explicit", "context", "publication", "none")
MODALITIES = ("asserted", "reported", "denied", "declined_to_comment", "no_response")


def random_record(rng: random.Random, doc: str, n: int) -> EventRecord:
    when = None
    if rng.random() < 0.85:
        day = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        when = TimeValue(day, rng.choice(("day", "day", "month", "year")))
    parties = tuple(rng.sample(PARTIES, rng.choice((1, 2, 2, 3))))
    return EventRecord(
        doc=doc, type=rng.choice(TYPES), start=n, end=n + 1, evidence=f"sentence {n}", participants=parties,
        sender=rng.choice((None, None, parties[0])), recipient=rng.choice((None, None, parties[-1])),
        date=when, date_basis=rng.choice(BASES) if when else "none", modality=rng.choice(MODALITIES),
        status=rng.choice(("occurred", "occurred", "planned")), local_id=f"{doc}#{n}",
    )


def test_every_compatible_pair_shares_a_bucket():
    rng = random.Random(8)
    records = [random_record(rng, f"d{n % 40}", n) for n in range(1500)]
    missed = []
    for a in records:
        probe = set(resolve_mod._bucket_keys(a, probe=True))
        for b in records:
            if resolve_mod._compatible(a, b) and not probe & set(resolve_mod._bucket_keys(b)):
                missed.append((a, b))
    assert not missed, f"{len(missed)} compatible pair(s) never meet in a bucket, e.g. {missed[0]}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_buckets_resolve_like_a_full_scan(seed, monkeypatch):
    rng = random.Random(seed)
    extractions = []
    for d in range(60):
        doc = Document(id=f"d{d:02d}", path=f"d{d:02d}.txt", text="x", published=date(2019, 1, 1) + timedelta(d))
        extractions.append(DocExtraction(doc=doc, actors=(), events=tuple(
            random_record(rng, doc.id, n) for n in range(rng.randrange(1, 12)))))
    gaz = gz.load()
    catalog = catalog_mod.load(gaz)
    bucketed = resolve_mod.resolve(extractions, gaz=gaz, catalog=catalog)
    monkeypatch.setattr(resolve_mod, "_bucket_keys", lambda rec, probe=False: [("every cluster",)])
    scanned = resolve_mod.resolve(extractions, gaz=gaz, catalog=catalog)
    assert bucketed == scanned


def test_date_conflicts_in_one_pass_match_every_pair():
    rng = random.Random(5)
    for _ in range(400):
        dates = [TimeValue(date(2018, rng.choice((1, 6)), rng.choice((1, 12))), rng.choice(("day", "month", "year")))
                 for _ in range(rng.randrange(1, 6))]
        records = [EventRecord(doc=f"d{n}", type="Summit", start=0, end=1, evidence="x", date=t, date_basis="explicit")
                   for n, t in enumerate(dates)]
        pairwise = any(not a.covers(b) for i, a in enumerate(dates) for b in dates[i + 1:])
        noted = any("differ on the date" in note for note in resolve_mod._conflicts(records, None))
        assert noted == pairwise, dates
