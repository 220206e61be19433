"""The ontology's gazetteer: known actors, outlets, offices, places and channels.

Kept as JSONL in ontology/ (data, not code) and loaded once. It feeds the
spaCy EntityRuler (surface forms → entity labels) and answers the resolver's
questions: which entry does this alias name, who held this office on that
date, which state does this demonym belong to.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .errors import InputError

__all__ = ["Gazetteer", "Entry", "load", "norm", "slug", "ONTOLOGY_DIR"]

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
_TYPE_LABEL = {"Person": "PERSON", "State": "GPE", "Organization": "ORG"}
_KIND_LABEL = {"outlet": "ORG", "place": "GPE", "channel": "CHANNEL", "office": "OFFICE"}
# Prefer these readings when one surface form names several entries.
_KIND_ORDER = {"actor": 0, "channel": 1, "office": 2, "outlet": 3, "place": 4}


def norm(text: str) -> str:
    """Matching key of a name: ASCII, lower case, curly quotes and dashes folded."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", text.strip())).strip(" .,")


def slug(text: str) -> str:
    """Stable identifier fragment of a name, used in IRIs and ids."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    label: str
    type: str = ""
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    data: dict = field(default_factory=dict, compare=False, hash=False)

    def get(self, key: str, default: object = None) -> object:
        return self.data.get(key, default)


def _variants(alias: str) -> set[str]:
    """Spelling variants news copy uses for Korean names (Jong-un, Jong Un, Jong-Un)
    and typographic apostrophes (People’s Republic, Workers’ Party)."""
    out = {alias}
    m = re.search(r"\b([A-Z][a-z]+)-([a-z]+)\b", alias)
    if m:
        a, b = m.groups()
        out |= {alias.replace(m.group(0), f"{a} {b.capitalize()}"),
                alias.replace(m.group(0), f"{a}-{b.capitalize()}")}
    return out | {v.replace("'", "’") for v in out if "'" in v}


class Gazetteer:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.by_alias: dict[str, list[Entry]] = {}
        self.by_demonym: dict[str, Entry] = {}
        self.by_surname: dict[str, list[Entry]] = {}
        for e in entries:
            for alias in e.aliases:
                for variant in _variants(alias):
                    bucket = self.by_alias.setdefault(norm(variant), [])
                    if e not in bucket:
                        bucket.append(e)
            for dem in e.get("demonyms", []):
                self.by_demonym.setdefault(norm(dem), e)
            if e.get("surname"):
                self.by_surname.setdefault(e.get("surname").lower(), []).append(e)
        for bucket in self.by_alias.values():
            bucket.sort(key=lambda e: _KIND_ORDER.get(e.kind, 9))
        self.generic_titles = {g: [e for e in entries if e.kind == "office" and g in e.get("generic", [])]
                               for e in entries if e.kind == "office" for g in e.get("generic", [])}

    def lookup(self, text: str, kind: str | None = None) -> Entry | None:
        for e in self.by_alias.get(norm(text), ()):
            if kind is None or e.kind == kind:
                return e
        return None

    def candidates(self, text: str) -> list[Entry]:
        return list(self.by_alias.get(norm(text), ()))

    def holder(self, office: str, when: date | None) -> Entry | None:
        """Who held `office` on `when` (the latest holder when the date is unknown)."""
        best: tuple[str, Entry] | None = None
        for e in self.entries.values():
            for off, start, end in e.get("offices", []):
                if off != office:
                    continue
                if when is None:
                    if best is None or start > best[0]:
                        best = (start, e)
                elif date.fromisoformat(start) <= when and (end is None or when < date.fromisoformat(end)):
                    return e
        return best[1] if best else None

    def offices_of(self, actor: str) -> set[str]:
        e = self.entries.get(actor)
        return {o[0] for o in e.get("offices", [])} if e else set()

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns. Single words and 'the …' phrases match case-sensitively
        (so 'US' is not 'us', 'the North' is not 'the north'); longer names match in any case."""
        patterns, seen = [], set()
        for e in self.entries.values():
            label = _TYPE_LABEL.get(e.type, "ORG") if e.kind == "actor" else _KIND_LABEL.get(e.kind, "MISC")
            if e.kind == "place" and e.data.get("facility"):
                label = "FAC"
            for alias in e.aliases:
                for variant in sorted(_variants(alias)):
                    words = variant.split()
                    exact = (len(words) == 1 or words[0] in ("the", "The") or variant in e.get("short_case", [])
                             or e.kind == "channel" and len(words) <= 2)
                    key = (label, variant if exact else variant.lower())
                    if key in seen or (label, norm(variant)) in seen and exact:
                        continue
                    seen.add(key)
                    if exact:
                        patterns.append({"label": label, "pattern": [{"ORTH": w} for w in _split(variant)]})
                    else:
                        patterns.append({"label": label, "pattern": variant})
        return patterns


def _split(text: str) -> list[str]:
    """Token boundaries as spaCy's English tokenizer draws them for names."""
    return [t.text for t in _tokenizer()(text)]


@lru_cache(maxsize=1)
def _tokenizer():
    from spacy.lang.en import English

    return English().tokenizer


def load(path: str | Path | None = None) -> Gazetteer:
    path = Path(path) if path else ONTOLOGY_DIR / "gazetteer.jsonl"
    return _load_cached(str(path))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    entries = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"cannot read the gazetteer: {err.strerror}", path=path) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"gazetteer line {n} is not JSON: {err.msg}", path=path) from None
        if "id" not in row:
            continue  # the header line documents the format
        entries.append(Entry(id=row["id"], kind=row["kind"], label=row["label"], type=row.get("type", ""),
                             wikidata=row.get("wikidata"), aliases=tuple(row.get("aliases", ())),
                             data={k: v for k, v in row.items()
                                   if k not in ("id", "kind", "label", "type", "wikidata", "aliases")}))
    return Gazetteer(entries)
