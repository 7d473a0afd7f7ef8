// Drives longscribe's HTML reader in a real Chromium (playwright-core) and prints what it saw as JSON;
// ReaderBrowserTest asserts on it. Usage: node reader-check.mjs PAGE.html SCREENSHOT.png [big]
//   PAGE.html   a page written by `longscribe transcribe ... -o PAGE.html`
//   big         only measure: load, seek and scroll times of a long page
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_, screenshot, mode] = process.argv.slice(2);
const url = pathToFileURL(page_).href;
const browser = await chromium.launch({
  executablePath: process.env.LONGSCRIBE_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
});
const out = {};
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  if (mode === "big") {
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "load" });
    out.loadMs = Date.now() - t0;
    out.words = await page.locator(".w").count();
    // Seek to 80 % of the words and let the page highlight and scroll there.
    out.seekMs = await page.evaluate(async () => {
      const words = document.querySelectorAll(".w");
      const target = words[Math.floor(words.length * 0.8)];
      const t0 = performance.now();
      target.click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    });
    // Scroll through the page for 2 s and record the longest frame.
    out.scroll = await page.evaluate(async () => {
      const frames = [];
      let last = performance.now();
      const end = last + 2000;
      window.scrollTo(0, 0);
      while (performance.now() < end) {
        window.scrollBy(0, 400);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return { frames: frames.length, medianMs: frames[Math.floor(frames.length / 2)], maxMs: frames[frames.length - 1] };
    });
    out.searchMs = await page.evaluate(async () => {
      const q = document.getElementById("q");
      const t0 = performance.now();
      q.value = "the";
      q.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
      await new Promise((r) => requestAnimationFrame(r));
      return { ms: performance.now() - t0, count: document.getElementById("count").textContent };
    });
    out.errors = errors;
    console.log(JSON.stringify(out));
    process.exit(0);
  }

  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("media").readyState >= 1, null, { timeout: 10000 });
  out.media = await page.evaluate(() => {
    const m = document.getElementById("media");
    return { tag: m.tagName.toLowerCase(), src: m.getAttribute("src"), duration: m.duration, readyState: m.readyState };
  });
  out.title = await page.title();
  out.words = await page.$$eval(".w", (ws) => ws.map((w) => ({ text: w.textContent, start: +w.dataset.start, low: w.classList.contains("low") })));
  out.segments = await page.$$eval(".seg", (ss) => ss.map((s) => ({
    start: +s.dataset.start, end: +s.dataset.end, speaker: s.dataset.speaker || null,
    turn: s.querySelector(".turn") ? s.querySelector(".turn").textContent : null,
    words: s.querySelectorAll(".w").length })));

  // Click a word: the media seeks to its start and it is highlighted.
  const n = Math.min(12, out.words.length - 1);
  await page.locator(".w").nth(n).click();
  await page.waitForTimeout(150);
  out.click = await page.evaluate((n) => {
    const m = document.getElementById("media");
    const w = document.querySelectorAll(".w")[n];
    const t = m.currentTime;
    m.pause();
    return { word: n, start: +w.dataset.start, currentTime: t, highlighted: w.classList.contains("cur") || document.querySelector(".w.cur") !== null };
  }, n);

  // Keyboard: the down arrow goes to the next segment.
  await page.evaluate(() => { const m = document.getElementById("media"); m.pause(); m.currentTime = 0.0; });
  await page.waitForTimeout(100);
  await page.locator("main").click({ position: { x: 2, y: 2 } }).catch(() => {});
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("ArrowDown");
  await page.waitForTimeout(150);
  out.arrow = await page.evaluate(() => ({ currentTime: document.getElementById("media").currentTime,
    current: document.querySelector(".seg.cur") ? +document.querySelector(".seg.cur").dataset.start : null }));
  await page.keyboard.press("Space");
  await page.waitForTimeout(300);
  out.spacePlays = await page.evaluate(() => !document.getElementById("media").paused);
  await page.keyboard.press("Space");
  await page.waitForTimeout(100);
  out.spacePauses = await page.evaluate(() => document.getElementById("media").paused);

  // Search: type a word, read the count, step with Enter.
  const term = process.env.SEARCH || "of";
  await page.fill("#q", term);
  await page.waitForTimeout(400);
  out.search = { term, count: await page.textContent("#count"), hits: await page.locator(".w.hit").count(),
    current: await page.locator(".w.hitcur").count() };
  await page.press("#q", "Enter");
  await page.waitForTimeout(150);
  out.search.afterEnter = await page.textContent("#count");
  out.search.mediaAtHit = await page.evaluate(() => ({ t: document.getElementById("media").currentTime,
    hit: document.querySelector(".w.hitcur") ? +document.querySelector(".w.hitcur").dataset.start : null }));
  await page.press("#q", "Escape");
  await page.waitForTimeout(200);
  out.search.afterEscape = await page.locator(".w.hit").count();

  // Opened at #t=0:30: the media is there and the segment of that moment is highlighted.
  const page2 = await context.newPage();
  await page2.goto(url + "#t=0:30", { waitUntil: "load" });
  await page2.waitForFunction(() => document.getElementById("media").readyState >= 1, null, { timeout: 10000 });
  await page2.waitForTimeout(200);
  out.hash = await page2.evaluate(() => ({ currentTime: document.getElementById("media").currentTime,
    current: document.querySelector(".seg.cur") ? +document.querySelector(".seg.cur").dataset.start : null,
    visible: (() => { const s = document.querySelector(".seg.cur"); if (!s) return false; const r = s.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })() }));
  await page2.close();

  // A phone: one column, nothing wider than the screen.
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
  const page3 = await phone.newPage();
  await page3.goto(url, { waitUntil: "load" });
  out.phone = await page3.evaluate(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth,
    columns: getComputedStyle(document.querySelector(".seg")).gridTemplateColumns.split(" ").length }));
  // Printed: no player, no search; every word still there.
  await page3.emulateMedia({ media: "print" });
  out.print = await page3.evaluate(() => ({ player: getComputedStyle(document.querySelector(".player")).display,
    tools: getComputedStyle(document.querySelector(".tools")).display, words: document.querySelectorAll(".w").length }));
  await phone.close();

  await page.evaluate(() => { window.scrollTo(0, 0); });
  await page.locator(".w").nth(n).click();
  await page.evaluate(() => document.getElementById("media").pause());
  await page.fill("#q", term);
  await page.waitForTimeout(400);
  await page.screenshot({ path: screenshot });
  out.requests = requests;
  out.errors = errors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
