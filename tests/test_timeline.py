"""Every version of every article: show --at, history, blame, verify, amend — on the real corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CONSOLIDATED, CORPUS, REPO, STATUTES, run
from hypothesis import event, given
from hypothesis import strategies as st

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Statute, schema_errors
from lawdiff.amending.instrument import apply_instrument
from lawdiff.amending.timeline import Timeline, Version, build_timeline
from lawdiff.errors import OperationError
from lawdiff.importing.instructions import parse_instrument
from lawdiff.importing.instrument import Instrument, Item, Operation
from lawdiff.importing.markdown import export_markdown, import_markdown
from lawdiff.library import Library

VII_253_1 = """第二百五十三条之一 国家机关或者金融、电信、交通、教育、医疗等单位的工作人员，违反国家规定，将本单位在履行职责或者提供服务过程中获得的公民个人信息，出售或者非法提供给他人，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。

窃取或者以其他方法非法获取上述信息，情节严重的，依照前款的规定处罚。

单位犯前两款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。
"""


AFTER_2009_DECISION = ("\n（The text may differ from 2009-08-27: 《全国人民代表大会常务委员会关于修改部分法律的决定》, "
                       "adopted then, is not in the corpus, and the corpus does not show whether it changed this "
                       "article.）\n")



@pytest.fixture(scope="module")
def library() -> Library:
    return Library(REPO)


def test_vii_text_is_the_amendment_text() -> None:
    source = (CORPUS / "prc-criminal-law/amendments/amendment-07.md").read_text(encoding="utf-8")
    for block in VII_253_1.strip().split("\n\n"):
        assert block.removeprefix("第二百五十三条之一 ") in source


@pytest.mark.parametrize(("date", "expected"), [
    ("2008-12-31", "第二百五十三条之一 was not in force on 2008-12-31: it was added by 《中华人民共和国刑法修正案（七）》 "
                   "item 七, in force from 2009-02-28.\n"),
    ("2009-06-01", VII_253_1),
    # Amendment IX adopted 2015-08-29 but in force only from 2015-11-01; the VII text is known from VII's own words,
    # and the 2009 decision amending some laws, not in the corpus, came in between
    ("2015-09-01", VII_253_1 + AFTER_2009_DECISION),
    ("2016-01-01", None),  # the text of the 2020 consolidation (read when the test runs: it needs the corpus)
])
def test_show_at(date: str, expected: str | None) -> None:
    if expected is None:
        expected = (CONSOLIDATED.read_text(encoding="utf-8").split("\n\n第二百五十三条之一 ")[1]
                    .split("\n\n第二百五十四条")[0].join(["第二百五十三条之一 ", "\n"]))
    assert run("show", "253-1", "--at", date, "--root", REPO) == (0, expected, "")


def test_show_at_undetermined_and_deleted() -> None:
    code, out, _ = run("show", "151", "--at", "2000-01-01", "--root", REPO)
    # Amendment VII item 一 changed the article first (its 第三款), not VIII (issue 13, part 1)
    assert (code, out) == (0, "第一百五十一条 on 2000-01-01: text not in corpus (the text of the 1997 revision, "
                              "before 《中华人民共和国刑法修正案（七）》 item 一 changed it).\n")
    assert run("show", "199", "--at", "2016-01-01", "--root", REPO)[1] == "第一百九十九条 （删去）\n"
    # an article an instrument added did not exist before the known text starts either (not "not in corpus")
    assert run("show", "253-1", "--at", "1996-01-01", "--root", REPO)[1] == (
        "第二百五十三条之一 did not exist on 1996-01-01: it was added by 《中华人民共和国刑法修正案（七）》 item 七, in "
        "force from 2009-02-28.\n")
    assert run("show", "253", "--at", "1996-01-01", "--root", REPO)[1] == (
        "第二百五十三条 on 1996-01-01: text not in corpus (the corpus begins with the 1997 revision, in force from "
        "1997-10-01: 第四百五十二条: 本法自1997年10月1日起施行).\n")
    code, _, err = run("show", "253-1", "--at", "2016-13-01", "--root", REPO)
    assert (code, err) == (1, "error: not a date: '2016-13-01' (expected a real date as YYYY-MM-DD: month must be in "
                              "1..12)\n")


def test_history_lists_exactly_vii_and_ix() -> None:
    code, out, _ = run("history", "253-1", "--root", REPO)
    assert code == 0
    assert out == (
        "第二百五十三条之一 (253-1)\n"
        "  1997-10-01 – 2009-02-27   not in force\n"
        "  2009-02-28 – 2015-10-31   《中华人民共和国刑法修正案（七）》 item 七, adopted 2009-02-28; may differ from "
        "2009-08-27 (an instrument not in the corpus then)\n"
        "  2015-11-01 – now          《中华人民共和国刑法修正案（九）》 item 十七, adopted 2015-08-29\n")


def test_history_of_a_deleted_article() -> None:
    out = run("history", "199", "--root", REPO)[1]
    assert out.splitlines()[-1] == "  2015-11-01 – now          deleted by 《中华人民共和国刑法修正案（九）》 item 十二"


def test_blame() -> None:
    code, out, _ = run("blame", "375", "--root", REPO)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[0].startswith("1997 revision           │ 第三百七十五条 伪造、变造、买卖或者盗窃、抢夺武装部队公文")
    assert all(line.startswith("刑法修正案（七） 十二   │ ") for line in lines[1:])


def test_verify_passes_with_counts() -> None:
    code, out, _ = run("verify", "--root", REPO)
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == ["replayed 12 instruments (231 operations) on criminal-law",
                         "article changes checked: 222, agreeing: 217, undetermined: 5, disagreeing: 0",
                         "texts set by an instrument and still in force: 126, equal to the consolidated text: 126",
                         "known text from 1997-10-01 (第四百五十二条: 本法自1997年10月1日起施行)"]
    assert lines[6] == ("the consolidation of 2020-12-26: 501 articles equal to the text derived for that date, 4 taken "
                        "from it (165, 166, 169, 387), 0 differing")
    assert lines[8] == "references whose words now point elsewhere after an instrument: 10"
    assert len(lines) == 9 + 10 + 1 and lines[-1] == "ok"


def test_every_version_is_consistent(library: Library) -> None:
    timeline = library.timeline("criminal-law")
    assert len(timeline.states) == 13 and len(timeline.event_states) == 15  # two instruments not in the corpus
    assert [s.expression_date.isoformat() for s in timeline.states][-3:] == ["2017-11-04", "2020-12-26", "2023-12-29"]
    for state in timeline.event_states:
        assert schema_errors(state.root) == []


def test_amend_reproduces_the_national_database_consolidation(library: Library, tmp_path: Path) -> None:
    before = library.resolve("criminal-law@amendment-10")
    base, out = tmp_path / "x.xml", tmp_path / "xi.xml"
    before.save(base)
    instrument = STATUTES / "criminal-law" / "amendments" / "amendment-11.xml"
    assert run("amend", base, instrument, "-o", out) == (0, f"wrote {out}\n", "")
    assert export_markdown(Statute.load(out)) == CONSOLIDATED.read_text(encoding="utf-8")


def test_amend_a_base_without_the_target_fails_and_writes_nothing(tmp_path: Path) -> None:
    base = tmp_path / "base.xml"
    import_markdown("# 中华人民共和国刑法\n\n1997年3月14日 修订\n\n<!-- INFO END -->\n\n第一条 甲。",
                    path="b.md", name="criminal-law").save(base)
    out = tmp_path / "out.xml"
    code, stdout, err = run("amend", base, CORPUS / "prc-criminal-law/amendments/amendment-07.md", "-o", out)
    assert code == 1 and stdout == ""
    assert err == (f"error: {CORPUS / 'prc-criminal-law/amendments/amendment-07.md'}: 《中华人民共和国刑法修正案（七）》 "
                   "item 一: 第一百五十一条 does not exist in the base text\n")
    assert not out.exists()


def test_amend_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    base = tmp_path / "base.xml"
    base.write_bytes((STATUTES / "criminal-law" / "zho@2023-12-29.xml").read_bytes())
    code, _, err = run("amend", base, CORPUS / "prc-criminal-law/amendments/amendment-07.md", "-o", base)
    assert code == 1 and "refusing to overwrite the input" in err


def test_resolve_references(library: Library) -> None:
    assert library.resolve("criminal-law@2015-11-01").article("253-1").text == \
        library.current("criminal-law").article("253-1").text
    with pytest.raises(Exception, match="253-1"):
        library.resolve("criminal-law@2009-02-27").article("253-1")
    with pytest.raises(Exception, match="has no amendment-13"):
        library.resolve("criminal-law@amendment-13")
    with pytest.raises(Exception, match="cannot read the reference"):
        library.resolve("Criminal Law!")


# --- property test: generated bases and operations ------------------------------------------------

@st.composite
def statutes(draw: st.DrawFn) -> Statute:
    articles = []
    for n in range(1, draw(st.integers(2, 5)) + 1):
        paras = [f"第{n}条第{k}款文字。" for k in range(1, draw(st.integers(1, 3)) + 1)]
        if draw(st.booleans()):
            paras[0] = paras[0].rstrip("。") + "："
            paras[1:1] = [f"（{numbering.to_chinese(j)}）项{j}；" for j in range(1, draw(st.integers(1, 3)) + 1)]
        articles.append(f"{numbering.ArticleNumber(n).label} " + "\n\n".join(paras))
    text = "# 试验法\n\n2000年1月1日 通过\n\n<!-- INFO END -->\n\n" + "\n\n".join(articles)
    return import_markdown(text, path="gen.md", name="test-law")


KINDS = ["replace_article", "replace_paragraphs", "insert_article", "insert_paragraphs", "delete_article",
         "delete_paragraphs", "replace_point", "insert_point", "delete_point", "replace_term", "renumber_paragraph"]


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    kind = draw(st.sampled_from(KINDS))
    article = str(draw(st.integers(1, 6)))
    para = draw(st.integers(1, 4))
    text = ("新" + draw(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4)) + "。",)
    return Operation(kind=kind, article=article, paragraphs=(para,), point=draw(st.integers(1, 4)),
                     new_article=f"{article}-1" if kind == "insert_article" else None,
                     new_number=draw(st.integers(1, 4)) if kind.startswith("renumber") else None,
                     new_text=text, old_term="文字", new_term="字句")


@given(statutes(), st.lists(operations(), min_size=1, max_size=3))
def test_generated_operations_round_trip_or_leave_the_base_untouched(base: Statute, ops: list[Operation]) -> None:
    before = base.to_bytes()
    instrument = Instrument(title="试验修正案", header=("2001年1月1日 通过",), adopted=dt.date(2001, 1, 1),
                            preamble=(), items=(Item(1, "一", (), tuple(ops), 1, "一、"),), in_force=None,
                            in_force_text="", target="试验法")
    try:
        amended = apply_instrument(base, instrument)
    except OperationError as exc:
        event("precondition failed")
        assert exc.message  # a precondition failed: reported, and the base is untouched
        assert base.to_bytes() == before
        return
    event("applied")
    assert base.to_bytes() == before
    assert schema_errors(amended.root) == []
    markdown = export_markdown(amended)
    again = import_markdown(markdown, path="again.md", name="test-law")
    assert export_markdown(again) == markdown
    assert [a.eid for a in again.articles()] == [a.eid for a in amended.articles()]


def test_parse_error_names_file_item_and_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# 中华人民共和国刑法修正案（十三）\n\n2030年1月1日 通过\n\n<!-- INFO END -->\n\n"
                   "一、将刑法第一百条搞成：“甲。”\n\n二、本修正案自公布之日起施行。", encoding="utf-8")
    with pytest.raises(Exception) as info:
        parse_instrument(bad.read_text(encoding="utf-8"), str(bad))
    assert str(bad) in str(info.value) and "一" in str(info.value)


def test_import_amendment_cli_matches_the_shipped_file(tmp_path: Path) -> None:
    out = tmp_path / "a7.xml"
    src = CORPUS / "prc-criminal-law/amendments/amendment-07.md"
    code, stdout, _ = run("import", "amendment", src, "-o", out, "--name", "criminal-law-amendment-7")
    assert (code, stdout) == (0, f"wrote {out}: 15 items, 17 operations\n")
    assert out.read_bytes() == (STATUTES / "criminal-law/amendments/amendment-07.xml").read_bytes()


def test_unknown_article_history(tmp_path: Path) -> None:
    code, _, err = run("history", "999", "--root", REPO)
    assert (code, err) == (1, "error: no article 999 (第九百九十九条) in criminal-law at any date\n")


# --- a term replaced in text that a later instrument restates -----------------------------------------------

def timeline_of(law: str, *items: str) -> Timeline:
    """Return the timeline of a test law (its articles in Markdown) amended by one instrument per item, in the
    years 2001, 2002 …: the consolidation is made by applying them, the timeline derived back from it."""
    base = import_markdown(f"# 试验法\n\n2000年1月1日 通过\n\n<!-- INFO END -->\n\n{law}", path="law.md", name="test-law")
    instruments = [parse_instrument(f"# 试验法修正案（{numbering.to_chinese(n)}）\n\n{2000 + n}年1月1日 通过\n\n"
                                    f"<!-- INFO END -->\n\n一、{item}\n\n二、本修正案自公布之日起施行。", f"amendment-{n}.md")
                   for n, item in enumerate(items, 1)]
    consolidated = base
    for instrument in instruments:
        consolidated = apply_instrument(consolidated, instrument)
    timeline = build_timeline(consolidated, instruments)
    for state in timeline.states:
        assert schema_errors(state.root) == []
    return timeline


def version(start: str, end: str | None, blocks: tuple[str, ...], made_by: int | None) -> Version:
    return Version(dt.date.fromisoformat(start), end and dt.date.fromisoformat(end), blocks,
                   f"试验法修正案（{numbering.to_chinese(made_by)}）" if made_by else None, "一" if made_by else None)


def test_a_term_replaced_in_an_article_a_later_instrument_restates_whole() -> None:
    timeline = timeline_of("第一条 甲乙丙。\n\n第二条 丁戊己。",
                           "将试验法第二条中的“戊”修改为“庚”。", "将试验法第二条修改为：“辛壬癸。”")
    # the text before the restatement is not in the corpus: neither the 1997 text nor what the term made of it
    # the instrument that replaced the term is a version of its own, though its text is not in the corpus either
    # (the two placeholder versions used to merge, and amendment 1 was not listed)
    assert timeline.versions("2") == [version("2000-01-01", "2000-12-31", (f"第二条 {UNKNOWN}",), None),
                                      version("2001-01-01", "2001-12-31", (f"第二条 {UNKNOWN}",), 1),
                                      version("2002-01-01", None, ("第二条 辛壬癸。",), 2)]
    report = timeline.verify()
    assert (report.checked, report.agreeing, report.undetermined, report.disagreements) == (2, 1, 1, [])


@pytest.mark.parametrize(("old", "new"), [("戊", "癸"), ("文本", "条文")])  # 文本 is in the placeholder's words too
def test_a_term_replaced_in_a_paragraph_a_later_instrument_restates(old: str, new: str) -> None:
    # the term stands only in the paragraph restated later, whose earlier text is not in the corpus: replaying the
    # term replacement on it used to fail (OperationError: the term does not occur)
    timeline = timeline_of("第一条 甲乙丙。\n\n第二条 丁戊己，文本。\n\n庚辛壬。",
                           f"将试验法第二条中的“{old}”修改为“{new}”。", "将试验法第二条第一款修改为：“子丑寅。”")
    assert timeline.versions("2") == [version("2000-01-01", "2000-12-31", (f"第二条 {UNKNOWN}", "庚辛壬。"), None),
                                      version("2001-01-01", "2001-12-31", (f"第二条 {UNKNOWN}", "庚辛壬。"), 1),
                                      version("2002-01-01", None, ("第二条 子丑寅。", "庚辛壬。"), 2)]
    report = timeline.verify()
    assert (report.checked, report.agreeing, report.undetermined, report.disagreements) == (2, 1, 1, [])


def test_a_term_replaced_in_known_and_unknown_paragraphs() -> None:
    timeline = timeline_of("第一条 甲乙丙。\n\n第二条 丁戊己。\n\n庚戊壬。",
                           "将试验法第二条中的“戊”修改为“癸”。", "将试验法第二条第一款修改为：“子丑寅。”")
    assert timeline.versions("2") == [version("2000-01-01", "2000-12-31", (f"第二条 {UNKNOWN}", "庚戊壬。"), None),
                                      version("2001-01-01", "2001-12-31", (f"第二条 {UNKNOWN}", "庚癸壬。"), 1),
                                      version("2002-01-01", None, ("第二条 子丑寅。", "庚癸壬。"), 2)]
