// tidings dashboard: vanilla JS + SVG over the /v1 API. No network beyond this server.
"use strict";

const QUADS = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};
const SVGNS = "http://www.w3.org/2000/svg";
const state = {
  filters: {}, events: [], cursor: null, selected: null, world: null, stats: null,
};

// ---------- helpers ----------
function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}
function svgTitle(node, text) { el("title", {}, node).textContent = text; }
function quadColor(q) { return `var(--q${q})`; }
function who(entities) {
  if (!entities || !entities.length) return "";
  const e = entities[0];
  const name = e.identifier_text || e.entity_text;
  return `${esc(name)} <span class="code">${esc(e.code)}${e.sector ? " " + esc(e.sector) : ""}</span>`;
}
function sizeText(size) {
  const parts = [];
  for (const [k, label] of [["dead", "dead"], ["injured", "injured"], ["arrested", "arrested"],
    ["participants", "people"]]) {
    if (size && size[k] != null) parts.push(`${size[k]} ${label}`);
  }
  return parts.join(", ");
}
function placeName(ev) {
  const loc = ev.event_loc;
  return loc ? (loc.resolved_place || loc.extracted_place) : "";
}
function query(extra = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) {
    if (v !== "" && v != null) params.set(k, v);
  }
  return params.toString();
}
async function getJSON(url, options) {
  const r = await fetch(url, options);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(`${r.status}: ${detail || r.statusText}`);
  }
  return body;
}

// ---------- timeline: stacked bars per day, by quad class or by event type ----------
const QUAD_HUES = { 1: 140, 2: 212, 3: 40, 4: 4 };
function typeColors(typeQuads) {
  // each type a shade of its quad class's hue, so conflict stays red and cooperation green
  const colors = {};
  for (const q of [1, 2, 3, 4]) {
    const types = Object.keys(typeQuads).filter((t) => typeQuads[t] === q).sort();
    types.forEach((t, i) => {
      const light = 32 + (36 * i) / Math.max(types.length, 1);
      colors[t] = `hsl(${QUAD_HUES[q]}, 55%, ${light.toFixed(0)}%)`;
    });
  }
  return colors;
}
function drawTimeline(stats) {
  const box = document.getElementById("timeline");
  box.innerHTML = "";
  const byType = document.getElementById("timeline-by").value === "type";
  const rows = byType ? stats.by_day_type : stats.by_day_quad;
  const days = [...new Set(rows.map((r) => r.key).filter(Boolean))].sort();
  if (!days.length) { box.innerHTML = '<p class="hint">No dated events.</p>'; return; }
  const colors = byType ? typeColors(stats.type_quads) : { 1: quadColor(1), 2: quadColor(2),
    3: quadColor(3), 4: quadColor(4) };
  const groups = byType
    ? Object.keys(colors).sort((a, b) => stats.type_quads[a] - stats.type_quads[b] || (a < b ? -1 : 1))
    : ["1", "2", "3", "4"];
  const byDay = {};
  for (const r of rows) if (r.key) (byDay[r.key] ||= {})[r.group] = r.count;
  const W = 1000, H = 170, pad = { l: 30, r: 10, t: 8, b: 26 };
  const total = (d) => Object.values(byDay[d]).reduce((a, b) => a + b, 0);
  const max = Math.max(...days.map(total));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "timeline" }, box);
  const bw = (W - pad.l - pad.r) / days.length;
  const y = (v) => (H - pad.b) - (v / max) * (H - pad.t - pad.b);
  for (const tick of [...new Set([0, Math.ceil(max / 2), max])]) {
    el("line", { x1: pad.l, x2: W - pad.r, y1: y(tick), y2: y(tick), stroke: "#eef0f3" }, svg);
    el("text", { x: pad.l - 4, y: y(tick) + 3, "text-anchor": "end" }, svg).textContent = tick;
  }
  const every = Math.ceil(days.length / 12);
  days.forEach((day, i) => {
    let base = 0;
    const g = el("g", { class: "day", "data-day": day }, svg);
    const detail = groups.filter((k) => byDay[day][k])
      .map((k) => `${byType ? k : QUADS[k]} ${byDay[day][k]}`).join(", ");
    for (const k of groups) {
      const n = byDay[day][k] || 0;
      if (!n) continue;
      const rect = el("rect", {
        class: "bar", x: pad.l + i * bw + bw * 0.1, width: Math.max(bw * 0.8, 1),
        y: y(base + n), height: y(base) - y(base + n), fill: colors[k], "data-group": k,
      }, g);
      svgTitle(rect, `${day}: ${total(day)} event(s)\n${detail}`);
      rect.addEventListener("click", () => applyFilters({ since: day, until: day }));
      base += n;
    }
    if (i % every === 0) {
      el("text", { x: pad.l + i * bw + bw / 2, y: H - 8, "text-anchor": "middle" }, svg)
        .textContent = day.slice(5);
    }
  });
  document.getElementById("quad-legend").innerHTML = groups.map((k) =>
    `<span><i style="background:${colors[k]}"></i>${byType ? esc(k) : `${k} ${QUADS[k]}`}</span>`)
    .join("");
}

// ---------- map: equirectangular, Natural Earth countries from TopoJSON ----------
function topoFeatures(topo, objectName) {
  const { scale, translate } = topo.transform;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
    });
  });
  const ring = (indexes) => {
    const pts = [];
    for (const i of indexes) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    return pts;
  };
  return topo.objects[objectName].geometries.map((g) => {
    let polys = [];
    if (g.type === "Polygon") polys = [g.arcs.map(ring)];
    else if (g.type === "MultiPolygon") polys = g.arcs.map((p) => p.map(ring));
    return { name: (g.properties || {}).name || "", polygons: polys };
  });
}
async function loadWorld() {
  if (state.world) return state.world;
  try {
    const topo = await getJSON("world/countries-110m.json");
    state.world = topoFeatures(topo, "countries");
  } catch (e) {
    state.world = [];  // the map still draws the graticule and the events
  }
  return state.world;
}
function drawMap(places) {
  const box = document.getElementById("map");
  box.innerHTML = "";
  // equirectangular, cropped to 85°N–58°S (Antarctica holds no news)
  const N = 85, S = -58, W = 720, H = (W * (N - S)) / 360;
  const px = (lon) => ((lon + 180) / 360) * W;
  const py = (lat) => ((N - lat) / (N - S)) * H;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map" }, box);
  el("rect", { class: "sphere", x: 0, y: 0, width: W, height: H }, svg);
  for (const c of state.world || []) {
    const d = c.polygons.map((poly) => poly.map((ring) => "M" + ring.map(([lon, lat]) =>
      `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z").join("")).join("");
    const path = el("path", { class: "country", d }, svg);
    svgTitle(path, c.name);
  }
  let grat = "";
  for (let lon = -180; lon <= 180; lon += 30) grat += `M${px(lon)},0V${H}`;
  for (let lat = -30; lat <= 60; lat += 30) grat += `M0,${py(lat)}H${W}`;
  el("path", { class: "graticule", d: grat }, svg);
  // points: every located place of the matching events (not only the table's page)
  for (const p of places) {
    const q = p.quads.indexOf(Math.max(...p.quads)) + 1;
    const circle = el("circle", {
      class: "point", cx: px(p.lon), cy: py(p.lat), r: 3 + 3 * Math.sqrt(p.count),
      fill: quadColor(q), "data-place": p.place || "", "data-count": p.count,
    }, svg);
    svgTitle(circle, `${p.place || "?"} (${p.country_code || "?"}): ${p.count} event(s)`);
    circle.addEventListener("click", () => {
      showEvidence(p.example_event);
      applyFilters({ lat: p.lat, lon: p.lon, radius_km: 1 });
    });
  }
  for (const p of places.slice(0, 12)) {
    el("text", { x: px(p.lon) + 6, y: py(p.lat) - 5, class: "place-label" }, svg)
      .textContent = p.country_code || "";
  }
}

// ---------- actor network: a small force layout ----------
function layout(nodes, links, W, H) {
  // Fruchterman-Reingold with gravity that grows with the node count, so disconnected pairs
  // stay inside the box instead of being pushed to its walls.
  const n = nodes.length;
  nodes.forEach((d, i) => {
    const a = (2 * Math.PI * i) / Math.max(n, 1);
    d.x = W / 2 + (W / 4) * Math.cos(a); d.y = H / 2 + (H / 4) * Math.sin(a);
  });
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.5;
  const gravity = Math.max(1.2, 0.25 * Math.sqrt(n));
  for (let step = 0, t = W / 10; step < 400; step++, t *= 0.985) {
    for (const a of nodes) { a.dx = 0; a.dy = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const dist = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (k * k) / dist;
        dx /= dist; dy /= dist;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const l of links) {
      const a = l.source, b = l.target;
      let dx = a.x - b.x, dy = a.y - b.y;
      const dist = Math.max(Math.hypot(dx, dy), 0.01);
      const f = (dist * dist) / k;
      dx /= dist; dy /= dist;
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const a of nodes) {
      a.dx += (W / 2 - a.x) * gravity * (H / W); a.dy += (H / 2 - a.y) * gravity;
      const len = Math.max(Math.hypot(a.dx, a.dy), 0.01);
      a.x += (a.dx / len) * Math.min(len, t); a.y += (a.dy / len) * Math.min(len, t);
      a.x = Math.min(W - 110, Math.max(20, a.x)); a.y = Math.min(H - 16, Math.max(16, a.y));
    }
  }
}
function drawNetwork(edges) {
  const box = document.getElementById("network");
  box.innerHTML = "";
  if (!edges.length) { box.innerHTML = '<p class="hint">No actor → recipient pairs.</p>'; return; }
  const W = 720, H = 360;
  const byName = new Map();
  const node = (name, code) => {
    if (!byName.has(name)) byName.set(name, { name, code, weight: 0 });
    return byName.get(name);
  };
  const links = edges.map((e) => {
    const link = { source: node(e.source, e.source_code), target: node(e.target, e.target_code),
      count: e.count, quad: e.quads.indexOf(Math.max(...e.quads)) + 1 };
    link.source.weight += e.count; link.target.weight += e.count;
    return link;
  });
  const nodes = [...byName.values()];
  layout(nodes, links, W, H);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "network" }, box);
  const defs = el("defs", {}, svg);
  for (const q of [1, 2, 3, 4]) {
    const m = el("marker", { id: `arrow${q}`, viewBox: "0 0 10 10", refX: 18, refY: 5,
      markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0L10,5L0,10z", fill: quadColor(q) }, m);
  }
  for (const l of links) {
    const line = el("line", { class: "edge", x1: l.source.x, y1: l.source.y, x2: l.target.x,
      y2: l.target.y, stroke: quadColor(l.quad), "stroke-width": 1 + 1.5 * Math.sqrt(l.count),
      "marker-end": `url(#arrow${l.quad})` }, svg);
    svgTitle(line, `${l.source.name} → ${l.target.name}: ${l.count} event(s)`);
  }
  for (const d of nodes) {
    const g = el("g", { class: "node", transform: `translate(${d.x},${d.y})`,
      "data-name": d.name }, svg);
    el("circle", { r: 4 + 2.5 * Math.sqrt(d.weight), fill: "#5b6b82" }, g);
    el("text", { x: 8, y: 4 }, g).textContent = `${d.name} (${d.code})`;
    svgTitle(g, `${d.name} (${d.code}): ${d.weight} event(s)`);
    g.addEventListener("click", () => {
      document.getElementById("f-actor").value = d.name;
      applyFilters({ actor: d.name });
    });
  }
}

// ---------- table ----------
function rowHTML(ev) {
  return `<td>${esc(ev.date || "?")}</td>`
    + `<td><span class="type q${ev.quad_code}">${esc(ev.event.join(","))}</span></td>`
    + `<td>${esc(ev.mode.join(", "))}</td><td>${who(ev.actor)}</td><td>${who(ev.recipient)}</td>`
    + `<td>${esc(placeName(ev))}</td><td>${esc(sizeText(ev.size))}</td>`
    + `<td class="sentence">${esc(ev.event_text.join(" "))}</td>`;
}
function drawTable(append) {
  const body = document.querySelector("#events tbody");
  if (!append) body.innerHTML = "";
  const start = append ? body.children.length : 0;
  for (const ev of state.events.slice(start)) {
    const tr = document.createElement("tr");
    tr.dataset.id = ev.id;
    tr.innerHTML = rowHTML(ev);
    tr.addEventListener("click", () => showEvidence(ev.id));
    body.appendChild(tr);
  }
  document.getElementById("more").hidden = !state.cursor;
}

// ---------- evidence ----------
function highlighted(sentence, spans) {
  const sorted = [...spans].sort((a, b) => a.sentence_start - b.sentence_start);
  let out = "", at = 0;
  for (const s of sorted) {
    if (s.sentence_start < at) continue;  // never nest or overlap marks
    out += esc(sentence.slice(at, s.sentence_start));
    out += `<mark data-kind="${esc(s.kind)}" title="${esc(s.kind)}">`
      + `${esc(sentence.slice(s.sentence_start, s.sentence_end))}</mark>`;
    at = s.sentence_end;
  }
  return out + esc(sentence.slice(at));
}
function fact(label, value) {
  return value ? `<dt>${esc(label)}</dt><dd>${value}</dd>` : "";
}
async function showEvidence(id) {
  const box = document.getElementById("evidence");
  state.selected = id;
  document.querySelectorAll("#events tbody tr").forEach((tr) =>
    tr.classList.toggle("selected", tr.dataset.id === id));
  box.innerHTML = '<p class="hint">loading…</p>';
  try {
    const ev = await getJSON(`/v1/events/${encodeURIComponent(id)}`);
    const e = ev.event, doc = ev.document || {};
    const loc = e.event_loc;
    const source = doc.url
      ? `<a href="${esc(doc.url)}" rel="noreferrer noopener" target="_blank">${esc(doc.title || doc.url)}</a>`
      : esc(doc.title || e.source.doc_id);
    const quotes = ev.quotes.map((q) => `<blockquote class="${q.linked ? "linked" : ""}">`
      + `“${esc(q.content)}” — ${q.speaker ? who([q.speaker]) : "unattributed"}`
      + `${q.linked ? " <small>(this event)</small>" : ""}</blockquote>`).join("");
    box.innerHTML = `
      <p class="sentence" data-testid="evidence-sentence">${highlighted(ev.sentence, ev.highlights)}</p>
      <div class="legend">${["trigger", "actor", "recipient", "place", "date", "size"].map((k) =>
        `<span><mark data-kind="${k}">${k}</mark></span>`).join("")}</div>
      <dl class="facts">
        ${fact("event", `<span class="type q${e.quad_code}">${esc(e.event.join(","))}</span> `
          + `${esc(e.mode.join(", "))} · quad ${e.quad_code} (${QUADS[e.quad_code]})`)}
        ${fact("modality", esc(e.modality))}
        ${fact("date", esc((e.date || "unknown") + (e.date_precision ? ` (${e.date_precision})` : "")))}
        ${fact("actor", who(e.actor))}
        ${fact("recipient", who(e.recipient))}
        ${fact("place", loc ? `${esc(loc.resolved_place || loc.extracted_place)}, ${esc(loc.country_code || "?")}`
          + (loc.lat != null ? ` <span class="code">${loc.lat.toFixed(2)}, ${loc.lon.toFixed(2)}</span>` : "") : "")}
        ${fact("size", esc(sizeText(e.size)))}
        ${fact("CAMEO / ACLED", esc([e.cameo, e.acled && `${e.acled.event_type}: ${e.acled.sub_event_type}`]
          .filter(Boolean).join(" · ")))}
        ${fact("confidence", esc(e.confidence))}
        ${fact("why", esc(e.explanation))}
        ${fact("source", `${source} · ${esc(doc.publisher || e.source.publisher || "")} · ${esc(doc.date || "")}`)}
      </dl>
      ${quotes ? `<h3>Quotes in this document</h3>${quotes}` : ""}`;
  } catch (err) {
    box.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

// ---------- live coding ----------
async function codeArticle(event) {
  event.preventDefault();
  const text = document.getElementById("code-text").value;
  const date = document.getElementById("code-date").value;
  const status = document.getElementById("code-status");
  const out = document.getElementById("code-result");
  if (!text.trim()) { status.textContent = "paste some text first"; return; }
  status.textContent = "coding…"; out.innerHTML = "";
  try {
    const result = await getJSON("/v1/code", {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ text, date: date || null }),
    });
    status.textContent = `${result.events.length} event(s), ${result.quotes.length} quote(s), `
      + `${result.places.length} place(s)`;
    out.innerHTML = `<table><thead><tr><th>date</th><th>type</th><th>mode</th><th>actor</th>`
      + `<th>recipient</th><th>place</th><th>size</th><th>sentence</th></tr></thead><tbody>`
      + result.events.map((ev) => `<tr>${rowHTML(ev)}</tr>`).join("") + "</tbody></table>"
      + (result.errors && result.errors.length
        ? `<p class="error">${result.errors.map((e) => esc(`${e.stage}: ${e.message}`)).join("<br>")}</p>`
        : "");
  } catch (err) {
    status.innerHTML = `<span class="error">${esc(err.message)}</span>`;
  }
}

// ---------- loading ----------
async function loadEvents(append) {
  const page = await getJSON(`/v1/events?${query({ limit: 200, cursor: append ? state.cursor : "" })}`);
  state.events = append ? state.events.concat(page.events) : page.events;
  state.cursor = page.next_cursor;
  return page;
}
async function refresh() {
  const summary = document.getElementById("summary");
  document.body.dataset.ready = "loading";
  try {
    const [stats, page, network, places] = await Promise.all([
      getJSON(`/v1/stats?${query()}`),
      loadEvents(false),
      getJSON(`/v1/network?${query({ edges: 60 })}`),
      getJSON(`/v1/places?${query({ places: 500 })}`),
      loadWorld(),
    ]);
    const select = document.getElementById("f-type");
    if (select.options.length === 1) {
      for (const t of stats.by_type.map((r) => r.key).filter(Boolean).sort()) {
        select.add(new Option(t, t));
      }
    }
    summary.textContent = `${stats.total} events from ${stats.tables.documents} documents · `
      + `${stats.tables.quotes} quotes · ${stats.by_country.filter((r) => r.key).length} countries`;
    state.stats = stats;
    drawTimeline(stats);
    drawMap(places.places);
    drawNetwork(network.edges);
    drawTable(false);
    document.body.dataset.ready = "true";
    return page;
  } catch (err) {
    summary.innerHTML = `<span class="error">${esc(err.message)}</span>`;
    document.body.dataset.ready = "error";
    return null;
  }
}
function applyFilters(extra = {}) {
  const form = document.getElementById("filters");
  const data = Object.fromEntries(new FormData(form).entries());
  // a place picked on the map stays until the form is used again
  const near = "lat" in extra ? {} : { lat: "", lon: "", radius_km: "" };
  state.filters = { ...state.filters, ...near, ...data, ...extra };
  for (const [k, v] of Object.entries(extra)) {
    const input = form.elements.namedItem(k);
    if (input) input.value = v;
  }
  return refresh();
}

document.getElementById("filters").addEventListener("submit", (e) => {
  e.preventDefault(); applyFilters();
});
document.getElementById("f-reset").addEventListener("click", () => {
  setTimeout(() => applyFilters(), 0);
});
document.getElementById("more").addEventListener("click", async () => {
  await loadEvents(true); drawTable(true);
});
document.getElementById("code-form").addEventListener("submit", codeArticle);
document.getElementById("timeline-by").addEventListener("change", () => {
  if (state.stats) drawTimeline(state.stats);
});
refresh();
