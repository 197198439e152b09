"""Running chunks of work in worker processes, results back in order, a bound on chunks in flight.

This is the one seam between the work and where it runs, and the one process pool: batch
marking, verifying and candidate reports all run their chunks here. A local process pool by
default, the calling process itself with `workers=0` (debugging, tiny batches), and any
executor with the same `submit` (e.g. Dask's) could take the chunks instead. Workers only
compute (and write files of their own); the caller stays the only writer of results.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from types import TracebackType
from typing import Any, Generic, TypeVar

from csassess.findings import CsassessError

M = TypeVar("M")
T = TypeVar("T")
R = TypeVar("R")


class WorkerDiedError(CsassessError):
    """A worker process died (out of memory or killed); nothing partial was written. Run the
    same command again to resume where it stopped."""


def exit_with_parent() -> None:
    """End this worker when the main process dies (kill -9 included).

    A pool worker otherwise waits forever on its task queue, whose pipe it holds open itself.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def start_worker(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    """Pool initializer of every worker: tied to the main process's life, then the job's own set-up."""
    exit_with_parent()
    initializer(*initargs)


class ChunkRunner(Generic[M, R]):
    """Submit (meta, chunk) pairs; get (meta, result) pairs back in submission order.

    At most `in_flight` chunks are queued or running, so memory stays flat however many
    chunks there are: `submit` waits for the oldest chunk when the queue is full.
    """

    def __init__(
        self,
        task: Callable[[Any], R],
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        in_flight: int | None = None,
    ) -> None:
        self.task = task
        self.in_flight = in_flight or max(2, workers * 2)
        self.queue: deque[tuple[M, Future[R]]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # spawn, not fork: the caller may run threads (a progress bar) that fork would copy
            # mid-lock, and spawn behaves the same on every platform
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(initializer, initargs),
            )
        else:
            initializer(*initargs)

    def __enter__(self) -> ChunkRunner[M, R]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=kind is None, cancel_futures=True)

    def submit(self, meta: M, chunk: Any) -> Iterator[tuple[M, R]]:
        """Queue a chunk; yields the results that are ready, waiting only to make room."""
        future: Future[R] = Future()
        if self.pool is None:
            future.set_result(self.task(chunk))
        else:
            future = self.pool.submit(self.task, chunk)
        self.queue.append((meta, future))
        while self.queue and (len(self.queue) > self.in_flight or self.queue[0][1].done()):
            yield self._pop()

    def drain(self) -> Iterator[tuple[M, R]]:
        """Every remaining result, in order."""
        while self.queue:
            yield self._pop()

    def _pop(self) -> tuple[M, R]:
        meta, future = self.queue.popleft()
        try:
            return meta, future.result()
        except BrokenProcessPool as exc:
            raise WorkerDiedError(" ".join((WorkerDiedError.__doc__ or "").split())) from exc


def run_chunks(
    runner: ChunkRunner[list[T], R], pairs: Iterable[tuple[T, Any]], chunk_size: int
) -> Iterator[tuple[list[T], R]]:
    """Group (meta, work) pairs into chunks of `chunk_size`, run them on `runner`, and yield each
    chunk's metas with its result, in order, as results are ready (the last once all are in)."""
    metas: list[T] = []
    chunk: list[Any] = []
    for meta, work in pairs:
        metas.append(meta)
        chunk.append(work)
        if len(chunk) >= chunk_size:
            yield from runner.submit(metas, chunk)
            metas, chunk = [], []
    if chunk:
        yield from runner.submit(metas, chunk)
    yield from runner.drain()
