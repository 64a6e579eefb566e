"""A trend across nights: each run's document count, verdict shares and top rules, as CSV rows and a line chart.

Everything is read from the runs' run.json (written last, so only complete runs count);
no per-file report is opened, so a month of 100,000-document nights reads in an instant.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from auditor.reporters.csvfmt import safe_cell

VERDICTS: tuple[str, ...] = ("pass", "review", "fail", "error")
TREND_COLUMNS: tuple[str, ...] = (
    "run_id",
    "run_started",
    "documents",
    "errors",
    "words",
    "findings",
    *VERDICTS,
    *(f"{v}_share" for v in VERDICTS),
)
# Lines told apart without colour: each has its own dash pattern and point marker.
DASHES: tuple[str, ...] = ("", "6 3", "2 3", "8 3 2 3", "1 5", "10 4")
MARKERS: tuple[str, ...] = ("circle", "square", "diamond", "triangle", "cross", "bar")


class TrendError(Exception):
    """A folder given to `auditor trend` is not a complete run."""


@dataclass(frozen=True)
class Night:
    """The totals of one complete run, as its run.json holds them."""

    run_id: str
    started: str
    documents: int
    errors: int
    words: int
    findings: int
    verdicts: Mapping[str, int] = field(default_factory=dict)
    rules: Mapping[str, int] = field(default_factory=dict)

    def share(self, verdict: str) -> float:
        """Share of the night's documents with `verdict`, from 0 to 1."""
        return self.verdicts.get(verdict, 0) / self.documents if self.documents else 0.0


def run_folders(paths: Iterable[Path]) -> list[Path]:
    """The run folders named, a report folder standing for every complete run in it."""
    found: list[Path] = []
    for path in paths:
        if (path / "run.json").is_file():
            found.append(path)
            continue
        inside = sorted(p for p in path.iterdir() if not p.name.startswith(".") and (p / "run.json").is_file()) if path.is_dir() else []
        if not inside:
            raise TrendError(f"{path}: not a complete run (no run.json), nor a report folder holding runs")
        found.extend(inside)
    return found


def read_night(folder: Path) -> Night:
    """Read one run's totals; a missing or broken run.json is a TrendError naming the file."""
    path = folder / "run.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        totals = record["totals"]
        return Night(
            run_id=str(record["run_id"]),
            started=str(record["started"]),
            documents=int(totals["documents"]),
            errors=int(totals["errors"]),
            words=int(totals["words"]),
            findings=int(totals["findings"]),
            verdicts={str(k): int(v) for k, v in totals.get("by_verdict", {}).items()},
            rules={str(k): int(v) for k, v in totals.get("by_rule", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TrendError(f"{path}: not a readable run record ({type(exc).__name__}: {exc})") from None


def nights_of(paths: Iterable[Path]) -> list[Night]:
    """The runs named, oldest first (by start time, then id); the same run given twice counts once."""
    nights = {}
    for folder in run_folders(paths):
        night = read_night(folder)
        nights[(night.started, night.run_id)] = night
    return [nights[k] for k in sorted(nights)]


def top_rules(nights: Sequence[Night], n: int) -> list[str]:
    """The `n` rules with most findings over all nights (ties by id)."""
    total: Counter[str] = Counter()
    for night in nights:
        total.update(night.rules)
    return [rule for rule, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def trend_rows(nights: Sequence[Night], rules: Sequence[str]) -> list[list[Any]]:
    """The CSV rows: the columns of TREND_COLUMNS, then the findings of each top rule."""
    return [
        [
            safe_cell(night.run_id),
            night.started,
            night.documents,
            night.errors,
            night.words,
            night.findings,
            *(night.verdicts.get(v, 0) for v in VERDICTS),
            *(f"{night.share(v):.4f}" for v in VERDICTS),
            *(night.rules.get(rule, 0) for rule in rules),
        ]
        for night in nights
    ]


def _esc(value: object) -> str:
    """Escape any value for HTML."""
    import html

    return html.escape(str(value), quote=True)


def _marker(kind: str, x: float, y: float) -> str:
    """A point marker drawn in SVG: the shape tells the line apart without colour."""
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 5-5 5-5-5z"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 9h-10z"/>'
    if kind == "cross":
        return f'<path d="M{x - 4:.1f} {y - 4:.1f}l8 8m0-8l-8 8" stroke-width="2"/>'
    return f'<rect x="{x - 1.5:.1f}" y="{y - 5:.1f}" width="3" height="10"/>'


def line_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], unit: str = "") -> str:
    """An inline SVG line chart with a title, a text alternative, dash patterns and markers per line, and tooltips on points."""
    width, height, left, right, top, bottom = 720, 260, 56, 170, 16, 40
    peak = max((v for _, values in series for v in values), default=0.0) or 1.0
    span_x = width - left - right
    step = span_x / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (height - top - bottom) * (1 - v / peak)

    parts = [
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_fmt(peak)}{unit}</text>',
        f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0{unit}</text>',
    ]
    for i, label in enumerate(labels):
        if len(labels) <= 12 or i % max(1, len(labels) // 12) == 0:
            x, _ = xy(i, 0)
            parts.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{_esc(label[:10])}</text>')
    for k, (name, values) in enumerate(series):
        dash = DASHES[k % len(DASHES)]
        points = [xy(i, v) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<g class="line line-{k}"><polyline fill="none" points="{path}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        for (x, y), v, label in zip(points, values, labels):
            parts.append(f"<g>{_marker(MARKERS[k % len(MARKERS)], x, y)}<title>{_esc(name)}, {_esc(label)}: {_fmt(v)}{unit}</title></g>")
        if points:
            x, y = points[-1]
            parts.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}">{_esc(name)}</text>')
        parts.append("</g>")
    described = "; ".join(f"{name}: " + ", ".join(f"{lab} {_fmt(v)}{unit}" for lab, v in zip(labels, values)) for name, values in series)
    return (
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc"><title id="{chart_id}-title">{_esc(title)}</title>'
        f'<desc id="{chart_id}-desc">{_esc(described)}.</desc>' + "".join(parts) + "</svg>"
    )


def _fmt(value: float) -> str:
    """A chart number: whole numbers without decimals, others with one."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


TREND_CSS = """
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d1d1f}
header,main{padding:1rem 1.5rem} header{border-bottom:1px solid #ddd} h1{font-size:1.25rem;margin:.2rem 0}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif;overflow:visible}
svg.chart .axis{stroke:#999} svg.chart polyline{stroke:#333;stroke-width:2}
svg.chart .line-1 polyline{stroke:#1a4e8a} svg.chart .line-2 polyline{stroke:#8a1a1a} svg.chart .line-3 polyline{stroke:#5a5a00}
.scroll{overflow-x:auto} table{border-collapse:collapse;font-size:14px;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right} th:first-child,td:first-child{text-align:left}
"""


def trend_page(nights: Sequence[Night], rules: Sequence[str]) -> str:
    """A self-contained HTML page (no script at all) with the three line charts and their numbers."""
    labels = [n.started[:10] + (f" {n.run_id}" if sum(m.started[:10] == n.started[:10] for m in nights) > 1 else "") for n in nights]
    charts = (
        "<h2>Documents per night</h2>"
        + line_chart("documents", "Documents audited per night", labels, [("documents", [n.documents for n in nights])])
        + "<h2>Verdict shares</h2>"
        + line_chart("verdicts", "Share of documents per verdict, per night", labels, [(v, [100 * n.share(v) for n in nights]) for v in VERDICTS[:3]], unit=" %")
        + "<h2>Top rules</h2>"
        + line_chart("rules", "Findings of the most frequent rules, per night", labels, [(r, [n.rules.get(r, 0) for n in nights]) for r in rules])
    )
    head = "".join(f"<th>{_esc(c)}</th>" for c in (*TREND_COLUMNS, *rules))
    body = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in trend_rows(nights, rules))
    table = f'<h2>Numbers</h2><div class="scroll"><table id="trend"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    first, last = (nights[0].started, nights[-1].started) if nights else ("", "")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>auditor trend</title>\n<style>{TREND_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>auditor trend: {len(nights)} runs</h1><p>{_esc(first)} to {_esc(last)}</p></header>\n"
        f"<main>{charts}{table}</main>\n</body>\n</html>\n"
    )
