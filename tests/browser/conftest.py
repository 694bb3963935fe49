"""Browser tests: the built site served on 127.0.0.1 and driven with Playwright through Debian's Chromium.

Chromium and the CJK fonts come from Debian (``.ci/install-system.sh``); Playwright's own browser download
is not used. The tests skip, saying why, when Playwright or Chromium is missing. Screenshots are written to
``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site_project import copy_project

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder of the site built once from a copy of the project (search index included)."""
    from lawdiff.site.builder import build

    project = copy_project(tmp_path_factory.mktemp("project"))
    out = project / "_site"
    build(project, out)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) for the whole session; return its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (run .ci/install-system.sh)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                                    headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    """A desktop-sized page that records every request that leaves the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    page.external_requests = []
    page.on("request", lambda r: None if r.url.startswith((base_url, "data:", "about:")) else
            page.external_requests.append(r.url))
    yield page
    context.close()

