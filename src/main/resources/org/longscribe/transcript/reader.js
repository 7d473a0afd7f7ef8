(function () {
  "use strict";
  var media = document.getElementById("media");
  var main = document.getElementById("transcript");
  var words = Array.prototype.slice.call(main.querySelectorAll(".w"));
  var segs = Array.prototype.slice.call(main.querySelectorAll(".seg"));
  var wordStarts = new Float64Array(words.length);
  var segStarts = new Float64Array(segs.length);
  var i;
  for (i = 0; i < words.length; i++) { wordStarts[i] = parseFloat(words[i].getAttribute("data-start")); }
  for (i = 0; i < segs.length; i++) { segStarts[i] = parseFloat(segs[i].getAttribute("data-start")); }
  var follow = document.getElementById("follow");
  var curWord = -1, curSeg = -1;

  // The last element starting at or before t (binary search over sorted starts): -1 before the first.
  function lastAtOrBefore(starts, t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function show(t, scroll) {
    var w = lastAtOrBefore(wordStarts, t + 0.0005);
    if (w !== curWord) {
      if (curWord >= 0) { words[curWord].classList.remove("cur"); }
      if (w >= 0) { words[w].classList.add("cur"); }
      curWord = w;
    }
    var s = lastAtOrBefore(segStarts, t + 0.0005);
    if (s !== curSeg) {
      if (curSeg >= 0) { segs[curSeg].classList.remove("cur"); }
      if (s >= 0) { segs[s].classList.add("cur"); }
      curSeg = s;
      if (scroll && s >= 0 && follow.checked) { segs[s].scrollIntoView({ block: "center", behavior: "smooth" }); }
    }
  }

  function seek(t, play) {
    media.currentTime = t;
    show(t, true);
    if (play) {
      var p = media.play();
      if (p && p.catch) { p.catch(function () { /* no sound allowed yet: the position is set */ }); }
    }
  }

  // While playing, follow at frame rate (timeupdate alone comes only 4 times a second).
  var ticking = false;
  function tick() {
    show(media.currentTime, true);
    if (!media.paused && !media.ended) { requestAnimationFrame(tick); } else { ticking = false; }
  }
  media.addEventListener("play", function () { if (!ticking) { ticking = true; requestAnimationFrame(tick); } });
  media.addEventListener("seeked", function () { show(media.currentTime, true); });
  media.addEventListener("timeupdate", function () { if (!ticking) { show(media.currentTime, false); } });

  main.addEventListener("click", function (e) {
    var target = e.target;
    var ts = target.closest ? target.closest("a.ts") : null;
    if (ts) {
      e.preventDefault();
      history.replaceState(null, "", ts.getAttribute("href"));
      seek(parseFloat(ts.parentNode.getAttribute("data-start")), true);
      return;
    }
    var w = target.closest ? target.closest(".w") : null;
    if (w && !(window.getSelection && String(window.getSelection()).length > 0)) {
      seek(parseFloat(w.getAttribute("data-start")), true);
    }
  });

  // #t=75, #t=1:15, #t=1:01:15 (and #t=75.5): open the page at that moment; with &play (the
  // archive's search hits), play from there where the browser allows it.
  function hashTime() {
    var m = /^#t=(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)(&play)?$/.exec(location.hash);
    if (!m) { return null; }
    return { t: (parseInt(m[1] || "0", 10) * 3600) + (parseInt(m[2] || "0", 10) * 60) + parseFloat(m[3]), play: !!m[4] };
  }
  function fromHash() {
    var h = hashTime();
    if (h !== null) { seek(h.t, h.play); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // Search: every occurrence of the words typed (the last one may be a prefix), stepped through.
  var q = document.getElementById("q");
  var count = document.getElementById("count");
  var texts = words.map(function (w) { return w.textContent.toLowerCase(); });
  var hits = [], hitLength = 0, hitAt = -1;
  function clearHits() {
    for (var h = 0; h < hits.length; h++) {
      for (var k = 0; k < hitLength; k++) { words[hits[h] + k].classList.remove("hit", "hitcur"); }
    }
    hits = []; hitAt = -1;
  }
  function search() {
    clearHits();
    var terms = q.value.toLowerCase().trim().split(/\s+/).filter(function (x) { return x.length > 0; });
    hitLength = terms.length;
    if (terms.length === 0) { count.textContent = ""; return; }
    for (var w = 0; w + terms.length <= texts.length; w++) {
      var ok = true;
      for (var k = 0; k < terms.length && ok; k++) {
        var text = texts[w + k];
        ok = k === terms.length - 1 ? text.indexOf(terms[k]) === 0 : text === terms[k];
      }
      if (ok) { hits.push(w); }
    }
    for (var h = 0; h < hits.length; h++) {
      for (var j = 0; j < hitLength; j++) { words[hits[h] + j].classList.add("hit"); }
    }
    step(hits.length > 0 ? 0 : -1, false);
  }
  function step(to, play) {
    if (hitAt >= 0) { for (var k = 0; k < hitLength; k++) { words[hits[hitAt] + k].classList.remove("hitcur"); } }
    hitAt = to;
    if (to < 0) { count.textContent = hits.length === 0 && q.value.trim() ? "no match" : ""; return; }
    for (var j = 0; j < hitLength; j++) { words[hits[to] + j].classList.add("hitcur"); }
    count.textContent = (to + 1) + " of " + hits.length;
    words[hits[to]].scrollIntoView({ block: "center" });
    if (play) { seek(wordStarts[hits[to]], false); }
  }
  function next(delta) {
    if (hits.length === 0) { return; }
    step((hitAt + delta + hits.length) % hits.length, true);
  }
  var pending = null;
  q.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(search, 120); });
  q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); clearTimeout(pending); if (hits.length === 0) { search(); } else { next(e.shiftKey ? -1 : 1); } }
    if (e.key === "Escape") { q.value = ""; search(); q.blur(); }
  });
  document.getElementById("next").addEventListener("click", function () { next(1); });
  document.getElementById("prev").addEventListener("click", function () { next(-1); });

  // Keys: space plays or pauses; arrows step segments; "/" searches.
  document.addEventListener("keydown", function (e) {
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === " " || e.key === "k") {
      e.preventDefault();
      if (media.paused) { media.play(); } else { media.pause(); }
    } else if (e.key === "ArrowDown" || e.key === "ArrowRight" || e.key === "j") {
      e.preventDefault();
      if (segs.length) { seek(segStarts[Math.min(segs.length - 1, curSeg + 1)], !media.paused); }
    } else if (e.key === "ArrowUp" || e.key === "ArrowLeft") {
      e.preventDefault();
      if (segs.length) { seek(segStarts[Math.max(0, curSeg - 1)], !media.paused); }
    } else if (e.key === "/") {
      e.preventDefault();
      q.focus();
    }
  });
}());
