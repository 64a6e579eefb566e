"""Strict validation of one rule mapping into a `Rule`; every error names its key."""

from __future__ import annotations

import re
from typing import Any, Mapping

import regex

from auditor.kinds import KINDS, ParamError, load_kinds, str_list
from auditor.kinds.pattern import compile_pattern
from auditor.model import CATEGORIES, Context, Example, Rule, Severity
from auditor.ruleset.errors import short_repr

COMMON_KEYS = frozenset(
    {"id", "kind", "category", "severity", "message", "languages", "description", "link", "fix", "context", "examples"}
)
REQUIRED_KEYS = ("id", "kind", "category", "severity", "message", "languages", "examples")
CONTEXT_KEYS = frozenset({"mentions", "near", "within", "unless"})
ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
LANG_RE = re.compile(r"^(?:\*|[a-z]{2,3})$")
_MARK_RE = re.compile(r"\[\[(.+?)\]\]", re.S)


class SchemaError(Exception):
    """A rule mapping is invalid at `key` (a dotted path inside the rule)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def parse_example(raw: Any, key: str, marked: bool) -> Example:
    """Parse an example string (or {text, suggestion}) with [[...]] span marks."""
    suggestion = None
    if isinstance(raw, dict):
        extra = set(raw) - {"text", "suggestion"}
        if extra:
            raise SchemaError(key, f"key '{key}': unknown key '{sorted(extra)[0]}' in example")
        suggestion = raw.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            raise SchemaError(key, f"key '{key}': 'suggestion' must be a string")
        raw = raw.get("text")
    if not isinstance(raw, str) or not raw:
        raise SchemaError(key, f"key '{key}': an example must be a non-empty string or a mapping with 'text'")
    spans = []
    parts = []
    pos = 0
    out_len = 0
    for m in _MARK_RE.finditer(raw):
        parts.append(raw[pos : m.start()])
        out_len += m.start() - pos
        spans.append((out_len, out_len + len(m.group(1))))
        parts.append(m.group(1))
        out_len += len(m.group(1))
        pos = m.end()
    parts.append(raw[pos:])
    text = "".join(parts)
    if marked and not spans:
        raise SchemaError(key, f"key '{key}': a flag example must mark its span with [[...]]: {short_repr(raw)}")
    if not marked and spans:
        raise SchemaError(key, f"key '{key}': a pass example must not contain [[...]] marks")
    if "[[" in text or "]]" in text:
        raise SchemaError(key, f"key '{key}': unbalanced [[...]] marks in {short_repr(raw)}")
    return Example(text, tuple(spans), suggestion)


def _parse_examples(raw: Any) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """Parse the `examples` mapping: non-empty `flag` and `pass` lists."""
    if not isinstance(raw, dict):
        raise SchemaError("examples", "key 'examples': must be a mapping with 'flag' and 'pass' lists")
    extra = set(raw) - {"flag", "pass"}
    if extra:
        raise SchemaError("examples", f"key 'examples': unknown key '{sorted(extra)[0]}'")
    out = []
    for part, marked in (("flag", True), ("pass", False)):
        items = raw.get(part)
        if not isinstance(items, list) or not items:
            raise SchemaError(f"examples.{part}", f"key 'examples.{part}': must be a non-empty list")
        out.append(tuple(parse_example(item, f"examples.{part}", marked) for item in items))
    return out[0], out[1]


def _parse_context(raw: Any) -> Context:
    """Parse the optional `context` mapping."""
    if not isinstance(raw, dict):
        raise SchemaError("context", "key 'context': must be a mapping")
    extra = set(raw) - CONTEXT_KEYS
    if extra:
        raise SchemaError(f"context.{sorted(extra)[0]}", f"unknown key 'context.{sorted(extra)[0]}'")
    try:
        mentions = str_list(raw["mentions"], "context.mentions") if "mentions" in raw else ()
        near = str_list(raw["near"], "context.near") if "near" in raw else ()
        unless = str_list(raw["unless"], "context.unless") if "unless" in raw else ()
    except ParamError as exc:
        raise SchemaError(exc.key, exc.message) from None
    within = raw.get("within")
    if within is not None:
        if not near:
            raise SchemaError("context.within", "key 'context.within': needs 'context.near'")
        if not isinstance(within, int) or isinstance(within, bool) or within < 1:
            raise SchemaError("context.within", "key 'context.within': must be a positive whole number of words")
    for i, pat in enumerate(unless):
        try:
            compile_pattern(pat, regex.V0, "context.unless")
        except ParamError as exc:
            reason = exc.message.removeprefix("key 'context.unless': ")
            raise SchemaError(exc.key, f"key 'context.unless': antipattern {i + 1}: {reason}") from None
    return Context(mentions, near, within, unless)


def parse_rule(raw: Mapping[str, Any], source: str = "") -> Rule:
    """Validate one rule mapping (defaults already merged) and return a `Rule`."""
    kinds = load_kinds()
    kind_name = raw.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kinds:
        raise SchemaError("kind", f"key 'kind': must be one of {', '.join(sorted(kinds))}, got {short_repr(kind_name)}")
    kind = KINDS[kind_name]
    for key in raw:
        if key not in COMMON_KEYS and key not in kind.keys:
            raise SchemaError(str(key), f"unknown key '{key}' for a {kind_name} rule")
    for key in (*REQUIRED_KEYS, *sorted(kind.required)):
        if key not in raw:
            raise SchemaError(key, f"missing required key '{key}'")
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        raise SchemaError("id", f"key 'id': must be dotted lowercase like 'fr.entity.name-variant', got {short_repr(rule_id)}")
    category = raw["category"]
    dim, _, sub = category.partition("/") if isinstance(category, str) else ("", "", "")
    if dim not in CATEGORIES or sub not in CATEGORIES[dim]:
        raise SchemaError("category", f"key 'category': unknown MQM category {short_repr(category)} (see docs/rule-format.md)")
    try:
        # Enum's own ValueError would repr the whole value: a non-string never reaches it.
        severity = Severity(raw["severity"] if isinstance(raw["severity"], str) else "")
    except ValueError:
        raise SchemaError("severity", f"key 'severity': must be minor, major or critical, got {short_repr(raw['severity'])}") from None
    message = raw["message"]
    if not isinstance(message, str) or not message.strip():
        raise SchemaError("message", "key 'message': must be a non-empty string")
    try:
        languages = str_list(raw["languages"], "languages")
    except ParamError as exc:
        raise SchemaError(exc.key, exc.message) from None
    for lang in languages:
        if not LANG_RE.match(lang):
            raise SchemaError("languages", f"key 'languages': {short_repr(lang)} is not a language code or '*'")
    for key in ("description", "link"):
        if key in raw and not isinstance(raw[key], str):
            raise SchemaError(key, f"key '{key}': must be a string")
    fix = raw.get("fix", "")
    if fix not in ("", "auto", "never"):
        raise SchemaError("fix", f"key 'fix': must be 'auto' or 'never', got {short_repr(fix)}")
    try:
        params = kind.parse({k: v for k, v in raw.items() if k in kind.keys})
    except ParamError as exc:
        raise SchemaError(exc.key, exc.message) from None
    if fix == "auto" and kind_name == "substitution":
        ambiguous = [w for w, r in params["replace"].items() if len(r) != 1]
        if ambiguous:
            raise SchemaError("fix", f"key 'fix': 'auto' needs exactly one suggestion per form; {short_repr(ambiguous[0])} has {len(params['replace'][ambiguous[0]])}")
    context = _parse_context(raw["context"]) if "context" in raw else Context()
    flag, passing = _parse_examples(raw["examples"])
    return Rule(
        id=rule_id,
        kind=kind_name,
        category=category,
        severity=severity,
        message=message.strip(),
        languages=languages,
        params=params,
        context=context,
        description=raw.get("description", ""),
        link=raw.get("link", ""),
        fix=fix == "auto",
        flag_examples=flag,
        pass_examples=passing,
        source=source,
    )
