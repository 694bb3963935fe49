"""Nothing lost, no traceback (issue 17): what lawdiff writes, where, and what it never touches; one-line errors for
careless commands; a package that works outside the checkout.

Each test is a case a new user hit: the build into statutes/ and into a user's folder first.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from lawdiff.cli import app


def run(*args: object, cwd: Path | None = None) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd or REPO)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def one_line_error(result: tuple[int, str, str], *words: str) -> str:
    code, _, err = result
    assert code == 1, result
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A new project (lawdiff init) with a user's own file beside its statutes."""
    folder = tmp_path / "project"
    assert run("init", folder)[0] == 0
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the build writes only into its own folder ----------------------------------------------------------------


def test_the_build_refuses_the_statutes_folder_and_loses_nothing(project: Path) -> None:
    before = snapshot(project)
    one_line_error(run("build", "--no-search", "--out", "statutes", cwd=project), "statutes",
                   "refusing to build the site here")
    one_line_error(run("build", "--no-search", "--out", "proposals", cwd=project), "refusing to build")
    one_line_error(run("build", "--no-search", "--out", ".", cwd=project), "refusing to build")
    assert snapshot(project) == before


def test_the_build_refuses_a_users_folder_and_a_file(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "mydocs"
    notes.mkdir()
    (notes / "notes.txt").write_text("mine", encoding="utf-8")
    one_line_error(run("build", "--no-search", "--out", notes, cwd=project), "not a lawdiff site")
    assert (notes / "notes.txt").read_text(encoding="utf-8") == "mine" and len(list(notes.iterdir())) == 1
    target = tmp_path / "file.xml"
    target.write_text("<x/>", encoding="utf-8")
    one_line_error(run("build", "--no-search", "--out", target, cwd=project), "it is a file")
    assert target.read_text(encoding="utf-8") == "<x/>"


def test_the_build_replaces_an_earlier_site_and_fills_an_empty_folder(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _ = run("build", "--no-search", "--out", empty, cwd=project)
    assert code == 0 and out.startswith("built ") and (empty / "index.html").is_file()
    (project / "proposals" / "rename-personal-information.md").write_text(
        (project / "proposals" / "rename-personal-information.md").read_text(encoding="utf-8") + "\n",
        encoding="utf-8")
    code, out, _ = run("build", "--no-search", "--out", empty, cwd=project)  # a site built before: replaced
    assert code == 0 and "rendered" in out


# --- -o never overwrites an input, never writes into statutes/ or proposals/ -----------------------------------


@pytest.mark.parametrize("command", [
    ["draft", "criminal-law@2009-02-28", "criminal-law@2016-01-01"],
    ["export-table", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--format", "md"],
    ["diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01"],
    ["compile", "illegal-use-offence"],
])
def test_outputs_never_land_in_proposals_or_statutes(project: Path, command: list[str]) -> None:
    before = snapshot(project)
    one_line_error(run(*command, "-o", "proposals/illegal-use-offence.md", cwd=project), "refusing to ")
    one_line_error(run(*command, "-o", "statutes/x.xml", cwd=project), "refusing to write into statutes/")
    assert snapshot(project) == before


def test_import_amendment_and_export_never_overwrite_their_input_or_a_proposal(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "amendment.md"
    source.write_text("# 中华人民共和国刑法修正案（十三）\n\n2030年1月1日 通过\n\n<!-- INFO END -->\n\n"
                      "一、将刑法第一条修改为：“为了惩罚犯罪，保护人民。”\n\n二、本修正案自2030年3月1日起施行。",
                      encoding="utf-8")
    before = snapshot(project)
    one_line_error(run("import", "amendment", source, "-o", "proposals/rename-personal-information.md",
                       cwd=project), "refusing to write into proposals/")
    one_line_error(run("import", "amendment", source, "-o", source, cwd=project), "refusing to overwrite the input")
    xml = next((project / "statutes" / "data-security-law").glob("zho@*.xml"))
    one_line_error(run("export", xml, "-o", xml, cwd=project), "refusing")
    assert snapshot(project) == before


def test_an_output_that_cannot_be_written_is_one_line(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    one_line_error(run("draft", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "-o", folder, cwd=project),
                   "is a folder")
    under_a_file = tmp_path / "file.txt"
    under_a_file.write_text("x", encoding="utf-8")
    one_line_error(run("export-table", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--format", "md",
                       "-o", under_a_file / "t.md", cwd=project), "cannot write")


def test_a_read_only_file_system_is_one_line(project: Path, tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    one_line_error(run("diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "-o", tmp_path / "d.txt",
                       cwd=project), "cannot write: Read-only file system")


# --- references, dates and articles ---------------------------------------------------------------------------


@pytest.mark.parametrize("reference", ["criminal-law@2021-02-30", "criminal-law@2021-13-01", "criminal-law@0000-01-01"])
@pytest.mark.parametrize("command", ["diff", "draft", "export-table"])
def test_impossible_dates_in_a_reference_are_one_line(command: str, reference: str, tmp_path: Path) -> None:
    extra = ["-o", tmp_path / "t.md", "--format", "md"] if command == "export-table" else []
    one_line_error(run(command, reference, "criminal-law", *extra), reference, "not a date")


def test_a_binary_file_is_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "law.md"
    binary.write_bytes(b"\xac\xed\x00\x05binary")
    one_line_error(run("import", "law", binary, "-o", tmp_path / "o.xml"), "not UTF-8 text")
    code, out, _ = run("validate", binary)
    assert code == 1 and out.startswith(f"{binary}: not UTF-8 text") and "Traceback" not in out


# --- proposals: drafts that fail, links, downloads ---------------------------------------------------------------


def _proposal(folder: Path, name: str, status: str, changes: str, url: str = "", rationale: str = "理由。") -> Path:
    """Write ``proposals/<name>.md`` (its sources on lines 11–16 when there is a ``url``)."""
    sources = ["sources:", "  - key: s", "    author: A", "    title: T", "    year: 2020", f'    url: "{url}"'] \
        if url else ["sources: []"]
    lines = ["---", f"id: {name}", "title:", "  zh: 试验", "  en: Test", "authors:", "  - tester", "date: 2026-01-01",
             f"status: {status}", "base: criminal-law@2021-03-01", *sources, "proposed_by: editors", "---", "", "## Changes", "", changes, "",
             "## Changes (English, unofficial translation)", "", "1. A test.", "", "## Rationale", "", "### 一", "",
             "#### zh", "", rationale, ""]
    path = folder / "proposals" / f"{name}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_failing_draft_is_left_out_with_its_file_and_line(project: Path) -> None:
    draft = _proposal(project, "broken-draft", "draft", "一、将刑法第九千条修改为：“甲。”")
    code, out, err = run("build", "--no-search", "--out", "_site", cwd=project)
    assert code == 0 and out.startswith("built ")
    warning = next(line for line in err.splitlines() if line.startswith("warning: "))
    assert warning.startswith(f"warning: {draft.relative_to(project).as_posix()}:") and "a draft: left out" in warning
    assert not (project / "_site" / "proposals" / "broken-draft.html").exists()
    code, out, err = run("conflicts", cwd=project)
    assert "broken-draft" in err and "broken-draft" not in out
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draft", "status: published"),
                     encoding="utf-8")
    one_line_error(run("build", "--no-search", "--out", "_site", cwd=project), "broken-draft.md")


def test_sources_link_to_the_web_only(project: Path) -> None:
    path = _proposal(project, "data-link", "published", "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。",
                     url="data:text/html,<script>alert(1)</script>")
    code, out, _ = run("validate", path, cwd=project)
    assert code == 1 and "data-link.md:16: error: " in out and "not a web address" in out


def test_quoted_html_in_a_rationale_is_text_not_a_link_and_not_in_the_download(project: Path) -> None:
    _proposal(project, "quoting", "published", "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。",
              rationale='见<a href="javascript:alert(1)">此处</a>；<script>alert(2)</script><iframe src="x"></iframe>')
    code, _, err = run("build", "--no-search", "--out", "_site", cwd=project)
    assert code == 0, err
    page = (project / "_site" / "proposals" / "quoting.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in page and "&lt;script&gt;" in page
    download = (project / "_site" / "proposals" / "downloads" / "quoting-comparison-table.md").read_text(
        encoding="utf-8")
    assert "<script" not in download and "<iframe" not in download and "&lt;iframe" in download


def test_english_items_on_consecutive_lines(project: Path) -> None:
    path = _proposal(project, "two-items", "published",
                     "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。\n\n"
                     "二、将刑法第二百八十六条之一中的“用户信息”修改为“个人信息”。")
    text = path.read_text(encoding="utf-8").replace("1. A test.", "1. One.\n2. Two.")
    text = text.replace("#### zh\n\n理由。", "#### zh\n\n理由。\n\n### 二\n\n#### zh\n\n理由。")
    path.write_text(text, encoding="utf-8")
    code, out, err = run("validate", path, cwd=project)
    assert (code, err) == (0, ""), out


# --- messages ----------------------------------------------------------------------------------------------------


def test_outside_a_project_the_error_says_how_to_make_one(tmp_path: Path) -> None:
    one_line_error(run("show", "253-1", cwd=tmp_path), "lawdiff init")


def test_init_never_writes_into_a_folder_that_is_not_empty(project: Path) -> None:
    before = snapshot(project)
    one_line_error(run("init", project), "not empty")
    assert snapshot(project) == before


def test_regenerate_without_a_corpus_says_where_it_looked(project: Path, monkeypatch) -> None:
    monkeypatch.delenv("LAWDIFF_CORPUS", raising=False)
    before = snapshot(project)
    one_line_error(run("regenerate", "--root", project, "--corpus", project / "no-corpus"), "the corpus is not there")
    assert snapshot(project) == before


# --- the package outside the checkout ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    return next(out.glob("lawdiff-*.whl"))


def test_the_wheel_holds_the_templates_assets_and_shipped_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("lawdiff/shipped/site/templates/base.html", "lawdiff/shipped/site/i18n/zh.yaml",
                   "lawdiff/shipped/site/static/lawdiff.css", "lawdiff/shipped/site/sources.yaml",
                   "lawdiff/data/legal_lexicon.txt", "lawdiff/shipped/statutes/criminal-law/charges.yaml",
                   "lawdiff/shipped/proposals/rename-personal-information.md"):
        assert needed in names, needed
    assert any(n.startswith("lawdiff/shipped/statutes/criminal-law/zho@") for n in names)


@pytest.mark.slow
def test_the_wheel_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """A fresh virtualenv with the wheel installed (its dependencies from this environment, no network), run from a
    folder far from the checkout: init, build, show, diff."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    site_packages = next(venv.glob("lib/python*/site-packages"))
    dependencies = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "lxml").is_dir())
    (site_packages / "dependencies.pth").write_text(str(dependencies) + "\n", encoding="utf-8")
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {**os.environ, "PYTHONPATH": "", "LAWDIFF_CORPUS": str(tmp_path / "none")}
    lawdiff = [str(venv / "bin" / "lawdiff")]

    def call(*args: str, cwd: Path = away) -> str:
        done = subprocess.run([*lawdiff, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([str(python), "-c", "import lawdiff; print(lawdiff.__file__)"], cwd=away, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site_packages)), where  # the wheel's lawdiff, not the checkout's
    assert "wrote a lawdiff project" in call("init", "project")
    project = away / "project"
    assert call("build", "--no-search", cwd=project).startswith("built ")
    assert (project / "_site" / "index.html").is_file()
    assert call("show", "253-1", cwd=project).startswith("第二百五十三条之一 违反国家有关规定")
    diff = call("diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--only", "253-1", "--no-color",
                cwd=project)
    assert "第二百五十三条之一" in diff and "{+违反国家有关规定+}" in diff
    shutil.rmtree(venv)
