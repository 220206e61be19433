"""The project's spaCy components: registration (a golden list of kg_* factory
names, like spaCy's factory_registrations.json), pipeline order
(`analyze_pipes`), and what kg_mentions + kg_events find on a small sentence
in a blank pipeline (spaCy's test style: a Doc built with its parse)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

import kg.components  # noqa: F401  (registers the kg_* factories)
from kg import gazetteer as gz
from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "factories.json"


def registered() -> list[str]:
    return sorted(name for name in spacy.registry.factories.get_all() if name.startswith("kg_"))


# -- registration ---------------------------------------------------------------------


def test_registered_factories_match_the_golden_list():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["factories"]
    assert registered() == golden, "a kg_* factory was added or removed: update tests/golden/factories.json " \
                                   "(and the spacy_factories entry points in pyproject.toml)"


def test_factory_names_are_prefixed_and_dot_free():
    names = registered()
    assert names and all(n.startswith("kg_") and "." not in n for n in names)


def _entry_points() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"].get("entry-points", {}).get("spacy_factories", {})


@pytest.mark.parametrize("name", json.loads(GOLDEN.read_text(encoding="utf-8"))["factories"])
def test_each_factory_has_a_spacy_factories_entry_point(name):
    """So that a saved pipeline loads without importing kg first."""
    target = _entry_points().get(name)
    assert target, f"pyproject.toml has no [project.entry-points.spacy_factories] {name}"
    module, _, attr = target.partition(":")
    factory = getattr(__import__(module, fromlist=[attr]), attr)
    assert spacy.registry.factories.get(name) is factory


# -- pipeline order --------------------------------------------------------------------


def test_kg_pipeline_has_no_unmet_requirements():
    from kg import nlp as nlp_mod

    nlp = nlp_mod.load()
    assert {"kg_mentions", "kg_events"} <= set(nlp.pipe_names)
    problems = nlp.analyze_pipes()["problems"]
    assert not any(problems.values()), problems
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("kg_mentions") < \
        nlp.pipe_names.index("kg_events")
    if "ner" in nlp.pipe_names:
        assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")


# -- a blank pipeline and a hand-parsed sentence ---------------------------------------


@pytest.fixture(scope="module")
def blank_nlp():
    """spacy.blank("en") + the gazetteer EntityRuler + kg_mentions + kg_events."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gz.load().ruler_patterns())
    nlp.add_pipe("kg_mentions")
    nlp.add_pipe("kg_events")
    return nlp


# "Trump sent a letter to Kim Jong Un." as a parser would leave it:
# (word, head index, dep, pos, tag, lemma)
LETTER = [
    ("Trump", 1, "nsubj", "PROPN", "NNP", "Trump"),
    ("sent", 1, "ROOT", "VERB", "VBD", "send"),
    ("a", 3, "det", "DET", "DT", "a"),
    ("letter", 1, "dobj", "NOUN", "NN", "letter"),
    ("to", 1, "prep", "ADP", "IN", "to"),
    ("Kim", 7, "compound", "PROPN", "NNP", "Kim"),
    ("Jong", 7, "compound", "PROPN", "NNP", "Jong"),
    ("Un", 4, "pobj", "PROPN", "NNP", "Un"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def parsed(nlp, rows) -> Doc:
    words, heads, deps, pos, tags, lemmas = map(list, zip(*rows))
    spaces = [i + 1 < len(words) and words[i + 1] not in ".," for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@pytest.fixture
def letter_doc(blank_nlp) -> Doc:
    return parsed(blank_nlp, LETTER)


def test_mentions_link_names_to_the_gazetteer(letter_doc):
    linked = {m["text"]: m["ids"] for m in letter_doc._.kg_mentions}
    assert "donald-trump" in linked["Trump"]
    assert "kim-jong-un" in linked["Kim Jong Un"]


def test_letter_frame_has_sender_and_recipient(letter_doc):
    mentions = letter_doc._.kg_mentions
    frames = [f for f in letter_doc._.kg_frames if f["type"] == "Letter"]
    assert frames, letter_doc._.kg_frames
    frame = frames[0]

    def ids(refs):
        return {i for kind, n, *_ in refs if kind == "m" for i in mentions[n]["ids"]}

    assert "donald-trump" in ids(frame["agent"])
    assert "kim-jong-un" in ids(frame["to"])


def test_extract_reads_sender_and_recipient_off_the_frame(letter_doc):
    from kg.extract import extract

    text = letter_doc.text
    doc = Document(id="letter", path="letter.txt", text=text, published=date(2018, 6, 1),
                   segments=((0, len(text)),))
    letters = [e for e in extract(doc, letter_doc).events if e.type == "Letter"]
    assert letters
    assert (letters[0].sender, letters[0].recipient) == ("donald-trump", "kim-jong-un")
    assert letters[0].evidence == text


def test_no_trigger_no_frame(blank_nlp):
    rows = [("Trump", 1, "nsubj", "PROPN", "NNP", "Trump"), ("smiled", 1, "ROOT", "VERB", "VBD", "smile"),
            (".", 1, "punct", "PUNCT", ".", ".")]
    assert parsed(blank_nlp, rows)._.kg_frames == []


SEQUEL = [  # "Trump and Kim met in Singapore for a summit, following which Pyongyang committed to denuclearization."
    ("Trump", 3, "nsubj", "PROPN", "NNP", "Trump"),
    ("and", 0, "cc", "CCONJ", "CC", "and"),
    ("Kim", 0, "conj", "PROPN", "NNP", "Kim"),
    ("met", 3, "ROOT", "VERB", "VBD", "meet"),
    ("in", 3, "prep", "ADP", "IN", "in"),
    ("Singapore", 4, "pobj", "PROPN", "NNP", "Singapore"),
    ("for", 3, "prep", "ADP", "IN", "for"),
    ("a", 8, "det", "DET", "DT", "a"),
    ("summit", 6, "pobj", "NOUN", "NN", "summit"),
    (",", 8, "punct", "PUNCT", ",", ","),
    ("following", 13, "prep", "VERB", "VBG", "follow"),
    ("which", 10, "pobj", "PRON", "WDT", "which"),
    ("Pyongyang", 13, "nsubj", "PROPN", "NNP", "Pyongyang"),
    ("committed", 8, "relcl", "VERB", "VBD", "commit"),
    ("to", 13, "prep", "ADP", "IN", "to"),
    ("denuclearization", 14, "pobj", "NOUN", "NN", "denuclearization"),
    (".", 3, "punct", "PUNCT", ".", "."),
]


def test_what_followed_an_event_does_not_fill_its_roles(blank_nlp):
    doc = parsed(blank_nlp, SEQUEL)
    (summit,) = [f for f in doc._.kg_frames if f["type"] == "Summit"]
    later = next(n for n, m in enumerate(doc._.kg_mentions) if m["s"] == 12)
    assert ["m", later] not in summit["agent"] + summit["with"] + summit["patient"]
