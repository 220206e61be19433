"""The project's spaCy components: entity linking and event frames.

Both run inside `nlp.pipe` (in worker processes when `n_process > 1`), so they
only do what the text alone decides and store plain, msgpack-friendly data on
the Doc: `doc._.kg_mentions` (every entity with its gazetteer candidates) and
`doc._.kg_frames` (every event trigger with its syntactic arguments, date
expressions and cues). What needs the document's metadata — the publication
date that anchors "Wednesday", who held an office that year — happens later in
`kg.extract`.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from . import gazetteer as gz
from .frames import FrameReader

__all__ = ["MentionLinker", "EventFrames", "make_mentions", "make_events", "make_paragraphs", "paragraph_breaks"]

for _name in ("kg_mentions", "kg_frames", "kg_sents", "kg_dates", "kg_warnings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break (the reader joins kept
    lines with a blank line); the parser keeps boundaries set before it."""
    for tok in doc[:-1]:
        if tok.is_space and "\n\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _load_jsonl(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "about" not in r]


class MentionLinker:
    """Links every entity (from the gazetteer ruler or the statistical NER) to its
    gazetteer candidates, and adds the group mentions NER misses ("North Korean
    diplomats" → North Korea)."""

    def __init__(self, nlp: Language, name: str = "kg_mentions", *, gazetteer: str | None = None) -> None:
        self.name = name
        self.gaz = gz.load(gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        mentions = []
        for ent in doc.ents:
            m = self._link(ent)
            if m:
                mentions.append(m)
        doc._.kg_mentions = mentions
        return doc

    def _link(self, ent: Span) -> dict | None:
        text = ent.text.strip(" '\"’‘“”")
        if ent.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LANGUAGE",
                          "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"):
            return None
        # "Kim Jong Un's": the ruler may end the span at the name; NER sometimes keeps "'s".
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        cands = self.gaz.candidates(text)
        if not cands and text.lower().startswith("the "):
            cands = self.gaz.candidates(text[4:])
        kind = cands[0].kind if cands else None
        if ent.label_ == "NORP":
            state = self.gaz.by_demonym.get(gz.norm(text))
            if state is None:
                return None
            return _mention(ent, "norp", [state.id], text)
        if not cands and ent.label_ == "ORG":
            person = _person_after_role(ent)
            if person is not None:  # "State Dept. spokesperson Morgan Ortagus"
                return _mention(person, "person", [], person.text)
        if not cands:
            if ent.label_ == "PERSON":
                if not any(t.is_title or t.is_upper for t in ent) or len(text) < 2:
                    return None
                kind = "person"
            elif ent.label_ in ("GPE", "LOC", "FAC"):
                kind = "place"
            elif ent.label_ == "ORG":
                kind = "org"
            else:
                return None
        return _mention(ent, kind, [c.id for c in cands], text)


ROLE_NOUNS = {"spokesperson", "spokesman", "spokeswoman", "minister", "official", "envoy", "adviser", "advisor",
              "secretary", "ambassador", "negotiator", "director", "chief", "representative", "aide"}


def _person_after_role(ent: Span) -> Span | None:
    """The name after a role noun inside a span NER called an organisation."""
    for t in ent:
        if t.lower_ in ROLE_NOUNS and t.i < ent.end - 2:
            name = ent.doc[t.i + 1:ent.end]
            if all(w.is_title for w in name if w.is_alpha):
                return name
    return None


def _mention(ent: Span, kind: str, ids: list[str], text: str) -> dict:
    return {"s": ent.start, "e": ent.end, "cs": ent.start_char, "ce": ent.end_char, "text": text,
            "label": ent.label_, "kind": kind, "ids": ids}


class EventFrames:
    """Finds event triggers (ontology/triggers.jsonl, a Matcher) and reads their
    arguments off the dependency parse: who acts, with or to whom, through
    what channel, where, which date expressions attach, and the cues for status
    (planned, cancelled), negation and modality."""

    def __init__(self, nlp: Language, name: str = "kg_events", *, triggers: str | None = None) -> None:
        self.name = name
        path = Path(triggers) if triggers else gz.ONTOLOGY_DIR / "triggers.jsonl"
        self.rules = _load_jsonl(path)
        self.matcher = Matcher(nlp.vocab)
        for n, rule in enumerate(self.rules):
            self.matcher.add(str(n), [rule["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.kg_mentions or []
        tok2m = {}
        for n, m in enumerate(mentions):
            for i in range(m["s"], m["e"]):
                tok2m[i] = n
        reader = FrameReader(doc, tok2m, mentions)
        frames, taken, problems = [], set(), []
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            rule = self.rules[int(doc.vocab.strings[match_id])]
            head = rule.get("head", 0)
            tok = doc[end - 1] if head == -1 else doc[start + head]
            if (tok.i, rule["type"]) in taken or tok.i in tok2m and mentions[tok2m[tok.i]]["kind"] != "org":
                continue
            need = rule.get("requires_object")
            if need and not any(c.lower_ in need for c in tok.subtree) and not (
                    tok.dep_ == "amod" and tok.head.lower_ in need):  # "test-firing missiles", parsed as a modifier
                continue
            prep = rule.get("requires_prep")
            if prep and not any(c.dep_ == "prep" and c.lower_ in prep for c in tok.children):
                continue
            taken.add((tok.i, rule["type"]))
            try:
                frames.append(reader.frame(tok, rule["type"], doc[start:end].text))
            except Exception as err:  # noqa: BLE001 - one odd parse must not cost the article
                problems.append(f"{rule['type']} trigger {tok.text!r} at character {tok.idx}: "
                                f"{type(err).__name__}: {err}")
        # "spoke by phone with Abe": the call, not also a meeting on the same word
        calls = {f["i"] for f in frames if f["type"] == "Call"}
        doc._.kg_frames = [f for f in frames if not (f["type"] in ("Meeting", "Summit") and f["i"] in calls)]
        doc._.kg_warnings = problems
        doc._.kg_sents = [reader.sentence(s) for s in doc.sents]
        doc._.kg_dates = reader.date_leans()
        return doc


@Language.factory("kg_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str):
    return paragraph_breaks


@Language.factory("kg_mentions", assigns=["doc._.kg_mentions"], requires=["doc.ents"],
                  default_config={"gazetteer": None})
def make_mentions(nlp: Language, name: str, gazetteer: str | None) -> MentionLinker:
    return MentionLinker(nlp, name, gazetteer=gazetteer)


@Language.factory("kg_events", assigns=["doc._.kg_frames", "doc._.kg_sents", "doc._.kg_dates", "doc._.kg_warnings"],
                  requires=["doc._.kg_mentions", "token.dep", "token.lemma", "doc.sents"],
                  default_config={"triggers": None})
def make_events(nlp: Language, name: str, triggers: str | None) -> EventFrames:
    return EventFrames(nlp, name, triggers=triggers)
