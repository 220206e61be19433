"""Parsing and extraction on worker processes (issue 8) give what one process
gives, and a failing document is reported the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.extract
from kg import build
from kg.errors import ExtractionError
from kg.workers import MIN_DOCS_PER_PROCESS, auto_processes, cores

DEV = Path(__file__).resolve().parent / "data" / "dev"


def test_two_processes_extract_what_one_does():
    one = build([DEV], n_process=1, batch_size=4, validate=False)
    two = build([DEV], n_process=2, batch_size=4, validate=False)
    assert len(one.documents) >= 8
    assert two.extractions == one.extractions
    assert two.corpus == one.corpus


@pytest.mark.parametrize("keep_going", [False, True])
def test_a_document_that_fails_in_a_worker_is_named(keep_going, monkeypatch):
    extract = kg.extract.extract

    def flaky(doc, sdoc, **kwargs):
        if doc.id == "doc005":
            raise RuntimeError("boom")
        return extract(doc, sdoc, **kwargs)

    monkeypatch.setattr(kg.extract, "extract", flaky)  # workers are forked: they see it too
    if keep_going:
        result = build([DEV], n_process=2, batch_size=4, keep_going=True, validate=False)
        assert "doc005" not in {d.id for d in result.documents}
        assert any("doc005.txt" in s and "RuntimeError: boom" in s for s in result.skipped)
    else:
        with pytest.raises(ExtractionError, match=r"doc005\.txt: extraction failed: RuntimeError: boom"):
            build([DEV], n_process=2, batch_size=4, validate=False)


def test_small_corpora_stay_in_one_process():
    assert auto_processes(1) == 1
    assert auto_processes(MIN_DOCS_PER_PROCESS - 1) == 1
    assert auto_processes(100 * MIN_DOCS_PER_PROCESS) == cores()
