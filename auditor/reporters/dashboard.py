"""The run's dashboard (index.html): verdicts, a score histogram, sites and rules, and a filterable document table.

Totals are kept one document at a time; the document table is a compact JSON block that
the page's own script filters, sorts and pages, so a 100,000-document run draws only the
rows on screen. Memory holds one small row per document, and totals bounded by sites and rules.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import quote, urlencode

from auditor.model import DocumentResult, RunSummary, Severity
from auditor.run.identity import Baseline, identify_findings, match

VERDICTS: tuple[str, ...] = ("pass", "review", "fail", "error")
SEVERITIES: tuple[str, ...] = tuple(s.value for s in reversed(Severity))  # critical, major, minor
# Score bands of the histogram, (label, low, high): high is exclusive except for the last band.
BANDS: tuple[tuple[str, float, float], ...] = (
    ("< 50", 0.0, 50.0),
    ("50–60", 50.0, 60.0),
    ("60–70", 60.0, 70.0),
    ("70–80", 70.0, 80.0),
    ("80–90", 80.0, 90.0),
    ("90–95", 90.0, 95.0),
    ("95–99", 95.0, 99.0),
    ("99–100", 99.0, 100.0),
)
PAGE_SIZE = 50
NUM = ' class="num"'
WORST = 5  # sites and rules named at the top


def esc(value: object) -> str:
    """Escape any value for HTML text and attribute values."""
    import html

    return html.escape(str(value), quote=True)


def band_of(score: float) -> int:
    """The histogram band of a score."""
    for i, (_, low, high) in enumerate(BANDS):
        if low <= score < high:
            return i
    return len(BANDS) - 1 if score >= BANDS[-1][1] else 0


@dataclass
class SiteTotal:
    """Counts of one site (source) on the dashboard."""

    documents: int = 0
    verdicts: Counter = field(default_factory=Counter)
    severity: Counter = field(default_factory=Counter)
    score_sum: float = 0.0
    scored: int = 0
    new: int = 0  # findings the baseline does not hold (with --baseline)
    resolved: int = 0  # baseline findings of this run's documents that are gone

    def fail_share(self) -> float:
        """Share of this site's documents that fail."""
        return self.verdicts["fail"] / self.documents if self.documents else 0.0


@dataclass
class RuleTotal:
    """Counts of one rule on the dashboard."""

    category: str
    severity: Counter = field(default_factory=Counter)
    documents: int = 0
    failing: int = 0  # documents with this rule's findings whose verdict is fail

    @property
    def findings(self) -> int:
        """All findings of the rule."""
        return sum(self.severity.values())


class Dashboard:
    """Accumulates what index.html shows, one document at a time."""

    def __init__(self, baseline: Baseline | None = None) -> None:
        self.baseline = baseline
        self.sites: dict[str, SiteTotal] = {}
        self.rules: dict[str, RuleTotal] = {}
        self.bands = [0] * len(BANDS)
        self.verdicts: Counter[str] = Counter()
        self.langs: dict[str, int] = {}
        self.rule_index: dict[str, int] = {}
        self.site_index: dict[str, int] = {}
        self.docs: list[list[Any]] = []

    def add(self, result: DocumentResult, href: str) -> None:
        """Count one document; `href` is its page relative to index.html, or '' when it has none."""
        name = result.source or "."
        site = self.sites.get(name)
        if site is None:
            site = self.sites[name] = SiteTotal()
            self.site_index[name] = len(self.site_index)
        site.documents += 1
        site.verdicts[result.verdict] += 1
        self.verdicts[result.verdict] += 1
        if result.score is not None:
            site.score_sum += result.score
            site.scored += 1
            self.bands[band_of(result.score)] += 1
        counts: Counter[str] = Counter()
        seen: list[int] = []
        for f in result.findings:
            counts[f.severity.value] += 1
            rule = self.rules.get(f.rule_id)
            if rule is None:
                rule = self.rules[f.rule_id] = RuleTotal(f.category)
                self.rule_index[f.rule_id] = len(self.rule_index)
            rule.severity[f.severity.value] += 1
            at = self.rule_index[f.rule_id]
            if at not in seen:
                seen.append(at)
                rule.documents += 1
                rule.failing += result.verdict == "fail"
        site.severity.update(counts)
        if self.baseline is not None and not result.error:
            matching = match(self.baseline.for_document(result.key), identify_findings(result.findings))
            site.new += len(matching.new)
            site.resolved += len(matching.resolved)
        lang = self.langs.setdefault(result.language or "?", len(self.langs))
        score = round(result.score, 2) if result.score is not None else None
        self.docs.append(
            [result.path, href, self.site_index[name], lang, VERDICTS.index(result.verdict) if result.verdict in VERDICTS else 3,
             score, result.words, len(result.findings), *(counts[s] for s in SEVERITIES), sorted(seen), result.error]
        )

    def data(self, run_id: str) -> dict[str, Any]:
        """The JSON block the page's script reads: names once, documents as compact rows in run order."""
        return {
            "run": run_id,
            "page_size": PAGE_SIZE,
            "verdicts": list(VERDICTS),
            "sites": list(self.site_index),
            "rules": list(self.rule_index),
            "langs": list(self.langs),
            "docs": self.docs,
        }


def json_block(element_id: str, value: Any) -> str:
    """A JSON data block: never run as script, and '<' escaped so no text inside can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def percent(part: int, whole: int) -> str:
    """A share as a percentage with one decimal."""
    return f"{100 * part / whole:.1f} %" if whole else "–"


def verdict_cards(board: Dashboard, summary: RunSummary) -> str:
    """The verdict counts at the top, each linking to its documents."""
    items = [f'<li><a href="#documents-section"><b>{summary.documents}</b>documents</a></li>']
    for v in VERDICTS:
        n = board.verdicts.get(v, 0)
        items.append(f'<li class="verdict-{v}" id="count-{v}"><a href="#{urlencode({"verdict": v})}"><b>{n}</b>{v} ({percent(n, summary.documents)})</a></li>')
    return '<ul class="cards" aria-label="Documents by verdict">' + "".join(items) + "</ul>"


def histogram(board: Dashboard) -> str:
    """The score distribution as an inline SVG bar chart, with its numbers in tooltips, a text alternative and a table."""
    width, height, left, bottom, top = 640, 220, 40, 30, 20
    peak = max(board.bands) or 1
    slot = (width - left) / len(BANDS)
    total = sum(board.bands)
    parts = []
    for i, ((label, _, _), n) in enumerate(zip(BANDS, board.bands)):
        h = (height - bottom - top) * n / peak
        x = left + i * slot + 6
        y = height - bottom - h
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - 12:.1f}" height="{h:.1f}"><title>score {label}: {n} documents</title></rect>'
            f'<text x="{x + (slot - 12) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>'
            f'<text x="{x + (slot - 12) / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{esc(label)}</text>'
        )
    described = "; ".join(f"{n} scored {label}" for (label, _, _), n in zip(BANDS, board.bands))
    svg = (
        f'<svg class="chart" id="histogram" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="histogram-title histogram-desc">'
        f'<title id="histogram-title">Score distribution of {total} scored documents</title>'
        f'<desc id="histogram-desc">{esc(described)}.</desc>'
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>'
        + "".join(parts)
        + "</svg>"
    )
    rows = "".join(f'<tr><td>{esc(label)}</td><td class="num">{n}</td><td class="num">{percent(n, total)}</td></tr>' for (label, _, _), n in zip(BANDS, board.bands))
    table = (
        '<details class="numbers"><summary>Numbers of the histogram</summary><table id="histogram-numbers">'
        f'<thead><tr><th>score</th><th class="num">documents</th><th class="num">share</th></tr></thead><tbody>{rows}</tbody></table></details>'
    )
    return svg + table


def worst_lists(board: Dashboard) -> str:
    """The sites with the largest share of failing documents, and the rules found in most failing documents."""
    sites = sorted(board.sites.items(), key=lambda kv: (-kv[1].fail_share(), -kv[1].verdicts["fail"], kv[0]))[:WORST]
    rules = sorted(board.rules.items(), key=lambda kv: (-kv[1].failing, -kv[1].findings, kv[0]))[:WORST]
    site_items = "".join(
        f'<li><a href="#{urlencode({"site": name})}">{esc(name)}</a>: {t.verdicts["fail"]} of {t.documents} fail ({percent(t.verdicts["fail"], t.documents)})</li>'
        for name, t in sites
    )
    rule_items = "".join(
        f'<li><a href="#{urlencode({"rule": rid})}"><code>{esc(rid)}</code></a>: {t.findings} findings, {t.failing} of its {t.documents} documents fail</li>' for rid, t in rules
    )
    return (
        f'<div><h2>Worst sites</h2><ol class="worst" id="worst-sites">{site_items}</ol></div>'
        f'<div><h2>Worst rules</h2><ol class="worst" id="worst-rules">{rule_items}</ol></div>'
    )


def _head(columns: Sequence[str], numeric_from: int) -> str:
    """A sortable table head: columns from `numeric_from` on are numbers."""
    return "".join(
        f'<th{NUM if i >= numeric_from else ""}><button type="button">{esc(c)}</button></th>' for i, c in enumerate(columns)
    )


def site_table(board: Dashboard, with_changes: bool) -> str:
    """The sortable per-site table: verdicts, severities, failing share, mean score (and changes with a baseline)."""
    changes = ("new", "resolved") if with_changes else ()
    head = _head(("site", "documents", *VERDICTS, "failing", *SEVERITIES, "mean score", *changes), 1)
    rows = []
    for name, t in sorted(board.sites.items()):
        mean = f"{t.score_sum / t.scored:.2f}" if t.scored else ""
        share = t.fail_share()
        rows.append(
            f'<tr><td><a href="#{urlencode({"site": name})}">{esc(name)}</a></td><td class="num">{t.documents}</td>'
            + "".join(f'<td class="num">{t.verdicts.get(v, 0)}</td>' for v in VERDICTS)
            + f'<td class="num" data-value="{share:.4f}">{percent(t.verdicts["fail"], t.documents)}</td>'
            + "".join(f'<td class="num">{t.severity.get(s, 0)}</td>' for s in SEVERITIES)
            + f'<td class="num" data-value="{mean}">{mean}</td>'
            + (f'<td class="num">{t.new}</td><td class="num">{t.resolved}</td>' if with_changes else "")
            + "</tr>"
        )
    return f'<div class="scroll"><table class="sortable" id="sites"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table></div>"


def rule_table(board: Dashboard) -> str:
    """The sortable per-rule table: findings per severity, documents, and the share of them that fail."""
    head = _head(("rule", "category", "findings", *SEVERITIES, "documents", "failing"), 2)
    rows = []
    for rid, t in sorted(board.rules.items(), key=lambda kv: (-kv[1].findings, kv[0])):
        share = t.failing / t.documents if t.documents else 0.0
        rows.append(
            f'<tr><td><a href="#{urlencode({"rule": rid})}"><code>{esc(rid)}</code></a></td><td>{esc(t.category)}</td><td class="num">{t.findings}</td>'
            + "".join(f'<td class="num">{t.severity.get(s, 0)}</td>' for s in SEVERITIES)
            + f'<td class="num">{t.documents}</td><td class="num" data-value="{share:.4f}">{percent(t.failing, t.documents)}</td></tr>'
        )
    return f'<div class="scroll"><table class="sortable" id="rules"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table></div>"


DOC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document", "path"),
    ("site", "site"),
    ("language", ""),
    ("score", "score"),
    ("verdict", "verdict"),
    ("words", "words"),
    ("findings", "findings"),
    ("critical", ""),
    ("major", ""),
    ("minor", ""),
    ("error", ""),
)


def document_section() -> str:
    """The filter form, the (script-filled) document table and its pager."""
    filters = "".join(
        f'<label>{label}<select name="{name}"><option value="">all</option></select></label>'
        for label, name in (("verdict", "verdict"), ("site", "site"), ("rule", "rule"), ("language", "lang"))
    )
    head = "".join(
        f'<th{NUM if c in ("score", "words", "findings", "critical", "major", "minor") else ""}>'
        + (f'<button type="button" data-sort="{key}">{c}</button>' if key else c)
        + "</th>"
        for c, key in DOC_COLUMNS
    )
    return (
        '<section id="documents-section"><h2>Documents</h2>\n'
        f'<form id="filters" role="search">{filters}<label>path contains<input type="search" name="q" autocomplete="off"></label></form>\n'
        '<p id="doc-status" aria-live="polite">The document table needs JavaScript.</p>\n'
        f'<div class="scroll"><table id="documents"><thead><tr>{head}</tr></thead><tbody></tbody></table></div>\n'
        '<nav id="pager" aria-label="pages"><button type="button" id="page-prev">← previous</button>'
        '<span id="page-of"></span><button type="button" id="page-next">next →</button></nav></section>'
    )


def dashboard_body(board: Dashboard, summary: RunSummary, run_id: str, started: str, signature: Mapping[str, Any]) -> str:
    """The whole body of index.html."""
    sev = summary.by_severity
    header = (
        f"<header>\n<h1>auditor report {esc(run_id)}</h1>\n"
        f'<p class="meta">{summary.documents} documents, {summary.words} words, {summary.findings} findings '
        f"({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, {sev.get('minor', 0)} minor); "
        f"unreadable: {summary.errors} · started {esc(started)}</p>\n"
        f'<p class="meta">{esc(" · ".join(f"{k}: {v}" for k, v in signature.items()))}</p>\n</header>'
    )
    changes = ""
    if board.baseline is not None:
        new = sum(t.new for t in board.sites.values())
        resolved = sum(t.resolved for t in board.sites.values())
        changes = f'<p id="changes">Since the baseline: {new} new findings, {resolved} resolved (per site: the new and resolved columns below).</p>'
    return (
        header
        + "\n<main>\n"
        + verdict_cards(board, summary)
        + changes
        + '<div class="grid2"><div><h2>Scores</h2>'
        + histogram(board)
        + "</div>"
        + worst_lists(board)
        + "</div>\n<h2>Sites</h2>\n"
        + site_table(board, board.baseline is not None)
        + "\n"
        + document_section()
        + "\n<h2>Rules</h2>\n"
        + rule_table(board)
        + "\n"
        + json_block("dashboard-data", board.data(run_id))
        + "\n</main>"
    )


def page_href(rel_posix: str) -> str:
    """A page's link from index.html: path segments percent-encoded ('#' in record keys included)."""
    return quote(rel_posix)
