"""Pattern rules: regular expressions, run only where a required literal occurs."""

from __future__ import annotations

import time
from typing import Any, Callable, Iterator, Mapping, Sequence

import ahocorasick
import regex

from auditor.checks import Resources
from auditor.document import Document, fold
from auditor.kinds import Kind, Match, MatchTimeout, ParamError, boolean, register, str_list
from auditor.model import Rule

try:  # Python >= 3.11 keeps the parser private under a new name.
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    import re._constants as _sre_c  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

DEFAULT_TIMEOUT = 1.0  # seconds per rule per document


def _parse(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """Validate and compile `pattern`; validate `suggest`, `ignore_case` and `prefilter`."""
    pattern = spec.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise ParamError("pattern", "key 'pattern': must be a non-empty string")
    ignore_case = boolean(spec.get("ignore_case", False), "ignore_case")
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        raise ParamError("pattern", f"key 'pattern': invalid regular expression: {exc}") from None
    suggest = spec.get("suggest")
    if suggest is not None:
        if not isinstance(suggest, str):
            raise ParamError("suggest", "key 'suggest': must be a string template")
        for name in regex.findall(r"\\g<(\w+)>", suggest):
            if not name.isdigit() and name not in compiled.groupindex:
                raise ParamError("suggest", f"key 'suggest': unknown group '{name}'")
    if "prefilter" in spec:
        prefilter = tuple(fold(p) for p in str_list(spec["prefilter"], "prefilter"))
    else:
        prefilter = required_literals(pattern, ignore_case)
    return {"pattern": pattern, "regex": compiled, "suggest": suggest, "ignore_case": ignore_case, "prefilter": prefilter}


def required_literals(pattern: str, ignore_case: bool = True) -> tuple[str, ...]:
    """Return literals of which one must occur in any match (folded), or () when unknown."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:  # regex-module syntax the stdlib parser does not know: no prefilter
        return ()
    found = _seq_literals(list(tree))
    if not found:
        return ()
    return tuple(sorted({fold(lit) for lit in found}))


def _seq_literals(items: list) -> tuple[str, ...] | None:
    """Best literal set for a sequence: the longest run of literals, or a required group's set."""
    best: tuple[str, ...] | None = None
    best_len = 0
    run: list[str] = []

    def consider(cands: tuple[str, ...] | None) -> None:
        nonlocal best, best_len
        if cands:
            shortest = min(len(c) for c in cands)
            if shortest > best_len:
                best, best_len = cands, shortest

    for op, av in items:
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            continue
        consider((("".join(run)),) if run else None)
        run = []
        if op is _sre_c.SUBPATTERN:
            consider(_seq_literals(list(av[-1])))
        elif op is _sre_c.BRANCH:
            alts = [_seq_literals(list(alt)) for alt in av[1]]
            if alts and all(alts):
                consider(tuple(lit for alt in alts for lit in alt))  # type: ignore[union-attr]
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1:
            consider(_seq_literals(list(av[2])))
    consider((("".join(run)),) if run else None)
    # Literals shorter than 3 characters filter almost nothing; treat as unknown.
    return best if best_len >= 3 else None


def _compile(rules: Sequence[Rule], resources: Resources, options: Mapping[str, Any]) -> Callable:
    """Group pattern rules behind one literal automaton; rules without literals always run."""
    timeout = float(options.get("regex_timeout", DEFAULT_TIMEOUT))
    always = [r for r in rules if not r.params["prefilter"]]
    gated: dict[str, list[Rule]] = {}
    for rule in rules:
        for lit in rule.params["prefilter"]:
            gated.setdefault(lit, []).append(rule)
    auto = None
    if gated:
        auto = ahocorasick.Automaton()
        for lit, lit_rules in gated.items():
            auto.add_word(lit, tuple(lit_rules))
        auto.make_automaton()
    order = {r.id: i for i, r in enumerate(rules)}

    def find(doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match]:
        active = {r.id: r for r in always}
        if auto is not None:
            for _, lit_rules in auto.iter(doc.folded):
                for r in lit_rules:
                    active[r.id] = r
        for rule in sorted(active.values(), key=lambda r: order[r.id]):
            yield from _run_one(rule, doc, timeout, on_error)

    return find


def _run_one(rule: Rule, doc: Document, timeout: float, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match]:
    """Run one rule's regex over the document within the time bound."""
    compiled = rule.params["regex"]
    template = rule.params["suggest"]
    deadline = time.monotonic() + timeout
    try:
        for m in compiled.finditer(doc.text, timeout=max(deadline - time.monotonic(), 0.001)):
            start, end = m.span("span") if "span" in compiled.groupindex and m.start("span") >= 0 else m.span()
            if end <= start:
                continue
            suggestions = (m.expand(template),) if template is not None else ()
            yield Match(rule, start, end, suggestions)
    except TimeoutError:
        on_error(MatchTimeout(rule.id, timeout))


register(
    Kind(
        name="pattern",
        keys=frozenset({"pattern", "suggest", "ignore_case", "prefilter"}),
        required=frozenset({"pattern"}),
        parse=_parse,
        compile=_compile,
    )
)
