"""events.json: the timeline contract of DESIGN.md.

    {"documents": [{id, title, outlet, published, url}],
     "actors": [{id, label, type, wikidata, aliases, docs}],
     "events": [{id, type, label, date, end, precision, participants, sender, recipient,
                 place, channel, status, sources: [{doc, start, end, evidence, attribution, modality}]}]}

Events are ordered by date (undated last), then id; keys are emitted in the
contract's order. A few fields beyond the contract (count, conflicts,
catalog, about) ride along; consumers of the contract can ignore them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Corpus
from . import atomic_write

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = ["write", "to_json"]


def to_json(corpus: Corpus) -> dict:
    places = {k: v["label"] for k, v in corpus.places.items()}
    channels = {k: v["label"] for k, v in corpus.channels.items()}
    documents = [{"id": d.id, "title": d.title, "outlet": d.outlet,
                  "published": d.published.isoformat() if d.published else None, "url": d.url,
                  "authors": list(d.authors)} for d in corpus.documents]
    actors = [{"id": a.id, "label": a.label, "type": a.type, "wikidata": a.wikidata, "aliases": list(a.aliases),
               "docs": list(a.docs)} for a in sorted(corpus.actors, key=lambda a: a.id)]
    events = []
    for e in sorted(corpus.events, key=lambda e: (e.date is None, e.date.iso() if e.date else "", e.id)):
        events.append({
            "id": e.id, "type": e.type, "label": e.label,
            "date": e.date.iso() if e.date else None, "end": e.end.iso() if e.end else None,
            "precision": e.precision, "participants": list(e.participants),
            "sender": e.sender, "recipient": e.recipient,
            "place": places.get(e.place), "channel": channels.get(e.channel), "status": e.status,
            "sources": [{"doc": s.doc, "start": s.start, "end": s.end, "evidence": s.evidence,
                         "attribution": s.attribution, "modality": s.modality} for s in e.sources],
            "count": e.count, "conflicts": list(e.conflicts), "catalog": e.catalog, "about": e.about,
        })
    return {"documents": documents, "actors": actors, "events": events}


def write(result: BuildResult, dest: Path) -> None:
    atomic_write(dest, json.dumps(to_json(result.corpus), ensure_ascii=False, indent=1) + "\n")
