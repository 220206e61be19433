"""Benchmark (issue 8): the whole `kg build` against bare spaCy on the same texts.

    python benchmarks/bench_build.py --sizes 100,1000,10000 --jobs 1,2 --repeat 1

For each size it writes a corpus (the dev articles repeated under new names,
each copy with its own title and a publication date shifted by up to 60 days,
so relative dates resolve to new days and the resolver sees new events), then
for each process count J runs, each in a fresh process:

- bare spaCy: `nlp.pipe(texts, batch_size=B, n_process=J)` with the trained
  model the build uses (`kg.nlp.base_model()`), over the texts the build parses
  (`Document.body` after reading), model loading not timed;
- the build: `kg.pipeline.build(..., n_process=J, batch_size=B)` and
  `BuildResult.write` of every export (what `kg build --no-cache` runs, without
  the progress bar), timed from reading the files to the last export written,
  model loading included.

Words are whitespace-separated tokens of those texts. Peak memory is the
largest sum of resident memory over the process and its workers, sampled
every 0.2 s (an upper bound: forked workers share the model's pages). It
prints the medians of `--repeat` runs and writes every run to
benchmarks/out/ as JSON. Timings are wall-clock on a shared machine: noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "dev"
OUT = ROOT / "benchmarks" / "out"
STAGES = ("read", "load_model", "nlp", "extract", "resolve", "graph", "validate")


# -- corpus ------------------------------------------------------------------------------
def make_corpus(n: int, folder: Path, source: Path = SOURCE) -> int:
    """`n` articles made from the dev set; returns how many source articles there were."""
    sources = sorted(source.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        shift = dt.timedelta(days=(i // len(sources)) % 60)

        def published(m: re.Match) -> str:
            return f'{m.group(1)}"{(dt.date.fromisoformat(m.group(2)) + shift).isoformat()}"'

        text = re.sub(r'^(published: )"?(\d{4}-\d{2}-\d{2})"?', published, text, count=1, flags=re.M)
        text = re.sub(r'^(title: ".*)"$', lambda m: f'{m.group(1)} ({i})"', text, count=1, flags=re.M)
        (folder / f"{src.stem}-{i:05d}.txt").write_text(text, encoding="utf-8")
    return len(sources)


# -- the two measurements, each run in its own process --------------------------------------
def measure_bare(corpus: Path, n_process: int, batch_size: int) -> dict:
    from kg.nlp import base_model
    from kg.read import read

    texts = [d.body for d in read([corpus])]
    nlp, name = base_model()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return {"seconds": time.perf_counter() - start, "words": sum(len(t.split()) for t in texts), "model": name,
            "pipes": nlp.pipe_names}


def measure_build(corpus: Path, out: Path, n_process: int, batch_size: int, incremental: bool) -> dict:
    """The full build; with `incremental`, it fills a new cache (as a first
    `kg build` does) and the corpus is then rebuilt with one article added."""
    start = time.perf_counter()
    from kg.pipeline import build

    cache = Path(tempfile.mkdtemp(prefix="kg-bench-cache-")) if incremental else None
    result = build([corpus], n_process=n_process, batch_size=batch_size, cache_dir=cache)
    result.write(out)
    seconds = time.perf_counter() - start
    s = result.summary()
    found = {"seconds": seconds, "words": sum(len(d.body.split()) for d in result.documents),
             "timings": result.timings, "documents": s["documents"], "events": s["events"], "triples": s["triples"]}
    if incremental:
        del result
        extra = corpus / "zz-added-article.txt"
        shutil.copy(sorted(SOURCE.glob("*.txt"))[0], extra)
        start = time.perf_counter()
        again = build([corpus], n_process=n_process, batch_size=batch_size, cache_dir=cache)
        again.write(out)
        found["incremental"] = {"seconds": time.perf_counter() - start, "timings": again.timings}
        extra.unlink()
        shutil.rmtree(cache, ignore_errors=True)
    return found


def run_child(mode: str, *args: str) -> dict:
    """Run one measurement in a fresh interpreter, sampling its memory (with workers)."""
    import psutil

    proc = psutil.Popen([sys.executable, __file__, mode, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True, cwd=ROOT)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{mode} {' '.join(args)} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = peak[0] / 2**20
    return result


# -- reporting -----------------------------------------------------------------------------
def median_run(runs: list[dict]) -> dict:
    """The per-key median of several runs of one configuration."""
    out = dict(runs[0])
    for key in ("seconds", "peak_rss_mb"):
        out[key] = statistics.median(r[key] for r in runs)
    if "incremental" in runs[0]:
        out["incremental"] = {"seconds": statistics.median(r["incremental"]["seconds"] for r in runs)}
    if "timings" in runs[0]:
        keys = set().union(*(r["timings"] for r in runs))
        out["timings"] = {k: statistics.median(r["timings"].get(k, 0.0) for r in runs) for k in keys}
    return out


def print_tables(rows: list[dict]) -> None:
    print("\nwhole build vs bare spaCy (medians; words/s over the parsed texts)")
    head = f"{'articles':>8} {'words':>9} {'J':>2} {'bare w/s':>9} {'build w/s':>9} {'ratio':>6} " \
           f"{'bare s':>8} {'build s':>8} {'bare MB':>8} {'build MB':>9} {'+1 art. s':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        b, k = r["bare"], r["build"]
        print(f"{r['size']:>8} {k['words']:>9} {r['jobs']:>2} {b['words'] / b['seconds']:>9.0f} "
              f"{k['words'] / k['seconds']:>9.0f} {b['seconds'] / k['seconds']:>6.2f} {b['seconds']:>8.1f} "
              f"{k['seconds']:>8.1f} {b['peak_rss_mb']:>8.0f} {k['peak_rss_mb']:>9.0f} "
              f"{k.get('incremental', {}).get('seconds', float('nan')):>9.1f}")
    print("\nbuild stages, seconds (medians)")
    exports = sorted({k for r in rows for k in r["build"]["timings"] if k.startswith("export:")})
    cols = list(STAGES) + (["cache"] if any("cache" in r["build"]["timings"] for r in rows) else []) + exports
    head = f"{'articles':>8} {'J':>2} " + " ".join(f"{c.replace('export:', ''):>8}" for c in cols)
    print(head)
    print("-" * len(head))
    for r in rows:
        t = r["build"]["timings"]
        print(f"{r['size']:>8} {r['jobs']:>2} " + " ".join(f"{t.get(c, 0.0):>8.2f}" for c in cols))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes in articles (comma-separated)")
    parser.add_argument("--jobs", default="1,2", help="process counts to compare at (comma-separated)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration; medians are reported")
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of articles to repeat")
    parser.add_argument("--incremental", action="store_true",
                        help="build with a new cache, then time the rebuild after adding one article")
    parser.add_argument("--json", type=Path, default=None, help="where to write every run (default benchmarks/out/)")
    args = parser.parse_args()
    rows, raw = [], []
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            corpus = work / f"corpus-{size}"
            make_corpus(size, corpus, args.source)
            for jobs in [int(j) for j in args.jobs.split(",")]:
                runs = {"bare": [], "build": []}
                for n in range(args.repeat):
                    runs["bare"].append(run_child("_bare", str(corpus), str(jobs), str(args.batch_size)))
                    out = work / f"out-{size}-{jobs}-{n}"
                    runs["build"].append(run_child("_build", str(corpus), str(out), str(jobs), str(args.batch_size),
                                                   str(int(args.incremental))))
                    shutil.rmtree(out, ignore_errors=True)
                    r = runs["build"][-1]
                    print(f"{size} articles, J={jobs}, run {n + 1}: bare {runs['bare'][-1]['seconds']:.1f}s, "
                          f"build {r['seconds']:.1f}s, {r['events']} events, {r['triples']} triples", flush=True)
                rows.append({"size": size, "jobs": jobs, "bare": median_run(runs["bare"]),
                             "build": median_run(runs["build"])})
                raw.append({"size": size, "jobs": jobs, "batch_size": args.batch_size, **runs})
            shutil.rmtree(corpus, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_tables(rows)
    dest = args.json or OUT / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps({"cpus": os.cpu_count(), "runs": raw, "medians": rows}, indent=1))
    print(f"\nevery run: {dest}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_bare":
        print(json.dumps(measure_bare(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "_build":
        print(json.dumps(measure_build(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                                       bool(int(sys.argv[6])))))
    else:
        main()
