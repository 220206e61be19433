"""Benchmark: the HTML viewer of a 1,000-article build, rendered in headless Chromium.

    python benchmarks/bench_viewer.py                     # build 1,000 articles, then time the page
    python benchmarks/bench_viewer.py --articles 300 --runs 5
    python benchmarks/bench_viewer.py --html benchmarks/out/graph.html   # time an existing page

The articles are real news texts repeated under new names (the dev set in
../shared/eval/dev when present, else seeds/ with its catalog), so the graph
is what extraction really makes of them: many events, every article a source.
Steps and what is timed:

1. build: `kg.build` on the articles (reported, not the figure of merit);
2. export: `kg.export.html.render` of the built Dataset into graph.html;
3. render: open graph.html from disk in Debian's /usr/bin/chromium (Playwright,
   the same flags as the tests) and time navigation start → the page's
   `data-ready` flag (data parsed, filters applied, layout stabilised, fitted,
   drawn). Best and worst of --runs fresh pages; the target is < 10 s;
4. interaction: in the loaded page, the time of each action (a one-year date
   filter, find and focus an actor, draw every article, expand the largest
   group, one full redraw) and the slowest animation frame in the second after
   it, which is what makes a page feel responsive or not.

Also checked on every run: no console errors and no network request.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_SECONDS = 10.0


def make_articles(out: Path, n: int, source: Path) -> int:
    """Copy the source articles round-robin under new names until there are n."""
    texts = sorted(p for p in source.iterdir() if p.suffix in (".txt", ".md"))
    if not texts:
        sys.exit(f"no .txt/.md articles in {source}")
    catalog_path = source / "catalog.yaml"
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8")) if catalog_path.is_file() else {}
    out.mkdir(parents=True, exist_ok=True)
    new_catalog = {}
    for i in range(n):
        src = texts[i % len(texts)]
        name = f"{src.stem}__copy{i:04d}{src.suffix}"
        shutil.copyfile(src, out / name)
        if src.name in (catalog or {}):
            new_catalog[name] = catalog[src.name]
    if new_catalog:
        (out / "catalog.yaml").write_text(yaml.safe_dump(new_catalog, allow_unicode=True), encoding="utf-8")
    return len(texts)


def build_page(n: int, source: Path, workdir: Path, jobs: int) -> Path:
    from kg import build
    from kg.export.html import render
    from kg.export import atomic_write

    articles = workdir / "articles"
    distinct = make_articles(articles, n, source)
    print(f"articles: {n} ({distinct} distinct texts from {source})")
    tick = time.perf_counter()
    result = build([articles], n_process=jobs, validate=False)
    print(f"build: {time.perf_counter() - tick:.1f} s  {result.summary()}")
    tick = time.perf_counter()
    page = workdir / "graph.html"
    atomic_write(page, render(result.dataset))
    print(f"export graph.html: {time.perf_counter() - tick:.2f} s, {page.stat().st_size / 1e6:.1f} MB")
    return page


def in_page_ms(page, script: str) -> tuple[float, float]:
    """Run `script` (a JS function body) in the page; return its own time and the
    slowest frame of the second that follows (what a user feels), in ms."""
    return tuple(page.evaluate("""async (body) => {
        const t0 = performance.now();
        await (new Function('return (async () => {' + body + '})()'))();
        const action = performance.now() - t0;
        const ts = await new Promise(done => {
            const seen = [performance.now()];
            const tick = t => { seen.push(t); if (t - seen[0] < 1000) requestAnimationFrame(tick); else done(seen); };
            requestAnimationFrame(tick); });
        let worst = 0;
        for (let i = 1; i < ts.length; i++) worst = Math.max(worst, ts[i] - ts[i - 1]);
        return [action, worst]; }""", script))


def time_page(page_path: Path, runs: int, screenshot: Path | None) -> float:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit("Debian's chromium is needed: apt-get install -y chromium")
    times = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), headless=True,
                                                       args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900},
                                                       bypass_csp=True)  # only so timings can run JS here
        for run in range(runs):
            page = context.new_page()
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            tick = time.perf_counter()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_selector("html[data-ready=true]", state="attached", timeout=120_000)
            seconds = time.perf_counter() - tick
            times.append(seconds)
            stats = page.evaluate("[kgViewer.graphNodeCount(), kgViewer.visibleIds().length, "
                                  "document.getElementById('status').textContent]")
            t = page.evaluate("kgViewer.timings")
            print(f"render run {run + 1}: {seconds:.2f} s  ({stats[0]} nodes in the graph, {stats[1]} drawn: "
                  f"{stats[2]})\n    in the page, ms since navigation: scripts parsed {t['script']:.0f}, "
                  f"data parsed {t['parsed']:.0f}, filtered {t['filtered']:.0f}, network built {t['network']:.0f}, "
                  f"laid out and fitted {t['ready']:.0f}")
            assert not errors, f"console errors: {errors}"
            assert requests == [page_path.resolve().as_uri()], f"network requests: {requests[1:]}"
            if run == runs - 1:
                interact(page)
                if screenshot:
                    page.evaluate("kgPanel.close(); kgViewer.reset(); kgViewer.network.fit()")
                    page.wait_for_timeout(500)
                    page.screenshot(path=str(screenshot))
            page.close()
        context.close()
    best, worst = min(times), max(times)
    print(f"\nRENDER {len(times)} run(s): best {best:.2f} s, median {statistics.median(times):.2f} s, "
          f"worst {worst:.2f} s (target < {TARGET_SECONDS:.0f} s: {'ok' if worst < TARGET_SECONDS else 'MISSED'})")
    return worst


def interact(page) -> None:
    actor = page.evaluate("Object.keys(kgViewer.data.info).filter(k => k.startsWith('actor/'))"
                          ".sort((a, b) => kgViewer.allNodes.get(b).anchors.length - "
                          "kgViewer.allNodes.get(a).anchors.length)[0]")
    year = page.evaluate("kgViewer.data.meta.years[1] - 1")
    redraw = "const t = performance.now(); kgViewer.network.redraw(); window.__redraw = performance.now() - t;"
    steps = [
        (f"date filter to {year}", f"kgViewer.setRange('{year}-01', '{year}-12');"),
        ("clear the date filter", "kgViewer.reset();"),
        (f"find and focus {actor}", f"kgViewer.select('{actor}', true);"),
        ("one full redraw", redraw),
        ("draw every article", "document.querySelector('#kinds input[data-key=Document]').click();"),
        ("one full redraw, articles drawn", redraw),
        ("hide the articles again", "document.querySelector('#kinds input[data-key=Document]').click();"),
        ("expand the largest group", "const g = [...kgViewer.groups().entries()].sort((a, b) => "
                                     "b[1].members.length - a[1].members.length)[0]; if (g) kgViewer.expand(g[0]);"),
        ("one full redraw, group expanded", redraw),
    ]
    print(f"interaction: {'step':34s} {'action':>8s} {'slowest frame after':>20s}")
    for name, script in steps:
        action, frame = in_page_ms(page, script)
        if script == redraw:
            action = page.evaluate("window.__redraw")
        shown = page.evaluate("kgViewer.visibleIds().length")
        print(f"             {name:34s} {action:6.0f} ms {frame:17.0f} ms   ({shown} nodes drawn)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles to build (default 1000)")
    ap.add_argument("--source", type=Path, default=DEV if DEV.is_dir() else ROOT / "seeds",
                    help="folder of articles to repeat (default: ../shared/eval/dev, else seeds/)")
    ap.add_argument("--jobs", type=int, default=2, help="spaCy processes for the build")
    ap.add_argument("--runs", type=int, default=3, help="fresh page loads to time")
    ap.add_argument("--html", type=Path, help="time this existing page instead of building one")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out",
                    help="where the articles and graph.html go (default benchmarks/out, gitignored)")
    ap.add_argument("--screenshot", type=Path, help="save a screenshot of the loaded page here")
    args = ap.parse_args()
    if args.html:
        page = args.html
    else:
        if args.out.exists():
            shutil.rmtree(args.out)
        page = build_page(args.articles, args.source, args.out, args.jobs)
    worst = time_page(page, args.runs, args.screenshot)
    sys.exit(0 if worst < TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
