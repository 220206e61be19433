"""Who is who in one document: entity linking and reference resolution.

Entities found by the `kg_mentions` component are mapped to canonical actor
keys (gazetteer ids, or normalised names for people and bodies the gazetteer
does not know: "Kim Myong Gil" → Kim Myong-gil); bare surnames follow the
person last named in full; "he" follows the latest subject (or whoever
reports the clause, or speaks the quotation); "their" and "the two leaders"
the latest pair; titles ("the North Korean leader", "the president") whoever
held the office at publication; "North Korean diplomats" a body of its own
beside its state.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from . import gazetteer as gz
from .frames import quoted_tokens
from .model import Document

__all__ = ["Referents", "KOREAN_SURNAMES"]

KOREAN_SURNAMES = {
    "kim", "lee", "park", "choi", "choe", "jung", "chung", "jeong", "kang", "cho", "yoon", "yun", "jang",
    "lim", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "yoo", "hong", "jeon", "ko", "moon",
    "yang", "son", "bae", "baek", "heo", "nam", "ri", "ryu", "roh", "suh", "hyun", "pak", "jon", "ju", "noh",
    "won", "ri", "so", "ro", "hyon", "thae",
}
OUTLET_WORDS = re.compile(r"\b(news|times|post|agency|tv|press|daily|herald|journal|radio|broadcast|tribune|"
                          r"gazette|ilbo|sinmun|network|media|newspaper|magazine|wire)\b", re.I)


class Referents:
    """Reference state of one document; `kg.extract` builds event records on top of it."""

    def __init__(self, doc: Document, sdoc: Doc, gaz: gz.Gazetteer) -> None:
        self.doc, self.sdoc, self.gaz = doc, sdoc, gaz
        self.pub = doc.published
        self.mentions: list[dict] = sdoc._.kg_mentions or []
        self.frames: list[dict] = sdoc._.kg_frames or []
        self.sents: list[dict] = sdoc._.kg_sents or []
        self.labels: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.surface: dict[str, list[str]] = {}
        self.keys: list[tuple[str, str | None]] = []  # per mention: (kind, key)
        self.timeline: list[tuple[int, str]] = []  # (token, actor key) for persons, in text order
        self.subjects: list[tuple[int, str]] = []  # the persons among them that are grammatical subjects
        self.groups: list[tuple[int, str]] = []  # bodies such as "North Korean diplomats"
        self.arguments: list[tuple[int, str]] = []  # persons that are arguments, not modifiers
        self.states: list[tuple[int, str]] = []
        self.state_subjects: list[tuple[int, str]] = []
        self.quoted = quoted_tokens(sdoc)
        self.tok2m = {i: n for n, m in enumerate(self.mentions) for i in range(m["s"], m["e"])}
        self.named = {m["ids"][0] for m in self.mentions if m["ids"] and m["kind"] == "actor"}
        self._link_mentions()

    def _link_mentions(self) -> None:
        surnames: dict[str, str] = {}
        for n, m in enumerate(self.mentions):
            kind, key = self._link(m, n, surnames)
            self.keys.append((kind, key))
            if key and kind == "actor":
                self.surface.setdefault(key, [])
                if m["text"] not in self.surface[key]:
                    self.surface[key].append(m["text"])
                if self.types.get(key) == "Person":
                    root = self.sdoc[m["s"]:m["e"]].root
                    subject = root.dep_ in ("nsubj", "nsubjpass") or root.dep_ in ("poss", "compound", "appos") \
                        and root.head.dep_ in ("nsubj", "nsubjpass")
                    self.timeline.append((m["s"], key))
                    nxt = self.sdoc[m["e"]] if m["e"] < len(self.sdoc) else None
                    if root.dep_ not in ("poss", "compound") and not (nxt is not None and nxt.tag_ == "POS"):
                        self.arguments.append((m["s"], key))
                    if subject:
                        self.subjects.append((m["s"], key))
                elif self.types.get(key) == "State":
                    root = self.sdoc[m["s"]:m["e"]].root
                    if not (root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to", "from", "near")):
                        self.states.append((m["s"], key))  # "in Seoul" is a place, not a side
                    if root.dep_ in ("nsubj", "nsubjpass"):
                        self.state_subjects.append((m["s"], key))

    def _register(self, key: str, label: str, typ: str) -> str:
        self.labels.setdefault(key, label)
        self.types.setdefault(key, typ)
        return key

    def _link(self, m: dict, n: int, surnames: dict[str, str]) -> tuple[str, str | None]:
        kind, ids = m["kind"], m["ids"]
        if kind == "office":
            nxt = self.mentions[n + 1] if n + 1 < len(self.mentions) else None
            if nxt and nxt["s"] - m["e"] <= 1 and nxt["label"] == "PERSON":
                return "title", None
            holder = self.gaz.holder(ids[0], self.pub) if ids else None
            if holder is None:
                return "office", None
            return "actor", self._register(holder.id, holder.label, holder.type)
        if kind == "norp":
            e = self.gaz.entries[ids[0]]
            return "norp", self._register(e.id, e.label, e.type)
        if ids:
            e = self.gaz.entries[ids[0]]
            if e.kind == "actor":
                if e.type == "Person" and e.get("surname"):
                    surnames[e.get("surname").lower()] = e.id
                return "actor", self._register(e.id, e.label, e.type)
            if e.kind in ("outlet", "channel", "place"):
                self.labels.setdefault(e.id, e.label)
                return e.kind, e.id
        if kind == "person":
            return "actor", self._person(m["text"], surnames)
        if kind == "org":
            if " " not in m["text"].strip() and m["text"].lower() in surnames:
                return "actor", surnames[m["text"].lower()]  # NER took "Chung" for an organisation
            label = re.sub(r"^the\s+", "", m["text"], flags=re.I)
            if OUTLET_WORDS.search(label):
                key = "outlet:" + gz.slug(label)
                self.labels.setdefault(key, label)
                return "outlet", key
            return "actor", self._register("org:" + gz.slug(label), label, "Organization")
        if kind == "place":
            label = re.sub(r"^the\s+", "", m["text"], flags=re.I)
            key = "place:" + gz.slug(label)
            self.labels.setdefault(key, label)
            return "place", key
        return kind, None

    def _person(self, text: str, surnames: dict[str, str]) -> str | None:
        words = [w for w in re.split(r"\s+", text.strip()) if w]
        words = [w for w in words if w.lower() not in ("mr.", "mrs.", "ms.", "dr.", "mr", "ms")]
        if not words:
            return None
        if len(words) == 1:
            w = words[0].lower()
            default = next((e for e in self.gaz.by_surname.get(w, []) if e.get("surname_default")), None)
            if default is not None and default.id in self.named:
                # a bare "Kim" in an article that names Kim Jong-un is him, even after Kim Kye-gwan
                return self._register(default.id, default.label, default.type)
            if w in surnames:
                return surnames[w]
            for e in self.gaz.by_surname.get(w, []):
                if e.get("surname_default"):
                    surnames[w] = e.id
                    return self._register(e.id, e.label, e.type)
            # a given name alone ("Steve") or an unknown surname
            for key, label in self.labels.items():
                if key.startswith("person:") and words[0] in label.split():
                    return key
            return self._register("person:" + gz.slug(words[0]), words[0], "Person")
        label = _korean_name(words) or " ".join(words)
        entry = self.gaz.lookup(label, "actor")
        if entry:
            key = self._register(entry.id, entry.label, entry.type)
        else:
            key = self._register("person:" + gz.slug(label), label, "Person")
        surname = words[0] if words[0].lower() in KOREAN_SURNAMES and len(words) == 3 or "-" in words[-1] \
            and words[0].lower() in KOREAN_SURNAMES else words[-1]
        surnames[surname.lower()] = key
        return key

    def actors_of(self, refs: list[list]) -> list[str]:
        out: list[str] = []
        for r in refs:
            for key in self._ref(r):
                if key and key not in out:
                    out.append(key)
        return out

    def _ref(self, r: list) -> list[str]:
        tag = r[0]
        if tag == "m":
            kind, key = self.keys[r[1]]
            if kind == "title" and r[1] + 1 < len(self.keys):
                kind, key = self.keys[r[1] + 1]  # "Special Representative for North Korea Stephen Biegun"
            return [key] if kind in ("actor", "norp") and key else []
        if tag == "pron":
            word, i = r[1], r[2]
            if word in ("his", "her") and self._fronted(i):
                return self._fronted(i)
            if word in ("him", "her") and self.sdoc[i].dep_ in ("dobj", "pobj", "dative"):
                return self._object_antecedent(i)
            if word in ("he", "him", "his", "she", "her"):
                return self._antecedent(i)
            if word in ("i", "me", "my", "we", "us", "our"):
                return self._quote_speaker(i)
            if word in ("it", "its"):  # "it launched two missiles": the state last acting as subject
                floor = self.sents[max(0, self._sent_index(i) - 2)]["start"] if self.sents else 0
                prior = [k for t, k in self.state_subjects if floor <= t < i]
                return prior[-1:]
            if word in ("their", "they", "them"):
                pair = self._recent_pair(i, persons=True, seq=self.arguments)
                if word == "their" and len(pair) == 2:
                    return pair
                prior = sorted((t, k) for t, k in self.states + self.groups if t < i)
                return [prior[-1][1]] if prior else pair
            return []
        if tag == "koreas" and r[2:] == ["leaders"]:
            return self._inter_korean()
        if tag == "koreas":
            for key in ("north-korea", "south-korea"):
                self._register_entry(key)
            return ["north-korea", "south-korea"]
        if tag == "pair":
            return self._recent_pair(r[2], persons=r[1] not in ("country", "nation", "side"))
        if tag == "group":
            return [self._group(r[1], r[3])]
        if tag == "title":
            return self._title(r[1], r[2])
        return []

    def _group(self, noun: str, mention: int) -> str | None:
        """"North Korean diplomats", "Pyongyang diplomats": one body per state."""
        kind, state = self.keys[mention]
        entry = self.gaz.entries.get(state) if state else None
        if entry is None or entry.type != "State":
            return None
        demonym = (entry.get("demonyms") or [entry.label])[0]
        label = f"{demonym} {noun}s"
        key = self._register("group:" + gz.slug(label), label, "Organization")
        self.surface.setdefault(key, [])
        self.groups.append((self.mentions[mention]["s"], key))
        return key

    def _fronted(self, i: int) -> list[str]:
        """"In his statement issued Saturday, Kim Kye Gwan ... said": a possessive
        in a phrase that opens the sentence points forward to its subject."""
        tok = self.sdoc[i]
        root = tok.sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i < i:
            return []
        n = self._mention_index(subj.i)
        if n is None:
            return []
        kind, key = self.keys[n]
        return [key] if kind == "actor" and self.types.get(key) == "Person" else []

    def _antecedent(self, i: int) -> list[str]:
        """"he": whoever reports the clause "he" is the subject of ("quoted Kim as
        saying he had received"), else the latest person that was a subject
        within the last two sentences, else the latest person mentioned."""
        reporter = self._reporter(i)
        if reporter:
            return reporter
        sent = self._sent_index(i)
        floor = self.sents[max(0, sent - 2)]["start"] if self.sents else 0
        recent = [k for t, k in self.subjects if floor <= t < i]
        if recent:
            return recent[-1:]
        prior = [k for t, k in self.timeline if t < i]
        return prior[-1:]

    def _object_antecedent(self, i: int) -> list[str]:
        """"Trump had agreed to meet him": not Trump (the subject), not whoever
        says so — the latest other person."""
        clause = self.sdoc[i].head
        while clause.dep_ == "xcomp" and clause.head is not clause:
            clause = clause.head  # "Trump had agreed to meet him": the subject of "agreed"
        taken = {k for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in self.tok2m
                 for k in self._ref(["m", self.tok2m[c.i]])}
        taken |= {k for r in self.sents[self._sent_index(i)].get("speaker", []) for k in self._ref(r)
                  if r[0] == "m"}
        prior = [k for t, k in self.timeline if t < i and k not in taken]
        return prior[-1:] or self._antecedent(i)

    def _reporter(self, i: int) -> list[str]:
        tok = self.sdoc[i]
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        clause = tok.head
        speech = clause.head
        if clause.dep_ not in ("ccomp", "advcl", "pcomp") or speech.lemma_.lower() not in (
                "say", "tell", "claim", "insist", "add", "state", "write", "note", "argue"):
            return []
        cands = [c for c in speech.children if c.dep_ == "nsubj"]
        if speech.lemma_.lower() == "say" and not cands:  # "quoted Kim as saying he ..."
            for anc in list(speech.ancestors)[:3]:
                if anc.lemma_.lower() in ("quote", "cite"):
                    cands = [c for c in anc.children if c.dep_ == "dobj"]
                    break
        for c in cands:
            n = self._mention_index(c.i)
            if n is not None and self.keys[n][0] == "actor" and self.types.get(self.keys[n][1]) == "Person":
                return [self.keys[n][1]]
        return []

    def _quote_speaker(self, i: int) -> list[str]:
        """"I"/"we" inside a quotation: whoever the sentence (or the one after
        or before it) says is speaking."""
        if i not in self.quoted:
            return []
        sent = self._sent_index(i)
        for n in (sent, sent + 1, sent - 1):
            if 0 <= n < len(self.sents):
                keys = [k for r in self.sents[n].get("speaker", []) if r[0] != "pron" or r[1] not in
                        ("i", "we") for k in self._ref(r)]
                if keys:
                    return keys[:1]
        return []

    def _sent_index(self, i: int) -> int:
        for n, s in enumerate(self.sents):
            if s["start"] <= i < s["end"]:
                return n
        return 0

    def _recent_pair(self, i: int, persons: bool, seq: list | None = None) -> list[str]:
        seq = seq if seq is not None else self.timeline if persons else self.states
        out: list[str] = []
        for _, k in sorted(((t, k) for t, k in seq if t < i), reverse=True):
            if persons and not self._is_leader(k) and len(out) == 0 and any(
                    self._is_leader(k2) for t2, k2 in seq if t2 < i):
                continue
            if k not in out:
                out.append(k)
            if len(out) == 2:
                break
        return out

    def _is_leader(self, key: str) -> bool:
        e = self.gaz.entries.get(key)
        return bool(e and e.get("leader"))

    def _title(self, word: str, i: int) -> list[str]:
        offices = {o.id for o in self.gaz.generic_titles.get(word, [])}
        for t, k in sorted(self.timeline, reverse=True):
            if t < i and self.gaz.offices_of(k) & offices:
                return [k]
        return []

    def _register_entry(self, key: str) -> None:
        e = self.gaz.entries.get(key)
        if e:
            self._register(e.id, e.label, e.type)

    def _mention_index(self, i: int) -> int | None:
        return self.tok2m.get(i)

    def _salient_states(self, keys: list[str]) -> list[str]:
        """States the article treats as parties: named at least twice, or named
        once while a person or body of that state takes part in an event."""
        named: dict[str, int] = {}
        for (kind, key), m in zip(self.keys, self.mentions):
            if kind in ("actor", "norp") and key and self.types.get(key) == "State":
                root = self.sdoc[m["s"]:m["e"]].root
                if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "inside", "outside", "across"):
                    continue  # "in Singapore": a place here, not a party
                named[key] = named.get(key, 0) + 1
        involved = {self.gaz.entries[k].get("state") for k in keys if k in self.gaz.entries}
        return [k for k, n in named.items() if n >= 2 or k in involved]

    def _inter_korean(self) -> list[str]:
        out = []
        for office in ("sk-president", "nk-leader"):
            h = self.gaz.holder(office, self.pub)
            if h:
                out.append(self._register(h.id, h.label, h.type))
        return out


def _korean_name(words: list[str]) -> str | None:
    """"Kim Myong Gil" / "Kim Myong-Gil" → "Kim Myong-gil" (the romanisation most outlets use)."""
    if words[0].lower() not in KOREAN_SURNAMES or not all(w[:1].isupper() for w in words):
        return None
    if len(words) == 3:
        return f"{words[0]} {words[1]}-{words[2].lower()}"
    if len(words) == 2 and "-" in words[1]:
        a, b = words[1].split("-", 1)
        return f"{words[0]} {a}-{b.lower()}"
    return None
