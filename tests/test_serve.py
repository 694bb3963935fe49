"""`lawdiff serve`: serves the built site and rebuilds it when a proposal changes."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from lawdiff.site.builder import build
from lawdiff.site.serve import make_server, snapshot, watch


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_after_a_proposal_edit(project: Path) -> None:
    out = project / "_site"
    build(project, out, None, search=False)
    server = make_server(out, 0)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    messages: list[str] = []
    watcher = threading.Thread(target=watch, args=(project, out, stop, messages.append),
                               kwargs={"interval": 0.2, "search": False}, daemon=True)
    watcher.start()
    try:
        assert "第二百五十三条之一" in _get(port, "laws/criminal-law/zho@2023-12-29/art_253-1.html")
        statute = project / "statutes" / "criminal-law" / "zho@2023-12-29.xml"
        text = statute.read_text(encoding="utf-8")
        statute.write_text(text.replace("窃取或者以其他方法非法获取公民个人信息的", "窃取或者以其他方法非法获取公民个人资料的"),
                           encoding="utf-8")
        deadline = time.monotonic() + 120
        while not messages and time.monotonic() < deadline:
            time.sleep(0.2)
        assert messages and messages[0].startswith("rebuilt ")
        assert "非法获取公民个人资料的" in _get(port, "laws/criminal-law/zho@2023-12-29/art_253-1.html")
        # a broken edit is reported and the last good site stays served
        messages.clear()
        statute.write_text("<akomaNtoso>", encoding="utf-8")
        deadline = time.monotonic() + 120
        while not messages and time.monotonic() < deadline:
            time.sleep(0.2)
        assert messages[0].startswith("rebuild failed, still serving the last good site: ")
        assert "非法获取公民个人资料的" in _get(port, "laws/criminal-law/zho@2023-12-29/art_253-1.html")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_snapshot_sees_changes(tmp_path: Path) -> None:
    (tmp_path / "proposals").mkdir()
    (tmp_path / "proposals" / "a.md").write_text("x", encoding="utf-8")
    before = snapshot(tmp_path)
    (tmp_path / "proposals" / "a.md").write_text("xy", encoding="utf-8")
    assert snapshot(tmp_path) != before
