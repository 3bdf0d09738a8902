"""Where the batches of a tournament run: in this process, a local process pool, or Dask distributed.

Every executor returns the same outcomes whatever order batches finish in: the caller sorts them by
run index, and each run's randomness comes only from its own seed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, TypeVar

from parley.extras import ensure_extra
from parley.tournament.runner import RunBatch, RunOutcome, run_batch

if TYPE_CHECKING:
    from distributed import Client

#: Called after each finished batch with the runs done so far and the total.
Progress = Callable[[int, int], None]
B = TypeVar("B")
R = TypeVar("R")


def default_processes() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batch_size(runs: int, workers: int, per_worker: int = 4, largest: int = 64) -> int:
    """Runs per task: about ``per_worker`` tasks per worker, at most ``largest`` runs each."""
    return max(1, min(largest, -(-runs // max(1, workers * per_worker))))


def run_batches(
    work: Callable[[B], list[R]],
    batches: Sequence[B],
    sizes: Sequence[int],
    processes: int | None = None,
    scheduler: str | Client | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """``work(batch)`` for every batch — in this process, on a spawned local pool, or on Dask — and
    the results concatenated in completion order (callers sort them). ``sizes[i]`` counts the runs of
    ``batches[i]`` for ``progress``; ``work`` must be a picklable module-level function."""
    if scheduler is not None:
        finished = _dask(work, batches, scheduler)
    elif (processes or default_processes()) == 1 or len(batches) <= 1:
        finished = (work(batch) for batch in batches)
    else:
        finished = _process_pool(work, batches, min(len(batches), processes or default_processes()))
    total, done = sum(sizes), []
    for chunk in finished:
        done.extend(chunk)
        if progress is not None:
            progress(len(done), total)
    return done


def _process_pool(work: Callable[[B], list[R]], batches: Sequence[B], processes: int) -> Iterator[list[R]]:
    """Run the batches on a local pool of ``processes`` spawned worker processes."""
    context = multiprocessing.get_context("spawn")  # no fork of a possibly threaded parent
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [pool.submit(work, batch) for batch in batches]
        for future in as_completed(futures):
            yield future.result()


def _dask(work: Callable[[B], list[R]], batches: Sequence[B], scheduler: str | Client) -> Iterator[list[R]]:
    """Run the batches on a Dask cluster (a scheduler address, or an existing client)."""
    ensure_extra("cluster", "running on a Dask cluster")
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(scheduler) if isinstance(scheduler, str) else scheduler  # type: ignore[no-untyped-call]
    try:
        futures = client.map(work, list(batches), pure=False)
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
    finally:
        if isinstance(scheduler, str):
            client.close()  # type: ignore[no-untyped-call]


def execute(
    batches: Sequence[RunBatch],
    processes: int | None = None,
    scheduler: str | Client | None = None,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Run every tournament batch and return the outcomes sorted by run index.

    With a ``scheduler`` (address or client) the batches go to Dask; otherwise ``processes`` local
    processes run them (None: one per core; 1: sequentially in this process).
    """
    sizes = [len(batch.specs) for batch in batches]
    outcomes = run_batches(run_batch, batches, sizes, processes, scheduler, progress)
    return sorted(outcomes, key=lambda outcome: outcome.index)
