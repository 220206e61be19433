"""Incremental builds (issue 8): the extraction cache makes a rebuild parse only
new or changed articles, and what it gives is byte for byte a full rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cache
import kg.workers
from kg import build
from kg.cache import ExtractionCache
from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = ROOT / "tests" / "data" / "dev" / "doc001.txt"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


@pytest.fixture
def parsed(monkeypatch) -> list[list[str]]:
    """The ids of the documents each build sends to the parser."""
    calls: list[list[str]] = []
    run = kg.workers.run

    def spy(docs, **kwargs):
        calls.append([d.id for d in docs])
        return run(docs, **kwargs)

    monkeypatch.setattr(kg.workers, "run", spy)
    return calls


def test_adding_an_article_parses_it_alone_and_equals_a_full_build(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    first = build([corpus], cache_dir=cache)
    assert sorted(parsed[-1]) == sorted(d.id for d in first.documents)
    shutil.copy(NEW_ARTICLE, corpus / NEW_ARTICLE.name)
    incremental = build([corpus], cache_dir=cache)
    assert parsed[-1] == [NEW_ARTICLE.stem]
    incremental.write(tmp_path / "incremental")
    full = build([corpus])
    full.write(tmp_path / "full")
    assert incremental.extractions == full.extractions
    got, want = files(tmp_path / "incremental"), files(tmp_path / "full")
    assert got.keys() == want.keys() and len(got) >= 7
    assert [name for name in got if got[name] != want[name]] == []


def test_a_second_build_parses_nothing(corpus, tmp_path, parsed, monkeypatch):
    cache = tmp_path / "cache"
    build([corpus], cache_dir=cache)
    monkeypatch.setattr("kg.nlp.load", lambda *a, **k: pytest.fail("the model was loaded for a cached build"))
    again = build([corpus], cache_dir=cache)
    assert parsed[-1] == []
    assert len(again.documents) == 2 and again.report.conforms


def test_a_corrupt_entry_is_recomputed_not_an_error(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    first = build([corpus], cache_dir=cache)
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 2
    entries[0].write_bytes(b"\x00 not json")
    entries[1].write_text(json.dumps({"doc": "someone-else", "extraction": {"$type": "Nope"}}))
    again = build([corpus], cache_dir=cache)
    assert sorted(parsed[-1]) == sorted(d.id for d in first.documents)
    assert again.extractions == first.extractions
    assert all(json.loads(p.read_text())["extraction"]["$type"] == "DocExtraction" for p in cache.rglob("*.json"))


def test_changed_metadata_misses(corpus, tmp_path, parsed):
    cache = tmp_path / "cache"
    build([corpus], cache_dir=cache)
    catalog = corpus / "catalog.yaml"
    text = catalog.read_text()
    name = sorted(p.name for p in corpus.glob("*.txt"))[0]
    assert name in text
    catalog.write_text(text.replace("title:", "title: Revised", 1))
    build([corpus], cache_dir=cache)
    assert len(parsed[-1]) == 1


def test_a_new_fingerprint_misses_and_drops_old_entries(corpus, tmp_path, parsed, monkeypatch):
    cache = tmp_path / "cache"
    build([corpus], cache_dir=cache)
    old = {p.name for p in cache.iterdir()}
    monkeypatch.setattr(kg.cache, "fingerprint", lambda: "f" * 64)
    build([corpus], cache_dir=cache)
    assert len(parsed[-1]) == 2
    assert {p.name for p in cache.iterdir()} == {"f" * 24} and not old & {"f" * 24}


@pytest.mark.parametrize("what", ["rules", "code"])
def test_rule_and_code_changes_change_the_fingerprint(what, tmp_path, monkeypatch):
    import kg.gazetteer

    before = kg.cache.fingerprint()
    if what == "rules":
        copy = shutil.copytree(kg.gazetteer.ONTOLOGY_DIR, tmp_path / "ontology")
        (copy / "triggers.jsonl").write_text((copy / "triggers.jsonl").read_text() + "\n")
        monkeypatch.setattr(kg.gazetteer, "ONTOLOGY_DIR", copy)
    else:
        copy = shutil.copytree(kg.cache.PACKAGE_DIR, tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__"))
        (copy / "extract.py").write_text((copy / "extract.py").read_text() + "\n# changed\n")
        monkeypatch.setattr(kg.cache, "PACKAGE_DIR", copy)
    kg.cache.fingerprint.cache_clear()
    try:
        assert kg.cache.fingerprint() != before
    finally:
        monkeypatch.undo()
        kg.cache.fingerprint.cache_clear()
    assert kg.cache.fingerprint() == before


def test_an_unusable_cache_folder_only_costs_speed(corpus, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache would go")
    result = build([corpus], cache_dir=blocked)
    assert len(result.documents) == 2 and ExtractionCache(blocked).get(result.documents[0]) is None


def test_kg_build_caches_beside_the_output_unless_told_not_to(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(corpus), "--out", "out"])
    assert first.exit_code == 0, first.output
    assert "2 parsed, 0 from the cache" in first.output
    assert (tmp_path / ".kg-cache").is_dir() and not (tmp_path / "out" / ".kg-cache").exists()
    second = runner.invoke(app, ["build", str(corpus), "--out", "out"])
    assert "0 parsed, 2 from the cache" in second.output
    shutil.rmtree(tmp_path / ".kg-cache")
    third = runner.invoke(app, ["build", str(corpus), "--out", "out", "--no-cache", "-q"])
    assert third.exit_code == 0 and not (tmp_path / ".kg-cache").exists()


def test_shards_sharing_a_cache_add_up_to_the_whole_build(corpus, tmp_path, parsed):
    """Scaling out: machines that each build `--shard k/n` into one cache leave
    the final build nothing to parse, and it equals a build on one machine."""
    for name in ("doc001.txt", "doc005.txt", "doc011.txt", "doc017.txt"):
        shutil.copy(ROOT / "tests" / "data" / "dev" / name, corpus / name)
    cache = tmp_path / "shared-cache"
    shards = [build([corpus], cache_dir=cache, shard=(k, 3)) for k in (1, 2, 3)]
    ids = [sorted(d.id for d in s.documents) for s in shards]
    assert all(ids) and sorted(sum(ids, [])) == sorted(p.stem for p in corpus.glob("*.txt"))
    final = build([corpus], cache_dir=cache)
    assert parsed[-1] == []
    final.write(tmp_path / "final")
    build([corpus]).write(tmp_path / "one-machine")
    got, want = files(tmp_path / "final"), files(tmp_path / "one-machine")
    assert got.keys() == want.keys() and [name for name in got if got[name] != want[name]] == []


@pytest.mark.parametrize("shard", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_kg_build_refuses_a_malformed_shard(shard, corpus, tmp_path):
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out"), "--shard", shard])
    assert result.exit_code == 2 and "K/N" in result.output and not (tmp_path / "out").exists()
