"""Per-path settings: the configuration's [[per-path]] tables give the documents under a glob their own rules and language."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from auditor.inputs.discover import Source
    from auditor.run.pipeline import Options
    from auditor.scanner import Engine

PER_PATH = "per-path"
# The keys of one table and their configuration kinds (as auditor.config checks them).
PER_PATH_FIELDS: Mapping[str, str] = {"path": "str", "select": "list", "disable": "list", "severity": "table", "language": "str"}


@dataclass(frozen=True)
class PathSettings:
    """One [[per-path]] table: a glob and the settings of the documents it matches."""

    path: str
    select: tuple[str, ...] | None = None  # None: the run's selection stands
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    language: str | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> PathSettings:
        """Build from a validated TOML table."""
        select = table.get("select")
        return cls(
            path=table["path"],
            select=tuple(select) if select is not None else None,
            disable=tuple(table.get("disable", ())),
            severity=tuple(table.get("severity", {}).items()),
            language=table.get("language"),
        )

    def to_table(self) -> dict[str, Any]:
        """The TOML table this was read from (keys that were given only)."""
        out: dict[str, Any] = {"path": self.path}
        if self.select is not None:
            out["select"] = list(self.select)
        if self.disable:
            out["disable"] = list(self.disable)
        if self.severity:
            out["severity"] = dict(self.severity)
        if self.language is not None:
            out["language"] = self.language
        return out

    def matches(self, names: tuple[str, ...]) -> bool:
        """True when the glob matches one of a document's names."""
        return any(fnmatch.fnmatchcase(name, self.path) for name in names)


@dataclass(frozen=True)
class RuleSource:
    """How the run's rules were loaded, so that they can be loaded again with a table's settings."""

    paths: tuple[str, ...] = ()
    builtin: bool = True
    select: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()


@dataclass
class PerPath:
    """The run's [[per-path]] tables and the engines of their combinations, built once per process on first use.

    Tables apply in order to the documents they match: `disable` adds to the run's, `select`
    replaces the selection, `severity` overrides, and the last `language` wins.
    """

    base: RuleSource
    tables: tuple[PathSettings, ...]
    _engines: dict[tuple[tuple[int, ...], int], Engine] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # Workers build their own engines: compiled rules do not cross a process boundary.
        return {"base": self.base, "tables": self.tables, "_engines": {}}

    def digest(self) -> str:
        """Hash the tables: part of the run's signature, hence of every cache key."""
        data = [table.to_table() for table in self.tables]
        return hashlib.blake2b(json.dumps(data, sort_keys=True).encode(), digest_size=8).hexdigest()

    def names(self, src: Source) -> tuple[str, ...]:
        """What a glob is matched against: the key (the path below the scan root) and the path as shown, and every
        tail of them after a '/', so that "siteB/*" means the same to `scan corpus/` and to `check corpus/siteB/a.txt`."""
        names: dict[str, None] = {}
        for name in (src.key, src.display.replace(os.sep, "/")):
            parts = name.split("/")
            names.update(dict.fromkeys("/".join(parts[i:]) for i in range(len(parts))))
        return tuple(names)

    def matching(self, src: Source) -> tuple[int, ...]:
        """The indices of the tables whose glob matches the source."""
        names = self.names(src)
        return tuple(i for i, t in enumerate(self.tables) if t.matches(names))

    def resolve(self, src: Source, engine: Engine, options: Options) -> tuple[Engine, Options, str]:
        """The engine and options for one source, and a tag for its cache key ('' when no table matches)."""
        found = self.matching(src)
        if not found:
            return engine, options, ""
        variant = self.engine(found, engine)
        language = next((self.tables[i].language for i in reversed(found) if self.tables[i].language), None)
        if language is not None:
            options = replace(options, language=language)
        return variant, options, f"{PER_PATH}:{variant.ruleset.digest}:{options.language}"

    def engine(self, found: tuple[int, ...], engine: Engine) -> Engine:
        """The engine of one combination of tables, sharing the run's engine options and batch knowledge."""
        key = (found, id(engine.batch))
        variant = self._engines.get(key)
        if variant is None:
            from auditor.ruleset.loader import load_ruleset
            from auditor.scanner import Engine

            select, disable, severity = self.base.select, list(self.base.disable), dict(self.base.severity)
            for i in found:
                table = self.tables[i]
                select = table.select if table.select is not None else select
                disable += table.disable
                severity.update(table.severity)
            ruleset = load_ruleset([Path(p) for p in self.base.paths], builtin=self.base.builtin, disable=disable, severities=severity, select=select)
            variant = self._engines[key] = Engine(ruleset, engine.options, batch=engine.batch)
        return variant

    def check(self, engine: Engine) -> None:
        """Load every table's rules once, so that a wrong setting stops the run before any document is read."""
        for i in range(len(self.tables)):
            self.engine((i,), engine)
