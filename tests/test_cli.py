"""The `kg` command line as a user meets it: help, version, `kg build`, its
summary, `--format`, and the promise that a failed build writes nothing."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app
from kg.export import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "eval" / "dev"
ALL_FILES = {"graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "events.json"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def flat(text: str) -> str:
    """Rich tables wrap at the terminal width; compare words, not layout."""
    return " ".join(text.split())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seeds_cli(tmp_path_factory):
    """`kg build seeds --out DIR`, once for this module."""
    out = tmp_path_factory.mktemp("cli") / "out"
    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result, out


# -- help and version --------------------------------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_root_help_lists_build(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Usage: kg" in result.output
    assert "build" in result.output


def test_build_help_documents_the_options(runner):
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--format", "--keep-going", "--max-bytes", "--quiet"):
        assert option in result.output, option


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"kg {__version__}\n"


# -- kg build ------------------------------------------------------------------------


def test_build_writes_every_export(seeds_cli):
    _, out = seeds_cli
    assert ALL_FILES <= {p.name for p in out.iterdir()}
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "staging files left behind"
    for name in ALL_FILES:
        assert (out / name).stat().st_size > 0, name


def test_build_prints_the_summary(seeds_cli):
    result, out = seeds_cli
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    text = flat(result.stdout)
    assert f"documents {len(data['documents'])}" in text
    assert f"actors {len(data['actors'])}" in text
    assert f"events {len(data['events'])}" in text
    for etype, n in Counter(e["type"] for e in data["events"]).items():
        assert f"{etype} {n}" in text, etype
    assert "SHACL conforms" in text
    assert result.stderr == ""


def test_build_finds_the_singapore_summit(seeds_cli):
    _, out = seeds_cli
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == len(list(SEEDS.glob("*.txt")))
    summits = [e for e in data["events"] if e["type"] == "Summit" and e["date"] == "2018-06-12"]
    assert summits and {"donald-trump", "kim-jong-un"} <= set(summits[0]["participants"])


def test_quiet_build_prints_nothing(runner, tmp_path):
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "-q", "-f", "events"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_format_restricts_what_is_written(runner, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "-q", "--format", "ttl", "-f", "nt"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["graph.nt", "graph.ttl"]


def test_unknown_format_is_one_line_naming_it_and_the_choices(runner, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "--format", "xml"])
    assert result.exit_code == 2
    choices = ", ".join(sorted(FORMATS))
    assert result.stderr == f"Error: unknown export format 'xml' (choose from {choices}) [E400]\n"
    assert not out.exists()


@pytest.mark.parametrize("bad", [b"", b"\x00\x01\x02" * 100])
def test_failed_build_leaves_the_existing_export_untouched(runner, seeds_cli, tmp_path, bad):
    _, built = seeds_cli
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = snapshot(out)
    broken = tmp_path / "in" / "broken.txt"
    broken.parent.mkdir()
    broken.write_bytes(bad)
    result = runner.invoke(app, ["build", str(broken.parent), "--out", str(out)])
    assert result.exit_code == 2
    assert snapshot(out) == before


def test_out_that_is_a_file_is_an_export_error(runner, tmp_path):
    out = tmp_path / "taken"
    out.write_text("not a folder")
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(out), "-q", "-f", "events"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {out}: cannot write to the output folder")
    assert out.read_text() == "not a folder"


def test_build_without_inputs_and_without_seeds_here(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2
    assert result.stderr == "Error: seeds: no input given and no seeds/ folder here [E100]\n"


# -- any folder with front matter builds -------------------------------------------


ARTICLE = """---
title: "{title}"
outlet: Test Wire
published: {published}
url: https://example.org/{name}
---
{body}
"""


@pytest.fixture
def front_matter_folder(tmp_path) -> Path:
    folder = tmp_path / "articles"
    (folder / "2019").mkdir(parents=True)
    (folder / "singapore.txt").write_text(ARTICLE.format(
        title="Trump and Kim meet", published="2018-06-12", name="singapore",
        body="U.S. President Donald Trump met North Korean leader Kim Jong-un in Singapore on Tuesday."),
        encoding="utf-8")
    (folder / "2019" / "hanoi.md").write_text(ARTICLE.format(
        title="Hanoi talks end early", published="2019-02-28", name="hanoi",
        body="Trump and Kim held a summit in Hanoi on February 27 and 28, 2019, but left without a deal."),
        encoding="utf-8")
    return folder


def test_any_front_matter_folder_builds(runner, front_matter_folder, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(front_matter_folder), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    assert set(docs) == {"singapore", "hanoi"}
    assert docs["hanoi"]["published"] == "2019-02-28" and docs["hanoi"]["outlet"] == "Test Wire"
    assert docs["singapore"]["url"] == "https://example.org/singapore"
    cited = {s["doc"] for e in data["events"] for s in e["sources"]}
    assert cited == {"singapore", "hanoi"}


def test_several_inputs_build_together(runner, front_matter_folder, tmp_path):
    out = tmp_path / "out"
    single = front_matter_folder / "singapore.txt"
    result = runner.invoke(app, ["build", str(single), str(SEEDS), "--out", str(out), "-q", "-f", "events"])
    assert result.exit_code == 0, result.output
    ids = [d["id"] for d in json.loads((out / "events.json").read_text(encoding="utf-8"))["documents"]]
    assert "singapore" in ids and len(ids) == 1 + len(list(SEEDS.glob("*.txt")))


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev set is only on developer machines")
def test_dev_set_builds(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(DEV), "--out", str(out), "-q", "-f", "events"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == len(list(DEV.glob("*.txt")))
