"""Fuzzing the command line: every command that takes a path, a date, an article or a reference, given careless
arguments, answers with its output or with one-line errors — never a traceback, never an "internal error".

The arguments are drawn (seeded, by the derandomized profile of conftest.py) from what users type by mistake: dates
that do not exist or are not dates, articles that do not exist or are not numbers, references to unknown laws,
versions and proposals, paths to nothing, to folders, to binary and empty files. Outputs go to a scratch folder.
LAWDIFF_FUZZ_EXAMPLES raises the number of examples for a longer run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lawdiff.cli import app

EXAMPLES = int(os.environ.get("LAWDIFF_FUZZ_EXAMPLES", "60"))
SCRATCH = Path(os.environ.get("TMPDIR", "/tmp")) / "lawdiff-fuzz-cli"

dates = st.one_of(
    st.sampled_from(["2021-02-30", "2021-13-01", "0000-01-01", "9999-12-31", "1995-01-01", "2015-11-01", "", "-",
                     "2015/11/01", "2015-1-1", "２０１５-11-01", "1e5"]),
    st.text(alphabet="0123456789-", max_size=12))
articles = st.one_of(
    st.sampled_from(["253-1", "第二百五十三条之一", "1000", "0", "-1", "253-0", "第一万条", "art_253-1__para_2",
                     "253-1-1", "第零条", "", "Article 253-1", "１", "九"]),
    st.text(alphabet="0123456789-之第条一二三四五十百千万", max_size=10))
references = st.one_of(
    st.sampled_from(["criminal-law", "criminal-law@2015-11-01", "criminal-law@amendment-09", "criminal-law@amendment-99",
                     "criminal-law@amendment-00", "criminal-law@2021-02-30", "criminal-law@1990-01-01",
                     "no-such-law", "no-such-law@2020-01-01", "proposal:no-such", "proposal:", "proposal:../x",
                     "proposal:rename-personal-information", "criminal-law@", "@2020-01-01", "/nonexistent.xml",
                     "missing.md", "CRIMINAL-LAW", "personal-information-protection-law@2021-11-01"]),
    st.builds(lambda law, at: f"{law}@{at}", st.sampled_from(["criminal-law", "data-security-law"]), dates))
laws = st.sampled_from(["criminal-law", "personal-information-protection-law", "no-such-law", "", "../statutes"])


def _paths() -> dict[str, Path]:
    """Files a careless user might name: nothing, a folder, binary, empty, not XML, not a law."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    files = {"binary": b"\xac\xed\x00\x05\xff\xfe", "empty": b"", "text.md": "随便写的一段话。".encode(),
             "not-xml.xml": b"<akomaNtoso><act>", "html.xml": b"<!DOCTYPE x [<!ENTITY e 'e'>]><x>&e;</x>",
             "law.md": "# 试验法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 试验。".encode()}
    out = {}
    for name, data in files.items():
        (SCRATCH / name).write_bytes(data)
        out[name] = SCRATCH / name
    (SCRATCH / "a-folder").mkdir(exist_ok=True)
    out["folder"] = SCRATCH / "a-folder"
    out["missing"] = SCRATCH / "missing.md"
    return out


PATHS = _paths()
paths = st.sampled_from([*sorted(PATHS.values()), REPO / "statutes" / "criminal-law"])
outputs = st.sampled_from([SCRATCH / "out.txt", SCRATCH / "a-folder", SCRATCH / "binary" / "under-a-file.md",
                           REPO / "statutes" / "x.xml", REPO / "proposals" / "x.md"])

commands = st.one_of(
    st.tuples(st.just("show"), articles, st.sampled_from(["--at", "--law"]), st.one_of(dates, laws)),
    st.tuples(st.just("history"), articles, st.just("--law"), laws),
    st.tuples(st.just("blame"), articles),
    st.tuples(st.just("refs"), articles, st.just("--law"), laws),
    st.tuples(st.just("charges"), articles, st.just("--at"), dates),
    st.tuples(st.just("applicable"), articles, st.just("--act-date"), dates, st.just("--judgment-date"), dates),
    st.tuples(st.just("diff"), references, references, st.just("--only"), articles),
    st.tuples(st.just("draft"), references, references),
    st.tuples(st.just("export-table"), references, references, st.just("-o"), outputs),
    st.tuples(st.just("apply"), st.sampled_from(["rename-personal-information", "no-such", "../etc"]),
              st.just("--onto"), references),
    st.tuples(st.just("compile"), st.sampled_from(["illegal-use-offence", "x", ""]), st.just("-o"), outputs),
    st.tuples(st.just("validate"), paths),
    st.tuples(st.just("import"), st.just("law"), paths, st.just("-o"), outputs),
    st.tuples(st.just("import"), st.just("amendment"), paths, st.just("-o"), outputs),
    st.tuples(st.just("amend"), paths, paths, st.just("-o"), outputs),
    st.tuples(st.just("export"), paths, st.just("-o"), outputs),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands)
def test_careless_commands_answer_in_one_line(command: tuple[object, ...]) -> None:
    before = sorted(p.relative_to(REPO).as_posix() for folder in ("statutes", "proposals")
                    for p in (REPO / folder).rglob("*"))
    old = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, [str(a) for a in command], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1, 2), (command, result.exit_code)
    err = result.stderr
    assert "Traceback" not in err and "internal error" not in err, (command, err)
    if result.exit_code == 1:
        errors = [line for line in err.splitlines() if line.startswith("error: ")]
        assert len(errors) <= 1 and all(line.startswith(("error: ", "warning: ", "conflict: ", "  "))
                                        for line in err.splitlines()), (command, err)
    after = sorted(p.relative_to(REPO).as_posix() for folder in ("statutes", "proposals")
                   for p in (REPO / folder).rglob("*"))
    assert after == before, command  # nothing is ever written into the project's statutes/ or proposals/


@pytest.mark.parametrize("name", sorted(PATHS))
def test_every_reader_refuses_a_bad_file_in_one_line(name: str) -> None:
    for command in (["validate", PATHS[name]], ["import", "law", PATHS[name], "-o", SCRATCH / "o.xml"],
                    ["export", PATHS[name], "-o", SCRATCH / "o.md"]):
        result = CliRunner().invoke(app, [str(a) for a in command], catch_exceptions=False)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (command, result.stderr)
        assert len(result.stderr.splitlines()) <= 1, (command, result.stderr)
