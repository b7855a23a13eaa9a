// Drives the dashboard in headless Chromium and prints what it saw as one JSON object.
// usage: node tests/web/dashboard.spec.mjs URL SHOT_PREFIX [ARTICLE_TEXT]
// Screenshots go to SHOT_PREFIX-1400.png and SHOT_PREFIX-390.png (a desktop and a phone).
// Every request that leaves 127.0.0.1 is blocked and reported: the dashboard must be offline.
import { chromium } from "playwright-core";

const [url, prefix, article] = process.argv.slice(2);
const out = { errors: [], external: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

// what a page's charts look like: text sizes on screen, overlaps, what is cut off
const charts = () => {
  const texts = [...document.querySelectorAll("#timeline svg text, #map svg text, #network svg text")];
  const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize)
    * (t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width));
  const net = document.querySelector("#network svg");
  const frame = net ? net.getBoundingClientRect() : null;
  const boxes = [...document.querySelectorAll("#network g.node text")].map((t) => t.getBoundingClientRect());
  let overlaps = 0, cut = 0;
  boxes.forEach((a, i) => {
    if (a.left < frame.left - 0.5 || a.right > frame.right + 0.5 || a.top < frame.top - 0.5
      || a.bottom > frame.bottom + 0.5) cut += 1;
    for (const b of boxes.slice(i + 1)) {
      if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) overlaps += 1;
    }
  });
  return { minText: Math.min(...sizes), texts: sizes.length, labelOverlaps: overlaps, labelsCut: cut,
    labels: boxes.length, pageWidth: document.documentElement.scrollWidth };
};

async function open(width) {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  page.setDefaultTimeout(30000);
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  await page.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === "127.0.0.1") return route.continue();
    out.external.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  await loaded(page);
  return page;
}
const loaded = (page) => page.waitForFunction(() => ["true", "error"].includes(document.body.dataset.ready));
const count = (page, sel) => page.locator(sel).count();

try {
  const page = await open(1400);
  out.ready = await page.evaluate(() => document.body.dataset.ready);
  out.summary = await page.textContent("[data-testid=summary]");
  out.modalities = await page.$$eval("#f-modality option", (os) => os.map((o) => o.textContent));
  // the time axis: one slot per day from the first to the last, empty days as zeros
  out.unit = await page.getAttribute("#timeline svg", "data-unit");
  out.bins = await page.$$eval("#timeline g.bin", (gs) => gs.map((g) => [g.dataset.start, Number(g.dataset.count)]));
  out.bars = await count(page, "#timeline rect.bar");
  out.years = await page.$$eval("#timeline text.year", (ts) => ts.map((t) => t.textContent));
  out.timelineNote = await page.textContent("[data-testid=timeline-note]");
  await page.selectOption("[data-testid=timeline-by]", "type");
  out.typeBars = await page.$$eval("#timeline rect.bar", (rs) => rs.map((r) => r.dataset.group));
  await page.selectOption("[data-testid=timeline-by]", "quad");
  out.countries = await count(page, "#map path.country");
  out.points = await page.$$eval("#map circle.point", (cs) => cs.map((c) => ({
    place: c.dataset.place, count: Number(c.dataset.count), lat: Number(c.dataset.lat),
    lon: Number(c.dataset.lon) })));
  out.nodes = await page.$$eval("#network g.node", (gs) => gs.map((g) => ({ name: g.dataset.name, key: g.dataset.key })));
  out.edges = await count(page, "#network line.edge");
  out.wide = await page.evaluate(charts);
  out.rows = await count(page, "#events tbody tr");
  out.firstDate = await page.textContent("#events tbody tr td");
  await page.screenshot({ path: `${prefix}-1400.png`, fullPage: true });

  // zoom the map to a country by clicking it
  await page.click('#map path.country[data-name="Kazakhstan"]', { force: true });
  out.zoomedView = await page.getAttribute("#map svg", "data-view");
  out.zoomedPoints = await page.$$eval("#map circle.point", (cs) => cs.map((c) => c.dataset.place));
  await page.click("#map-world");

  // click the first row reporting deaths (else the first row) and read its evidence
  const deadly = page.locator("#events tbody tr", { hasText: "dead" });
  const row = (await deadly.count()) ? deadly.first() : page.locator("#events tbody tr").first();
  await row.click();
  await page.waitForSelector("[data-testid=evidence-sentence]");
  out.sentence = await page.textContent("[data-testid=evidence-sentence]");
  out.marks = await page.$$eval("[data-testid=evidence-sentence] mark", (ms) =>
    ms.map((m) => ({ kind: m.dataset.kind, text: m.textContent })));
  out.evidence = await page.textContent("[data-testid=evidence]");

  // brush the first two days of the axis: every other view follows
  await page.locator("#timeline").scrollIntoViewIfNeeded();
  const bins = page.locator("#timeline g.bin");
  const a = await bins.nth(0).boundingBox(), b = await bins.nth(1).boundingBox();
  const svgBox = await page.locator("#timeline svg").boundingBox();
  const yMid = svgBox.y + svgBox.height / 2;
  await page.mouse.move(a.x + a.width / 2, yMid);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, yMid, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector("#f-since").value !== "");
  await loaded(page);
  out.brushed = { since: await page.inputValue("#f-since"), until: await page.inputValue("#f-until"),
    rows: await count(page, "#events tbody tr"), points: await count(page, "#map circle.point"),
    bins: await page.$$eval("#timeline g.bin", (gs) => gs.map((g) => g.dataset.start)) };
  await page.click("#range-clear");
  await page.waitForFunction(() => document.querySelector("#f-since").value === "");
  await loaded(page);

  // modality: asserted by default; the other kinds on demand, marked
  await page.selectOption("#f-modality", "future");
  await page.click("#filters button[type=submit]");
  await loaded(page);
  out.future = { rows: await count(page, "#events tbody tr"),
    badges: await page.$$eval("#events tbody .modality", (bs) => bs.map((x) => x.textContent)) };
  await page.selectOption("#f-modality", "asserted");

  // filter by quad class through the form: everything redraws
  await page.selectOption("#f-quad", "1");
  await page.click("#filters button[type=submit]");
  await loaded(page);
  out.filteredRows = await count(page, "#events tbody tr");
  out.filteredQuads = await page.$$eval("#events tbody .type", (ts) => [...new Set(ts.map((t) => t.className))]);
  await page.selectOption("#f-quad", "");
  await page.click("#filters button[type=submit]");
  await loaded(page);

  // click a network node: the events of that resolved actor (code and sector)
  await page.click('#network g.node[data-key="KAZ|COP"] circle', { force: true });
  await loaded(page);
  out.nodeFilter = { actor: await page.inputValue("#f-actor"), sector: await page.inputValue("#f-sector"),
    rows: await page.$$eval("#events tbody tr td:nth-child(2) .type", (ts) => ts.map((t) => t.textContent)) };
  await page.fill("#f-actor", ""); await page.fill("#f-sector", "");
  await page.click("#filters button[type=submit]");
  await loaded(page);

  if (article) {
    await page.fill("[data-testid=code-text]", article);
    await page.click("#code-go");
    await page.waitForFunction(() => /event\(s\)|\d{3}:/.test(
      document.querySelector("[data-testid=code-status]").textContent), null, { timeout: 90000 });
    out.codeStatus = await page.textContent("[data-testid=code-status]");
    out.codeRows = await count(page, "[data-testid=code-result] tbody tr");
  }
  await page.close();

  // a phone: chart text as large as on the desktop, every column of the table still there
  const phone = await open(390);
  out.narrow = await phone.evaluate(charts);
  out.narrowCells = await phone.$$eval("#events tbody tr:first-child td", (tds) => tds.map((td) => ({
    label: td.dataset.label, shown: getComputedStyle(td).display !== "none" && td.getBoundingClientRect().width > 0,
    empty: !td.textContent.trim(), right: td.getBoundingClientRect().right })));
  await phone.screenshot({ path: `${prefix}-390.png`, fullPage: true });
  await phone.close();
} catch (e) {
  out.errors.push(`spec failed: ${e}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
