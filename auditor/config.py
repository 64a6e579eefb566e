"""Configuration files: `auditor.toml` or `[tool.auditor]` in pyproject.toml, validated strictly.

A configuration only changes the defaults of command-line options, so any flag given on
the command line wins. Every key maps to option destinations through one table (`KEYS`):
adding a setting touches one place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from auditor.model import Severity
from auditor.run.perpath import PER_PATH, PER_PATH_FIELDS, PathSettings
from auditor.run.pipeline import DEFAULT_FAIL_ON, FAIL_ON
from auditor.scoring import DEFAULT_MIN_WORDS

CONFIG_NAME = "auditor.toml"
PYPROJECT = "pyproject.toml"
COLOR = ("auto", "always", "never")


class ConfigError(Exception):
    """A configuration file is unreadable or holds a wrong key or value; exit code 2."""


@dataclass(frozen=True)
class Key:
    """One configuration key: its TOML type, how it becomes option defaults, how it reads back."""

    name: str
    kind: str  # str, bool, int, number, list, table
    to_args: Callable[[Any, Path], dict[str, Any]]
    from_args: Callable[[Any], Any]
    help: str
    choices: tuple[str, ...] = ()


def _path(value: str, base: Path) -> str:
    """Resolve a path from a config file against the file's folder."""
    return str((base / value).resolve()) if value and not Path(value).is_absolute() else value


def _same(dest: str) -> Callable[[Any, Path], dict[str, Any]]:
    """Map a key straight onto one option destination."""
    return lambda value, _base: {dest: value}


def _get(dest: str, default: Any = None) -> Callable[[Any], Any]:
    """Read one option destination back."""
    return lambda args: getattr(args, dest, default)


def _weights_to_args(value: Mapping[str, float], _base: Path) -> dict[str, Any]:
    """Turn {minor = 1, major = 5} into the --weights string."""
    return {"weights": ",".join(f"{k}={v:g}" for k, v in value.items())}


def _weights_from_args(args: Any) -> dict[str, float]:
    """Read --weights back as a table with all three severities."""
    from auditor.scoring import parse_weights

    weights = parse_weights(getattr(args, "weights", "") or "")
    return {s.value: weights[s] for s in Severity}


def _thresholds_to_args(value: Mapping[str, float], _base: Path) -> dict[str, Any]:
    """Turn {pass = 99, review = 95} into the threshold options."""
    out = {}
    if "pass" in value:
        out["pass_threshold"] = float(value["pass"])
    if "review" in value:
        out["review_threshold"] = float(value["review"])
    return out


KEYS: Mapping[str, Key] = {
    k.name: k
    for k in (
        Key("rules", "list", lambda v, b: {"rules": [_path(p, b) for p in v]}, _get("rules", []), "extra rule files or folders"),
        Key("builtin", "bool", lambda v, _b: {"no_builtin": not v}, lambda a: not getattr(a, "no_builtin", False), "load the built-in rules"),
        Key("select", "list", _same("select"), _get("select", []), "run only these rule ids or id prefixes"),
        Key("disable", "list", _same("disable"), _get("disable", []), "rule ids or id prefixes to disable"),
        Key(
            "severity",
            "table",
            lambda v, _b: {"severity": [f"{k}={lvl}" for k, lvl in v.items()]},
            lambda a: dict(item.partition("=")[::2] for item in getattr(a, "severity", [])),
            "severity overrides: rule id or prefix = minor|major|critical",
        ),
        Key("language", "str", _same("lang"), _get("lang", "auto"), "document language, or auto"),
        Key("fail_on", "str", _same("fail_on"), _get("fail_on", DEFAULT_FAIL_ON), "exit 1 from this verdict or severity", FAIL_ON),
        Key("weights", "table", _weights_to_args, _weights_from_args, "MQM severity weights"),
        Key(
            "thresholds",
            "table",
            _thresholds_to_args,
            lambda a: {"pass": getattr(a, "pass_threshold", 99.0), "review": getattr(a, "review_threshold", 95.0)},
            "lowest passing and lowest reviewed score",
        ),
        Key("min_words", "int", _same("min_words"), _get("min_words", DEFAULT_MIN_WORDS), "shorter documents are scored as if this long"),
        Key("format", "str", _same("format"), _get("format", "text"), "what to print on stdout"),
        Key("reports", "list", _same("report"), _get("report", []), "extra formats written into the run folder"),
        Key("out", "str", lambda v, b: {"out": _path(v, b)}, _get("out", "reports"), "report folder"),
        Key("excel", "bool", _same("excel"), _get("excel", False), "CSV with a UTF-8 BOM"),
        Key("csv_dialect", "str", _same("csv_dialect"), _get("csv_dialect", "rfc4180"), "CSV flavour", ("excel", "excel-fr", "rfc4180")),
        Key("include", "list", _same("include"), _get("include", []), "only audit files matching these globs"),
        Key("exclude", "list", _same("exclude"), _get("exclude", []), "skip files matching these globs"),
        Key("max_bytes", "int", _same("max_bytes"), _get("max_bytes"), "larger files become error rows"),
        Key("baseline", "str", lambda v, b: {"baseline": _path(v, b)}, _get("baseline", ""), "accepted findings file"),
        Key("refs", "str", lambda v, b: {"refs": _path(v, b)}, _get("refs", ""), "folder of reference translations (same relative paths)"),
        Key("color", "str", _same("color"), _get("color", "auto"), "colour on terminals", COLOR),
        Key(
            PER_PATH,
            "per-path",
            lambda v, _b: {"per_path": tuple(PathSettings.from_table(t) for t in v)},
            lambda a: [p.to_table() for p in getattr(a, "per_path", ())],
            "[[per-path]] tables: path glob, then select, disable, severity, language for the documents it matches",
        ),
    )
}
_TABLE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "weights": tuple(s.value for s in Severity),
    "thresholds": ("pass", "review"),
}


@dataclass(frozen=True)
class Config:
    """A validated configuration: where it came from and the option defaults it sets."""

    path: str = ""  # "" when no file was found or --no-config was given
    values: Mapping[str, Any] = field(default_factory=dict)  # TOML key -> value as written
    defaults: Mapping[str, Any] = field(default_factory=dict)  # option dest -> default


def find_config(start: Path) -> tuple[Path, str] | None:
    """Search `start` and its parents for auditor.toml, or a pyproject.toml with [tool.auditor]."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate, ""
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # someone else's broken pyproject is not our configuration
            if isinstance(data.get("tool"), dict) and "auditor" in data["tool"]:
                return pyproject, "tool.auditor"
    return None


def load_config(explicit: str | None = None, disabled: bool = False, cwd: Path | None = None) -> Config:
    """Load the configuration the command line asks for (--config, --no-config, or search)."""
    if disabled:
        return Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        table = "tool.auditor" if path.name == PYPROJECT else ""
    else:
        found = find_config((cwd or Path.cwd()).resolve())
        if found is None:
            return Config()
        path, table = found
    return parse_config(path, table)


def parse_config(path: Path, table: str = "") -> Config:
    """Read and validate one file; `table` is the dotted table holding the settings."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    for part in filter(None, table.split(".")):
        data = data.get(part, {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{table}] must be a table")
    prefix = f"{table}." if table else ""
    defaults: dict[str, Any] = {}
    for name, value in data.items():
        key = KEYS.get(name)
        where = f"{path}:{_line_of(text, name)}" if _line_of(text, name) else str(path)
        if key is None:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{where}: unknown key '{prefix}{name}' (known keys: {known})")
        if key.kind == "per-path":
            _check_per_path(value, text, str(path), where, prefix)
        problem = _check(key, value)
        if problem:
            raise ConfigError(f"{where}: key '{prefix}{name}': {problem}")
        defaults.update(key.to_args(value, path.parent))
    return Config(str(path), dict(data), defaults)


def _line_of(text: str, name: str) -> int:
    """Return the line where `name` is assigned or opens a table (0 when not found)."""
    pattern = re.compile(rf"^\s*(?:\[\s*(?:tool\.auditor\.)?{re.escape(name)}\s*\]|[\"']?{re.escape(name)}[\"']?\s*=)", re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _check_per_path(value: Any, text: str, path: str, where: str, prefix: str) -> None:
    """Validate the [[per-path]] tables, naming the file, the line and the key of the first problem."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise ConfigError(f"{where}: key '{prefix}{PER_PATH}': expected an array of tables ([[{prefix}{PER_PATH}]])")
    headers = [m.start() for m in re.finditer(rf"^\s*\[\[\s*(?:tool\.auditor\.)?{re.escape(PER_PATH)}\s*\]\]", text, re.M)]
    for n, table in enumerate(value):
        start = headers[n] if n < len(headers) else 0
        end = headers[n + 1] if n + 1 < len(headers) else len(text)
        name = f"{prefix}{PER_PATH}[{n + 1}]"
        here = f"{path}:{text.count(chr(10), 0, start) + 1}" if n < len(headers) else where
        if not isinstance(table.get("path"), str) or not table["path"].strip():
            raise ConfigError(f"{here}: table '{name}': 'path' (a glob) is required")
        for sub, item in table.items():
            m = re.compile(rf"^\s*[\"']?{re.escape(sub)}[\"']?\s*=", re.M).search(text, start, end)
            at = f"{path}:{text.count(chr(10), 0, m.start()) + 1}" if m and n < len(headers) else here
            kind = PER_PATH_FIELDS.get(sub)
            if kind is None:
                raise ConfigError(f"{at}: unknown key '{name}.{sub}' (known keys: {', '.join(PER_PATH_FIELDS)})")
            problem = _check(Key(sub, kind, _same(sub), _get(sub), ""), item)
            if problem:
                raise ConfigError(f"{at}: key '{name}.{sub}': {problem}")


def _check(key: Key, value: Any) -> str:
    """Return what is wrong with a value for `key`, or ''."""
    kind = key.kind
    if kind == "str" and not isinstance(value, str):
        return f"expected a string, got {_toml_type(value)}"
    if kind == "bool" and not isinstance(value, bool):
        return f"expected true or false, got {_toml_type(value)}"
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
        return "expected a positive integer"
    if kind == "list" and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        return "expected a list of strings"
    if kind == "per-path":
        return ""  # checked table by table, with their lines, by _check_per_path
    if kind == "table":
        if not isinstance(value, dict):
            return f"expected a table, got {_toml_type(value)}"
        return _check_table(key.name, value)
    if key.choices and value not in key.choices:
        return f"{value!r} is not one of {', '.join(key.choices)}"
    if key.name in ("format", "reports"):
        from auditor.reporters import load_reporters

        names = sorted(load_reporters())
        for v in [value] if isinstance(value, str) else value:
            if v not in names:
                return f"unknown format {v!r} (known: {', '.join(names)})"
    return ""


def _check_table(name: str, value: Mapping[str, Any]) -> str:
    """Validate the fields of a table key."""
    if name == "severity":
        levels = {s.value for s in Severity}
        for rule, level in value.items():
            if level not in levels:
                return f"rule '{rule}': {level!r} is not one of minor, major, critical"
        return ""
    fields = _TABLE_FIELDS[name]
    for sub, number in value.items():
        if sub not in fields:
            return f"unknown field '{sub}' (expected {', '.join(fields)})"
        if not isinstance(number, (int, float)) or isinstance(number, bool) or number < 0:
            return f"field '{sub}' must be a non-negative number"
    if name == "thresholds" and "pass" in value and "review" in value and value["review"] > value["pass"]:
        return "review must not exceed pass"
    return ""


def _toml_type(value: Any) -> str:
    """Name a value's TOML type for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a string" if isinstance(value, str) else type(value).__name__


def effective(args: Any) -> dict[str, Any]:
    """Return every configuration key with the value now in force (file, then flags)."""
    return {name: key.from_args(args) for name, key in KEYS.items()}


def to_toml(values: Mapping[str, Any]) -> str:
    """Write a configuration as auditor.toml text: scalars and arrays first, then tables."""
    lines, tables, arrays = [], [], []
    for name, value in values.items():
        if isinstance(value, dict):
            tables.append((name, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((name, value))
        elif name == PER_PATH and not value:
            continue  # no [[per-path]] table: nothing to write
        elif value is not None:
            lines.append(f"{name} = {_toml_value(value)}")
    for name, table in tables:
        lines.append("")
        lines.append(f"[{name}]")
        for sub, value in table.items():
            sub_key = sub if re.fullmatch(r"[A-Za-z0-9_-]+", sub) else json.dumps(sub, ensure_ascii=False)
            lines.append(f"{sub_key} = {_toml_value(value)}")
    for name, items in arrays:  # arrays of tables come last: a table after them would belong to them
        for item in items:
            lines.append("")
            lines.append(f"[[{name}]]")
            for sub, value in item.items():
                if isinstance(value, dict):
                    inline = ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items())
                    lines.append(f"{sub} = {{{inline}}}")
                else:
                    lines.append(f"{sub} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    """Format a scalar or array as TOML (JSON string escapes are valid TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
