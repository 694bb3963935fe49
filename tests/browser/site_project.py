"""Helpers shared by the site tests: a project whose Criminal Law has its amending instruments.

The instruments live in ``statutes/criminal-law/amendments/*.xml``. Where a checkout does not hold them yet,
they are written from the corpus Markdown (``../shared/corpus/prc-criminal-law/amendments``) with
`lawdiff.importing.instrument_xml`, so the site tests always see the whole history of the Criminal Law.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTICLE = "laws/criminal-law/zho@2023-12-29/art_253-1.html"
CORPUS_AMENDMENTS = Path(os.environ.get("LAWDIFF_CORPUS") or REPO.parent / "shared" / "corpus") / "prc-criminal-law" / "amendments"
CRIMINAL_LAW_WORK = "/akn/cn/act/1979-07-01/criminal-law"


def copy_project(target: Path) -> Path:
    """Copy the project's data (statutes/, proposals/) into ``target`` and make sure the instruments are there."""
    shutil.copytree(REPO / "statutes", target / "statutes")
    if (REPO / "proposals").is_dir():
        shutil.copytree(REPO / "proposals", target / "proposals")
    ensure_instruments(target)
    return target


def ensure_instruments(project: Path) -> None:
    """Write the Criminal Law's amending instruments from the corpus if the project has none."""
    folder = project / "statutes" / "criminal-law" / "amendments"
    if any(folder.glob("*.xml")):
        return
    from lawdiff.importing.instructions import parse_instrument
    from lawdiff.importing.instrument_xml import save_instrument

    for src in sorted(CORPUS_AMENDMENTS.glob("amendment-*.md")):
        instrument = parse_instrument(src.read_text(encoding="utf-8"), str(src), target="刑法")
        save_instrument(instrument, folder / f"{src.stem}.xml", name=src.stem, amends=CRIMINAL_LAW_WORK)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
