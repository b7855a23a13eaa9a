// Drives the dashboard in headless Chromium and prints what it saw as one JSON object.
// usage: node tests/web/dashboard.spec.mjs URL SCREENSHOT.png [ARTICLE_TEXT]
// Every request that leaves 127.0.0.1 is blocked and reported: the dashboard must be offline.
import { chromium } from "playwright-core";

const [url, screenshot, article] = process.argv.slice(2);
const out = { errors: [], external: [] };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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
  const loaded = () => page.waitForFunction(() => ["true", "error"].includes(document.body.dataset.ready));
  await loaded();
  out.ready = await page.evaluate(() => document.body.dataset.ready);
  out.summary = await page.textContent("[data-testid=summary]");
  const count = (sel) => page.locator(sel).count();
  out.bars = await count("#timeline rect.bar");
  out.days = await count("#timeline g.day");
  await page.selectOption("[data-testid=timeline-by]", "type");
  out.typeBars = await page.$$eval("#timeline rect.bar", (rs) => rs.map((r) => r.dataset.group));
  await page.selectOption("[data-testid=timeline-by]", "quad");
  out.countries = await count("#map path.country");
  out.points = await page.$$eval("#map circle.point", (cs) =>
    cs.map((c) => ({ place: c.dataset.place, count: Number(c.dataset.count) })));
  out.nodes = await page.$$eval("#network g.node", (gs) => gs.map((g) => g.dataset.name));
  out.edges = await count("#network line.edge");
  out.rows = await count("#events tbody tr");

  // click the first row reporting deaths (else the first row) and read its evidence
  const deadly = page.locator("#events tbody tr", { hasText: "dead" });
  const row = (await deadly.count()) ? deadly.first() : page.locator("#events tbody tr").first();
  out.clicked = await row.getAttribute("data-id");
  await row.click();
  await page.waitForSelector("[data-testid=evidence-sentence]");
  out.sentence = await page.textContent("[data-testid=evidence-sentence]");
  out.marks = await page.$$eval("[data-testid=evidence-sentence] mark", (ms) =>
    ms.map((m) => ({ kind: m.dataset.kind, text: m.textContent })));
  out.evidence = await page.textContent("[data-testid=evidence]");

  // filter by quad class through the form: everything redraws
  await page.selectOption("#f-quad", "1");
  await page.click("#filters button[type=submit]");
  await loaded();
  out.filteredRows = await count("#events tbody tr");
  out.filteredQuads = await page.$$eval("#events tbody .type", (ts) => [...new Set(ts.map((t) => t.className))]);
  await page.selectOption("#f-quad", "");
  await page.click("#filters button[type=submit]");
  await loaded();
  await row.click();
  await page.waitForSelector("[data-testid=evidence-sentence]");

  if (article) {
    await page.fill("[data-testid=code-text]", article);
    await page.click("#code-go");
    await page.waitForFunction(() => /event\(s\)|\d{3}:/.test(
      document.querySelector("[data-testid=code-status]").textContent), null, { timeout: 90000 });
    out.codeStatus = await page.textContent("[data-testid=code-status]");
    out.codeRows = await count("[data-testid=code-result] tbody tr");
  }
  await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  out.errors.push(`spec failed: ${e}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
