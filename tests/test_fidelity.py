"""A casebook of the Criminal Law's versions: each statement with the primary source in the corpus that supports it.

Issue 12 (the law as in force today; any law as a lawdiff law) and issue 13, parts 1–2 (histories that lost
versions; later wording shown as the 1997 text). The sources are read here from the corpus itself (file and line),
so a statement that no longer matches its source fails.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, STATUTES, run

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.amending.sources import CHANGED, MAY_HAVE_CHANGED, known_start, missing_instruments
from lawdiff.amending.timeline import build_timeline, in_force_on
from lawdiff.importing.instrument import OpKind
from lawdiff.importing.markdown import import_markdown
from lawdiff.library import Library
from lawdiff.rendering.history import FURTHER_PARAGRAPHS

AMENDMENTS = CORPUS / "prc-criminal-law" / "amendments"
XI = CORPUS / "prc-criminal-law" / "consolidated-2020-12-26.md"
XII = CORPUS / "prc-criminal-law" / "consolidated-2023-12-29.md"
DAY = dt.timedelta(days=1)


def line(path: Path, n: int) -> str:
    """Return line ``n`` (1-based) of a corpus file."""
    return path.read_text(encoding="utf-8").splitlines()[n - 1]


def cited(path: Path, n: int, words: str) -> str:
    """Return ``words`` after checking that the corpus file says them on that line."""
    assert words in line(path, n), f"{path.name}:{n} does not say {words!r}"
    return words



@pytest.fixture(scope="module")
def library() -> Library:
    return Library(REPO)


# --- issue 12: the Criminal Law as in force today ------------------------------------------------------------


def test_the_law_in_force_is_the_2023_consolidation(library: Library) -> None:
    # consolidated-2023-12-29.md:33 — the header ends with Amendment XII, adopted 2023-12-29
    cited(XII, 33, "2023年12月29日 第十四届全国人民代表大会常务委员会第七次会议通过的《中华人民共和国刑法修正案（十二）》")
    assert library.current("criminal-law").expression_date == dt.date(2023, 12, 29)
    assert [p.name for p in sorted((STATUTES / "criminal-law").glob("zho@*.xml"))] == [
        "zho@2020-12-26.xml", "zho@2023-12-29.xml"]  # the 2020 consolidation: the official text of its date
    ins = library.instruments("criminal-law")[-1]
    # amendment-12.md:52 — 本修正案自2024年3月1日起施行
    cited(AMENDMENTS / "amendment-12.md", 52, "八、本修正案自2024年3月1日起施行。")
    assert (ins.title, ins.adopted, ins.in_force) == ("中华人民共和国刑法修正案（十二）", dt.date(2023, 12, 29),
                                                      dt.date(2024, 3, 1))
    assert [key for item in ins.items for op in item.operations for key in [op.target]] == [
        "165", "166", "169", "387", "390", "391", "393"]


def test_show_390_now_and_before_amendment_xii() -> None:
    now = run("show", "390", "--root", REPO)[1]
    # amendment-12.md:28 (item 五): 对犯行贿罪的，处三年以下有期徒刑或者拘役
    assert now.startswith("第三百九十条 " + cited(AMENDMENTS / "amendment-12.md", 28, "对犯行贿罪的，处三年以下有期徒刑或者拘役"))
    before = run("show", "390", "--at", "2023-06-01", "--root", REPO)[1]
    # consolidated-2020-12-26.md:2241 — the text in force before XII: 五年以下
    assert before.split("\n\n")[0] == line(XI, 2241)
    assert "（七）将违法所得用于行贿的。" in now and "（七）" not in before


def test_the_version_derived_for_2021_03_01_is_the_consolidation_through_xi(tmp_path: Path) -> None:
    # Derived backwards from the 2023 consolidation through XII, filled where XII restated a 1997 text (Arts. 165,
    # 166, 169 and 387(1)) from the 2020 consolidation: article for article and heading for heading that file.
    out = tmp_path / "2021.md"
    assert run("export", "criminal-law@2021-03-01", "--format", "markdown", "-o", out, "--root", REPO)[0] == 0
    assert out.read_text(encoding="utf-8") == XI.read_text(encoding="utf-8")


def test_export_refuses_to_write_into_statutes() -> None:
    code, _, err = run("export", "criminal-law@2021-03-01", "-o", STATUTES / "x.md", "--root", REPO)
    assert code == 1 and "refusing to write into statutes/" in err


def test_the_consolidation_s_note_is_not_law_text(library: Library) -> None:
    # consolidated-2023-12-29.md:2469 — an editorial note after the last article, which the importer reads as a
    # fourth paragraph of Art. 452; the 2020 consolidation has no such note (its Art. 452 has three paragraphs)
    note = cited(XII, 2469, "① 刑法、历次刑法修正案、涉及修改刑法的决定的施行日期")
    timeline = library.timeline("criminal-law")
    assert timeline.notes == [f"第四百五十二条第四款: {line(XII, 2469)}"] and note
    assert all(note not in b for v in timeline.versions("452") for b in v.blocks or ())


def test_verify_replays_every_instrument_with_no_disagreement(library: Library) -> None:
    report = library.timeline("criminal-law").verify()
    assert report.ok and report.instruments == 12
    assert (report.checked, report.agreeing, report.undetermined) == (222, 217, 5)
    [anchor] = report.anchors
    assert (anchor.date, anchor.filled, anchor.differing) == (dt.date(2020, 12, 26), ("165", "166", "169", "387"), ())


# --- issue 12, part 2: any law as a lawdiff law ---------------------------------------------------------------


@pytest.mark.parametrize(("law", "start", "basis"), [
    ("criminal-law", "1997-10-01", "第四百五十二条: 本法自1997年10月1日起施行"),
    ("personal-information-protection-law", "2021-11-01", "第七十四条: 本法自2021年11月1日起施行"),
    ("cybersecurity-law", "2017-06-01", "第七十九条: 本法自2017年6月1日起施行"),
    ("data-security-law", "2021-09-01", "第五十五条: 本法自2021年9月1日起施行"),
    ("spc-spp-interpretation-2017", "2017-06-01", "第十三条: 本解释自2017年6月1日起施行"),
    ("spc-facial-recognition-provisions", "2021-08-01", "第十六条: 本规定自2021年8月1日起施行"),
    ("civil-code-personality-rights", "2021-01-01", "the header: 2021年1月1日 施行"),
])
def test_the_known_text_starts_when_the_law_says(library: Library, law: str, start: str, basis: str) -> None:
    found = known_start(library.current(law))
    assert (found.date.isoformat(), found.basis) == (start, basis)
    assert found.earlier_text == (law == "criminal-law")  # 1979年7月1日 通过, then 1997年3月14日 修订


def test_a_law_without_instruments_has_one_known_version() -> None:
    law = ("--law", "personal-information-protection-law", "--root", REPO)
    assert run("show", "28", "--at", "2022-01-01", *law)[1] == run("show", "28", *law)[1]
    assert run("show", "28", "--at", "2021-09-01", *law)[1] == (
        "第二十八条 was not in force on 2021-09-01: the law took effect on 2021-11-01 (第七十四条: 本法自2021年11月1日起施行)."
        "\n")
    assert run("history", "28", *law)[1] == "第二十八条 (28)\n  2021-11-01 – now          the text adopted on 2021-08-20\n"
    assert run("blame", "28", *law)[1].startswith("text adopted on 2021-08-20 │ 第二十八条 ")
    code, out, _ = run("applicable", "28", "--act-date", "2022-01-01", "--judgment-date", "2023-01-01", *law)
    assert code == 0 and out.endswith("applies: the version in force at the time of the act (行为时法)\n")


def test_a_law_amended_by_instruments_the_corpus_lacks() -> None:
    # training/pairs/49/after.md: 行政复议法, revised 2023-09-01 after two amending decisions (its header)
    src = CORPUS / "training" / "pairs" / "49" / "after.md"
    statute = import_markdown(src.read_text(encoding="utf-8"), path=str(src), name="administrative-reconsideration")
    start = known_start(statute)
    assert start.earlier_text and start.name == "the 2023 revision"
    timeline = build_timeline(statute, [])
    assert timeline.start.date == start.date and len(timeline.event_states) == 1
    assert missing_instruments(statute, set()) == []  # the decisions came before the revision: nothing after it


# --- issue 13, part 1: every instrument's own text is a version of its provision -------------------------------


def test_every_item_s_own_text_is_a_version_from_its_entry_into_force_to_the_next_change(library: Library) -> None:
    timeline = library.timeline("criminal-law")
    checked = 0
    for ins in timeline.instruments:
        assert ins.in_force is not None
        for item in ins.items:
            for op in item.operations:
                if not op.new_text or op.kind is OpKind.REPLACE_TERM:
                    continue
                versions = timeline.versions(op.target)
                version = in_force_on(versions, ins.in_force)
                assert version is not None and version.instrument == ins.title, (ins.title, item.label, op.target)
                assert version.start == ins.in_force and item.label in (version.item or "").split("、")
                # the item's words are there, paragraph for paragraph (a renumbered point keeps its words)
                shown = [b.split(" ", 1)[1] if i == 0 else b for i, b in enumerate(version.blocks or ())]
                for block in op.new_text:
                    words = block.split("）", 1)[1] if block.startswith("（") and op.kind.on_points else block
                    assert any(words in b for b in shown), (ins.title, item.label, op.target, block)
                # … until the next instrument that changes the article
                later = [v for v in versions if v.start and v.start > version.start]
                assert version.end == (later[0].start - DAY if later else None)
                checked += 1
    assert checked == 224


@pytest.mark.parametrize(("key", "amendment", "item", "paragraph", "source_line"), [
    ("120", 3, "三", 1, 13),  # amendment-03.md:13: 将刑法第一百二十条第一款修改为
    ("141", 8, "二十三", 1, 85),  # amendment-08.md:85: 将刑法第一百四十一条第一款修改为
    ("151", 7, "一", 3, 7),  # amendment-07.md:7: 将刑法第一百五十一条第三款修改为
    ("164", 6, "八", 1, 27),  # amendment-06.md:27: 将刑法第一百六十四条第一款修改为
    ("358", 8, "四十八", 3, 213),  # amendment-08.md:213: 将刑法第三百五十八条第三款修改为
])
def test_a_paragraph_set_in_an_article_otherwise_not_in_the_corpus(library: Library, key: str, amendment: int,
                                                                  item: str, paragraph: int, source_line: int) -> None:
    # A later instrument rewrote the whole article, so the rest of the article before it is not in the corpus; the
    # earlier instrument's own paragraph is, and is a version of its own (it used to merge into "the 1997 text").
    src = AMENDMENTS / f"amendment-{amendment:02d}.md"
    words = line(src, source_line)
    assert words.startswith(f"{item}、将刑法{numbering.article_label(key)}第{numbering.to_chinese(paragraph)}款修改为")
    new_text = words.split("修改为", 1)[1].strip(":：“”")
    timeline = library.timeline("criminal-law")
    ins = timeline.instruments[amendment - 1]
    version = in_force_on(timeline.versions(key), ins.in_force or dt.date.min)
    assert version is not None and (version.instrument, version.item) == (ins.title, item)
    assert version.tail_unknown and not version.determined and version.known
    blocks = [b.split(" ", 1)[1] if i == 0 else b for i, b in enumerate(version.blocks or ())]
    assert blocks[paragraph - 1] == new_text
    assert all(b == UNKNOWN for b in blocks[:paragraph - 1])
    history = run("history", key, "--root", REPO)[1]
    assert f"《{ins.title}》 item {item}, adopted {ins.adopted} (text not in corpus in part)" in history


def test_show_141_in_2015_gives_viii_s_paragraph_and_marks_the_rest() -> None:
    out = run("show", "141", "--at", "2015-01-01", "--root", REPO)[1]
    first, further, note = out.rstrip("\n").split("\n\n")
    # amendment-08.md:85: the new 第一款 of Art. 141
    assert first == "第一百四十一条 " + line(AMENDMENTS / "amendment-08.md", 85).split("修改为:", 1)[1].strip("“”")
    assert further == FURTHER_PARAGRAPHS
    assert note.startswith("（〔…〕: text not in corpus. The paragraphs shown are the words of 《中华人民共和国刑法修正案（八）》"
                           " item 二十三, in force from 2011-05-01;")


def test_show_358_in_2013_includes_viii_s_third_paragraph() -> None:
    out = run("show", "358", "--at", "2013-01-01", "--root", REPO)[1]
    blocks = out.rstrip("\n").split("\n\n")
    assert blocks[0] == f"第三百五十八条 {UNKNOWN}" and blocks[1] == UNKNOWN
    assert blocks[2] == line(AMENDMENTS / "amendment-08.md", 213).split("修改为:", 1)[1].strip("“”")
    assert blocks[3] == FURTHER_PARAGRAPHS


def test_history_lists_every_instrument_that_changed_an_article(library: Library) -> None:
    timeline = library.timeline("criminal-law")
    for key in ("120", "141", "151", "164", "358"):
        made = [(v.instrument, v.item) for v in timeline.versions(key) if v.instrument]
        assert made == [(ins.title, item.label) for ins, item in timeline.changes(key)], key


# --- issue 13, part 2: instruments the header lists that are not in the corpus --------------------------------

DECISION_1998 = "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定"
DECISION_2009 = "全国人民代表大会常务委员会关于修改部分法律的决定"
OPINION = CORPUS / "charges" / "1997-12-25-spp-opinion.md"
SUPPLEMENT_6 = CORPUS / "charges" / "2015-10-30-supplement-6.md"


def test_the_missing_instruments_and_what_the_corpus_shows_they_changed(library: Library) -> None:
    # consolidated-2023-12-29.md:7 and :23 list them; corpus/SOURCES.md: no file for either at any commit
    cited(XII, 7, f"1998年12月29日 第九届全国人民代表大会常务委员会第六次会议通过的《{DECISION_1998}》")
    cited(XII, 23, f"2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议通过的《{DECISION_2009}》")
    missing = library.timeline("criminal-law").missing
    assert [(m.title, m.adopted) for m in missing] == [(DECISION_1998, dt.date(1998, 12, 29)),
                                                        (DECISION_2009, dt.date(2009, 8, 27))]
    # the 1998 decision concerns 逃汇, and 逃汇罪 is the offence of Art. 190 (opinion, line 35): it may have changed it
    cited(OPINION, 35, "108．逃汇罪（第190条）")
    assert [(e.article, e.certainty, e.source) for e in missing[0].evidence] == [
        ("190", MAY_HAVE_CHANGED, "charges/1997-12-25-spp-opinion.md:35")]
    # supplement VI names the 2009 decision as the basis of the new names of Arts. 381 and 410: it changed them
    cited(SUPPLEMENT_6, 39, f"| 第三百八十一条 （《{DECISION_2009}》第二条） |战时拒绝军事征收、征用罪")
    cited(SUPPLEMENT_6, 41, f"| 第四百一十条 （《{DECISION_2009}》第二条） |非法批准征收、征用、占用土地罪")
    assert [(e.article, e.certainty, e.source) for e in missing[1].evidence] == [
        ("381", CHANGED, "charges/2015-10-30-supplement-6.md:39"), ("410", CHANGED, "charges/2015-10-30-supplement-6.md:41")]


def test_show_190_before_the_1998_decision_is_not_in_the_corpus() -> None:
    assert run("show", "190", "--at", "1998-06-01", "--root", REPO)[1] == (
        f"第一百九十条 on 1998-06-01: text not in corpus (the text of the 1997 revision, before 《{DECISION_1998}》 "
        "(adopted 1998-12-29), which is not in the corpus, may have changed it (charges/1997-12-25-spp-opinion.md:35: "
        "108．逃汇罪（第190条）)).\n")
    assert run("show", "190", "--at", "1999-06-01", "--root", REPO)[1].startswith("第一百九十条 公司、企业或者其他单位")


@pytest.mark.parametrize("key", ["381", "410"])
def test_show_before_the_2009_decision_is_not_in_the_corpus(key: str) -> None:
    out = run("show", key, "--at", "2000-01-01", "--root", REPO)[1]
    assert out.startswith(f"{numbering.article_label(key)} on 2000-01-01: text not in corpus (the text of the 1997 "
                          f"revision, before 《{DECISION_2009}》 (adopted 2009-08-27), which is not in the corpus, "
                          "changed it (charges/2015-10-30-supplement-6.md:")
    # the later wording (征收、征用) is the one in force from the decision on
    assert "征收、征用" in run("show", key, "--at", "2010-01-01", "--root", REPO)[1]


def test_history_of_190_names_the_decision() -> None:
    assert run("history", "190", "--root", REPO)[1].splitlines()[1:] == [
        "  1997-10-01 – 1998-12-28   the 1997 revision (text not in corpus)",
        f"  1998-12-29 – now          《{DECISION_1998}》 (not in the corpus), adopted 1998-12-29; the corpus shows it "
        "may have changed this article (charges/1997-12-25-spp-opinion.md:35); may differ before 2009-08-27 (an "
        "instrument not in the corpus then)"]


def test_where_the_corpus_cannot_tell_the_text_before_may_differ(library: Library) -> None:
    timeline = library.timeline("criminal-law")
    # Art. 253 since 1997: no instrument in the corpus changed it, none not in the corpus is shown to have
    assert [m.adopted for m in timeline.uncertain("253", dt.date(2000, 1, 1))] == [dt.date(2009, 8, 27)]
    assert timeline.uncertain("253", dt.date(2010, 1, 1)) == []
    # Art. 253-1 as Amendment VII wrote it is known from VII's words; after the 2009 decision, from nothing later
    assert timeline.uncertain("253-1", dt.date(2009, 6, 1)) == []
    assert [m.adopted for m in timeline.uncertain("253-1", dt.date(2012, 1, 1))] == [dt.date(2009, 8, 27)]
    out = run("show", "253", "--at", "2000-01-01", "--root", REPO)[1]
    assert out.rstrip("\n").endswith(f"（The text may differ before 2009-08-27: 《{DECISION_2009}》, adopted then, is "
                                     "not in the corpus, and the corpus does not show whether it changed this "
                                     "article.）")


def test_an_article_added_later_did_not_exist_before_the_known_text() -> None:
    assert run("show", "253-1", "--at", "1996-01-01", "--root", REPO)[1] == (
        "第二百五十三条之一 did not exist on 1996-01-01: it was added by 《中华人民共和国刑法修正案（七）》 item 七, in "
        "force from 2009-02-28.\n")
