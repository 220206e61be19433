"""Stage 3, extract: one parsed document → typed event records and its actors.

The spaCy components have already linked entities and read each trigger's
arguments off the parse. This stage adds what needs the document as a whole:
who "he", "the two leaders" and "the North Korean leader" are (by recency in
the text and by who held the office at publication), which date each record
has (normalised against the publication date and the previous date in the
text), status, attribution and modality, the link to the reference catalog,
and the merging of repeated mentions of one event within the document.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from . import catalog as catalog_mod
from . import gazetteer as gz
from .catalog import FAMILY, Catalog
from .dates import resolve as resolve_date
from .model import ActorRef, DocExtraction, Document, EventRecord, TimeValue

__all__ = ["extract", "KOREAN_SURNAMES"]

KOREAN_SURNAMES = {
    "kim", "lee", "park", "choi", "choe", "jung", "chung", "jeong", "kang", "cho", "yoon", "yun", "jang",
    "lim", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "song", "yoo", "hong", "jeon", "ko", "moon",
    "yang", "son", "bae", "baek", "heo", "nam", "ri", "ryu", "roh", "suh", "hyun", "pak", "jon", "ju", "noh",
    "won", "ri", "so", "ro", "hyon", "thae",
}
OUTLET_WORDS = re.compile(r"\b(news|times|post|agency|tv|press|daily|herald|journal|radio|broadcast|tribune|"
                          r"gazette|ilbo|sinmun|network|media|newspaper|magazine|wire)\b", re.I)
SPEECH_TYPES = {"Statement"}
SEND_VERBS = {"send", "write", "deliver", "hand", "pass", "convey", "forward", "release", "dispatch", "give"}
RECEIVE_VERBS = {"receive", "get", "accept", "open", "read"}
CARRIER_VERBS = {"deliver", "hand", "pass", "convey", "carry", "relay", "bring"}
NOT_SPEECH = {"add", "raise", "welcome", "express", "note", "respond", "reply", "comment", "suggest", "quote"}
STRONG_SPEECH = {"say", "tell", "state", "announce", "tweet", "post", "claim", "warn", "vow", "declare",
                 "describe", "refer", "praise", "hail", "tout", "blame", "criticize", "criticise", "condemn",
                 "accuse", "signal", "deny", "confirm", "acknowledge", "threaten", "pledge", "promise", "call",
                 "label", "dub", "brand", "reiterate", "urge", "insist", "stress", "remark", "suggest", "gush",
                 "boast", "argue", "assert", "admit", "rebuff", "slam", "lash", "reveal", "emphasize",
                 "statement", "remark", "comment", "commentary", "speech", "address", "interview", "tweet",
                 "announcement", "editorial", "warning", "post", "express", "welcome", "add", "note",
                 "suggest", "response", "ask", "request"}
ISSUE_VERBS = {"issue", "release", "make", "publish", "deliver", "give", "post", "carry", "read"}
OFFICE_ORGS = {"white-house", "cheong-wa-dae"}  # a head of state's own office speaks for them
HOLD_VERBS = {"hold", "have", "attend", "host", "end", "conclude", "wrap", "begin", "open", "convene", "plan",
              "schedule", "propose", "cancel", "agree", "prepare", "arrange", "set", "reinstate",
              "resume", "restart", "seek", "announce", "confirm", "accept", "finish", "start"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def extract(doc: Document, sdoc: Doc, *, gaz: gz.Gazetteer | None = None,
            catalog: Catalog | None = None) -> DocExtraction:
    """Event records and actors of one document, from its parsed body."""
    gaz = gaz or gz.load()
    catalog = catalog or catalog_mod.load(gaz)
    return _DocReader(doc, sdoc, gaz, catalog).run()


class _DocReader:
    def __init__(self, doc: Document, sdoc: Doc, gaz: gz.Gazetteer, catalog: Catalog) -> None:
        self.doc, self.sdoc, self.gaz, self.catalog = doc, sdoc, gaz, catalog
        self.pub = doc.published
        self.mentions: list[dict] = sdoc._.kg_mentions or []
        self.frames: list[dict] = sdoc._.kg_frames or []
        self.sents: list[dict] = sdoc._.kg_sents or []
        self.labels: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.surface: dict[str, list[str]] = {}
        self.warnings: list[str] = []
        self.keys: list[tuple[str, str | None]] = []  # per mention: (kind, key)
        self.timeline: list[tuple[int, str]] = []  # (token, actor key) for persons, in text order
        self.subjects: list[tuple[int, str]] = []  # the persons among them that are grammatical subjects
        self.groups: list[tuple[int, str]] = []  # bodies such as "North Korean diplomats"
        self.arguments: list[tuple[int, str]] = []  # persons that are arguments, not modifiers
        self.states: list[tuple[int, str]] = []
        self.paragraph_of = self._paragraphs()
        self.quoted = {f["i"] for f in self.frames if f.get("quoted")} | _quoted_tokens(sdoc)
        self.dates: dict[int, tuple] = {}  # DATE ent start token → (TimeValue, end)
        self.date_sent: list[tuple[int, int, TimeValue]] = []  # (sent, token, value) explicit past dates

    # -- entry ------------------------------------------------------------------
    def run(self) -> DocExtraction:
        self._link_mentions()
        self._resolve_dates()
        records = []
        by_token: dict[int, EventRecord] = {}
        for n, f in enumerate(self.frames):
            rec = self._record(f, n)
            if rec is not None:
                records.append(rec)
                by_token[f["i"]] = rec
        records = self._inherit_appositions(records, by_token)
        records = [r for r in records if r.participants or r.catalog]
        records = self._link_objects(records)
        records = self._merge(records)
        actors = self._actors(records)
        return DocExtraction(doc=self.doc, actors=actors, events=tuple(records), warnings=tuple(self.warnings))

    # -- actors -------------------------------------------------------------------
    def _paragraphs(self) -> dict[int, int]:
        """Sentence index → paragraph index (kept line of the original)."""
        starts, pos = [], 0
        for s, e in self.doc.segments:
            starts.append(pos)
            pos += e - s + len(self.doc.SEP)
        out = {}
        for n, s in enumerate(self.sents):
            out[n] = sum(1 for st in starts if st <= s["cs"]) - 1
        return out

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
                    self.states.append((m["s"], key))

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

    # -- references -----------------------------------------------------------------
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
            return [key] if kind in ("actor", "norp") and key else []
        if tag == "pron":
            word, i = r[1], r[2]
            if word in ("his", "her") and self._fronted(i):
                return self._fronted(i)
            if word in ("he", "him", "his", "she", "her"):
                return self._antecedent(i)
            if word in ("i", "me", "my", "we", "us", "our"):
                return self._quote_speaker(i)
            if word in ("their", "they", "them"):
                pair = self._recent_pair(i, persons=True, seq=self.arguments)
                if word == "their" and len(pair) == 2:
                    return pair
                prior = sorted((t, k) for t, k in self.states + self.groups if t < i)
                return [prior[-1][1]] if prior else pair
            return []
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

    # -- dates ----------------------------------------------------------------------
    def _resolve_dates(self) -> None:
        previous: TimeValue | None = None
        ent_sent = {}
        for n, s in enumerate(self.sents):
            for i in range(s["start"], s["end"]):
                ent_sent[i] = n
        for d in self.sdoc._.kg_dates or []:
            sent = ent_sent.get(d["s"], 0)
            hit = resolve_date(d["text"], self.pub, previous=previous, future=d["lean"] == "future",
                               past=d["lean"] == "past")
            if hit is None:
                continue
            self.dates[d["s"]] = hit
            previous = hit[0]
            if self.pub is None or hit[0].value <= self.pub:
                self.date_sent.append((sent, d["s"], hit[0]))

    def _date_for(self, f: dict) -> tuple[TimeValue | None, TimeValue | None, str]:
        for text, start, end, score in f["dates"]:
            if start in self.dates:
                if self._attached_to_report(start, f):
                    continue
                value, end_value = self.dates[start]
                return value, end_value, "explicit"
        return None, None, "none"

    def _attached_to_report(self, start: int, f: dict) -> bool:
        """A date on "NK News reported Wednesday" dates the report, not the event."""
        tok = self.sdoc[start]
        head = tok.head if tok.dep_ in ("npadvmod", "pobj", "prep") else tok
        while head.dep_ in ("pobj", "prep") and head.head is not head:
            head = head.head
        return (head.i != f["i"] and head.lemma_.lower() in ("report", "say", "tell", "cite")
                and head.pos_ == "VERB" and f["type"] not in SPEECH_TYPES)

    def _context_date(self, f: dict) -> TimeValue | None:
        """The latest past date stated earlier in the same paragraph."""
        para = self.paragraph_of.get(f["sent"])
        best = None
        for sent, tok, value in self.date_sent:
            if tok < f["i"] and self.paragraph_of.get(sent) == para and sent >= f["sent"] - 2:
                best = value
        return best

    # -- one frame → one record ------------------------------------------------------
    def _record(self, f: dict, n: int) -> EventRecord | None:
        etype = f["type"]
        sent = self.sents[f["sent"]] if f["sent"] < len(self.sents) else {"cs": 0, "ce": 0, "cues": [], "attr": []}
        agent, patient = self.actors_of(f["agent"]), self.actors_of(f["patient"])
        with_, to, frm = self.actors_of(f["with"]), self.actors_of(f["to"]), self.actors_of(f["from"])
        cues = set(f["cues"]) | set(sent["cues"])
        modality = _modality(cues)
        lemma = f["lemma"]
        sender = recipient = None
        if f["neg"] and modality not in ("declined_to_comment", "no_response", "not_denied"):
            return None
        if "conditional" in cues and etype not in SPEECH_TYPES:
            return None
        if etype == "Refusal" and lemma == "decline" and _xcomp_lemma(self.sdoc, f) == "comment":
            etype, modality = "Statement", "declined_to_comment"
        if etype == "Statement" and f["pos"] == "NOUN" and lemma == "comment" and f.get("verb") == "comment":
            return None
        if etype == "Proposal" and lemma == "suggest" and f.get("obj") not in ("meeting", "talk", "summit", "visit"):
            etype = "Statement"
        if etype == "Statement":
            response = modality in ("declined_to_comment", "no_response", "not_denied")
            if lemma not in STRONG_SPEECH and not response or f.get("quoted") or f["dep"] in ("relcl", "acl"):
                return None
            if "conditional" in cues or f.get("reported") and f["lemma"] not in ("say", "tell"):
                return None
            if f["pos"] not in ("VERB", "AUX") and not f["dates"] and not response:
                return None  # "Kim's most recent statement": a reference, not a new statement
            if lemma in ("welcome", "greet") and any(self.types.get(p) == "Person" for p in patient):
                return None  # welcoming a guest is the meeting, not a statement
            if f["pos"] in ("VERB", "AUX") and not f.get("own_subject"):
                return None
            speakers = [a for a in agent if self.types.get(a)]
            if not speakers:
                return None
            participants = speakers[:2]
            if self._announces_own_event(f, participants):
                return None
        elif etype in ("Letter", "LetterExchange"):
            verb = f.get("verb") or (lemma if f["pos"] == "VERB" else None)
            if verb not in SEND_VERBS | RECEIVE_VERBS | CARRIER_VERBS and f.get("acl_verb"):
                verb = f["acl_verb"]  # "a letter he received from Kim"
            owner = self.actors_of(f.get("poss", []))  # "Trump's letter": the writer
            subject = [a for a in agent if a not in owner]
            if verb in RECEIVE_VERBS:
                recipient = (subject or [None])[0]
                sender = (owner or frm or [None])[0]
            elif verb in CARRIER_VERBS and (frm or owner):
                sender, recipient = (owner or frm)[0], (to or [None])[0]
            else:
                writer = subject if verb is None or verb in SEND_VERBS else []
                sender = (owner or writer or frm or [None])[0]
                recipient = (to or [None])[0]
            if sender == recipient:
                recipient = None
            participants = [a for a in (sender, recipient) if a]
            if f.get("plural") and etype == "Letter" and not f["count"] and len(participants) >= 1:
                etype = "Letters"
            if etype == "LetterExchange" or f["count"] and f["count"] > 1 and not recipient:
                participants = _unique(agent + with_ + participants)
                if len(participants) < 2 and "exchange" in f["text"].lower():
                    participants = _unique(participants + self._recent_pair(f["i"], persons=True))
                if f["count"] and f["count"] > 2:
                    etype = "LetterExchange"
                if etype == "LetterExchange":
                    sender = recipient = None
        elif etype in ("Summit", "Meeting", "Call", "Agreement"):
            if lemma in ("welcome", "greet", "host") and not patient:
                return None  # "welcomed the message": no guest, no meeting
            participants = _unique(agent + with_ + patient + (to if lemma == "visit" else []))
            if not participants and "mod:inter-korean" in cues:
                participants = self._inter_korean()
        elif etype == "Proposal":
            verb = f.get("verb")
            if verb in CARRIER_VERBS and f["pos"] not in ("VERB", "AUX"):
                agent = self.actors_of(f.get("poss", []))  # the carrier is the channel, not a party
            participants = _unique(agent + to + patient + with_)
            if verb in ("accept", "receive", "reject", "decline") and f["pos"] == "NOUN":
                participants = _unique(self._meet_target(f) + agent + participants)
        elif etype == "Refusal":
            participants = _unique(agent) or _unique(patient if f["pos"] == "NOUN" else [])
            participants = [p for p in participants if self.types.get(p) != "Person" or p in agent]
        elif etype == "MilitaryAction":
            participants = [a for a in _unique(agent + with_) if self.types.get(a) == "State"]
            if not participants and agent:
                states = [self.gaz.entries[a].get("state") for a in agent if a in self.gaz.entries]
                participants = [s for s in states if s]
        else:
            participants = _unique(agent + patient)
        participants = [p for p in participants if p]
        if etype not in ("LetterExchange",) and f["count"] and f["count"] > 1 and etype in ("Summit", "Meeting"):
            return None  # "three landmark meetings": a tally, the items follow
        value, end, basis = self._date_for(f)
        status = "occurred" if etype in SPEECH_TYPES else _status(f, cues, value, self.pub)
        places = self._places(f)
        if lemma == "visit":  # "visit Seoul": the state or city visited is where, not who
            hosts = [p for p in patient + to if self.types.get(p) == "State"]
            participants = [p for p in participants if p not in hosts]
            places = places or [p for p in hosts]
        channel = self._channel(f, sent)
        text = self.sdoc[self.sdoc[f["i"]].sent.start:self.sdoc[f["i"]].sent.end].text
        ordinal = next((ORDINALS[c.split(":")[1]] for c in f["cues"]
                        if c.startswith("adj:") and c.split(":")[1] in ORDINALS), None)
        ref = None
        if etype not in SPEECH_TYPES or "fire and fury" in text.lower():
            query = dict(participants=set(participants), places=set(places), when=value, published=self.pub,
                         text=text, ordinal=ordinal, sender=sender, recipient=recipient)
            ref = self.catalog.match(etype, **query)
            if ref is None and value is None and status == "occurred" and not _pluperfect(cues):
                ref = self.catalog.match(etype, **query, near=self.news_day[0].value if self.news_day else None)
        if ref is None and etype in ("Summit", "Meeting") and ordinal and not participants:
            return None
        if ref is not None:
            participants = participants if set(ref.participants) <= set(participants) else \
                _unique(list(ref.participants) + [p for p in participants if p not in ref.participants
                                                  and self.types.get(p) != "State"])
            for p in ref.participants:
                self._register_entry(p)
            if etype in ("Summit", "Meeting", "Letters"):
                etype = ref.type
            if value is None or value.precision != "day" and value.covers(ref.date):
                value, end, basis = ref.date, ref.end, "catalog"
            places = places or ([ref.place] if ref.place else [])
            if ref.sender and not sender and etype in ("Letter",):
                sender, recipient = ref.sender, ref.recipient
            if self.pub and ref.date.value > self.pub and status == "occurred":
                status = "planned"
            if ref.via and not channel:
                channel = "envoy:" + ref.via
                self._register_entry(ref.via)
        elif etype in ("Summit", "Meeting") and f["pos"] not in ("VERB", "AUX") and not (
                value or places or f.get("verb") in HOLD_VERBS):
            return None  # "return to talks", "future meetings": no particular meeting
        if etype == "Letters":
            etype = "Letter"
        if value is None:
            value, basis = self._default_date(f, etype, status, cues)
        if status == "planned" and value is None and ref is None:
            return None  # a wish or a possibility, not a planned event
        if status == "planned" and _speculative(cues):
            return None  # "could meet", "may visit": a possibility someone floats
        if etype == "MilitaryAction" and basis != "explicit" and ref is None:
            return None  # exercises or tests named as a topic, not as an event
        if status == "occurred" and value and self.pub and value.value > self.pub and value.precision == "day":
            status = "planned"
        start = self.doc.to_original(sent["cs"])
        stop = self.doc.to_original(max(sent["ce"] - 1, sent["cs"])) + 1
        count = f["count"] if etype in ("Letter", "LetterExchange") else None
        if ref is not None and etype == "LetterExchange" and count is None:
            count = ref.count
        return EventRecord(
            doc=self.doc.id, type=etype, start=start, end=stop, evidence=self.doc.text[start:stop],
            trigger=f["text"], participants=tuple(participants), sender=sender, recipient=recipient,
            date=value, end_date=end, date_basis=basis, place=places[0] if places else None,
            channel=channel, status=status, attribution=self._attribution(sent), modality=modality,
            count=count, catalog=ref.id if ref else None, local_id=f"{self.doc.id}#{n}")

    def _announces_own_event(self, f: dict, speakers: list[str]) -> bool:
        """"Trump announced that he had canceled the summit": the news is the
        cancellation, which is its own event; the announcement adds nothing."""
        about = f.get("about_i")
        if about is None:
            return False
        inside = {t.i for t in self.sdoc[about].subtree}
        for other in self.frames:
            if other is f or other["i"] not in inside or other["type"] == "Statement":
                continue
            parties = self.actors_of(other["agent"] + other["with"])
            if set(parties) & set(speakers):
                return True
        return False

    def _register_entry(self, key: str) -> None:
        e = self.gaz.entries.get(key)
        if e:
            self._register(e.id, e.label, e.type)

    def _inter_korean(self) -> list[str]:
        out = []
        for office in ("sk-president", "nk-leader"):
            h = self.gaz.holder(office, self.pub)
            if h:
                out.append(self._register(h.id, h.label, h.type))
        return out

    def _meet_target(self, f: dict) -> list[str]:
        """"accepted an invitation to meet Kim": the inviter is whoever is to be met."""
        tok = self.sdoc[f["i"]]
        for c in tok.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_ in ("meet", "visit", "talk"):
                for obj in c.children:
                    if obj.dep_ in ("dobj", "prep"):
                        target = obj if obj.dep_ == "dobj" else next(
                            (p for p in obj.children if p.dep_ == "pobj"), obj)
                        n = self._mention_index(target.i)
                        if n is not None and self.keys[n][0] == "actor":
                            return [self.keys[n][1]]
        return []

    def _mention_index(self, i: int) -> int | None:
        for n, m in enumerate(self.mentions):
            if m["s"] <= i < m["e"]:
                return n
        return None

    def _default_date(self, f: dict, etype: str, status: str, cues: set[str]) -> tuple[TimeValue | None, str]:
        """An undated event reported as news happened on the day the article
        reports on (its lead date, else the publication date) — unless the
        text marks it as earlier ("had met", "their first summit")."""
        if status != "occurred" or self.pub is None or _pluperfect(cues):
            return None, "none"
        if any(c.startswith("adj:") and c.split(":")[1] in {*ORDINALS, "last", "previous", "earlier"}
               for c in f["cues"]):
            return None, "none"
        context = self._context_date(f) if etype in SPEECH_TYPES else None
        if context is not None:
            return context, "context"
        return self.news_day if self.news_day else (None, "none")

    @property
    def news_day(self) -> tuple[TimeValue, str] | None:
        """The day the article reports on: its first explicit date in the week
        before publication, else the publication date."""
        if self.pub is None:
            return None
        for _sent, _tok, value in self.date_sent:
            if value.precision == "day" and 0 <= (self.pub - value.value).days <= 7:
                return value, "context"
        return TimeValue(self.pub, "day"), "publication"

    def _places(self, f: dict) -> list[str]:
        out = []
        for n in f["loc"]:
            kind, key = self.keys[n]
            ids = self.mentions[n]["ids"]
            place = None
            for i in ids:
                e = self.gaz.entries[i]
                if e.kind == "place" or e.kind == "actor" and e.type == "State":
                    place = i
                    break
            if place is None and kind == "place":
                place = key
            if place and place not in out:
                out.append(place)
                e = self.gaz.entries.get(place)
                self.labels.setdefault(place, e.label if e else self.mentions[n]["text"])
        return out

    def _channel(self, f: dict, sent: dict) -> str | None:
        for n, (kind, key) in enumerate(self.keys):
            m = self.mentions[n]
            if kind == "channel" and sent["cs"] <= m["cs"] < sent["ce"]:
                if key in ("twitter", "truth-social", "social-media") and f["type"] != "Statement":
                    continue
                return key
        if f["type"] == "Statement" and f["lemma"] == "tweet":
            return "twitter"
        carriers = self.actors_of(f["via"])
        if f.get("verb") in CARRIER_VERBS and f["type"] in ("Letter", "Proposal"):
            carriers = carriers or [a for a in self.actors_of(f["agent"]) if self.types.get(a) == "Person"]
        for c in carriers:
            if self.types.get(c) == "Person":
                return "envoy:" + c
        return None

    def _attribution(self, sent: dict) -> str | None:
        names = []
        for r in sent["attr"]:
            if r[0] == "m":
                kind, key = self.keys[r[1]]
                names.append(self.labels.get(key, self.mentions[r[1]]["text"]) if key else self.mentions[r[1]]["text"])
            else:
                names.append(r[1])
        return ", ".join(dict.fromkeys(names)) or None

    # -- document-level passes ------------------------------------------------------
    def _inherit_appositions(self, records: list[EventRecord], by_token: dict[int, EventRecord]) -> list[EventRecord]:
        """"three meetings with Kim: the June 2018 summit in Singapore, ..." — list
        items take the participants of the tally they spell out."""
        frames = {f["i"]: f for f in self.frames}
        out = []
        for r in records:
            f = next((fr for fr in self.frames if f"{self.doc.id}#{self.frames.index(fr)}" == r.local_id), None)
            if f and not r.participants:
                host = f.get("appos_of")
                seen = 0
                while host is not None and host in frames and seen < 6:
                    hf = frames[host]
                    parts = self.actors_of(hf["agent"]) + self.actors_of(hf["with"])
                    if parts:
                        r = replace(r, participants=tuple(_unique(parts)))
                        break
                    host = hf.get("appos_of")
                    seen += 1
            out.append(r)
        return out

    def _link_objects(self, records: list[EventRecord]) -> list[EventRecord]:
        """A refusal of "the letter" or "it" is about the latest letter; the two
        share their channel."""
        out = list(records)
        for n, r in enumerate(out):
            if r.type != "Refusal":
                continue
            f = self.frames[int(r.local_id.rsplit("#", 1)[1])]
            objects = f.get("obj"), *(c for c in f["cues"] if c.startswith("acl:"))
            if not any(o and ("letter" in o or o in ("it", "delivery", "message", "acl:accept")) for o in objects):
                continue
            letters = [m for m, x in enumerate(out[:n] + out[n + 1:]) if x.type == "Letter"]
            if not letters:
                continue
            idx = [m for m, x in enumerate(out) if x.type == "Letter" and x.start <= r.start]
            idx = idx or [m for m, x in enumerate(out) if x.type == "Letter"]
            letter = out[idx[-1]]
            channel = r.channel or letter.channel
            out[n] = replace(r, about=letter.local_id, channel=channel, date=r.date or letter.date)
            out[idx[-1]] = replace(letter, channel=channel)
        return out

    def _merge(self, records: list[EventRecord]) -> list[EventRecord]:
        """Mentions of one event within one document become one record (the
        first, most explicit one keeps the evidence; gaps are filled from the rest)."""
        merged: list[EventRecord] = []
        for r in records:
            for n, m in enumerate(merged):
                if _same_event(m, r):
                    merged[n] = _combine(m, r)
                    break
            else:
                merged.append(r)
        return merged

    def _actors(self, records: list[EventRecord]) -> tuple[ActorRef, ...]:
        keys: list[str] = []
        for r in records:
            envoy = r.channel.split(":", 1)[1] if r.channel and r.channel.startswith("envoy:") else None
            for k in (*r.participants, r.sender, r.recipient, envoy):
                if k and k not in keys:
                    keys.append(k)
            f = self.frames[int(r.local_id.rsplit("#", 1)[1])] if "#" in r.local_id else None
            if f:
                for k in self.actors_of(f["patient"] + f["with"] + f["to"] + f["agent"]):
                    if k not in keys and self.types.get(k) in ("State", "Organization", "Person"):
                        keys.append(k)
        keys = [k for k in keys if k in self.surface or k.startswith("group:")]  # named in this text
        keys += [k for k in self._salient_states(keys) if k not in keys]
        out = []
        for k in keys:
            e = self.gaz.entries.get(k)
            if e and e.kind == "outlet":
                continue
            out.append(ActorRef(key=k, label=self.labels.get(k, k), type=self.types.get(k, "Organization"),
                                wikidata=e.wikidata if e else None, aliases=tuple(self.surface.get(k, ()))))
        return tuple(out)

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


# -- helpers -----------------------------------------------------------------------
def _unique(items: list) -> list:
    return list(dict.fromkeys(i for i in items if i))


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


def _quoted_tokens(sdoc: Doc) -> set[int]:
    from .components import _quoted

    return _quoted(sdoc)


def _speculative(cues: set[str]) -> bool:
    firm = {"aux:will", "aux:'ll", "aux:wo", "aux:shall", "plan:plan", "plan:schedule", "plan:set", "plan:expect",
            "acl:set", "acl:plan", "plan:agree", "plan:accept", "plan:prepare", "adj:planned", "adj:upcoming"}
    return bool(cues & {"aux:could", "aux:may", "aux:might", "aux:can"}) and not cues & firm


def _pluperfect(cues: set[str]) -> bool:
    return "aux:had" in cues


def _is_future(f: dict) -> bool:
    return any(c.startswith(("aux:will", "aux:'ll", "aux:wo", "plan:")) for c in f["cues"])


def _status(f: dict, cues: set[str], value: TimeValue | None, pub: date | None) -> str:
    if "cancel" in cues and f["type"] in ("Summit", "Meeting", "Call"):
        return "cancelled"
    future = any(c.startswith(("aux:will", "aux:'ll", "aux:wo", "aux:could", "aux:may", "aux:might",
                               "aux:would"))
                 for c in cues) or any(c in cues for c in ("plan:plan", "plan:schedule", "plan:set", "plan:expect",
                                                            "acl:set", "acl:plan", "plan:upcoming", "plan:possible",
                                                            "plan:prepare", "plan:propose", "plan:hope",
                                                            "plan:want", "plan:agree", "plan:accept", "plan:invite",
                                                            "plan:invitation", "plan:willing", "plan:ready",
                                                            "plan:likely", "plan:possibility", "plan:try",
                                                            "adj:upcoming", "adj:possible", "adj:potential",
                                                            "adj:future", "adj:next", "adj:planned",
                                                            "adj:proposed", "plan:look", "plan:float",
                                                            "plan:suggest"))
    if f["type"] in ("Summit", "Meeting", "Call", "Agreement") and future:
        if value is None or pub is None or value.value >= date(pub.year, pub.month, 1) or f["tense"] != "past":
            return "planned"
    if value is not None and pub is not None and value.value > pub and value.precision == "day":
        return "planned"
    return "occurred"


def _modality(cues: set[str]) -> str:
    for cue in ("declined_to_comment", "not_denied", "no_response", "denied"):
        if cue in cues:
            return cue
    if cues & {"reportedly", "according_to", "citing", "attr_verb:report"}:
        return "reported"
    return "asserted"


def _xcomp_lemma(sdoc: Doc, f: dict) -> str | None:
    for c in sdoc[f["i"]].children:
        if c.dep_ == "xcomp":
            return c.lemma_.lower()
    return None


def _same_event(a: EventRecord, b: EventRecord) -> bool:
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
        covered = all(any(_same_party(p, q) for q in host.participants) for p in other.participants)
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
    if not _same_party(a.sender, b.sender) or not _same_party(a.recipient, b.recipient):
        return False
    if a.date and b.date and not a.date.covers(b.date):
        return False
    if (a.date is None) != (b.date is None) and a.type not in ("Letter", "Refusal"):
        return False
    return a.status == b.status or a.type in ("Letter", "Refusal")


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(_same_party(x, y) for x in a for y in b)


def _person_first(a: str | None, b: str | None) -> str | None:
    gaz = gz.load()
    if a and b and gaz.entries.get(b) and gaz.entries[b].get("state") == a:
        return b
    return a or b


def _more_specific(keys: list[str]) -> list[str]:
    """Drop a state when the person who stands for it in this event is there too
    ("letter from Trump to N. Korea" + "to Kim" → Trump, Kim)."""
    gaz = gz.load()
    states = {gaz.entries[k].get("state") for k in keys if k in gaz.entries}
    return [k for k in keys if k not in states] or keys


def _same_party(a: str | None, b: str | None) -> bool:
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


def _combine(a: EventRecord, b: EventRecord) -> EventRecord:
    rank = {"explicit": 3, "catalog": 3, "context": 2, "publication": 1, "none": 0}
    date_src = a if rank[a.date_basis] >= rank[b.date_basis] else b
    return replace(
        a,
        participants=tuple(_more_specific(_unique([*a.participants, *b.participants]))),
        sender=_person_first(a.sender, b.sender), recipient=_person_first(a.recipient, b.recipient),
        date=date_src.date, end_date=date_src.end_date, date_basis=date_src.date_basis,
        place=a.place or b.place, channel=a.channel or b.channel,
        attribution=a.attribution or b.attribution,
        modality=a.modality if a.modality != "asserted" else b.modality,
        count=a.count or b.count, about=a.about or b.about,
    )
