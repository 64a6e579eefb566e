"""The Markdown job summary `--format github` appends to $GITHUB_STEP_SUMMARY: GitHub shows only ten annotations of each level per step."""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from auditor.model import RunSummary, Severity

STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
WORST = 10  # documents listed
TOP_RULES = 10
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, Markdown and HTML characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """The lines of one Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines


def step_summary(summary: RunSummary, worst: Sequence[tuple[float, str, str, int]]) -> str:
    """The Markdown summary of a run: counts by verdict and severity, the lowest-scoring documents, the rules that fired most.

    `worst` holds (score, path, verdict, findings) of the lowest-scoring documents, lowest first.
    """
    sev = summary.by_severity
    lines = [
        "## auditor",
        "",
        f"{summary.documents} documents, {summary.words} words: {summary.findings} findings "
        f"({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, {sev.get('minor', 0)} minor); "
        f"{summary.errors} unreadable; {summary.suppressed} suppressed by inline comments; exit code {summary.exit_code}.",
        "",
    ]
    lines += table(["verdict", "documents"], [(v, n) for v, n in summary.by_verdict.items()])
    lines += ["", *table(["severity", "findings"], [(s.value, sev.get(s.value, 0)) for s in reversed(Severity)])]
    if worst:
        lines += ["", "### Lowest scores", ""]
        lines += table(["score", "verdict", "findings", "document"], [(f"{score:.2f}", verdict, n, cell(path)) for score, path, verdict, n in worst])
    top = _top(summary.by_rule)
    if top:
        lines += ["", "### Rules that fired most", ""]
        lines += table(["rule", "findings"], [(f"`{rule}`", n) for rule, n in top])
    return "\n".join(lines) + "\n"


def _top(by_rule: Mapping[str, int]) -> list[tuple[str, int]]:
    """The rules with the most findings, ties by id: the order is the same in every run."""
    return sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
