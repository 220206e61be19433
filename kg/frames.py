"""Reading event frames off a dependency parse (the heart of the `kg_events` component).

For each trigger the reader works out, from the parse alone, who acts (the
subject, a possessive, a "by" agent, the raised subject of "is expected to
visit"), with or to whom, from whom, through what, where, which date
expressions belong to the trigger's own clause and with which tense, and the
cues for status (planned, cancelled), negation, conditionals, pluperfect and
reported speech. Everything it returns is plain lists and dicts so that Docs
can travel between worker processes.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

__all__ = ["FrameReader", "quoted_tokens", "clause_head", "GROUP_NOUNS", "ROLE_VERBS", "ARG_VERBS", "AHEAD",
           "REFUSE_VERBS", "under_since"]

# Plural or collective nouns that stand for the state or body in their modifier:
# "North Korean diplomats", "the U.S. delegation", "Pyongyang officials".
GROUP_NOUNS = {"official", "diplomat", "delegation", "government", "authority", "side", "leadership",
               "negotiator", "team", "regime", "embassy", "mission", "administration", "envoy", "ministry", "source"}
# Groups that act as a body of their own besides their state ("North Korean diplomats refused it").
BODY_NOUNS = {"diplomat"}
# Verbs whose subject, in a relative clause on an event noun, takes part in it:
# "the letter he sent Kim", "the summit they held".
ROLE_VERBS = {"send", "write", "hold", "have", "attend", "host", "sign", "propose", "make", "issue", "deliver",
              "receive", "exchange", "offer", "extend", "pledge", "commit", "promise", "agree", "reach"}
# "a summit, following which Kim committed to ...": the relative clause tells what came next
SEQUEL_PREPS = {"following", "after", "since", "before"}
# "flew to Seoul on Saturday for talks": the trip dates the talks it is for
TRAVEL_VERBS = {"arrive", "travel", "fly", "head", "go", "come", "leave", "depart", "land", "return"}
HABITUAL = {"often", "repeatedly", "frequently", "always", "regularly", "routinely", "constantly", "consistently"}
# date expressions that look ahead: "later this month", "next week", "tomorrow"
AHEAD = re.compile(r"\b(later (this|in|that)|next|coming|upcoming|tomorrow|ahead)\b", re.I)
REFUSE_VERBS = {"reject", "refuse", "rule", "decline", "dismiss", "spurn", "rebuff", "oppose"}
# "wrote in a letter on Friday": the writing dates the letter it is in
WRITING_VERBS = {"write", "say", "state", "tell", "express", "offer", "propose", "reveal", "note", "add"}
# "tried to deliver a letter": the attempt's object takes the roles of the verb attempted
ATTEMPT_VERBS = {"try", "attempt", "seek", "want", "plan", "hope", "intend", "aim"}
# Verbs whose subject and prepositions also fill roles of the event noun they take:
# "Trump held a summit with Kim", "sent a letter to Kim", "canceled the summit".
ARG_VERBS = ROLE_VERBS | {"plan", "schedule", "propose", "agree", "cancel", "call", "reinstate", "postpone",
                          "accept", "reject", "refuse", "decline", "seek", "want", "request", "arrange",
                          "prepare", "end", "conclude", "wrap", "begin", "resume", "restart", "release",
                          "announce", "convey", "pass", "hand", "give", "get", "conduct", "carry", "launch",
                          "fire", "stage", "be", "open", "finish", "start", "join", "skip", "set", "exchange",
                          "read", "reply", "answer", "return", "open", "hold", "say", "tell", "express",
                          "share", "publish", "compose", "prepare", "draft", "sign", "seal", "strike", "reach"}
PAIR_NOUNS = {"leader", "country", "side", "nation", "president", "man", "head"}
PERSONAL = {"he", "him", "his", "she", "her", "they", "them", "their", "we", "us", "our", "i", "me", "my", "it", "its"}
FUTURE_AUX = {"will", "would", "could", "may", "might", "shall", "can", "'ll", "wo"}
PLAN_WORDS = {"plan", "schedule", "expect", "set", "prepare", "propose", "hope", "want", "seek", "consider",
              "aim", "upcoming", "possible", "potential", "future", "next", "planned", "proposed", "slated",
              "likely", "possibility", "offer", "invite", "invitation", "accept", "agree", "try", "intend",
              "willing", "ready", "open", "look", "eager", "push", "suggest", "float", "renew", "like", "wish",
              "love", "would", "promise", "pledge", "vow", "willingness", "readiness", "desire", "intention",
              "eagerness"}
_LEMMA_FIX = {"hop": "hope"}  # the small English model lemmatises "hopes" to "hop"
CANCEL_WORDS = {"cancel", "scrap", "postpone", "suspend", "abandon", "call"}
ATTRIBUTION_VERBS = {"report", "say", "tell", "cite", "quote", "claim", "write"}
SOURCE_NOUNS = {"source", "official", "analyst", "observer", "expert", "diplomat", "insider", "person", "people"}
REPORT_CUES = {"reportedly", "allegedly", "purportedly", "apparently", "believed", "said"}


class FrameReader:
    """Dependency-parse reading shared by all triggers of one Doc."""

    def __init__(self, doc: Doc, tok2m: dict[int, int], mentions: list[dict]) -> None:
        self.doc = doc
        self.tok2m = tok2m
        self.mentions = mentions
        self.sent_of = {}
        for n, s in enumerate(doc.sents):
            for t in s:
                self.sent_of[t.i] = n
        self.in_quote = quoted_tokens(doc)

    # -- references to actors -------------------------------------------------
    def refs(self, tok: Token, conj: bool = True) -> list[list]:
        out: list[list] = []
        for t in [tok, *(tok.conjuncts if conj else ())]:
            out += self._ref(t)
        return out

    def _ref(self, t: Token) -> list[list]:
        if t.lower_ == "koreas":
            return [["koreas", t.i]]  # "the two Koreas", "both Koreas"
        if t.i in self.tok2m:
            return [["m", self.tok2m[t.i]]]
        low = t.lower_
        if t.pos_ == "PRON" and low in PERSONAL:
            return [["pron", low, t.i]]
        lemma = t.lemma_.lower()
        for c in t.children:  # "his counterpart Kim Hyok Chol", "chief negotiator Kim Myong-gil"
            if c.dep_ in ("appos", "compound", "nmod") and c.i > t.i and c.i in self.tok2m and \
                    self.mentions[self.tok2m[c.i]]["label"] == "PERSON":
                return [["m", self.tok2m[c.i]]]
        if lemma in PAIR_NOUNS and any(c.lower_ in ("two", "both") or c.lemma_ == "both" for c in t.children):
            if lemma == "leader" and any(c.lower_ == "korean" for c in t.children):
                return [["koreas", t.i, "leaders"]]  # "the two Korean leaders": the heads of North and South
            return [["pair", lemma, t.i]]
        if lemma in GROUP_NOUNS or lemma in ("leader", "president", "chairman", "minister"):
            found = []
            for c in t.children:
                if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i in self.tok2m:
                    found.append(["m", self.tok2m[c.i]])
                elif c.dep_ == "prep" and c.lower_ in ("from", "of"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found += self.refs(p)
            if found and lemma in BODY_NOUNS:
                return [["group", lemma, t.i, found[0][1]]] + found[:1]
            if found:
                return found[:1] if lemma not in GROUP_NOUNS else found
            if lemma in ("leader", "president", "chairman"):
                return [["title", lemma, t.i]]
        if lemma == "two" and t.dep_ in ("nsubj", "nsubjpass"):  # "the two held a summit"
            return [["pair", "two", t.i]]
        return []

    # -- one trigger ----------------------------------------------------------
    def frame(self, t: Token, etype: str, text: str) -> dict:
        f = {"type": etype, "i": t.i, "text": text, "lemma": t.lemma_.lower(), "pos": t.pos_, "dep": t.dep_,
             "sent": self.sent_of.get(t.i, 0), "agent": [], "patient": [], "with": [], "to": [], "from": [],
             "via": [], "loc": [], "dates": [], "neg": False, "cues": [], "count": None, "head": t.head.i,
             "tense": "past" if t.tag_ in ("VBD", "VBN") else "present", "quoted": t.i in self.in_quote,
             "plural": t.tag_ in ("NNS", "NNPS"),
             "reported": _reported_clause(t) if t.pos_ in ("VERB", "AUX") else False,
             "own_subject": any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)}
        if t.pos_ in ("VERB", "AUX"):
            self._verb_args(t, f)
        else:
            self._noun_args(t, f)
        self._cues(t, f)
        self._dates(t, f)
        for key in ("agent", "patient", "with", "to", "from", "via"):
            f[key] = _dedupe(f[key])
        return f

    def _subjects(self, v: Token, f: dict) -> None:
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                f["agent"] += self.refs(c)
            elif c.dep_ == "nsubjpass":
                f["patient"] += self.refs(c)
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        f["agent"] += self.refs(p)

    def _verb_args(self, v: Token, f: dict) -> None:
        self._subjects(v, f)
        if v.dep_ == "pcomp" and v.head.dep_ == "dative":
            # "sent a letter to Kim offering help", misparsed: Kim is the addressee, the sender offers
            probe = {"agent": [], "patient": []}
            self._subjects(v.head.head, probe)
            f["to"], f["agent"] = f["to"] + f["agent"], probe["agent"]
        if v.dep_ == "amod" and v.head.pos_ in ("PROPN", "NOUN"):
            f["patient"] += self.refs(v.head)  # "after Trump hosted Kim Yong Chol", misparsed
            if not f["agent"]:  # "North Korea responded by test-firing missiles": the clause's subject acts
                self._subjects(clause_head(v), f)
            for c in v.head.children:  # "... in the Oval Office": the misparse hangs the verb's place on its object
                if c.dep_ == "prep" and c.lower_ in ("in", "at"):
                    self._prep(c, f)
        if not f["agent"] and v.lemma_ == "say":
            for anc in list(v.ancestors)[:3]:
                if anc.lemma_ in ("quote", "cite"):
                    f["agent"] += [r for c in anc.children if c.dep_ == "dobj" for r in self.refs(c)]
                    f["own_subject"] = bool(f["agent"])
                    break
        if not f["agent"]:
            # "agreed to visit", "announced ... and met", "Delegations ... who met", "a letter sent by"
            h = v.head
            if v.dep_ == "pcomp" and h.dep_ == "prep" and h.head.pos_ in ("VERB", "AUX"):
                h = h.head  # "... after meeting at Panmunjom": whoever the main clause is about
            if v.dep_ in ("xcomp", "conj", "advcl", "pcomp") and h.pos_ in ("VERB", "AUX"):
                probe = {"agent": [], "patient": []}
                self._subjects(h, probe)
                # "Kim is expected to visit": the raised subject of a passive plan verb acts
                f["agent"] += probe["agent"] or (probe["patient"] if v.dep_ in ("conj", "xcomp") else [])
            elif v.dep_ in ("relcl", "acl") and h.dep_ != "ROOT":
                (f["patient"] if v.tag_ == "VBN" else f["agent"]).extend(self.refs(h))
                if v.dep_ == "acl" and v.tag_ == "VB":
                    # "accepted an invitation to meet Kim": who accepts, and who invites, will meet
                    f["agent"] += [r for c in h.children if c.dep_ == "poss" for r in self.refs(c)]
                    if h.dep_ in ("dobj", "nsubjpass") and h.head.pos_ in ("VERB", "AUX"):
                        probe = {"agent": [], "patient": []}
                        self._subjects(h.head, probe)
                        f["agent"] += probe["agent"]
        for c in v.children:
            if c.dep_ in ("dobj", "attr", "oprd"):
                f["patient"] += self.refs(c)
                f["obj"] = c.lemma_.lower()
                self._preps(c, f)
            elif c.dep_ == "dative":
                f["to"] += self._recipients(c)
            elif c.dep_ == "prep":
                self._prep(c, f)
            elif c.dep_ == "npadvmod" and c.lower_ in ("times", "occasions"):
                f["count"] = next((_number(n) for n in c.children if n.dep_ == "nummod"), None)
            elif c.dep_ == "prt" and c.lower_ in ("off", "down"):
                f["lemma"] = f"{v.lemma_.lower()} {c.lower_}"
            elif c.dep_ in ("ccomp", "xcomp") and f["type"] == "Statement":
                f["about_i"] = c.i
            elif c.dep_ == "xcomp":  # "refused to accept a letter": what is refused
                f["xobj"] = next((g.lemma_.lower() for g in c.children if g.dep_ == "dobj"), None)

    def _noun_args(self, n: Token, f: dict) -> None:
        for c in n.children:
            if c.dep_ == "poss":
                f["agent"] += self.refs(c)
                f["poss"] = self.refs(c)
            elif c.dep_ in ("compound", "amod", "nmod") and (c.i in self.tok2m or "-" in c.text):
                if c.i in self.tok2m and n.lemma_ == "summit" and \
                        self.mentions[self.tok2m[c.i]]["label"] in ("GPE", "LOC", "FAC"):
                    f["loc"].append(self.tok2m[c.i])  # "the Singapore summit": where, not who
                elif c.i in self.tok2m:
                    f["with"] += self.refs(c, conj=False)
                else:
                    f["cues"].append(f"mod:{c.lower_}")
                    for gc in c.children:
                        if gc.i in self.tok2m:
                            f["with"] += self.refs(gc, conj=False)
            elif c.dep_ == "nummod" and c.like_num:
                f["count"] = _number(c)
            elif c.dep_ == "prep":
                self._prep(c, f)
            elif c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                # "a letter sent by Trump to Kim", "a summit planned with Kim", "the letter he
                # sent Kim" — but not "a summit, following which Kim committed to ..."
                role = c
                if c.lemma_.lower() in ATTEMPT_VERBS:  # "a letter that officials tried to deliver from Trump"
                    role = next((x for x in c.children if x.dep_ == "xcomp" and x.lemma_.lower() in ROLE_VERBS), c)
                sequel = any(x.dep_ == "prep" and x.lower_ in SEQUEL_PREPS for x in c.children)
                if not sequel and (c.dep_ == "acl" or role.lemma_.lower() in ROLE_VERBS):
                    if c.lemma_.lower() in ROLE_VERBS or c.dep_ == "relcl":
                        self._subjects(c, f)  # not "a letter released by the White House"
                    f["acl_verb"] = role.lemma_.lower()
                    for gc in role.children:
                        if gc.dep_ == "prep":
                            self._prep(gc, f)
                        elif gc.dep_ == "dative" or gc.dep_ == "dobj" and c.dep_ == "relcl":
                            # "the letter he sent Kim": the relativised letter leaves Kim as object
                            f["to"] += self._recipients(gc)
                f["cues"].append(f"acl:{c.lemma_.lower()}")
        h = n.head
        if n.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN" and h.head.dep_ in ("dobj", "nsubj"):
            n, h = h.head, h.head.head  # "held three days of talks", "a round of talks"
        if n.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and h.pos_ in ("VERB", "AUX") and \
                h.lemma_.lower() not in ARG_VERBS:
            f["verb"] = h.lemma_.lower()  # "discussed the meeting with X": X is not at the meeting
        elif n.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and h.pos_ in ("VERB", "AUX"):
            f["verb"] = h.lemma_.lower()
            if h.lemma_ == "be":  # "It was her first statement": "it" stands for nothing
                probe = {"agent": [], "patient": []}
                self._subjects(h, probe)
                f["agent"] += [r for r in probe["agent"] if r[:2] not in (["pron", "it"], ["pron", "this"])]
            elif not (f["verb"] in CANCEL_WORDS and f.get("poss")):
                self._subjects(h, f)  # but "called off Pompeo's trip": Trump is not travelling
            elif all(r[0] == "pron" for r in f["poss"]) and f["poss"][0][1] in ("their", "its"):
                probe = {"agent": [], "patient": []}  # "Seoul and Washington postponed their drill"
                self._subjects(h, probe)
                if probe["agent"]:
                    f["agent"] = [r for r in f["agent"] if r[0] != "pron"] + probe["agent"]
            if not f["agent"] and h.dep_ in ("xcomp", "conj", "advcl", "relcl", "acl"):
                probe = {"agent": [], "patient": []}
                self._subjects(h.head, probe)
                f["agent"] += probe["agent"] or (self.refs(h.head) if h.dep_ in ("relcl", "acl") else [])
            for c in h.children:
                if c.dep_ == "prep":
                    self._prep(c, f)
                elif c.dep_ == "dative":
                    f["to"] += self._recipients(c)
                elif c.dep_ == "dobj" and c.i < n.i and n.dep_ == "dobj":
                    f["to"] += self.refs(c)  # "sent Trump a letter", parsed as two objects
        elif n.dep_ == "nsubj" and h.pos_ in ("VERB", "AUX"):
            f["verb"] = h.lemma_.lower()
            for c in h.children:
                if c.dep_ == "prep":
                    self._prep(c, f)
        elif n.dep_ == "pobj" and h.dep_ == "prep":
            f["governor"] = h.lower_
            if h.lower_ == "for" and h.head.lemma_.lower() in TRAVEL_VERBS:
                self._subjects(h.head, f)  # "Trump arrived in Seoul for talks with Moon": the traveller talks there
                f["loc"] += [n for c in h.head.children if c.dep_ == "prep" and c.lower_ in ("in", "to", "at")
                             for p in c.children if p.dep_ == "pobj" for n in self._places(p)]
            verb = h.head if h.head.pos_ in ("VERB", "AUX") else (
                h.head.head if h.head.dep_ in ("dobj", "attr") and h.head.head.pos_ in ("VERB", "AUX") else None)
            if h.lower_ == "in" and verb is not None:
                # "said in a letter", "announced the decision in a letter to Kim": the speaker wrote it
                probe = {"agent": [], "patient": []}
                self._subjects(verb, probe)
                f["host"] = probe["agent"]
                for c in verb.children:
                    if c.dep_ == "dative" or c.dep_ == "dobj" and verb.lemma_ == "tell":
                        f["to"] += self.refs(c)
        elif n.dep_ in ("appos", "conj") and h.pos_ == "NOUN":
            f["appos_of"] = h.i

    def _preps(self, tok: Token, f: dict) -> None:
        for c in tok.children:
            if c.dep_ == "prep":
                self._prep(c, f)

    def _recipients(self, c: Token) -> list[list]:
        """Who a dative names: "sent Kim a letter", "sent a letter to Kim", and
        "a letter to Kim offering help", where the parser makes Kim the subject
        of a clause hung on "to"."""
        return self.refs(c) or [r for p in c.children if p.dep_ == "pobj" for r in self.refs(p)] or [
            r for p in c.children if p.dep_ == "pcomp" for s in p.children if s.dep_ == "nsubj" for r in self.refs(s)]

    def _prep(self, p: Token, f: dict) -> None:
        word = p.lower_
        objs = [c for c in p.children if c.dep_ == "pobj"]
        if word in ("with", "between", "alongside", "against"):
            for o in objs:
                f["with"] += self.refs(o)
                for c in o.children:  # "talks with the United States in Stockholm", the place misattached
                    if c.dep_ == "prep" and c.lower_ in ("in", "at") and f["type"] in ("Summit", "Meeting"):
                        f["loc"] += [n for p in c.children if p.dep_ == "pobj" for n in self._places(p)]
        elif word in ("to", "toward", "towards"):
            for o in objs:
                refs = self.refs(o)
                f["to"] += refs
                f["loc"] += self._places(o)
        elif word == "from":
            for o in objs:
                f["from"] += self.refs(o)
        elif word == "by" and any(o.lemma_ in ("phone", "telephone", "video") for o in objs):
            for o in objs:  # "spoke by phone with Moon"
                for c in o.children:
                    if c.dep_ == "prep":
                        self._prep(c, f)
        elif word == "by":
            for o in objs:
                f["agent"] += self.refs(o)
        elif word in ("through", "via"):
            for o in objs:
                f["via"] += self.refs(o) or [["tok", o.i]]
                f["loc"] += self._places(o)
        elif word in ("in", "at", "on", "near", "inside", "outside", "across", "over"):
            for o in objs:
                f["loc"] += self._places(o)
        elif word == "of" and f["type"] in ("Summit", "Meeting", "Agreement"):
            for o in objs:
                f["with"] += self.refs(o)

    def _places(self, o: Token) -> list[int]:
        """Place mentions in a prepositional object ("in the Russian city of Vladivostok")."""
        out = []
        for t in o.subtree:
            n = self.tok2m.get(t.i)
            if n is not None and self.mentions[n]["label"] in ("GPE", "LOC", "FAC", "ORG") and n not in out:
                out.append(n)
        return out

    # -- status, negation, modality cues -------------------------------------
    def _cues(self, t: Token, f: dict) -> None:
        chain = [t]
        h = t
        # a noun inside a prepositional phrase ("on the occasion of the APEC summit")
        # takes no mood from the verb the phrase hangs on
        depth = 3 if t.pos_ in ("VERB", "AUX") or t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else 0
        for _ in range(depth):
            if h.head is h:
                break
            h = h.head
            chain.append(h)
            if h.dep_ in ("ROOT",) or h.pos_ in ("VERB", "AUX") and len(chain) > 2:
                break
        cues = f["cues"]
        for tok in chain:
            for c in tok.children:
                low = c.lower_
                if c.dep_ == "neg" or low in ("never", "no") and c.dep_ in ("det", "advmod", "neg"):
                    if tok is t or tok.pos_ in ("VERB", "AUX") and tok is chain[1] or \
                            low == "no" and tok.lemma_.lower() in ("intention", "plan", "interest", "desire", "need"):
                        f["neg"] = True
                if c.dep_ in ("aux", "auxpass") and low in FUTURE_AUX:
                    cues.append(f"aux:{low}")
                if c.dep_ == "aux" and low == "had" and tok is t and not _reported_clause(t):
                    cues.append("aux:had")
                if c.dep_ == "advmod" and low in HABITUAL and tok is t:
                    cues.append("habitual")  # "has often boasted": no one occasion
                if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                    cues.append("conditional")
                if low in REPORT_CUES and c.dep_ == "advmod":
                    cues.append("reportedly")
            lemma = _LEMMA_FIX.get(tok.lemma_.lower(), tok.lemma_.lower())
            if lemma in PLAN_WORDS and tok is not t:
                cues.append(f"plan:{lemma}")
            if lemma in CANCEL_WORDS and tok is not t:
                if lemma != "call" or any(c.lower_ == "off" for c in tok.children):
                    cues.append("cancel")
            if tok.dep_ == "pobj" and tok.head.lower_ == "without":
                f["neg"] = True
        if t.head.lower_ == "without" or t.dep_ == "pobj" and t.head.lower_ in ("without",):
            f["neg"] = True
        for c in t.children:
            if c.dep_ == "amod" and c.lemma_.lower() in PLAN_WORDS | {"first", "second", "third", "fourth", "fifth",
                                                                       "last", "previous", "earlier", "recent"}:
                cues.append(f"adj:{c.lemma_.lower()}")
            if c.dep_ == "det" and c.lower_ in ("that", "this", "those", "these"):
                cues.append(f"det:{c.lower_}")

    # -- dates ------------------------------------------------------------------
    def _dates(self, t: Token, f: dict) -> None:
        """Date expressions of the trigger's own clause: inside the trigger's
        phrase ("the June 2018 summit"), or on the verb it belongs to
        ("held a summit ... on June 12"), never on another clause's verb
        ("after Trump called things off last week")."""
        verb = t.pos_ in ("VERB", "AUX")
        subtree = {x.i for x in t.subtree}
        if verb:
            # "said in a statement carried by KCNA on Friday"
            homes = {t.i} | {a.i for p in t.children if p.dep_ == "prep" and p.lower_ == "in"
                             for o in p.children if o.dep_ == "pobj" for a in o.children if a.dep_ == "acl"}
        else:
            # the noun's own modifiers ("a summit planned ... on June 12"), and the
            # verb it is a direct argument of ("held a summit on June 12")
            homes = {c.i for c in t.children if c.dep_ == "relcl" or c.dep_ == "acl" and c.tag_ == "VBN"}
            measure = t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in ("dobj", "nsubj")
            if t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") or measure:  # "held three days of talks"
                homes.add(clause_head(t).i)
            elif t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.lemma_.lower() in TRAVEL_VERBS:
                homes.add(t.head.head.i)  # "arrived in Seoul on Saturday for talks with Moon"
            elif t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.lemma_.lower() in WRITING_VERBS:
                homes.add(t.head.head.i)  # "Kim wrote in a letter in December 2018 that ..."
        if verb and t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX"):
            homes.add(t.head.i)  # "rejected talks on Friday ... and fired two projectiles"
        if verb and t.dep_ == "amod":
            homes.add(clause_head(t).i)  # "responded by test-firing missiles on Aug. 10", misparsed
        # "cancelled his planned summit ... next month", "dismissing his tweet a day earlier": that date is
        # the object's, not the cancelling's or refusing's
        cancelling = verb and t.lemma_.lower() in CANCEL_WORDS | REFUSE_VERBS
        cancelled = {x.i for c in t.children if cancelling and c.dep_ == "dobj" for x in c.subtree}
        for ent in t.sent.ents:
            if ent.label_ not in ("DATE", "TIME") or ent.root.i in cancelled:
                continue
            if cancelling and t.tag_ in ("VBD", "VBN") and AHEAD.search(ent.text):
                continue  # "has cancelled the summit ... next month", the date hung on the verb
            if under_since(ent.root, t):
                continue  # "her first statement since Trump's return in January": when a period began
            clause = clause_head(ent.root)
            inside = ent.root.i in subtree and (clause.i in homes or clause.i == clause_head(t).i and not verb
                                                or verb and f["type"] == "MilitaryAction")
            deadline = ent.root.head.lower_ == "by" and f["type"] in ("Summit", "Meeting", "Call", "Agreement")
            if deadline and not inside and any(a.i == clause.i for a in t.ancestors):
                inside = True  # "accepted an invitation to meet Kim ... by May": the meeting's deadline
            elif ent.root.head.lower_ == "by" and not inside and not deadline:
                continue
            if clause.i not in homes and not inside:
                continue
            score = 0 if ent.root.i in subtree else 1
            f["dates"].append([ent.text, ent.start, ent.end, score])
        f["dates"].sort(key=lambda d: (d[3], abs(d[1] - t.i)))

    def date_leans(self) -> list[dict]:
        """Every date expression with the tense of its clause, which decides
        whether a bare "June 12" or "Thursday" lies before or after publication."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            # "a July agreement": a date inside a noun phrase takes no tense from the clause
            if ent.root.head.lower_ in ("by", "for") or ent.root.head.lower_ in ("until", "before") and \
                    _tense(clause_head(ent.root)) != "past":
                lean = "future"  # "talks by May", "back on for June 12": a deadline or a slot ahead
            elif ent.root.head.pos_ in ("NOUN", "PROPN") and ent.root.dep_ in (
                    "compound", "nmod", "amod", "npadvmod", "poss"):
                lean = None  # "a July agreement": a date inside a noun phrase takes no tense
            else:
                lean = _tense(clause_head(ent.root))
            out.append({"s": ent.start, "e": ent.end, "text": ent.text, "lean": lean})
        return out

    # -- sentence-level attribution ------------------------------------------
    def sentence(self, s: Span) -> dict:
        cues, attr = [], []
        for t in s:
            low = t.lower_
            if low == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(self.doc) else False:
                cues.append("according_to")
                for o in t.nbor(1).children:
                    attr += self._attr_refs(o)
            elif t.lemma_.lower() in ATTRIBUTION_VERBS and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ == "nsubj":
                        refs = self._attr_refs(c)
                        if refs:
                            attr += refs
                            cues.append(f"attr_verb:{t.lemma_.lower()}")
            elif low in ("reportedly", "allegedly", "purportedly"):
                cues.append("reportedly")
            elif low == "citing":
                cues.append("citing")
                for c in t.children:
                    if c.dep_ == "dobj":
                        attr += self._attr_refs(c)
        text = s.text.lower()
        for phrase, cue in (("declined to comment", "declined_to_comment"), ("did not deny", "not_denied"),
                            ("didn't deny", "not_denied"), ("did not give a response", "no_response"),
                            ("did not respond", "no_response"), ("did not immediately respond", "no_response"),
                            ("no comment", "declined_to_comment"), ("denied", "denied"), ("denying", "denied"),
                            ("refused to comment", "declined_to_comment"), ("did not comment", "declined_to_comment"),
                            ("not commented", "declined_to_comment"), ("nor trump commented", "declined_to_comment")):
            if phrase in text:
                cues.append(cue)
        speaker = []
        for t in s:
            if t.lemma_.lower() in ("say", "tell", "add", "ask", "write", "state", "remark") and t.pos_ == "VERB" \
                    and t.i not in self.in_quote:
                for c in t.children:
                    if c.dep_ == "nsubj":
                        speaker = self.refs(c, conj=False)
                if speaker:
                    break
        return {"start": s.start, "end": s.end, "cs": s.start_char, "ce": s.end_char, "cues": cues, "attr": attr,
                "speaker": speaker}

    def _attr_refs(self, tok: Token) -> list[list]:
        out = []
        for t in [tok, *tok.conjuncts]:
            n = self.tok2m.get(t.i)
            if n is not None and (self.mentions[n]["kind"] in ("outlet", "org") or t.head.lemma_ == "report"):
                out.append(["m", n])  # outlets, and state media such as KCNA when they report
            elif t.lemma_.lower() in SOURCE_NOUNS:
                span = self.doc[t.left_edge.i:t.i + 1]
                out.append(["text", span.text])
        return out


def _dedupe(refs: list[list]) -> list[list]:
    seen, out = set(), []
    for r in refs:
        key = tuple(r[:2])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _number(tok: Token) -> int | None:
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "dozens": None}
    text = tok.lower_.replace(",", "")
    return int(text) if text.isdigit() else words.get(text)


def quoted_tokens(doc: Doc) -> set[int]:
    """Token indices inside quotation marks (straight or curly), per paragraph."""
    inside, state = set(), False
    for t in doc:
        if t.is_space and "\n" in t.text:
            state = False
        if t.text in ("“", "‘") or t.text == '"' and not state:
            state = True
        elif t.text in ("”", "’") and t.tag_ in ("''", "``", "-RRB-") or t.text == '"' and state:
            state = False
        elif state:
            inside.add(t.i)
    return inside


def _reported_clause(verb: Token) -> bool:
    """True for a clause reported by a speech verb ("announced that he had canceled")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in (
        "say", "announce", "tell", "state", "claim", "report", "confirm", "reveal", "add", "suggest", "insist",
        "warn", "hint", "acknowledge", "believe", "think", "indicate", "note", "argue", "signal")


def under_since(tok: Token, stop: Token) -> bool:
    """Whether `tok` hangs from a "since" phrase below `stop`."""
    for anc in tok.ancestors:
        if anc.i == stop.i:
            return False
        if anc.lower_ == "since":
            return True
    return False


def clause_head(tok: Token) -> Token:
    """The verb whose clause `tok` belongs to (the sentence root at worst)."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.dep_ not in ("amod", "compound"):
            return anc
    return tok.sent.root


_PLAN_VERBS = {"set", "schedule", "expect", "plan", "slate", "due", "prepare"}


def _tense(verb: Token) -> str | None:
    """'past', 'future' or None for the clause headed by `verb`."""
    chain = [verb, *list(verb.ancestors)[:2]]
    for v in chain:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "'ll", "wo", "shall") for c in v.children):
            return "future"
        if v.lemma_.lower() in _PLAN_VERBS and (v is not verb or v.tag_ == "VBN"):
            return "future"
    if verb.tag_ in ("VBD", "VBN") or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children):
        return "past"
    if _reported_clause(verb) and any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children):
        return "future"  # "Sanders said the leaders would meet on Thursday": the future as reported
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "may") for c in verb.children):
        return None
    return None
