"""Stages 2 and 3 over a corpus: parse (spaCy `nlp.pipe`, batched) and extract
each document, in this process or on worker processes.

Parsing is nearly all of a build's time. spaCy's own `n_process` sends every
parsed Doc back to the parent (serialised with its extension data) and leaves
extraction to the parent; here each worker parses and extracts whole batches
and returns only the small `DocExtraction`s, so both stages use every core and
little crosses between processes. The parent loads the pipeline once and the
workers are forked from it, as spaCy's are: they share the model's memory,
start at once, and need no `if __name__ == "__main__"` guard in the caller's
script. Where fork is unavailable the build runs in one process.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence

from .errors import KGError
from .model import DocExtraction, Document

__all__ = ["run", "auto_processes", "MIN_DOCS_PER_PROCESS", "Outcome"]

# Below this many documents per process, a worker saves less than forking it and
# collecting its results costs.
MIN_DOCS_PER_PROCESS = 32

# (document, its extraction or an error) — errors are (message, KGError class and kwargs or None)
Outcome = tuple[Document, DocExtraction | tuple]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_processes(n_docs: int) -> int:
    """One process per core, but only as many as the corpus keeps busy."""
    return max(1, min(cores(), n_docs // MIN_DOCS_PER_PROCESS))


def run(docs: Sequence[Document], *, n_process: int, batch_size: int,
        timings: dict[str, float]) -> Iterator[Outcome]:
    """Each document with its extraction (or error), in input order. Adds to
    `timings`: load_model, nlp and extract (wall seconds; with workers, the
    wall time of the whole stage split in the proportion the workers spent)."""
    if not docs:  # everything came from the cache: no model to load
        return
    if n_process <= 1 or len(docs) <= 1:
        yield from _serial(docs, batch_size, timings)
        return
    from . import catalog as catalog_mod
    from . import gazetteer as gz
    from . import nlp as nlp_mod

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from _serial(docs, batch_size, timings)
        return
    tick = time.perf_counter()
    _state.update(nlp=nlp_mod.load(), batch_size=batch_size)  # loaded once, inherited by every worker
    catalog_mod.load(gz.load())
    timings["load_model"] = time.perf_counter() - tick
    # batches of up to batch_size documents, at least four per process, so the last ones balance out
    size = max(1, min(batch_size, -(-len(docs) // (4 * n_process))))
    chunks = [list(docs[i:i + size]) for i in range(0, len(docs), size)]
    start = time.perf_counter()
    spent = {"nlp": 0.0, "extract": 0.0}
    with multiprocessing.get_context("fork").Pool(min(n_process, len(chunks))) as pool:
        for chunk, (results, seconds) in zip(chunks, pool.imap(_work, chunks)):
            for key, value in seconds.items():
                spent[key] += value
            for doc, outcome in zip(chunk, results):
                yield doc, dataclasses.replace(outcome, doc=doc) if isinstance(outcome, DocExtraction) else outcome
    wall = time.perf_counter() - start
    work = spent["nlp"] + spent["extract"] or 1.0
    timings["nlp"] = wall * spent["nlp"] / work
    timings["extract"] = wall * spent["extract"] / work


def _serial(docs: Sequence[Document], batch_size: int, timings: dict[str, float]) -> Iterator[Outcome]:
    from . import nlp as nlp_mod

    tick = time.perf_counter()
    nlp = nlp_mod.load()
    timings["load_model"] = time.perf_counter() - tick
    yield from _parse_and_extract(nlp, docs, batch_size, timings)


def _parse_and_extract(nlp, docs: Sequence[Document], batch_size: int, seconds: dict[str, float]) -> Iterator[Outcome]:
    """Parse `docs` in batches and extract each; sets seconds["nlp"] and ["extract"]."""
    extracting = 0.0
    start = time.perf_counter()
    for sdoc, doc in nlp.pipe(((d.body, d) for d in docs), as_tuples=True, batch_size=batch_size):
        t0 = time.perf_counter()
        outcome = _extract(doc, sdoc)
        extracting += time.perf_counter() - t0
        yield doc, outcome
    seconds["extract"] = extracting
    seconds["nlp"] = time.perf_counter() - start - extracting


def _extract(doc: Document, sdoc) -> DocExtraction | tuple:
    from . import catalog as catalog_mod
    from . import gazetteer as gz
    from .extract import extract

    try:
        gaz = gz.load()
        return extract(doc, sdoc, gaz=gaz, catalog=catalog_mod.load(gaz))
    except KGError as err:  # a deliberate error stops the build, as in one process
        return (str(err), (type(err), {"message": err.message, "path": err.path, "hint": err.hint,
                                       "link": err.link}))
    except Exception as err:  # a bug on one document must not hide which one
        return (f"extraction failed: {type(err).__name__}: {err}", None)


# -- worker processes ----------------------------------------------------------------------
_state: dict = {}  # set in the parent before the fork: the pipeline and batch size


def _work(chunk: list[Document]) -> tuple[list, dict[str, float]]:
    """Parse and extract one batch; extractions go back without their document
    (the parent has it), which keeps what crosses the pipe small."""
    seconds: dict[str, float] = {}
    out = [dataclasses.replace(outcome, doc=None) if isinstance(outcome, DocExtraction) else outcome
           for _, outcome in _parse_and_extract(_state["nlp"], chunk, _state["batch_size"], seconds)]
    return out, seconds
