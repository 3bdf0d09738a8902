"""Where the batches of a tournament run: in this process, a local process pool, or Dask distributed.

Every executor returns the same outcomes whatever order batches finish in: the caller sorts them by
run index, and each run's randomness comes only from its own seed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING

from parley.tournament.runner import Batch, RunOutcome, run_batch

if TYPE_CHECKING:
    from distributed import Client

#: Called after each finished batch with the runs done so far and the total.
Progress = Callable[[int, int], None]


def default_processes() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batch_size(runs: int, workers: int, per_worker: int = 4, largest: int = 64) -> int:
    """Runs per task: about ``per_worker`` tasks per worker, at most ``largest`` runs each."""
    return max(1, min(largest, -(-runs // max(1, workers * per_worker))))


def _sequential(batches: Sequence[Batch]) -> Iterator[list[RunOutcome]]:
    """Run the batches one after another here."""
    for batch in batches:
        yield run_batch(batch)


def _process_pool(batches: Sequence[Batch], processes: int) -> Iterator[list[RunOutcome]]:
    """Run the batches on a local pool of ``processes`` spawned worker processes."""
    context = multiprocessing.get_context("spawn")  # no fork of a possibly threaded parent
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [pool.submit(run_batch, batch) for batch in batches]
        for future in as_completed(futures):
            yield future.result()


def _dask(batches: Sequence[Batch], scheduler: str | Client) -> Iterator[list[RunOutcome]]:
    """Run the batches on a Dask cluster (a scheduler address, or an existing client)."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = Client(scheduler) if isinstance(scheduler, str) else scheduler  # type: ignore[no-untyped-call]
    try:
        futures = client.map(run_batch, list(batches), pure=False)
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
    finally:
        if isinstance(scheduler, str):
            client.close()  # type: ignore[no-untyped-call]


def execute(
    batches: Sequence[Batch],
    processes: int | None = None,
    scheduler: str | Client | None = None,
    progress: Progress | None = None,
) -> list[RunOutcome]:
    """Run every batch and return the outcomes sorted by run index.

    With a ``scheduler`` (address or client) the batches go to Dask; otherwise ``processes`` local
    processes run them (None: one per core; 1: sequentially in this process).
    """
    total = sum(len(batch.specs) for batch in batches)
    if scheduler is not None:
        finished = _dask(batches, scheduler)
    elif (processes or default_processes()) == 1 or len(batches) <= 1:
        finished = _sequential(batches)
    else:
        finished = _process_pool(batches, min(len(batches), processes or default_processes()))
    outcomes: list[RunOutcome] = []
    for chunk in finished:
        outcomes.extend(chunk)
        if progress is not None:
            progress(len(outcomes), total)
    return sorted(outcomes, key=lambda outcome: outcome.index)
