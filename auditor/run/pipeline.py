"""The audit pipeline as plain functions: read -> audit -> score -> report."""

from __future__ import annotations

import os
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from auditor.inputs.discover import Source
from auditor.inputs.markup import MARKDOWN_NOTE, markup_of, not_prose, outside
from auditor.inputs.suppress import MARK as SUPPRESSION_MARK, apply_directives, unused_finding, with_unused
from auditor.document import LARGE_DOCUMENT, Document
from auditor.model import DocumentResult, Finding, RunSummary, Severity
from auditor.inputs.reading import DEFAULT_MAX_BYTES, decode, file_location, read_bytes, stable_signature
from auditor.reporters.atomic import deferred_signals
from auditor.run.signals import check_interrupted
from auditor.reporters.base import Reporter
from auditor.reporters.rendered import Rendered, render
from auditor.scanner import Audit, CompiledRules, Engine, audit, audit_many, compile_rules
from auditor.scoring import ScoringConfig, score

if TYPE_CHECKING:
    from auditor.run.cache import Cache, Entry
    from auditor.run.engines import ExecutionEngine
    from auditor.run.perpath import PerPath

# Exit codes are bit flags, as pylint's: a cron job sees from the code alone that a run both
# met failing documents (1) and unreadable inputs (4): 5. Usage errors (2) write nothing.
EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE, EXIT_INPUT, EXIT_ERROR = 0, 1, 2, 4, 8
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it; SIGTERM gives 143
VERDICT_LEVELS = {"fail": ("fail",), "review": ("review", "fail")}  # --fail-on by verdict: the verdicts that reach it
FAIL_ON = (*VERDICT_LEVELS, "critical", "major", "minor", "never")
DEFAULT_FAIL_ON = "fail"
TIMINGS_ENV = "AUDITOR_TIMINGS"  # set to 1 to measure the time spent in each stage
STAGES = ("read", "cache", "language", "rules", "entities", "language-checks", "scoring", "reporting")
HTML_NOTE = "text extracted from HTML; lines and columns refer to the extracted text"


@dataclass(frozen=True)
class Options:
    """Settings of a run that shape every document's result."""

    language: str = "auto"  # a language code, or "auto" to detect per document
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    max_bytes: int = DEFAULT_MAX_BYTES
    fail_on: str = DEFAULT_FAIL_ON
    text_field: str = "text"  # JSON records: where the text is
    id_field: str = "id"  # JSON records: what names the record in reports
    # The configuration's [[per-path]] tables: other rules and language for some documents.
    # It travels to the workers with the options; each builds the engines it needs.
    per_path: PerPath | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Outcome:
    """One audited document as it travels back from a worker to the reporters."""

    result: DocumentResult
    text: str | None  # None for error rows, and when nothing in the main process uses it
    size: int = 0  # bytes of input consumed, for throughput
    cached: bool = False  # True when the result came from the cache
    new_entry: tuple[str, Entry] | None = None  # (cache key, entry) to store in the cache
    timings: Mapping[str, float] = field(default_factory=dict)
    rendered: Rendered | None = None  # the result's report text, rendered by the worker
    file_entry: tuple[str, str, str] | None = None  # (file, stat signature, cache key) to store


def timings_enabled() -> bool:
    """Per-stage timing is off unless the environment asks for it: it costs a little."""
    return os.environ.get(TIMINGS_ENV, "") not in ("", "0")


# What "auto" falls back to when a text is too short or mixed to tell: the language of the
# built-in rules, so that a two-line snippet is still checked.
FALLBACK_LANGUAGE = "fr"


def resolve_language(text: str, declared: str) -> str:
    """Return the declared language, or the detected one when `declared` is 'auto'."""
    if declared != "auto":
        return declared
    from auditor.lang.language import detect_language  # lazy: loading profiles costs start-up time

    lang, _prob = detect_language(text)
    return FALLBACK_LANGUAGE if lang == "und" else lang


def audit_text(
    text: str,
    engine: Engine,
    options: Options,
    path: str = "<text>",
    key: str = "",
    source: str = ".",
    timer: dict[str, float] | None = None,
    markup: str = "text",
) -> DocumentResult:
    """Audit one decoded text and score it. Pure: no I/O.

    In Markdown (`markup`), findings on code, URLs and comments are dropped: never reported, never fixed.
    """
    doc, compiled = _document(text, engine, options, path, timer)
    return _scored(doc, audit(doc, compiled), engine, options, key, source, timer, markup)


def _document(text: str, engine: Engine, options: Options, path: str, timer: dict[str, float] | None) -> tuple[Document, CompiledRules]:
    """The document of a text, in the language it is audited in, and the rules compiled for that language."""
    t0 = time.perf_counter()
    language = resolve_language(text, options.language)
    if timer is not None:
        timer["language"] = timer.get("language", 0.0) + time.perf_counter() - t0
    doc = Document(text, path=path, language=language)
    return doc, engine.for_language(language) if timer is None else _timed_rules(engine, language, timer)


def _scored(
    doc: Document, outcome: Audit, engine: Engine, options: Options, key: str, source: str, timer: dict[str, float] | None, markup: str
) -> DocumentResult:
    """The result of a document's audit: findings outside markup and not suppressed, scored."""
    text, path = doc.text, doc.path
    findings = outcome.findings
    if markup != "text":
        spans = not_prose(text, markup)
        findings = tuple(f for f in findings if outside(spans, f.start, f.end)) if spans else findings
    suppressed, unused = 0, ()
    if SUPPRESSION_MARK in text:  # the common case: one scan of the text, nothing parsed
        findings, suppressed, unused = _suppress(doc, findings, markup, engine.ruleset.report_unused)
    t1 = time.perf_counter()
    sc = score(findings, doc.word_count, options.scoring)  # unused directives are reported, never scored
    findings = with_unused(findings, unused)
    if timer is not None:
        timer["scoring"] = timer.get("scoring", 0.0) + time.perf_counter() - t1
    # Rules that ran out of time say so in a note; the file is named so the note stands alone.
    notes = tuple(f"{note} (file: {path})" for note in outcome.notes)
    return DocumentResult(
        path=path,
        key=key or path,
        source=source,
        language=doc.language,
        words=doc.word_count,
        findings=findings,
        score=sc.score,
        verdict=sc.verdict,
        penalty=sc.penalty,
        notes=notes,
        suppressed=suppressed,
    )


def _suppress(doc: Document, findings: tuple[Finding, ...], markup: str, report_unused: bool) -> tuple[tuple[Finding, ...], int, tuple[Finding, ...]]:
    """Apply the text's inline directives: the findings kept, how many were silenced, the unused-directive findings."""
    done = apply_directives(doc, findings, plain=markup == "text")
    if done is None:
        return findings, 0, ()
    unused = tuple(unused_finding(d, doc) for d in done.unused) if report_unused else ()
    return done.findings, done.suppressed, unused


def error_result(src: Source, error: str, encoding: str = "") -> DocumentResult:
    """A report row for a document that could not be audited."""
    return DocumentResult(path=src.display, key=src.key, source=src.source, error=error, encoding=encoding)


@dataclass(frozen=True)
class Prepared:
    """A source's text ready to audit, with what reading it taught us, or its error."""

    text: str = ""
    encoding: str = ""
    notes: tuple[str, ...] = ()
    size: int = 0
    error: str = ""
    signature: str = ""  # the file's stat signature, when stable enough to recognise it by


def prepare(src: Source, options: Options, signed: bool = False) -> Prepared:
    """Read, decode and (for HTML) extract the text of one source; never raise.

    `signed` takes the file's stat signature first, for the cache to recognise it unread.
    """
    if src.error:
        return Prepared(error=src.error)
    if src.text is not None:  # a JSON record: split from its file by the main process
        return Prepared(text=src.text, encoding=src.encoding, size=len(src.text.encode("utf-8", "surrogatepass")))
    signature = stable_signature(src.path) if signed else ""
    data, error = read_bytes(src.path, options.max_bytes)
    if error:
        return Prepared(error=error)
    decoded = decode(data)
    if decoded.error:
        return Prepared(encoding=decoded.encoding, size=len(data), error=decoded.error)
    notes: tuple[str, ...] = ()
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        notes = (f"decoded as {decoded.encoding}",)
    text = decoded.text
    if src.path.suffix.lower() in (".html", ".htm"):
        from auditor.inputs.extract import html_to_text  # lazy: only HTML inputs need the parser

        text = html_to_text(text)
        if not text.strip():
            return Prepared(encoding=decoded.encoding, size=len(data), error="no visible text in the HTML page")
        notes = (*notes, HTML_NOTE)
    elif markup_of(src.path) != "text":  # in the cache key too: the same text as .txt is audited whole
        notes = (*notes, MARKDOWN_NOTE)
    return Prepared(text=text, encoding=decoded.encoding, notes=notes, size=len(data), signature=signature)


def audit_source(src: Source, engine: Engine, options: Options, cache: Cache | None = None, keep_text: bool = True) -> Outcome:
    """Read, decode and audit one source (or take it from the cache), and render its reports.

    Failures become error rows. Without `keep_text` the outcome leaves the text out: it
    would cross the process boundary for nothing.
    """
    return audit_sources((src,), engine, options, cache, keep_text)[0]


def audit_sources(srcs: Sequence[Source], engine: Engine, options: Options, cache: Cache | None = None, keep_text: bool = True) -> list[Outcome]:
    """`audit_source` of each source of a chunk, in order: the same outcomes, with the documents that share their
    compiled rules audited together, one rule step at a time (scanner.audit_many)."""
    outcomes: list[Outcome | None] = []
    # Per compiled rules (by identity): the rules, and the (place, source read, document) of each document they audit.
    pending: dict[int, tuple[CompiledRules, list[tuple[int, _Read, Document]]]] = {}
    for src in srcs:
        read = _read(src, engine, options, cache, keep_text)
        if isinstance(read, Outcome):
            outcomes.append(read)
            continue
        try:
            doc, compiled = _document(read.prep.text, read.engine, read.options, src.display, read.timer)
        except Exception as exc:  # a detector bug must not stop a batch: record it, go on
            outcomes.append(_finished(read, None, exc))
            continue
        if len(doc.text) >= LARGE_DOCUMENT:  # alone: its views are large, and its own length keeps each rule's tables hot
            outcomes.append(_finished(read, doc, audit_many((doc,), compiled)[0]))
            continue
        pending.setdefault(id(compiled), (compiled, []))[1].append((len(outcomes), read, doc))
        outcomes.append(None)
    for compiled, group in pending.values():
        for (place, read, doc), audited in zip(group, audit_many([doc for _, _, doc in group], compiled)):
            outcomes[place] = _finished(read, doc, audited)
    return outcomes  # type: ignore[return-value]  # every place is filled


@dataclass(frozen=True)
class _Read:
    """A source read, not answered by the cache: what its audit and its outcome need."""

    src: Source
    engine: Engine
    options: Options
    cache: Cache | None
    prep: Prepared
    key: str
    timer: dict[str, float] | None
    keep_text: bool


def _read(src: Source, engine: Engine, options: Options, cache: Cache | None, keep_text: bool) -> _Read | Outcome:
    """Read a source: what its audit needs, or its outcome when reading failed or the cache knows it."""
    timer: dict[str, float] | None = {} if timings_enabled() else None
    if cache is not None and engine.batch is not None and src.key in engine.batch.affected:
        cache = None  # its result depends on the whole batch: never taken from, nor kept in, the cache
    tag = ""
    if options.per_path is not None:
        engine, options, tag = options.per_path.resolve(src, engine, options)
    t0 = time.perf_counter()
    prep = prepare(src, options, signed=cache is not None)
    if timer is not None:
        timer["read"] = time.perf_counter() - t0
    if prep.error:
        return _rendered(error_result(src, prep.error, prep.encoding), None, prep.size, timer)
    key = ""
    if cache is not None:
        t1 = time.perf_counter()
        key = cache.key(prep.text, prep.encoding, (*prep.notes, tag) if tag else prep.notes)  # other rules, other key
        hit = cache.get(key, src)
        if timer is not None:
            timer["cache"] = time.perf_counter() - t1
        if hit is not None:
            text = prep.text if keep_text else None
            return Outcome(hit[0], text, prep.size, cached=True, rendered=hit[1], file_entry=_file_entry(src, prep, key), timings=timer or {})
    return _Read(src, engine, options, cache, prep, key, timer, keep_text)


def _finished(read: _Read, doc: Document | None, audited: Audit | Exception) -> Outcome:
    """The outcome of a source's audit (or of the exception it raised): its result scored and rendered, and its cache entry."""
    src, prep, cache, timer = read.src, read.prep, read.cache, read.timer
    try:
        if isinstance(audited, Exception) or doc is None:
            raise audited
        result = _scored(doc, audited, read.engine, read.options, src.key, src.source, timer, markup_of(src.path))
    except Exception as exc:  # a detector bug must not stop a batch: record it, go on
        error = f"internal error while auditing: {type(exc).__name__}: {exc}"
        return _rendered(error_result(src, error, prep.encoding), None, prep.size, timer)
    complete = not result.notes  # the only notes of an audit say a rule ran out of time
    result = replace(result, encoding=prep.encoding, notes=(*result.notes, *prep.notes))
    outcome = _rendered(result, prep.text if read.keep_text else None, prep.size, timer)
    if cache is not None and complete:  # incomplete results are not kept: they are audited again next time
        assert outcome.rendered is not None
        stored = (read.key, cache.entry(result, outcome.rendered))
        outcome = replace(outcome, new_entry=stored, file_entry=_file_entry(src, prep, read.key))
    return outcome


def _file_entry(src: Source, prep: Prepared, key: str) -> tuple[str, str, str] | None:
    """What the cache keeps to recognise the file unread next time, when its signature is stable."""
    return (file_location(src.path), prep.signature, key) if prep.signature else None


def _rendered(result: DocumentResult, text: str | None, size: int, timer: dict[str, float] | None) -> Outcome:
    """The outcome of a result with its reports rendered here, in the worker, so the main process only writes them."""
    t0 = time.perf_counter()
    rendered = render(result)
    if timer is not None:
        timer["reporting"] = timer.get("reporting", 0.0) + time.perf_counter() - t0
    return Outcome(result, text, size, rendered=rendered, timings=timer or {})


_TIMED: dict[tuple[int, int, str], CompiledRules] = {}


def stage_of(rule: Any) -> str:
    """Name the bench stage a rule belongs to: entities, language-checks or rules."""
    if rule.kind != "check":
        return "rules"
    from auditor.checks import load_all

    module = load_all()[rule.params["check"]].factory.__module__
    if module.endswith(".entities"):
        return "entities"
    if module.endswith(".language"):
        return "language-checks"
    return "rules"


def _timed_rules(engine: Engine, language: str, timer: dict[str, float]) -> CompiledRules:
    """Compile rules one stage at a time, each matcher wrapped in a stopwatch (timing mode only)."""
    from auditor.checks import Resources

    cache_key = (id(engine), id(engine.batch), language)
    compiled = _TIMED.get(cache_key)
    if compiled is None:
        groups: dict[str, list] = {}
        for rule in engine.ruleset.rules:
            if rule.applies_to(language):
                groups.setdefault(stage_of(rule), []).append(rule)
        matchers: list = []
        contexts: dict = {}
        for stage, rules in groups.items():
            part = compile_rules(rules, Resources(gazetteer=engine.ruleset.gazetteer, batch=engine.batch), engine.options)
            matchers += [(stage, m) for m in part.matchers]
            contexts.update(part.contexts)
        compiled = _TIMED[cache_key] = CompiledRules(tuple(matchers), contexts)  # type: ignore[arg-type]

    def clock(stage: str, matcher: Callable) -> Callable:
        def timed(doc: Document, on_error: Callable) -> list:
            t0 = time.perf_counter()
            found = list(matcher(doc, on_error))
            timer[stage] = timer.get(stage, 0.0) + time.perf_counter() - t0
            return found

        return timed

    return CompiledRules(tuple(clock(s, m) for s, m in compiled.matchers), compiled.contexts)  # type: ignore[misc]


class Totals:
    """Running totals over the results of a run, kept in constant memory."""

    def __init__(self) -> None:
        self.documents = 0
        self.errors = 0
        self.words = 0
        self.findings = 0
        self.by_severity: Counter[str] = Counter()
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()
        self.suppressed = 0

    def add(self, result: DocumentResult) -> None:
        """Count one document."""
        self.documents += 1
        self.by_verdict[result.verdict] += 1
        if result.error:
            self.errors += 1
            return
        self.words += result.words
        self.suppressed += result.suppressed
        self.findings += len(result.findings)
        for f in result.findings:
            self.by_severity[f.severity.value] += 1
            self.by_category[f.category] += 1
            self.by_rule[f.rule_id] += 1

    def summary(self, fail_on: str) -> RunSummary:
        """Freeze the totals into a `RunSummary` with the exit code the run deserves."""
        return RunSummary(
            documents=self.documents,
            errors=self.errors,
            words=self.words,
            findings=self.findings,
            by_severity={s.value: self.by_severity.get(s.value, 0) for s in Severity},
            by_category=dict(sorted(self.by_category.items())),
            by_rule=dict(sorted(self.by_rule.items())),
            by_verdict=dict(sorted(self.by_verdict.items())),
            exit_code=self.exit_code(fail_on),
            suppressed=self.suppressed,
        )

    def exit_code(self, fail_on: str) -> int:
        """1 when a document reaches `fail_on`, plus 4 when some inputs could not be read."""
        if fail_on in VERDICT_LEVELS:
            reached = any(self.by_verdict.get(v, 0) for v in VERDICT_LEVELS[fail_on])
        elif fail_on != "never":
            level = Severity(fail_on).rank
            reached = any(self.by_severity.get(s.value, 0) for s in Severity if s.rank >= level)
        else:
            reached = False
        return (EXIT_THRESHOLD if reached else EXIT_OK) | (EXIT_INPUT if self.errors else EXIT_OK)


def run(
    sources: Iterable[Source],
    engine: Engine,
    options: Options,
    reporters: Sequence[Reporter],
    on_result: Callable[[DocumentResult], None] | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    stages: Sequence[Callable[[DocumentResult, str | None], DocumentResult]] = (),
    extra_totals: Callable[[], Mapping[str, Any]] | None = None,
    executor: ExecutionEngine | None = None,
) -> RunSummary:
    """Audit every source (in `jobs` processes, or with `executor`) and stream each result, in input order, to every reporter.

    `stages` run in this process on each result before it is reported (reference metrics:
    they are not cached, since references may change); `extra_totals` adds run-level totals.
    """
    from auditor.run.batch import Setup
    from auditor.run.engines.local import LocalEngine

    executor = executor or LocalEngine(jobs)

    totals = Totals()
    timer: dict[str, float] | None = {} if timings_enabled() else None
    keep_text = bool(stages) or any(reporter.wants_text for reporter in reporters)
    # closing(): on Ctrl-C the workers are stopped now, not whenever the generator is collected.
    try:
        with closing(iter(executor.outcomes(sources, Setup(engine, options, cache, keep_text)))) as stream:  # type: ignore[type-var]
            for outcome in stream:
                check_interrupted()
                t0 = time.perf_counter()
                result = outcome.result
                for stage in stages:  # reference metrics: not held off, TER may take seconds
                    result = stage(result, outcome.text)
                with deferred_signals():  # a document's cache entry and reports go together, or not at all
                    _handle(outcome, result, cache, totals, reporters)
                if timer is not None:
                    for name, seconds in outcome.timings.items():
                        timer[name] = timer.get(name, 0.0) + seconds
                    timer["reporting"] = timer.get("reporting", 0.0) + time.perf_counter() - t0
                if on_result is not None:
                    on_result(result)
                if on_outcome is not None:
                    on_outcome(outcome)
    finally:
        if cache is not None:
            with deferred_signals():  # finished documents are kept even when the run is interrupted
                cache.flush()
    check_interrupted()
    summary = totals.summary(options.fail_on)
    if extra_totals is not None:
        summary = replace(summary, extra=dict(extra_totals()))
    t0 = time.perf_counter()
    for reporter in reporters:
        reporter.finish(summary)
    if timer is not None:
        timer["reporting"] = timer.get("reporting", 0.0) + time.perf_counter() - t0
        LAST_TIMINGS.clear()
        LAST_TIMINGS.update(timer)
    return summary


def _handle(outcome: Outcome, result: DocumentResult, cache: Cache | None, totals: Totals, reporters: Sequence[Reporter]) -> None:
    """Store one outcome in the cache (before the reports: a run stopped in between still resumes) and report its result."""
    if cache is not None:
        cache.hits += outcome.cached
        if outcome.new_entry is not None:
            cache.put(*outcome.new_entry)
        if outcome.file_entry is not None:
            cache.put_file(*outcome.file_entry)
    # A stage that changed the result (reference metrics) makes the worker's rendering stale.
    rendered = outcome.rendered if result is outcome.result else None
    totals.add(result)
    for reporter in reporters:
        reporter.document_rendered(result, outcome.text, rendered)


LAST_TIMINGS: dict[str, float] = {}  # per-stage seconds of the last run, in timing mode
