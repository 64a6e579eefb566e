"""The pivot-garbled name check: any entity's name spelled through Russian and back (auditor/entities/pivot.py)."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

import regex

from auditor.checks import Hit, Resources, register
from auditor.checks.entities import document_runs
from auditor.checks.openworld import open_names_for
from auditor.document import Document
from auditor.entities.pivot import MIN_LENGTH, Lexicon, Restored, builtin_known, builtin_reversals, name_case, restore
from auditor.lang.frequencies import LEXICON_LANGUAGES, letters_zipf

MAX_MEMO = 200_000  # words remembered per worker: bounded memory in long nightly runs
# A capitalised word of a run, whole, of plain letters a-z and long enough to judge (pivot.MIN_LENGTH):
# no letter or mark glued on either side ("Gómez" holds no such word).
_WORD_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])[A-Z][a-z]{{{MIN_LENGTH - 1},}}(?![\p{{L}}\p{{M}}])")
_JOINER_RE = regex.compile(r"[ \t]+|[ \t]*[‐-][ \t]*")


@register("pivot-garbled", params=[])
def pivot_garbled(params: Mapping[str, Any], resources: Resources):
    """Flag a capitalised word no language knows whose pivot changes undone give a name wordfreq knows well."""
    reversals = builtin_reversals()
    # Every word asked about is plain letters a-z: one wordfreq token, answered by the tables.
    lexicon = Lexicon(letters_zipf, LEXICON_LANGUAGES[:2], LEXICON_LANGUAGES[2:])
    memo: dict[str, Restored | None] = {}
    run_memo: dict[str, tuple[tuple[int, int, Restored], ...]] = {}  # runs recur across documents ("Allemagne")
    open_names = None

    def judge(word: str) -> Restored | None:
        found = memo.get(word, False)
        if found is False:
            if len(memo) > MAX_MEMO:
                memo.clear()
            found = memo[word] = restore(word.lower(), lexicon, reversals, builtin_known)
        return found

    def judge_run(run: str) -> tuple[tuple[int, int, Restored], ...]:
        found = run_memo.get(run)
        if found is None:
            if len(run_memo) > MAX_MEMO:
                run_memo.clear()
            found = run_memo[run] = tuple((m.start(), m.end(), r) for m in _WORD_RE.finditer(run) if (r := judge(m.group())) is not None)
        return found

    def detect(doc: Document) -> Iterator[Hit]:
        nonlocal open_names
        for start, run in document_runs(doc):
            if len(run) < MIN_LENGTH:
                continue
            hits = judge_run(run)
            if not hits:
                continue
            if open_names is None:
                open_names = open_names_for(resources)
            claimed = [(n.start, n.end) for n in open_names(run)] if " " in run else []
            hits = [h for h in hits if not any(a < h[1] and h[0] < b for a, b in claimed)]
            # Garbled words next to each other in a run are one name: one finding, one suggestion.
            groups: list[list[tuple[int, int, Restored]]] = []
            for hit in hits:
                if groups and _JOINER_RE.fullmatch(run, groups[-1][-1][1], hit[0]):
                    groups[-1].append(hit)
                else:
                    groups.append([hit])
            for group in groups:
                a, b = group[0][0], group[-1][1]
                fixed, pos = [], a
                for s, e, r in group:
                    fixed += [run[pos:s], name_case(r.name, run[s:e])]
                    pos = e
                detail = "; ".join(f"'{run[s:e]}' looks like {name_case(r.name, run[s:e])} spelled through Russian" for s, e, r in group)
                yield Hit(start + a, start + b, ("".join(fixed),), detail)

    return detect
