"""`lawdiff serve`: the built site on localhost, rebuilt when statutes/, proposals/ or site/ change.

The server only ever reads the output folder; builds are atomic, so a reader sees the old site until
the new one is swapped in, and a failed rebuild (a proposal mid-edit that does not parse) is reported
and leaves the last good site served.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path

from lawdiff.diffing.segment import warm_up
from lawdiff.errors import LawdiffError
from lawdiff.locations import SITE_DIR
from lawdiff.site.builder import build as build_site

WATCHED = ("statutes", "proposals")


def snapshot(root: Path) -> dict[str, int]:
    """Return the modification time (ns) and size of every watched file, by path."""
    folders = [root / name for name in WATCHED] + [SITE_DIR]
    out: dict[str, int] = {}
    for folder in folders:
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    stat = f.stat()
                    out[str(f)] = stat.st_mtime_ns ^ (stat.st_size << 1)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(out: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """Return an HTTP server for the site folder (port 0: any free port)."""
    handler = functools.partial(_Quiet, directory=str(out))
    return http.server.ThreadingHTTPServer((host, port), handler)


def watch(root: Path, out: Path, stop: threading.Event, report: Callable[[str], None], interval: float = 0.5,
          search: bool = True) -> None:
    """Rebuild the site whenever a watched file changes, until ``stop`` is set."""
    seen = snapshot(root)
    warm_up()  # the word segmenter's dictionary, loaded once here: each rebuild's processes inherit it
    while not stop.wait(interval):
        now = snapshot(root)
        if now == seen:
            continue
        seen = now
        try:
            pages = build_site(root, out, None, search=search)
        except LawdiffError as exc:
            report(f"rebuild failed, still serving the last good site: {exc.format()}")
        else:
            report(f"rebuilt {pages} pages")


def serve(root: Path, out: Path, port: int, *, search: bool, report: Callable[[str], None]) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild it on every change until interrupted (Ctrl-C)."""
    count = build_site(root, out, None, search=search)
    server = make_server(out, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, out, stop, report), kwargs={"search": search}, daemon=True)
    watcher.start()
    report(f"built {count} pages; serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
