"""Extraction quality against hand-made gold: `kg eval GOLD_DIR`.

Gold is one JSON file per article (`{"doc", "published", "actors": [...],
"events": [...]}`, the format of the project's evaluation data). Within each
article, predicted and gold events are paired one to one, greedily, when
their type families agree and their participant sets overlap (Jaccard ≥ 0.5
once names and aliases are mapped to one key); dates count as right when they
agree at the gold's precision; actor sets are compared per article. The
figures are those of the project's evaluation script, so `kg eval` and CI
report the same numbers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

__all__ = ["evaluate", "Scores", "FAMILIES", "CORE"]

FAMILIES = {
    "summit": "meeting", "meeting": "meeting", "talks": "meeting", "visit": "meeting",
    "letter": "letter", "letterexchange": "letter", "message": "letter",
    "call": "call", "phonecall": "call", "refusal": "refusal", "rejection": "refusal",
    "proposal": "proposal", "invitation": "proposal", "offer": "proposal",
    "agreement": "agreement", "declaration": "agreement", "statement": "statement", "report": "statement",
    "militaryaction": "military", "missiletest": "military", "nucleartest": "military",
}
CORE = frozenset({"meeting", "letter", "call", "refusal", "proposal", "agreement"})


def _family(kind: str | None) -> str | None:
    return FAMILIES.get(re.sub(r"[^a-z]", "", (kind or "").lower()))


def _key(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^(the|u\.s\.|us|president|leader|chairman|secretary of state)\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


@dataclass
class Scores:
    docs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    date_hits: int = 0
    actor_tp: int = 0
    actor_fp: int = 0
    actor_fn: int = 0
    by_family: dict[str, list[int]] = field(default_factory=dict)  # family -> [tp, fp, fn]

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0

    @property
    def events(self) -> tuple[float, float, float]:
        return self._prf(self.tp, self.fp, self.fn)

    @property
    def actors(self) -> tuple[float, float, float]:
        return self._prf(self.actor_tp, self.actor_fp, self.actor_fn)

    @property
    def dates(self) -> float:
        return round(self.date_hits / self.tp, 3) if self.tp else 0.0

    def family(self, name: str) -> tuple[float, float, float]:
        return self._prf(*self.by_family.get(name, [0, 0, 0]))

    def as_dict(self) -> dict:
        p, r, f = self.events
        ap, ar, af = self.actors
        return {"docs": self.docs, "events": {"p": p, "r": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn},
                "dates": self.dates, "actors": {"p": ap, "r": ar, "f1": af},
                "families": {k: dict(zip(("p", "r", "f1"), self.family(k))) for k in sorted(self.by_family)}}


class _Names:
    """Every gold name, alias and Wikidata id → one key per actor."""

    def __init__(self, golds: list[dict]) -> None:
        self.keys: dict[str, str] = {}
        for g in golds:
            for a in g.get("actors", []):
                k = a.get("wikidata") or "n:" + _key(a["name"])
                for s in [a["name"], *a.get("aliases", [])]:
                    self.keys.setdefault(_key(s), k)
                if a.get("wikidata"):
                    self.keys.setdefault(a["wikidata"], k)

    def __call__(self, label: str | None, wikidata: str | None = None) -> str:
        if wikidata and wikidata in self.keys:
            return self.keys[wikidata]
        return self.keys.get(_key(label), "n:" + _key(label))


def _date_ok(pred: str | None, gold: str | None) -> bool:
    return not gold or bool(pred) and str(pred)[:len(gold)] == gold


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def evaluate(events: dict, gold_dir: str | Path, *, core: bool = False) -> Scores:
    """Score an events.json mapping against the gold files in `gold_dir`."""
    gold_dir = Path(gold_dir)
    files = sorted(p for p in gold_dir.glob("*.json") if not p.name.startswith("_"))
    if not files:
        raise InputError("no gold .json files", path=gold_dir)
    golds = []
    for p in files:
        try:
            golds.append(json.loads(p.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError) as err:
            raise InputError(f"gold file is not JSON: {err}", path=p) from None
    names = _Names(golds)
    actors = {a["id"]: a for a in events.get("actors", [])}

    def key_of(ref: str) -> str:
        a = actors.get(ref, {"label": ref})
        return names(a.get("label"), a.get("wikidata"))

    wanted = CORE if core else set(FAMILIES.values())
    scores = Scores(docs=len(files))
    for path, g in zip(files, golds):
        doc = path.stem
        gold = [(_family(e["type"]), {names(p) for p in e.get("participants", [])}, e.get("date"))
                for e in g.get("events", []) if _family(e["type"]) in wanted]
        pred = [(_family(e.get("type")), {key_of(p) for p in e.get("participants", [])}, e.get("date"))
                for e in events.get("events", [])
                if _family(e.get("type")) in wanted and any(s.get("doc") == doc for s in e.get("sources", []))]
        used: set[int] = set()
        for fam, parts, when in gold:
            best, best_score = None, 0.5 - 1e-9
            for i, (pf, pp, pd) in enumerate(pred):
                if i in used or pf != fam or _jaccard(parts, pp) < 0.5:
                    continue
                score = _jaccard(parts, pp) + (0.02 if pd == when else 0.01 if _date_ok(pd, when) else 0)
                if score > best_score:
                    best, best_score = i, score
            tally = scores.by_family.setdefault(fam, [0, 0, 0])
            if best is None:
                scores.fn += 1
                tally[2] += 1
                continue
            used.add(best)
            scores.tp += 1
            tally[0] += 1
            scores.date_hits += _date_ok(pred[best][2], when)
        for i, (pf, _, _) in enumerate(pred):
            if i not in used:
                scores.fp += 1
                scores.by_family.setdefault(pf, [0, 0, 0])[1] += 1
        gold_actors = {names(a["name"], a.get("wikidata")) for a in g.get("actors", [])}
        pred_actors = {key_of(a["id"]) for a in events.get("actors", []) if doc in a.get("docs", [])}
        scores.actor_tp += len(gold_actors & pred_actors)
        scores.actor_fp += len(pred_actors - gold_actors)
        scores.actor_fn += len(gold_actors - pred_actors)
    return scores
