// The archive's search, in the page: the phrase's terms looked up in the search data under
// longscribe-search/ (a manifest, each segment's sorted shards of postings, each recording's words),
// loaded as scripts so that the page works from file:// as from a web server. The same algorithm
// as `longscribe search` (ArchiveSearch.java); Terms.java says what a term is.
(function () {
  "use strict";
  var BASE = "longscribe-search/";
  var PAGE = 20, AROUND = 8, MIN_PREFIX = 2;
  var END = "0123456789ABCDEFGHIJKLMNOPQRSTUV", MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = {};
  for (var d = 0; d < 32; d++) { DIGIT[END.charAt(d)] = d; DIGIT[MORE.charAt(d)] = 32 + d; }
  var q = document.getElementById("q");
  var status = document.getElementById("status");
  var trouble = document.getElementById("trouble");
  var results = document.getElementById("results");
  var list = document.getElementById("hits");
  var more = document.getElementById("more");

  // Script loading: each file calls longscribeSearch([key, data]).
  var cache = {}, waiting = {};
  window.longscribeSearch = function (call) {
    var w = waiting[call[0]];
    cache[call[0]] = call[1];
    if (w) { delete waiting[call[0]]; w.resolve(call[1]); }
  };
  function load(key, path) {
    if (cache.hasOwnProperty(key)) { return Promise.resolve(cache[key]); }
    if (waiting[key]) { return waiting[key].promise; }
    var w = {};
    w.promise = new Promise(function (resolve, reject) { w.resolve = resolve; w.reject = reject; });
    waiting[key] = w;
    var s = document.createElement("script");
    s.src = BASE + path;
    s.onload = function () {
      s.remove();
      if (waiting[key]) { delete waiting[key]; w.reject(new Error(BASE + path + " held no search data")); }
    };
    s.onerror = function () { s.remove(); delete waiting[key]; w.reject(new Error(BASE + path + " could not be loaded")); };
    document.head.appendChild(s);
    return w.promise;
  }

  function reader(s) {
    var at = 0;
    return {
      more: function () { return at < s.length; },
      next: function () {
        var value = 0, scale = 1;
        for (;;) {
          var v = DIGIT[s.charAt(at++)];
          if (v < 32) { return value + v * scale; }
          value += (v - 32) * scale;
          scale *= 32;
        }
      }
    };
  }
  function signed(z) { return z % 2 === 0 ? z / 2 : -(z + 1) / 2; }

  // A term as Terms.of has it: lower case, letters, digits and apostrophes.
  function term(word) { return word.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ""); }
  function phrase(typed) {
    var terms = typed.trim().split(/\s+/).map(term).filter(function (t) { return t.length > 0; });
    var prefix = terms.length > 0 && !/\s$/.test(typed) && terms[terms.length - 1].length >= MIN_PREFIX;
    return { terms: terms, prefix: prefix };
  }

  // Postings into a map recording -> [positions, ...]; finish() makes one sorted array of each.
  function decode(text, into) {
    var r = reader(text), doc = 0;
    while (r.more()) {
      doc += r.next();
      var n = r.next(), pos = 0, positions = new Array(n);
      for (var i = 0; i < n; i++) { pos += r.next(); positions[i] = pos; }
      var lists = into.get(doc);
      if (lists) { lists.push(positions); } else { into.set(doc, [positions]); }
    }
  }
  function finish(map) {
    map.forEach(function (lists, doc) {
      map.set(doc, lists.length === 1 ? lists[0] : [].concat.apply([], lists).sort(function (a, b) { return a - b; }));
    });
    return map;
  }
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === x) { return true; }
      if (sorted[mid] < x) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return false;
  }
  // A term's postings in one segment (for a prefix: every term it begins), by recording.
  function postings(seg, t, prefix) {
    var shards = seg.shards, from = 0;
    for (var k = 0; k < shards.length; k++) { if (shards[k][0] <= t) { from = k; } }
    var end = t + "\uffff", wanted = [];
    for (k = from; k < shards.length && (k === from || shards[k][0] < end); k++) {
      wanted.push(load(seg.name + "/" + shards[k][1], seg.name + "/" + shards[k][1] + ".js"));
      if (!prefix) { break; }
    }
    return Promise.all(wanted).then(function (loaded) {
      var found = new Map();
      loaded.forEach(function (shard) {
        if (!prefix) {
          if (Object.prototype.hasOwnProperty.call(shard, t)) { decode(shard[t], found); }
          return;
        }
        Object.keys(shard).forEach(function (name) { if (name.lastIndexOf(t, 0) === 0) { decode(shard[name], found); } });
      });
      return finish(found);
    });
  }

  var manifest = null, rank = new Map(), deleted = new Set();
  // The recordings of a segment where the phrase is said: [rank, recording, [positions]].
  function inSegment(seg, p) {
    return Promise.all(p.terms.map(function (t, i) { return postings(seg, t, p.prefix && i === p.terms.length - 1); }))
      .then(function (lists) {
        var docs = [];
        lists[0].forEach(function (positions, doc) {
          if (deleted.has(doc) || !rank.has(doc)) { return; }
          var at = positions;
          for (var i = 1; i < lists.length && at.length > 0; i++) {
            var next = lists[i].get(doc);
            at = !next ? [] : at.filter(function (pos) { return has(next, pos + i); });
          }
          if (at.length > 0) { docs.push([rank.get(doc), doc, at]); }
        });
        return docs;
      });
  }
  // Every place, as recordings newest first (a recording is in one segment only) and their positions.
  function find(p) {
    return Promise.all(manifest.segments.map(function (seg) { return inSegment(seg, p); })).then(function (all) {
      var docs = [].concat.apply([], all), total = 0;
      docs.sort(function (a, b) { return a[0] - b[0]; });
      docs.forEach(function (d) { total += d[2].length; });
      return { docs: docs, total: total };
    });
  }

  function chunk(doc, c) { return load("doc/" + doc + "." + c, "docs/" + doc + "." + c + ".js"); }
  // What a hit shows: its recording, the time and speaker of its first word, the words around it.
  function describe(hit, length) {
    var doc = hit[0], pos = hit[1], from = Math.max(0, pos - AROUND), to = pos + length + AROUND, wanted = [];
    var size = manifest.chunk;
    for (var c = Math.floor(from / size); c <= Math.floor((to - 1) / size); c++) { wanted.push(chunk(doc, c).catch(function () { return null; })); }
    return Promise.all(wanted).then(function (chunks) {
      var first = Math.floor(from / size), out = { before: [], match: [], after: [], seconds: 0, speaker: null, doc: chunks[0] };
      for (var i = from; i < to; i++) {
        var ch = chunks[Math.floor(i / size) - first];
        if (!ch || i % size >= ch.w.length) { break; }
        (i < pos ? out.before : i < pos + length ? out.match : out.after).push(ch.w[i % size]);
        if (i === pos) {
          var r = reader(ch.s), t = 0;
          for (var k = 0; k <= i % size; k++) { t += signed(r.next()); }
          out.seconds = t / 1000;
          ch.turns.forEach(function (turn) { if (turn[0] <= i) { out.speaker = turn[1]; } });
        }
      }
      return out;
    });
  }
  function clock(s) {
    s = Math.floor(s);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h > 0 ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
  }
  // An address becomes a link only when it is http(s) or a relative path (as HtmlWriter.isSafeHref):
  // the search data says what the transcripts said, and a transcript may be anyone's.
  function safe(h) {
    return typeof h === "string" && (/^https?:\/\/[^\s"'<>\\\u0000-\u001f\u007f]+$/i.test(h)
      || /^(?![\/\\])[^:\/?#\s\\\u0000-\u001f\u007f]*([\/?#][^\s\\\u0000-\u001f\u007f]*)?$/.test(h));
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function render(d) {
    var doc = d.doc, li = el("li"), a = el("a");
    var at = Math.round(d.seconds * 100) / 100;
    if (safe(doc.page)) { a.href = doc.page + "#t=" + at + "&play"; } else if (safe(doc.media)) { a.href = doc.media + "#t=" + at; }
    a.setAttribute("data-seconds", String(at));
    var head = el("div", "hit-head");
    head.appendChild(el("span", "rec", doc.title));
    head.appendChild(document.createTextNode(" \u00b7 "));
    head.appendChild(el("span", "at", clock(d.seconds)));
    if (d.speaker) { head.appendChild(document.createTextNode(" \u00b7 ")); head.appendChild(el("span", "spk", d.speaker)); }
    var words = el("div", "hit-words");
    words.appendChild(document.createTextNode((d.before.length ? "\u2026" + d.before.join(" ") + " " : "")));
    words.appendChild(el("mark", null, d.match.join(" ")));
    words.appendChild(document.createTextNode((d.after.length ? " " + d.after.join(" ") + "\u2026" : "")));
    a.appendChild(head);
    a.appendChild(words);
    li.appendChild(a);
    return li;
  }

  var current = null, generation = 0;
  // The next page of hits: [recording, position] from where the last page ended.
  function nextPage() {
    var page = [];
    while (page.length < PAGE && current.d < current.docs.length) {
      var d = current.docs[current.d];
      page.push([d[1], d[2][current.p++]]);
      if (current.p >= d[2].length) { current.d++; current.p = 0; }
    }
    return page;
  }
  function show() {
    var mine = generation, page = nextPage();
    return Promise.all(page.map(function (h) { return describe(h, current.length); })).then(function (described) {
      if (mine !== generation) { return; }
      described.forEach(function (d) { if (d.doc) { list.appendChild(render(d)); } });
      more.hidden = current.d >= current.docs.length;
    });
  }
  function search() {
    var typed = q.value, p = phrase(typed), mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    if (p.terms.length === 0) {
      results.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    var t0 = performance.now();
    status.textContent = "searching\u2026";
    return ready.then(function () { return find(p); }).then(function (found) {
      if (mine !== generation) { return; }
      current = { docs: found.docs, length: p.terms.length, d: 0, p: 0 };
      results.hidden = false;
      return show().then(function () {
        if (mine !== generation) { return; }
        var n = found.total, recordings = found.docs.length;
        status.textContent = (n === 0 ? "not found" : n.toLocaleString("en") + (n === 1 ? " place" : " places")
          + " in " + recordings.toLocaleString("en") + (recordings === 1 ? " recording" : " recordings"))
          + (!p.prefix && !/\s$/.test(typed) ? " (a one-letter last word is matched whole: type on to match words it begins)" : "");
        document.documentElement.setAttribute("data-search-ms", String(Math.round(performance.now() - t0)));
      });
    }).catch(function (e) {
      if (mine === generation) { status.textContent = ""; problem(e); }
    });
  }
  function problem(e) {
    trouble.hidden = false;
    trouble.textContent = "Search is not available: " + e.message + ". The listing below still works. "
      + (location.protocol === "file:" ? "(Opened from a file: the folder longscribe-search/ must be beside this page.)"
        : "(The folder longscribe-search/ must be served beside this page; if the archive was updated since this page was opened, reload it.)");
  }

  var ready = load("manifest", "manifest.js").then(function (m) {
    manifest = m;
    m.order.forEach(function (id, i) { rank.set(id, i); });
    m.deleted.forEach(function (id) { deleted.add(id); });
  });
  ready.catch(problem);

  var timer = null;
  document.getElementById("search").addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { clearTimeout(timer); search(); e.preventDefault(); }
    if (e.key === "Escape") { q.value = ""; search(); }
  });
  more.addEventListener("click", function () { if (current) { show(); } });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== q) { e.preventDefault(); q.focus(); }
  });
  window.longscribeArchive = { search: function (text) { q.value = text; return search(); } };
})();
