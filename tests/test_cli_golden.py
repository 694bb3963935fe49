"""Golden CLI output: every command on the shipped data prints exactly what it printed when the capture was taken.

The captures in ``tests/golden/cli/`` were taken before the package was reorganised (issue 16) and guard every
later change of shape: a change of behaviour updates them on purpose (``LAWDIFF_UPDATE_GOLDEN=1 pytest
tests/test_cli_golden.py``) and the diff of the capture shows what changed. Each capture holds the exit status,
stdout, stderr and, for commands that write a file, that file (its text, or the SHA-256 of a binary).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import CORPUS, REPO
from typer.testing import CliRunner

from lawdiff.cli import app

GOLDEN = Path(__file__).parent / "golden" / "cli"
UPDATE = os.environ.get("LAWDIFF_UPDATE_GOLDEN") == "1"
AMENDMENT_09 = "statutes/criminal-law/amendments/amendment-09.xml"
#: {out} stands for a file in a fresh folder; {corpus} for the corpus folder.
CASES: dict[str, list[str]] = {
    "show-253-1": ["show", "253-1"],
    "show-253-1-zh-label": ["show", "第二百五十三条之一"],
    "show-253-1-at-2012": ["show", "253-1", "--at", "2012-01-01"],
    "show-253-1-at-2008": ["show", "253-1", "--at", "2008-01-01"],
    "show-253-1-en": ["show", "253-1", "--lang", "en"],
    "show-253-1-en-at-2012": ["show", "253-1", "--lang", "en", "--at", "2012-01-01"],
    "show-141-at-2015": ["show", "141", "--at", "2015-01-01"],
    "show-pipl-28": ["show", "28", "--law", "personal-information-protection-law"],
    "show-unknown": ["show", "9999"],
    "show-bad-date": ["show", "253-1", "--at", "2021-02-30"],
    "history-253-1": ["history", "253-1"],
    "history-151": ["history", "151"],
    "history-133-1": ["history", "133-1"],
    "blame-253-1": ["blame", "253-1"],
    "blame-225": ["blame", "225"],
    "verify": ["verify"],
    "refs-253-1": ["refs", "253-1"],
    "refs-287-2": ["refs", "287-2"],
    "applicable-253-1": ["applicable", "253-1", "--act-date", "2014-05-01", "--judgment-date", "2016-03-01"],
    "applicable-151": ["applicable", "151", "--act-date", "2014-06-01", "--judgment-date", "2016-06-01"],
    "applicable-199": ["applicable", "199", "--act-date", "2014-06-01", "--judgment-date", "2016-06-01"],
    "diff-253-1": ["diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--only", "253-1",
                   "--no-color"],
    "diff-253-1-side": ["diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--only", "253-1",
                        "--side-by-side", "--width", "100", "--no-color"],
    "diff-253-1-json": ["diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--only", "253-1",
                        "--format", "json"],
    "diff-253-1-html": ["diff", "criminal-law@2009-02-28", "criminal-law@2016-01-01", "--only", "253-1",
                        "--format", "html"],
    "diff-amendment-09": ["diff", "criminal-law@amendment-08", "criminal-law@amendment-09", "--no-color"],
    "diff-amendment-11-json": ["diff", "criminal-law@amendment-10", "criminal-law@amendment-11", "--format",
                               "json"],
    "diff-penalties-09": ["diff", "criminal-law@amendment-08", "criminal-law@amendment-09", "--penalties"],
    "diff-proposal": ["diff", "criminal-law@2024-03-01", "proposal:comprehensive-reform", "--no-color"],
    "draft-amendment-09": ["draft", "criminal-law@amendment-08", "criminal-law@amendment-09"],
    "draft-amendment-07": ["draft", "criminal-law@amendment-06", "criminal-law@amendment-07"],
    "draft-proposal-file": ["draft", "criminal-law@2024-03-01", "proposal:illegal-use-offence", "-o", "{out}.md",
                            "--title", "草案"],
    "export-table-md": ["export-table", "criminal-law@2024-03-01", "proposal:comprehensive-reform", "--format",
                        "md", "-o", "{out}.md"],
    "export-table-html": ["export-table", "criminal-law@amendment-08", "criminal-law@amendment-09", "--format",
                          "html", "-o", "{out}.html"],
    "export-table-docx": ["export-table", "criminal-law@2024-03-01", "proposal:rename-personal-information",
                          "--format", "docx", "-o", "{out}.docx"],
    "conflicts": ["conflicts"],
    "apply-rename": ["apply", "rename-personal-information"],
    "apply-two": ["apply", "public-legal-interest", "rename-personal-information"],
    "apply-conflict": ["apply", "public-legal-interest", "biometric-aggravation"],
    "apply-onto": ["apply", "rename-personal-information", "--onto", "criminal-law@2016-01-01", "-o", "{out}.xml"],
    "compile": ["compile", "illegal-use-offence", "-o", "{out}.xml"],
    "validate": ["validate"],
    "validate-corpus-md": ["validate", "{corpus}/related/civil-code/civil-code-whole-2020-05-28.md"],
    "import-law": ["import", "law", "{corpus}/related/data-security-law-2021-06-10.md", "-o", "{out}.xml"],
    "import-amendment": ["import", "amendment", "{corpus}/prc-criminal-law/amendments/amendment-07.md", "-o",
                         "{out}.xml"],
    "export": ["export", "statutes/data-security-law/zho@2021-06-10.xml", "-o", "{out}.md"],
    "amend": ["amend", "statutes/criminal-law/zho@2020-12-26.xml",
              "{corpus}/prc-criminal-law/amendments/amendment-12.md", "-o", "{out}.xml"],
    "new-proposal-exists": ["new", "proposal", "illegal-use-offence"],
}


def _run(name: str, args: list[str], tmp_path: Path) -> str:
    out = tmp_path / "out"
    args = [a.replace("{out}", str(out)).replace("{corpus}", str(CORPUS)) for a in args]
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    text = f"$ lawdiff {' '.join(a.replace(str(tmp_path), '$TMP').replace(str(CORPUS), '$CORPUS') for a in args)}\n"
    text += f"exit: {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    for written in sorted(tmp_path.glob("out*")):
        data = written.read_bytes()
        if written.suffix == ".docx" or len(data) > 100_000:  # binary, or too long to read in a diff
            text += f"--- {written.name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}\n"
        else:
            text += f"--- {written.name}\n{data.decode('utf-8')}\n"
    return text.replace(str(tmp_path), "$TMP").replace(str(CORPUS), "$CORPUS")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus (several cases read corpus files)")
@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_is_golden(name: str, tmp_path: Path) -> None:
    got = _run(name, CASES[name], tmp_path)
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_every_golden_capture_has_a_case() -> None:
    stale = sorted(p.stem for p in GOLDEN.glob("*.txt") if p.stem not in CASES)
    assert not stale, f"captures without a case (remove them): {stale}"
