"""The batch census: one cheap pass over a scan's inputs that counts the names of every document.

It runs before the audit when a rule uses the `batch-variant` check: every document is read
and decoded (in `jobs` processes) and its capitalised words are counted once per document.
`auditor.entities.batchnames.learn` turns the counts into the batch's rare variants; the
documents that hold one are remembered, so that the audit never answers them from a cache
entry made without that knowledge. A file whose stat signature the result cache knows is
not read again: its tokens come from the cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
from collections import Counter, deque
from contextlib import closing
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

from auditor import usercache
from auditor.entities.batchnames import BatchNames, Settings, from_json, learn, name_tokens, to_json
from auditor.inputs.discover import Source
from auditor.inputs.reading import decode, file_location, read_bytes, stable_signature
from auditor.run.signals import WAKE_SECONDS, blocked_while_forking, check_interrupted

if TYPE_CHECKING:
    from auditor.run.cache import Cache

# Sources per task, and per cache query: the work per document is a read and one regex, and a
# task's result (its documents' tokens, joined) is some 40 KB for news articles. Each task costs
# the pool's threads in this process about a millisecond of CPU: tasks of 32 sources cost about
# 0.2 s more CPU on bench/corpus.
CHUNK = 128
SMALL_BATCH = 32  # a batch this small is counted in this process: it costs less than starting workers
# Tasks queued per worker before this process runs `meanwhile` (its warm-up, about 0.2 s): a
# task takes a worker several milliseconds, so a short queue left them idle for most of it. The
# bound keeps memory flat (a few thousand sources and their tokens, whatever the batch size).
AHEAD_OF_MEANWHILE = 16
# Markup is dropped crudely: the census only counts capitalised words, and a tag name or an
# attribute seldom is one; the audit itself extracts the text properly.
_TAG_RE = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)

# (report key, name tokens, file location and stat signature to keep the tokens by: "" for none)
Token = tuple[str, frozenset[str], str, str]


def source_tokens(src: Source, max_bytes: int, signed: bool = True) -> Token:
    """A source's name tokens (none when it cannot be read: the audit reports why), never raising.

    `signed` takes the file's stat signature, for a cache to keep the tokens by.
    """
    return (src.key, *_item_tokens(_item(src), max_bytes, signed))


def _is_html(src: Source) -> bool:
    """True when a file source is a web page, whose markup the census drops."""
    return src.path.suffix.lower() in (".html", ".htm")


def _file_tokens(path: str | os.PathLike[str], html: bool, max_bytes: int, signed: bool) -> tuple[frozenset[str], str, str]:
    """A file's name tokens, location and stat signature (both "" unless `signed`), never raising."""
    # A census worker passes the path as a str: the readers below only hand it to os functions.
    signature = stable_signature(path) if signed else ""
    data, error = read_bytes(path, max_bytes)
    if error:
        return frozenset(), "", ""
    try:  # most files are UTF-8: the full decoding cascade only for the others
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = decode(data)
        if decoded.error:
            return frozenset(), "", ""
        text = decoded.text
    if html:
        text = _TAG_RE.sub(" ", text)
    return name_tokens(text), file_location(path) if signature else "", signature  # the location only keys a signed entry


def _chunk_tokens(args: tuple[list[Source], int, bool]) -> list[Token]:
    """The name tokens of a chunk of sources, in this process."""
    chunk, max_bytes, signed = args
    return [source_tokens(src, max_bytes, signed) for src in chunk]


# What a census worker is sent of a source: (file path, is a web page, record text or None),
# or None for an entry that cannot be read; and what it sends back: (tokens joined by
# _SEPARATOR, location, signature). Plain strings both ways: pickling each source's Path and
# each document's set of tokens, and building them again on the other side, cost more CPU
# than reading the files.
Item = tuple[str, bool, str | None] | None
Joined = tuple[str, str, str]
_SEPARATOR = "\n"  # no name token holds a line break


def _item(src: Source) -> Item:
    """What a census worker needs to know of a source."""
    if src.error:
        return None
    if src.text is not None:
        return "", False, src.text
    return str(src.path), _is_html(src), None


def _chunk_joined(args: tuple[list[Item], int, bool]) -> list[Joined]:
    """Census worker task: the name tokens of a chunk of sources, each document's joined in one string."""
    items, max_bytes, signed = args
    found: list[Joined] = []
    for item in items:
        tokens, location, signature = _item_tokens(item, max_bytes, signed)
        found.append((_SEPARATOR.join(tokens), location, signature))
    return found


def _item_tokens(item: Item, max_bytes: int, signed: bool) -> tuple[frozenset[str], str, str]:
    """An item's name tokens, location and stat signature (see _file_tokens), never raising."""
    if item is None:  # an entry that cannot be read: no tokens, the audit reports why
        return frozenset(), "", ""
    path, html, text = item
    if text is not None:  # a JSON record, already split from its file
        return name_tokens(text), "", ""
    return _file_tokens(path, html, max_bytes, signed)


def _unjoined(keys: list[str], found: list[Joined]) -> Iterator[Token]:
    """A census worker's answer as tokens, keyed by the chunk's report keys (in the order sent)."""
    for key, (joined, location, signature) in zip(keys, found):
        yield key, frozenset(joined.split(_SEPARATOR)) if joined else frozenset(), location, signature


def _known(chunk: list[Source], cache: Cache | None, files: dict[str, tuple[str, str]]) -> tuple[list[Token], list[Source]]:
    """Split a chunk into sources whose tokens the cache holds (unchanged files) and the rest."""
    if cache is None:
        return [], chunk
    stored = cache.names({files[src.key][0]: files[src.key][1] for src in chunk if files.get(src.key, ("", ""))[1]})
    known = [(src.key, stored[files[src.key][0]], "", "") for src in chunk if src.key in files and files[src.key][0] in stored]
    done = {token[0] for token in known}
    return known, [src for src in chunk if src.key not in done]


def _all_tokens(
    sources: Sequence[Source],
    max_bytes: int,
    jobs: int,
    cache: Cache | None,
    files: dict[str, tuple[str, str]],
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[Token]:
    """Yield the tokens of every source, in `jobs` processes; a count does not care about order.

    `meanwhile` runs in this process once the workers have their first tasks (only when
    there are workers): this process would otherwise wait for them.
    """
    it = iter(sources)
    chunks = iter(lambda: list(islice(it, CHUNK)), [])

    def to_read() -> Iterator[tuple[list[Source], int, bool]]:
        for chunk in chunks:
            known, rest = _known(chunk, cache, files)
            pending.extend(known)
            if rest:
                yield rest, max_bytes, cache is not None

    pending: list[Token] = []
    if jobs <= 1 or len(sources) <= SMALL_BATCH:
        for task in to_read():
            yield from pending
            pending.clear()
            yield from _chunk_tokens(task)
        yield from pending
        return
    import multiprocessing  # lazy: a one-process run should not pay for it

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pool = None
    # Tasks are submitted from this thread (the cache's connection belongs to it), a bounded
    # window at a time, so memory stays flat however long the batch is.
    window: deque = deque()
    finished = False
    try:
        # Signals blocked while the workers fork: Pool() cut short by Ctrl-C leaves its workers
        # running and, once they die with this process, zombies nobody waits for.
        with blocked_while_forking():
            pool = context.Pool(jobs, initializer=_init_worker, initargs=(os.getpid(),))
        for rest, _, signed in to_read():
            task = ([_item(src) for src in rest], max_bytes, signed)
            window.append(([src.key for src in rest], pool.apply_async(_chunk_joined, (task,))))
            yield from pending
            pending.clear()
            if meanwhile is not None:
                if len(window) < AHEAD_OF_MEANWHILE * jobs:
                    continue  # the workers need work queued for the whole of `meanwhile`, or they wait for this process
                meanwhile()
                meanwhile = None
            while len(window) > 2 * jobs:
                yield from _unjoined(*_result(window.popleft()))
        yield from pending
        if meanwhile is not None and len(window) > 2 * jobs:  # a batch smaller than the head start: warm up all the same
            meanwhile()
        while window:
            yield from _unjoined(*_result(window.popleft()))
        finished = True
    finally:
        if pool is not None:
            if finished:
                pool.close()  # idle workers read the end-of-work marker and exit
            else:
                pool.terminate()  # Ctrl-C or an error: stop them now (they die on SIGTERM, see _init_worker)
            pool.join()


def _result(task: tuple[list[str], Any]) -> tuple[list[str], Any]:
    """A census task's report keys and result, looking for a recorded stop signal while it waits (see signals.WAKE_SECONDS)."""
    from multiprocessing import TimeoutError as Pending

    keys, pending = task
    while True:
        try:
            return keys, pending.get(WAKE_SECONDS)
        except Pending:
            check_interrupted()


def _init_worker(parent: int) -> None:
    """Census worker start-up: Ctrl-C is the main process's business, SIGTERM just ends the worker,
    and the worker dies with the main process.

    A forked worker inherits the main process's signal handlers and mask: a handler that
    raises inside the pool's queue lock, or a blocked SIGTERM, would keep it alive, and
    Pool.terminate would wait for it forever.
    """
    from auditor.run.batch import _die_with_parent  # the audit workers' guard against orphans

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _die_with_parent(parent)


def file_signatures(sources: Sequence[Source]) -> dict[str, tuple[str, str]]:
    """(location, stable stat signature or "") of every file source, by report key: one stat per
    file, shared by the census memo and the cached-token lookup."""
    return {src.key: (file_location(src.path), stable_signature(src.path)) for src in sources if src.text is None and not src.error}


def batch_digest(sources: Sequence[Source], files: dict[str, tuple[str, str]], known: frozenset[str], settings: Settings) -> str:
    """Hash what a census depends on: code, settings, known names, every file's signature ("" when one is unsure)."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{usercache.package_digest()}\0{settings}\0".encode())
    hasher.update("\0".join(sorted(known)).encode("utf-8", "surrogatepass"))
    for src in sources:
        if src.text is not None:
            part = f"{src.key}\0record\0{hashlib.blake2b(src.text.encode('utf-8', 'surrogatepass'), digest_size=16).hexdigest()}"
        elif src.error:
            part = f"{src.key}\0error\0{src.error}"
        else:
            location, signature = files[src.key]
            if not signature:  # changed too recently to vouch for its content
                return ""
            part = f"{src.key}\0{location}\0{signature}"
        hasher.update(part.encode("utf-8", "surrogatepass") + b"\1")
    return hasher.hexdigest()


def take_census(
    sources: Sequence[Source],
    max_bytes: int,
    jobs: int,
    known: frozenset[str] = frozenset(),
    settings: Settings = Settings(),
    cache: Cache | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> BatchNames:
    """Count every document's names, learn the batch's variants, and find the documents that hold one.

    With a cache, an unchanged batch takes its census from the last run that counted it.
    `meanwhile` runs in this process while census workers read (never without workers).
    """
    files = file_signatures(sources) if cache is not None else {}
    digest = batch_digest(sources, files, known, settings) if cache is not None else ""
    if digest and cache is not None:
        stored = cache.census(digest)
        if stored is not None:
            try:
                return from_json(stored)
            except (ValueError, KeyError, TypeError, IndexError):
                pass  # a damaged memo is counted again
    counts: Counter[str] = Counter()
    # Documents of each spelling while it is still rare enough to be a variant: bounded by the
    # rare spellings of the batch, not by its size.
    holders: dict[str, list[str]] = {}
    # Spellings already in more than max_rare documents: never variants, nothing more to note.
    # Counting is one C loop per document (Counter.update); only the spellings not yet known
    # to be common are looked at one by one, a few per document once the batch is under way.
    common: set[str] = set()
    max_rare = settings.max_rare
    documents = 0
    # closing(): on Ctrl-C the workers are stopped now, not whenever the generator is collected.
    with closing(_all_tokens(sources, max_bytes, jobs, cache, files, meanwhile)) as stream:
        for key, tokens, location, signature in stream:
            documents += 1
            if cache is not None and signature:
                cache.put_names(location, signature, tokens)
            counts.update(tokens)
            for token in tokens.difference(common) if common else tokens:
                if counts[token] <= max_rare:
                    holders.setdefault(token, []).append(key)
                else:
                    holders.pop(token, None)
                    common.add(token)
    names = learn(counts, documents, known, settings)
    affected = frozenset(key for spelling in names.variants for key in holders.get(spelling, ()))
    names = replace(names, affected=affected)
    if digest and cache is not None:
        cache.put_census(digest, to_json(names))
    return names
