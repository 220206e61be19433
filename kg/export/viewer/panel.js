/* kg graph viewer: legend, timeline, search and the details panel.
 *
 * Everything user-supplied is written with textContent (never innerHTML), so
 * article text cannot inject markup into the page.
 */
(function () {
  "use strict";
  var V = window.kgViewer, DATA = V.data, META = DATA.meta, INFO = DATA.info, state = V.state;
  var $ = function (id) { return document.getElementById(id); };
  var SVG = "http://www.w3.org/2000/svg";
  var MODALITY = {asserted: "asserted", reported: "reported", not_denied: "not denied",
                  declined_to_comment: "declined to comment", no_response: "no response", denied: "denied"};
  var CLAIMS = [
    ["asserted", "Asserted", "solid outline"],
    ["uncertain", "Reported / unconfirmed", "dashed outline, pale fill"],
    ["denied", "Denied by a source", "dotted red outline"],
    ["conflict", "Sources conflict", "⚠ thick pink outline"]
  ];

  /* h("div", {class: "x"}, "text", child…): a DOM element with text children. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") el.className = attrs[k];
      else if (k === "text") el.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) el.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return el;
  }

  /* A small SVG of a vis-network shape, for the legend and the panel. */
  function icon(shape, color, opts) {
    opts = opts || {};
    var s = document.createElementNS(SVG, "svg"), el;
    s.setAttribute("width", "16"); s.setAttribute("height", "16"); s.setAttribute("viewBox", "0 0 16 16");
    var pts = {diamond: "8,1 15,8 8,15 1,8", triangle: "8,1 15,14 1,14", triangleDown: "1,2 15,2 8,15",
               hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
               star: "8,0.8 10,5.8 15.4,6 11.2,9.4 12.6,14.8 8,11.8 3.4,14.8 4.8,9.4 0.6,6 6,5.8"}[shape];
    if (pts) { el = document.createElementNS(SVG, "polygon"); el.setAttribute("points", pts); }
    else if (shape === "dot") { el = document.createElementNS(SVG, "circle"); el.setAttribute("cx", 8); el.setAttribute("cy", 8); el.setAttribute("r", 6.5); }
    else {
      el = document.createElementNS(SVG, "rect");
      var box = shape === "box";
      el.setAttribute("x", box ? 0.5 : 2); el.setAttribute("y", box ? 3 : 2);
      el.setAttribute("width", box ? 15 : 12); el.setAttribute("height", box ? 10 : 12); el.setAttribute("rx", box ? 2 : 0);
    }
    el.setAttribute("fill", color);
    el.setAttribute("stroke", opts.stroke || "#444");
    el.setAttribute("stroke-width", opts.width || 1);
    if (opts.dash) el.setAttribute("stroke-dasharray", opts.dash);
    s.appendChild(el);
    return s;
  }

  function line(color, dash) {
    var s = document.createElementNS(SVG, "svg"), l = document.createElementNS(SVG, "line");
    s.setAttribute("width", "26"); s.setAttribute("height", "10");
    l.setAttribute("x1", 1); l.setAttribute("y1", 5); l.setAttribute("x2", 25); l.setAttribute("y2", 5);
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", 2);
    if (dash) l.setAttribute("stroke-dasharray", dash);
    s.appendChild(l);
    return s;
  }

  function toggle(list, key, label, checked, onChange, extra) {
    var box = h("input", {type: "checkbox", "data-key": key});
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); V.apply(); });
    list.appendChild(h("li", null, h("label", null, box, extra, label)));
  }

  function setOf(set, key) { return function (on) { if (on) set.add(key); else set.delete(key); }; }

  function legend() {
    META.order.eventTypes.forEach(function (t) {
      var et = META.eventTypes[t];
      toggle($("event-types"), t, h("span", null, t.replace(/([a-z])([A-Z])/g, "$1 $2"), " ", h("span", {class: "count", text: et.count})),
             true, setOf(state.types, t), icon("diamond", et.color));
    });
    META.order.kinds.forEach(function (k) {
      var kd = META.kinds[k];
      toggle($("kinds"), k, h("span", null, kd.label, " ", h("span", {class: "count", text: kd.count})),
             state.kinds.has(k), setOf(state.kinds, k), icon(kd.shape, kd.color));
    });
    if (META.manyDocuments) {
      $("kinds-note").hidden = false;
      $("kinds-note").textContent = META.kinds.Document.count + " articles are hidden to keep the view light; " +
        "events link to the outlets that reported them. Tick Articles to draw each one.";
    }
    CLAIMS.forEach(function (c) {
      var style = {asserted: {}, uncertain: {dash: "3,2"}, denied: {stroke: META.deniedColor, dash: "1.5,2", width: 2},
                   conflict: {stroke: META.conflictColor, width: 3}}[c[0]];
      toggle($("claims"), c[0], h("span", {title: c[2]}, c[1]), true, setOf(state.claims, c[0]),
             icon("diamond", c[0] === "uncertain" ? "#f6c6cb" : "#e15759", style));
    });
    var roles = $("roles");
    META.order.roles.forEach(function (r) {
      if (r === "outlet" || r === "source") return;
      roles.appendChild(h("li", null, line(META.roles[r].color), META.roles[r].label));
    });
    roles.appendChild(h("li", null, line("#9e9e9e"), "reported by (asserted)"));
    roles.appendChild(h("li", null, line("#9e9e9e", "6,4"), "reported by (second-hand: reported, not denied…)"));
    roles.appendChild(h("li", null, line(META.deniedColor, "2,3"), "reported by (denied)"));
    roles.appendChild(h("li", null, icon("diamond", "#e15759", {dash: "4,2"}), "planned event: faded, “(planned)”"));
    roles.appendChild(h("li", null, icon("diamond", "#d9d9d9"), "cancelled event: grey, “(cancelled)”"));
  }

  /* ---- timeline: histogram of events per month + a two-handle month range ---- */
  function timeline() {
    var months = V.months, from = $("range-from"), to = $("range-to");
    from.max = to.max = months.length - 1;
    $("date-from").min = $("date-to").min = months[0];
    $("date-from").max = $("date-to").max = months[months.length - 1];
    var counts = new Array(months.length).fill(0), index = new Map(months.map(function (m, i) { return [m, i]; }));
    DATA.nodes.forEach(function (n) {
      if (n.kind !== "Event" || !n.span) return;
      var i = index.get(n.span[0].slice(0, 7));
      if (i !== undefined) counts[i]++;
    });
    var svg = $("histogram"), W = 264, H = 56, bw = W / months.length, max = Math.max.apply(null, counts.concat([1]));
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    var bars = counts.map(function (c, i) {
      var r = document.createElementNS(SVG, "rect"), bh = c ? Math.max(2, (H - 14) * Math.sqrt(c / max)) : 0;
      r.setAttribute("x", i * bw); r.setAttribute("width", Math.max(bw - 0.6, 0.6));
      r.setAttribute("y", H - 12 - bh); r.setAttribute("height", bh);
      r.setAttribute("class", "bar");
      var t = document.createElementNS(SVG, "title"); t.textContent = months[i] + ": " + c + " events";
      r.appendChild(t); svg.appendChild(r);
      return r;
    });
    for (var y = META.years[0]; y <= META.years[1]; y++) {
      var t = document.createElementNS(SVG, "text"), i0 = index.get(y + "-01");
      t.setAttribute("x", i0 * bw + 1); t.setAttribute("y", H - 2); t.textContent = "’" + String(y).slice(2);
      t.addEventListener("click", (function (yy) { return function () { V.setRange(yy + "-01", yy + "-12"); }; })(y));
      var title = document.createElementNS(SVG, "title"); title.textContent = "Show " + y + " only";
      t.appendChild(title); svg.appendChild(t);
    }
    function sync() {
      var a = index.get(state.from), b = index.get(state.to);
      from.value = a; to.value = b;
      $("date-from").value = state.from; $("date-to").value = state.to;
      bars.forEach(function (r, i) { r.setAttribute("class", i >= a && i <= b ? "bar in" : "bar"); });
    }
    function fromSliders() {
      var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
      V.setRange(months[a], months[b]);
    }
    from.addEventListener("input", fromSliders);
    to.addEventListener("input", fromSliders);
    ["date-from", "date-to"].forEach(function (id) {
      $(id).addEventListener("change", function () {
        var a = $("date-from").value || months[0], b = $("date-to").value || months[months.length - 1];
        V.setRange(a <= b ? a : b, a <= b ? b : a);
      });
    });
    $("undated").addEventListener("change", function () { state.undated = $("undated").checked; V.apply(); });
    $("reset").addEventListener("click", function () { V.reset(); });
    document.addEventListener("kg:range", sync);
    document.addEventListener("kg:range", function () {   // reset() may have ticked boxes again
      $("undated").checked = state.undated;
      ["kinds", "types", "claims"].forEach(function (which) {
        var list = {kinds: "kinds", types: "event-types", claims: "claims"}[which];
        document.querySelectorAll("#" + list + " input[type=checkbox]").forEach(function (b) {
          b.checked = state[which].has(b.getAttribute("data-key"));
        });
      });
    });
    sync();
  }

  /* ---- search: exact label or alias first, then prefix, then substring; actors before events ---- */
  var KIND_RANK = {Person: 0, State: 1, Organization: 2, Actor: 3, Channel: 4, Place: 5, Outlet: 6, Event: 7, Document: 8};
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    Object.keys(INFO).forEach(function (id) {
      var it = INFO[id], names = [it.label].concat(it.aliases || []), score = 0;
      names.forEach(function (nm) {
        var n = (nm || "").toLowerCase();
        score = Math.max(score, n === q ? 3 : n.indexOf(q) === 0 ? 2 : n.indexOf(q) >= 0 ? 1 : 0);
      });
      if (score) hits.push([-score, KIND_RANK[it.kind] || 9, it.label, id]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.map(function (x) { return x[3]; });
  }

  function search() {
    var hits = find($("search").value), msg = $("search-msg");
    if (!hits.length) { msg.textContent = "no match"; return; }
    V.select(hits[0], true);
    msg.textContent = hits.length > 1 ? hits.length + " matches — showing " + INFO[hits[0]].label : "";
  }

  function searchBox() {
    var list = $("search-names"), seen = new Set();
    Object.keys(INFO).sort(function (a, b) {
      return (KIND_RANK[INFO[a].kind] || 9) - (KIND_RANK[INFO[b].kind] || 9) || (INFO[a].label < INFO[b].label ? -1 : 1);
    }).forEach(function (id) {
      var it = INFO[id];
      if (it.kind === "Document" || seen.has(it.label)) return;
      seen.add(it.label);
      list.appendChild(h("option", {value: it.label}));
    });
    $("search").addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); search(); } });
    $("search").addEventListener("change", search);
    $("search-go").addEventListener("click", search);
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement.tagName !== "INPUT") { e.preventDefault(); $("search").focus(); }
      if (e.key === "Escape") close();
    });
  }

  /* ---- the details panel ---- */
  function nodeLink(id) {
    if (!id) return null;
    var a = h("a", {class: "node", href: "#", "data-node": id, text: V.nodeLabel(id)});
    a.addEventListener("click", function (e) { e.preventDefault(); V.select(id, true); });
    return a;
  }

  function extLink(url, text) {
    if (!url || !/^https?:\/\//.test(url)) return null;
    return h("a", {class: "ext", href: url, target: "_blank", rel: "noopener noreferrer", text: text || url});
  }

  function fmtDate(iso, precision) {
    if (!iso) return "undated";
    var names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"], p = iso.split("-");
    var text = p.length === 3 ? (+p[2]) + " " + names[+p[1] - 1] + " " + p[0] : p.length === 2 ? names[+p[1] - 1] + " " + p[0] : p[0];
    return precision ? text + " (" + precision + " precision)" : text;
  }

  function dl(rows) {
    var d = h("dl");
    rows.forEach(function (r) { if (r[1] !== null && r[1] !== undefined && r[1] !== "") d.append(h("dt", {text: r[0]}), h("dd", null, r[1])); });
    return d;
  }

  function eventList(ids) {
    var ul = h("ul", {class: "list"});
    ids.slice().sort(function (a, b) {
      var x = (INFO[a] && INFO[a].date) || "9999", y = (INFO[b] && INFO[b].date) || "9999";
      return x < y ? -1 : x > y ? 1 : (a < b ? -1 : 1);
    }).slice(0, 300).forEach(function (id) {
      var it = INFO[id] || {};
      ul.appendChild(h("li", null, h("span", {class: "date", text: it.date || "undated"}), nodeLink(id),
                       it.claim && it.claim !== "asserted" ? h("span", {class: "badge " + it.claim, text: it.claim}) : null));
    });
    if (ids.length > 300) ul.appendChild(h("li", {text: "… and " + (ids.length - 300) + " more"}));
    return ul;
  }

  function sourceCard(s) {
    var doc = INFO[s.doc] || {}, mod = s.modality || "asserted";
    var card = h("div", {class: "source " + mod},
      h("div", {class: "meta"}, h("span", {class: "outlet", text: doc.outletLabel || "unknown outlet"}),
        h("span", {class: "date", text: doc.published || ""}),
        h("span", {class: "badge " + mod, text: MODALITY[mod] || mod})),
      h("blockquote", {text: s.evidence || "(no evidence sentence)"}));
    if (s.attribution) card.appendChild(h("div", {class: "small", text: "attributed to: " + s.attribution}));
    var stated = [];
    if (s.statedDate) stated.push("date " + s.statedDate);
    if (s.statedType) stated.push("type " + s.statedType);
    if (s.statedStatus && s.statedStatus !== "occurred") stated.push("status " + s.statedStatus);
    if (stated.length) card.appendChild(h("div", {class: "small", text: "as stated here: " + stated.join(", ")}));
    var link = extLink(doc.url, (doc.title || doc.url) + " ↗");
    card.appendChild(h("div", {class: "small"}, link || h("span", {text: doc.title || ""})));
    var where = h("a", {class: "node", href: "#", text: "article " + (doc.identifier || s.doc)});
    where.addEventListener("click", function (e) { e.preventDefault(); V.select(s.doc, true); });
    card.appendChild(h("div", {class: "small"}, where, s.start !== null ? ", characters " + s.start + "–" + s.end : ""));
    return card;
  }

  function open(id) {
    var body = $("panel-body"), it = INFO[id];
    body.textContent = "";
    $("panel").hidden = false;
    $("panel").setAttribute("data-node", id);
    var g = V.groups().get(id);
    if (g) return openGroup(id, g, body);
    if (!it) return;
    var kind = META.kinds[it.kind] || {shape: "dot", color: "#999", label: it.kind};
    var node = V.allNodes.get(id) || {};
    var color = it.kind === "Event" && META.eventTypes[it.type] ? META.eventTypes[it.type].color : kind.color;
    body.append(h("div", {class: "kind"}, icon(kind.shape, color), it.kind === "Event" ? it.type : kind.label.replace(/s$/, "")),
                h("h2", {text: it.label}), h("div", {class: "iri", text: it.iri}));
    if (it.kind === "Event") {
      var badges = h("div", null, h("span", {class: "badge " + it.claim, text: it.claim === "uncertain" ? "reported / unconfirmed" : it.claim}), " ",
                     it.status !== "occurred" ? h("span", {class: "badge " + it.status, text: it.status}) : null);
      body.append(badges, dl([
        ["Type", it.type], ["Date", fmtDate(it.date, it.precision)], ["Until", it.end ? fmtDate(it.end) : null],
        ["Status", it.status], ["Count", it.count], ["Sender", nodeLink(it.sender)], ["Recipient", nodeLink(it.recipient)],
        ["Place", nodeLink(it.place)], ["Channel", nodeLink(it.channel)], ["About", nodeLink(it.about)],
        ["Wikidata", extLink(it.wikidata ? "https://www.wikidata.org/wiki/" + it.wikidata : null, it.wikidata)]
      ]));
      if (it.conflict) {
        var box = h("div", {class: "conflicts"}, h("strong", {text: "⚠ Sources disagree"}));
        if (it.conflicts.length) box.appendChild(listOf(it.conflicts));
        body.appendChild(box);
      }
      body.append(h("h3", {text: "Participants (" + it.participants.length + ")"}));
      var ul = h("ul", {class: "list"});
      it.participants.forEach(function (p) { ul.appendChild(h("li", null, nodeLink(p))); });
      body.appendChild(ul);
      var docs = new Set(it.sources.map(function (s) { return s.doc; }));
      body.append(h("h3", {text: "Sources (" + docs.size + " article" + (docs.size === 1 ? "" : "s") + ", " +
                              it.sources.length + " mention" + (it.sources.length === 1 ? "" : "s") + ")"}));
      it.sources.forEach(function (s) { body.appendChild(sourceCard(s)); });
    } else if (it.kind === "Document") {
      body.append(dl([["Outlet", nodeLink(it.outlet)], ["Published", it.published], ["Authors", (it.authors || []).join(", ")],
                      ["File", it.identifier], ["Link", extLink(it.url, (it.url || "") + " ↗")]]));
      body.append(h("h3", {text: "Events reported (" + node.anchors.length + ")"}), eventList(node.anchors));
    } else {
      body.append(dl([["Aliases", (it.aliases || []).join(", ")], ["Channel type", it.channelType],
                      ["Envoy", nodeLink(it.envoy)], ["Located at", nodeLink(it.place)],
                      ["Articles", it.docs], ["Wikidata", extLink(it.wikidata ? "https://www.wikidata.org/wiki/" + it.wikidata : null, it.wikidata)]]));
      body.append(h("h3", {text: "Events (" + (node.anchors || []).length + ")"}), eventList(node.anchors || []));
      if (it.kind === "Outlet") {
        var articles = Object.keys(INFO).filter(function (k) { return INFO[k].outlet === id; }).sort(function (a, b) {
          return (INFO[a].published || "") < (INFO[b].published || "") ? -1 : 1;
        });
        var ul = h("ul", {class: "list"});
        articles.slice(0, 300).forEach(function (d) {
          ul.appendChild(h("li", null, h("span", {class: "date", text: INFO[d].published || ""}), nodeLink(d)));
        });
        body.append(h("h3", {text: "Articles (" + articles.length + ")"}), ul);
      }
    }
  }

  function listOf(items) {
    var ul = h("ul");
    items.forEach(function (t) { ul.appendChild(h("li", {text: t})); });
    return ul;
  }

  function openGroup(id, g, body) {
    body.append(h("div", {class: "kind"}, icon("diamond", (META.eventTypes[g.type] || {}).color || "#999"), "Group of events"),
                h("h2", {text: V.nodeLabel(id)}),
                h("p", {class: "note", text: "More than " + META.groupLimit + " events of one type in one year are drawn as one node. Narrow the timeline or expand the group to see each."}));
    var btn = h("button", {type: "button", id: "expand-group", text: "Expand into " + g.members.length + " events"});
    btn.addEventListener("click", function () { V.expand(id); close(); });
    body.append(btn, h("h3", {text: "Events"}), eventList(g.members));
  }

  function close() {
    if ($("panel").hidden) return;
    V.keepView(function () {
      $("panel").hidden = true;
      $("panel").removeAttribute("data-node");
    });
    if (V.network) V.network.unselectAll();
    V.unfocus();
  }

  window.kgPanel = {open: open, close: close, find: find};
  $("panel-close").addEventListener("click", close);
  legend();
  timeline();
  searchBox();
})();
