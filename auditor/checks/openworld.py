"""The open-world name check: garbled names of people no gazetteer holds (auditor/entities/openworld.py)."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from auditor.checks import Hit, Resources, register
from auditor.checks.entities import _tokens, document_runs
from auditor.document import Document
from auditor.entities.gazetteer import builtin_first_names, load_first_names
from auditor.entities.openworld import GivenNames, OpenName, Word, find_open_names
from auditor.entities.translit import builtin as builtin_translit
from auditor.lang.frequencies import zipf
from auditor.ruleset.loader import builtin_rules_dir

MAX_MEMO = 200_000  # runs remembered per worker: bounded memory in long nightly runs


@register("unknown-garbled", params=[])
def unknown_garbled(params: Mapping[str, Any], resources: Resources):
    """Flag a garbled given name, or a pivot-romanised surname after a known given name, of any person."""
    names = set(builtin_first_names())
    common = builtin_rules_dir() / "gazetteer" / "given_names_common.txt"
    if common.is_file():
        names.update(load_first_names(common))
    for entry in resources.gazetteer:
        names.update(getattr(entry, "first_names", ()))
    given = GivenNames(names, builtin_translit())
    memo: dict[str, tuple[OpenName, ...]] = {}

    def analyse(run: str) -> tuple[OpenName, ...]:
        words = [Word(t.start, t.end, t.text, t.plain) for t in _tokens(run)]
        return tuple(find_open_names(words, given, zipf)) if len(words) >= 2 else ()

    def detect(doc: Document) -> Iterator[Hit]:
        if len(memo) > MAX_MEMO:
            memo.clear()
        # The runs are the entity checks' own: found once per document, whichever check asks first.
        for start, run in document_runs(doc):
            if " " not in run:  # one word: no given name + surname pair
                continue
            found = memo.get(run)
            if found is None:
                found = memo[run] = analyse(run)
            for name in found:
                yield Hit(start + name.start, start + name.end, (name.suggestion,) if name.suggestion else (), name.detail)

    return detect
