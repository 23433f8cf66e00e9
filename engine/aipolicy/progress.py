"""A one-line progress bar on stderr for long scans (no dependency).

Shown only on a terminal, and only once the scan is long: more than ``min_files`` files or more
than ``delay`` seconds. The pipeline reports ``(stage, done, total)``; the bar redraws at most
ten times a second and is erased when the scan ends, so it never mixes with the report.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 28


class Progress:
    def __init__(self, stream: TextIO | None = None, delay: float = 1.0, min_files: int = 200,
                 enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.min_files = min_files
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Report that ``stage`` is at ``done`` of ``total`` (0 when unknown)."""
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.started
        if not self.drawn and elapsed < self.delay and total <= self.min_files:
            return
        if self.drawn and now - self.last_draw < 0.1 and done not in (0, total):
            return
        self.last_draw = now
        self.drawn = True
        self.stream.write("\r" + line(stage, done, total, elapsed) + "\033[K")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False


def line(stage: str, done: int, total: int, elapsed: float) -> str:
    """``[#########...........] parse 120/400  1.4s``; no bar when the total is unknown."""
    if total > 0:
        filled = min(WIDTH, round(WIDTH * done / total))
        return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {stage} {done}/{total}  {elapsed:.1f}s"
    return f"[{'.' * WIDTH}] {stage}  {elapsed:.1f}s"
