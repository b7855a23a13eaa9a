// tidings dashboard: vanilla JS + SVG over the /v1 API. No network beyond this server.
"use strict";

const QUADS = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};
const SVGNS = "http://www.w3.org/2000/svg";
const state = {
  filters: { modality: "asserted" }, events: [], cursor: null, selected: null, world: null,
  stats: null, places: [], edges: [], mapView: null, networkAll: false,
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
  if (!r.ok) {  // {"error": {"code", "message"}}, or FastAPI's {"detail": ...}
    const detail = body.error ? body.error.message
      : typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(`${r.status}: ${detail || r.statusText}`);
  }
  return body;
}

// ---------- timeline: a real time axis (empty days as zeros, the year shown), with a brush ----------
const QUAD_HUES = { 1: 140, 2: 212, 3: 40, 4: 4 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86400000;
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
function dayNumber(iso) { return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS); }
function isoOf(dayNum) { return new Date(dayNum * DAY_MS).toISOString().slice(0, 10); }
function todayISO() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
// Calendar bins, the finest that leaves each bar a few pixels: day, week (from Monday), month, year.
const UNITS = {
  day: { start: (n) => n, next: (n) => n + 1, label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` },
  week: {
    start: (n) => n - ((new Date(n * DAY_MS).getUTCDay() + 6) % 7), next: (n) => n + 7,
    label: (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`,
  },
  month: {
    start: (n) => { const d = new Date(n * DAY_MS); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS; },
    next: (n) => { const d = new Date(n * DAY_MS); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS; },
    label: (d) => MONTHS[d.getUTCMonth()],
  },
  year: {
    start: (n) => Date.UTC(new Date(n * DAY_MS).getUTCFullYear(), 0, 1) / DAY_MS,
    next: (n) => Date.UTC(new Date(n * DAY_MS).getUTCFullYear() + 1, 0, 1) / DAY_MS,
    label: (d) => String(d.getUTCFullYear()),
  },
};
function timeBins(first, last, maxBins) {
  for (const unit of ["day", "week", "month", "year"]) {
    const u = UNITS[unit];
    const bins = [];
    const cap = unit === "year" ? Infinity : maxBins;  // years always fit: bars get thinner
    for (let b = u.start(first); b <= last && bins.length <= cap; b = u.next(b)) bins.push(b);
    if (bins.length <= maxBins || unit === "year") return { unit, bins, ...u };
  }
  return null;  // unreachable: years always fit
}
function chartWidth(box, min = 280) { return Math.max(min, Math.floor(box.clientWidth || 0)); }
function drawTimeline(stats) {
  const box = document.getElementById("timeline");
  const note = document.getElementById("timeline-note");
  box.innerHTML = ""; note.textContent = "";
  const byType = document.getElementById("timeline-by").value === "type";
  const rows = byType ? stats.by_day_type : stats.by_day_quad;
  const today = todayISO();
  // events dated after today are errors or announcements: counted, never plotted or on top
  const future = rows.filter((r) => r.key && r.key > today).reduce((a, r) => a + r.count, 0);
  const undated = rows.filter((r) => !r.key).reduce((a, r) => a + r.count, 0);
  const dated = rows.filter((r) => r.key && r.key <= today);
  const notes = [];
  if (undated) notes.push(`${undated} event(s) without a date`);
  if (future) notes.push(`${future} dated after today (${today}), not plotted`);
  note.textContent = notes.length ? `Not on the axis: ${notes.join("; ")}.` : "";
  // a picked range is shown in full, its empty days included; else first to last event
  const { since, until } = state.filters;
  if (!dated.length && !(since && until)) {
    box.innerHTML = '<p class="hint">No dated events.</p>'; return;
  }
  const colors = byType ? typeColors(stats.type_quads) : { 1: quadColor(1), 2: quadColor(2),
    3: quadColor(3), 4: quadColor(4) };
  const groups = byType
    ? Object.keys(colors).sort((a, b) => stats.type_quads[a] - stats.type_quads[b] || (a < b ? -1 : 1))
    : ["1", "2", "3", "4"];
  const W = chartWidth(box), H = W < 500 ? 190 : 200;
  const pad = { l: 34, r: 10, t: 10, b: 40 };
  const days = dated.map((r) => dayNumber(r.key));
  const first = since ? dayNumber(since) : Math.min(...days);
  const last = until ? Math.min(dayNumber(until), dayNumber(today)) : Math.max(...days);
  const axis = timeBins(first, last, Math.floor((W - pad.l - pad.r) / 5));
  const { bins } = axis;
  if (!bins.length) { box.innerHTML = '<p class="hint">No days in this range.</p>'; return; }
  const binOf = (n) => axis.start(n);
  const index = new Map(bins.map((b, i) => [b, i]));
  const counts = bins.map(() => ({}));
  for (const r of dated) {
    const c = counts[index.get(binOf(dayNumber(r.key)))];
    if (c) c[r.group] = (c[r.group] || 0) + r.count;
  }
  const total = (c) => Object.values(c).reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts.map(total));
  document.getElementById("timeline-unit").textContent = `events per ${axis.unit}`;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": `timeline, events per ${axis.unit}`, "data-unit": axis.unit }, box);
  const bw = (W - pad.l - pad.r) / bins.length;
  const base = H - pad.b;
  const y = (v) => base - (v / max) * (base - pad.t);
  for (const tick of [...new Set([0, Math.ceil(max / 2), max])]) {
    el("line", { x1: pad.l, x2: W - pad.r, y1: y(tick), y2: y(tick), stroke: "#eef0f3" }, svg);
    el("text", { x: pad.l - 4, y: y(tick) + 4, "text-anchor": "end" }, svg).textContent = tick;
  }
  const binEnd = (i) => axis.next(bins[i]) - 1;
  const span = (i) => (axis.unit === "day" ? isoOf(bins[i]) : `${isoOf(bins[i])} – ${isoOf(binEnd(i))}`);
  bins.forEach((b, i) => {
    const c = counts[i], n = total(c);
    const g = el("g", { class: "bin", "data-start": isoOf(b), "data-count": n }, svg);
    const x = pad.l + i * bw;
    if (!n) {  // an empty day is shown as a zero, not dropped
      const z = el("rect", { class: "zero", x: x + bw * 0.1, width: Math.max(bw * 0.8, 1), y: base - 2,
        height: 2 }, g);
      svgTitle(z, `${span(i)}: no events`);
      return;
    }
    let at = 0;
    const detail = groups.filter((k) => c[k]).map((k) => `${byType ? k : QUADS[k]} ${c[k]}`).join(", ");
    for (const k of groups) {
      if (!c[k]) continue;
      const rect = el("rect", { class: "bar", x: x + bw * 0.1, width: Math.max(bw * 0.8, 1),
        y: y(at + c[k]), height: y(at) - y(at + c[k]), fill: colors[k], "data-group": k }, g);
      svgTitle(rect, `${span(i)}: ${n} event(s)\n${detail}`);
      at += c[k];
    }
  });
  // axis labels at least ~64 px apart; the year under the first label and where it changes
  const every = Math.max(1, Math.ceil(64 / bw));
  let lastYear = null;
  el("line", { x1: pad.l, x2: W - pad.r, y1: base, y2: base, stroke: "#c9ced6" }, svg);
  for (let i = 0; i < bins.length; i += every) {
    const d = new Date(bins[i] * DAY_MS), x = pad.l + i * bw + bw / 2;
    el("line", { x1: x, x2: x, y1: base, y2: base + 4, stroke: "#c9ced6" }, svg);
    el("text", { x, y: base + 16, "text-anchor": "middle", class: "tick" }, svg).textContent = axis.label(d);
    const year = d.getUTCFullYear();
    if (axis.unit !== "year" && year !== lastYear) {
      el("text", { x, y: base + 31, "text-anchor": "middle", class: "year" }, svg).textContent = year;
    }
    lastYear = year;
  }
  // the range brush: drag across the bars (or click one) to filter every other view
  const brush = el("rect", { class: "brush", y: pad.t - 4, height: base - pad.t + 4, x: 0, width: 0,
    visibility: "hidden" }, svg);
  const showBrush = (i, j) => {
    const [a, b] = [Math.min(i, j), Math.max(i, j)];
    brush.setAttribute("x", pad.l + a * bw); brush.setAttribute("width", (b - a + 1) * bw);
    brush.setAttribute("visibility", "visible");
  };
  const binAt = (event) => {
    const r = svg.getBoundingClientRect();
    const x = ((event.clientX - r.left) * W) / r.width;
    return Math.min(bins.length - 1, Math.max(0, Math.floor((x - pad.l) / bw)));
  };
  let from = null;
  svg.addEventListener("pointerdown", (e) => {
    from = binAt(e); svg.setPointerCapture(e.pointerId); showBrush(from, from);
  });
  svg.addEventListener("pointermove", (e) => { if (from !== null) showBrush(from, binAt(e)); });
  svg.addEventListener("pointerup", (e) => {
    if (from === null) return;
    const to = binAt(e), [a, b] = [Math.min(from, to), Math.max(from, to)];
    from = null;
    applyFilters({ since: isoOf(bins[a]), until: isoOf(binEnd(b)) });
  });
  document.getElementById("quad-legend").innerHTML = groups.map((k) =>
    `<span><i style="background:${colors[k]}"></i>${byType ? esc(k) : `${k} ${QUADS[k]}`}</span>`)
    .join("");
}

// ---------- map: Natural Earth countries (vendored TopoJSON), zoomable, points clustered ----------
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
    return { name: (g.properties || {}).name || "", polygons: polys, bbox: mainBBox(polys) };
  });
}
function bboxOf(points) {
  let w = 180, s = 90, e = -180, n = -90;
  for (const [lon, lat] of points) {
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  return [w, s, e, n];
}
function mainBBox(polys) {
  // a country's zoom box: its largest polygon and the polygons near it (so France is not
  // stretched to French Guiana, nor Russia across the antimeridian)
  if (!polys.length) return null;
  const boxes = polys.map((p) => bboxOf(p[0]));
  const area = (b) => (b[2] - b[0]) * (b[3] - b[1]);
  const main = boxes.reduce((a, b) => (area(b) > area(a) ? b : a));
  const near = boxes.filter((b) => b[0] < main[2] + 5 && b[2] > main[0] - 5 && b[1] < main[3] + 5
    && b[3] > main[1] - 5 && b[2] - b[0] < 180);
  return bboxOf(near.flatMap((b) => [[b[0], b[1]], [b[2], b[3]]]));
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
const WORLD_VIEW = [-180, -58, 180, 85];  // Antarctica holds no news
function padView([w, s, e, n], minSpan = 3, margin = 0.05) {
  // the box around [w, s, e, n] with a margin (a share of its size on each side)
  const cx = (w + e) / 2, cy = (s + n) / 2;
  const hw = Math.max((e - w) * (0.5 + margin), minSpan);
  const hh = Math.max((n - s) * (0.5 + margin), minSpan * 0.6);
  return [Math.max(-180, cx - hw), Math.max(-85, cy - hh), Math.min(180, cx + hw), Math.min(85, cy + hh)];
}
const RESOLUTION = { 1: "country", 2: "region", 3: "district", 4: "town", 5: "place" };
function drawMap(places) {
  const box = document.getElementById("map");
  box.innerHTML = "";
  state.places = places;
  const view = state.mapView || WORLD_VIEW;
  document.getElementById("map-world").hidden = !state.mapView;
  // equirectangular; when zoomed, longitude is shrunk by cos(latitude) so shapes stay true
  const [vw, vs, ve, vn] = view;
  const kx = state.mapView ? Math.cos(((vs + vn) / 2) * Math.PI / 180) : 1;
  const W = chartWidth(box);
  const scale = Math.min(W / ((ve - vw) * kx), (W * 0.75) / (vn - vs));
  const H = Math.round((vn - vs) * scale);
  const x0 = (W - (ve - vw) * kx * scale) / 2;
  const px = (lon) => x0 + (lon - vw) * kx * scale;
  const py = (lat) => (vn - lat) * scale;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": state.mapView ? "map, zoomed" : "map", "data-view": view.map((v) => v.toFixed(2)).join(",") }, box);
  el("rect", { class: "sphere", x: 0, y: 0, width: W, height: H }, svg);
  for (const c of state.world || []) {
    if (c.bbox && (c.bbox[2] < vw - 30 || c.bbox[0] > ve + 30 || c.bbox[3] < vs - 30 || c.bbox[1] > vn + 30)) continue;
    const d = c.polygons.map((poly) => poly.map((ring) => "M" + ring.map(([lon, lat]) =>
      `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z").join("")).join("");
    const path = el("path", { class: "country", d, "data-name": c.name }, svg);
    svgTitle(path, `${c.name} (click to zoom)`);
    path.addEventListener("click", () => { if (c.bbox) { state.mapView = padView(c.bbox); drawMap(state.places); } });
  }
  let grat = "";
  const step = ve - vw > 90 ? 30 : ve - vw > 20 ? 10 : 2;
  for (let lon = Math.ceil(vw / step) * step; lon <= ve; lon += step) grat += `M${px(lon)},0V${H}`;
  for (let lat = Math.ceil(vs / step) * step; lat <= vn; lat += step) grat += `M0,${py(lat)}H${W}`;
  el("path", { class: "graticule", d: grat }, svg);
  // each located place where it is; places closer than a marker's size are clustered
  const inView = places.filter((p) => p.lon >= vw && p.lon <= ve && p.lat >= vs && p.lat <= vn);
  const clusters = [];
  const radius = (n) => 4 + 2.5 * Math.sqrt(n);
  for (const p of [...inView].sort((a, b) => b.count - a.count)) {
    const x = px(p.lon), y = py(p.lat);
    const near = clusters.find((c) => Math.hypot(c.x - x, c.y - y) < radius(c.count) + 6);
    if (near) { near.members.push(p); near.count += p.count; } else clusters.push({ x, y, count: p.count, members: [p] });
  }
  const labels = [];
  const quadOf = (ps) => {
    const sums = [0, 1, 2, 3].map((i) => ps.reduce((a, p) => a + p.quads[i], 0));
    return sums.indexOf(Math.max(...sums)) + 1;
  };
  for (const c of clusters) {
    const r = radius(c.count);
    if (c.members.length === 1) {
      const p = c.members[0];
      const coarse = (p.resolution || 5) <= 2;
      const circle = el("circle", {
        class: `point${coarse ? " coarse" : ""}`, cx: c.x, cy: c.y, r, fill: quadColor(quadOf([p])),
        stroke: coarse ? quadColor(quadOf([p])) : "#fff", "data-place": p.place || "",
        "data-count": p.count, "data-lat": p.lat, "data-lon": p.lon,
        "data-resolution": p.resolution ?? "",
      }, svg);
      svgTitle(circle, `${p.place || "?"}${p.admin1 ? `, ${p.admin1}` : ""} (${p.country_code || "?"}): `
        + `${p.count} event(s) · located to the ${RESOLUTION[p.resolution] || "place"}`);
      circle.addEventListener("click", () => {
        showEvidence(p.example_event);
        applyFilters({ lat: p.lat, lon: p.lon, radius_km: 1 });
      });
      labels.push({ x: c.x, y: c.y, r, text: p.place || "" });
    } else {
      const g = el("g", { class: "cluster", "data-count": c.count, "data-places": c.members.length }, svg);
      el("circle", { cx: c.x, cy: c.y, r, fill: quadColor(quadOf(c.members)) }, g);
      el("text", { x: c.x, y: c.y + 4, "text-anchor": "middle", class: "count" }, g).textContent = c.count;
      svgTitle(g, `${c.members.length} places, ${c.count} event(s): `
        + c.members.slice(0, 8).map((p) => p.place).join(", ") + (c.members.length > 8 ? ", …" : "")
        + "\n(click to zoom in)");
      g.addEventListener("click", () => {
        state.mapView = padView(bboxOf(c.members.map((p) => [p.lon, p.lat])), 1, 0.3);
        drawMap(state.places);
      });
      labels.push({ x: c.x, y: c.y, r, text: c.members[0].place || "" });
    }
  }
  // names of the largest markers, where they fit without overlapping one another
  const placed = [];
  for (const l of labels.slice(0, 15)) {
    const w = l.text.length * 7, x = l.x + l.r + 3 + w > W ? l.x - l.r - 3 - w : l.x + l.r + 3;
    const b = [x, l.y - 8, x + w, l.y + 6];
    if (!l.text || b[0] < 0 || b[1] < 0 || b[3] > H) continue;
    if (placed.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1])) continue;
    placed.push(b);
    el("text", { x, y: l.y + 4, class: "place-label" }, svg).textContent = l.text;
  }
}

// ---------- actor network: resolved actors, the busiest by default ----------
const TOP_ACTORS = 14;
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
      if (a === b) continue;
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
      a.x = Math.min(W - 24, Math.max(24, a.x)); a.y = Math.min(H - 20, Math.max(20, a.y));
    }
  }
}
function actorNodes(edges) {
  // one node per resolved actor (the server's key: code + sector, or the named organisation
  // or person), whatever words the articles used for it
  const byKey = new Map();
  const node = (key, name, code, sector, names) => {
    if (!byKey.has(key)) byKey.set(key, { key, name, code, sector, weight: 0, names: new Set() });
    const d = byKey.get(key);
    for (const w of names || []) d.names.add(w);
    return d;
  };
  const links = edges.map((e) => {
    const link = {
      source: node(e.source_key || e.source, e.source, e.source_code, e.source_sector, e.source_names),
      target: node(e.target_key || e.target, e.target, e.target_code, e.target_sector, e.target_names),
      count: e.count, quad: e.quads.indexOf(Math.max(...e.quads)) + 1,
    };
    link.source.weight += e.count;
    if (link.target !== link.source) link.target.weight += e.count;
    return link;
  });
  return { nodes: [...byKey.values()].sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1)), links };
}
function placeLabels(nodes, W, H, radius) {
  // right of the node, else left, above or below; a label that fits nowhere is left to the
  // node's tooltip rather than drawn over another one or cut by the edge
  const boxes = nodes.map((d) => [d.x - radius(d), d.y - radius(d), d.x + radius(d), d.y + radius(d)]);
  const hits = (b) => b[0] < 0 || b[2] > W || b[1] < 0 || b[3] > H
    || boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
  for (const d of [...nodes].sort((a, b) => b.weight - a.weight)) {
    const w = d.name.length * 7 + 4, r = radius(d) + 3;
    const options = [
      [d.x + r, d.y + 4, "start", [d.x + r, d.y - 9, d.x + r + w, d.y + 6]],
      [d.x - r, d.y + 4, "end", [d.x - r - w, d.y - 9, d.x - r, d.y + 6]],
      [d.x, d.y - r - 4, "middle", [d.x - w / 2, d.y - r - 17, d.x + w / 2, d.y - r - 2]],
      [d.x, d.y + r + 13, "middle", [d.x - w / 2, d.y + r, d.x + w / 2, d.y + r + 15]],
    ];
    const fit = options.find((o) => !hits(o[3]));
    d.label = fit ? { x: fit[0] - d.x, y: fit[1] - d.y, anchor: fit[2] } : null;
    if (fit) boxes.push(fit[3]);
  }
}
function drawNetwork(edges) {
  const box = document.getElementById("network");
  const more = document.getElementById("network-all");
  box.innerHTML = "";
  if (!edges.length) {
    box.innerHTML = '<p class="hint">No actor → recipient pairs.</p>'; more.hidden = true; return;
  }
  const all = actorNodes(edges);
  const shown = state.networkAll ? all.nodes : all.nodes.slice(0, TOP_ACTORS);
  const keep = new Set(shown);
  const links = all.links.filter((l) => keep.has(l.source) && keep.has(l.target));
  const nodes = shown.filter((d) => links.some((l) => l.source === d || l.target === d));
  more.hidden = all.nodes.length <= TOP_ACTORS;
  more.textContent = state.networkAll ? `only the top ${TOP_ACTORS}` : `show all ${all.nodes.length} actors`;
  const W = chartWidth(box), H = Math.round(Math.min(560, Math.max(320, W * 0.62 + nodes.length * 4)));
  layout(nodes, links, W, H);
  const radius = (d) => 4 + 2 * Math.sqrt(d.weight);
  placeLabels(nodes, W, H, radius);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": "network", "data-actors": all.nodes.length }, box);
  const defs = el("defs", {}, svg);
  for (const q of [1, 2, 3, 4]) {
    const m = el("marker", { id: `arrow${q}`, viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0L10,5L0,10z", fill: quadColor(q) }, m);
  }
  for (const l of links) {
    if (l.source === l.target) continue;  // an actor acting on itself: counted in its size
    const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
    const len = Math.max(Math.hypot(dx, dy), 1), end = radius(l.target) + 2;
    const line = el("line", { class: "edge", x1: l.source.x, y1: l.source.y,
      x2: l.target.x - (dx / len) * end, y2: l.target.y - (dy / len) * end,
      stroke: quadColor(l.quad), "stroke-width": 1 + 1.2 * Math.sqrt(l.count),
      "marker-end": `url(#arrow${l.quad})` }, svg);
    svgTitle(line, `${l.source.name} → ${l.target.name}: ${l.count} event(s)`);
  }
  for (const d of nodes) {
    const g = el("g", { class: "node", transform: `translate(${d.x.toFixed(1)},${d.y.toFixed(1)})`,
      "data-name": d.name, "data-key": d.key, "data-code": d.code || "" }, svg);
    el("circle", { r: radius(d), fill: "#5b6b82" }, g);
    if (d.label) {
      el("text", { x: d.label.x, y: d.label.y, "text-anchor": d.label.anchor }, g).textContent = d.name;
    }
    const said = [...d.names].filter((w) => w !== d.name);
    svgTitle(g, `${d.name} (${[d.code, d.sector].filter(Boolean).join(" ")}): ${d.weight} event(s)`
      + (said.length ? `\nwritten as: ${said.slice(0, 8).join(", ")}` : ""));
    g.addEventListener("click", () => {  // the actor's events: by name, else code and sector
      const named = d.key.startsWith("name|") || !d.code || ["---", "IGO", "NGO"].includes(d.code);
      const actor = d.key.startsWith("name|") ? d.name : named ? "" : d.code;
      applyFilters({ actor, sector: d.sector || "" });
    });
  }
}

// ---------- table ----------
function modalityBadge(modality) {
  return modality && modality !== "asserted"
    ? ` <span class="modality ${esc(modality)}" title="${esc(modality)}: not reported as having happened">`
      + `${esc(modality)}</span>` : "";
}
function rowHTML(ev) {
  const cell = (label, html, cls = "") => `<td data-label="${label}"${cls ? ` class="${cls}"` : ""}>${html}</td>`;
  return cell("date", esc(ev.date || "?"))
    + cell("type", `<span class="type q${ev.quad_code}">${esc(ev.event.join(","))}</span>${modalityBadge(ev.modality)}`)
    + cell("mode", esc(ev.mode.join(", "))) + cell("actor", who(ev.actor))
    + cell("recipient", who(ev.recipient)) + cell("place", esc(placeName(ev)))
    + cell("size", esc(sizeText(ev.size))) + cell("sentence", esc(ev.event_text.join(" ")), "sentence");
}
function drawTable(append) {
  const body = document.querySelector("#events tbody");
  if (!append) body.innerHTML = "";
  const start = append ? body.children.length : 0;
  for (const ev of state.events.slice(start)) {
    const tr = document.createElement("tr");
    tr.dataset.id = ev.id;
    tr.className = `modality-${ev.modality || "asserted"}`;
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
        ${fact("modality", esc(e.modality) + modalityBadge(e.modality))}
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
    out.innerHTML = `<table class="events-table"><thead><tr><th>date</th><th>type</th><th>mode</th><th>actor</th>`
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
      getJSON(`/v1/network?${query({ edges: 500 })}`),
      getJSON(`/v1/places?${query({ places: 2000 })}`),
      loadWorld(),
    ]);
    const select = document.getElementById("f-type");
    if (select.options.length === 1) {
      for (const t of stats.by_type.map((r) => r.key).filter(Boolean).sort()) {
        select.add(new Option(t, t));
      }
    }
    const modality = state.filters.modality ? `${state.filters.modality} ` : "";
    const byModality = Object.fromEntries((stats.by_modality || []).map((r) => [r.key, r.count]));
    const all = Object.values(byModality).reduce((a, b) => a + b, 0);
    const hidden = all - stats.total;
    summary.textContent = `${stats.total} ${modality}events from ${stats.tables.documents} documents · `
      + `${stats.tables.quotes} quotes · ${stats.by_country.filter((r) => r.key).length} countries`
      + (hidden > 0 ? ` · ${hidden} more not ${modality.trim() || "matching"} (see modality)` : "");
    for (const option of document.getElementById("f-modality").options) {  // counts per kind
      option.textContent = option.textContent.replace(/ \(\d+\)$/, "")
        + ` (${option.value ? byModality[option.value] || 0 : all})`;
    }
    state.stats = stats; state.edges = network.edges;
    document.getElementById("range-clear").hidden = !(state.filters.since || state.filters.until);
    if (state.filters.country && places.places.length) {  // a country filter zooms the map to it
      state.mapView = padView(bboxOf(places.places.map((p) => [p.lon, p.lat])), 3, 0.3);
    }
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
  state.mapView = null;
  setTimeout(() => applyFilters(), 0);
});
document.getElementById("more").addEventListener("click", async () => {
  await loadEvents(true); drawTable(true);
});
document.getElementById("code-form").addEventListener("submit", codeArticle);
document.getElementById("timeline-by").addEventListener("change", () => {
  if (state.stats) drawTimeline(state.stats);
});
document.getElementById("range-clear").addEventListener("click", () => {
  applyFilters({ since: "", until: "" });
});
document.getElementById("map-world").addEventListener("click", () => {
  state.mapView = null; drawMap(state.places);
});
document.getElementById("network-all").addEventListener("click", () => {
  state.networkAll = !state.networkAll; drawNetwork(state.edges);
});
let resizing = null;  // charts are drawn at their pixel width: redraw when it changes
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    if (!state.stats) return;
    drawTimeline(state.stats); drawMap(state.places); drawNetwork(state.edges);
  }, 150);
});
refresh();
