"""`--engine dask` with 2 local workers next to `--jobs 2`, and the figures of the cost model in docs/scale.md; prints numbers, asserts nothing.

    PYTHONPATH=. python bench/dask_overhead.py                    # on /work/benchsub, 3 paired rounds
    PYTHONPATH=. python bench/dask_overhead.py --corpus DIR --rounds 5 --no-extras
    PYTHONPATH=. python bench/dask_overhead.py --tree /tmp/old-checkout --no-extras   # the same, for another checkout

Each round runs the real command line in fresh processes, `--jobs 2` and `--engine dask
--jobs 2` (a LocalCluster of 2 worker processes started by the run, its start-up included)
one after the other, alternating which goes first, with empty caches. It prints the
median docs/s of each and the Dask overhead (the share of wall time Dask adds), and the same
for CPU time (the run's process and every worker it started): on a shared machine under load,
wall times swing by half and CPU time is the steadier figure. The
extras measure the cost model: docs/s on one core, Dask's overhead per task, report and
cache bytes per document, the peak memory of a Dask worker, and the rate at which the
client alone handles results (a warm re-run, every result from the cache).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("/work/benchsub")
TREE = [ROOT]  # the checkout whose auditor runs (--tree)


def count_documents(corpus: Path) -> tuple[int, int]:
    """Files and bytes of the corpus."""
    files = [p for p in corpus.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def scan(corpus: Path, out: Path, *extra: str) -> float:
    """Run one scan in a fresh process; return its wall time."""
    return timed_scan(corpus, out, *extra)[0]


def timed_scan(corpus: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Run one scan in a fresh process; return its wall time and CPU time (its own and its workers')."""
    env = {**os.environ, "PYTHONPATH": str(TREE[0]), "AUDITOR_CACHE_DIR": str(out / "usercache")}
    cmd = [sys.executable, "-m", "auditor", "scan", str(corpus), "--out", str(out), "-q", "--fail-on", "never", "--format", "jsonl", *extra]
    before = children_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0, children_cpu() - before


def children_cpu() -> float:
    """User and system seconds of the finished child processes (and of the workers they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def paired(corpus: Path, rounds: int, work: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Alternating cold runs of --jobs 2 and --engine dask --jobs 2: (wall, CPU) seconds of each."""
    local: list[tuple[float, float]] = []
    dask: list[tuple[float, float]] = []
    for i in range(rounds):
        order = [("local", ()), ("dask", ("--engine", "dask"))]
        if i % 2:
            order.reverse()
        for name, extra in order:
            out = work / f"{name}-{i}"
            seconds = timed_scan(corpus, out, "--jobs", "2", "--no-cache", *extra)
            (local if name == "local" else dask).append(seconds)
            shutil.rmtree(out, ignore_errors=True)
    return local, dask


def task_overhead(tasks: int = 2000) -> tuple[float, float]:
    """Wall and CPU seconds (this process, scheduler and workers) per trivial task on a 2-worker LocalCluster configured as scan's."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    from auditor.run.engines.dask_cluster import WORKER_CONFIG

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    with dask.config.set(WORKER_CONFIG):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
            with Client(cluster, set_as_default=False) as client:
                client.gather(client.map(abs, range(100), pure=False))  # warm up
                workers, here = client.run(cpu), cpu()
                t0 = time.perf_counter()
                client.gather(client.map(abs, range(tasks), pure=False))
                wall = time.perf_counter() - t0
                spent = cpu() - here + sum(client.run(cpu).values()) - sum(workers.values())
                return wall / tasks, spent / tasks


def worker_memory(corpus: Path, work: Path) -> list[int]:
    """Peak RSS of each worker of a 2-worker LocalCluster after a whole run."""
    import logging

    from distributed import Client, LocalCluster

    def peak() -> int:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        scan(corpus, work / "memory", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--no-cache")
        with Client(cluster, set_as_default=False) as client:
            return sorted(client.run(peak).values())


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    """Print the comparison and the cost-model figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-extras", action="store_true", help="only the paired comparison")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the auditor checkout to run (default: this one)")
    args = parser.parse_args(argv)
    TREE[0] = args.tree.resolve()
    docs, size = count_documents(args.corpus)
    print(f"corpus {args.corpus}: {docs} documents, {size / 1e6:.1f} MB; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; auditor from {TREE[0]}")
    with tempfile.TemporaryDirectory(prefix="auditor-dask-bench-") as tmp:
        work = Path(tmp)
        local, dask = paired(args.corpus, args.rounds, work)
        for label, runs in (("--jobs 2              ", local), ("--engine dask --jobs 2", dask)):
            wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
            print(f"{label}: {docs / wall:7.1f} docs/s  (median of {len(runs)}: {wall:.2f} s wall, {cpu:.2f} s CPU; "
                  f"runs {', '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)})")
        for what, index in (("wall", 0), ("CPU", 1)):
            lm, dm = statistics.median(r[index] for r in local), statistics.median(r[index] for r in dask)
            pairs = [d[index] / l[index] - 1 for l, d in zip(local, dask)]
            print(f"Dask overhead: {100 * (dm / lm - 1):+.1f}% of {what} time (medians; pair by pair "
                  f"{', '.join(f'{100 * p:+.0f}%' for p in pairs)}; target: under 15%)")
        if args.no_extras:
            return
        one = scan(args.corpus, work / "one", "--jobs", "1")
        print(f"--jobs 1 (cold, fills the cache): {docs / one:.1f} docs/s, {size / one / 1e6:.2f} MB/s on one core")
        run = next(p for p in (work / "one").iterdir() if not p.name.startswith("."))
        reports, cache = folder_bytes(run), folder_bytes(work / "one" / ".cache")
        print(f"reports: {reports / docs:.0f} bytes/document ({reports / docs * 1e6 / 1e9:.1f} GB per million); "
              f"cache: {cache / docs:.0f} bytes/document ({cache / docs * 1e6 / 1e9:.1f} GB per million)")
        warm = scan(args.corpus, work / "one", "--jobs", "1")
        print(f"client alone (warm re-run, every result from the cache, reports written): {docs / warm:.1f} docs/s")
        wall, cpu = task_overhead()
        print(f"Dask overhead per task (trivial tasks, 2 workers): {wall * 1e3:.2f} ms wall, {cpu * 1e3:.2f} ms CPU (client, scheduler and workers)")
        print(f"peak RSS per Dask worker: {', '.join(f'{m / 1e6:.0f} MB' for m in worker_memory(args.corpus, work))}")


if __name__ == "__main__":
    main()
