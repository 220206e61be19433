"""Benchmark: the packaged example queries on a large synthetic graph, on
rdflib and on pyoxigraph (what `kg query` and `kg serve` use).

    python benchmarks/bench_sparql.py                 # 1M triples, both engines
    python benchmarks/bench_sparql.py --triples 200000 --repeat 5
    python benchmarks/bench_sparql.py --engines oxigraph --triples 5000000

The graph is generated in the graph's own vocabulary and shape (kg.graph):
documents with outlets, actors with Wikidata links (Trump and Kim among them),
places, channels, events of every type with participants, senders,
recipients, typed dates of mixed precision, and 1-3 mentions each carrying
evidence, modality, attribution and the stated type/status/date (some
disagreeing, so the conflicts query has work), plus one named graph per
source document. "Triples" counts every quad, default and named graphs alike.

Reported: generation, load time of N-Quads into each engine (and of TriG
into pyoxigraph, the file `kg query` reads), then per query the rows, the
first run and the best of --repeat runs. Row counts must agree across engines.
Both engines go through `kg.query.run` (query, results JSON, Result), as
`kg query` does. Each rdflib query runs once, in a forked child, so that
--rdflib-timeout can stop one that takes minutes without stopping the run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from kg import query as kq
from kg.graph import BASE

ID, DIP = BASE + "id/", BASE + "ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SCHEMA, WD, XSD = "https://schema.org/", "http://www.wikidata.org/entity/", "http://www.w3.org/2001/XMLSchema#"
EVENT_TYPES = {"Statement": 30, "Meeting": 15, "Letter": 15, "Call": 8, "Proposal": 8, "MilitaryAction": 8,
               "Refusal": 6, "Agreement": 4, "Summit": 4, "LetterExchange": 2}
MODALITIES = {"asserted": 75, "reported": 19, "denied": 3, "declined_to_comment": 2, "not_denied": 1}


def d(local: str) -> str:
    return f"<{DIP}{local}>"


def node(kind: str, ident: object) -> str:
    return f"<{ID}{kind}/{ident}>"


def lit(value: object, datatype: str | None = None) -> str:
    return f'"{value}"^^<{XSD}{datatype}>' if datatype else f'"{value}"'


def generate(path: Path, target: int, seed: int = 6) -> int:
    """Write about `target` quads to `path` (N-Quads); returns the exact count."""
    rnd = random.Random(seed)
    lines: list[str] = []
    out = path.open("w", encoding="utf-8")

    def add(s: str, p: str, o: str, g: str | None = None) -> None:
        lines.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")

    # proportions of the seeds scaled up: at 1M quads, 4000 documents and 5000 actors
    n_docs, n_actors, n_outlets = max(target // 250, 10), max(target // 200, 20), max(target // 5000, 3)
    n_places, n_channels = max(target // 2000, 5), max(target // 10_000, 3)
    for i in range(n_outlets):
        add(node("outlet", i), RDF_TYPE, d("Outlet"))
        add(node("outlet", i), LABEL, lit(f"Outlet {i}"))
    for i in range(n_docs):
        doc = node("doc", f"doc{i}")
        add(doc, RDF_TYPE, d("Document"))
        add(doc, f"<{SCHEMA}identifier>", lit(f"doc{i}"))
        add(doc, f"<{SCHEMA}headline>", lit(f"Headline of article {i}"))
        add(doc, LABEL, lit(f"Headline of article {i}"))
        add(doc, f"<{SCHEMA}datePublished>", lit(f"20{rnd.randint(17, 25)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                                                   "date"))
        add(doc, f"<{SCHEMA}publisher>", node("outlet", rnd.randrange(n_outlets)))
    famous = [("Donald Trump", "Person", "Q22686"), ("Kim Jong-un", "Person", "Q56226"),
              ("North Korea", "State", "Q423"), ("United States", "State", "Q30")]
    for i in range(n_actors):
        label, kind, qid = famous[i] if i < len(famous) else (
            f"Actor {i}", rnd.choice(("Person", "State", "Organization")), f"Q{10_000_000 + i}")
        a = node("actor", i)
        add(a, RDF_TYPE, d("Actor"))
        add(a, RDF_TYPE, d(kind))
        add(a, LABEL, lit(label))
        add(a, ALT, lit(label.split()[-1]))
        add(a, SAME_AS, f"<{WD}{qid}>")
    for i in range(n_places):
        add(node("place", i), RDF_TYPE, d("Place"))
        add(node("place", i), LABEL, lit("Singapore" if i == 0 else f"Place {i}"))
    for i in range(n_channels):
        c = node("channel", i)
        add(c, RDF_TYPE, d("Channel"))
        add(c, LABEL, lit("New York Channel" if i == 0 else f"Channel {i}"))
        add(c, d("channelType"), lit(rnd.choice(("DiplomaticMission", "Envoy", "Hotline"))))
    types, type_w = list(EVENT_TYPES), list(EVENT_TYPES.values())
    mods, mod_w = list(MODALITIES), list(MODALITIES.values())
    actor_w = [1 / (i + 1) for i in range(n_actors)]  # Zipf: a few actors take part in most events
    written, e = 0, 0
    while True:
        etype = rnd.choices(types, type_w)[0]
        ev = node("event", f"e{e}")
        participants = set(rnd.choices(range(n_actors), actor_w, k=rnd.randint(1, 3)))
        if etype == "Summit" and rnd.random() < 0.3:
            participants |= {0, 1}
        year, month, day = rnd.randint(2017, 2025), rnd.randint(1, 12), rnd.randint(1, 27)
        precision = rnd.choices(("day", "month", "year"), (70, 20, 10))[0]
        date = {"day": lit(f"{year}-{month:02d}-{day:02d}", "date"), "month": lit(f"{year}-{month:02d}", "gYearMonth"),
                "year": lit(f"{year}", "gYear")}[precision]
        status = rnd.choices(("occurred", "planned", "cancelled"), (85, 10, 5))[0]
        add(ev, RDF_TYPE, d("Event"))
        add(ev, RDF_TYPE, d(etype))
        add(ev, LABEL, lit(f"{etype} {e}"))
        for p in participants:
            add(ev, d("participant"), node("actor", p))
        add(ev, d("date"), date)
        add(ev, d("precision"), lit(precision))
        add(ev, d("status"), lit(status))
        if etype in ("Letter", "LetterExchange"):
            sender, *rest = sorted(participants)
            add(ev, d("sender"), node("actor", sender))
            add(ev, d("recipient"), node("actor", rest[0] if rest else rnd.randrange(n_actors)))
        if etype in ("Summit", "Meeting") and rnd.random() < 0.8:
            add(ev, d("place"), node("place", rnd.randrange(n_places)))
        if etype in ("Letter", "Refusal", "Proposal", "Meeting") and rnd.random() < 0.2:
            add(ev, d("channel"), node("channel", rnd.randrange(n_channels)))
        conflict = False
        for m in range(rnd.randint(1, 3)):
            doc_id = f"doc{rnd.randrange(n_docs)}"
            doc, graph = node("doc", doc_id), f"<{BASE}graph/{doc_id}>"
            men = node("mention", f"{doc_id}/{m}/e{e}")
            modality = rnd.choices(mods, mod_w)[0]
            stated_status = status if rnd.random() > 0.03 else "cancelled"
            stated_date = date if rnd.random() > 0.05 else lit(f"{year}-{month:02d}-{day + 1:02d}", "date")
            conflict |= modality in ("denied", "not_denied") or stated_status != status or stated_date != date
            add(ev, DERIVED, doc)
            add(ev, d("mention"), men)
            add(men, RDF_TYPE, d("Mention"))
            add(men, d("document"), doc)
            add(men, d("start"), lit(m * 200, "integer"))
            add(men, d("end"), lit(m * 200 + 150, "integer"))
            add(men, d("evidence"), lit(f"Sentence {m} of {doc_id}, reporting {etype.lower()} {e}."))
            add(men, d("modality"), lit(modality))
            add(men, d("statedType"), lit(etype))
            add(men, d("statedStatus"), lit(stated_status))
            add(men, d("statedDate"), stated_date)
            if rnd.random() < 0.2:
                add(men, d("attribution"), lit(rnd.choice(("KCNA", "Yonhap", "NK News", "officials"))))
            add(ev, RDF_TYPE, d(etype), graph)
            add(ev, d("status"), lit(stated_status), graph)
            add(ev, d("mention"), men, graph)
            add(ev, d("date"), stated_date, graph)
            for p in participants:
                add(ev, d("participant"), node("actor", p), graph)
        if conflict and rnd.random() < 0.5:
            add(ev, d("hasConflict"), lit("true", "boolean"))
            add(ev, d("conflict"), lit("sources disagree"))
        e += 1
        if len(lines) > 50_000:
            written += len(lines)
            out.writelines(lines)
            lines.clear()
        if written + len(lines) >= target:
            break
    out.writelines(lines)
    out.close()
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_query(graph: object, sparql: str, repeat: int) -> tuple[float, float, int]:
    """(first run, best of `repeat`, rows) of one query on one engine."""
    first, result = timed(lambda: kq.run(graph, sparql))
    times = [first] + [timed(lambda: kq.run(graph, sparql))[0] for _ in range(repeat - 1)]
    return first, min(times), len(result)  # type: ignore[arg-type]


_FORKED: object = None  # the rdflib Dataset, inherited by forked children


def _child(sparql: str, repeat: int, conn) -> None:
    warnings.simplefilter("ignore")
    conn.send(bench_query(_FORKED, sparql, repeat))


def bench_forked(sparql: str, repeat: int, timeout: float) -> tuple[float, float, int] | None:
    """Run in a fork (the graph is shared copy-on-write); None when it times out."""
    parent, child = mp.get_context("fork").Pipe()
    proc = mp.get_context("fork").Process(target=_child, args=(sparql, repeat, child))
    proc.start()
    answer = parent.recv() if parent.poll(timeout) else None
    if answer is None:
        proc.kill()
    proc.join()
    return answer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per query; the best is reported")
    ap.add_argument("--engines", default="oxigraph,rdflib")
    ap.add_argument("--rdflib-repeat", type=int, default=1, help="runs per query on rdflib (they take seconds)")
    ap.add_argument("--rdflib-timeout", type=float, default=900, help="seconds before an rdflib query is abandoned")
    ap.add_argument("--keep", type=Path, help="keep the generated N-Quads here")
    args = ap.parse_args()
    engines = args.engines.split(",")
    warnings.simplefilter("ignore")  # rdflib's deprecation notices, once per triple
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    nq = args.keep or tmp / "graph.nq"
    secs, n = timed(lambda: generate(nq, args.triples))
    print(f"generated {n:,} quads in {secs:.1f} s ({nq.stat().st_size / 1e6:.0f} MB N-Quads)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    graphs: dict[str, object] = {}
    if "oxigraph" in engines:
        secs, store = timed(lambda: kq.load(nq))
        print(f"load pyoxigraph   N-Quads: {secs:7.2f} s")
        trig = tmp / "graph.trig"
        store.dump(trig, format=__import__("pyoxigraph").RdfFormat.TRIG)  # type: ignore[union-attr]
        secs, _ = timed(lambda: kq.load(trig))
        print(f"load pyoxigraph   TriG:    {secs:7.2f} s  (what `kg query --graph` reads)")
        graphs["oxigraph"] = store
    if "rdflib" in engines:
        secs, ds = timed(lambda: kq.load(nq, engine="rdflib"))
        print(f"load rdflib       N-Quads: {secs:7.2f} s")
        global _FORKED
        _FORKED = graphs["rdflib"] = ds
    print()
    header = f"{'query':15} {'rows':>8}" + "".join(f" {e + ' first':>16} {e + ' best':>15}" for e in graphs)
    print(header + ("  speed-up" if len(graphs) == 2 else ""))
    for name, ex in kq.examples().items():
        cells, best, rows = [], {}, {}
        for engine, graph in graphs.items():
            got = (bench_forked(ex.text, args.rdflib_repeat, args.rdflib_timeout) if engine == "rdflib"
                   else bench_query(graph, ex.text, args.repeat))
            if got is None:
                cells.append(f" {f'> {args.rdflib_timeout:g} s':>16} {'timeout':>15}")
                continue
            first, best[engine], rows[engine] = got
            cells.append(f" {first:15.3f}s {best[engine]:14.3f}s")
        if len(set(rows.values())) > 1:
            cells.append(f"  ROW COUNTS DIFFER: {rows}")
        ratio = (f"  {best['rdflib'] / best['oxigraph']:7.0f}x" if {"rdflib", "oxigraph"} <= set(best)
                 and best["oxigraph"] > 0 else "")
        print(f"{name:15} {next(iter(rows.values()), 0):>8}" + "".join(cells) + ratio, flush=True)
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
