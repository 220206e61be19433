"""The committed exports/ folder is exactly what `kg build` makes of seeds/.

Golden files: this fails whenever extraction or an exporter changes until
exports/ is regenerated (run `kg build` in the repository root) and committed
with the change, so every change to the output is reviewed as a diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, monkeypatch_module) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("golden") / "exports"
    monkeypatch_module.chdir(ROOT)  # exactly what the lead runs, with --out elsewhere
    result = CliRunner().invoke(app, ["build", "seeds", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return files(out)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_committed_exports_equal_a_fresh_build(fresh):
    assert EXPORTS.is_dir(), "exports/ is missing: run `kg build` to regenerate exports/"
    committed = files(EXPORTS)
    problems = [f"  {name}: differs" for name in sorted(fresh.keys() & committed.keys())
                if fresh[name] != committed[name]]
    problems += [f"  {name}: not in exports/" for name in sorted(fresh.keys() - committed.keys())]
    problems += [f"  {name}: in exports/ but no longer built" for name in sorted(committed.keys() - fresh.keys())]
    assert not problems, ("exports/ is out of date with seeds/ (" + f"{len(problems)} file(s)):\n"
                          + "\n".join(problems) + "\nrun `kg build` to regenerate exports/ and commit it"
                          + excerpt(committed, fresh))


def excerpt(committed: dict[str, bytes], fresh: dict[str, bytes], lines: int = 12) -> str:
    """The start of a line diff of the first differing text file, to see what changed."""
    for name in sorted(committed.keys() & fresh.keys()):
        if committed[name] != fresh[name]:
            try:
                old, new = committed[name].decode("utf-8"), fresh[name].decode("utf-8")
            except UnicodeDecodeError:
                continue
            diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"exports/{name}",
                                             f"fresh/{name}", n=0, lineterm=""))
            return "\n" + "\n".join(diff[:lines]) + ("\n..." if len(diff) > lines else "")
    return ""
