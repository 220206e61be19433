"""Within one document, which records are the same event, and how to combine them.

A repeated mention ("the letter", "their summit has been canceled"), a
headline and its lead, or a statement and its follow-up become one record;
parties match when equal, when one is the state the other leads or serves,
or when one is a head of state's own office ("the White House" for the
president).
"""

from __future__ import annotations

from dataclasses import replace

from . import gazetteer as gz
from .catalog import FAMILY
from .model import EventRecord

__all__ = ["same_event", "combine", "same_party"]

OFFICE_ORGS = {"white-house", "cheong-wa-dae"}  # a head of state's own office speaks for them


def _unique(items: list) -> list:
    return list(dict.fromkeys(i for i in items if i))


def same_event(a: EventRecord, b: EventRecord) -> bool:
    """Two mentions in one document of one event (repeated, or referred back to)."""
    if FAMILY.get(a.type) != FAMILY.get(b.type):
        return False
    if a.catalog and b.catalog:
        return a.catalog == b.catalog
    if a.catalog or b.catalog:
        # "their summit has been canceled" after "a summit planned ... in Singapore"
        other = b if a.catalog else a
        host = a if a.catalog else b
        same_type = other.type == host.type or {other.type, host.type} <= {"Summit", "Meeting"}
        loose = other.date is None or other.date_basis != "explicit" and other.type not in ("Letter",)
        covered = all(any(same_party(p, q) for q in host.participants) for p in other.participants)
        return same_type and loose and other.place in (None, host.place) and covered \
            and (other.status == host.status or other.status == "occurred" and other.date is None)
    if (a.type == "LetterExchange") != (b.type == "LetterExchange"):
        return False
    if a.type == "Statement":
        if a.participants != b.participants:
            return False
        if a.start == b.start and (a.date is None or b.date is None or a.date.covers(b.date)):
            return True  # one speaker, one sentence
        if a.channel != b.channel or a.date != b.date:
            return False
    elif not _overlap(a.participants, b.participants):
        return False
    if not same_party(a.sender, b.sender) or not same_party(a.recipient, b.recipient):
        return False
    if a.date and b.date and not a.date.covers(b.date):
        return False
    if (a.date is None) != (b.date is None) and a.type not in ("Letter", "Refusal"):
        return False
    return a.status == b.status or a.type in ("Letter", "Refusal")


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(same_party(x, y) for x in a for y in b)


def _person_first(a: str | None, b: str | None) -> str | None:
    gaz = gz.load()
    if a and b and gaz.entries.get(b) and gaz.entries[b].get("state") == a:
        return b
    return a or b


def _more_specific(keys: list[str]) -> list[str]:
    """Drop a state when the person who stands for it in this event is there too
    ("letter from Trump to N. Korea" + "to Kim" → Trump, Kim)."""
    gaz = gz.load()
    states = {gaz.entries[k].get("state") for k in keys if k in gaz.entries and gaz.entries[k].type == "Person"}
    return [k for k in keys if k not in states] or keys


def same_party(a: str | None, b: str | None) -> bool:
    """Equal, unknown on one side, or a person and the state they lead/serve."""
    if not a or not b or a == b:
        return True
    gaz = gz.load()
    ea, eb = gaz.entries.get(a), gaz.entries.get(b)
    if not ea or not eb:
        return False
    if ea.get("state") == b or eb.get("state") == a:
        return True
    # "the White House" for the president, "Cheong Wa Dae" for Moon: a leader's own office
    leader, office = (ea, eb) if ea.get("leader") else (eb, ea)
    return bool(leader.get("leader") and office.type == "Organization" and office.get("state")
                and office.get("state") == leader.get("state") and office.id in OFFICE_ORGS)


def combine(a: EventRecord, b: EventRecord) -> EventRecord:
    rank = {"explicit": 3, "catalog": 3, "context": 2, "publication": 1, "none": 0}
    date_src = a if rank[a.date_basis] >= rank[b.date_basis] else b
    if b.catalog and not a.catalog:
        date_src = b  # the catalogued event's own date and type win over a passing reference
    return replace(
        a, type=b.type if b.catalog and not a.catalog else a.type,
        participants=tuple(_more_specific(_unique([*a.participants, *b.participants]))),
        sender=_person_first(a.sender, b.sender), recipient=_person_first(a.recipient, b.recipient),
        date=date_src.date, end_date=date_src.end_date, date_basis=date_src.date_basis,
        place=a.place or b.place, channel=a.channel or b.channel,
        attribution=a.attribution or b.attribution,
        modality=a.modality if a.modality != "asserted" else b.modality,
        count=a.count or b.count, about=a.about or b.about, catalog=a.catalog or b.catalog,
    )
