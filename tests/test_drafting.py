"""Drafting instructions from two versions, and the 修改前后对照表 — on the real corpus and generated edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from lawdiff.akn.blocks import UNKNOWN, article_blocks
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.instrument import apply_instrument
from lawdiff.diffing.drafting import draft_instrument, draft_items
from lawdiff.importing.instructions import parse_instrument
from lawdiff.library import Library
from lawdiff.rendering.table import comparison_rows, table_html, table_markdown


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(REPO)



def _replay(old: Statute, new: Statute) -> tuple[int, list[str]]:
    """Draft old → new, parse the draft, apply it to old; return (articles compared, those that differ)."""
    instrument = parse_instrument(draft_instrument(old, new), "draft.md")
    result = apply_instrument(old, instrument)
    compared, differ = 0, []
    for art in new.articles():
        if UNKNOWN in art.text:
            continue
        compared += 1
        got = result.find(art.eid)
        if got is None or article_blocks(Provision(got)) != article_blocks(art):
            differ.append(art.eid)
    return compared, differ


def test_draft_parse_apply_reproduces_every_amendment(library: Library) -> None:
    timeline = library.timeline("criminal-law")
    total = 0
    for k in range(1, len(timeline.states)):
        compared, differ = _replay(timeline.states[k - 1], timeline.states[k])
        assert differ == [], f"after {timeline.instruments[k - 1].title}"
        total += compared
    print(f"draft → parse → apply: {total} articles compared over {len(timeline.instruments)} instruments, 0 differ")
    assert total > 4000


def _edited(library: Library, edit) -> tuple[Statute, Statute]:
    old = library.current("criminal-law")
    new = old.copy()
    edit(new)
    return old, new


def _set(statute: Statute, eid: str, text: str) -> None:
    statute.find(eid).find(".//{*}p").text = text


def test_forms_chosen(library: Library) -> None:
    old = library.current("criminal-law")
    new = old.copy()
    for p in new.article("253-1").el.iter("{*}p"):
        p.text = p.text.replace("公民个人信息", "个人信息")
    assert [i.blocks for i in draft_items(old, new)] == [
        ("将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。",)]

    new = old.copy()
    _set(new, "art_253-1__para_3", "窃取或者以其他方法非法获取个人信息的，依照第一款的规定从重处罚。")
    assert draft_items(old, new)[0].blocks == (
        "将刑法第二百五十三条之一第三款修改为：“窃取或者以其他方法非法获取个人信息的，依照第一款的规定从重处罚。”",)

    new = old.copy()
    para = new.find("art_253-1__para_4")
    para.getparent().remove(para)
    assert draft_items(old, new)[0].blocks == ("删去刑法第二百五十三条之一第四款。",)


def test_inserted_paragraph_and_article(library: Library) -> None:
    old = library.resolve("criminal-law@amendment-11")
    md = draft_instrument(old, library.resolve("criminal-law@2021-03-01"))
    assert md.endswith("一、本修正案自　　年　　月　　日起施行。")  # nothing to change; a draft's date is blank
    old7, new7 = library.resolve("criminal-law@amendment-06"), library.resolve("criminal-law@amendment-07")
    items = {i.article: i.blocks for i in draft_items(old7, new7)}
    assert items["art_253-1"][0].startswith("在刑法第二百五十三条后增加一条，作为第二百五十三条之一：“国家机关或者金融")
    assert items["art_253-1"][-1].endswith("依照各该款的规定处罚。”")
    assert items["art_312"] == ("在刑法第三百一十二条中增加一款作为第二款：“单位犯前款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接"
                                "责任人员，依照前款的规定处罚。”",)


WORDS = ["个人信息", "情节严重", "三年", "七年", "罚金", "单位", "违反国家规定"]


@st.composite
def edits(draw: st.DrawFn):
    article = draw(st.sampled_from(["253-1", "285", "286-1", "287-1", "225", "375"]))
    kind = draw(st.sampled_from(["word", "term", "add", "drop", "rewrite"]))
    return article, kind, draw(st.sampled_from(WORDS)), draw(st.integers(0, 10))


@settings(max_examples=40)
@given(st.lists(edits(), min_size=1, max_size=3))
def test_generated_edits_of_real_articles_round_trip(library: Library, changes) -> None:
    old = library.current("criminal-law")
    new = old.copy()
    for article, kind, word, n in changes:
        art = new.article(article)
        paras = art.paragraphs()
        para = paras[n % len(paras)]
        p = para.el.find(".//{*}p")
        if kind == "word":
            p.text = p.text[: n % len(p.text)] + word + p.text[n % len(p.text):]
        elif kind == "term":
            for q in art.el.iter("{*}p"):
                q.text = q.text.replace("的", "之")
        elif kind == "add":
            from lawdiff.akn.blocks import build_paragraphs, renumber_article
            para.el.addnext(build_paragraphs(art.eid, [f"新增{word}的，依照前款的规定处罚。"])[0])
            renumber_article(art.el)
        elif kind == "drop" and len(paras) > 1:
            para.el.getparent().remove(para.el)
            from lawdiff.akn.blocks import renumber_article
            renumber_article(art.el)
        else:
            p.text = f"{word}{p.text[::-1]}"
    compared, differ = _replay(old, new)
    assert differ == [] and compared == len(list(new.articles()))


def test_cli_draft_import_amend(tmp_path: Path, library: Library) -> None:
    out, xml, amended = tmp_path / "d.md", tmp_path / "d.xml", tmp_path / "amended.xml"
    code, stdout, _ = run("draft", "criminal-law@2015-10-31", "criminal-law@2015-11-01", "-o", out, "--root", REPO)
    assert (code, stdout) == (0, f"wrote {out}\n")
    assert run("import", "amendment", out, "-o", xml)[0] == 0
    base = tmp_path / "base.xml"
    library.resolve("criminal-law@2015-10-31").save(base)
    assert run("amend", base, xml, "-o", amended) == (0, f"wrote {amended}\n", "")
    after = Statute.load(amended)
    assert after.article("253-1").text == library.current("criminal-law").article("253-1").text
    code, stdout, _ = run("draft", "criminal-law@2015-10-31", "criminal-law@2015-11-01", "--root", REPO)
    assert "将刑法第二百五十三条之一修改为：“违反国家有关规定，向他人出售或者提供公民个人信息" in stdout
    assert stdout.rstrip().endswith("本修正案自　　年　　月　　日起施行。")


def test_comparison_table(library: Library, tmp_path: Path) -> None:
    old, new = library.resolve("criminal-law@2009-02-28"), library.resolve("criminal-law@2015-11-01")
    rows = comparison_rows(old, new, {"art_253-1": "扩大主体范围，提高法定最高刑。"})
    row = next(r for r in rows if r.label == "第二百五十三条之一")
    assert "".join(t for t, m in row.old[0] if m != "inserted").startswith("第二百五十三条之一 国家机关")
    assert "".join(t for t, m in row.new[0]).startswith("第二百五十三条之一 违反国家有关规定")
    assert len(row.old) == 3 and len(row.new) == 4
    assert row.note == "扩大主体范围，提高法定最高刑。"
    html = table_html(rows, "对照表")
    assert "<del><span class=\"visually-hidden\">删除：</span>国家机关或者金融" in html
    assert html.count("<tr>") == len(rows) + 1
    md = table_markdown(rows, "对照表")
    assert "~~国家机关或者金融" in md and "| 原条文 | 修改后条文 | 说明 |" in md


def test_export_table_docx_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    code, stdout, _ = run("export-table", "criminal-law@2009-02-28", "criminal-law@2015-11-01", "--format", "docx",
                          "-o", out, "--root", REPO)
    assert code == 0
    count = int(stdout.split(": ")[1].split(" ")[0])
    doc = Document(str(out))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["原条文", "修改后条文", "说明"]
    assert len(table.rows) == count + 1
    row = next(r for r in table.rows if r.cells[0].text.startswith("第二百五十三条之一"))
    struck = "".join(run.text for p in row.cells[0].paragraphs for run in p.runs if run.font.strike)
    added = "".join(run.text for p in row.cells[1].paragraphs for run in p.runs if run.bold and run.underline)
    assert "国家机关" in struck and "违反国家有关规定" in added
    again = tmp_path / "again.docx"
    run("export-table", "criminal-law@2009-02-28", "criminal-law@2015-11-01", "--format", "docx", "-o", again,
        "--root", REPO)
    assert again.read_bytes() == out.read_bytes()  # deterministic
