"""The dashboard's stylesheet and script, written here (no library, no CDN) and inlined under a hash-pinned CSP."""

from __future__ import annotations

# Added to the report stylesheet on the dashboard (index.html) only.
DASHBOARD_CSS = """
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 1rem;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:7rem}
.cards b{display:block;font-size:1.6rem;line-height:1.2}
.cards a{color:inherit;text-decoration:none}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1.5rem}
.scroll{overflow-x:auto;max-width:100%}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg.chart rect.bar{fill:#4a5a70} svg.chart rect.bar:hover{fill:#1a73e8}
svg.chart .axis{stroke:#999}
.numbers summary{cursor:pointer;color:var(--muted)}
form#filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
form#filters label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
form#filters select,form#filters input{font:inherit;padding:.2rem .3rem;max-width:16rem}
#pager{display:flex;gap:.75rem;align-items:center;margin:.5rem 0 1.5rem}
#pager button{font:inherit;padding:.2rem .7rem}
ol.worst{margin:.2rem 0 1rem;padding-left:1.4rem}
"""

# Filters, search, sorting and paging of the document table, all kept in the URL fragment
# (#verdict=fail&site=x&page=2) so that a view can be bookmarked, linked from the site and
# rule tables, and opened as such by a test. The data is a JSON block of the page; rows
# are built with textContent, so no document name can become markup.
DASHBOARD_JS = r"""
(function () {
  "use strict";
  var holder = document.getElementById("dashboard-data");
  if (!holder) return;
  var data = JSON.parse(holder.textContent);
  var docs = data.docs, PAGE = data.page_size;
  var P = 0, HREF = 1, SITE = 2, LANG = 3, VERDICT = 4, SCORE = 5, WORDS = 6, FINDINGS = 7, CRIT = 8, MAJOR = 9, MINOR = 10, RULES = 11, ERROR = 12;
  var FIELDS = ["verdict", "site", "rule", "lang", "q", "sort", "page"];
  var form = document.getElementById("filters");
  var body = document.querySelector("#documents tbody");
  var status = document.getElementById("doc-status");
  var lower = null;
  function fill(select, names) {
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name; option.textContent = name;
      select.appendChild(option);
    });
  }
  fill(form.elements.verdict, data.verdicts); fill(form.elements.site, data.sites);
  fill(form.elements.rule, data.rules); fill(form.elements.lang, data.langs);
  function readState() {
    var params = new URLSearchParams(location.hash.slice(1)), state = {};
    FIELDS.forEach(function (k) { state[k] = params.get(k) || ""; });
    return state;
  }
  function go(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (k) { if (state[k]) params.set(k, state[k]); });
    var hash = params.toString();
    if (location.hash.slice(1) !== hash) { location.hash = hash; } else { render(); }
  }
  function index(names, value) {
    if (!value) return -1;
    var i = names.indexOf(value);
    return i < 0 ? -2 : i;  // an unknown value matches nothing, rather than everything
  }
  function select(state) {
    var verdict = index(data.verdicts, state.verdict), site = index(data.sites, state.site);
    var rule = index(data.rules, state.rule), lang = index(data.langs, state.lang);
    var q = state.q.toLowerCase(), out = [];
    if (q && lower === null) lower = docs.map(function (d) { return d[P].toLowerCase(); });
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      if (verdict !== -1 && d[VERDICT] !== verdict) continue;
      if (site !== -1 && d[SITE] !== site) continue;
      if (lang !== -1 && d[LANG] !== lang) continue;
      if (rule !== -1 && d[RULES].indexOf(rule) < 0) continue;
      if (q && lower[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    var sort = state.sort.replace(/^-/, ""), dir = state.sort.charAt(0) === "-" ? -1 : 1;
    var col = {path: P, site: SITE, score: SCORE, verdict: VERDICT, words: WORDS, findings: FINDINGS}[sort];
    if (col !== undefined) {
      out.sort(function (a, b) {
        var x = docs[a][col], y = docs[b][col];
        if (col === SITE) { x = data.sites[x]; y = data.sites[y]; }
        if (x === null) x = -1; if (y === null) y = -1;
        var c = x < y ? -1 : x > y ? 1 : 0;
        return c ? c * dir : a - b;  // equal keys keep run order, either way
      });
    }
    return out;
  }
  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }
  function render() {
    var state = readState();
    FIELDS.forEach(function (k) { var el = form.elements[k]; if (el) el.value = state[k]; });
    var found = select(state);
    var pages = Math.max(1, Math.ceil(found.length / PAGE));
    var page = Math.min(Math.max(parseInt(state.page, 10) || 1, 1), pages);
    var rows = document.createDocumentFragment();
    found.slice((page - 1) * PAGE, page * PAGE).forEach(function (i) {
      var d = docs[i], tr = document.createElement("tr"), td = document.createElement("td");
      if (d[HREF]) {
        var a = document.createElement("a");
        a.href = d[HREF]; a.textContent = d[P];
        td.appendChild(a);
      } else {
        td.textContent = d[P];
      }
      tr.appendChild(td);
      cell(tr, data.sites[d[SITE]]);
      cell(tr, data.langs[d[LANG]]);
      cell(tr, d[SCORE] === null ? "" : d[SCORE].toFixed(2), "num");
      cell(tr, data.verdicts[d[VERDICT]], "verdict-" + data.verdicts[d[VERDICT]]);
      [WORDS, FINDINGS, CRIT, MAJOR, MINOR].forEach(function (c) { cell(tr, String(d[c]), "num"); });
      cell(tr, d[ERROR], "error");
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    var first = found.length ? (page - 1) * PAGE + 1 : 0, last = Math.min(page * PAGE, found.length);
    status.textContent = found.length + " of " + docs.length + " documents match" + (found.length ? "; showing " + first + "\u2013" + last : "");
    document.getElementById("page-of").textContent = "page " + page + " of " + pages;
    document.getElementById("page-prev").disabled = page <= 1;
    document.getElementById("page-next").disabled = page >= pages;
    form.setAttribute("data-page", String(page));
    remember(found);
  }
  // Document pages walk the current filter's documents with their previous/next links.
  function remember(found) {
    try {
      var hrefs = [];
      for (var i = 0; i < found.length && hrefs.length < 20000; i++) {
        var href = docs[found[i]][HREF];
        if (href) hrefs.push(new URL(href, location.href).href);
      }
      sessionStorage.setItem("auditor-walk:" + data.run, JSON.stringify(hrefs));
    } catch (e) { /* storage refused (private mode, file:// policy): pages keep their run-order links */ }
  }
  function changed() {
    var state = readState();
    ["verdict", "site", "rule", "lang", "q"].forEach(function (k) { state[k] = form.elements[k].value; });
    state.page = "";
    go(state);
  }
  form.addEventListener("change", changed);
  var typing = 0;
  form.elements.q.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(changed, 200); });
  form.addEventListener("submit", function (e) { e.preventDefault(); changed(); });
  function turn(step) {
    var state = readState();
    state.page = String((parseInt(form.getAttribute("data-page"), 10) || 1) + step);
    go(state);
  }
  document.getElementById("page-prev").addEventListener("click", function () { turn(-1); });
  document.getElementById("page-next").addEventListener("click", function () { turn(1); });
  document.querySelectorAll("#documents th button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var state = readState(), key = button.getAttribute("data-sort");
      state.sort = state.sort === key ? "-" + key : key;
      state.page = "";
      go(state);
    });
  });
  window.addEventListener("hashchange", render);
  render();
  document.documentElement.setAttribute("data-render-ms", String(Math.round(performance.now())));
})();
"""

# On a document page: previous/next follow the dashboard's current filter when it left one.
PAGE_WALK_JS = r"""
(function () {
  var run = document.documentElement.getAttribute("data-run");
  var walk = null;
  try { walk = JSON.parse(sessionStorage.getItem("auditor-walk:" + run) || "null"); } catch (e) { walk = null; }
  if (!walk) return;
  var here = walk.indexOf(location.href.split("#")[0]);
  if (here < 0) return;
  [["prev", here - 1], ["next", here + 1]].forEach(function (pair) {
    var link = document.getElementById(pair[0]);
    if (!link) return;
    if (pair[1] >= 0 && pair[1] < walk.length) { link.href = walk[pair[1]]; link.removeAttribute("aria-disabled"); }
    else { link.removeAttribute("href"); link.setAttribute("aria-disabled", "true"); }
  });
})();
"""
