"""Load rule files and folders into one validated, layered `RuleSet`."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from auditor import __version__, usercache
from auditor.model import UNUSED_SUPPRESSION, Rule, Severity
from auditor.ruleset.errors import RuleError
from auditor.ruleset.schema import SchemaError, parse_rule

FILE_KEYS = frozenset({"rules", "gazetteer", "defaults", "transliteration"})
def _yaml() -> Any:
    """PyYAML, imported on first need: rule files served from the user cache never need it."""
    import yaml

    return yaml


def safe_load(text: str) -> Any:
    """Parse YAML text with the safe loader: plain data only, never arbitrary objects.

    libyaml's build of the safe loader is used when PyYAML has it: the same safe
    constructors as yaml.safe_load, about eight times faster.
    """
    yaml = _yaml()
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RuleSet:
    """The rules and gazetteer entries in force, with a hash that identifies them."""

    rules: tuple[Rule, ...]
    gazetteer: tuple[Any, ...]
    files: tuple[str, ...]
    digest: str
    report_unused: bool = True  # report inline suppressions that silence nothing (auditor.unused-suppression)

    def by_id(self) -> Mapping[str, Rule]:
        """Return the rules keyed by id."""
        return {r.id: r for r in self.rules}


def builtin_rules_dir() -> Path:
    """Return the folder of the built-in rules, installed or in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_builtin_rules"  # where pyproject.toml installs rules/
    if installed.is_dir():
        return installed
    # Running from a source checkout without installing: rules/ sits beside auditor/.
    return package.parent / "rules"


def rule_files(path: Path) -> list[Path]:
    """Return the YAML files of a rule path (a file, or a folder searched recursively), sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
    return [path]


def _node_line(node: Any, keys: Sequence[Any]) -> int | None:
    """Follow a path of keys/indexes through a composed YAML node; return its 1-based line."""
    yaml = _yaml()
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = None
            for k, v in node.value:
                if k.value == key:
                    found = (k, v)
                    break
            if found is None:
                return line
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _line_of(text: str, keys: Sequence[Any]) -> int | None:
    """Return the line of a key path in YAML text (composed only when an error is reported)."""
    yaml = _yaml()
    try:
        return _node_line(yaml.compose(text, Loader=yaml.SafeLoader), keys)
    except yaml.YAMLError:
        return None


def _parse_gazetteer_entry(raw: Any) -> Any:
    """Validate one gazetteer entry with the entity module."""
    from auditor.entities.gazetteer import parse_item  # imported lazily: only gazetteer files need it

    return parse_item(raw)


def load_file(path: Path, display: str | None = None) -> tuple[list[Rule], list[Any]]:
    """Load and validate one rule file; raise RuleError naming file, line, rule and key.

    A file that validated before is taken from the user cache (keyed by its name, its
    bytes and the package source): parsing YAML is most of a one-article check's start-up.
    """
    name = display or str(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, None, f"cannot read rule file: {exc}") from None
    key = usercache.entry_key("rule-file", name, data)
    cached = usercache.load("rules", key)
    if _valid_entry(cached):
        return list(cached[0]), list(cached[1])
    loaded = parse_file(text, name)
    usercache.store("rules", key, loaded)  # only files that validated are kept
    return loaded


def _valid_entry(cached: Any) -> bool:
    """Whether a user-cache entry has the shape `load_file` stores: (list of Rule, list of gazetteer items).

    Gazetteer items are entries and noun patches (the files of generated noun renderings):
    an entry refused for holding patches was parsed again, YAML and all, in every process.
    """
    if not (isinstance(cached, tuple) and len(cached) == 2 and all(isinstance(part, list) for part in cached)):
        return False
    if not all(isinstance(r, Rule) for r in cached[0]):
        return False
    if not cached[1]:
        return True
    from auditor.entities.gazetteer import Entry, NounPatch  # imported lazily: only gazetteer files need it

    return all(isinstance(e, (Entry, NounPatch)) for e in cached[1])


def parse_file(text: str, name: str) -> tuple[list[Rule], list[Any]]:
    """Parse and validate the text of one rule file named `name`."""
    # Imported before the `try`: an `except` clause that imports evaluates during a Ctrl-C
    # raised inside that very import, and its AttributeError would replace the interrupt.
    yaml = _yaml()
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(name, line, f"invalid YAML: {problem}") from None
    if data is None:
        return [], []
    if "*" in text:  # no alias can occur without one
        check_aliases(data, text, name)
    if not isinstance(data, dict):
        raise RuleError(name, 1, "a rule file must be a mapping with 'rules' and/or 'gazetteer'")
    for key in data:
        if key not in FILE_KEYS:
            raise RuleError(name, _line_of(text, [key]), f"unknown top-level key '{key}' (expected rules, gazetteer, defaults, transliteration)")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise RuleError(name, _line_of(text, ["defaults"]), "key 'defaults': must be a mapping")
    rules: list[Rule] = []
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RuleError(name, _line_of(text, ["rules"]), "key 'rules': must be a list")
    for i, raw in enumerate(raw_rules):
        if not isinstance(raw, dict):
            raise RuleError(name, _line_of(text, ["rules", i]), f"rule {i + 1}: must be a mapping")
        rule_id = raw.get("id") if isinstance(raw.get("id"), str) else f"#{i + 1}"
        merged = {**defaults, **raw}
        try:
            rules.append(parse_rule(merged, source=f"{name}#{i + 1}"))
        except SchemaError as exc:
            top = exc.key.split(".")[0]
            # Lines are looked up only now: composing the YAML again costs nothing on success.
            if top in raw:
                line = _line_of(text, ["rules", i, *exc.key.split(".")])
            else:
                line = _line_of(text, ["defaults", top]) if top in defaults else _line_of(text, ["rules", i])
            raise RuleError(name, line, exc.message, rule_id=rule_id, key=exc.key) from None
    entries: list[Any] = []
    raw_gaz = data.get("gazetteer") or []
    if not isinstance(raw_gaz, list):
        raise RuleError(name, _line_of(text, ["gazetteer"]), "key 'gazetteer': must be a list")
    for i, raw in enumerate(raw_gaz):
        entry_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
        try:
            entries.append(_parse_gazetteer_entry(raw))
        except Exception as exc:  # GazetteerError carries .key; anything else is a bug to surface
            key = getattr(exc, "key", None)
            if key is None:
                raise
            line = _line_of(text, ["gazetteer", i, key]) if key else _line_of(text, ["gazetteer", i])
            msg = getattr(exc, "message", str(exc))
            raise RuleError(name, line, msg, rule_id=f"gazetteer:{entry_id}", key=key) from None
    if "transliteration" in data:
        _check_transliteration(data["transliteration"], text, name)
    return rules, entries


# YAML aliases let a few hundred bytes stand for gigabytes once expanded (a "billion
# laughs" file): the loader shares the aliased objects, but anything that walks or prints
# the value expands it. Aliases may add at most this much to a file's own size.
ALIAS_BUDGET = 10_000  # nodes, a string counting one per 100 characters


def _weight(item: Any) -> int:
    """The size of one scalar for the alias budget."""
    return 1 + len(item) // 100 if isinstance(item, str) else 1


def check_aliases(data: Any, text: str, name: str) -> None:
    """Raise RuleError when aliases expand the loaded data by more than ALIAS_BUDGET nodes, or refer to themselves.

    The loader gives each anchored value one object, so sizes are computed once per
    distinct object: the check costs the size of the file, not of its expansion. A short
    scalar counts as the file's own at each occurrence (True or 1 are shared objects anyway).
    """
    sizes: dict[int, int] = {}  # distinct container -> expanded size
    own = 0  # the size of the file's own nodes
    seen_long: set[int] = set()
    open_ids: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        item, done = stack.pop()
        key = id(item)
        if not isinstance(item, (list, dict)):
            if key not in sizes:  # only the root can be a lone scalar
                sizes[key] = _weight(item)
                own += sizes[key]
            continue
        children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
        if not done:
            if key in sizes:
                continue  # an alias of a value already sized
            if key in open_ids:
                raise RuleError(name, _alias_line(text), "a YAML alias refers to a value that contains it (recursive alias)")
            open_ids.add(key)
            stack.append((item, True))
            stack.extend((c, False) for c in children if isinstance(c, (list, dict)))
            continue
        open_ids.discard(key)
        size = own_here = 1
        for c in children:
            if isinstance(c, (list, dict)):
                size += sizes[id(c)]
                continue
            weight = _weight(c)
            size += weight
            if weight == 1 or id(c) not in seen_long:
                own_here += weight
                if weight > 1:
                    seen_long.add(id(c))
        sizes[key] = size
        own += own_here
        # A part's expansion beyond the nodes seen so far bounds the whole file's from below.
        if size - own > ALIAS_BUDGET:
            raise RuleError(name, _alias_line(text), f"YAML aliases expand this file by more than {ALIAS_BUDGET} nodes; write the values out instead")


def _alias_line(text: str) -> int | None:
    """The line of the first YAML alias (*name) in a file, for error messages."""
    m = re.search(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 + (text[m.start()] == "\n") if m else None


def _check_transliteration(raw: Any, text: str, name: str) -> None:
    """Validate a transliteration table with the entity module; raise RuleError at the offending line."""
    from auditor.entities.translit import TransliterationError, parse_table, table_error_path  # lazy, as above

    try:
        parse_table(raw)
    except TransliterationError as exc:
        raise RuleError(name, _line_of(text, table_error_path(exc.key)), exc.message, key=f"transliteration.{exc.key}".rstrip(".")) from None


def selects(rule_id: str, selector: str) -> bool:
    """True when `selector` is the rule id or a dotted prefix of it."""
    return rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".")


def load_ruleset(
    paths: Iterable[Path] = (),
    builtin: bool = True,
    disable: Iterable[str] = (),
    severities: Mapping[str, str] | None = None,
    select: Iterable[str] = (),
) -> RuleSet:
    """Load built-in and user rules, keep the selected ones (all when `select` is empty), apply
    disables and severity overrides, and hash the result."""
    files: list[tuple[Path, str]] = []
    if builtin:
        base = builtin_rules_dir()
        files += [(p, f"rules/{p.relative_to(base).as_posix()}") for p in rule_files(base)]
    for path in paths:
        if not path.exists():
            raise RuleError(str(path), None, "rule path does not exist")
        files += [(p, str(p)) for p in rule_files(path)]
    rules: dict[str, Rule] = {}
    entries: list[Any] = []  # entries and noun patches, in load order
    hasher = hashlib.sha256(f"auditor {__version__}\n".encode())
    for path, display in files:
        file_rules, file_entries = load_file(path, display)
        hasher.update(display.encode() + b"\0" + path.read_bytes() + b"\0")
        for rule in file_rules:
            if rule.id in rules and rules[rule.id].source.split("#")[0] == display:
                raise RuleError(display, None, f"duplicate rule id '{rule.id}'", rule_id=rule.id, key="id")
            rules[rule.id] = rule  # a later file overrides a rule of the same id: layering
        entries.extend(file_entries)
    disable, select = tuple(disable), tuple(select)
    # As in ruff: --select narrows to the named ids or prefixes, then --disable removes from them.
    kept = [r for r in rules.values() if (not select or any(selects(r.id, s) for s in select)) and not any(selects(r.id, d) for d in disable)]
    overrides = dict(severities or {})
    for selector, level in overrides.items():
        try:
            Severity(level)
        except ValueError:
            raise RuleError("--severity", None, f"severity for '{selector}' must be minor, major or critical, got {level!r}") from None
    if overrides:
        # The longest matching selector wins, so 'fr.entity.x' beats 'fr.entity'.
        adjusted = []
        for rule in kept:
            best = max((s for s in overrides if selects(rule.id, s)), key=len, default=None)
            adjusted.append(replace(rule, severity=Severity(overrides[best])) if best else rule)
        kept = adjusted
    kept.sort(key=lambda r: r.id)
    settings: dict[str, Any] = {"disable": sorted(disable), "severity": overrides}
    if select:  # only when used: the rules hash of every earlier run stays what it was
        settings["select"] = sorted(select)
    hasher.update(json.dumps(settings, sort_keys=True).encode())
    # The unused-suppression finding is selected and disabled like a rule (ruff's RUF100 is too).
    report_unused = (not select or any(selects(UNUSED_SUPPRESSION, s) for s in select)) and not any(selects(UNUSED_SUPPRESSION, d) for d in disable)
    return RuleSet(tuple(kept), _layer_gazetteer(entries), tuple(d for _, d in files), hasher.hexdigest()[:16], report_unused)


def _layer_gazetteer(items: list[Any]) -> tuple[Any, ...]:
    """Resolve gazetteer items in load order (a later entry wins, patches apply), with the entity module."""
    if not items:
        return ()
    from auditor.entities.gazetteer import layer_entries  # imported lazily: only gazetteer files need it

    return layer_entries(items)
