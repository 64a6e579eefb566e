"""`auditor scan`: audit files and folders, write the report folder, print findings."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from auditor import SCORING_VERSION, __version__
from auditor.commands.common import (
    BaselineGate,
    UsageError,
    add_output_arguments,
    add_rule_arguments,
    add_scoring_arguments,
    baseline_from_args,
    documented_rules,
    folder_reporters,
    per_path_from_args,
    ruleset_from_args,
    scoring_from_args,
)
from auditor.inputs.discover import Source, discover, paths_from_lines
from auditor.model import RunSummary
from auditor.config import ConfigError
from auditor.reporters.atomic import deferred_signals, remove_stale_temps
from auditor.ruleset.errors import RuleError
from auditor.run.batch import StartupHeap
from auditor.run.identity import BaselineError
from auditor.run.pipeline import EXIT_ERROR, EXIT_USAGE, LAST_TIMINGS, Options, timings_enabled
from auditor.run.shards import ManifestWriter, Selection, parse_shard
from auditor.run.engines import ENGINES, EngineOptions, EngineUnavailable, EngineUnreachable, ExecutionEngine, make_engine
from auditor.run.signals import as_interrupt, interrupted_exit_code
from auditor.run.pipeline import run as run_pipeline
from auditor.inputs.reading import DEFAULT_MAX_BYTES
from auditor.reporters import RunInfo, load_reporters
from auditor.reporters.csvfmt import DIALECTS
from auditor.reporters.outdir import ReportDir
from auditor.scanner import Engine

if TYPE_CHECKING:
    from auditor.run.cache import Cache

NAME = "scan"
HELP = "audit files and folders and write reports"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `auditor scan`."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to audit ('-': read paths from stdin, one per line)")
    parser.add_argument("--out", default="reports", help="report folder (default: reports)")
    parser.add_argument("--run-id", default="", help="name of the run folder (default: UTC timestamp, suffixed -2, -3… if taken)")
    parser.add_argument("--overwrite", action="store_true", help="let --run-id name a run folder that exists, and replace its reports")
    parser.add_argument("--format", default="text", choices=sorted(load_reporters()), help="what to print on stdout")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="only audit matching files")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip matching files")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger files become error rows")
    parser.add_argument(
        "--follow-symlinks", action="store_true", help="follow links to files outside the scanned folders (default: report them as errors)"
    )
    parser.add_argument("--excel", action="store_true", help="write CSVs with a UTF-8 BOM for Excel")
    parser.add_argument("--parquet", action="store_true", help="also write summary.parquet and findings.parquet, typed (needs auditor[data])")
    parser.add_argument(
        "--csv-dialect",
        default="rfc4180",
        choices=sorted(DIALECTS),
        help="CSV flavour: rfc4180 (default), excel (BOM), excel-fr (';' separator, decimal comma, BOM)",
    )
    parser.add_argument("--refs", default="", metavar="DIR", help="reference translations at the same relative paths: adds BLEU, chrF++ and TER")
    parser.add_argument(
        "--ref-metrics", default="bleu,chrf,ter", metavar="LIST", help="which reference metrics to compute (default: bleu,chrf,ter; TER is slow on long unaligned documents)"
    )
    add_batch_arguments(parser)
    add_rule_arguments(parser)
    add_scoring_arguments(parser)
    add_output_arguments(parser)


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of large runs: parallelism, cache, progress, input formats, time bounds."""
    g = parser.add_argument_group("batch")
    g.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: one per core; 1: no workers)")
    g.add_argument("--no-cache", action="store_true", help="audit every file again instead of reusing results of earlier runs")
    g.add_argument("--quiet", "-q", action="store_true", help="no progress bar or progress lines on stderr")
    g.add_argument("--text-field", default="text", metavar="NAME", help="JSON/JSONL records: field holding the text (default: text)")
    g.add_argument("--id-field", default="id", metavar="NAME", help="JSON/JSONL records: field naming the record (default: id)")
    g.add_argument(
        "--keep-field", action="append", default=[], metavar="NAME", help="JSON/JSONL records: keep this field in summary.csv and report.xlsx (after run_started) and in the JSON report (repeatable)"
    )
    g.add_argument("--source-field", default="", metavar="NAME", help="JSON/JSONL records: name each record's source (site) by this field")
    g.add_argument(
        "--regex-timeout", type=float, default=1.0, metavar="SECONDS", help="time bound of one pattern rule on one document (default: 1)"
    )
    g.add_argument("--engine", default="local", choices=sorted(ENGINES), help="where documents are audited: local worker processes (default), or a Dask cluster (needs auditor[dask])")
    g.add_argument("--scheduler", default="", metavar="ADDRESS", help="with --engine dask: the Dask scheduler (tcp://host:8786); default: a LocalCluster of --jobs workers")
    g.add_argument(
        "--shard", default="", metavar="I/N", help="audit only shard I of N (1 <= I <= N), chosen by a hash of each document's key; `auditor merge` joins the shard runs"
    )


def signature(ruleset_digest: str, options: Options) -> dict[str, str]:
    """Say exactly how a run's numbers were produced, so they can be reproduced."""
    out = {
        "tool": f"auditor {__version__}",
        "rules": ruleset_digest,
        "scoring": f"{SCORING_VERSION}|{options.scoring.signature()}",
        "language": options.language,
    }
    if options.per_path is not None:  # only when used: the signature of every other run stays what it was
        out["per_path"] = options.per_path.digest()
    return out


def run(args: argparse.Namespace) -> int:
    """Run a scan; rule errors exit 2 before anything is written."""
    with StartupHeap() as heap:
        return _scan(args, heap)


def _scan(args: argparse.Namespace, heap: StartupHeap) -> int:
    """Run a scan, telling `heap` when the rules are compiled."""
    ruleset = ruleset_from_args(args)
    options = Options(language=args.lang, scoring=scoring_from_args(args), max_bytes=args.max_bytes, fail_on=args.fail_on, per_path=per_path_from_args(args))
    if args.jobs < 0 or args.regex_timeout <= 0 or args.max_bytes <= 0:
        print("auditor: error: --jobs must be >= 0, --regex-timeout and --max-bytes > 0", file=sys.stderr)
        return EXIT_USAGE
    options = replace(options, text_field=args.text_field, id_field=args.id_field)
    selection = _selection(args)
    executor = _executor(args)
    if args.parquet:
        from auditor.reporters.parquet import require_pyarrow

        try:
            require_pyarrow()
        except ImportError as exc:
            raise UsageError(str(exc)) from None
    engine = Engine(ruleset, {"regex_timeout": args.regex_timeout})
    baseline = baseline_from_args(args)
    refs = _reference_scorer(args.refs, args.ref_metrics)
    now = datetime.now(timezone.utc)
    run_id = args.run_id or now.strftime("%Y%m%dT%H%M%SZ")
    # A hidden name would land among auditor's own folders (".cache") and be taken for one.
    if "/" in run_id or os.sep in run_id or run_id.startswith(".") or "\0" in run_id:
        print(f"auditor: error: --run-id {run_id!r} must be a plain folder name, not starting with '.'", file=sys.stderr)
        return EXIT_USAGE
    keep = tuple(dict.fromkeys(args.keep_field))
    out = ReportDir(Path(args.out) / run_id, excel=args.excel, dialect=DIALECTS[args.csv_dialect], keep_fields=keep)  # the folder is claimed once the rules compile
    reporters: list = []
    try:
        cache = None
        if not args.no_cache:
            prepare_out(Path(args.out), out.run_dir)  # the cache lives there
            cache = open_cache(Path(args.out), signature(ruleset.digest, options), engine)
        # A rule that cannot compile stops the run here, before anything else is written. A cache that
        # holds files of this very context (code, rules, options) proves an earlier run compiled
        # them: then workers compile only if a file needs auditing, and a warm run never does.
        if cache is None or not cache.seen:
            engine.precompile()
            if options.per_path is not None:
                options.per_path.check(engine)
        heap.built()
        if cache is None:
            prepare_out(Path(args.out), out.run_dir)
        run_id = claim_run_dir(Path(args.out), run_id, explicit=bool(args.run_id), overwrite=args.overwrite)
        out = ReportDir(Path(args.out) / run_id, excel=args.excel, dialect=DIALECTS[args.csv_dialect], keep_fields=keep)
        printer = load_reporters()[args.format](sys.stdout)
        reporters = [out, printer, *folder_reporters(args, out.run_dir)]
        # Files written before run.json, whose presence marks the run complete: Parquet, the shard manifest.
        if args.parquet:
            from auditor.reporters.parquet import ParquetReporter

            reporters.insert(0, ParquetReporter(out.run_dir))
        if selection is not None:
            reporters.insert(0, ManifestWriter(out.run_dir, selection, args.fail_on, args.excel, args.csv_dialect))
        gate = BaselineGate(baseline, args.fail_on) if baseline is not None else None
        if gate is not None:
            reporters.append(gate)
        info = RunInfo(
            run_id, str(out.run_dir), signature(ruleset.digest, options), now.isoformat(timespec="seconds"),
            options={"baseline": baseline} if baseline is not None else {}, rules=documented_rules(ruleset), keep_fields=keep,
        )
        with deferred_signals():  # a reporter that opened its temporary files is one abort() removes
            for reporter in reporters:
                reporter.start(info)
        # Every reporter that shows --keep-field values (summary.csv, report.xlsx, the JSON report) gets them by key.
        sinks = [r.kept for r in reporters if r.kept is not None] if keep else None
        summary = run_batch(args, engine, options, reporters, refs, cache, selection, executor, kept=sinks)
    except BaseException as exc:
        return stopped(exc, reporters, out.run_dir)
    if not args.quiet:
        print(f"reports: {out.run_dir}", file=sys.stderr)
    return gate.exit_code(summary) if gate is not None else summary.exit_code


def _executor(args: argparse.Namespace) -> ExecutionEngine:
    """The execution engine --engine names; raises UsageError when its library is missing or an option does not fit."""
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler ADDRESS goes with --engine dask")
    try:
        return make_engine(args.engine, EngineOptions(jobs=args.jobs or default_jobs(), scheduler=args.scheduler))
    except EngineUnavailable as exc:
        raise UsageError(str(exc)) from None


def _selection(args: argparse.Namespace) -> Selection | None:
    """The shard `--shard` asks for, or None; raises UsageError."""
    if not args.shard:
        return None
    try:
        shard = parse_shard(args.shard)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.refs:  # corpus-level metrics are not a sum over documents: shards could not be merged
        raise UsageError("--shard cannot be combined with --refs: corpus metrics of shards do not add up")
    if getattr(args, "keep_field", None):  # kept fields live in summary.csv only, not in the per-file records merge reads
        raise UsageError("--shard cannot be combined with --keep-field: merge rebuilds the reports from per-file records, which do not keep them")
    return Selection(shard)


def claim_run_dir(out: Path, run_id: str, explicit: bool, overwrite: bool) -> str:
    """Create the run's own folder and return its name: a run never writes into a folder another run made.

    A timestamp taken by a run started in the same second gets a suffix (-2, -3…); a --run-id
    that exists is refused unless --overwrite says its reports may be replaced.
    """
    for n in range(1, 10_000):
        name = run_id if n == 1 else f"{run_id}-{n}"
        try:
            (out / name).mkdir()  # atomic: of two runs, only one creates it
            return name
        except FileExistsError:
            if not explicit:
                continue
            if overwrite and (out / name).is_dir():
                return name
            raise UsageError(f"run folder {out / name} already exists: give another --run-id, or --overwrite to replace its reports") from None
    raise UsageError(f"no free run folder name for {out / run_id}")


def prepare_out(out: Path, run_dir: Path) -> None:
    """Create the report folder, or say why reports cannot go there, and remove what killed runs left in it."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK | os.X_OK):  # root passes: the first write then fails, handled the same way
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out))
    remove_stale_temps(out, run_dir)


def stopped(exc: BaseException, reporters: list, run_dir: Path) -> int:
    """Clean up after a run that did not complete and return its exit code (or re-raise what the CLI reports).

    Every reporter removes its unfinished files, whatever stopped the run: Ctrl-C or SIGTERM
    (exit 130 or 143), a report that could not be written (a full disk, a read-only folder:
    exit 8), a bug (exit 8, one line). Finished per-file reports are kept.
    """
    with deferred_signals():
        for reporter in reporters:
            try:
                reporter.abort()
            except Exception:  # one reporter's failure must not keep the others' temporaries
                pass
    interrupt = as_interrupt(exc)  # also a stop signal's exception that the code it landed in wrapped
    if interrupt is not None:
        print("auditor: interrupted; finished documents are kept, unfinished reports removed", file=sys.stderr)
        return interrupted_exit_code(interrupt)
    if isinstance(exc, (RuleError, UsageError, ConfigError, BaselineError, BrokenPipeError)) or not isinstance(exc, Exception):
        raise exc
    if isinstance(exc, EngineUnreachable):
        print(f"auditor: error: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else run_dir
        print(f"auditor: error: cannot write reports: {where}: {exc.strerror or exc}", file=sys.stderr)
    else:
        print(f"auditor: internal error: {type(exc).__name__}: {exc}; unfinished reports removed", file=sys.stderr)
    return EXIT_ERROR


def _reference_scorer(refs: str, metrics: str):  # -> ReferenceScorer | None
    """Build the reference-metrics stage for --refs, or None; a missing folder is a usage error."""
    if not refs:
        return None
    if not Path(refs).is_dir():
        raise UsageError(f"--refs {refs!r}: no such folder")
    from auditor.metrics import METRIC_NAMES
    from auditor.refs import ReferenceScorer  # lazy: sacrebleu is only needed with references

    names = tuple(m for m in METRIC_NAMES if m in {x.strip() for x in metrics.split(",")})
    unknown = {x.strip() for x in metrics.split(",")} - set(METRIC_NAMES)
    if unknown or not names:
        raise UsageError(f"--ref-metrics {metrics!r}: choose from {', '.join(METRIC_NAMES)}")
    return ReferenceScorer(Path(refs), names=names)


def open_cache(out: Path, run_signature: dict[str, str], engine: Engine) -> Cache:
    """The result cache of a report folder, for this run's context."""
    from auditor.run.cache import Cache, context_digest

    return Cache(out / ".cache", context_digest(run_signature, engine.options))


def run_batch(
    args: argparse.Namespace,
    engine: Engine,
    options: Options,
    reporters: list,
    refs=None,
    cache: Cache | None = None,
    selection: Selection | None = None,
    executor: ExecutionEngine | None = None,
    kept: list[dict] | None = None,
) -> RunSummary:
    """Discover the inputs, then audit them with workers, cache and progress display; `kept` are the dicts that collect records' --keep-field values by key."""
    from auditor.inputs.extract import RecordFields, expand_records
    from auditor.run.progress import Progress

    from_stdin = args.paths == ["-"]
    jobs = args.jobs or default_jobs()
    batch_rule = engine.check_rule("batch-variant")

    def sources() -> Iterator[Source]:
        paths = paths_from_lines(sys.stdin.buffer) if from_stdin else args.paths
        found = discover(
            paths, args.include, args.exclude, skip_dirs=[Path(args.out)], full_keys=from_stdin, follow_symlinks=args.follow_symlinks
        )
        wanted = RecordFields(tuple(getattr(args, "keep_field", ())), getattr(args, "source_field", ""))
        expanded = expand_records(found, options.text_field, options.id_field, options.max_bytes, wanted)
        return expanded if kept is None else _keeping(expanded, kept)

    progress = Progress(sys.stderr, quiet=args.quiet)
    if progress.wants_total and not from_stdin and selection is None:
        progress.set_total(sum(1 for _ in discover(args.paths, args.include, args.exclude, skip_dirs=[Path(args.out)])))
    census_seconds = 0.0
    try:
        inputs: Iterable[Source] = sources()
        if batch_rule is not None:
            # The census and the audit walk the same list: discovering twice costs more than keeping it.
            inputs = list(inputs)
            census_seconds = _learn_batch(engine, inputs, options, jobs, batch_rule, cache, quiet=args.quiet)
        if selection is not None:  # after the census: every shard learns names from the whole batch, as one run does
            inputs = selection.select(inputs)
        summary = run_pipeline(
            iter(inputs),
            engine,
            options,
            reporters,
            jobs=jobs,
            cache=cache,
            on_outcome=progress.update,
            stages=[refs] if refs is not None else [],
            extra_totals=(lambda: {"references": refs.totals()}) if refs is not None else None,
            executor=executor,
        )
    finally:
        progress.close()
        if cache is not None:
            with deferred_signals():
                cache.close()
    if cache is not None and not args.quiet:
        print(f"cache: {cache.hits} of {summary.documents} documents reused from earlier runs", file=sys.stderr)
    if timings_enabled():
        if census_seconds:
            LAST_TIMINGS["census"] = census_seconds  # wall time of the batch census, before the audit
        print(f"auditor: timings {json.dumps(LAST_TIMINGS, sort_keys=True)}", file=sys.stderr)
    return summary


def _keeping(sources: Iterable[Source], kept: list[dict]) -> Iterator[Source]:
    """Pass the sources on, noting each record's kept fields by key for the reporters that show them (in the main process)."""
    for src in sources:
        if src.fields:
            for sink in kept:
                sink[src.key] = src.fields
        yield src


def _learn_batch(
    engine: Engine, sources: list[Source], options: Options, jobs: int, rule: Any, cache: Cache | None, quiet: bool
) -> float:
    """Count the names of the whole batch before auditing it, hand what it taught to the rules; return the seconds it took."""
    from auditor.checks.batchnames import settings_from
    from auditor.entities.batchnames import known_spellings
    from auditor.run.census import take_census
    from auditor.run.warmup import warm_up

    t0 = time.perf_counter()
    known = known_spellings(engine.ruleset.gazetteer)  # a frozenset
    # While census workers read, this process loads what every audit worker would load alone.
    names = take_census(sources, options.max_bytes, jobs, known, settings_from(rule.params["params"]), cache, meanwhile=warm_up)
    engine.learnt(names)
    if not quiet:
        print(f"batch: {names.documents} documents, {len(names.variants)} rare name spellings in {len(names.affected)} documents "
              f"({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return time.perf_counter() - t0
