// Opens pages longscribe wrote from planted transcripts in a real Chromium (playwright-core) and
// clicks every link they show, listing and search hits alike; prints what it saw as JSON for
// PlantedLinksBrowserTest. A planted address runs code by setting the title to PLANTED.
// Usage: node planted-check.mjs PAGE.html... (environment QUERY: a phrase for archive pages)
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const pages = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.LONGSCRIBE_CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const out = { pages: [] };
try {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
  });
  for (const file of pages) {
    const url = pathToFileURL(file).href;
    const page = await context.newPage();
    const seen = { file, errors: [], dialogs: 0 };
    page.on("pageerror", (e) => seen.errors.push(String(e)));
    page.on("dialog", (d) => { seen.dialogs++; d.dismiss(); });
    await page.goto(url, { waitUntil: "load" });
    seen.archive = await page.evaluate(() => !!document.getElementById("listing"));
    if (seen.archive) {
      await page.waitForFunction(() => window.longscribeArchive || !document.getElementById("trouble").hidden, null, { timeout: 10000 });
      seen.ownScriptRan = await page.evaluate(() => !!window.longscribeArchive);
      await page.evaluate(async (q) => { await window.longscribeArchive.search(q); }, process.env.QUERY || "the");
      seen.hits = await page.$$eval("#hits li", (l) => l.length);
    } else {
      seen.ownScriptRan = await page.evaluate(() => document.querySelectorAll("span.w").length > 0 && !!document.getElementById("count"));
    }
    seen.hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
    // An inline script that is not the page's own must not run.
    seen.injectedRan = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = 1";
      document.body.appendChild(s);
      return window.__injected === 1;
    });
    seen.violations = await page.evaluate(() => window.__violations);
    // Every link clicked, each in a fresh page: no planted code may run.
    seen.clicked = 0;
    seen.ran = [];
    for (let i = 0; i < seen.hrefs.length; i++) {
      const p = await context.newPage();
      p.on("dialog", (d) => { seen.dialogs++; d.dismiss(); });
      await p.goto(url, { waitUntil: "load" });
      if (seen.archive) {
        await p.waitForFunction(() => window.longscribeArchive || !document.getElementById("trouble").hidden, null, { timeout: 10000 });
        await p.evaluate(async (q) => { await window.longscribeArchive.search(q); }, process.env.QUERY || "the");
      }
      const clicked = await p.evaluate((i) => { const a = document.querySelectorAll("a[href]")[i]; if (!a) { return false; } a.click(); return true; }, i);
      if (clicked) { seen.clicked++; }
      await p.waitForTimeout(150);
      let title = "";
      try { title = await p.title(); } catch (e) { title = ""; }
      if (title === "PLANTED") { seen.ran.push(seen.hrefs[i]); }
      await p.close();
    }
    out.pages.push(seen);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
