"""The viewer's look: node and edge styles by kind, event type, role, claim and status.

Kept apart from the model (what the graph says) so the palette and the
legend it feeds can change without touching how the RDF is read. Colours
are a colour-blind-aware palette; events are diamonds coloured by type, and
how sure a claim is shows in the outline: solid when asserted, dashed when
only reported, dotted red when denied, thick pink with ⚠ when sources conflict.
"""

from __future__ import annotations

from collections import defaultdict

__all__ = ["KINDS", "ACTOR_KINDS", "EVENT_COLORS", "ROLES", "MODALITY_RANK", "node", "edge", "meta"]

# The page draws more than this many events of one type in one year as one
# group node (expandable), and above MANY_DOCUMENTS articles starts with
# article nodes hidden (events link to outlets): so big builds open quickly.
GROUP_LIMIT = 40
MANY_DOCUMENTS = 150

# Legend order; shapes are vis-network's, colours a colour-blind-aware palette.
KINDS: dict[str, dict[str, str]] = {
    "Person": {"shape": "dot", "color": "#4e79a7", "label": "People"},
    "State": {"shape": "hexagon", "color": "#59a14f", "label": "States"},
    "Organization": {"shape": "triangle", "color": "#b07aa1", "label": "Organisations"},
    "Actor": {"shape": "dot", "color": "#8c8c8c", "label": "Other actors"},
    "Event": {"shape": "diamond", "color": "#e15759", "label": "Events"},
    "Channel": {"shape": "star", "color": "#edc948", "label": "Channels"},
    "Place": {"shape": "triangleDown", "color": "#9c755f", "label": "Places"},
    "Document": {"shape": "square", "color": "#bab0ac", "label": "Articles"},
    "Outlet": {"shape": "box", "color": "#6b6b6b", "label": "Outlets"},
}
ACTOR_KINDS = ("Person", "State", "Organization")
EVENT_COLORS = {
    "Summit": "#e15759", "Meeting": "#f28e2b", "Letter": "#76b7b2", "LetterExchange": "#3d8c87",
    "Call": "#17becf", "Statement": "#ff9da7", "Refusal": "#8f2d56", "Proposal": "#a0cbe8",
    "Agreement": "#2ca25f", "MilitaryAction": "#3b3b3b", "Event": "#bcbd22",
}
# role -> (edge label, colour, arrows)
ROLES = {
    "participant": ("participant", "#8d99a6", ""),
    "sender": ("sender", "#2f6690", "to"),
    "recipient": ("recipient", "#2f6690", "to"),
    "channel": ("via channel", "#b8901a", "to"),
    "place": ("at place", "#9c755f", "to"),
    "source": ("reported by", "#9e9e9e", "to"),
    "outlet": ("reported by", "#9e9e9e", "to"),
    "publisher": ("published by", "#c4c4c4", "to"),
    "envoy": ("envoy", "#b8901a", "to"),
    "located": ("located at", "#9c755f", "to"),
    "about": ("about", "#555555", "to"),
}
# Higher is less sure; an article that states an event several ways is drawn by its least sure mention.
MODALITY_RANK = {"asserted": 0, "reported": 1, "not_denied": 2, "declined_to_comment": 3, "no_response": 4,
                 "denied": 5}
MODALITY_DASHES: dict[str, list[int] | bool] = {
    "asserted": False, "reported": [8, 5], "not_denied": [3, 4], "declined_to_comment": [3, 4],
    "no_response": [3, 4], "denied": [2, 3]}
DENIED_COLOR = "#b00020"
CONFLICT_COLOR = "#ff006e"


def node(nid: str, kind: str, sub: str, info: dict, anchors: list[str]) -> dict:
    """One vis-network node, styled by kind (events: by type, claim and status)."""
    style = KINDS[kind]
    color = EVENT_COLORS.get(sub, style["color"]) if kind == "Event" else style["color"]
    label = info["label"]
    node: dict = {"id": nid, "kind": kind, "shape": style["shape"], "label": _short(label)}
    tip = [f"{_kind_label(kind, sub)}: {label}"]
    border, width, dashes = _shade(color, -0.35), 1.5, None
    if kind == "Event":
        node.update({"etype": sub, "claim": info["claim"],
                     "status": info["status"], "value": len({s["doc"] for s in info["sources"]}) or 1})
        tip.append(f"{info['date'] or 'undated'}" + (f" ({info['precision']})" if info["precision"] else "")
                   + f" · {node['value']} source{'s' if node['value'] != 1 else ''} · {info['claim']}")
        if info["claim"] == "conflict":
            node["label"] = "⚠ " + node["label"]
            border, width = CONFLICT_COLOR, 4
        elif info["claim"] == "denied":
            border, width, dashes = DENIED_COLOR, 3, [2, 3]
        elif info["claim"] == "uncertain":
            border, dashes, color = _shade(color, -0.5), [5, 4], _shade(color, 0.45)
        if info["status"] == "planned":
            node["label"] += " (planned)"
            node["opacity"] = 0.55
            dashes = dashes or [6, 3]
        elif info["status"] == "cancelled":
            node["label"] += " (cancelled)"
            color = "#d9d9d9"
            node["opacity"] = 0.7
        node["widthConstraint"] = {"maximum": 160}
    else:
        node["anchors"] = anchors
        if kind == "Document":
            node["size"] = 7
            node["label"] = _short(" · ".join(x for x in (info.get("outletLabel"), info.get("published")) if x)
                                   or label)
            tip.append(info.get("title") or "")
        elif kind == "Outlet":
            node["font"] = {"color": "#ffffff", "strokeWidth": 0}
        else:
            node["value"] = max(len(anchors), 1)
    node["color"] = {"background": color, "border": border,
                     "highlight": {"background": _shade(color, 0.25), "border": "#111111"},
                     "hover": {"background": _shade(color, 0.15), "border": "#111111"}}
    node["borderWidth"] = width
    if dashes:
        node["shapeProperties"] = {"borderDashes": dashes}
    node["title"] = "\n".join(t for t in tip if t)
    return node


def edge(key: str, role: str, a: str, b: str, modality: str | None = None, count: int | None = None) -> dict:
    label, color, arrows = ROLES[role]
    edge: dict = {"id": key, "from": a, "to": b, "role": role, "label": label, "arrows": arrows,
                  "color": {"color": color}}
    if modality is not None:
        edge["modality"] = modality
        edge["dashes"] = MODALITY_DASHES.get(modality, False)
        if modality not in ("asserted", "reported"):
            edge["label"] = f"{label} ({modality.replace('_', ' ')})"
        if modality == "denied":
            edge["color"] = {"color": DENIED_COLOR}
    if count is not None:
        edge["count"] = count
        edge["label"] += f" ×{count}" if count > 1 else ""
        edge["value"] = count
    return edge


def meta(nodes: list[dict], edges: list[dict]) -> dict:
    counts: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    years = []
    for n in nodes:
        counts[n["kind"]] += 1
        if n["kind"] == "Event":
            types[n["etype"]] += 1
            if n["span"]:
                years += [int(n["span"][0][:4]), int(n["span"][1][:4])]
    return {
        "nodeCount": len(nodes), "edgeCount": len(edges),
        "kinds": {k: dict(v, count=counts[k]) for k, v in KINDS.items() if counts[k]},
        "eventTypes": {t: {"color": c, "count": types[t]} for t, c in EVENT_COLORS.items() if types[t]},
        "roles": {r: {"label": lab, "color": col} for r, (lab, col, _) in ROLES.items()},
        # JSON keys are sorted for byte-stable output, so display order travels separately.
        "order": {"kinds": [k for k in KINDS if counts[k]], "eventTypes": [t for t in EVENT_COLORS if types[t]],
                  "roles": list(ROLES)},
        "years": [min(years + [2018]), max(years + [2025])],
        "manyDocuments": counts["Document"] > MANY_DOCUMENTS, "groupLimit": GROUP_LIMIT,
        "conflictColor": CONFLICT_COLOR, "deniedColor": DENIED_COLOR,
    }


def _kind_label(kind: str, sub: str) -> str:
    return sub if kind == "Event" else {"Document": "Article"}.get(kind, kind)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shade(hex_color: str, amount: float) -> str:
    """Lighten (amount > 0) or darken (< 0) a #rrggbb colour."""
    rgb = [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    mixed = [round(c + (target - c) * abs(amount)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)
