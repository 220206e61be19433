"""Extraction quality: the scorer itself, and regression floors on the dev set.

tests/data/dev holds 16 news articles (2018–2025, many outlets) with
hand-made gold; tests/data/seeds-gold the gold of the two seeds. The floors
sit just under the figures the current extractor reaches (README, "Extraction
quality"), so a change that makes extraction worse fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import evaluate

DATA = Path(__file__).parent / "data"


def _gold(tmp_path: Path, events: list[dict], actors: list[dict]) -> Path:
    (tmp_path / "a1.json").write_text(json.dumps({"doc": "a1", "published": "2019-02-09", "actors": actors,
                                                  "events": events}))
    return tmp_path


TRUMP = {"name": "Donald Trump", "type": "Person", "wikidata": "Q22686", "aliases": ["Trump"]}
KIM = {"name": "Kim Jong-un", "type": "Person", "wikidata": "Q56226", "aliases": ["Kim"]}


def _pred(*events: dict) -> dict:
    return {"actors": [{"id": "donald-trump", "label": "Donald Trump", "wikidata": "Q22686", "docs": ["a1"]},
                       {"id": "kim-jong-un", "label": "Kim Jong-un", "wikidata": "Q56226", "docs": ["a1"]}],
            "events": list(events)}


def test_a_matching_event_is_a_true_positive_with_its_date(tmp_path):
    gold = _gold(tmp_path, [{"type": "Summit", "date": "2019-02", "participants": ["Donald Trump", "Kim Jong-un"]}],
                 [TRUMP, KIM])
    pred = _pred({"type": "Meeting", "date": "2019-02-27", "participants": ["donald-trump", "kim-jong-un"],
                  "sources": [{"doc": "a1"}]})
    s = evaluate(pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert s.dates == 1.0 and s.actors == (1.0, 1.0, 1.0)


def test_wrong_family_or_disjoint_parties_do_not_match(tmp_path):
    gold = _gold(tmp_path, [{"type": "Letter", "date": None, "participants": ["Donald Trump", "Kim Jong-un"]}],
                 [TRUMP, KIM])
    pred = _pred({"type": "Summit", "date": None, "participants": ["donald-trump", "kim-jong-un"],
                  "sources": [{"doc": "a1"}]},
                 {"type": "Letter", "date": None, "participants": ["somebody-else"], "sources": [{"doc": "a1"}]})
    s = evaluate(pred, gold)
    assert (s.tp, s.fp, s.fn) == (0, 2, 1)


def test_core_leaves_statements_out(tmp_path):
    gold = _gold(tmp_path, [{"type": "Statement", "date": None, "participants": ["Donald Trump"]}], [TRUMP])
    pred = _pred({"type": "Statement", "date": None, "participants": ["donald-trump"], "sources": [{"doc": "a1"}]})
    assert evaluate(pred, gold).tp == 1
    assert evaluate(pred, gold, core=True).tp == 0


@pytest.fixture(scope="module")
def dev_scores():
    from kg import build
    from kg.export.events import to_json

    data = to_json(build([DATA / "dev"]).corpus)
    return evaluate(data, DATA / "dev"), evaluate(data, DATA / "dev", core=True)


@pytest.mark.slow
def test_dev_set_extraction_does_not_regress(dev_scores):
    full, core = dev_scores
    assert core.events[2] >= 0.83, core.as_dict()
    assert full.events[2] >= 0.80, full.as_dict()
    assert full.dates >= 0.90, full.as_dict()
    assert full.actors[2] >= 0.89, full.as_dict()


@pytest.mark.slow
def test_seed_gold_is_met(seeds_result):
    from kg.export.events import to_json

    s = evaluate(to_json(seeds_result.corpus), DATA / "seeds-gold")
    assert s.events[2] >= 0.85 and s.dates >= 0.95 and s.actors[2] >= 0.85, s.as_dict()


def test_kg_eval_prints_the_figures(tmp_path, seeds_export):
    result = CliRunner().invoke(app, ["eval", str(DATA / "seeds-gold"), "--events",
                                      str(seeds_export / "events.json"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["core"]["events"]["f1"] >= 0.9


def test_kg_eval_refuses_a_folder_without_gold(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--events", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "Error:" in result.output
