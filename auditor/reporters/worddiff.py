"""Word-level views of the safe fixes: the changed words highlighted in a unified diff, or `git diff --word-diff` style lines cut around each change."""

from __future__ import annotations

import difflib
import re
from typing import Callable, Iterator

from auditor.reporters.escape import terminal_safe

Styler = Callable[[str, str], str]  # (SGR code, text) -> text, as reporters.pretty.Style
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_REMOVED, _ADDED = "31", "32"
_REMOVED_WORD, _ADDED_WORD = "1;7;31", "1;7;32"  # reversed: the changed word stands out from its line
CONTEXT = 40  # characters kept on each side of a change in the word view


def _tokens(line: str) -> list[str]:
    """Words, runs of spaces and single punctuation marks: the units a word diff compares."""
    return _TOKEN.findall(line)


def word_ops(old: str, new: str) -> list[tuple[str, str, str]]:
    """The changes from `old` to `new` word by word: (tag, old text, new text), tag 'equal' or 'replace'/'delete'/'insert'."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def highlight_unified(diff: str, style: Styler) -> str:
    """Colour a unified diff for a terminal: removed lines red and added lines green, their changed words reversed.

    Control characters of the text are shown escaped: a terminal must not act on them.
    """
    lines = [terminal_safe(line.rstrip("\n")) + "\n" for line in diff.splitlines()]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("---", "+++")):
            out.append(style("1", line.rstrip("\n")) + "\n")
            i += 1
        elif line.startswith("@@"):
            out.append(style("36", line.rstrip("\n")) + "\n")
            i += 1
        elif line.startswith("-"):
            removed = _run(lines, i, "-")
            added = _run(lines, i + len(removed), "+")
            out += _pair(removed, added, style)
            i += len(removed) + len(added)
        elif line.startswith("+"):
            added = _run(lines, i, "+")
            out += [style(_ADDED, a.rstrip("\n")) + "\n" for a in added]
            i += len(added)
        else:
            out.append(line)
            i += 1
    return "".join(out)


def _run(lines: list[str], start: int, mark: str) -> list[str]:
    """The consecutive lines from `start` that begin with `mark` (not a file header)."""
    end = start
    while end < len(lines) and lines[end].startswith(mark) and not lines[end].startswith(mark * 3 + " "):
        end += 1
    return lines[start:end]


def _pair(removed: list[str], added: list[str], style: Styler) -> list[str]:
    """Removed and added lines, their changed words highlighted when they pair up one for one."""
    if len(removed) != len(added):
        return [style(_REMOVED, r.rstrip("\n")) + "\n" for r in removed] + [style(_ADDED, a.rstrip("\n")) + "\n" for a in added]
    minus, plus = [], []
    for r, a in zip(removed, added):
        ops = word_ops(r[1:].rstrip("\n"), a[1:].rstrip("\n"))
        minus.append(style(_REMOVED, "-") + "".join(style(_REMOVED if tag == "equal" else _REMOVED_WORD, old) for tag, old, _ in ops) + "\n")
        plus.append(style(_ADDED, "+") + "".join(style(_ADDED if tag == "equal" else _ADDED_WORD, new) for tag, _, new in ops) + "\n")
    return minus + plus


def word_diff(path: str, old: str, new: str, style: Styler, colored: bool) -> str:
    """One `path:line: …[-old-]{+new+}…` line per changed line, cut to CONTEXT characters around the changes.

    With colour the markers give way to red and green, as `git diff --color-words` does.
    """
    return "".join(f"{path}:{number}: {line}\n" for number, line in _changed_lines(old, new, style, colored))


def _changed_lines(old: str, new: str, style: Styler, colored: bool) -> Iterator[tuple[int, str]]:
    """(line number in `new`, rendered line) for each line the fixes changed."""
    a, b = [terminal_safe(line) for line in old.splitlines()], [terminal_safe(line) for line in new.splitlines()]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        if len(olds) != len(news):  # a fix that joined or split lines: show them whole
            olds, news = ["\n".join(olds)], ["\n".join(news)]
        for k, (o, n) in enumerate(zip(olds, news)):
            yield j1 + k + 1, _render(word_ops(o, n), style, colored)


def _render(ops: list[tuple[str, str, str]], style: Styler, colored: bool) -> str:
    """One changed line, unchanged stretches longer than twice CONTEXT cut down to their ends."""
    parts = []
    last = len(ops) - 1
    for k, (tag, old, new) in enumerate(ops):
        if tag == "equal":
            parts.append(_cut(old, head=k > 0, tail=k < last))
            continue
        if old:
            parts.append(style(_REMOVED_WORD, old) if colored else f"[-{old}-]")
        if new:
            parts.append(style(_ADDED_WORD, new) if colored else f"{{+{new}+}}")
    return "".join(parts)


def _cut(text: str, head: bool, tail: bool) -> str:
    """Keep CONTEXT characters of `text` next to the changes before it (`head`) and after it (`tail`)."""
    if head and tail:
        return text if len(text) <= 2 * CONTEXT + 1 else text[:CONTEXT] + "…" + text[-CONTEXT:]
    if head:
        return text if len(text) <= CONTEXT else text[:CONTEXT] + "…"
    if tail:
        return text if len(text) <= CONTEXT else "…" + text[-CONTEXT:]
    return text
