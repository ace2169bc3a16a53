"""Render many documents from one template: compiled once, in this process or across cores.

Usage::

    from yhdyspinta_docs.output._parallel import render_many

    docs = render_many("decision.docx", [(context, properties), ...])   # list of .docx bytes

:func:`render_many` returns exactly the bytes :func:`~yhdyspinta_docs.word._template.render_docx`
returns for each job, in the order of the jobs (tested). It is faster because of
:class:`~yhdyspinta_docs.word._batch.BatchTemplate`, which does the per-template work once.

Large batches are spread over processes (:data:`FORK_MIN_JOBS`, :func:`plan_workers`) when
other CPUs are idle: the calling process renders too, and takes work from the end of the
queue while the workers take it from the front. With the ``fork`` start method the workers
inherit the compiled template; otherwise an initializer compiles it once per worker.
:func:`map_outcomes` does the same for any function over many items (collect reads the
returned workbooks with it). ``YHDYSPINTA_WORKERS=1`` in the environment turns fanning out
off (``=N`` forces N processes).

Importing this module imports no document library; they are imported when first used.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..word._batch import _CACHE, BatchTemplate, _batch_template, _key, clear_cache

if TYPE_CHECKING:
    from ..word._template import DocProperties

# The document libraries are imported where they are used, so that collect, which uses only
# map_outcomes, does not import docx and docxtpl.

__all__ = [
    "FORK_MIN_JOBS",
    "MAP_MIN_ITEMS",
    "SPAWN_MIN_JOBS",
    "BatchTemplate",
    "Job",
    "clear_cache",
    "map_outcomes",
    "plan_workers",
    "render_many",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_C = TypeVar("_C")

Job = tuple[Mapping[str, Any], "DocProperties"]
"""One document: its template context and its stored properties."""

FORK_MIN_JOBS = 32
"""Fewest documents for which a batch is spread over processes started with ``fork``.

Measured on 2 idle cores (docs/performance.md): one process renders a decision proposal in
about 2.4 ms; starting a forked worker and moving contexts and documents between the
processes costs about 20–25 ms per batch. Two processes take 1.20 of the time of one for 16
documents, 0.90 for 24, 0.81 for 32, 0.68 for 128 and 0.59 for 300."""

SPAWN_MIN_JOBS = 1000
"""The same for ``forkserver``/``spawn`` workers, which start a new interpreter, import the
libraries and compile the template (0.5–0.8 s per worker on the same machine)."""

WORKERS_ENV = "YHDYSPINTA_WORKERS"
_CHUNKS_PER_WORKER = 6
_MAX_CHUNK = 16

# --- workers ---------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(data: bytes, name: str) -> None:
    """Process initializer: compile the template once (a forked worker already has it)."""
    _WORKER["template"] = _batch_template(data, name)


@dataclass(frozen=True)
class _Failure:
    """The exception of one job: the exception itself in this process; from a worker, its
    class, state and traceback text (our errors do not pickle by their arguments)."""

    index: int
    error: BaseException | tuple[type[BaseException], dict[str, Any], tuple[Any, ...]]
    trace: str = ""

    def exception(self) -> BaseException:
        if isinstance(self.error, BaseException):
            return self.error
        cls, state, args = self.error
        exc = cls.__new__(cls)
        exc.__dict__.update(state)
        exc.args = args
        exc.__cause__ = _RemoteTraceback(self.trace)
        return exc

    def portable(self) -> _Failure:
        """This failure as it can cross to another process."""
        exc = self.error
        if not isinstance(exc, BaseException):
            return self
        trace = "".join(traceback.format_exception(exc))
        payload: tuple[type[BaseException], dict[str, Any], tuple[Any, ...]] = (
            type(exc), dict(exc.__dict__), exc.args)
        try:
            pickle.loads(pickle.dumps(payload))
        except Exception:
            payload = (RuntimeError, {}, (f"{type(exc).__name__}: {exc}",))
        return _Failure(self.index, payload, trace)


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


def _render_chunk(template: BatchTemplate, indices: Sequence[int], jobs: Sequence[Job]
                  ) -> tuple[list[bytes], _Failure | None]:
    """Render `jobs` (numbered `indices`) in order; stop at the first error."""
    out: list[bytes] = []
    for index, (context, properties) in zip(indices, jobs, strict=True):
        try:
            out.append(template.render(context, properties))
        except Exception as exc:
            return out, _Failure(index, exc)
    return out, None


def _worker_chunk(indices: Sequence[int], jobs: Sequence[Job]
                  ) -> tuple[list[bytes], _Failure | None]:
    template: BatchTemplate = _WORKER["template"]
    done, failure = _render_chunk(template, indices, jobs)
    return done, failure.portable() if failure is not None else None


def _start_method() -> str:
    """``fork`` where it is safe and cheap (Linux, no other threads), else a fresh process."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _busy_elsewhere() -> float:
    """How many CPUs other processes keep busy: the larger of the runnable tasks now (Linux,
    less this process) and the 1-minute load average less one (this process, once counted)."""
    others = 0.0
    try:
        others = os.getloadavg()[0] - 1.0
    except (AttributeError, OSError):  # no load average (Windows)
        pass
    try:
        running = Path("/proc/loadavg").read_text("ascii").split()[3].split("/")[0]
        others = max(others, int(running) - 1.0)
    except (OSError, ValueError, IndexError):  # not Linux
        pass
    return max(0.0, others)


def _cpus() -> int:
    """CPUs this process may use that other processes leave idle: on a busy machine more
    processes only share the same CPUs and lose time moving work between them (measured:
    25–40 % slower with one of two CPUs busy)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, int(cpus - _busy_elsewhere() + 0.3)))


def plan_workers(jobs: int, workers: int | None = None, *, minimum: int | None = None) -> int:
    """How many processes :func:`render_many` uses for `jobs` documents (1 = no fan-out).

    `workers` given: that many (at most one per document). Otherwise ``$YHDYSPINTA_WORKERS``
    if set, else one per CPU that is not busy with other work, once the batch is large
    enough to pay for starting the workers (`minimum`, default :data:`FORK_MIN_JOBS`;
    :data:`SPAWN_MIN_JOBS` without ``fork``); else 1.
    """
    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process (a multiprocessing.Pool worker) may not start children
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "").strip()
        if env:
            try:
                workers = max(1, int(env))
            except ValueError:
                workers = None
    if workers is None:
        fork = _start_method() == "fork"
        threshold = (minimum or FORK_MIN_JOBS) if fork else max(minimum or 0, SPAWN_MIN_JOBS)
        if jobs < threshold:
            return 1
        workers = _cpus()
    return max(1, min(workers, jobs))


def render_many(template: Path | bytes, jobs: Sequence[Job], *, workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> list[bytes]:
    """Render every ``(context, properties)`` job with `template`; the .docx bytes in order.

    Each result is the same as ``render_docx(template, context, properties=properties)``.
    The template is compiled once. `workers`: processes to use, this one included (default:
    :func:`plan_workers` decides; 1 renders here only). `progress`, if given, is called in
    this thread with the index of each finished document (in completion order).

    Raises :class:`TemplateError` for a broken template, or the error of the first job (in
    input order) that cannot be rendered, with its message.
    """
    from ..word._template import CompiledTemplate, _open_document, _read

    data, name = _read(template)
    loaded = None
    if _key(data, name) not in _CACHE:  # (a cached one was checked when it was made)
        loaded = _open_document(data, name)
    jobs = list(jobs)
    if len(jobs) == 1 and loaded is not None:
        # one document: preparing the lean path costs what it saves
        context, properties = jobs[0]
        result = CompiledTemplate(data, name=name, _loaded=loaded).render(context, properties)
        if progress:
            progress(0)
        return [result]
    batch = _batch_template(data, name, loaded)
    count = plan_workers(len(jobs), workers)
    if count > 1:
        try:
            return _fan_out(batch, data, name, jobs, count, progress)
        except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
            pass
    out: list[bytes] = []
    for index, (context, properties) in enumerate(jobs):
        out.append(batch.render(context, properties))
        if progress:
            progress(index)
    return out


def _chunks(count: int, workers: int) -> list[range]:
    size = max(1, min(_MAX_CHUNK, math.ceil(count / (workers * _CHUNKS_PER_WORKER))))
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def _spread(pool: ProcessPoolExecutor, chunks: list[range],
            remote: Callable[[range], Future[_C]], local: Callable[[range], _C],
            settle: Callable[[int, _C], int | None]) -> None:
    """Run every chunk once: the workers take them from the front of the queue, this process
    from the back, until they meet. `settle(k, result)` gets each chunk's result in this
    thread; when it returns a chunk number, chunks after it are no longer needed."""
    futures = [remote(chunk) for chunk in chunks]
    settled: set[int] = set()
    last = len(chunks) - 1

    def finish(k: int, result: _C) -> None:
        nonlocal last
        settled.add(k)
        stop = settle(k, result)
        if stop is not None and stop < last:
            last = stop
            for later in futures[stop + 1:]:
                later.cancel()

    def finished_elsewhere() -> None:
        for k, future in enumerate(futures):
            if k not in settled and future.done() and not future.cancelled():
                finish(k, future.result())

    for k in reversed(range(len(chunks))):
        if k <= last and futures[k].cancel():
            finish(k, local(chunks[k]))
            finished_elsewhere()
    for k, future in enumerate(futures):
        if k not in settled and not future.cancelled():
            finish(k, future.result())


def _fan_out(batch: BatchTemplate, data: bytes, name: str, jobs: list[Job], count: int,
             progress: Callable[[int], None] | None) -> list[bytes]:
    """render_many over `count` processes, this one included."""
    chunks = _chunks(len(jobs), count)
    results: list[list[bytes] | None] = [None] * len(chunks)
    failures: list[_Failure] = []

    def settle(k: int, result: tuple[list[bytes], _Failure | None]) -> int | None:
        done, failure = result
        results[k] = done
        if progress:
            for i in chunks[k][:len(done)]:
                progress(i)
        if failure is None:
            return None
        failures.append(failure)
        return k  # a later error is not the first one

    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(max_workers=count - 1, mp_context=context,
                               initializer=_init_worker, initargs=(data, name))
    try:
        _spread(pool, chunks,
                lambda c: pool.submit(_worker_chunk, list(c), [jobs[i] for i in c]),
                lambda c: _render_chunk(batch, c, [jobs[i] for i in c]), settle)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if failures:
        raise min(failures, key=lambda f: f.index).exception()
    out: list[bytes] = []
    for part in results:
        assert part is not None
        out += part
    return out


# --- any function over many items (collect reads many files) --------------------------------

MAP_MIN_ITEMS = 12
"""Fewest items for which :func:`map_outcomes` spreads the work over forked processes: meant
for items that each take several milliseconds, such as reading a returned workbook (about
9 ms; starting a forked worker costs 20–25 ms)."""

_MAP: dict[str, Any] = {}


def _map_run(fn: Callable[[Any], Any], items: Sequence[Any], indices: Sequence[int]
             ) -> list[tuple[Any, _Failure | None]]:
    out: list[tuple[Any, _Failure | None]] = []
    for index in indices:
        try:
            out.append((fn(items[index]), None))
        except Exception as exc:
            out.append((None, _Failure(index, exc)))
    return out


def _map_worker(indices: Sequence[int]) -> list[tuple[Any, _Failure | None]]:
    """In a forked worker: the function and items were inherited, only results travel."""
    return [(value, failure.portable() if failure else None)
            for value, failure in _map_run(_MAP["fn"], _MAP["items"], indices)]


def map_outcomes(fn: Callable[[_T], _R], items: Sequence[_T], *, workers: int | None = None,
                 min_items: int = MAP_MIN_ITEMS) -> list[_R | Exception]:
    """``fn(item)`` for every item, in order; where it raised, the exception instead.

    With `min_items` items or more, idle CPUs and the ``fork`` start method, the items are
    spread over processes (this one included) like :func:`render_many`'s documents. `fn`
    and the items are inherited by the forked workers, never pickled, so `fn` may be a
    closure; its results must pickle. Elsewhere (no ``fork``, threads running, a busy
    machine, few items) everything runs here. `workers`: as for :func:`render_many`.
    Should a worker die (killed, out of memory), every item is done again here.
    """
    items = list(items)
    count = 1
    if _start_method() == "fork":
        count = plan_workers(len(items), workers, minimum=min_items)
    pairs: list[tuple[Any, _Failure | None]] | None = None
    if count > 1:
        try:
            pairs = _map_spread(fn, items, count)
        except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
            pairs = None
    if pairs is None:
        pairs = _map_run(fn, items, range(len(items)))
    out: list[_R | Exception] = []
    for value, failure in pairs:
        if failure is None:
            out.append(value)
        else:
            exc = failure.exception()
            out.append(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
    return out


def _map_spread(fn: Callable[[Any], Any], items: list[Any], count: int
                ) -> list[tuple[Any, _Failure | None]]:
    """map_outcomes over `count` forked processes, this one included."""
    chunks = _chunks(len(items), count)
    results: list[list[tuple[Any, _Failure | None]]] = [[] for _ in chunks]

    def settle(k: int, result: list[tuple[Any, _Failure | None]]) -> None:
        results[k] = result

    _MAP.update(fn=fn, items=items)  # before the first submit forks the worker
    pool = ProcessPoolExecutor(max_workers=count - 1,
                               mp_context=multiprocessing.get_context("fork"))
    try:
        _spread(pool, chunks, lambda c: pool.submit(_map_worker, list(c)),
                lambda c: _map_run(fn, items, c), settle)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _MAP.clear()
    return [pair for part in results for pair in part]
