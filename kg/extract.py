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

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from . import catalog as catalog_mod
from . import gazetteer as gz
from .catalog import Catalog
from .dates import resolve as resolve_date
from .frames import AHEAD, REFUSE_VERBS, clause_head, under_since
from .coref import Referents
from .merge import combine, same_event
from .model import ActorRef, DocExtraction, Document, EventRecord, TimeValue

__all__ = ["extract"]

SPEECH_TYPES = {"Statement"}
SEND_VERBS = {"send", "write", "deliver", "hand", "pass", "convey", "forward", "dispatch", "give", "address"}
RECEIVE_VERBS = {"receive", "get", "accept", "open", "read"}
CARRIER_VERBS = {"deliver", "hand", "pass", "convey", "carry", "relay", "bring"}
STRONG_SPEECH = {"say", "tell", "state", "announce", "tweet", "post", "claim", "warn", "vow", "declare",
                 "describe", "refer", "praise", "hail", "tout", "blame", "criticize", "criticise", "condemn",
                 "accuse", "signal", "deny", "confirm", "acknowledge", "threaten", "pledge", "promise", "call",
                 "label", "dub", "brand", "reiterate", "urge", "insist", "stress", "remark", "suggest", "gush",
                 "boast", "argue", "assert", "admit", "rebuff", "slam", "lash", "reveal", "emphasize",
                 "statement", "remark", "comment", "commentary", "speech", "address", "interview", "tweet",
                 "announcement", "editorial", "warning", "post", "express", "welcome", "add", "note",
                 "suggest", "response", "ask", "request", "write", "dispute", "contradict", "counter", "rebut",
                 "retort"}
HOLD_VERBS = {"hold", "have", "attend", "host", "end", "conclude", "wrap", "begin", "open", "convene", "plan",
              "schedule", "propose", "cancel", "agree", "prepare", "arrange", "set", "reinstate",
              "resume", "restart", "seek", "announce", "confirm", "accept", "finish", "start",
              "collapse", "break", "fail"}  # "the talks in Stockholm broke down": those talks took place
PUBLISH_VERBS = {"release", "publish", "post", "share", "unveil", "read"}
NO_COMMENT = {"comment", "disclose", "elaborate", "say", "confirm", "discuss", "specify", "reveal", "detail",
              "answer", "respond", "speak"}
REBUTTED = {"comment", "remark", "claim", "allegation", "accusation", "assertion", "criticism", "report", "statement"}
VISIT_VERBS = {"visit", "travel", "fly", "head"}  # a trip to a place: the place is where, its people are whom
MEMORY_VERBS = {"recall", "remember", "recount", "reminisce", "cite", "invoke", "hail", "praise"}  # of the past
CANCEL_VERBS = {"cancel", "call", "scrap", "postpone", "suspend"}  # their date is the cancellation's
_PRECISION = {"day": 3, "month": 2, "year": 1}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def extract(doc: Document, sdoc: Doc, *, gaz: gz.Gazetteer | None = None,
            catalog: Catalog | None = None) -> DocExtraction:
    """Event records and actors of one document, from its parsed body."""
    gaz = gaz or gz.load()
    catalog = catalog or catalog_mod.load(gaz)
    return _DocReader(doc, sdoc, gaz, catalog).run()


class _DocReader(Referents):
    def __init__(self, doc: Document, sdoc: Doc, gaz: gz.Gazetteer, catalog: Catalog) -> None:
        super().__init__(doc, sdoc, gaz)
        self.catalog = catalog
        self.warnings: list[str] = []
        self.paragraph_of = self._paragraphs()
        self.dates: dict[int, tuple] = {}  # DATE ent start token → (TimeValue, end)
        self.date_sent: list[tuple[int, int, TimeValue]] = []  # (sent, token, value) explicit past dates

    # -- entry ------------------------------------------------------------------
    def run(self) -> DocExtraction:
        self._resolve_dates()
        records = []
        self.warnings += [f"{self.doc.id}: {w}" for w in self.sdoc._.kg_warnings or []]
        for n, f in enumerate(self.frames):
            try:
                rec = self._record(f, n)
            except Exception as err:  # noqa: BLE001 - one odd sentence must not cost the article
                self.warnings.append(f"{self.doc.id}: skipped the {f['type']} at character "
                                     f"{self.sdoc[f['i']].idx}: {type(err).__name__}: {err}")
                continue
            if rec is not None:
                records.append(rec)
        records = self._inherit_appositions(records)
        records = self._join_definite_letters(records)
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
            # "since their last encounter in 2019": where a long period starts, no news of its own (but
            # "Since taking office on Jan. 20 ... On his Inauguration Day": a day goes on anchoring)
            root = self.sdoc[d["s"]:d["e"]].root
            since = hit[0].precision != "day" and under_since(root, root.sent.root)
            if (self.pub is None or hit[0].value <= self.pub) and not since:
                self.date_sent.append((sent, d["s"], hit[0]))

    def _date_for(self, f: dict) -> tuple[TimeValue | None, TimeValue | None, str]:
        """The trigger's own date; among several, the closest-attached and then the most precise
        ("said in a statement carried on Friday" over "this year")."""
        found = [(score, -_PRECISION[self.dates[start][0].precision], n, start, text)
                 for n, (text, start, end, score) in enumerate(f["dates"])
                 if start in self.dates and not self._attached_to_report(start, f)
                 and not (f["pos"] == "NOUN" and f.get("verb") in CANCEL_VERBS and score > 0)]
        if not found:
            return None, None, "none"
        *_, start, text = min(found)
        value, end_value = self.dates[start]
        if AHEAD.search(text):
            f["cues"].append("date:ahead")  # "later this month", "next week": still to come
        return value, end_value, "explicit"

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
                if best is None or _PRECISION[value.precision] >= _PRECISION[best.precision]:
                    best = value  # the latest, unless it is vaguer than one before it
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
        if etype == "Refusal" and f.get("obj") in REBUTTED:
            return None  # "rebuffed Trump's comments": a rebuttal, which the statement trigger covers
        if etype == "Refusal" and lemma in ("decline", "refuse") and _xcomp_lemma(self.sdoc, f) in NO_COMMENT:
            etype, modality = "Statement", "declined_to_comment"
        if etype == "Statement" and f["pos"] == "NOUN" and lemma == "comment" and f.get("verb") == "comment":
            return None
        if etype == "Proposal" and lemma == "suggest" and f.get("obj") not in ("meeting", "talk", "summit", "visit"):
            etype = "Statement"
        if etype == "Statement" and lemma == "write" and f.get("obj") in ("letter", "note", "message", "missive"):
            return None  # "wrote a letter": the letter is the event
        if etype == "Statement":
            if f["pos"] not in ("VERB", "AUX") and f.get("governor") in ("on", "about", "to"):
                return None  # "has not commented on Trump's remarks": what was answered, mentioned again
            response = modality in ("declined_to_comment", "no_response", "not_denied")
            if lemma not in STRONG_SPEECH and not response or f.get("quoted") or f["dep"] in ("relcl", "acl"):
                return None
            if "conditional" in cues or f.get("reported") and f["lemma"] not in ("say", "tell"):
                return None
            if f["pos"] not in ("VERB", "AUX") and not f["dates"] and not response and \
                    f.get("verb") not in ("make", "issue", "deliver", "read"):
                return None  # "Kim's most recent statement": a reference, not "made a statement"
            if lemma in ("welcome", "greet") and any(self.types.get(p) == "Person" for p in patient):
                return None  # welcoming a guest is the meeting, not a statement
            if f["pos"] in ("VERB", "AUX") and not f.get("own_subject"):
                return None
            if f.get("obj") in {"declaration", "agreement", "accord", "deal", "treaty", "pact"}:
                return None  # "Moon and Kim jointly announce Pyongyang Declaration": the agreement is the event
            speakers = [a for a in agent if self.types.get(a)]
            if f["agent"] and all(r[0] == "pron" and r[1] == "it" for r in f["agent"]):
                return None  # "..., it says": a book, a report or an agency, too vague a speaker to name
            if not speakers:
                return None
            participants = speakers[:2]
            if self._announces_own_event(f, participants):
                return None
        elif etype in ("Letter", "LetterExchange"):
            verb = f.get("verb") or (lemma if f["pos"] == "VERB" else None)
            if verb not in SEND_VERBS | RECEIVE_VERBS | CARRIER_VERBS | PUBLISH_VERBS and \
                    f.get("acl_verb") in SEND_VERBS | RECEIVE_VERBS | CARRIER_VERBS:
                verb = f["acl_verb"]  # "a letter he received from Kim", not "released a letter ... saying"
            owner = self.actors_of(f.get("poss", []))  # "Trump's letter": the writer
            owner = owner or self.actors_of(f.get("host", []))  # "announced in a letter to Kim"
            subject = [a for a in agent if a not in owner]
            if frm and to:  # "a letter from Trump to Kim", whatever the verb
                sender, recipient = frm[0], to[0]
            elif verb in RECEIVE_VERBS:
                recipient = (to or subject or [None])[0]
                sender = (owner or frm or [None])[0]
            elif verb in CARRIER_VERBS and (frm or owner):
                sender, recipient = (owner or frm)[0], (to or [None])[0]
            else:
                # "released a letter to Kim": publishing one's own letter to someone
                writer = subject if verb is None or verb in SEND_VERBS or to and verb in PUBLISH_VERBS else []
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
            if f.get("verb") in REFUSE_VERBS:
                return None  # "rejected any further talks": the refusal is the event
            participants = _unique(agent + with_ + patient + (to if lemma in VISIT_VERBS else []))
            if not participants and "mod:inter-korean" in cues:
                participants = self._inter_korean()
        elif etype == "Proposal":
            verb = f.get("verb")
            if verb in REFUSE_VERBS | {"call", "welcome", "describe", "consider"} and f["pos"] not in ("VERB", "AUX") \
                    and not f.get("poss"):
                return None  # "rejected the offer", "called the offer interesting": a response to an earlier offer
            if verb in CARRIER_VERBS and f["pos"] not in ("VERB", "AUX"):
                agent = self.actors_of(f.get("poss", []))  # the carrier is the channel, not a party
            participants = _unique(agent + to + patient + with_)
            if verb in ("accept", "receive", "reject", "decline") and f["pos"] == "NOUN":
                participants = _unique(self._meet_target(f) + agent + participants)
            participants = _unique(participants + self._proposed_parties(f))
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
        cues |= set(f["cues"])
        status = "occurred" if etype in SPEECH_TYPES else _status(f, cues, value, self.pub)
        places = self._places(f)
        if lemma in VISIT_VERBS:  # "visit Seoul", "travel to Pyongyang": the state or city visited is where
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
                         text=text, ordinal=ordinal, sender=sender, recipient=recipient,
                         latest=bool({"adj:last", "adj:latest", "adj:recent"} & set(f["cues"])))
            ref = self.catalog.match(etype, **query)
            if ref is None and value is None and status == "occurred" and not _pluperfect(cues):
                ref = self.catalog.match(etype, **query, near=self.news_day[0].value if self.news_day else None)
        if ref is None and etype in ("Summit", "Meeting") and ordinal and not participants:
            return None
        if ref is not None:
            # the catalogued event's parties that this article names (all of them when it names
            # none: "that summit in Singapore"), plus whoever else it says took part
            named = [p for p in ref.participants if p in self.surface]
            known = named or (list(ref.participants) if not participants else [])
            ref_states = {self.gaz.entries[p].get("state") for p in ref.participants if p in self.gaz.entries}
            participants = _unique(known + [p for p in participants if p not in ref_states or p in ref.participants])
            for p in known:
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
                value or places or f.get("verb") in HOLD_VERBS | CANCEL_VERBS):
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
            if any(c in ("det:that", "adj:first", "adj:last", "adj:previous") or c.startswith("adj:") and
                   c[4:] in ORDINALS for c in other["cues"]) or other["tense"] == "present" and \
                    other["pos"] == "NOUN" and other["dep"] not in ("dobj", "nsubjpass") or \
                    other.get("verb") in MEMORY_VERBS:
                continue  # "recalling their summit in Singapore": a memory, not today's news
            if any(c.startswith(("plan:", "aux:will", "aux:would", "aux:'ll")) for c in other["cues"]):
                continue  # "ready to meet Trump again": an intention stated, not an event announced
            parties = self.actors_of(other["agent"] + other["with"])
            if set(parties) & set(speakers):
                return True
        return False

    def _proposed_parties(self, f: dict) -> list[str]:
        """Parties of the event an offer or invitation is about ("offered to resume
        talks with the United States", "invited Trump to visit Pyongyang")."""
        tok = self.sdoc[f["i"]]
        inner = {t.i for c in tok.children if c.dep_ in ("xcomp", "acl", "ccomp", "advcl") for t in c.subtree}
        out: list[str] = []
        for other in self.frames:
            if other is not f and other["i"] in inner and other["type"] in ("Meeting", "Summit", "Call"):
                out += self.actors_of(other["with"] + other["patient"])
        return [p for p in out if self.types.get(p) in ("Person", "State", "Organization")]

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

    def _default_date(self, f: dict, etype: str, status: str, cues: set[str]) -> tuple[TimeValue | None, str]:
        """An undated event reported as news happened on the day the article
        reports on (its lead date, else the publication date) — unless the
        text marks it as earlier ("had met", "their first summit")."""
        if status != "occurred" or self.pub is None or _pluperfect(cues) or "habitual" in cues:
            return None, "none"
        if any(c.startswith("adj:") and c.split(":")[1] in {*ORDINALS, "last", "previous", "earlier"}
               for c in f["cues"]):
            return None, "none"
        if self._before_a_dated_clause(f):
            return None, "none"
        context = self._context_date(f) if etype in SPEECH_TYPES else None
        if context is not None:
            return context, "context"
        return self.news_day if self.news_day else (None, "none")

    def _before_a_dated_clause(self, f: dict) -> bool:
        """"Moon and Kim met in May, a day after Trump canceled the summit": a
        clause placed against another event that has its own date is no news of today."""
        tok = self.sdoc[f["i"]]
        if f["pos"] not in ("VERB", "AUX") or tok.dep_ != "advcl" or not any(
                c.dep_ == "mark" and c.lower_ in ("after", "before", "since") for c in tok.children):
            return False
        return any(e.label_ == "DATE" and e.start in self.dates and clause_head(e.root) == tok.head
                   for e in tok.sent.ents)

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
            # "in Pyongyang": the city, not the state the same word can stand for
            cities = [i for i in ids if self.gaz.entries[i].kind == "place"]
            states = [i for i in ids if self.gaz.entries[i].kind == "actor" and self.gaz.entries[i].type == "State"]
            place = (cities or states or [None])[0]
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
        if f["type"] in ("Letter", "Proposal"):  # "delivered through the border village of Panmunjom"
            places = {self.keys[n][1] for n in self._route_mentions(f) if self.keys[n][0] == "place"}
            at = [e.id for e in self.gaz.entries.values() if e.kind == "channel" and e.get("place") in places]
            if at:
                return at[0]  # the channel kept there
        carriers = self.actors_of(f["via"])
        if f.get("verb") in CARRIER_VERBS and f["type"] in ("Letter", "Proposal"):
            owners = set(self.actors_of(f.get("poss", [])))  # "Trump's letter was delivered": not a carrier
            carriers = carriers or [a for a in self.actors_of(f["agent"])
                                    if self.types.get(a) == "Person" and a not in owners]
        for c in carriers:
            if self.types.get(c) == "Person":
                return "envoy:" + c
        return None

    def _route_mentions(self, f: dict) -> list[int]:
        """The mentions a message went through: named ones, and those inside a
        route described in words ("the border village of Panmunjom")."""
        out: list[int] = []
        for r in f["via"]:
            if r[0] == "m":
                out.append(r[1])
            elif r[0] == "tok":
                out += [self.tok2m[t.i] for t in self.sdoc[r[1]].subtree if t.i in self.tok2m]
        return out

    def _attribution(self, sent: dict) -> str | None:
        names = []
        for r in sent["attr"]:
            if r[0] == "m":
                names.append(self.mentions[r[1]]["text"])  # as the article names it: "KCNA", "NK News"
            else:
                names.append(r[1])
        return ", ".join(dict.fromkeys(names)) or None

    # -- document-level passes ------------------------------------------------------
    def _frame_of(self, record: EventRecord) -> dict:
        return self.frames[int(record.local_id.rsplit("#", 1)[1])]

    def _inherit_appositions(self, records: list[EventRecord]) -> list[EventRecord]:
        """"three meetings with Kim: the June 2018 summit in Singapore, ..." — list
        items take the participants of the tally they spell out."""
        frames = {f["i"]: f for f in self.frames}
        out = []
        for r in records:
            f = self._frame_of(r)
            if not r.participants:
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

    def _join_definite_letters(self, records: list[EventRecord]) -> list[EventRecord]:
        """"The message was delivered through Panmunjom on Wednesday": a definite
        letter that names no party is the latest letter, and adds its route and date."""
        out: list[EventRecord] = []
        for r in records:
            tok = self.sdoc[self._frame_of(r)["i"]]
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in tok.children)
            earlier = [n for n, x in enumerate(out) if x.type == "Letter" and x.participants and x.start < r.start]
            if r.type == "Letter" and not r.participants and definite and earlier:
                host = out[earlier[-1]]
                out[earlier[-1]] = combine(host, replace(r, participants=host.participants, sender=host.sender,
                                                         recipient=host.recipient))
                continue
            out.append(r)
        return out

    def _link_objects(self, records: list[EventRecord]) -> list[EventRecord]:
        """A refusal of "the letter" or "it" is about the latest letter; the two
        share their channel."""
        out = list(records)
        for n, r in enumerate(out):
            if r.type != "Refusal":
                continue
            f = self._frame_of(r)
            if f["lemma"] in CANCEL_VERBS:
                continue  # "had canceled it": a meeting is called off, a letter is not
            objects = f.get("obj"), f.get("xobj"), *(c for c in f["cues"] if c.startswith("acl:"))
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
                if same_event(m, r):
                    merged[n] = combine(m, r)
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
            f = self._frame_of(r)
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

# -- helpers -----------------------------------------------------------------------
def _unique(items: list) -> list:
    return list(dict.fromkeys(i for i in items if i))


def _speculative(cues: set[str]) -> bool:
    firm = {"aux:will", "aux:'ll", "aux:wo", "aux:shall", "plan:plan", "plan:schedule", "plan:set", "plan:expect",
            "acl:set", "acl:plan", "plan:agree", "plan:accept", "plan:prepare", "adj:planned", "adj:upcoming"}
    stance = "aux:would" in cues and cues & {"plan:willing", "plan:ready", "plan:open", "plan:happy", "plan:like",
                                              "plan:love", "plan:want", "plan:hope"}  # "would be willing to meet"
    return bool(cues & {"aux:could", "aux:may", "aux:might", "aux:can"} or stance) and not cues & firm


def _pluperfect(cues: set[str]) -> bool:
    return "aux:had" in cues



def _status(f: dict, cues: set[str], value: TimeValue | None, pub: date | None) -> str:
    if "cancel" in cues and f["type"] in ("Summit", "Meeting", "Call", "MilitaryAction"):
        return "cancelled"  # also drills postponed or suspended for diplomacy
    own = f"plan:{f['lemma']}"  # "the two Koreas agreed on the dates": the agreeing is no plan of itself
    future = any(c.startswith(("aux:will", "aux:'ll", "aux:wo", "aux:could", "aux:may", "aux:might",
                               "aux:would", "plan:", "date:ahead")) and c != own for c in cues) \
        or cues & {"acl:set", "acl:plan", "adj:upcoming", "adj:possible", "adj:potential", "adj:future", "adj:next",
                   "adj:planned", "adj:proposed"}
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


