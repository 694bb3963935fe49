"""The proposal commands: apply (and rebase), conflicts, compile, new — exact output, conflicts, nothing rewritten."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import REPO, run

from lawdiff.akn.model import Statute, parse_xml, schema_errors

DATA = REPO / "tests" / "data" / "proposals"



@pytest.fixture(autouse=True)
def proposals_untouched():
    """Nothing under proposals/ is ever rewritten by these commands."""
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((REPO / "proposals").glob("*"))}
    yield
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((REPO / "proposals").glob("*"))} == before


def test_apply_rename_prints_the_new_text_and_the_impact() -> None:
    code, out, _ = run("apply", "rename-personal-information", "--root", REPO)
    assert code == 0
    assert out.startswith("第二百五十三条之一 违反国家有关规定，向他人出售或者提供个人信息，情节严重的")
    assert "公民个人信息" not in out.split("\n\n“公民个人信息” also occurs")[0].split("also occurs")[0]
    impact = out.split("“公民个人信息” also occurs in ", 1)[1]
    count = int(impact.split(" ")[0])
    assert count == len(impact.strip().splitlines()) - 1 > 10
    assert "  spc-spp-interpretation-2017 第一条第一款: …二百五十三条之一规定的“公民个人信息”，是指以电子或者其他方…" in out


def test_rename_drafted_against_vii_rebased_onto_ix(tmp_path: Path) -> None:
    out = tmp_path / "ix.xml"
    code, stdout, _ = run("apply", DATA / "rename-vii.md", "--onto", "criminal-law@2015-11-01", "-o", out,
                          "--root", REPO)
    assert code == 0 and stdout.startswith(f"wrote {out}\n")
    ix = Statute.load(REPO / "statutes/criminal-law/zho@2023-12-29.xml").article("253-1").text
    assert Statute.load(out).article("253-1").text == ix.replace("公民个人信息", "个人信息")


def test_conflict_is_reported_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    code, stdout, err = run("apply", DATA / "vii-paragraph-one.md", "--onto", "criminal-law@2015-11-01", "-o", out,
                            "--root", REPO)
    assert (code, stdout) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"conflict: {DATA / 'vii-paragraph-one.md'}:17: item 一, 第二百五十三条之一第一款: ")
    assert lines[1].startswith("  expected: 国家机关或者金融、电信、交通、教育、医疗等单位的工作人员")
    assert lines[2].startswith("  found:    违反国家有关规定，向他人出售或者提供公民个人信息")
    assert lines[-1] == "error: 1 conflict(s) applying vii-paragraph-one; nothing was written"
    assert not out.exists()


def test_apply_several_in_order() -> None:
    code, out, _ = run("apply", "rename-personal-information", "illegal-use-offence", "--root", REPO)
    assert code == 0
    assert "第二百五十三条之二 违反国家有关规定，使用合法取得或者非法获取的个人信息" in out


def test_conflicts_matrix() -> None:
    code, out, _ = run("conflicts", "--root", REPO)
    assert code == 1  # a pair fails: the command says so in its exit status too
    rows = {tuple(line.split()[:2]): line.split()[-1] for line in out.splitlines()[2:12]}
    assert rows[("illegal-use-offence", "rename-personal-information")] == "clean"
    assert rows[("biometric-aggravation", "public-legal-interest")] == "fail"
    assert rows[("public-legal-interest", "rename-personal-information")] == "differ"
    code, _, _ = run("conflicts", "illegal-use-offence", "rename-personal-information", "--root", REPO)
    assert code == 0  # no pair fails


def test_compile_writes_a_valid_amendment(tmp_path: Path) -> None:
    out = tmp_path / "p.xml"
    assert run("compile", "illegal-use-offence", "-o", out, "--root", REPO) == (0, f"wrote {out}\n", "")
    root = parse_xml(out.read_bytes(), str(out)).getroot()
    assert schema_errors(root) == []
    assert root.xpath("count(//*[local-name()='amendmentJustification'])") >= 1


def test_outputs_never_go_into_proposals(tmp_path: Path) -> None:
    code, _, err = run("compile", "illegal-use-offence", "-o", REPO / "proposals" / "x.xml", "--root", REPO)
    assert code == 1 and "refusing to write into proposals/" in err
    assert not (REPO / "proposals" / "x.xml").exists()


def test_new_proposal_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "proposals").mkdir()
    assert run("new", "proposal", "my-idea", "--root", tmp_path) == (0, f"wrote {tmp_path}/proposals/my-idea.md\n", "")
    text = (tmp_path / "proposals" / "my-idea.md").read_text(encoding="utf-8")
    assert text.startswith("---") and "## Changes" in text and "## Rationale" in text
    code, _, err = run("new", "proposal", "my-idea", "--root", tmp_path)
    assert code == 1 and "already exists" in err
    assert (tmp_path / "proposals" / "my-idea.md").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("name", "message"), [
    ("bad-yaml.md", "bad-yaml.md:"),
    ("unknown-base.md", "unknown-base.md:"),
    ("bad-instruction.md", "bad-instruction.md:22: item 二: cannot read instruction"),
    ("missing-rationale.md", "missing-rationale.md:"),
])
def test_malformed_proposals_are_one_line_errors(name: str, message: str) -> None:
    code, out, err = run("apply", DATA / name, "--root", REPO)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {DATA}/") and message in err and err.count("\n") == 1


def test_apply_warns_about_references_that_now_point_elsewhere() -> None:
    code, out, err = run("apply", DATA / "insert-paragraph.md", "--root", REPO)
    assert code == 0 and "犯前款罪，涉及不特定多数人的公民个人信息" in out
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert any(w.startswith("warning: 第二百五十三条之一第三款: “前款”") for w in warnings)
    assert any("“前三款”" in w for w in warnings)
    assert not any("“第一款”" in w for w in warnings)  # 依照第一款 still means the first paragraph


def test_the_shipped_restatements_leave_no_dangling_reference() -> None:
    for proposal in ("public-legal-interest", "biometric-aggravation", "comprehensive-reform"):
        code, _, err = run("apply", proposal, "--root", REPO)
        assert code == 0 and "warning:" not in err


PROPOSALS = ["rename-personal-information", "public-legal-interest", "illegal-use-offence", "biometric-aggravation",
             "comprehensive-reform"]
SNAPSHOTS = REPO / "tests" / "snapshots"


@pytest.mark.parametrize("proposal", PROPOSALS)
def test_each_proposal_diff_and_table(proposal: str, tmp_path: Path) -> None:
    code, out, _ = run("diff", "criminal-law@2024-03-01", f"proposal:{proposal}", "--no-color", "--root", REPO)
    assert code == 0
    assert out == (SNAPSHOTS / f"proposal-{proposal}.diff.txt").read_text(encoding="utf-8")
    md = tmp_path / "t.md"
    assert run("export-table", "criminal-law@2024-03-01", f"proposal:{proposal}", "--format", "md", "-o", md,
               "--root", REPO)[0] == 0
    assert md.read_text(encoding="utf-8") == (SNAPSHOTS / f"proposal-{proposal}.table.md").read_text(encoding="utf-8")
    docx = tmp_path / "t.docx"
    code, stdout, _ = run("export-table", "criminal-law@2024-03-01", f"proposal:{proposal}", "--format", "docx",
                          "-o", docx, "--root", REPO)
    assert code == 0
    from docx import Document

    rows = Document(str(docx)).tables[0].rows[1:]
    assert len(rows) == int(stdout.split(": ")[1].split(" ")[0]) >= 1
    assert all(len(row.cells[2].text) > 40 for row in rows)  # 说明 filled from the rationale
