"""The data passed between pipeline stages, as frozen dataclasses.

Stages never share mutable state: `read` makes `Document`s, `extract` makes a
`DocExtraction` per document (mentions as that one source states them), and
`resolve` merges those into a `Corpus` of canonical actors and events, each
event keeping every `Source` that supports it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Document",
    "TimeValue",
    "ActorRef",
    "EventRecord",
    "DocExtraction",
    "Actor",
    "Source",
    "Event",
    "Corpus",
    "EVENT_TYPES",
    "STATUSES",
    "MODALITIES",
]

EVENT_TYPES = (
    "Summit", "Meeting", "Letter", "LetterExchange", "Call", "Statement", "Refusal",
    "Proposal", "Agreement", "MilitaryAction",
)
STATUSES = ("occurred", "planned", "cancelled")
MODALITIES = ("asserted", "reported", "denied", "not_denied", "declined_to_comment", "no_response")


@dataclass(frozen=True)
class Document:
    """One input article. `segments` are the (start, end) spans of `text` kept
    after boilerplate stripping; the NLP stage reads their concatenation and
    every offset it reports is mapped back into `text`."""

    id: str
    path: str
    text: str
    published: date | None
    title: str = ""
    outlet: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    segments: tuple[tuple[int, int], ...] = ()
    sha256: str = ""

    SEP = "\n\n"

    @property
    def body(self) -> str:
        return self.SEP.join(self.text[s:e] for s, e in self.segments)

    def to_original(self, offset: int) -> int:
        """Map an offset in `body` to the same character in `text`."""
        starts = self._body_starts()
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        seg_start, seg_end = self.segments[i]
        return min(seg_start + offset - starts[i], seg_end)

    def _body_starts(self) -> list[int]:
        starts, pos = [], 0
        for s, e in self.segments:
            starts.append(pos)
            pos += e - s + len(self.SEP)
        return starts


@dataclass(frozen=True, order=True)
class TimeValue:
    """A date with its precision: 'day', 'month' or 'year'."""

    value: date
    precision: str

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    def covers(self, other: TimeValue) -> bool:
        """True when both agree at the coarser of the two precisions."""
        n = min(len(self.iso()), len(other.iso()))
        return self.iso()[:n] == other.iso()[:n]

    @classmethod
    def parse(cls, iso: str) -> TimeValue:
        parts = [int(p) for p in iso.split("-")]
        precision = ("year", "month", "day")[len(parts) - 1]
        parts += [1] * (3 - len(parts))
        return cls(date(*parts), precision)


@dataclass(frozen=True)
class ActorRef:
    """An actor as one document names it: canonical key plus the surface forms seen."""

    key: str
    label: str
    type: str  # Person, State, Organization
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    role: str = "actor"  # 'actor' or 'outlet' (reports, does not act)


@dataclass(frozen=True)
class EventRecord:
    """One event as one sentence of one document states it."""

    doc: str
    type: str
    start: int  # offsets of the evidence sentence in Document.text
    end: int
    evidence: str
    trigger: str = ""
    participants: tuple[str, ...] = ()  # actor keys
    sender: str | None = None
    recipient: str | None = None
    date: TimeValue | None = None
    end_date: TimeValue | None = None
    date_basis: str = "none"  # 'explicit', 'context', 'publication', 'catalog', 'none'
    place: str | None = None  # place key
    channel: str | None = None  # channel key
    status: str = "occurred"
    attribution: str | None = None
    modality: str = "asserted"
    count: int | None = None
    catalog: str | None = None  # id of the reference event it denotes
    about: str | None = None  # id of another record in the same document (a refused letter)
    local_id: str = ""


@dataclass(frozen=True)
class DocExtraction:
    """Everything one document contributes, before cross-document resolution."""

    doc: Document
    actors: tuple[ActorRef, ...]
    events: tuple[EventRecord, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    type: str
    wikidata: str | None
    aliases: tuple[str, ...]
    docs: tuple[str, ...]
    role: str = "actor"


@dataclass(frozen=True)
class Source:
    """One document's support for a canonical event."""

    doc: str
    start: int
    end: int
    evidence: str
    attribution: str | None
    modality: str
    type: str
    date: str | None
    status: str
    record: str = ""  # EventRecord.local_id
    participants: tuple[str, ...] = ()  # actor ids, as this source names them


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    label: str
    date: TimeValue | None
    end: TimeValue | None
    participants: tuple[str, ...]
    sender: str | None
    recipient: str | None
    place: str | None
    channel: str | None
    status: str
    sources: tuple[Source, ...]
    count: int | None = None
    catalog: str | None = None
    wikidata: str | None = None
    conflicts: tuple[str, ...] = ()  # human-readable notes on where sources disagree
    about: str | None = None  # id of the event this one refers to (refusal -> letter)

    @property
    def precision(self) -> str | None:
        return self.date.precision if self.date else None


@dataclass(frozen=True)
class Corpus:
    """The resolved, cross-document view every exporter reads (with the RDF graph)."""

    documents: tuple[Document, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    places: dict[str, dict] = field(default_factory=dict)
    channels: dict[str, dict] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
