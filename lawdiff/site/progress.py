"""How a site build reports its progress: phases, each with a total known before it starts.

The builder calls `Progress.phase` as it enters each step (the laws, built one by one; the pages about the whole
site; the search indexes; the link check) and `Progress.advance` as work in it is done. `terminal_progress`
shows that as one `rich.progress` display on a terminal, and as one plain line per phase otherwise (a log, CI).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Protocol


class Progress(Protocol):
    """What the builder reports to."""

    def phase(self, name: str, total: int) -> None:
        """A phase begins, with ``total`` units of work."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` more units of the current phase are done."""


class Silent:
    """Progress reported to no one."""

    def phase(self, name: str, total: int) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


class PlainLines:
    """Progress as one line per finished phase (``laws: 7/7``): for output that is not a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.current: tuple[str, int, int] | None = None

    def phase(self, name: str, total: int) -> None:
        self.close()
        self.current = (name, 0, total)

    def advance(self, amount: int = 1) -> None:
        if self.current is not None:
            name, done, total = self.current
            self.current = (name, done + amount, total)

    def close(self, finished: bool = True) -> None:
        """Write the line of the current phase (not of one a failed build left unfinished)."""
        if self.current is not None and finished:
            name, done, total = self.current
            self.stream.write(f"{name}: {done}/{total}\n")
        self.current = None


class Bars:
    """Progress as a `rich.progress` display: one bar per phase, all in one display."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self.display = RichProgress(TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), console=Console(file=stream), transient=False)
        self.task: object | None = None

    def phase(self, name: str, total: int) -> None:
        if self.task is None:
            self.display.start()
        self.task = self.display.add_task(name, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.display.advance(self.task, amount)  # type: ignore[arg-type]

    def close(self, finished: bool = True) -> None:
        if self.task is not None:
            self.display.stop()


@contextmanager
def terminal_progress(stream: IO[str] | None = None) -> Iterator[Progress]:
    """Return the progress display for the build's output (default: stderr): bars on a terminal, plain lines
    otherwise; closed when the build ends, however it ends."""
    stream = stream or sys.stderr
    shown: Bars | PlainLines = Bars(stream) if stream.isatty() else PlainLines(stream)
    try:
        yield shown
    except BaseException:
        shown.close(finished=False)
        raise
    shown.close()
