"""Shared fixtures: the repository, the corpus beside it, and a seeded hypothesis profile."""

from __future__ import annotations

import inspect
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
#: The corpus the statutes were imported from (as `lawdiff regenerate` finds it); tests that read it are skipped
#: with a reason when it is not there (see `pytest_collection_modifyitems`).
CORPUS = Path(os.environ.get("LAWDIFF_CORPUS") or REPO.parent / "shared" / "corpus")
#: The paper and the case notes behind the proposals (../shared/references), likewise.
REFERENCES = REPO.parent / "shared" / "references"
STATUTES = REPO / "statutes"
CONSOLIDATED = CORPUS / "prc-criminal-law" / "consolidated-2020-12-26.md"


def run(*args: object) -> tuple[int, str, str]:
    """Run a lawdiff command in this process: its exit status, stdout and stderr (an exception the command lets
    through is raised, so a traceback fails the test rather than passing as output)."""
    from lawdiff.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# Property tests are reproducible: the same examples on every run and machine.
settings.register_profile("lawdiff", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("lawdiff")


def law_files() -> list[Path]:
    """Return every law (not amendment) Markdown file of the corpus: the offence-name tables under charges/ are
    lists, not laws (issue 12 leaves them out)."""
    return sorted(p for p in CORPUS.rglob("*.md")
                  if p.name != "SOURCES.md" and "amendments" not in p.parts and "charges" not in p.parts)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a throwaway copy of the project's data (statutes/, proposals/) to build or modify."""
    shutil.copytree(STATUTES, tmp_path / "statutes")
    if (REPO / "proposals").is_dir():
        shutil.copytree(REPO / "proposals", tmp_path / "proposals")
    return tmp_path


@pytest.fixture(scope="session")
def library():
    """The project's own library, shared by the tests that only read it (its timeline is built once)."""
    from lawdiff.library import Library

    return Library(REPO)


#: Why a test that needs the corpus is skipped when it is not there.
NO_CORPUS = (f"needs the corpus at {CORPUS} (../shared/corpus beside the checkout, or set LAWDIFF_CORPUS), "
             "which is not there")
#: The folders beside the checkout that tests read, and why a test is skipped without each.
SHARED_FOLDERS = {CORPUS: NO_CORPUS,
                  REFERENCES: f"needs the paper and case notes at {REFERENCES} (../shared/references beside the "
                              "checkout), which are not there"}


def corpus_files(pattern: str) -> list[Path]:
    """Return the corpus files a glob pattern matches, in order; skip the test (saying why) without the corpus."""
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return sorted(CORPUS.glob(pattern))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the corpus, skip (saying why) the tests marked ``corpus`` (see also `pytest_runtest_makereport`)."""
    if CORPUS.is_dir():
        return
    for item in items:
        if item.get_closest_marker("corpus"):
            item.add_marker(pytest.mark.skip(reason=NO_CORPUS))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Without the corpus (or the references), a test or fixture that fails because it reads it — its failure names
    a file of the missing folder — is reported as skipped, saying why; every other failure stays a failure. Tests
    that read the corpus need not be listed by hand, and none can fail for its absence alone."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed or call.excinfo is None:
        return
    for folder, why in SHARED_FOLDERS.items():
        if not folder.is_dir() and (str(folder) in str(report.longrepr) or _reads(item, folder)):
            report.outcome = "skipped"
            report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {why}")
            return


#: The names by which tests reach each folder beside the checkout.
_READS = {CORPUS: ("CORPUS", "CONSOLIDATED", "corpus_files", "law_files"), REFERENCES: ("REFERENCES", "PAPER",
                                                                                         "CASE_NOTES")}


def _reads(item: pytest.Item, folder: Path) -> bool:
    """Return whether a test's own code names a file of ``folder`` (a command it runs on a corpus file fails with
    the file's name in its captured output, not in the assertion)."""
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        return False
    return any(re.search(rf"\b{name}\b", source) for name in _READS[folder])
