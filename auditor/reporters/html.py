"""A self-contained HTML report: the dashboard (index.html) and a page per document with findings, highlighted inline.

Scraped text is attacker-controlled: every piece of it goes through html.escape, and each
page carries a Content-Security-Policy that allows no network access and only the one
inline script whose hash it names, so even a missed escape could not run a script.
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import quote

from auditor.reporters.atomic import write_atomic
from auditor.reporters.dashboard import Dashboard, dashboard_body, page_href
from auditor.reporters.dashboard_assets import DASHBOARD_CSS, DASHBOARD_JS, PAGE_WALK_JS
from auditor.model import DocumentResult, Finding, RunSummary, Severity
from auditor.reporters.base import Reporter, RunInfo, register

CSS = """
:root{--crit:#b00020;--major:#d9480f;--minor:#e6a700;--bg:#fff;--fg:#1d1d1f;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:1rem 1.5rem;border-bottom:1px solid var(--line)}
header h1{margin:.2rem 0;font-size:1.25rem;word-break:break-all}
.meta{color:var(--muted);margin:.2rem 0}
main{padding:1rem 1.5rem}
.page{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,1fr);gap:1.5rem;align-items:start}
pre.doc{white-space:pre-wrap;word-wrap:break-word;font:16px/1.7 Georgia,"Times New Roman",serif;margin:0}
mark{position:relative;background:none;color:inherit;border-bottom:3px solid;padding:0 1px;cursor:help;outline:none}
mark.sev-critical{background:#f7c6cf;border-bottom:5px double var(--crit)}
mark.sev-major{background:#ffe3d1;border-bottom:3px solid var(--major)}
mark.sev-minor{background:#fff4c4;border-bottom:2px dashed var(--minor)}
mark:focus{box-shadow:0 0 0 2px #1a73e8}
mark.point::before{content:"\\2038";color:var(--crit)}
mark:target{box-shadow:0 0 0 2px #1a73e8}
mark[data-tip]:hover::after,mark[data-tip]:focus::after,mark[data-tip]:target::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:10;
 width:max-content;max-width:28rem;white-space:normal;font:13px/1.4 system-ui,sans-serif;color:#fff;background:#222;
 padding:.4rem .6rem;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.3)}
aside{position:sticky;top:0;max-height:100vh;overflow:auto;border-left:1px solid var(--line);padding-left:1rem}
aside h2{font-size:1rem;margin:.2rem 0 .5rem}
ol.findings{list-style:none;padding:0;margin:0;font-size:13px}
ol.findings li{padding:.35rem .4rem;border-left:4px solid;margin-bottom:.3rem;background:#fafafa}
li.sev-critical{border-left:6px double var(--crit)} li.sev-major{border-color:var(--major)} li.sev-minor{border-left:4px dashed var(--minor)}
nav.walk{display:flex;gap:1rem;margin:.3rem 0} nav.walk a[aria-disabled]{color:var(--muted)}
.sev{font-weight:600;text-transform:uppercase;font-size:11px}
code{font-size:12px;color:#444}
.sugg{color:#1b7f3b}
.verdict-pass{color:#1b7f3b;font-weight:600} .verdict-review{color:#9a6700;font-weight:600}
.verdict-fail,.verdict-error{color:var(--crit);font-weight:600}
.error{color:var(--crit)}
@media (max-width:800px){.page{grid-template-columns:1fr}aside{position:static;border:0;padding:0;order:-1;max-height:45vh}}
"""
# Only the dashboard has tables.
TABLE_CSS = """
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left}
td.num,th.num{text-align:right}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" \\25B2"} th[aria-sort=descending] button::after{content:" \\25BC"}
"""

# Sorts any table.sortable by the clicked column (cells may carry data-value for numbers);
# the dashboard's script follows it.
SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var numeric = th.classList.contains("num");
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col];
        var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
        if (!numeric) return raw.toLowerCase();
        var n = parseFloat(raw);
        return isNaN(n) ? -Infinity : n;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * dir;
      });
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

# A document page: each highlight's tooltip is composed from its entry in the side list
# (written once, not twice, in a page), a highlight picked in the list takes the focus,
# and the page is marked ready (tests check that the Content-Security-Policy let this
# script, and only it, run).
SCRIPT = """
document.querySelectorAll("mark[aria-describedby]").forEach(function (mark) {
  var item = document.getElementById(mark.getAttribute("aria-describedby"));
  if (!item) return;
  var part = function (sel) { var el = item.querySelector(sel); return el ? el.textContent : ""; };
  var sugg = part(".sugg");
  mark.setAttribute("data-tip", part(".sev") + " [" + part("code") + "] " + part(".msg") + (sugg ? " " + sugg : ""));
});
document.querySelectorAll("ol.findings a[href^='#f-']").forEach(function (link) {
  link.addEventListener("click", function () {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { setTimeout(function () { target.focus(); }, 0); }
  });
});
document.documentElement.setAttribute("data-ready", "1");
"""


def csp(script: str) -> str:
    """The Content-Security-Policy of a page: no network, inline style, and only `script` may run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"


def squeeze(code: str) -> str:
    """Script or stylesheet text without indentation and blank lines: written into every page, so every byte counts."""
    return "\n".join(line.strip() for line in code.splitlines() if line.strip()) + "\n"


CSP = csp(SCRIPT)
PAGE_SCRIPT = squeeze(SCRIPT + PAGE_WALK_JS)
PAGE_CSS = squeeze(CSS)
INDEX_SCRIPT = squeeze(SORT_JS + DASHBOARD_JS + 'document.documentElement.setAttribute("data-ready", "1");')



def esc(value: object) -> str:
    """Escape any value for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def page_shell(title: str, body: str, lang: str = "", script: str = SCRIPT, css: str = CSS, run: str = "") -> str:
    """Wrap a body in a complete HTML page with the inline style, script and CSP."""
    attrs = (f' lang="{esc(lang)}"' if lang else "") + (f' data-run="{esc(run)}"' if run else "")
    return (
        f"<!DOCTYPE html>\n<html{attrs}>\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp(script)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def _open_tag(index: int, f: Finding, first: bool, point: bool = False) -> str:
    """Return the opening <mark> of one piece of a finding's highlight."""
    classes = f"sev-{f.severity.value}" + ("" if first else " cont") + (" point" if point else "")
    anchor = f' id="f-{index}"' if first else ""
    # The tooltip (data-tip) is composed by the page's script from the side list: not written twice.
    return f'<mark{anchor} class="{classes}" data-rule="{esc(f.rule_id)}" tabindex="0" aria-describedby="d-{index}">'


def render_marked(text: str, findings: Sequence[Finding]) -> str:
    """Return escaped `text` with each finding wrapped in <mark>; overlaps nest, or split where they cross.

    The text is cut at every finding boundary. Over each piece, the covering findings are
    ordered outermost first (earliest start, then longest); moving to the next piece closes
    the marks that no longer lead that order and reopens the rest, so the HTML always nests.
    """
    n = len(text)
    spans = [(min(max(f.start, 0), n), min(max(f.end, f.start, 0), n)) for f in findings]
    rank = {i: r for r, i in enumerate(sorted(range(len(findings)), key=lambda i: (spans[i][0], -spans[i][1], i)))}
    starts: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        starts.setdefault(s, []).append(i)
    points = sorted({0, n, *(s for s, _ in spans), *(e for _, e in spans)})
    out: list[str] = []
    stack: list[int] = []
    active: set[int] = set()
    opened: set[int] = set()
    for p, nxt in zip(points, points[1:] + [n]):
        active = {i for i in active if spans[i][1] > p}
        points_here = [i for i in starts.get(p, []) if spans[i][1] == p]
        active |= {i for i in starts.get(p, []) if spans[i][1] > p}
        wanted = sorted(active, key=rank.__getitem__)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        for i in points_here:  # zero-width findings (e.g. a missing character) show as a caret
            out.append(_open_tag(i, findings[i], True, point=True) + "</mark>")
        for i in wanted[keep:]:
            out.append(_open_tag(i, findings[i], i not in opened))
            opened.add(i)
        stack = wanted
        out.append(esc(text[p:nxt]) if nxt > p else "")
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def findings_list(findings: Iterable[Finding], link: bool = True) -> str:
    """Return the side list: one item per finding, linked to its highlight."""
    items = []
    for i, f in enumerate(findings):
        where = f"{f.line}:{f.column}"
        place = f'<a href="#f-{i}">{where}</a>' if link else where
        sugg = f' <span class="sugg">→ {esc(f.suggestion)}</span>' if f.suggestions else ""
        detail = f" — {esc(f.detail)}" if f.detail else ""
        items.append(
            f'<li id="d-{i}" class="sev-{f.severity.value}">{place} <span class="sev">{f.severity.value}</span> '
            f'<code>{esc(f.rule_id)}</code><br><span class="msg">{esc(f.message)}{detail}</span>{sugg}'
            f' <q class="text">{esc(f.text)}</q></li>'
        )
    return '<ol class="findings">\n' + "\n".join(items) + "\n</ol>"


def counts_text(result: DocumentResult) -> str:
    """Return '3 findings (0 critical, 1 major, 2 minor)'."""
    counts = ", ".join(f"{result.count(s)} {s.value}" for s in reversed(Severity))
    return f"{len(result.findings)} findings ({counts})"


def walk_links(prev_href: str, next_href: str) -> str:
    """Previous/next links of a document page (in run order; the page's script follows the dashboard's filter)."""

    def link(rel: str, href: str, label: str) -> str:
        return f'<a id="{rel}" rel="{rel}" href="{esc(href)}">{label}</a>' if href else f'<a id="{rel}" aria-disabled="true">{label}</a>'

    return f'<nav class="walk" aria-label="documents">{link("prev", prev_href, "← previous")}{link("next", next_href, "next →")}</nav>'


def document_page(result: DocumentResult, text: str | None, index_href: str, prev_href: str = "", next_href: str = "", run: str = "") -> str:
    """Return the HTML page of one document."""
    score = f"{result.score:.2f}" if result.score is not None else "–"
    meta = (
        f'score {score} · verdict <span class="verdict-{esc(result.verdict)}">{esc(result.verdict)}</span>'
        f" · {counts_text(result)} · {result.words} words · language {esc(result.language or '?')}"
    )
    header = (
        f'<header>\n<a href="{esc(index_href)}">← dashboard</a>\n{walk_links(prev_href, next_href)}\n'
        f'<h1>{esc(result.path)}</h1>\n<p class="meta">{meta}</p>\n</header>'
    )
    if result.error:
        body = f'<main>\n<p class="error">This document could not be audited: {esc(result.error)}</p>\n</main>'
    else:
        shown = render_marked(text, result.findings) if text is not None else "(text not available in this run)"
        body = (
            f'<main class="page">\n<article>\n<pre class="doc"{_lang(result)}>{shown}</pre>\n</article>\n'
            f"<aside>\n<h2>Findings</h2>\n{findings_list(result.findings, link=text is not None)}\n</aside>\n</main>"
        )
    return page_shell(f"auditor — {result.path}", header + "\n" + body, script=PAGE_SCRIPT, css=PAGE_CSS, run=run)


def _lang(result: DocumentResult) -> str:
    """Return a lang attribute for the document text, so browsers hyphenate and read it right."""
    return f' lang="{esc(result.language)}"' if result.language and result.language.isalpha() else ""


def relative_href(target: str, here: list[str]) -> str:
    """The link to `target` (a path below the run folder, '/'-separated) from the folder `here` (its parts).

    Plain string work: posixpath.relpath asks the operating system for the working
    directory on each call, once per link of every page.
    """
    parts = target.split("/")
    common = 0
    while common < min(len(here), len(parts) - 1) and here[common] == parts[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(parts[common:])


def page_name(key: str) -> Path:
    """Return a document page's path under pages/; keys never escape the run folder."""
    parts = [p for p in Path(key).parts if p not in ("..", ".", "/")] or ["document"]
    return Path("pages", *parts[:-1], parts[-1] + ".html")


@register("html")
class HtmlReporter(Reporter):
    """Writes index.html (the dashboard) and pages/<key>.html for each document with findings or an error.

    A clean document needs no page: the dashboard lists it, and leaving its page out keeps
    a night's batch small. Each page is written when the next one is known, for its next link.
    """

    wants_text = True  # each page shows the document's text with its findings marked

    def __init__(self, stream: object = None) -> None:
        super().__init__(None)
        self.run: RunInfo | None = None
        self.root: Path | None = None
        self.board = Dashboard()
        self._pending: tuple[str, DocumentResult, str | None] | None = None
        self._previous = ""  # the last written page, for the pending page's previous link

    def start(self, run: RunInfo) -> None:
        """Find the run folder; the HTML report needs one."""
        if not run.out_dir:
            raise ValueError("the html format writes into a report folder; give the run an output folder")
        self.run = run
        self.root = Path(run.out_dir)
        self.board = Dashboard(run.options.get("baseline"))

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Count the document for the dashboard; write the page before it, now that this one follows it."""
        rel = page_name(result.key).as_posix() if (result.findings or result.error) else ""
        self.board.add(result, page_href(rel) if rel else "")
        if rel:
            self._write_pending(rel)
            self._pending = (rel, result, text)

    def _write_pending(self, next_rel: str) -> None:
        """Write the page waiting for its next link."""
        if self._pending is None:
            return
        assert self.root is not None and self.run is not None
        rel, result, text = self._pending
        here = rel.split("/")[:-1]
        back = relative_href("index.html", here)
        prev_href = quote(relative_href(self._previous, here)) if self._previous else ""
        next_href = quote(relative_href(next_rel, here)) if next_rel else ""
        write_atomic(self.root / rel, document_page(result, text, back, prev_href, next_href, self.run.run_id))
        self._previous = rel
        self._pending = None

    def finish(self, summary: RunSummary) -> None:
        """Write the last page, then index.html: its presence marks a complete HTML report."""
        assert self.root is not None and self.run is not None
        self._write_pending("")
        write_atomic(self.root / "index.html", self.index(summary))

    def index(self, summary: RunSummary) -> str:
        """Return the dashboard page."""
        run = self.run
        assert run is not None
        body = dashboard_body(self.board, summary, run.run_id, run.started, run.signature)
        return page_shell(f"auditor report {run.run_id}", body, script=INDEX_SCRIPT, css=squeeze(CSS + TABLE_CSS + DASHBOARD_CSS), run=run.run_id)
