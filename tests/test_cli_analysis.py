"""diff, refs, applicable and diff --penalties on the command line: exact output on the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run

SNAPSHOTS = REPO / "tests" / "snapshots"
IX = ("criminal-law@2009-02-28", "criminal-law@2015-11-01")



def test_diff_253_1_vii_to_ix_inline() -> None:
    code, out, _ = run("diff", *IX, "--only", "253-1", "--no-color", "--root", REPO)
    assert code == 0
    assert out == (SNAPSHOTS / "cli-diff-253-1.txt").read_text(encoding="utf-8")
    assert "{+违反国家有关规定+}" in out and "[-前两款-]{+前三款+}" in out


def test_diff_253_1_side_by_side_fits_the_width() -> None:
    code, out, _ = run("diff", *IX, "--only", "第二百五十三条之一", "--no-color", "--side-by-side", "--width", "100",
                       "--root", REPO)
    assert code == 0
    assert out == (SNAPSHOTS / "cli-diff-253-1.side-by-side-100.txt").read_text(encoding="utf-8")
    from lawdiff.rendering.text import display_width
    assert {display_width(line) for line in out.splitlines()} == {100}


def test_diff_colour_uses_more_than_colour() -> None:
    out = run("diff", *IX, "--only", "253-1", "--color", "--root", REPO)[1]
    assert "\x1b[" in out
    assert ";9m" in out and ";4m" in out  # deletions struck through, insertions underlined: not colour alone


def test_diff_html_and_json(tmp_path: Path) -> None:
    page = tmp_path / "d.html"
    assert run("diff", *IX, "--only", "253-1", "--format", "html", "-o", page, "--root", REPO)[0] == 0
    html = page.read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>") and "<ins" in html and "<del" in html and "http" not in html.split(
        "<body")[1]
    code, out, _ = run("diff", *IX, "--only", "253-1", "--format", "json", "--root", REPO)
    assert code == 0
    data = json.loads(out)
    assert data["old"] == IX[0] and data["summary"]["paragraph"]["inserted"] == 1
    assert [a["new_eid"] for a in data["articles"]] == ["art_253-1"]


def test_diff_against_a_proposal() -> None:
    code, out, _ = run("diff", "criminal-law@2024-03-01", "proposal:illegal-use-offence", "--no-color", "--root", REPO)
    assert code == 0
    assert out.splitlines()[:4] == ["--- criminal-law@2024-03-01", "+++ proposal:illegal-use-offence", "",
                                    "第二百五十三条之二  新增"]


def test_diff_penalties() -> None:
    code, out, _ = run("diff", *IX, "--only", "253-1", "--penalties", "--root", REPO)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["article", "maximum", "change", "minimum", "change", "verdict"]
    assert lines[1].startswith("第二百五十三条之一") and lines[1].split()[-1] == "heavier"
    assert "3年有期徒刑并处罚金 → 7年有期徒刑并处罚金" in lines[1]


def test_diff_bad_format() -> None:
    assert run("diff", *IX, "--format", "pdf", "--root", REPO)[2] == \
        "error: unknown format 'pdf' (expected terminal, html or json)\n"


def test_refs() -> None:
    code, out, _ = run("refs", "253-1", "--root", REPO)
    assert code == 0
    assert "  第二百五十三条之一第二款: “前款” → 第二百五十三条之一第一款\n" in out
    assert "  第二百五十三条之一第四款: “前三款” → 第二百五十三条之一第一款、第二百五十三条之一第二款、第二百五十三条之一第三款\n" in out
    assert "  spc-spp-interpretation-2017 第五条第二款: “刑法第二百五十三条之一第一款”\n" in out


def test_applicable_old_law_when_new_is_heavier() -> None:
    code, out, _ = run("applicable", "253-1", "--act-date", "2014-05-01", "--judgment-date", "2016-03-01",
                       "--root", REPO)
    assert code == 0
    assert out.splitlines()[1] == "at the act: the version of 《中华人民共和国刑法修正案（七）》 item 七 (2009-02-28 – 2015-10-31)"
    # an insider's sale: VII's 第一款 became IX's 第二款, 从重 — the law at the time of the act (tests/test_applicable.py)
    code, out, _ = run("applicable", "253-1", "--act-date", "2014-05-01", "--judgment-date", "2016-03-01",
                       "--tier", "1", "--root", REPO)
    assert out.splitlines()[-1] == ("applies: a judge must decide")
    assert "if it was, the penalties are heavier: the law at the time of the act applies (从旧)" in out


def test_applicable_new_law_when_lighter() -> None:
    out = run("applicable", "151", "--act-date", "2014-05-01", "--judgment-date", "2016-03-01", "--tier", "2",
              "--root", REPO)[1]
    assert "死刑并处没收财产 → 无期徒刑并处没收财产 (lighter)" in out
    assert out.splitlines()[-1] == "applies: the version in force at judgment (裁判时法)"


def test_verify_prints_reference_warnings() -> None:
    out = run("verify", "--root", REPO)[1]
    assert "references whose words now point elsewhere after an instrument: 10\n" in out
    assert "warning: 《中华人民共和国刑法修正案（十一）》: 第一百四十九条第一款: “本节第一百四十一条至第一百四十八条” now refers to" in out
