/* kg graph viewer: filters, grouping and the network.
 *
 * The page embeds every node of the RDF graph (DATA.nodes) once; what the
 * network draws is a second pair of DataSets kept in sync with the filters
 * (kind, event type, claim, date range). Where one event type has more than
 * meta.groupLimit events in a year, those events are drawn as one group node
 * (click it to expand), so a 1,000-article build stays responsive.
 * panel.js (loaded after this file) renders the legend and the side panel.
 */
(function () {
  "use strict";
  var timings = {script: performance.now()};  // ms since navigation, read by the benchmark
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  timings.parsed = performance.now();
  var META = DATA.meta, INFO = DATA.info;
  var $ = function (id) { return document.getElementById(id); };

  var nodeById = new Map(), neighbours = new Map();
  DATA.nodes.forEach(function (n) { nodeById.set(n.id, n); neighbours.set(n.id, []); });
  DATA.edges.forEach(function (e) { neighbours.get(e.from).push(e.to); neighbours.get(e.to).push(e.from); });
  var allNodes = new vis.DataSet(DATA.nodes);           // the graph's nodes, never filtered
  var shownNodes = new vis.DataSet();                   // what the network draws
  var shownEdges = new vis.DataSet();

  // Months of the timeline, as "YYYY-MM", from the first to the last year with events.
  var MONTHS = [];
  for (var y = META.years[0]; y <= META.years[1]; y++) {
    for (var m = 1; m <= 12; m++) MONTHS.push(y + "-" + (m < 10 ? "0" : "") + m);
  }

  var CLAIMS = ["asserted", "uncertain", "denied", "conflict"];
  /* Level of detail: past LOD_NODES drawn nodes, small labels, edge labels and
   * curved edges are skipped (text is most of a frame's cost); past
   * PHYSICS_NODES the layout is frozen once stable and new nodes are placed
   * beside their neighbours. */
  var LOD_NODES = 150, PHYSICS_NODES = 400;
  function defaultKinds() {
    return Object.keys(META.kinds).filter(function (k) { return !(k === "Document" && META.manyDocuments); });
  }
  function refill(set, items) { set.clear(); items.forEach(function (x) { set.add(x); }); }

  // The filter sets are mutated in place, never replaced: the legend's checkboxes hold them.
  var state = {
    kinds: new Set(defaultKinds()),
    types: new Set(Object.keys(META.eventTypes)),
    claims: new Set(CLAIMS),
    from: MONTHS[0], to: MONTHS[MONTHS.length - 1], undated: true,
    expanded: new Set(), pinned: new Set(), focus: null
  };
  var lastPos = new Map();
  var network = null;
  var groups = new Map();   // group id -> {key, type, year, members}

  /* True when some filter hides events; then nodes tied to no event at all hide too. */
  function narrowed() {
    return state.from !== MONTHS[0] || state.to !== MONTHS[MONTHS.length - 1] || !state.undated ||
      state.types.size < Object.keys(META.eventTypes).length || state.claims.size < CLAIMS.length;
  }

  function eventIncluded(n) {
    if (!state.kinds.has("Event") || !state.types.has(n.etype) || !state.claims.has(n.claim)) return false;
    if (!n.span) return state.undated;
    return n.span[1] >= state.from + "-01" && n.span[0] <= state.to + "-31";
  }

  /* Decide what is drawn: returns {nodes: Map id -> vis node, edges: Map id -> vis edge}. */
  function computeView() {
    var included = new Set(), rep = new Map(), buckets = new Map();
    DATA.nodes.forEach(function (n) {
      if (n.kind !== "Event") return;
      if (!eventIncluded(n) && !state.pinned.has(n.id)) return;
      included.add(n.id);
      var key = n.etype + "|" + (n.span ? n.span[0].slice(0, 4) : "undated");
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key).push(n.id);
    });
    groups = new Map();
    buckets.forEach(function (members, key) {
      if (members.length <= META.groupLimit || state.expanded.has(key)) return;
      var gid = "group/" + key.replace("|", "/");
      groups.set(gid, {key: key, type: key.split("|")[0], year: key.split("|")[1], members: members});
      members.forEach(function (id) { if (!state.pinned.has(id)) rep.set(id, gid); });
    });
    // Other nodes follow the events they take part in, unless events are hidden altogether.
    var nodes = new Map(), lone = !narrowed(), anchored = state.kinds.has("Event");
    DATA.nodes.forEach(function (n) {
      if (n.kind === "Event") {
        if (included.has(n.id) && !rep.has(n.id)) nodes.set(n.id, n);
      } else if (state.pinned.has(n.id) || (state.kinds.has(n.kind) && (!anchored ||
                 (n.anchors.length === 0 ? lone : n.anchors.some(function (a) { return included.has(a); }))))) {
        nodes.set(n.id, n);
      }
    });
    groups.forEach(function (g, gid) {
      var shown = g.members.filter(function (id) { return rep.get(id) === gid; }).length;
      var color = META.eventTypes[g.type] ? META.eventTypes[g.type].color : "#999999";
      nodes.set(gid, {
        id: gid, kind: "Group", shape: "diamond", label: plural(g.type) + " " + g.year + " (" + shown + ")",
        value: shown, borderWidth: 3, shapeProperties: {borderDashes: [1, 3]},
        color: {background: color, border: "#333333", highlight: {background: color, border: "#111111"}},
        title: shown + " " + plural(g.type).toLowerCase() + " in " + g.year + "\nclick for the list, double-click to expand"
      });
    });
    var edges = new Map();
    var docsShown = state.kinds.has("Document");
    DATA.edges.forEach(function (e) {
      if (e.role === "outlet" && docsShown) return;
      var a = rep.get(e.from) || e.from, b = rep.get(e.to) || e.to;
      if (!nodes.has(a) || !nodes.has(b) || a === b) return;
      if (a === e.from && b === e.to) { edges.set(e.id, e); return; }
      var id = e.role + "|" + a + "|" + b, merged = edges.get(id);
      if (merged) {
        merged.count += e.count || 1;
        merged.value = merged.count;
        merged.label = merged.base + " ×" + merged.count;
      } else {
        var base = e.label.replace(/ ×\d+$/, ""), count = e.count || 1;
        edges.set(id, {id: id, from: a, to: b, role: e.role, base: base, label: count > 1 ? base + " ×" + count : base,
                       count: count, arrows: e.arrows, dashes: e.dashes, color: e.color, value: count});
      }
    });
    if (nodes.size > LOD_NODES) {
      // Past LOD_NODES, edge labels become hover tooltips, except around the selected node.
      edges.forEach(function (e, id) {
        if (e.from !== state.focus && e.to !== state.focus) edges.set(id, Object.assign({}, e, {label: "", title: e.label}));
      });
    }
    return {nodes: nodes, edges: edges};
  }

  function plural(type) {
    var p = {Summit: "Summits", Meeting: "Meetings", Letter: "Letters", LetterExchange: "Letter exchanges",
             Call: "Calls", Statement: "Statements", Refusal: "Refusals", Proposal: "Proposals",
             Agreement: "Agreements", MilitaryAction: "Military actions"};
    return p[type] || type;
  }

  /* Bring the drawn DataSets in line with the filters, keeping positions. */
  function apply() {
    if (network) {
      var pos = network.getPositions();
      Object.keys(pos).forEach(function (id) { lastPos.set(id, pos[id]); });
    }
    var view = computeView();
    var removeN = shownNodes.getIds().filter(function (id) { return !view.nodes.has(id); });
    var removeE = shownEdges.getIds().filter(function (id) { return !view.edges.has(id); });
    shownEdges.remove(removeE);
    shownNodes.remove(removeN);
    var add = [], update = [];
    view.nodes.forEach(function (n, id) {
      if (shownNodes.get(id)) { if (n.kind === "Group") update.push(n); return; }
      var p = lastPos.get(id) || placeNear(id);
      add.push(p ? Object.assign({}, n, {x: p.x, y: p.y}) : n);
    });
    shownNodes.add(add);
    if (update.length) shownNodes.update(update);
    var addE = [], updE = [];
    view.edges.forEach(function (e, id) {
      var cur = shownEdges.get(id);
      if (!cur) addE.push(e);
      else if (cur.label !== e.label || cur.value !== e.value) updE.push(e);
    });
    shownEdges.add(addE);
    if (updE.length) shownEdges.update(updE);
    updateStatus(view);
    tune();
    document.dispatchEvent(new CustomEvent("kg:filtered", {detail: view}));
  }

  /* A new node starts beside a node it links to, so filtering never scatters the layout. */
  function placeNear(id) {
    var near = (neighbours.get(id) || []).filter(function (o) { return lastPos.has(o); })[0];
    if (!near) return null;
    var best = lastPos.get(near);
    var h = 0;
    for (var i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
    return {x: best.x + (h % 60), y: best.y + ((h >> 8) % 60)};
  }

  function updateStatus(view) {
    var events = 0, groupsShown = 0;
    view.nodes.forEach(function (n) { if (n.kind === "Event") events++; if (n.kind === "Group") groupsShown++; });
    var inGroups = 0;
    groups.forEach(function (g) { inGroups += g.members.length; });
    var total = META.kinds.Event ? META.kinds.Event.count : 0;
    $("status").textContent = (events + inGroups) + " of " + total + " events · " + view.nodes.size + " of " +
      META.nodeCount + " nodes shown" + (groupsShown ? " · " + groupsShown + " groups" : "");
  }

  var lod = null;

  function detail(count) {
    var big = count > LOD_NODES;
    return {
      interaction: {hideEdgesOnDrag: big, hideEdgesOnZoom: big},
      // vis replaces, not merges, a partial scaling.label: say enabled: false each time.
      nodes: {scaling: {label: {enabled: false, drawThreshold: big ? 8 : 5}}},
      edges: {smooth: big ? false : {enabled: true, type: "continuous", roundness: 0.3},
              scaling: {label: {enabled: false, drawThreshold: big ? 10 : 7}}}
    };
  }

  function tune() {
    var count = shownNodes.length, key = (count > LOD_NODES) + "/" + (count > PHYSICS_NODES);
    if (!network || key === lod) return;
    lod = key;
    var opts = detail(count);
    opts.physics = {enabled: count <= PHYSICS_NODES};
    network.setOptions(opts);
  }

  function options(count) {
    var base = {
      autoResize: true,
      layout: {randomSeed: 7, improvedLayout: count <= 120},
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: {gravitationalConstant: -150, centralGravity: 0.02, springLength: 140,
                           springConstant: 0.05, damping: 0.5, avoidOverlap: 1},
        stabilization: {enabled: true, iterations: count > LOD_NODES ? 250 : 600, updateInterval: 20, fit: true},
        maxVelocity: 40, minVelocity: 1, timestep: 0.45
      },
      interaction: {hover: true, tooltipDelay: 180, keyboard: {enabled: true, bindToWindow: false},
                    multiselect: false},
      nodes: {font: {size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"},
              scaling: {min: 10, max: 36, label: {enabled: false}}},
      edges: {width: 1.2, selectionWidth: 1.5, color: {highlight: "#222222", hover: "#444444", inherit: false},
              font: {size: 9, color: "#5f6368", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
              arrows: {to: {enabled: false, scaleFactor: 0.55}},
              scaling: {min: 1, max: 6, label: {enabled: false}}}
    };
    return merge(base, detail(count));
  }

  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      var v = from[k];
      if (v && typeof v === "object" && !Array.isArray(v) && into[k] && typeof into[k] === "object") merge(into[k], v);
      else into[k] = v;
    });
    return into;
  }

  function start() {
    timings.start = performance.now();
    apply();
    timings.filtered = performance.now();
    var loading = $("loading");
    network = new vis.Network($("graph"), {nodes: shownNodes, edges: shownEdges}, options(shownNodes.length));
    timings.network = performance.now();
    network.on("stabilizationProgress", function (p) {
      var pct = Math.round(100 * p.iterations / p.total);
      $("loading-bar").value = pct;
      $("loading-pct").textContent = pct + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      loading.hidden = true;
      network.setOptions({physics: {stabilization: {enabled: false}}});
      lod = null;
      tune();
      network.fit();
      timings.ready = performance.now();
      api.ready = true;
      document.documentElement.setAttribute("data-ready", "true");
      document.dispatchEvent(new Event("kg:ready"));
    });
    network.on("click", function (p) {
      if (p.nodes.length) select(p.nodes[0], false);
      else if (!p.edges.length) window.kgPanel && window.kgPanel.close();
    });
    network.on("doubleClick", function (p) {
      var id = p.nodes[0];
      if (id && groups.has(id)) expand(id);
    });
  }

  /* Run `change` (which may open or close the side panel, resizing the canvas)
   * so that every node stays where it was on screen: vis would rescale the view. */
  function keepView(change) {
    var box = $("graph"), width = box.clientWidth;
    var scale = network && network.getScale(), centre = network && network.getViewPosition();
    change();
    if (!network || box.clientWidth === width) return;
    network.setSize("100%", "100%");
    network.moveTo({position: {x: centre.x + (box.clientWidth - width) / (2 * scale), y: centre.y}, scale: scale});
  }

  function expand(gid) {
    var g = groups.get(gid);
    if (!g) return;
    state.expanded.add(g.key);
    apply();
  }

  /* Select a node, open its details and (optionally) move the view onto it. */
  function select(id, move) {
    if (!shownNodes.get(id) && nodeById.has(id)) {
      state.pinned.add(id);
      var n = nodeById.get(id);
      if (n.kind === "Event") state.expanded.add(n.etype + "|" + (n.span ? n.span[0].slice(0, 4) : "undated"));
      apply();
    }
    if (!shownNodes.get(id) && !groups.has(id)) return false;
    api.selected = state.focus = id;
    if (shownNodes.length > LOD_NODES) apply();
    document.documentElement.setAttribute("data-selected", id);
    if (window.kgPanel) keepView(function () { window.kgPanel.open(id); });
    network.selectNodes([id]);
    if (move) {
      network.focus(id, {scale: Math.max(network.getScale(), 1.3),
                         animation: {duration: 450, easingFunction: "easeInOutQuad"}});
    }
    return true;
  }

  var api = window.kgViewer = {
    data: DATA, state: state, allNodes: allNodes, shownNodes: shownNodes, shownEdges: shownEdges,
    months: MONTHS, ready: false, selected: null, timings: timings,
    get network() { return network; },
    groups: function () { return groups; },
    apply: apply, select: select, expand: expand, keepView: keepView,
    unfocus: function () {
      api.selected = state.focus = null;
      document.documentElement.removeAttribute("data-selected");
      if (shownNodes.length > LOD_NODES) apply();
    },
    graphNodeCount: function () { return allNodes.length; },
    visibleIds: function () { return shownNodes.getIds(); },
    setRange: function (from, to) {
      state.from = from < MONTHS[0] ? MONTHS[0] : from;
      state.to = to > MONTHS[MONTHS.length - 1] ? MONTHS[MONTHS.length - 1] : to;
      apply();
      document.dispatchEvent(new Event("kg:range"));
    },
    reset: function () {
      refill(state.kinds, defaultKinds());
      refill(state.types, Object.keys(META.eventTypes));
      refill(state.claims, CLAIMS);
      state.from = MONTHS[0]; state.to = MONTHS[MONTHS.length - 1]; state.undated = true;
      state.pinned.clear();
      state.expanded.clear();
      apply();
      document.dispatchEvent(new Event("kg:range"));
    },
    nodeLabel: function (id) {
      if (INFO[id]) return INFO[id].label;
      return groups.has(id) ? shownNodes.get(id).label : id;
    }
  };

  $("fit").addEventListener("click", function () { network && network.fit({animation: {duration: 400}}); });
  document.addEventListener("DOMContentLoaded", start);
  if (document.readyState !== "loading") start();
})();
