"""Stage 4, resolve: per-document records → one canonical node per real actor
and per real event.

Actors merge on their canonical key (gazetteer id or normalised name). Events
merge when they denote the same catalogued event, or when type family,
participants, direction (sender → recipient) and dates agree; candidates are
looked up in buckets keyed by family and participants, so the cost grows with
the corpus, not its square. Where sources disagree (dates, what a party said
or did not say) every claim stays on its `Source` and the event carries a
conflict note; nothing is silently overwritten.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from . import gazetteer as gz
from .catalog import FAMILY, Catalog
from .model import Actor, Corpus, DocExtraction, Event, EventRecord, Source, TimeValue

__all__ = ["resolve", "RESPONSE_MODALITIES"]

RESPONSE_MODALITIES = {"declined_to_comment", "no_response", "not_denied", "denied"}
_RANK = {"explicit": 3, "catalog": 4, "context": 2, "publication": 1, "none": 0}


def resolve(extractions: Iterable[DocExtraction], *, gaz: gz.Gazetteer, catalog: Catalog) -> Corpus:
    extractions = sorted(extractions, key=lambda x: x.doc.id)
    published = {x.doc.id: x.doc.published for x in extractions}
    actors = _actors(extractions)
    clusters: list[list[EventRecord]] = []
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for x in extractions:
        for rec in x.events:
            home = _find(rec, clusters, buckets)
            if home is None:
                clusters.append([rec])
                home = len(clusters) - 1
                for key in _bucket_keys(rec):
                    buckets[key].append(home)
            else:
                clusters[home].append(rec)
    clusters = _merge_by_object(clusters)
    events = [_event(c, catalog, published) for c in clusters]
    _add_catalog_actors(events, actors, gaz)
    events = _assign_ids(events, actors)
    events = _link_about(events)
    places, channels = _places_channels(events, gaz, actors)
    warnings = tuple(w for x in extractions for w in x.warnings)
    return Corpus(documents=tuple(x.doc for x in extractions), actors=tuple(actors.values()),
                  events=tuple(sorted(events, key=lambda e: e.id)), places=places, channels=channels,
                  warnings=warnings)


# -- actors -----------------------------------------------------------------------
def _actor_id(key: str) -> str:
    return key.split(":", 1)[1] if ":" in key else key


def _actors(extractions: list[DocExtraction]) -> dict[str, Actor]:
    seen: dict[str, dict] = {}
    for x in extractions:
        for a in x.actors:
            entry = seen.setdefault(a.key, {"ref": a, "aliases": set(), "docs": set()})
            entry["aliases"].update(a.aliases)
            entry["docs"].add(x.doc.id)
    out = {}
    for key, entry in sorted(seen.items()):
        ref = entry["ref"]
        aliases = sorted(s for s in entry["aliases"] if s != ref.label)
        out[key] = Actor(id=_actor_id(key), label=ref.label, type=ref.type, wikidata=ref.wikidata,
                         aliases=tuple(aliases), docs=tuple(sorted(entry["docs"])), role=ref.role)
    return out


def _add_catalog_actors(events: list[Event], actors: dict[str, Actor], gaz: gz.Gazetteer) -> None:
    """Parties of a catalogued event that no document names (Moon at Panmunjom,
    in an article that only names Trump and Kim) still get their node, marked
    as known from the catalog rather than mentioned in a source."""
    for e in events:
        for key in (*e.participants, e.sender, e.recipient):
            if key and key not in actors and key in gaz.entries:
                entry = gaz.entries[key]
                actors[key] = Actor(id=_actor_id(key), label=entry.label, type=entry.type, wikidata=entry.wikidata,
                                    aliases=(), docs=(), role="catalog")


# -- event clustering ------------------------------------------------------------------
# Dated records `_compatible` accepts are at most _WINDOW days apart, or in one
# year when `covers` lets a year-precision date match. Clusters are filed by
# date bin as well as party, so finding a record's cluster looks at its
# neighbours in time, not at every cluster sharing a party (that made resolve
# grow with the square of the corpus). tests/test_resolve_scaling.py checks
# that every pair `_compatible` accepts meets in a bucket: keep them in step.
_WINDOW = {"statement": 3}
_WINDOW_DEFAULT = 45
_LOOSE = {"publication", "context"}


def _never_merges(rec: EventRecord) -> bool:
    """Statements `_compatible` rejects with every record (undated, or dated
    loosely without a response modality): they are filed nowhere."""
    return (not rec.catalog and FAMILY.get(rec.type) == "statement"
            and (rec.date is None or rec.date_basis in _LOOSE and rec.modality not in RESPONSE_MODALITIES))


def _bucket_keys(rec: EventRecord, probe: bool = False) -> list[tuple]:
    """The buckets a cluster founded by `rec` is filed under or, with `probe`,
    every bucket holding a cluster whose founder `rec` could be compatible with."""
    if rec.catalog:
        return [("catalog", rec.catalog)]
    copy = [("copy", rec.type, _sentence_key(rec))]  # the same sentence in another article
    if _never_merges(rec):
        return copy
    fam = FAMILY.get(rec.type)
    if rec.date is None:
        slots: list[tuple] = [("undated",)]
    else:
        day = rec.date.value.toordinal() // (_WINDOW.get(fam, _WINDOW_DEFAULT) + 1)
        year, yearly = rec.date.value.year, rec.date.precision == "year"
        slots = [("day", day + d) for d in ((-1, 0, 1) if probe else (0,))]
        if fam != "statement":
            slots += ([("in-year", year) if yearly else ("year", year)] if probe
                      else [("in-year", year)] + ([("year", year)] if yearly else []))
    return copy + [(fam, p, *slot) for p in (rec.participants or (None,)) for slot in slots]


def _merge_by_object(clusters: list[list[EventRecord]]) -> list[list[EventRecord]]:
    """Refusals (or any events) about one and the same event are one event: two
    reports of North Korea refusing Trump's 2025 letter describe one refusal,
    however differently they name who refused."""
    home = {r.local_id: n for n, c in enumerate(clusters) for r in c}
    first: dict[tuple, int] = {}
    into: dict[int, int] = {}
    for n, c in enumerate(clusters):
        objects = {home[r.about] for r in c if r.about in home}
        if len(objects) != 1 or any(r.catalog for r in c):
            continue
        key = (FAMILY.get(c[0].type), objects.pop(), c[0].status)
        if key in first:
            into[n] = first[key]
        else:
            first[key] = n
    merged = [list(c) for c in clusters]
    for n, target in sorted(into.items(), reverse=True):
        merged[target] += merged[n]
        merged[n] = []
    return [c for c in merged if c]


def _sentence_key(rec: EventRecord) -> str:
    return " ".join(rec.evidence.lower().split())


def _copies(a: EventRecord, b: EventRecord) -> bool:
    """Syndicated copy: the same sentence, stating the same kind of event between the
    same parties, in two articles published within a few days of each other."""
    if a.type != b.type or set(a.participants) != set(b.participants) or _sentence_key(a) != _sentence_key(b):
        return False
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    return abs((a.date.value - b.date.value).days) <= _WINDOW["statement"]


def _find(rec: EventRecord, clusters: list[list[EventRecord]], buckets: dict[tuple, list[int]]) -> int | None:
    candidates = []
    for key in _bucket_keys(rec, probe=True):
        candidates += buckets.get(key, [])
    for n in sorted(set(candidates)):
        if all(_compatible(rec, other) for other in clusters[n][:8]):
            return n
    return None


def _compatible(a: EventRecord, b: EventRecord) -> bool:
    """Two records from different documents denote one event only on strong
    evidence: the same catalogued event, or the same kind of event between
    the same parties on the same day; looser dates need identical parties."""
    if a.catalog or b.catalog:
        return a.catalog == b.catalog
    if FAMILY.get(a.type) != FAMILY.get(b.type) or a.doc == b.doc:
        return False
    if _copies(a, b):
        return True
    if (a.type == "LetterExchange") != (b.type == "LetterExchange"):
        return False
    if a.sender and b.sender and a.sender != b.sender or a.recipient and b.recipient and a.recipient != b.recipient:
        return False
    pa, pb = set(a.participants), set(b.participants)
    same_parties = pa == pb
    if a.date is None or b.date is None:
        return a.date is None and b.date is None and same_parties and a.type == b.type and a.type != "Statement"
    loose = {"publication", "context"}
    gap = abs((a.date.value - b.date.value).days)
    if a.date_basis in loose or b.date_basis in loose:
        if FAMILY.get(a.type) == "statement":
            return same_parties and gap <= 3 and a.modality in RESPONSE_MODALITIES and b.modality in RESPONSE_MODALITIES
        return same_parties and gap <= 45 and (a.date_basis in loose or a.date.covers(b.date)) and (
            b.date_basis in loose or a.date.covers(b.date))
    if a.date.precision == b.date.precision == "day":
        return a.date == b.date and len(pa & pb) / len(pa | pb) >= 0.5 and (
            FAMILY.get(a.type) != "statement" or same_parties)
    return same_parties and a.date.covers(b.date) and a.status == b.status and FAMILY.get(a.type) != "statement"


# -- canonical events ------------------------------------------------------------------
def _event(records: list[EventRecord], catalog: Catalog, published: dict) -> Event:
    ref = catalog.events.get(records[0].catalog) if records[0].catalog else None
    types = Counter(r.type for r in records)
    etype = ref.type if ref else max(types, key=lambda t: (types[t], t == "Summit", t))
    # the parties the sources state (for a catalogued event, its known parties that some
    # source names, plus anyone else most of its sources add)
    stated = Counter(p for r in records for p in set(r.participants))
    known = set(ref.participants) if ref else set()
    participants = [p for p in dict.fromkeys(p for r in records for p in r.participants)
                    if not ref or p in known or stated[p] * 2 > len(records)]
    # the most precise date the sources agree on; among equals, the firmest basis
    best = max(records, key=lambda r: (_precision_rank(r.date), _RANK[r.date_basis], r.doc))
    date, end = (ref.date, ref.end) if ref else (best.date, best.end_date)
    conflicts = _conflicts(records, ref)
    latest = max(records, key=lambda r: (published.get(r.doc) or _MIN, r.doc))
    status = latest.status
    if ref and status == "planned" and all(published.get(r.doc) and published[r.doc] > ref.date.value
                                           for r in records):
        status = "occurred"
    sources = tuple(sorted(
        (Source(doc=r.doc, start=r.start, end=r.end, evidence=r.evidence, attribution=r.attribution,
                modality=r.modality, type=r.type, date=r.date.iso() if r.date else None, status=r.status,
                record=r.local_id, participants=tuple(_actor_id(p) for p in r.participants)) for r in records),
        key=lambda s: (s.doc, s.start, s.record)))
    pick = lambda attr: Counter(getattr(r, attr) for r in records if getattr(r, attr)).most_common(1)  # noqa: E731
    return Event(
        id="", type=etype, label=ref.label if ref else "", date=date, end=end,
        participants=tuple(participants),
        sender=(pick("sender") or [(None,)])[0][0], recipient=(pick("recipient") or [(None,)])[0][0],
        place=(pick("place") or [(ref.place if ref else None,)])[0][0],
        channel=(pick("channel") or [(None,)])[0][0], status=status, sources=sources,
        count=max((r.count for r in records if r.count), default=ref.count if ref else None),
        catalog=ref.id if ref else None, wikidata=ref.wikidata if ref else None, conflicts=conflicts,
        about=next((r.about for r in records if r.about), None),
    )


_MIN = TimeValue.parse("0001").value


def _precision_rank(t: TimeValue | None) -> int:
    return {"day": 3, "month": 2, "year": 1}.get(t.precision, 0) if t else 0


def _conflicts(records: list[EventRecord], ref) -> tuple[str, ...]:
    notes = []
    claims = {r.doc: r.modality for r in records if r.modality in RESPONSE_MODALITIES}
    if len(set(claims.values())) > 1:
        said = "; ".join(f"{d} says {m.replace('_', ' ')}" for d, m in sorted(claims.items()))
        notes.append(f"sources differ on the response: {said}")
    explicit = {r.doc: r.date for r in records if r.date and r.date_basis == "explicit"}
    # A day inside a span some source gives ("on Thursday" in "February 27 and 28")
    # agrees with that span: compare it as the span's first day.
    spans = [(r.date.value, r.end_date.value) for r in records if r.date and r.end_date]
    if ref is not None and ref.end is not None:
        spans.append((ref.date.value, ref.end.value))

    def as_compared(t: TimeValue) -> str:
        for start, end in spans:
            if t.precision == "day" and start <= t.value <= end:
                return start.isoformat()
        return t.iso()

    # Two dates agree when one ISO form is a prefix of the other (`covers`), so all
    # pairs agree exactly when every one is a prefix of the longest: linear, where
    # comparing every pair was quadratic in the sources of a much-cited event.
    isos = [as_compared(t) for t in explicit.values()]
    longest = max(isos, key=len, default="")
    if any(not longest.startswith(s) for s in isos):
        said = "; ".join(f"{d} dates it {t.iso()}" for d, t in sorted(explicit.items()))
        notes.append(f"sources differ on the date: {said}")
    return tuple(notes)


def _assign_ids(events: list[Event], actors: dict[str, Actor]) -> list[Event]:
    from dataclasses import replace

    out, used = [], Counter()
    ordered = sorted(events, key=lambda e: (e.sources[0].doc, e.sources[0].start, e.sources[0].record))
    for e in ordered:
        who = [actors[p].id if p in actors else _actor_id(p) for p in e.participants[:2]]
        more = f"-and-{len(e.participants) - 2}-more" if len(e.participants) > 2 else ""
        if e.catalog:
            base = e.catalog
        else:
            base = gz.slug(f"{e.type}-{e.date.iso() if e.date else 'undated'}-{'-'.join(who)}{more}")
        used[base] += 1
        eid = base if used[base] == 1 else f"{base}-{used[base]}"
        label = e.label or _label(e, actors)
        out.append(replace(e, id=eid, label=label,
                           participants=tuple(actors[p].id if p in actors else _actor_id(p) for p in e.participants),
                           sender=actors[e.sender].id if e.sender in actors else e.sender,
                           recipient=actors[e.recipient].id if e.recipient in actors else e.recipient))
    return out


def _link_about(events: list[Event]) -> list[Event]:
    """Turn "about" from the record it names (doc#n) into that record's canonical event."""
    from dataclasses import replace

    owner = {s.record: e.id for e in events for s in e.sources}
    return [replace(e, about=owner.get(e.about)) if e.about else e for e in events]


def _label(e: Event, actors: dict[str, Actor]) -> str:
    name = lambda k: actors[k].label if k in actors else _actor_id(k)  # noqa: E731
    when = f" ({e.date.iso()})" if e.date else ""
    kind = {"LetterExchange": "Letters", "MilitaryAction": "Military action"}.get(e.type, e.type)
    if e.sender and e.recipient:
        return f"{kind} from {name(e.sender)} to {name(e.recipient)}{when}"
    return f"{kind}: {', '.join(name(p) for p in e.participants)}{when}"


def _places_channels(events: list[Event], gaz: gz.Gazetteer, actors: dict[str, Actor]) -> tuple[dict, dict]:
    places, channels = {}, {}
    for e in events:
        if e.place and e.place not in places:
            entry = gaz.entries.get(e.place)
            places[e.place] = {"id": _actor_id(e.place), "label": entry.label if entry else
                               _actor_id(e.place).replace("-", " ").title(),
                               "wikidata": entry.wikidata if entry else None,
                               "within": entry.get("within") if entry else None}
        if e.channel and e.channel not in channels:
            if e.channel.startswith("envoy:"):
                person = e.channel.split(":", 1)[1]
                label = actors[person].label if person in actors else (
                    gaz.entries[person].label if person in gaz.entries else _actor_id(person))
                channels[e.channel] = {"id": "envoy-" + _actor_id(person), "label": f"Envoy: {label}",
                                       "kind": "Envoy", "envoy": actors[person].id if person in actors else
                                       _actor_id(person), "place": None}
            else:
                entry = gaz.entries.get(e.channel)
                channels[e.channel] = {"id": e.channel, "label": entry.label if entry else e.channel,
                                       "kind": entry.get("channel_type", "Channel") if entry else "Channel",
                                       "envoy": None, "place": entry.get("place") if entry else None}
    return dict(sorted(places.items())), dict(sorted(channels.items()))
