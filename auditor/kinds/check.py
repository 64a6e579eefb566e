"""Check rules: YAML rules that switch on a registered Python detector."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from auditor.checks import Hits, Resources, load_all
from auditor.document import Document
from auditor.kinds import Kind, Match, Matches, MatchTimeout, ParamError, Steps, register
from auditor.model import Rule
from auditor.ruleset.errors import RuleError


def _parse(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """Validate the check name and that its params are ones the check accepts."""
    checks = load_all()
    name = spec.get("check")
    if not isinstance(name, str) or name not in checks:
        known = ", ".join(sorted(checks))
        raise ParamError("check", f"key 'check': unknown check {name!r} (known: {known})")
    params = spec.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ParamError("params", "key 'params': must be a mapping")
    unknown = sorted(set(params) - checks[name].params)
    if unknown:
        allowed = ", ".join(sorted(checks[name].params)) or "none"
        raise ParamError("params", f"key 'params': unknown parameter '{unknown[0]}' for check '{name}' (allowed: {allowed})")
    return {"check": name, "params": dict(params)}


# Detectors of checks that do not read the batch, by rule, for the last gazetteer compiled. A
# scan compiles its rules again once the census has taught it the batch (Engine.learnt); every
# other detector, with the tables it loaded and the words it memoised, would be the same, and
# building them again cost about 0.1 s before the workers fork. The entries hold their rules and
# the gazetteer, so no id is reused while they live; one gazetteer at a time bounds the memory.
_KEPT: dict[int, tuple[Rule, Callable]] = {}
_KEPT_FOR: list[tuple[Any, ...]] = []  # the gazetteer the kept detectors were compiled with


def _detector_of(rule: Rule, resources: Resources) -> Callable | None:
    """The detector compiled before for this very rule and gazetteer, if any."""
    if not _KEPT_FOR or _KEPT_FOR[0] is not resources.gazetteer:
        return None
    kept = _KEPT.get(id(rule))
    return kept[1] if kept is not None else None


def _keep_detector(rule: Rule, resources: Resources, detector: Callable) -> None:
    """Remember a batch-independent detector for the next compilation of the same rule and gazetteer."""
    if not _KEPT_FOR or _KEPT_FOR[0] is not resources.gazetteer:
        _KEPT.clear()
        _KEPT_FOR[:] = [resources.gazetteer]
    _KEPT[id(rule)] = (rule, detector)


def _compile(rules: Sequence[Rule], resources: Resources, options: Mapping[str, Any]) -> Callable:
    """Instantiate each rule's detector once."""
    checks = load_all()
    detectors = []
    for rule in rules:
        spec = checks[rule.params["check"]]
        reusable = not spec.reads_batch
        if reusable and (kept := _detector_of(rule, resources)) is not None:
            detectors.append((rule, kept))
            continue
        try:
            detectors.append((rule, spec.factory(rule.params["params"], resources)))
        except (ValueError, TypeError, ImportError, LookupError, RuntimeError) as exc:
            # A bad parameter value or a missing optional backend is a rule error, not a crash.
            file = rule.source.split("#")[0]
            raise RuleError(file, None, f"key 'params': {exc}", rule_id=rule.id, key="params") from None
        if reusable:
            _keep_detector(rule, resources, detectors[-1][1])

    # One step per rule: a scan runs each check over a whole chunk of documents before the next (kinds.Steps).
    return Steps(tuple(_step(rule, detect) for rule, detect in detectors))


def _step(rule: Rule, detect: Callable[[Document], Iterable[Any]]) -> Callable[[Document, Callable[[MatchTimeout], None]], Iterator[Match | Matches]]:
    """The matcher of one check rule: its detector's hits as matches."""

    def find(doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match | Matches]:
        for hit in detect(doc):
            if type(hit) is Hits:  # a large document's columns of hits, handed on whole
                yield Matches(rule, hit.starts, hit.ends, tuple(hit.suggestions), hit.detail)
            else:
                yield Match(rule, hit.start, hit.end, tuple(hit.suggestions), hit.detail)

    return find


register(
    Kind(
        name="check",
        keys=frozenset({"check", "params"}),
        required=frozenset({"check"}),
        parse=_parse,
        compile=_compile,
    )
)
