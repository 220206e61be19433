"""The notebooks are executed end to end with nbclient, so they never rot.

They are committed with outputs cleared (the numbers change as extraction
improves; a diff of outputs would be noise), and each runs in a fresh kernel
from its own folder, exactly as a reader opening it in Jupyter would.
Add a notebook to NOTEBOOKS with the facts its outputs must show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# notebook -> text its outputs must contain (stable headline facts, never counts)
NOTEBOOKS = {
    "sparql.ipynb": ["2018-06-12", "New York Channel", "summits"],
}


def outputs(nb) -> tuple[str, set[str]]:
    """All text and HTML the cells printed, and the MIME types they produced."""
    text, mimes = [], set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("text"):
                text.append(out["text"])
            for mime, value in out.get("data", {}).items():
                mimes.add(mime)
                if mime in ("text/plain", "text/html"):
                    text.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(text), mimes


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_executes(name):
    path = NOTEBOOKS_DIR / name
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    text, mimes = outputs(nb)
    for fact in NOTEBOOKS[name]:
        assert fact in text, f"{name}: {fact!r} missing from the outputs"
    assert not any(out.get("output_type") == "error" for c in nb.cells for out in c.get("outputs", []))
    if name == "sparql.ipynb":
        assert "image/png" in mimes, "the timeline plot was not drawn"
        assert "text/html" in mimes, "query results are shown as tables"


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{name}: clear the outputs before committing (jupyter nbconvert --clear-output --inplace)")
