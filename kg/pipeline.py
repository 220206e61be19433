"""The build: read → nlp → extract → resolve → graph → validate (→ export).

`build()` is the Python API behind `kg build`; it returns a `BuildResult`
holding every stage's output, so a notebook can query the Dataset, walk the
events, or write any export without going through the CLI.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from . import catalog as catalog_mod
from . import gazetteer as gz
from .errors import ExtractionError, InputError
from .model import Corpus, DocExtraction, Document
from .validate import Report

__all__ = ["build", "BuildResult", "Progress", "in_shard"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class BuildResult:
    documents: list[Document]
    extractions: list[DocExtraction]
    corpus: Corpus
    dataset: Dataset
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def write(self, out: str | Path, formats: Iterable[str] | None = None,
              on_progress: Callable[[str], None] | None = None) -> list[Path]:
        from .export import write_all

        start = time.perf_counter()
        paths = write_all(self, out, formats, on_progress=on_progress, timings=self.timings)
        self.timings["export"] = time.perf_counter() - start
        return paths

    @property
    def events(self):
        return self.corpus.events

    @property
    def actors(self):
        return self.corpus.actors

    def summary(self) -> dict:
        return {
            "documents": len(self.documents),
            "actors": len(self.corpus.actors),
            "events": len(self.corpus.events),
            "events_by_type": dict(sorted(Counter(e.type for e in self.corpus.events).items())),
            "triples": len(self.dataset),
            "warnings": len(self.warnings),
            "skipped": len(self.skipped),
        }


def build(inputs: Sequence[str | Path], *, keep_going: bool = False, max_bytes: int | None = None,
          n_process: int = 1, batch_size: int = 64, progress: Progress | None = None,
          validate: bool = True, cache_dir: str | Path | None = None,
          shard: tuple[int, int] | None = None) -> BuildResult:
    """Build the knowledge graph of the articles under `inputs`.

    With `keep_going`, unreadable files are reported in `skipped` instead of
    stopping the build. `n_process > 1` parses (and extracts) on that many
    worker processes, `0` picks one per core when the corpus is large enough
    to repay starting them (kg.workers). `cache_dir` keeps each document's
    extraction keyed by its content hash and the pipeline's fingerprint
    (kg.cache), so a rebuild only parses what changed. `shard=(k, n)` keeps
    the k-th of n disjoint parts of the corpus (1 <= k <= n), so n machines
    sharing one `cache_dir` parse a corpus between them (README: Scaling out).
    """
    from . import read as read_mod
    from .graph import to_graph
    from .resolve import resolve
    from .validate import validate as run_validate

    timings: dict[str, float] = {}
    skipped: list[str] = []
    tick = time.perf_counter()
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    documents = read_mod.read(inputs, on_error=(lambda err: skipped.append(str(err))) if keep_going else None,
                              **kwargs)
    if shard is not None:
        documents = [d for d in documents if in_shard(d.id, shard)]
        if not documents:
            raise InputError(f"shard {shard[0]}/{shard[1]} holds no article", path=", ".join(map(str, inputs)),
                             hint="use fewer shards")
    timings["read"] = time.perf_counter() - tick

    gaz = gz.load()
    catalog = catalog_mod.load(gaz)
    extractions = _extract_all(documents, gaz, catalog, timings, n_process=n_process, batch_size=batch_size,
                               progress=progress, keep_going=keep_going, skipped=skipped, cache_dir=cache_dir)

    tick = time.perf_counter()
    corpus = resolve(extractions, gaz=gaz, catalog=catalog)
    timings["resolve"] = time.perf_counter() - tick
    tick = time.perf_counter()
    dataset = to_graph(corpus)
    timings["graph"] = time.perf_counter() - tick
    tick = time.perf_counter()
    if validate:
        report = run_validate(dataset.default_graph)
    else:
        report = Report(True, [], len(dataset))
    timings["validate"] = time.perf_counter() - tick
    warnings = list(corpus.warnings) + [f"skipped {s}" for s in skipped]
    return BuildResult(documents=[x.doc for x in extractions], extractions=extractions, corpus=corpus,
                       dataset=dataset, report=report, timings=timings, warnings=warnings, skipped=skipped)


def in_shard(doc_id: str, shard: tuple[int, int]) -> bool:
    """Whether document `doc_id` falls in shard `k` of `n`: a hash of the id, so
    every machine computes the same partition without talking to the others."""
    k, n = shard
    if not 1 <= k <= n:
        raise ValueError(f"shard {k}/{n}: need 1 <= k <= n")
    return int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big") % n == k - 1


def _extract_all(documents: list[Document], gaz: gz.Gazetteer, catalog, timings: dict[str, float], *,
                 n_process: int, batch_size: int, progress: Progress | None, keep_going: bool,
                 skipped: list[str], cache_dir: str | Path | None) -> list[DocExtraction]:
    """Stages 2-3 for every document the cache does not already hold."""
    from . import workers

    cache = None
    if cache_dir is not None:
        from .cache import ExtractionCache

        cache = ExtractionCache(cache_dir)
    done: dict[str, DocExtraction] = {}
    todo = []
    tick = time.perf_counter()
    for d in documents:
        hit = cache.get(d) if cache else None
        if hit is not None:
            done[d.id] = hit
        else:
            todo.append(d)
    if cache:
        timings["cache"] = time.perf_counter() - tick
    if progress and cache:
        progress("cached", len(done), len(documents))
    timings.setdefault("nlp", 0.0)
    timings.setdefault("extract", 0.0)
    processes = n_process if n_process > 0 else workers.auto_processes(len(todo))
    for n, (d, outcome) in enumerate(workers.run(todo, n_process=processes, batch_size=batch_size,
                                                 timings=timings), 1):
        if isinstance(outcome, tuple):
            message, kg_error = outcome
            if kg_error is not None:
                cls, kwargs = kg_error
                raise cls(**kwargs)
            error = ExtractionError(message, path=d.path)
            if not keep_going:
                raise error
            skipped.append(str(error))
            continue
        done[d.id] = outcome
        if cache:
            tick = time.perf_counter()
            cache.put(d, outcome)
            timings["cache"] += time.perf_counter() - tick
        if progress:
            progress("parsing", n, len(todo))
    if not done and documents:
        raise InputError("no document could be processed", path=documents[0].path)
    return [done[d.id] for d in documents if d.id in done]
