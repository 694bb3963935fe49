"""Rendering in other processes: pages rendered by a pool of forked workers, and a law's whole phase built in a
forked child of its own so that its memory goes when it ends."""


from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from lawdiff.diffing.diff import Op
from lawdiff.errors import BuildError, LawdiffError
from lawdiff.locations import SITE_DIR
from lawdiff.site.compare import WordDiffs
from lawdiff.site.links import links_and_ids
from lawdiff.site.pages import PageTask

T = TypeVar("T")

#: What forked render workers share with the build that started them (set just before the pool starts).
_WORK: tuple[list[PageTask], Path, WordDiffs] | None = None


#: What rendering a page tells the rest of the build: its links, its anchors and the hash of its bytes.
Rendered = tuple[list[str], set[str], str]


def _render_one(task: PageTask, staging: Path) -> Rendered:
    page = task.make()
    target = staging / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = page.html.encode("utf-8")
    target.write_bytes(data)
    return (*links_and_ids(page.html), hashlib.sha256(data).hexdigest())


def _render_chunk(indexes: list[int]) -> tuple[list[Rendered], dict[tuple[str, str], list[Op]]] | str:
    """Render and write some pages in a worker; return their links and anchors and the word diffs they showed,
    or the error as a message."""
    assert _WORK is not None
    tasks, staging, diffs = _WORK
    diffs.used = {}
    try:
        return [_render_one(tasks[i], staging) for i in indexes], diffs.used
    except jinja2.TemplateError as exc:
        return f"template error: {exc}"
    except LawdiffError as exc:
        return exc.message


def worker_start() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build that started the worker stops it
    # A build killed outright (SIGKILL) cannot stop its workers: have the kernel end them with it (Linux), so
    # no orphan keeps rendering into a staging folder or holding the build's output pipes open.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when they next find the pool gone
        pass


def render_pages(tasks: list[PageTask], todo: list[int], staging: Path, jobs: int, progress: Callable[[], None],
            diffs: WordDiffs) -> dict[int, Rendered]:
    """Render and write the pages ``todo`` (indexes into ``tasks``), in ``jobs`` processes; return each one's
    links, anchors and hash (``diffs``: how the tasks compare texts; its ``used`` gathers what workers used)."""
    out: dict[int, Rendered] = {}
    if jobs <= 1 or len(todo) < 64:
        for i in todo:
            try:
                out[i] = _render_one(tasks[i], staging)
            except jinja2.TemplateError as exc:
                raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
            progress()
        return out
    import concurrent.futures
    import multiprocessing

    global _WORK
    size = max(8, min(64, len(todo) // (jobs * 8)))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    _WORK = (tasks, staging, diffs)
    gc.freeze()  # the workers inherit the gathered data: a collection there would touch, and so copy, all of it
    pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=worker_start)
    try:
        futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            result = future.result()
            if isinstance(result, str):
                raise BuildError(result, path=str(SITE_DIR / "templates"))
            rendered, used = result
            diffs.used.update(used)
            for i, found in zip(chunk, rendered, strict=True):
                out[i] = found
                progress()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _WORK = None
    return out


def in_child(work: Callable[[], T]) -> T:
    """Return what ``work()`` returns, done in a forked process of its own: all it allocates (a law's timeline,
    its proposals applied) goes when it ends, so a build holds one law's history at a time."""
    import pickle
    import traceback

    read, write = os.pipe()
    gc.freeze()  # the child inherits the build's data: a collection there would touch, and so copy, all of it
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        code = 0
        try:
            worker_start()
            import signal

            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                result: tuple[str, Any] = ("ok", work())
            except jinja2.TemplateError as exc:
                result = ("error", (BuildError, f"template error: {exc}", str(SITE_DIR / "templates"), None))
            except LawdiffError as exc:
                result = ("error", (type(exc), exc.message, exc.path, exc.line))
            except BaseException:  # a bug: its traceback, for the report
                result = ("crash", traceback.format_exc())
            with os.fdopen(write, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    finally:
        gc.unfreeze()
    if not data:
        raise BuildError(f"a build process ended without an answer (status {status})", path=None)
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "error":
        cls, message, path, line = value
        try:
            raise cls(message, path=path, line=line)
        except TypeError:
            raise BuildError(message, path=path, line=line) from None
    raise RuntimeError(f"the build of one law failed:\n{value}")
