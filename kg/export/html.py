"""HTML export: a self-contained interactive viewer of the graph (pyvis / vis-network).

The page is drawn from the same merged RDF graph as every other export
(`result.dataset`'s default graph, never a re-extraction), so what an analyst
clicks on is what SPARQL returns: `viewer_data` turns that graph into
vis-network nodes and edges plus the details the side panel shows, pyvis
assembles the network and supplies the vis-network bundle, and the page
inlines vis-network with the viewer's own JS/CSS (package data under
`kg/export/viewer/`), so it opens from disk with no network at all.

Everything is sorted and the JSON has sorted keys, so two builds of the same
input give byte-identical pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from . import atomic_write
from .viewer.model import NODE_CLASSES, ViewerData, node_id, viewer_data

if TYPE_CHECKING:
    from rdflib import Dataset

    from ..pipeline import BuildResult

__all__ = ["write", "render", "viewer_data", "node_id", "NODE_CLASSES", "ViewerData", "VIEWER_DIR"]

VIEWER_DIR = Path(__file__).with_name("viewer")
TITLE = "Diplomatic events — knowledge graph"
SCRIPTS = ("viewer.js", "panel.js")  # order matters: panel.js uses window.kgViewer


def write(result: BuildResult, dest: Path) -> None:
    atomic_write(dest, render(result.dataset))


def render(dataset: Dataset | Graph, title: str = TITLE) -> str:
    """The complete HTML page for the merged default graph of `dataset`."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    data = viewer_data(_default_graph(dataset))
    nodes, edges = _network(data)
    payload = {"nodes": nodes, "edges": edges, "info": data.info, "meta": data.meta}
    env = Environment(loader=FileSystemLoader(str(VIEWER_DIR)), autoescape=select_autoescape(["html"]),
                      keep_trailing_newline=True)
    return env.get_template("template.html").render(
        title=title, data=_script_json(payload), vis_js=_vis_js(),
        viewer_js="\n".join((VIEWER_DIR / name).read_text(encoding="utf-8") for name in SCRIPTS),
        viewer_css=(VIEWER_DIR / "viewer.css").read_text(encoding="utf-8"))


def _default_graph(dataset: Dataset | Graph) -> Graph:
    if hasattr(dataset, "default_graph"):  # rdflib >= 7.2
        return dataset.default_graph
    return getattr(dataset, "default_context", dataset)


def _network(data: ViewerData) -> tuple[list[dict], list[dict]]:
    """Assemble the pyvis Network and return its vis-network node and edge dicts."""
    net = _network_class()(directed=True, cdn_resources="in_line")
    for node in data.nodes:
        options = dict(node)
        net.add_node(options.pop("id"), label=options.pop("label"), shape=options.pop("shape"), **options)
    for edge in data.edges:
        options = dict(edge)
        net.add_edge(options.pop("from"), options.pop("to"), **options)
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _network_class() -> type:
    """pyvis' Network with O(1) node lookups. Stock `add_edge` checks each
    endpoint against a list of every node (quadratic: seconds at 1,000
    articles); directed, it also skips the duplicate-edge scan, which is fine
    because every edge here is unique by construction and undirected roles
    turn their arrows off."""
    from pyvis.network import Network

    class IndexedNetwork(Network):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._index: set = set()

        def add_node(self, n_id, *args, **kwargs) -> None:
            if n_id not in self._index:
                self._index.add(n_id)
                super().add_node(n_id, *args, **kwargs)

        def get_nodes(self):
            return self._index

    return IndexedNetwork


def _vis_js() -> str:
    """vis-network as pyvis bundles it (the standalone build, with DataSet),
    newest version first, so the page never needs a CDN."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name))
    if not candidates:
        from ..errors import ExportError

        raise ExportError("pyvis ships no vis-network bundle", path=lib, hint="reinstall pyvis>=0.3.2")
    return candidates[-1].read_text(encoding="utf-8").replace("</script", "<\\/script")


def _version(folder: str) -> tuple[int, ...]:
    return tuple(int(x) for x in folder.removeprefix("vis-").split(".") if x.isdigit())


def _script_json(payload: dict) -> str:
    """JSON that is safe inside a <script> element (no `</`, no `<!--`)."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
