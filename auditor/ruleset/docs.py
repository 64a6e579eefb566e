"""A rule explained: the text of `auditor rules show` and of the generated page docs/rules.md."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from auditor.model import Example, Rule

DOCS_TITLE = "# Rules"
DOCS_NOTE = (
    "Generated from the built-in rules by `auditor rules docs --out docs/rules.md`; do not edit by hand\n"
    "(a test fails when this page and the rules differ). Each rule's anchor is its id."
)


def marked(example: Example) -> str:
    """The example's text with its flagged spans between [[ and ]], as in the rule file."""
    text, out, last = example.text, [], 0
    for start, end in example.spans:
        out += [text[last:start], "[[", text[start:end], "]]"]
        last = end
    out.append(text[last:])
    return "".join(out)


def relative_source(source: str, root: Path | None) -> str:
    """The rule's source ("file#rule number") with the file relative to `root` when it lies below it."""
    path, sep, number = source.rpartition("#")
    if root is not None and sep and Path(path).is_absolute():
        try:
            path = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return f"{path}#{number}" if sep else source


def explain(rule: Rule, root: Path | None = None) -> str:
    """Everything a user needs about one rule, as plain text for a terminal."""
    lines = [
        rule.id,
        f"  message:   {rule.message}",
        f"  category:  {rule.category} (MQM)",
        f"  severity:  {rule.severity.value}",
        f"  kind:      {rule.kind}",
        f"  languages: {', '.join(rule.languages)}",
        f"  fix:       {'auto (safe fix: check --write applies it)' if rule.fix else 'none (suggestions only)'}",
        f"  source:    {relative_source(rule.source, root)}",
    ]
    if rule.link:
        lines.append(f"  reference: {rule.link}")
    if rule.description:
        lines += ["", *("  " + part for part in _wrap(rule.description))]
    if rule.flag_examples:
        lines += ["", "  flags:"] + [f"    {marked(ex)}" + (f"  -> {ex.suggestion}" if ex.suggestion else "") for ex in rule.flag_examples]
    if rule.pass_examples:
        lines += ["", "  leaves alone:"] + [f"    {ex.text}" for ex in rule.pass_examples]
    lines += [
        "",
        "  to turn it off: --disable " + rule.id + ' (or disable = ["' + rule.id + '"] in auditor.toml);',
        "  to accept one finding: auditor diff RUN --write-baseline accepted.json, then --baseline accepted.json",
    ]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    """Wrap a description at word boundaries."""
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width) or [""]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return " ".join(text.split()).replace("|", "\\|")


def markdown(rules: Iterable[Rule], root: Path | None = None) -> str:
    """The rules reference page: one section per rule, anchored by its id, sorted by id."""
    rules = sorted(rules, key=lambda r: r.id)
    out = [DOCS_TITLE, "", DOCS_NOTE, "", "| rule | category | severity | fix |", "|---|---|---|---|"]
    out += [f"| [{r.id}](#{r.id}) | {r.category} | {r.severity.value} | {'auto' if r.fix else ''} |" for r in rules]
    for r in rules:
        out += ["", f'<a id="{r.id}"></a>', "", f"## {r.id}", "", _cell(r.message), ""]
        out += [f"- category: `{r.category}` (MQM), severity: `{r.severity.value}`, kind: `{r.kind}`, languages: {', '.join(r.languages)}"]
        out += [f"- fix: {'auto (a safe fix)' if r.fix else 'none'}; source: `{relative_source(r.source, root)}`"]
        if r.link:
            out.append(f"- reference: <{r.link}>")
        if r.description:
            out += ["", _cell(r.description)]
        if r.flag_examples:
            out += ["", "Flags:", ""] + [f"- `{_cell(marked(ex))}`" + (f" → {_cell(ex.suggestion)}" if ex.suggestion else "") for ex in r.flag_examples]
        if r.pass_examples:
            out += ["", "Leaves alone:", ""] + [f"- `{_cell(ex.text)}`" for ex in r.pass_examples]
    return "\n".join(out) + "\n"
