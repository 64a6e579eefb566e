"""Human output for editors: each finding with its excerpt underlined, then score and verdict."""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import TextIO

from auditor.run.identity import excerpt_span
from auditor.model import DocumentResult, Finding, RunSummary, Severity
from auditor.reporters.base import Reporter, register
from auditor.reporters.escape import terminal_safe

_SEVERITY_STYLE = {Severity.CRITICAL: "1;31", Severity.MAJOR: "31", Severity.MINOR: "33"}
_VERDICT_STYLE = {"pass": "1;32", "review": "1;33", "fail": "1;31", "error": "1;31"}


def use_color(stream: TextIO, mode: str = "auto") -> bool:
    """Decide on colour: --color always/never win; auto means a terminal and no NO_COLOR."""
    if mode in ("always", "never"):
        return mode == "always"
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Style:
    """Wrap text in ANSI SGR codes, or not at all."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, text: str) -> str:
        """Return `text` styled with SGR `code` when colour is on."""
        return f"\033[{code}m{text}\033[0m" if self.enabled and text else text


def _width(text: str) -> int:
    """Columns a terminal gives `text`: combining marks and zero-width characters take none."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")


def render_finding(path: str, f: Finding, style: Style) -> list[str]:
    """Return the lines that show one finding: header, excerpt, underline, suggestion (document text escaped)."""
    sev = _SEVERITY_STYLE[f.severity]
    path, message, rule_id = terminal_safe(path), terminal_safe(f.message), terminal_safe(f.rule_id)
    lines = [
        f"{style('1', f'{path}:{f.line}:{f.column}:')} {style(sev, f.severity.value)} "
        f"{style('2', '[' + rule_id + ']')} {message}"
    ]
    at, end = excerpt_span(f.excerpt, f.text, f.column)
    # Escapes widen the text: the underline is placed under the escaped characters.
    before, marked = terminal_safe(f.excerpt[:at]), terminal_safe(f.excerpt[at:end])
    gutter = str(f.line)
    pad = " " * len(gutter)
    lines.append(f"  {style('2', gutter + ' |')} {before}{marked}{terminal_safe(f.excerpt[end:])}")
    lines.append(f"  {style('2', pad + ' |')} {' ' * _width(before)}{style(sev, '^' * max(_width(marked), 1))}")
    if f.detail:
        lines.append(f"  {pad} = {terminal_safe(f.detail)}")
    if f.suggestions:
        label = "suggestion" if len(f.suggestions) == 1 else "suggestions"
        safe = " (safe fix)" if f.fix else ""
        lines.append(f"  {pad} = {label}: {style('32', terminal_safe(f.suggestion))}{safe}")
    return lines


def _plural(n: int, one: str, many: str = "") -> str:
    """Return '1 finding' or '3 findings'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


@register("pretty")
class PrettyReporter(Reporter):
    """The `auditor check` report: readable on a terminal (in colour) and in a pipe (plain)."""

    def __init__(self, stream: TextIO | None = None, color: str = "auto") -> None:
        super().__init__(stream or sys.stdout)
        self.style = Style(use_color(self.stream, color))

    def document(self, result: DocumentResult, text: str | None) -> None:
        """Print each finding, then the document's score and verdict."""
        out, style = self.stream, self.style
        path = terminal_safe(result.path)
        if result.error:
            print(f"{style('1', path + ':')} {style('1;31', 'error')}: {terminal_safe(result.error)}", file=out)
            return
        for f in result.findings:
            print("\n".join(render_finding(result.path, f, style)), file=out)
            print("", file=out)
        for note in result.notes:
            print(terminal_safe(f"{result.path}: note: {note}"), file=out)
        counts = ", ".join(f"{result.count(s)} {s.value}" for s in reversed(Severity))
        fixes = sum(1 for f in result.findings if f.fix)
        fix_note = f"; {_plural(fixes, 'safe fix', 'safe fixes')} (--diff to review, --write to apply)" if fixes else ""
        if result.suppressed:
            fix_note += f"; {result.suppressed} suppressed by inline comments"
        score = f"{result.score:.2f}" if result.score is not None else "-"
        verdict = style(_VERDICT_STYLE.get(result.verdict, "1"), result.verdict.upper())
        print(
            f"{style('1', path + ':')} score {score}/100, verdict {verdict} — "
            f"{_plural(len(result.findings), 'finding')} ({counts}), {result.words} words{fix_note}",
            file=out,
        )

    def finish(self, summary: RunSummary) -> None:
        """Print a total line when several documents were checked."""
        if summary.documents > 1:
            verdicts = ", ".join(f"{n} {v}" for v, n in summary.by_verdict.items())
            suppressed = f"; {summary.suppressed} suppressed by inline comments" if summary.suppressed else ""
            print(f"{summary.documents} documents: {verdicts}{suppressed}", file=self.stream)
