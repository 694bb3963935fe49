"""`lawdiff serve`: the built site on localhost, rebuilt when statutes/, proposals/ or site/ change, and the drafting
workbench at ``/studio/`` (`lawdiff.site.studio`).

The server only ever reads the output folder; builds are atomic, so a reader sees the old site until
the new one is swapped in, and a failed rebuild (a proposal mid-edit that does not parse) is reported
and leaves the last good site served.

The workbench's API (``/studio/api/…``, JSON) answers only requests that carry the header ``X-Lawdiff-Token``
equal to the token of this run (the ``<meta name="lawdiff-token">`` of the page: `secrets.token_urlsafe`), come
from no other origin than the server's own (``Origin``) and name it as their host (``Host``: a page of another
site that a DNS name points here cannot use it); anything else is 403. Bodies over `MAX_BODY` bytes are 413,
anything not JSON 400; every error is ``{"error": "one line"}``, never a traceback. The server binds 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lawdiff.diffing.segment import warm_up
from lawdiff.errors import ExistsError, LawdiffError, RequestError
from lawdiff.locations import SITE_DIR
from lawdiff.site.builder import build as build_site
from lawdiff.site.studio import Workbench
from lawdiff.site.studio_view import StudioView

WATCHED = ("statutes", "proposals")
#: The largest request body the workbench reads (a proposal of many articles is far smaller).
MAX_BODY = 2 * 1024 * 1024
HOST = "127.0.0.1"


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


class Studio:
    """The workbench as the server holds it: its logic, its page and the token of this run."""

    def __init__(self, root: Path, out: Path, token: str | None = None) -> None:
        self.workbench = Workbench(root)
        self.view = StudioView(self.workbench)
        self.out = out
        self.token = token or secrets.token_urlsafe(32)

    def answer(self, method: str, route: str, query: dict[str, str], body: dict[str, Any]
               ) -> tuple[int, dict[str, Any] | tuple[bytes, str, str]]:
        """Return the status and answer of an API request: JSON data, or (bytes, content type, file name)."""
        bench = self.workbench
        lang = str(body.get("lang") or query.get("lang") or "zh")
        routes: dict[tuple[str, str], Callable[[], Any]] = {
            ("POST", "preview"): lambda: self.view.preview(body, lang),
            ("POST", "save"): lambda: bench.save(body, time.time()),
            ("POST", "table.docx"): lambda: (*bench.table(body, "docx"), DOCX),
            ("POST", "table.md"): lambda: (*bench.table(body, "md"), "text/markdown; charset=utf-8"),
            ("POST", "proposal.docx"): lambda: (*bench.proposal_document(body), DOCX),
            ("GET", "article"): lambda: bench.article(query.get("base"), query.get("article")),
            ("GET", "proposal"): lambda: bench.open_proposal(query.get("id")),
            ("GET", "built"): lambda: bench.built(query.get("id"), self.out),
        }
        make = routes.get((method, route))
        if make is None:
            known = [r for m, r in routes if m == method]
            raise RequestError(f"no {method} /studio/api/{route} (there are: {', '.join(known)})")
        result = make()
        if isinstance(result, tuple):  # a download: (bytes, file name, content type)
            return 200, (result[0], result[2], result[1])
        return (201 if route == "save" else 200), result


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site, and the workbench under /studio/ (see the module docstring)."""

    studio: Studio | None = None
    server_version = "lawdiff"

    def log_message(self, format: str, *args: object) -> None:
        pass

    # --- routing ---------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._studio("GET"):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._studio("HEAD"):
            super().do_HEAD()

    def do_POST(self) -> None:
        if not self._studio("POST"):
            self._json(405, {"error": "only the workbench's API (/studio/api/…) takes POST requests"})

    def _studio(self, method: str) -> bool:
        """Answer a request for the workbench; return False for any other path (a file of the site)."""
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        lang = "en" if path.startswith("/en/studio") else "zh"
        local = path.removeprefix("/en")
        if self.studio is None or not (local == "/studio" or local.startswith("/studio/")):
            return False
        if not self._own_host():
            self._json(403, {"error": "the workbench answers only requests to its own address (127.0.0.1)"})
            return True
        if local == "/studio":
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return True
        if local in ("/studio/", "/studio/index.html"):  # the second: the header's language switch links there
            self._send(200, self.studio.view.page(lang, self.studio.token).encode("utf-8"), "text/html; charset=utf-8",
                       head=method == "HEAD")
            return True
        if local in ("/studio/studio.js", "/studio/studio.css"):
            kind = "text/javascript" if local.endswith(".js") else "text/css"
            data = (SITE_DIR / "static" / local.rsplit("/", 1)[1]).read_bytes()
            self._send(200, data, f"{kind}; charset=utf-8", head=method == "HEAD")
            return True
        if local.startswith("/studio/api/"):
            self._api(method, local.removeprefix("/studio/api/"), url.query)
            return True
        self._json(404, {"error": f"no {path} in the workbench"})
        return True

    def _port(self) -> int:
        return int(getattr(self.server, "server_port", 0))

    def _own_host(self) -> bool:
        port = self._port()
        own = {f"127.0.0.1:{port}", f"localhost:{port}"}
        return self.headers.get("Host", "") in own

    def _api(self, method: str, route: str, query_string: str) -> None:
        studio = self.studio
        assert studio is not None
        port = self._port()
        origin = self.headers.get("Origin")
        token = self.headers.get("X-Lawdiff-Token", "")
        if origin is not None and origin not in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            self._json(403, {"error": f"requests from {origin} are refused: only the workbench's own page may call"
                                      " its API"})
            return
        if not secrets.compare_digest(token.encode(), studio.token.encode()):
            self._json(403, {"error": "missing or wrong X-Lawdiff-Token (reload /studio/: the token changes with "
                                      "every run of lawdiff serve)"})
            return
        try:
            body = self._body() if method == "POST" else {}
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(query_string).items()}
            status, answer = studio.answer(method, route, query, body)
        except _TooLarge:
            self.close_connection = True  # the body is not read
            self._json(413, {"error": f"the request body is over {MAX_BODY} bytes"})
            return
        except ExistsError as exc:
            self._json(409, {"error": exc.format()})
            return
        except LawdiffError as exc:
            self._json(400, {"error": " ".join(exc.format().split())})
            return
        except Exception as exc:  # a bug: one line, never a traceback
            self._json(500, {"error": f"internal error: {type(exc).__name__} (a bug in lawdiff; please report it)"})
            return
        if isinstance(answer, tuple):
            data, kind, name = answer
            self._send(status, data, kind, filename=name)
        else:
            self._json(status, answer)

    def _body(self) -> dict[str, Any]:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise RequestError("a POST request needs a Content-Length") from None
        if length > MAX_BODY:
            raise _TooLarge
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RequestError("the request body is not JSON (expected an object such as {\"base\": …})") from None
        if not isinstance(body, dict):
            raise RequestError("the request body must be a JSON object")
        return body

    # --- answering ---------------------------------------------------------------------------------------

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: int, data: bytes, kind: str, *, head: bool = False, filename: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if filename:
            self.send_header("Content-Disposition", f'attachment; filename="{filename}"')
        self.end_headers()
        if not head:
            self.wfile.write(data)


class _TooLarge(Exception):
    pass


def make_server(out: Path, port: int, host: str = HOST, studio: Studio | None = None
                ) -> http.server.ThreadingHTTPServer:
    """Return an HTTP server for the site folder (port 0: any free port), with the workbench when given."""
    handler = functools.partial(type("Handler", (_Handler,), {"studio": studio}), directory=str(out))
    return http.server.ThreadingHTTPServer((host, port), handler)


def watch(root: Path, out: Path, stop: threading.Event, report: Callable[[str], None], interval: float = 0.5,
          search: bool = True, rebuilt: Callable[[float], None] | None = None) -> None:
    """Rebuild the site whenever a watched file changes, until ``stop`` is set; ``rebuilt(started)`` is told of
    each successful rebuild (the workbench waits for one after a save)."""
    seen = snapshot(root)
    warm_up()  # the word segmenter's dictionary, loaded once here: each rebuild's processes inherit it
    while not stop.wait(interval):
        now = snapshot(root)
        if now == seen:
            continue
        seen = now
        started = time.time()
        try:
            pages = build_site(root, out, None, search=search)
        except LawdiffError as exc:
            report(f"rebuild failed, still serving the last good site: {exc.format()}")
        else:
            report(f"rebuilt {pages} pages")
            if rebuilt is not None:
                rebuilt(started)


def serve(root: Path, out: Path, port: int, *, search: bool, report: Callable[[str], None]) -> None:
    """Build the site, serve it and the workbench on 127.0.0.1 and rebuild it on every change until interrupted
    (Ctrl-C)."""
    count = build_site(root, out, None, search=search)
    studio = Studio(root, out)
    studio.workbench.warm()
    server = make_server(out, port, studio=studio)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, out, stop, report),
                               kwargs={"search": search, "rebuilt": studio.workbench.rebuilt}, daemon=True)
    watcher.start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    report(f"built {count} pages; serving {out} at {address} (Ctrl-C stops); drafting workbench at {address}studio/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
