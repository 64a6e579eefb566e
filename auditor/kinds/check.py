"""Check rules: YAML rules that switch on a registered Python detector."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping, Sequence

from auditor.checks import Resources, load_all
from auditor.document import Document
from auditor.kinds import Kind, Match, MatchTimeout, ParamError, register
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


def _compile(rules: Sequence[Rule], resources: Resources, options: Mapping[str, Any]) -> Callable:
    """Instantiate each rule's detector once."""
    checks = load_all()
    detectors = []
    for rule in rules:
        try:
            detectors.append((rule, checks[rule.params["check"]].factory(rule.params["params"], resources)))
        except (ValueError, TypeError, ImportError, LookupError, RuntimeError) as exc:
            # A bad parameter value or a missing optional backend is a rule error, not a crash.
            file = rule.source.split("#")[0]
            raise RuleError(file, None, f"key 'params': {exc}", rule_id=rule.id, key="params") from None

    def find(doc: Document, on_error: Callable[[MatchTimeout], None]) -> Iterator[Match]:
        for rule, detect in detectors:
            for hit in detect(doc):
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
