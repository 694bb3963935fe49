"""Shared fixtures: the repository, the corpus beside it, and a seeded hypothesis profile."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
#: The corpus the statutes were imported from (as `lawdiff regenerate` finds it); tests that read it are skipped
#: with a reason when it is not there (see `pytest_collection_modifyitems`).
CORPUS = Path(os.environ.get("LAWDIFF_CORPUS") or REPO.parent / "shared" / "corpus")
STATUTES = REPO / "statutes"
CONSOLIDATED = CORPUS / "prc-criminal-law" / "consolidated-2020-12-26.md"

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the corpus, skip (saying why) the tests that read it: those marked ``corpus``, and those of modules
    whose tests are all about it."""
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the corpus at {CORPUS} (../shared/corpus beside the checkout, or set "
                                   "LAWDIFF_CORPUS)")
    for item in items:
        if item.get_closest_marker("corpus"):
            item.add_marker(skip)
