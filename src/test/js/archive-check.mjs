// Drives longscribe's archive page (OUT_DIR/index.html) in a real Chromium (playwright-core) and prints
// what it saw as JSON; ArchiveBrowserTest and the archive benchmark read it.
// Usage: node archive-check.mjs OUT_DIR SCREENSHOT.png [scale]
//   QUERIES (environment): a JSON array of phrases to search.
// The page is opened from file:// and from a static server started here on 127.0.0.1 (serving OUT_DIR's
// parent, with byte ranges, so that the recordings beside OUT_DIR play); the server counts the bytes
// each query fetched.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const [outDir, screenshot, mode] = process.argv.slice(2);
const queries = JSON.parse(process.env.QUERIES || "[]");
const root = path.dirname(path.resolve(outDir));
const rel = path.basename(path.resolve(outDir));
let served = 0;
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
  const size = fs.statSync(file).size;
  const type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript; charset=utf-8"
    : file.endsWith(".mp3") ? "audio/mpeg" : file.endsWith(".ogg") ? "audio/ogg" : "application/octet-stream";
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || "");
  let start = 0, end = size - 1;
  if (range) { start = range[1] ? +range[1] : size - +range[2]; end = range[1] && range[2] ? +range[2] : size - 1; }
  res.writeHead(range ? 206 : 200, { "Content-Type": type, "Content-Length": end - start + 1, "Accept-Ranges": "bytes",
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) });
  served += end - start + 1;
  fs.createReadStream(file, { start, end }).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/${encodeURIComponent(rel)}/index.html`;

const browser = await chromium.launch({
  executablePath: process.env.LONGSCRIBE_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
});
const out = { errors: [], requests: [] };

async function open(context, url) {
  const page = await context.newPage();
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "load" });
  const loadMs = Date.now() - t0;
  // Ready when the manifest is in (the search box works from then on), or when the page says it cannot be.
  await page.waitForFunction(() => !document.getElementById("trouble").hidden || window.longscribeArchive, null, { timeout: 10000 });
  return { page, loadMs };
}
async function listing(page) {
  return page.$$eval("#listing tbody tr", (rows) => rows.map((r) => ({
    id: r.getAttribute("data-id"), title: r.querySelector(".title").textContent, page: r.querySelector(".title a").getAttribute("href"),
    date: r.children[1].textContent, duration: r.children[2].textContent, speakers: r.children[3].textContent,
    words: r.children[4].textContent, media: r.querySelector(".media a") ? r.querySelector(".media a").getAttribute("href") : null,
  })));
}
async function search(page, q, all) {
  const before = served;
  const ms = await page.evaluate(async (q) => { const t0 = performance.now(); await window.longscribeArchive.search(q); return performance.now() - t0; }, q);
  const first = served - before;
  if (all) {
    while (await page.$eval("#more", (b) => !b.hidden)) {
      const n = await page.$$eval("#hits li", (l) => l.length);
      await page.click("#more");
      await page.waitForFunction((n) => document.querySelectorAll("#hits li").length > n, n);
    }
  }
  const hits = await page.$$eval("#hits li a", (as) => as.map((a) => ({
    href: a.getAttribute("href"), seconds: parseFloat(a.getAttribute("data-seconds")), title: a.querySelector(".rec").textContent,
    at: a.querySelector(".at").textContent, speaker: a.querySelector(".spk") ? a.querySelector(".spk").textContent : null,
    match: a.querySelector("mark").textContent, words: a.querySelector(".hit-words").textContent,
  })));
  return { q, ms, bytes: first, status: await page.$eval("#status", (s) => s.textContent), listingHidden: await page.$eval("#listing", (t) => t.hidden), hits };
}

try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  context.on("request", (r) => out.requests.push(r.url()));
  if (mode === "scale") {
    // Each query in a fresh browser context: nothing cached from the one before.
    out.queries = [];
    for (const q of ["", ...queries]) {
      const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const before = served;
      const { page, loadMs } = await open(ctx, base);
      const readyMs = await page.evaluate(() => performance.now());
      const opened = served - before;
      if (q === "") {
        out.loadMs = loadMs;
        out.readyMs = Math.round(readyMs);
        out.openBytes = opened;
        out.rows = await page.$$eval("#listing tbody tr", (r) => r.length);
      } else {
        const r = await search(page, q, false);
        out.queries.push({ q, ms: Math.round(r.ms), bytes: r.bytes, status: r.status, shown: r.hits.length, loadMs });
        if (q === queries[0]) { await page.screenshot({ path: screenshot }); }
      }
      await ctx.close();
    }
  } else {
    // From a file: the listing and the search.
    const fileUrl = pathToFileURL(path.join(path.resolve(outDir), "index.html")).href;
    const f = await open(context, fileUrl);
    out.file = { listing: await listing(f.page), trouble: await f.page.$eval("#trouble", (t) => (t.hidden ? null : t.textContent)), searches: [] };
    for (const q of queries) { out.file.searches.push(await search(f.page, q, true)); }
    out.title = await f.page.title();
    out.file.markup = await f.page.evaluate(() => document.querySelectorAll("img, #listing script, #hits script").length);
    // From a web server: the same, then a click on the first hit opens its page there and plays.
    const h = await open(context, base);
    out.http = { listing: await listing(h.page), searches: [] };
    for (const q of queries) { out.http.searches.push(await search(h.page, q, true)); }
    await h.page.evaluate((q) => window.longscribeArchive.search(q), queries[0]);
    await h.page.screenshot({ path: screenshot });
    const first = h.page.locator("#hits li a").first();
    const seconds = parseFloat(await first.getAttribute("data-seconds"));
    await Promise.all([h.page.waitForNavigation({ waitUntil: "load" }), first.click()]);
    await h.page.waitForFunction((s) => { const m = document.getElementById("media"); return m && !m.paused && m.currentTime >= s - 0.05; }, seconds,
      { timeout: 15000 }).catch(() => {});
    out.click = await h.page.evaluate((s) => {
      const m = document.getElementById("media");
      return { url: location.href, hash: location.hash, seconds: s, currentTime: m.currentTime, paused: m.paused,
        current: document.querySelector(".seg.cur") ? parseFloat(document.querySelector(".seg.cur").getAttribute("data-start")) : null };
    }, seconds);
    // On a phone: no sideways scrolling; printed: no search box.
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const p = await phone.newPage();
    await p.goto(fileUrl, { waitUntil: "load" });
    out.phone = await p.evaluate(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth }));
    await p.emulateMedia({ media: "print" });
    out.print = await p.evaluate(() => ({ tools: getComputedStyle(document.querySelector(".tools")).display,
      rows: document.querySelectorAll("#listing tbody tr").length }));
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(out));
