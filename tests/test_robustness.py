"""Nothing half-read, nothing half-written: corrupted statutes are reported, outputs never replace their inputs,
files are written whole or not at all, and an interrupted build leaves the previous site as it was."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, STATUTES
from typer.testing import CliRunner

from lawdiff.akn import model
from lawdiff.akn.model import Statute
from lawdiff.cli import app
from lawdiff.errors import OutputError, ParseError
from lawdiff.files import write_atomic
from lawdiff.library import Library

CRIMINAL_LAW = Path("statutes") / "criminal-law" / "zho@2023-12-29.xml"
AMENDMENT_09 = Path("statutes") / "criminal-law" / "amendments" / "amendment-09.xml"
SOURCE = (REPO / CRIMINAL_LAW).read_bytes()


def run(runner: CliRunner, *args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_error_line(err: str) -> str:
    """Return the one line an error printed, checking that there is exactly one and no traceback."""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- a corrupted or truncated statute is reported, never half-used ------------------------------------------

#: Cut points across the whole file, some inside a multi-byte character (Chinese text is 3 bytes a character).
CUTS = sorted({0, 1, 38, 39, 100, *range(500, len(SOURCE), len(SOURCE) // 40), SOURCE.index("刑法".encode()) + 1,
               len(SOURCE) - len(b"</akomaNtoso>\n"), len(SOURCE) - 3})


@pytest.mark.parametrize("cut", CUTS)
def test_truncated_statute_is_a_parse_error_with_file_and_line(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "zho@2023-12-29.xml"
    path.write_bytes(SOURCE[:cut])
    with pytest.raises(ParseError) as caught:
        Statute.load(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None and 1 <= caught.value.line <= SOURCE[:cut].count(b"\n") + 1
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: ")


@pytest.mark.parametrize("damage", [
    pytest.param(lambda b: b.replace("第二百五十三条之一".encode(), b"\xff\xfe", 1), id="invalid-utf8"),
    pytest.param(lambda b: b.replace(b"</article>", b"</articel>", 1), id="mismatched-tag"),
    pytest.param(lambda b: b.replace(b"<article ", b"<article\x00 ", 1), id="nul-byte"),
    pytest.param(lambda b: b.replace(b"<num>", b"<num>&bogus;", 1), id="undefined-entity"),
    pytest.param(lambda b: b.replace(b"</paragraph>", b"", 1), id="missing-end-tag"),
    pytest.param(lambda b: b[: len(b) // 2] + b[len(b) // 2 + 4096:], id="block-lost"),
    pytest.param(lambda b: b + b"<akomaNtoso/>", id="second-root"),
])
def test_corrupted_statute_is_a_parse_error(tmp_path: Path, damage) -> None:
    path = tmp_path / "zho@2023-12-29.xml"
    path.write_bytes(damage(SOURCE))
    with pytest.raises(ParseError) as caught:
        Statute.load(path)
    assert caught.value.path == str(path) and caught.value.line


@pytest.fixture
def truncated(project: Path) -> Path:
    """Return a project whose Criminal Law was cut off half-way (as by a full disk or an interrupted copy)."""
    (project / CRIMINAL_LAW).write_bytes(SOURCE[: len(SOURCE) // 2])
    return project


def test_library_reports_a_truncated_statute(truncated: Path) -> None:
    library = Library(truncated)
    for read in (lambda: library.current("criminal-law"), library.statutes,
                 lambda: library.resolve("criminal-law@2015-11-01"), lambda: library.resolve("criminal-law")):
        with pytest.raises(ParseError) as caught:
            read()
        assert caught.value.path == str(truncated / CRIMINAL_LAW) and caught.value.line
    # The laws that are intact are still read.
    assert library.current("cybersecurity-law").articles()


def test_library_reports_a_truncated_amending_instrument(project: Path) -> None:
    path = project / AMENDMENT_09
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ParseError) as caught:
        Library(project).timeline("criminal-law")
    assert caught.value.path == str(path) and caught.value.line


@pytest.mark.parametrize("args", [
    ("show", "253-1"), ("show", "253-1", "--at", "2010-01-01"), ("history", "253-1"), ("blame", "253-1"),
    ("verify",), ("refs", "253-1"), ("diff", "criminal-law@2015-11-01", "criminal-law", "--format", "json"),
    ("apply", "biometric-aggravation"), ("applicable", "253-1", "--act-date", "2010-01-01", "--judgment-date",
                                          "2016-01-01"),
], ids=lambda args: args[0])
def test_cli_reports_a_truncated_statute_in_one_line(runner: CliRunner, truncated: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(runner, *args, "--root", truncated)
    assert code == 1
    assert out == ""
    assert one_error_line(err).startswith(f"error: {truncated / CRIMINAL_LAW}:")
    assert "malformed XML" in err


def test_validate_reports_a_truncated_statute(runner: CliRunner, truncated: Path) -> None:
    code, out, _ = run(runner, "validate", "--root", truncated)
    assert code == 1
    lines = out.splitlines()
    assert [line for line in lines if line.startswith(str(truncated / CRIMINAL_LAW))] == [
        next(line for line in lines if "malformed XML" in line)]
    assert lines[-1].endswith("1 error(s), 0 warning(s)")


def test_build_with_a_truncated_statute_keeps_the_previous_site(runner: CliRunner, truncated: Path) -> None:
    from lawdiff.site.state import MANIFEST

    site = truncated / "_site"
    (site / MANIFEST).parent.mkdir(parents=True)
    (site / MANIFEST).write_text("{}", encoding="utf-8")  # a site an earlier build wrote
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    code, out, err = run(runner, "build", "--out", site, "--root", truncated)
    assert code == 1 and out == ""
    assert one_error_line(err).startswith(f"error: {truncated / CRIMINAL_LAW}:")
    assert sorted(p.name for p in site.iterdir()) == [".lawdiff", "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(p.name for p in truncated.iterdir()) == ["_site", "proposals", "statutes"]  # no staging left


# --- outputs never overwrite their own inputs ---------------------------------------------------------------

def _refused(runner: CliRunner, inputs: list[Path], *args: object) -> None:
    before = {p: p.read_bytes() for p in inputs}
    code, out, err = run(runner, *args)
    assert code == 1, out
    assert "refusing to" in one_error_line(err)
    assert {p: p.read_bytes() for p in inputs} == before


@pytest.fixture
def files(project: Path) -> Path:
    """Return a project with a statute, a law in Markdown, an instrument and a proposal as loose files."""
    shutil.copy(project / CRIMINAL_LAW, project / "base.xml")
    shutil.copy(CORPUS / "related" / "data-security-law-2021-06-10.md", project / "law.md")
    shutil.copy(CORPUS / "prc-criminal-law" / "amendments" / "amendment-11.md", project / "amendment.md")
    shutil.copy(project / "proposals" / "biometric-aggravation.md", project / "biometric-aggravation.md")
    (project / "alias").symlink_to(project)
    return project


@pytest.mark.parametrize("spelling", ["same", "dot", "parent", "symlink"])
def test_export_import_and_amend_refuse_their_input_however_it_is_spelled(runner: CliRunner, files: Path,
                                                                         spelling: str) -> None:
    def spelled(path: Path) -> Path:
        return {"same": path, "dot": path.parent / "." / path.name, "parent": path.parent / "proposals" / ".." /
                path.name, "symlink": files / "alias" / path.name}[spelling]

    base, law, amendment = files / "base.xml", files / "law.md", files / "amendment.md"
    _refused(runner, [base], "export", base, "-o", spelled(base))
    _refused(runner, [law], "import", "law", law, "-o", spelled(law))
    _refused(runner, [amendment], "import", "amendment", amendment, "-o", spelled(amendment))
    _refused(runner, [base, amendment], "amend", base, amendment, "-o", spelled(base))
    _refused(runner, [base, amendment], "amend", base, amendment, "-o", spelled(amendment))


def test_apply_and_compile_refuse_to_overwrite_the_proposal(runner: CliRunner, files: Path) -> None:
    proposal = files / "biometric-aggravation.md"
    _refused(runner, [proposal], "apply", proposal, "-o", proposal, "--root", files)
    _refused(runner, [proposal], "apply", proposal, "-o", files / "alias" / proposal.name, "--root", files)
    _refused(runner, [proposal], "compile", proposal, "-o", proposal, "--root", files)
    shipped = files / "proposals" / "biometric-aggravation.md"
    _refused(runner, [shipped], "apply", "biometric-aggravation", "-o", shipped, "--root", files)


def test_a_hard_link_to_the_input_is_replaced_not_written_through(runner: CliRunner, files: Path) -> None:
    """The output is renamed into place: a hard link named as output gets a new file, the input is untouched."""
    base = files / "base.xml"
    os.link(base, files / "link.xml")
    code, _, _ = run(runner, "export", base, "-o", files / "link.xml")
    assert code == 0
    assert base.read_bytes() == SOURCE and (files / "link.xml").read_bytes() != SOURCE


def test_apply_refuses_to_overwrite_the_statute_it_applies_to(runner: CliRunner, files: Path) -> None:
    base = files / "base.xml"
    _refused(runner, [base], "apply", "biometric-aggravation", "--onto", base, "-o", base, "--root", files)
    _refused(runner, [files / CRIMINAL_LAW], "apply", "biometric-aggravation", "-o", files / CRIMINAL_LAW, "--root",
             files)


def test_diff_and_draft_refuse_to_overwrite_their_input(runner: CliRunner, files: Path) -> None:
    base, law = files / "base.xml", files / "law.md"
    _refused(runner, [base], "diff", base, "criminal-law", "-o", base, "--root", files)
    _refused(runner, [law], "draft", law, "criminal-law", "-o", law, "--root", files)


# --- outputs are written through a temporary file and a rename ----------------------------------------------

class _FailingFile:
    """A file that writes half of what it is given, then fails (a full disk, or Ctrl-C at the wrong moment)."""

    def __init__(self, fh, error: BaseException) -> None:
        self.fh, self.error = fh, error

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise self.error


@pytest.mark.parametrize(("error", "reported"), [(OSError(errno.ENOSPC, "No space left on device"), OutputError),
                                                 (KeyboardInterrupt(), KeyboardInterrupt)],
                         ids=["disk-full", "interrupt"])
def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path: Path, monkeypatch, error,
                                                                       reported) -> None:
    path = tmp_path / "out.xml"
    path.write_bytes(b"previous")
    real_fdopen = os.fdopen
    monkeypatch.setattr(model.os, "fdopen", lambda fd, mode: _FailingFile(real_fdopen(fd, mode), error))
    with pytest.raises(reported):  # a write error is reported in one line (OutputError); an interruption goes on
        write_atomic(path, SOURCE)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_a_failed_rename_leaves_the_previous_file_and_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "zho.xml"
    path.write_bytes(b"previous")

    def fail(src: str, dst: str) -> None:
        assert Path(src).read_bytes() == SOURCE and Path(src).parent == tmp_path  # written whole, beside the target
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(model.os, "replace", fail)
    with pytest.raises(OutputError, match="cannot write: "):
        Statute.load(REPO / CRIMINAL_LAW).save(path)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["zho.xml"]


def test_a_failed_first_write_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(model.os, "fdopen", lambda fd, mode: _FailingFile(real_fdopen(fd, mode), OSError(errno.EIO,
                                                                                                             "I/O")))
    with pytest.raises(OutputError, match="cannot write: "):
        write_atomic(tmp_path / "new" / "out.md", b"text")
    assert list((tmp_path / "new").iterdir()) == []


def test_write_atomic_writes_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_atomic(path, b"text")
    write_atomic(path, b"new text")
    assert path.read_bytes() == b"new text"
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


# --- an interrupted build leaves the previous site intact ---------------------------------------------------

def _lawdiff(*args: object, cwd: Path) -> subprocess.Popen[bytes]:
    """Start the lawdiff command line in a process of its own (as a user would, from the project folder)."""
    return subprocess.Popen([sys.executable, "-c", "from lawdiff.cli import main; main()", *map(str, args)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _snapshot(site: Path) -> dict[str, str]:
    """Return the hash of every file and the list of every folder of a site, by path."""
    out = {}
    for path in sorted(site.rglob("*")):
        key = str(path.relative_to(site))
        out[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _staging(project: Path) -> list[Path]:
    return [p for p in project.glob("._site.*") if not p.name.endswith(".old")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project whose site has been built once (the previous site an interrupted build must keep)."""
    project = tmp_path_factory.mktemp("built")
    shutil.copytree(STATUTES, project / "statutes")
    shutil.copytree(REPO / "proposals", project / "proposals")
    build = _lawdiff("build", "--out", "_site", cwd=project)
    _, err = build.communicate(timeout=600)
    assert build.returncode == 0, err.decode()
    return project


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_interrupted_build_leaves_the_previous_site_intact(built: Path, tmp_path: Path, sig: signal.Signals
                                                              ) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    before = _snapshot(project / "_site")
    assert "index.html" in before
    build = _lawdiff("build", "--full", "--out", "_site", cwd=project)  # --full: a no-op rebuild writes nothing
    # Interrupt it once it has started writing pages into its staging folder beside _site.
    deadline = time.monotonic() + 300
    while not any(next(s.rglob("*.html"), None) for s in _staging(project)):
        assert build.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    build.send_signal(sig)
    _, err = build.communicate(timeout=120)
    if sig == signal.SIGKILL:
        assert build.returncode == -signal.SIGKILL
    else:
        assert build.returncode == 1
        assert err.decode() == "error: interrupted; nothing was written\n"
        assert _staging(project) == []  # cleaned up on the way out
    assert _snapshot(project / "_site") == before
    # A new build succeeds, and builds the same site.
    rerun = _lawdiff("build", "--out", "_site", cwd=project)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert out.decode().startswith("built ")
    assert _snapshot(project / "_site") == before
