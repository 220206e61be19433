"""The HTML viewer (exports/graph.html): built from the RDF graph, self-contained,
byte-stable, and — in headless Chromium — loads offline without errors, shows
every node of the graph, filters by date and type, finds actors, and opens a
details panel with each source's evidence.

Browser tests drive Debian's /usr/bin/chromium through Playwright (never a
downloaded browser) and skip only when that binary is absent.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.export import get
from kg.export.html import NODE_CLASSES, node_id, render, viewer_data
from kg.graph import DIP, PREFIXES, SCHEMA, iri

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NODES_QUERY = """SELECT DISTINCT ?s WHERE {
  VALUES ?class { dip:Actor dip:Event dip:Place dip:Channel dip:Document dip:Outlet }
  ?s a ?class }"""


def rdf_node_ids(graph: Graph) -> set[str]:
    """The viewer's node set, straight from SPARQL over the merged graph."""
    return {node_id(row.s) for row in graph.query(NODES_QUERY, initNs=PREFIXES)}


def page_data(html: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page embeds its data as JSON"
    return json.loads(match.group(1))


def singapore_summit(graph: Graph) -> str:
    """The 2018-06-12 Singapore summit, found in the graph (never a hard-coded id)."""
    for e in graph.subjects(RDF.type, DIP.Summit):
        if str(graph.value(e, DIP.date)) == "2018-06-12":
            return node_id(e)
    raise AssertionError("the 2018-06-12 Singapore summit is missing from the graph")


@pytest.fixture(scope="module")
def seeds_graph(seeds_result) -> Graph:
    return seeds_result.dataset.default_graph


@pytest.fixture(scope="module")
def seeds_page(seeds_export) -> Path:
    return seeds_export / "graph.html"


# -- the exporter, without a browser ---------------------------------------------------


def test_html_is_a_registered_format():
    writer, filename = get("html")
    assert filename == "graph.html" and writer.__module__ == "kg.export.html"


def test_page_is_self_contained(seeds_page):
    html = seeds_page.read_text(encoding="utf-8")
    # No external script, stylesheet, image or font: nothing with a src/href to fetch.
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*\b(src|href)=', html, re.I)
    assert "cdnjs" not in html and "jsdelivr" not in html and "unpkg" not in html
    assert "vis-network" in html and "@version" in html, "vis-network is inlined"
    assert "default-src 'none'" in html, "a Content-Security-Policy forbids any fetch"
    assert seeds_page.stat().st_size < 1_500_000, "the seeds' page stays small (vis-network is ~470 kB)"


def test_node_set_is_the_graphs(seeds_graph, seeds_page):
    expected = rdf_node_ids(seeds_graph)
    assert {DIP.Actor, DIP.Event, DIP.Document} <= set(NODE_CLASSES)
    data = page_data(seeds_page.read_text(encoding="utf-8"))
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids)) == len(expected) == data["meta"]["nodeCount"]
    assert set(ids) == expected
    assert set(data["info"]) == expected


def test_edges_are_triples_of_the_graph(seeds_graph):
    data = viewer_data(seeds_graph)
    full = {node_id(s): s for s in seeds_graph.subjects() if isinstance(s, URIRef)}
    predicate = {"participant": DIP.participant, "sender": DIP.sender, "recipient": DIP.recipient,
                 "place": DIP.place, "channel": DIP.channel, "about": DIP.about, "envoy": DIP.envoy,
                 "located": SCHEMA.location, "publisher": SCHEMA.publisher}
    roles = set()
    for e in data.edges:
        a, b, role = full[e["from"]], full[e["to"]], e["role"]
        roles.add(role)
        if role in ("sender", "participant"):
            assert (b, predicate[role], a) in seeds_graph, e["id"]
        elif role in predicate:
            assert (a, predicate[role], b) in seeds_graph, e["id"]
        elif role == "source":  # event → article that reports it
            assert any(seeds_graph.value(m, DIP.document) == b for m in seeds_graph.objects(a, DIP.mention))
        else:  # "outlet": event → outlet, through an article that outlet published
            assert role == "outlet"
            assert any((d, SCHEMA.publisher, b) in seeds_graph
                       for d in seeds_graph.objects(a, DIP.mention / DIP.document))
    assert {"participant", "source", "publisher"} <= roles


def test_singapore_summit_details(seeds_graph):
    data = viewer_data(seeds_graph)
    info = data.info[singapore_summit(seeds_graph)]
    assert info["type"] == "Summit" and info["date"] == "2018-06-12" and info["precision"] == "day"
    assert {"actor/donald-trump", "actor/kim-jong-un"} <= set(info["participants"])
    assert info["sources"] and all(s["evidence"] and s["doc"] in data.info for s in info["sources"])


CLAIMS_TTL = """
@prefix dip: <https://w3id.org/kg-diplo/ontology#> .
@base <https://w3id.org/kg-diplo/id/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<actor/a> a dip:Actor, dip:Person ; rdfs:label "A" .
<doc/d> a dip:Document ; schema:headline "</script><script>alert(1)</script>" .
<event/sure> a dip:Event, dip:Meeting ; rdfs:label "sure" ; dip:participant <actor/a> ; dip:status "occurred" ;
    dip:date "2019-05-01"^^xsd:date ; dip:mention <mention/1> .
<event/contested> a dip:Event, dip:Summit ; rdfs:label "contested" ; dip:participant <actor/a> ;
    dip:status "occurred" ; dip:hasConflict true ; dip:conflict "sources give different dates" ; dip:mention <mention/2> .
<event/denied> a dip:Event, dip:Letter ; rdfs:label "denied" ; dip:participant <actor/a> ; dip:status "planned" ;
    dip:mention <mention/3> .
<event/hearsay> a dip:Event, dip:Call ; rdfs:label "hearsay" ; dip:participant <actor/a> ; dip:status "cancelled" ;
    dip:mention <mention/4> .
<mention/1> dip:document <doc/d> ; dip:modality "asserted" ; dip:evidence "They met." .
<mention/2> dip:document <doc/d> ; dip:modality "asserted" ; dip:evidence "A summit." .
<mention/3> dip:document <doc/d> ; dip:modality "denied" ; dip:evidence "No letter was sent." .
<mention/4> dip:document <doc/d> ; dip:modality "reported" ; dip:evidence "A call, reportedly." .
"""


def test_uncertain_and_conflicting_claims_look_different():
    data = viewer_data(Graph().parse(data=CLAIMS_TTL, format="turtle"))
    nodes = {n["id"]: n for n in data.nodes}
    sure, contested, denied, hearsay = (nodes[f"event/{k}"] for k in ("sure", "contested", "denied", "hearsay"))
    assert [n["claim"] for n in (sure, contested, denied, hearsay)] == ["asserted", "conflict", "denied", "uncertain"]
    styles = {json.dumps([n["color"]["border"], n["borderWidth"], n.get("shapeProperties")], sort_keys=True)
              for n in (sure, contested, denied, hearsay)}
    assert len(styles) == 4, "each claim has its own outline"
    assert contested["label"].startswith("⚠") and data.info["event/contested"]["conflicts"]
    assert denied["label"].endswith("(planned)") and hearsay["label"].endswith("(cancelled)")
    assert "opacity" in denied and "opacity" not in sure
    edges = {e["from"]: e for e in data.edges if e["role"] == "source"}
    assert edges["event/sure"]["dashes"] is False and edges["event/denied"]["dashes"] and \
        edges["event/denied"]["modality"] == "denied"


def test_page_text_cannot_close_its_script(tmp_path):
    html = render(Graph().parse(data=CLAIMS_TTL, format="turtle"))
    assert "<script>alert(1)" not in html
    assert page_data(html)["info"]["doc/d"]["title"] == "</script><script>alert(1)</script>"


def test_page_is_byte_identical_whatever_the_hash_seed(seeds_result, tmp_path):
    trig = tmp_path / "graph.trig"
    get("trig")[0](seeds_result, trig)
    code = ("import sys; from rdflib import Dataset; from kg.export.html import render; "
            "sys.stdout.buffer.write(render(Dataset().parse(sys.argv[1], format='trig')).encode())")
    pages = [subprocess.run([sys.executable, "-c", code, str(trig)], capture_output=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert pages[0] == pages[1] and pages[0].startswith(b"<!DOCTYPE html>")


# -- kg view ------------------------------------------------------------------------


def test_view_prints_the_page_url(seeds_page):
    result = CliRunner().invoke(app, ["view", str(seeds_page.parent), "--print-path"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == seeds_page.resolve().as_uri()


def test_view_without_a_page_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["view"])
    assert result.exit_code == 2
    assert "exports/graph.html: no viewer page here (build it first: kg build)" in result.output
    assert "Traceback" not in result.output


def test_view_opens_the_browser(seeds_page, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = CliRunner().invoke(app, ["view", str(seeds_page)])
    assert result.exit_code == 0 and opened == [seeds_page.resolve().as_uri()]


# -- in the browser --------------------------------------------------------------------


@dataclass
class Loaded:
    page: object
    console: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def wait(self, expression: str, timeout: float = 10.0):
        """Poll a JS expression (the page's CSP forbids Playwright's eval-based waits)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value or time.monotonic() > deadline:
                return value
            self.page.wait_for_timeout(50)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


def open_page(context, path: Path) -> Loaded:
    page = context.new_page()
    loaded = Loaded(page)
    page.on("console", lambda m: loaded.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda err: loaded.console.append(f"pageerror: {err}"))
    page.on("request", lambda r: loaded.requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("html[data-ready=true]", state="attached", timeout=30_000)
    return loaded


@pytest.fixture
def viewer(chromium, seeds_page):
    loaded = open_page(chromium, seeds_page)
    yield loaded
    loaded.page.close()


def visible_events(viewer: Loaded) -> set[str]:
    return {i for i in viewer.js("kgViewer.visibleIds()") if i.startswith("event/")}


@pytest.mark.browser
def test_loads_offline_without_console_errors(viewer, seeds_page):
    viewer.page.wait_for_timeout(300)
    assert [m for m in viewer.console if m.startswith(("error", "pageerror"))] == []
    assert viewer.requests == [seeds_page.resolve().as_uri()], "the page fetched something"


@pytest.mark.browser
def test_node_count_equals_the_graphs(viewer, seeds_graph):
    expected = rdf_node_ids(seeds_graph)
    assert viewer.js("kgViewer.graphNodeCount()") == len(expected)
    assert set(viewer.js("kgViewer.visibleIds()")) == expected, "unfiltered, every node is drawn"
    assert viewer.js("kgViewer.network.body.nodeIndices.length") == len(expected)


@pytest.mark.browser
def test_date_filter_hides_events_outside_the_range(viewer, seeds_graph):
    summit = singapore_summit(seeds_graph)
    assert summit in visible_events(viewer)
    viewer.page.fill("#date-from", "2019-01")
    viewer.page.fill("#date-to", "2019-12")
    shown = visible_events(viewer)
    spans = {n["id"]: n["span"] for n in viewer_data(seeds_graph).nodes if n["kind"] == "Event"}
    inside = {i for i, s in spans.items() if s and s[1] >= "2019-01-01" and s[0] <= "2019-12-31"}
    assert shown == inside and summit not in shown
    assert viewer.js("document.getElementById('range-from').value") == str(12 * (2019 - viewer.js(
        "kgViewer.data.meta.years[0]")))
    viewer.page.click("#reset")
    assert summit in visible_events(viewer)


@pytest.mark.browser
def test_event_type_filter(viewer):
    viewer.page.uncheck('#event-types input[data-key="Summit"]')
    assert not any(viewer.js(f"kgViewer.allNodes.get('{i}').etype") == "Summit" for i in visible_events(viewer))
    viewer.page.check('#event-types input[data-key="Summit"]')
    assert any(viewer.js(f"kgViewer.allNodes.get('{i}').etype") == "Summit" for i in visible_events(viewer))


@pytest.mark.browser
def test_search_focuses_the_actor(viewer):
    viewer.page.fill("#search", "kim jong-un")
    viewer.page.press("#search", "Enter")
    assert viewer.js("kgViewer.network.getSelectedNodes()") == ["actor/kim-jong-un"]
    assert viewer.js("document.getElementById('panel').getAttribute('data-node')") == "actor/kim-jong-un"
    centred = """(() => { const n = kgViewer.network, c = document.getElementById('graph');
        const p = n.canvasToDOM(n.getPositions(['actor/kim-jong-un'])['actor/kim-jong-un']);
        return Math.abs(p.x - c.clientWidth / 2) < 40 && Math.abs(p.y - c.clientHeight / 2) < 40; })()"""
    assert viewer.wait(centred), "the view moved onto the actor"


@pytest.mark.browser
def test_click_opens_the_panel_with_evidence(viewer, seeds_graph):
    summit = singapore_summit(seeds_graph)
    viewer.page.click("#graph", position=_dom_point(viewer, summit))
    panel = viewer.page.locator("#panel")
    assert panel.get_attribute("data-node") == summit and panel.is_visible()
    text = " ".join(panel.inner_text().split())
    assert "12 June 2018 (day precision)" in text
    assert "Donald Trump" in text and "Kim Jong-un" in text
    subject = URIRef(iri("event", summit.split("/", 1)[1]))
    mentions = list(seeds_graph.objects(subject, DIP.mention))
    assert mentions
    for m in mentions:
        doc = seeds_graph.value(m, DIP.document)
        assert " ".join(str(seeds_graph.value(m, DIP.evidence)).split()) in text
        outlet = seeds_graph.value(seeds_graph.value(doc, SCHEMA.publisher), RDFS.label)
        assert str(outlet) in text and str(seeds_graph.value(doc, SCHEMA.datePublished)) in text
        url = str(seeds_graph.value(doc, SCHEMA.url))
        assert panel.locator(f'a[href="{url}"]').count() >= 1
    viewer.js("kgViewer.network.fit()")  # the whole graph beside the open panel, for the artefact
    viewer.page.wait_for_timeout(200)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    viewer.page.screenshot(path=str(ARTIFACTS / "viewer-seeds.png"))


@pytest.mark.browser
def test_a_crowded_year_is_grouped_and_expands(chromium, tmp_path):
    """Many articles and events (as a 1,000-article build has) stay light: articles
    start hidden behind their outlets and a crowded year of one type is one node."""
    g = Graph()
    actor, outlet = iri("actor", "a"), iri("outlet", "o")
    g.add((actor, RDF.type, DIP.Actor)), g.add((actor, RDF.type, DIP.Person))
    g.add((outlet, RDF.type, DIP.Outlet))
    for k in range(200):
        doc, event, mention = iri("doc", f"d{k}"), iri("event", f"e{k}"), iri("mention", f"m{k}")
        g.add((doc, RDF.type, DIP.Document)), g.add((doc, SCHEMA.publisher, outlet))
        for t in (DIP.Event, DIP.Statement):
            g.add((event, RDF.type, t))
        g.add((event, DIP.participant, actor)), g.add((event, DIP.mention, mention))
        g.add((event, DIP.date, Literal(f"2019-{k % 12 + 1:02d}-01", datatype=XSD.date)))
        g.add((mention, DIP.document, doc)), g.add((mention, DIP.modality, Literal("asserted")))
    page = tmp_path / "graph.html"
    page.write_text(render(g), encoding="utf-8")
    viewer = open_page(chromium, page)
    try:
        assert viewer.js("kgViewer.graphNodeCount()") == len(rdf_node_ids(g)) == 402
        assert set(viewer.js("kgViewer.visibleIds()")) == {"actor/a", "outlet/o", "group/Statement/2019"}
        viewer.page.dblclick("#graph", position=_dom_point(viewer, "group/Statement/2019"))
        assert len(visible_events(viewer)) == 200
        assert [m for m in viewer.console if m.startswith(("error", "pageerror"))] == []
    finally:
        viewer.page.close()


def _dom_point(viewer: Loaded, node: str) -> dict:
    """Zoom onto `node` and return where it is drawn, relative to the #graph box."""
    return viewer.page.evaluate("""(id) => {
        const n = kgViewer.network, at = () => n.getPositions([id])[id];
        n.moveTo({position: at(), scale: 1.5});
        return n.canvasToDOM(at()); }""", node)
