"""Parse many files on forked worker processes, results in the order given.

Forking costs a few tens of milliseconds and every result travels back pickled, so workers are
used only when the work is large enough to pay for it (``worth_forking``). The tasks are put in a
module global before the fork, so workers inherit them instead of receiving them pickled; each
worker writes its own cache entries.
"""
from __future__ import annotations

import os
from typing import Callable, TypeVar

from .cache import ParseCache
from .discover import Candidate
from .model import ParsedFile
from .sources import parse_source

MIN_FILES = 200
MIN_BYTES = 2 * 1024 * 1024
CHUNKS_PER_JOB = 4

R = TypeVar("R")
Task = tuple[Candidate, str, str, str | None]  # candidate, format, text, cache key (None: not cached)

_TASKS: list[Task] = []
_CACHE: ParseCache | None = None
_BOUNDS: list[tuple[int, int]] = []


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """The platform starts workers by fork (multiprocessing is imported only when asked)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(tasks: list[Task], jobs: int) -> bool:
    """More than one job, fork available, and more than MIN_FILES files or MIN_BYTES of text."""
    if jobs < 2 or len(tasks) < 2 or not can_fork():
        return False
    return len(tasks) > MIN_FILES or sum(len(t[2]) for t in tasks) > MIN_BYTES


def _parse(task: Task, cache: ParseCache | None) -> ParsedFile:
    cand, fmt, text, key = task
    pf = parse_source(cand, fmt, text)
    if cache is not None and key is not None and pf.format != "none":  # never keep a parser crash
        cache.put(key, pf)
    return pf


def _run_chunk(index: int) -> list[tuple[ParsedFile, bool]]:
    """Worker side: parse the tasks of chunk ``index``; the text is not sent back (the parent has it)."""
    out = []
    for i in range(*_BOUNDS[index]):
        pf = _parse(_TASKS[i], _CACHE)
        had_text = bool(pf.text)
        pf.text = ""
        out.append((pf, had_text))
    return out


def _chunks(tasks: list[Task], count: int) -> list[tuple[int, int]]:
    """Contiguous index ranges holding about the same number of characters each."""
    total = sum(len(t[2]) for t in tasks) or 1
    bounds, start, acc = [], 0, 0
    for i, t in enumerate(tasks):
        acc += len(t[2])
        if acc * count >= total * (len(bounds) + 1):
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(tasks):
        bounds.append((start, len(tasks)))
    return bounds


def parse_tasks(tasks: list[Task], cache: ParseCache | None, jobs: int) -> list[ParsedFile]:
    """Parse every task (forked workers when worth it); results in task order."""
    global _TASKS, _CACHE, _BOUNDS
    if not worth_forking(tasks, jobs):
        return [_parse(t, cache) for t in tasks]
    _TASKS, _CACHE, _BOUNDS = tasks, cache, _chunks(tasks, jobs * CHUNKS_PER_JOB)
    try:
        chunked = forked_map(_run_chunk, len(_BOUNDS), jobs)
    finally:
        _TASKS, _CACHE, _BOUNDS = [], None, []
    if chunked is None:  # a worker died: parse here
        return [_parse(t, cache) for t in tasks]
    out = []
    for task, (pf, had_text) in zip(tasks, (r for chunk in chunked for r in chunk)):
        if had_text:
            pf.text = task[2]
        out.append(pf)
    return out


def forked_map(func: Callable[[int], R], count: int, jobs: int) -> list[R] | None:
    """``[func(i) for i in range(count)]`` on up to ``jobs`` forked workers, in order; each worker
    takes the next index when done. The work itself is inherited through module globals set
    before the call. None when a worker died (killed, crashed in native code): the caller does
    the work in this process instead of waiting for a result that never comes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(min(jobs, count), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(func, range(count)))
    except BrokenProcessPool:
        return None
