"""The reference catalog of well-known events (ontology/events.jsonl).

An extracted mention that denotes a catalogued event ("the June 2018 summit
in Singapore", "their second summit", "the Pyongyang Declaration") is linked
to it, which gives every source citing that event the same canonical node and
fills in what the sentence leaves out (the participants of "that summit in
Singapore"). Anything not in the catalog is still extracted as a new event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .gazetteer import ONTOLOGY_DIR, Gazetteer
from .model import TimeValue

__all__ = ["Catalog", "RefEvent", "load", "FAMILY"]

FAMILY = {"Summit": "meeting", "Meeting": "meeting", "Letter": "letter", "LetterExchange": "letter",
          "Call": "call", "Statement": "statement", "Refusal": "refusal", "Proposal": "proposal",
          "Agreement": "agreement", "MilitaryAction": "military"}


@dataclass(frozen=True)
class RefEvent:
    id: str
    type: str
    label: str
    date: TimeValue
    end: TimeValue | None
    place: str | None
    participants: tuple[str, ...]
    keywords: tuple[str, ...]
    sender: str | None = None
    recipient: str | None = None
    via: str | None = None
    count: int | None = None
    ordinal: tuple[str, int] | None = None
    wikidata: str | None = None


class Catalog:
    def __init__(self, events: list[RefEvent], gaz: Gazetteer) -> None:
        self.events = {e.id: e for e in events}
        self.gaz = gaz

    def _place_chain(self, place: str | None) -> set[str]:
        """A place and everything it lies within (Sentosa → Singapore)."""
        out, seen = set(), 0
        while place and place not in out and seen < 5:
            out.add(place)
            entry = self.gaz.entries.get(place)
            place = entry.get("within") if entry else None
            seen += 1
        return out

    def match(self, etype: str, *, participants: set[str], places: set[str], when: TimeValue | None,
              published: date | None, text: str, ordinal: int | None = None, sender: str | None = None,
              recipient: str | None = None, near: date | None = None, latest: bool = False) -> RefEvent | None:
        """The catalogued event this mention denotes, if one fits well enough.

        A candidate must have the same type (summits and meetings count as
        one), must not contradict the mention's participants, sender,
        recipient or date, and must be pinned down by enough evidence: a
        place (strong for summits, which are rare), a keyword ("Pyongyang
        Declaration"), an ordinal ("their second summit"), an explicit date,
        or — for an undated mention — a catalogued date within a week before
        `near`, the day the article reports on. `latest` ("their last
        encounter") favours the parties' most recent event before publication."""
        low = text.lower()
        best: tuple[int, RefEvent] | None = None
        last = self._latest_between(etype, participants, published) if latest else None
        for ev in self.events.values():
            if not _same_kind(etype, ev.type):
                continue
            allowed = set(ev.participants) | self._states_of(ev.participants)
            if participants and not participants <= allowed:
                continue
            if sender and ev.sender and sender != ev.sender or recipient and ev.recipient and recipient != ev.recipient:
                continue
            if when is not None and not (when.covers(ev.date) or ev.end and when.covers(ev.end)):
                continue
            score = 0
            if places:
                shared = self._shared_place(places, ev.place)
                if shared is None:
                    continue
                if shared:
                    score += 2 if ev.type in ("Summit", "Agreement") else 1
                    if self._only_one_at(ev, shared):
                        score += 1
                elif len(participants) >= 2 and participants == set(ev.participants):
                    score += 1  # "a Trump–Kim summit in Vietnam": the country, and exactly those parties
                    if self._only_one_between(ev, places):
                        score += 1  # ... and the only one they held there
            if any(k in low for k in ev.keywords):
                score += 3
            if ordinal and ev.ordinal:
                pinned = when is not None and when.precision == "day" and when.covers(ev.date)
                if ev.ordinal[1] != ordinal and not pinned:
                    continue  # "a fourth inter-Korean summit" is not the first one (but "his first visit
                    # in 24 years", on the day of Putin's third summit with Kim, counts something else)
                if ev.ordinal[1] == ordinal and set(ev.participants) & participants:
                    score += 3
            if ev is last:
                score += 3
            if when is not None and when.precision == "day":
                score += 3 if when == ev.date else 2
            elif when is not None and when.precision == "month":
                score += 1
            elif when is None and near is not None and 0 <= (near - ev.date.value).days <= 7:
                score += 2
            if len(participants & set(ev.participants)) >= 2:
                score += 1
            if score < 3:
                continue
            if best is None or score > best[0] or score == best[0] and published and \
                    abs((ev.date.value - published).days) < abs((best[1].date.value - published).days):
                best = (score, ev)
        return best[1] if best else None

    def _shared_place(self, places: set[str], ev_place: str | None) -> str | None:
        """The most specific place both sides name: "" when they are compatible
        only at the level of a whole country (weak evidence), None when they
        contradict each other."""
        ev_chain = self._place_chain(ev_place)
        best = None
        for p in places:
            shared = self._place_chain(p) & ev_chain
            for place in shared:
                entry = self.gaz.entries.get(place)
                if entry is None or entry.type != "State" or entry.get("city_state"):
                    return place
            if shared:
                best = ""
        return best

    def _latest_between(self, etype: str, participants: set[str], published: date | None) -> RefEvent | None:
        """The most recent catalogued event of this kind that these parties all attended."""
        if len(participants) < 2 or published is None:
            return None
        past = [e for e in self.events.values() if _same_kind(etype, e.type) and participants <= set(e.participants)
                and e.date.value <= published]
        return max(past, key=lambda e: e.date.value, default=None)

    def _only_one_between(self, ev: RefEvent, places: set[str]) -> bool:
        """Whether `ev` is the only catalogued event of its kind between its
        parties anywhere in `places` (which may name whole countries)."""
        chains = set().union(*(self._place_chain(p) for p in places))
        parties = set(ev.participants)
        return sum(1 for o in self.events.values() if _same_kind(o.type, ev.type) and set(o.participants) == parties
                   and self._place_chain(o.place) & chains) == 1

    def _only_one_at(self, ev: RefEvent, place: str) -> bool:
        return sum(1 for o in self.events.values() if o.type == ev.type and place in self._place_chain(o.place)) == 1

    def _states_of(self, actors: tuple[str, ...]) -> set[str]:
        out = set()
        for a in actors:
            e = self.gaz.entries.get(a)
            if e and e.get("state"):
                out.add(e.get("state"))
        return out


def _same_kind(mention: str, catalogued: str) -> bool:
    if mention in ("Summit", "Meeting"):
        return catalogued in ("Summit", "Meeting")
    if mention == "Letters":  # a plural "letters" may be the whole correspondence
        return catalogued in ("Letter", "LetterExchange")
    return mention == catalogued


def load(gaz: Gazetteer, path: str | Path | None = None) -> Catalog:
    return _load(str(path or ONTOLOGY_DIR / "events.jsonl"), id(gaz), gaz)


@lru_cache(maxsize=4)
def _load(path: str, _gaz_id: int, gaz: Gazetteer) -> Catalog:
    events = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if "id" not in row:
            continue
        events.append(RefEvent(
            id=row["id"], type=row["type"], label=row["label"], date=TimeValue.parse(row["date"]),
            end=TimeValue.parse(row["end"]) if row.get("end") else None, place=row.get("place"),
            participants=tuple(row.get("participants", ())), keywords=tuple(row.get("keywords", ())),
            sender=row.get("sender"), recipient=row.get("recipient"), via=row.get("via"),
            count=row.get("count"), ordinal=tuple(row["ordinal"]) if row.get("ordinal") else None,
            wikidata=row.get("wikidata")))
    return Catalog(events, gaz)
