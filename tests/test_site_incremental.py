"""Parallel and incremental site builds: the same bytes as a cold build in one process, and a rebuild after an
edit renders only the pages whose inputs changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from browser.site_project import copy_project

from lawdiff.site.builder import build
from lawdiff.site.pages import Renderer
from lawdiff.site.search import index_search, wait_for_search_index
from lawdiff.site.state import DERIVED, MANIFEST, STATE_DIR, TEMPLATE_CACHE

PROPOSAL = "proposals/biometric-aggravation.md"
UNRELATED = "laws/criminal-law/zho@2023-12-29/art_1.html"


def _digest(folder: Path) -> dict[str, str]:
    """Hash every file of a site; the caches (derived data pickled, for the site and for each law; templates
    compiled) are left out, the manifest and links kept."""
    return {path: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and (path := p.relative_to(folder).as_posix()) != DERIVED
            and not path.startswith((TEMPLATE_CACHE + "/", f"{STATE_DIR}/derived/"))}


def _edit(project: Path) -> None:
    path = project / PROPOSAL
    text = path.read_text(encoding="utf-8")
    assert "#### zh\n" in text
    path.write_text(text.replace("#### zh\n", "#### zh\n\n增补的一句说明。\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Cold serial, cold parallel, no-op and one-proposal incremental builds of one project (search included)."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    out: dict[str, object] = {}
    build(project, project / "serial", jobs=1, incremental=False)
    out["serial"] = _digest(project / "serial")
    build(project, project / "parallel", jobs=2, incremental=False)
    out["parallel"] = _digest(project / "parallel")
    build(project, project / "site", jobs=2)
    out["noop_stats"] = build(project, project / "site", jobs=2)
    out["noop"] = _digest(project / "site")
    inode = (project / "site" / UNRELATED).stat().st_ino
    _edit(project)
    out["edited_stats"] = build(project, project / "site", jobs=2)
    out["edited"] = _digest(project / "site")
    out["unrelated_kept"] = (project / "site" / UNRELATED).stat().st_ino == inode
    shutil.rmtree(project / "serial")
    build(project, project / "serial", jobs=1, incremental=False)
    out["edited_serial"] = _digest(project / "serial")
    return out


def test_parallel_build_is_byte_identical_to_a_serial_one(builds) -> None:
    assert builds["parallel"] == builds["serial"]
    assert "pagefind/criminal-law/pagefind.js" in builds["serial"] and MANIFEST in builds["serial"]


def test_noop_rebuild_renders_nothing_and_keeps_the_site(builds) -> None:
    stats = builds["noop_stats"]
    assert (stats.rendered, stats.reused, stats.indexed) == (0, int(stats), ())
    assert builds["noop"] == builds["serial"]


def test_rebuild_after_a_proposal_edit_is_byte_identical_to_a_cold_build(builds) -> None:
    assert builds["edited"] == builds["edited_serial"]
    changed = {p for p in builds["edited"] if builds["edited"][p] != builds["serial"].get(p)}
    assert "proposals/biometric-aggravation.html" in changed and UNRELATED not in changed


def test_rebuild_after_a_proposal_edit_renders_only_what_depends_on_it(builds) -> None:
    stats = builds["edited_stats"]
    assert stats.rendered + stats.reused == int(stats)
    assert 0 < stats.rendered < 100  # the proposal, the pages listing all proposals, the articles it touches
    assert stats.indexed == ("proposals",)  # only the proposals' pages changed bytes: the other indexes are kept
    assert builds["unrelated_kept"]  # the unrelated article's file was carried over (hard link), not rewritten


def test_render_counter_sees_only_the_pages_that_depend_on_the_edit(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path)
    build(project, project / "_site", search=False, jobs=1)
    record = tmp_path / "rendered.txt"  # the laws are built in processes of their own: they append here
    real = Renderer.render

    def counting(self, template, path, **context):
        page = real(self, template, path, **context)
        with open(record, "a", encoding="utf-8") as f:
            f.write(page.path + "\n")
        return page

    monkeypatch.setattr(Renderer, "render", counting)
    _edit(project)
    stats = build(project, project / "_site", search=False, jobs=1)
    rendered = record.read_text(encoding="utf-8").splitlines()
    assert sorted(rendered) == sorted(set(rendered)) and len(rendered) == stats.rendered
    assert "proposals/biometric-aggravation.html" in rendered and "en/proposals/biometric-aggravation.html" in rendered
    assert "index.html" in rendered and "proposals/index.html" in rendered
    assert UNRELATED not in rendered and f"en/{UNRELATED}" not in rendered
    assert all(p.startswith(("index", "search", "proposals/", "en/index", "en/search", "en/proposals/"))
               or "/art_" in p for p in rendered)


def test_changing_search_or_a_template_input_rebuilds_everything(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build(project, project / "_site", search=False, jobs=1)
    stats = build(project, project / "_site", search=False, jobs=1)
    assert stats.rendered == 0
    (project / "statutes" / "translations").mkdir(exist_ok=True)
    (project / "statutes" / "translations" / "unused.txt").write_text("x", encoding="utf-8")  # a statutes/ input
    stats = build(project, project / "_site", search=False, jobs=1)
    assert stats.rendered == int(stats) and stats.reused == 0


def test_each_law_history_is_derived_in_a_process_of_its_own(tmp_path: Path, monkeypatch) -> None:
    """With more than one job, no law's timeline is derived in the building process: each law's phase runs in a
    process that ends with it, so the build's memory holds one law's history at a time."""
    from lawdiff.library import Library

    project = copy_project(tmp_path)
    record = tmp_path / "timelines.txt"
    real = Library.timeline

    def recording(self, name):
        with open(record, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {name}\n")
        return real(self, name)

    monkeypatch.setattr(Library, "timeline", recording)
    build(project, project / "_site", search=False, jobs=2)
    built = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    assert {name for _, name in built} == {"criminal-law"}  # the only law with amending instruments here
    assert all(int(pid) != os.getpid() for pid, _ in built)


def test_search_indexes_do_not_depend_on_the_order_pages_were_written(tmp_path: Path) -> None:
    """Pagefind reads pages in the order the file system lists them — on tmpfs, the order they were written in,
    which render processes do not keep: the index must come out the same either way."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else tmp_path  # tmpfs lists files as they were written
    container = Path(tempfile.mkdtemp(dir=base))
    try:
        sites = [container / "a", container / "b"]
        for folder, order in zip(sites, (range(40), reversed(range(40))), strict=True):
            for i in order:
                page = folder / "laws" / "x" / f"art_{i}.html"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f'<html lang="zh"><body data-pagefind-body><h1>第{i}条</h1><p>个人信息{i}</p>'
                                "</body></html>", encoding="utf-8")
        for folder in sites:
            wait_for_search_index(index_search(folder, [("x", "laws/x/**/*.html")], 1), folder)
        digests = [{p.relative_to(f).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in sorted((f / "pagefind").rglob("*")) if p.is_file()} for f in sites]
        assert digests[0] == digests[1] and "pagefind/x/pagefind.js" in digests[0]
        assert sorted(p.name for p in container.iterdir()) == ["a", "b"]  # the ordered copies are gone
    finally:
        shutil.rmtree(container, ignore_errors=True)
