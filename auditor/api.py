"""The public Python API: an `Auditor` built from the command line's options, text in, results out.

    >>> from auditor import Auditor
    >>> result = Auditor(language="fr").audit_text("Le patron de Tesla, Ilon Musk, a parlé.")
    >>> result.findings[0].rule_id, result.to_dict()["verdict"]

An `Auditor` holds only its settings; rules are loaded and compiled on first use, in the
process that uses them. It therefore pickles with the standard `pickle` module and can be
shipped to multiprocessing, Dask, Spark or Ray workers, which compile once each.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from auditor.fixes import Edit, apply_edits, safe_edits
from auditor.model import DocumentResult

if TYPE_CHECKING:
    from auditor.run.pipeline import Options
    from auditor.scanner import Engine

RECORD_SUFFIXES = (".json", ".jsonl")


@dataclass(frozen=True)
class Settings:
    """An Auditor's configuration: plain values, the same as the command line's options."""

    rules: tuple[str, ...] = ()
    builtin: bool = True
    select: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    language: str | None = None  # None: the configuration's, else "auto"
    weights: str = ""  # "minor=1,major=5,critical=25"
    pass_threshold: float | None = None
    review_threshold: float | None = None
    min_words: int | None = None
    regex_timeout: float = 1.0
    config: str | None = None  # auditor.toml or pyproject.toml; None: no configuration file
    config_values: Mapping[str, Any] = field(default_factory=dict, compare=False)  # read at construction


def _namespace(settings: Settings) -> argparse.Namespace:
    """The `scan` options these settings stand for: configuration defaults first, then the settings."""
    from auditor.cli import build_parser
    from auditor.config import Config

    parser = build_parser(Config(defaults=dict(settings.config_values)))
    args = parser.parse_args(["scan", "-"])
    chosen: dict[str, Any] = {"no_builtin": not settings.builtin}
    if settings.rules:
        chosen["rules"] = [*args.rules, *settings.rules]
    if settings.select:
        chosen["select"] = list(settings.select)
    if settings.disable:
        chosen["disable"] = [*args.disable, *settings.disable]
    if settings.severity:
        chosen["severity"] = [*args.severity, *(f"{k}={v}" for k, v in settings.severity)]
    for dest, value in (
        ("lang", settings.language),
        ("pass_threshold", settings.pass_threshold),
        ("review_threshold", settings.review_threshold),
        ("min_words", settings.min_words),
        ("weights", settings.weights or None),
    ):
        if value is not None:
            chosen[dest] = value
    for dest, value in chosen.items():
        setattr(args, dest, value)
    return args


class Auditor:
    """Audits texts and files with one rule set and one scoring; safe to pickle, compiles lazily.

    The keyword arguments are the command line's options: `rules` (extra rule files or
    folders), `builtin=False` (`--no-builtin`), `select`, `disable`, `severity`
    (`{"fr.entity": "minor"}`), `language` ("auto" or a code), `weights`
    ("minor=1,major=5,critical=25"), `pass_threshold`, `review_threshold`, `min_words`,
    `regex_timeout`, and `config` (an auditor.toml or pyproject.toml whose settings are the
    defaults, as `--config` gives them). Bad rules or values raise `RuleError`, `UsageError`
    or `ConfigError` when the Auditor is built, with the message the CLI prints.
    """

    def __init__(
        self,
        *,
        rules: Sequence[str | Path] = (),
        builtin: bool = True,
        select: Sequence[str] = (),
        disable: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
        language: str | None = None,
        weights: str = "",
        pass_threshold: float | None = None,
        review_threshold: float | None = None,
        min_words: int | None = None,
        regex_timeout: float = 1.0,
        config: str | Path | None = None,
    ) -> None:
        values: Mapping[str, Any] = {}
        if config is not None:
            from auditor.config import load_config

            values = load_config(str(config)).defaults
        self.settings = Settings(
            rules=tuple(str(p) for p in rules),
            builtin=builtin,
            select=tuple(select),
            disable=tuple(disable),
            severity=tuple((severity or {}).items()),
            language=language,
            weights=weights,
            pass_threshold=pass_threshold,
            review_threshold=review_threshold,
            min_words=min_words,
            regex_timeout=regex_timeout,
            config=None if config is None else str(config),
            config_values=values,
        )
        self._engine: Engine | None = None
        self._options: Options | None = None
        self._build()  # errors surface here, where the Auditor is made, not in a remote worker

    def _build(self) -> tuple[Engine, Options]:
        """Load the rules and scoring the settings describe (once per process)."""
        if self._engine is None or self._options is None:
            from auditor.commands.common import per_path_from_args, ruleset_from_args, scoring_from_args
            from auditor.run.pipeline import Options
            from auditor.scanner import Engine

            args = _namespace(self.settings)
            if self.settings.regex_timeout <= 0:
                from auditor.commands.common import UsageError

                raise UsageError("regex_timeout must be > 0")
            self._options = Options(
                language=args.lang, scoring=scoring_from_args(args), fail_on=args.fail_on, per_path=per_path_from_args(args)
            )
            self._engine = Engine(ruleset_from_args(args), {"regex_timeout": self.settings.regex_timeout})
        return self._engine, self._options

    def __getstate__(self) -> dict[str, Any]:
        """Only the settings travel: compiled rules hold closures, and each process compiles its own."""
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Rebuild from the settings; rules load on first use."""
        self.settings = state["settings"]
        self._engine = None
        self._options = None

    def __repr__(self) -> str:
        return f"Auditor({self.settings!r})"

    def audit_text(self, text: str, path: str = "<text>", source: str = ".") -> DocumentResult:
        """Audit one text; `path` names it in the result (a .md path audits it as Markdown)."""
        from auditor.inputs.markup import markup_of
        from auditor.inputs.discover import Source
        from auditor.run.pipeline import audit_text

        engine, options = self._build()
        if options.per_path is not None:
            engine, options, _ = options.per_path.resolve(Source(Path(path), path, path, source), engine, options)
        return audit_text(text, engine, options, path=path, key=path, source=source, markup=markup_of(path))

    def audit_file(self, path: str | Path) -> DocumentResult:
        """Read, decode and audit one .txt, .md or .html file as `scan` does; an unreadable file is an error result."""
        from auditor.inputs.discover import Source
        from auditor.run.pipeline import audit_source

        name = str(path)
        if name.lower().endswith(RECORD_SUFFIXES):
            raise ValueError(f"{name}: a JSON file holds many records: audit each record's text with audit_text")
        engine, options = self._build()
        return audit_source(Source(Path(name), name, name, "."), engine, options, keep_text=False).result

    def fix_text(self, text: str, path: str = "<text>") -> tuple[str, tuple[Edit, ...]]:
        """Return `text` with the safe fixes applied (rules marked `fix: auto`), and the fixes applied."""
        edits = tuple(safe_edits(self.audit_text(text, path).findings, text))
        return (apply_edits(text, edits) if edits else text), edits


def audit_text(text: str, path: str = "<text>", **options: Any) -> DocumentResult:
    """Audit one text with an `Auditor` built from `options` (build one Auditor for many texts)."""
    return Auditor(**options).audit_text(text, path)


def result_record(result: DocumentResult) -> dict[str, Any]:
    """The per-file JSON record of a result, as the report folder writes it."""
    from auditor.reporters.wire import document_record

    return document_record(result)


__all__ = ["Auditor", "DocumentResult", "Edit", "audit_text", "result_record"]
