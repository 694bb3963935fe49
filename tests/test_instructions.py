"""The drafting-language parser: every instruction of Amendments I–XI, unseen forms, and malformed input."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from lawdiff.errors import ParseError
from lawdiff.importing.instructions import parse_instructions, parse_instrument
from lawdiff.importing.instrument import Instrument, Operation, OpKind

AMENDMENTS = CORPUS / "prc-criminal-law" / "amendments"
DATA = Path(__file__).parent / "data" / "instruments"
NUMBERS = range(1, 12)

# Text-changing instructions per amendment: 219 in all, as the issue says. The unit is one instruction sentence
# (the words up to its colon or full stop): "增加两款作为第二款、第三款" and "增加五条，作为…之二、…、…之六" are one
# instruction each; an item holding "将…第二款修改为…" + "增加一款作为第三款…" + "原第三款作为第四款，修改为…"
# (VII 十二) holds three. Counted by hand: items less the entry-into-force item (8+1+8+8+3+20+14+49+51+1+47 = 210)
# plus the items holding more than one instruction (I 八 +1, IV 二 +1, VII 二 +1, VII 十二 +2, VIII 二 +2,
# IX 四 +1, IX 三十一 +1 = 9).
INSTRUCTIONS = {1: 9, 2: 1, 3: 8, 4: 9, 5: 3, 6: 20, 7: 17, 8: 51, 9: 53, 10: 1, 11: 47}
# Operations: one per instruction, except that an instruction adding several articles makes one per article
# (IX 七 adds five, IX 二十九 two): 219 + 4 + 1 = 224.
OPERATIONS = {**INSTRUCTIONS, 9: 58}

IN_FORCE = {
    1: datetime.date(1999, 12, 25), 2: datetime.date(2001, 8, 31), 3: datetime.date(2001, 12, 29),
    4: datetime.date(2002, 12, 28), 5: datetime.date(2005, 2, 28), 6: datetime.date(2006, 6, 29),
    7: datetime.date(2009, 2, 28), 8: datetime.date(2011, 5, 1), 9: datetime.date(2015, 11, 1),
    10: datetime.date(2017, 11, 4), 11: datetime.date(2021, 3, 1),
}


@cache
def amendment(number: int) -> Instrument:
    path = AMENDMENTS / f"amendment-{number:02d}.md"
    return parse_instrument(path.read_text(encoding="utf-8"), path.name)


def ops(number: int, label: str) -> tuple[Operation, ...]:
    """Return the operations of item `label` (一, 二, …; "" for an unnumbered instrument) of an amendment."""
    (item,) = [item for item in amendment(number).items if item.label == label]
    return item.operations


def synthetic(name: str, target: str | None = None) -> Instrument:
    return parse_instrument((DATA / name).read_text(encoding="utf-8"), name, target=target)


# --- the corpus ------------------------------------------------------------------------------------


def test_instruction_and_operation_counts() -> None:
    instructions = {n: len({(i.number, op.source) for i in amendment(n).items for op in i.operations}) for n in NUMBERS}
    operations = {n: sum(len(item.operations) for item in amendment(n).items) for n in NUMBERS}
    assert instructions == INSTRUCTIONS
    assert sum(instructions.values()) == 219
    assert operations == OPERATIONS
    assert sum(operations.values()) == 224


@pytest.mark.parametrize("number", NUMBERS)
def test_header_target_and_entry_into_force(number: int) -> None:
    instrument = amendment(number)
    assert instrument.title.startswith("中华人民共和国刑法修正案")
    assert instrument.target == "刑法"
    assert len(instrument.header) == 1 and instrument.header[0].endswith("会议通过")
    assert instrument.in_force == IN_FORCE[number]
    assert instrument.in_force_text.startswith("本修正案自") and instrument.in_force_text.endswith("起施行。")


def test_entry_into_force_is_an_item_without_operations() -> None:
    last = amendment(9).items[-1]
    assert (last.number, last.label, last.blocks, last.operations) == (52, "五十二", ("本修正案自2015年11月1日起施行。",), ())
    assert amendment(7).in_force_text == "本修正案自公布之日起施行。"
    assert amendment(7).adopted == amendment(7).in_force == datetime.date(2009, 2, 28)


@pytest.mark.parametrize("number", NUMBERS)
def test_items_keep_the_source_text(number: int) -> None:
    """Preamble and items (prefix + blocks) give back every line after <!-- INFO END --> and their line numbers."""
    lines = (AMENDMENTS / f"amendment-{number:02d}.md").read_text(encoding="utf-8").split("\n")
    body = lines[lines.index("<!-- INFO END -->") + 1:]
    instrument = amendment(number)
    blocks = [*instrument.preamble]
    for item in instrument.items:
        blocks += [item.prefix + item.blocks[0], *item.blocks[1:]]
        assert lines[item.line - 1] == item.prefix + item.blocks[0]
    assert blocks == [line for line in body if line]
    assert [item.number for item in instrument.items] == list(range(1, len(instrument.items) + 1))


@pytest.mark.parametrize("number", NUMBERS)
def test_new_text_is_printed_as_in_a_consolidated_statute(number: int) -> None:
    for item in amendment(number).items:
        for op in item.operations:
            assert isinstance(op.kind, OpKind)
            assert op.source and op.source in "".join(item.blocks)
            for block in op.new_text:
                assert block and block[0] not in "“”" and block[-1] not in "“”", (item.label, block)
                assert not block.startswith("第") or "条 " not in block[:20], (item.label, block)
                assert ":" not in block and "," not in block  # ASCII typed in the source, full-width here


def test_amendment_07_item_7_inserts_article_253_1() -> None:
    (op,) = ops(7, "七")
    assert (op.kind, op.article, op.new_article) == ("insert_article", "253", "253-1")
    assert op.source == "在刑法第二百五十三条后增加一条，作为第二百五十三条之一："
    assert op.new_text == (
        "国家机关或者金融、电信、交通、教育、医疗等单位的工作人员，违反国家规定，将本单位在履行职责或者提供服务过程中"
        "获得的公民个人信息，出售或者非法提供给他人，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。",
        "窃取或者以其他方法非法获取上述信息，情节严重的，依照前款的规定处罚。",
        "单位犯前两款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。",
    )


def test_amendment_09_item_17_rewrites_article_253_1() -> None:
    (op,) = ops(9, "十七")
    assert (op.kind, op.article, op.paragraphs) == ("replace_article", "253-1", ())
    assert len(op.new_text) == 4
    assert op.new_text[0].startswith("违反国家有关规定，向他人出售或者提供公民个人信息，情节严重的")
    assert op.new_text[2] == "窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。"
    assert op.new_text[3] == "单位犯前三款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。"


def test_amendment_07_item_12_replaces_inserts_and_renumbers_paragraphs_of_375() -> None:
    replace, insert, renumber = ops(7, "十二")
    assert (replace.kind, replace.article, replace.paragraphs) == ("replace_paragraphs", "375", (2,))
    assert replace.new_text == ("非法生产、买卖武装部队制式服装，情节严重的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金。",)
    assert (insert.kind, insert.article, insert.paragraphs) == ("insert_paragraphs", "375", (3,))
    assert insert.source == "增加一款作为第三款："
    assert insert.new_text[0].startswith("伪造、盗窃、买卖或者非法提供、使用武装部队车辆号牌等专用标志")
    assert (renumber.kind, renumber.article, renumber.paragraphs, renumber.new_number) == (
        "renumber_paragraph", "375", (3,), 4)
    assert renumber.new_text == (
        "单位犯第二款、第三款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。",)


def test_amendment_10_instruction_in_the_purpose_clause_restates_article_299() -> None:
    instrument = amendment(10)
    assert instrument.preamble == ()
    (item,) = instrument.items
    assert (item.number, item.label, item.prefix, item.line) == (1, "", "", 7)
    (op,) = item.operations
    assert (op.kind, op.article) == ("replace_article", "299")
    assert op.source == "在刑法第二百九十九条中增加一款作为第二款，将该条修改为:"
    assert len(op.new_text) == 2
    assert op.new_text[1].startswith("在公共场合，故意篡改中华人民共和国国歌歌词、曲谱")


def test_amendment_02_has_one_unnumbered_item() -> None:
    (item,) = amendment(2).items
    assert item.blocks[0].startswith("为了惩治毁林开垦") and item.blocks[-1] == "本修正案自公布之日起施行。"
    (op,) = item.operations
    assert (op.kind, op.article, len(op.new_text), op.source) == ("replace_article", "342", 1, "将刑法第三百四十二条修改为：")


def test_amendment_01_preamble_and_article_without_law_name() -> None:
    assert amendment(1).preamble == ("为了惩治破坏社会主义市场经济秩序的犯罪，保障社会主义现代化建设的顺利进行，对刑法作如下补充修改：",)
    (op,) = ops(1, "一")  # 第一百六十二条后增加一条 — neither 在 nor 刑法
    assert (op.kind, op.article, op.new_article, len(op.new_text)) == ("insert_article", "162", "162-1", 2)


def test_amendment_01_points_without_opening_quotes() -> None:
    (op,) = ops(1, "六")
    assert [block[:3] for block in op.new_text] == ["有下列", "（一）", "（二）", "（三）", "（四）", "单位犯"]


def test_amendment_01_item_8_instruction_after_the_closing_quote() -> None:
    insert, renumber = ops(1, "八")
    assert (insert.kind, insert.article, insert.point) == ("insert_point", "225", 3)
    assert insert.new_text == ("（三）未经国家有关主管部门批准，非法经营证券、期货或者保险业务的；",)
    assert (renumber.kind, renumber.article, renumber.point, renumber.new_number, renumber.new_text) == (
        "renumber_point", "225", 3, 4, ())
    assert renumber.source == "原第三项改为第四项"


def test_amendment_07_item_5_replaces_a_point_numbered_as_printed() -> None:
    (op,) = ops(7, "五")
    assert (op.kind, op.article, op.point) == ("replace_point", "225", 3)
    assert op.new_text == ("（三）未经国家有关主管部门批准非法经营证券、期货、保险业务的，或者非法从事资金支付结算业务的；",)


@pytest.mark.parametrize(("number", "label", "points"), [(3, "七", 5), (4, "三", 2)])
def test_inline_points_become_blocks(number: int, label: str, points: int) -> None:
    (op,) = ops(number, label)
    assert [block[:3] for block in op.new_text[1:points + 1]] == [f"（{n}）" for n in "一二三四五"[:points]]
    assert op.new_text[0].endswith("：")


def test_amendment_09_item_7_adds_five_articles_one_after_another() -> None:
    added = ops(9, "七")
    assert [(op.kind, op.article, op.new_article) for op in added] == [
        ("insert_article", "120-1", "120-2"), ("insert_article", "120-2", "120-3"),
        ("insert_article", "120-3", "120-4"), ("insert_article", "120-4", "120-5"),
        ("insert_article", "120-5", "120-6"),
    ]
    assert len({op.source for op in added}) == 1
    assert [len(op.new_text) for op in added] == [6, 1, 1, 1, 1]
    assert added[0].new_text[0].startswith("有下列情形之一的")  # "第一百二十条之二 " is not part of the text
    assert added[4].new_text == (
        "明知是宣扬恐怖主义、极端主义的图书、音频视频资料或者其他物品而非法持有，情节严重的，处三年以下有期徒刑、拘役或者"
        "管制，并处或者单处罚金。",)
    assert [op.new_article for op in ops(9, "二十九")] == ["287-1", "287-2"]


def test_follow_on_instructions_refer_back_to_the_items_article() -> None:
    assert [(op.kind, op.article, op.paragraphs, op.new_number, len(op.new_text)) for op in ops(8, "二")] == [
        ("insert_paragraphs", "38", (2,), None, 1),
        ("renumber_paragraph", "38", (2,), 3, 1),
        ("insert_paragraphs", "38", (4,), None, 1),
    ]
    assert [(op.kind, op.article, op.paragraphs, op.new_number, op.new_text) for op in ops(9, "四")][1] == (
        "renumber_paragraph", "69", (2,), 3, ())
    assert [(op.kind, op.paragraphs) for op in ops(9, "三十一")] == [
        ("replace_paragraphs", (1,)), ("insert_paragraphs", (3, 4))]


def test_several_paragraphs_replaced_deleted_or_inserted() -> None:
    (op,) = ops(6, "十三")
    assert (op.kind, op.article, op.paragraphs, len(op.new_text)) == ("replace_paragraphs", "186", (1, 2), 2)
    (op,) = ops(7, "九")
    assert (op.kind, op.article, op.paragraphs, len(op.new_text)) == ("insert_paragraphs", "285", (2, 3), 2)
    (op,) = ops(8, "九")
    assert (op.kind, op.article, op.paragraphs, op.new_text) == ("delete_paragraphs", "68", (2,), ())
    (op,) = ops(9, "十二")
    assert (op.kind, op.article) == ("delete_article", "199")


def test_adding_a_paragraph_and_restating_the_article_is_a_replacement() -> None:
    (op,) = ops(5, "三")
    assert (op.kind, op.article, len(op.new_text)) == ("replace_article", "369", 3)


def test_source_irregularities() -> None:
    # IX 二十三: the second paragraph has no closing quote; the item ends the quotation.
    (op,) = ops(9, "二十三")
    assert op.new_text[-1] == "有前款行为，同时构成其他犯罪的，依照处罚较重的规定定罪处罚。"
    # IX 三十六: 处罚”。 — the full stop stays with the text.
    (op,) = ops(9, "三十六")
    assert op.new_text[-1].endswith("依照第一款的规定处罚。")
    # VIII 十一: ASCII colon in the instruction and in the new text.
    (op,) = ops(8, "十一")
    assert op.source.endswith("修改为:") and op.new_text[0].endswith("应当宣告缓刑：")
    # V 一: ASCII comma in the new text.
    (op,) = ops(5, "一")
    assert "拘役，并处或者单处" in op.new_text[0]


# --- forms of other amending decisions -------------------------------------------------------------


def test_decision_with_arabic_numbered_items_and_other_forms() -> None:
    instrument = synthetic("decision-forms.md")
    assert instrument.target == "刑法"
    assert instrument.preamble == ("第十九届全国人民代表大会常务委员会第三次会议决定对《中华人民共和国刑法》作如下修改：",)
    assert [(item.number, item.label, item.prefix) for item in instrument.items[:2]] == [(1, "1", "1．"), (2, "2", "2．")]
    found = [(op.kind, op.article, op.paragraphs, op.point, op.old_term, op.new_term, op.new_text)
             for item in instrument.items for op in item.operations]
    assert found == [
        ("replace_term", "100", (), None, "五年", "三年", ()),
        ("replace_term", "381", (), None, "征用", "征收、征用", ()),
        ("replace_term", "410", (), None, "征用", "征收、征用", ()),
        ("replace_term", "69", (1,), None, "二十年", "二十五年", ()),
        ("replace_term", "69", (1,), None, "三十五年", "四十年", ()),
        ("replace_term", "294", (5,), None, "包庇或者", "", ()),
        ("delete_article", "199", (), None, None, None, ()),
        ("delete_paragraphs", "68", (2,), None, None, None, ()),
        ("replace_preamble", "", (), None, None, None,
         ("为了惩罚犯罪，保护人民，根据宪法，结合我国同犯罪作斗争的具体经验及实际情况，制定本法。",)),
        ("replace_point", "225", (), 3, None, None, ("（三）非法从事资金支付结算业务的；",)),
        ("delete_point", "225", (), 4, None, None, ()),
        ("insert_point", "225", (), 5, None, None, ("（五）甲；",)),
        ("insert_point", "225", (), 6, None, None, ("（六）乙。",)),
        ("renumber_all", "", (), None, None, None, ()),
    ]
    assert instrument.in_force == datetime.date(2031, 1, 1)
    assert instrument.in_force_text == "本决定自二〇三一年一月一日起施行。"


def test_omnibus_decision_reads_only_the_target_section() -> None:
    instrument = synthetic("omnibus-sections.md", target="中华人民共和国刑法")
    assert instrument.target == "刑法"
    assert instrument.preamble == ("第十九届全国人民代表大会常务委员会第十次会议决定：", "二、对《中华人民共和国刑法》作出修改")
    assert [(item.number, item.label, item.prefix) for item in instrument.items[:2]] == [(1, "一", "（一）"), (2, "二", "（二）")]
    found = [(op.kind, op.article, op.new_article, op.paragraphs) for item in instrument.items for op in item.operations]
    assert found == [
        ("replace_term", "133-1", None, (1,)),
        ("insert_article", "287-2", "287-3", ()),
        ("renumber_all", "", None, ()),  # the closing sentence names 《中华人民共和国刑法》 among others
    ]
    assert instrument.in_force == datetime.date(2031, 1, 1)


def test_omnibus_decision_section_with_one_unnumbered_instruction() -> None:
    instrument = synthetic("omnibus-sections.md", target="乙法")
    (op,) = instrument.items[0].operations
    assert (op.kind, op.article, op.new_text) == ("replace_article", "10", ("乙法第十条的新文本。",))


def test_omnibus_decision_keeps_every_section_with_its_target() -> None:
    instrument = synthetic("omnibus-sections.md")
    assert instrument.target == ""
    assert [(s.heading, s.target, s.line, len(s.items)) for s in instrument.sections] == [
        ("一、对《中华人民共和国甲法》作出修改", "中华人民共和国甲法", 9, 2),
        ("二、对《中华人民共和国刑法》作出修改", "中华人民共和国刑法", 15, 2),
        ("三、对《中华人民共和国乙法》作出修改", "中华人民共和国乙法", 23, 1)]
    assert [item.blocks[0][:6] for item in instrument.items] == ["本决定自20", "《中华人民共"]
    assert instrument.targets == ("中华人民共和国甲法", "中华人民共和国刑法", "中华人民共和国乙法")
    with pytest.raises(ParseError, match=r"^omnibus-sections\.md:9: 《.*》 does not amend 《中华人民共和国丙法》: it amends "
                       r"《中华人民共和国甲法》、《中华人民共和国刑法》、《中华人民共和国乙法》$"):
        synthetic("omnibus-sections.md", target="中华人民共和国丙法")


def test_omnibus_decision_items_naming_the_law() -> None:
    instrument = synthetic("omnibus-named.md", target="中华人民共和国刑法")
    assert [item.label for item in instrument.items] == ["二", "四"]
    assert [(op.kind, op.article, op.new_term) for op in instrument.items[0].operations] == [
        ("replace_term", "381", "征收、征用"), ("replace_term", "410", "征收、征用")]
    assert instrument.in_force == datetime.date(2030, 8, 27)
    with pytest.raises(ParseError, match="does not amend 《中华人民共和国丙法》"):
        synthetic("omnibus-named.md", target="中华人民共和国丙法")


@pytest.mark.parametrize("law", ["刑法", "本法", "该法", "《中华人民共和国刑法》", "《刑法》", ""])
def test_law_name_forms(law: str) -> None:
    (item,) = parse_instructions([f"一、将{law}第二百条修改为：“新的第二百条。”"], "changes.md", 10)
    (op,) = item.operations
    assert (op.kind, op.article, op.new_text) == ("replace_article", "200", ("新的第二百条。",))


def test_proposal_changes_section() -> None:
    blocks = [
        "对刑法作如下修改：",
        "1. 将刑法第二百五十三条之一第一款修改为：“违反国家有关规定，向他人出售或者提供公民个人信息的，处罚金。”",
        "2. 在刑法第二百五十三条之一中增加一款作为第五款：",
        "“本条所称公民个人信息，依照《中华人民共和国个人信息保护法》的规定确定。”",
        "原第四款作为第五款。",
    ]
    first, second = parse_instructions(blocks, "proposals/pi.md", 20)
    assert (first.number, first.label, first.line, second.line) == (1, "1", 22, 24)
    assert [(op.kind, op.article, op.paragraphs) for op in first.operations] == [("replace_paragraphs", "253-1", (1,))]
    assert [(op.kind, op.paragraphs, op.new_number) for op in second.operations] == [
        ("insert_paragraphs", (5,), None), ("renumber_paragraph", (4,), 5)]
    assert second.operations[0].new_text == ("本条所称公民个人信息，依照《中华人民共和国个人信息保护法》的规定确定。",)


def test_unknown_operation_kind() -> None:
    with pytest.raises(ValueError, match="'rewrite' is not a valid OpKind"):
        Operation("rewrite", "1")


# --- malformed input ---------------------------------------------------------------------------------


def instrument_text(*items: str) -> str:
    """Return an instrument whose items start on lines 7, 9, 11, … (one block each)."""
    return "# 中华人民共和国刑法修正案（九十九）\n\n2099年1月1日 会议通过\n\n<!-- INFO END -->\n\n" + "\n\n".join(items)


def test_unreadable_instruction_names_file_line_and_item() -> None:
    text = instrument_text("一、删去刑法第一百条。", "二、删去刑法第二百条。", "三、将刑法第一百条搞成：“某某。”")
    with pytest.raises(ParseError) as error:
        parse_instrument(text, "amendment-99.md")
    assert str(error.value) == 'amendment-99.md:11: item 三: cannot read instruction: "将刑法第一百条搞成…"'
    assert (error.value.path, error.value.line) == ("amendment-99.md", 11)


@pytest.mark.parametrize(("item", "message"), [
    ("一、在刑法第一百条中增加两款作为第二款：“甲。”", '"在刑法第一百条中增加两款作为第二款：" adds 两 but numbers 1'),
    ("一、将刑法第一百条修改为：", '"将刑法第一百条修改为：" is not followed by the new text'),
    ("一、将刑法第一百条修改为：\n\n原第二款作为第三款。", '"将刑法第一百条修改为：" is not followed by the new text'),
    ("一、原第二款作为第三款。", '"原第二款作为第三款" does not say which article it amends'),
    ("一、增加一款作为第四款：“甲。”", '"增加一款作为第四款：" does not say which article it amends'),
    ("一、将刑法第一百条第一款、第二款修改为：“甲。”", "names 2 paragraph(s) but the quoted text has 1"),
    ("一、在刑法第一百条后增加一条，作为第二百条之一：“甲。”", "a new article after 第一百条 cannot be 第二百条之一"),
    ("一、在刑法第一百条后增加两条，作为第一百条之一、第一百条之二：“甲。\n\n“乙。”",
     "the quoted text of 第一百条之一 does not start with its number"),
    ("一、将刑事诉讼法第一百条修改为：“甲。”", "names another law: 刑事诉讼法 (expected 刑法 or 本法)"),
    ("一、将刑法第十一百条修改为：“甲。”", "not a Chinese numeral: '十一百' (units out of order) in \"将刑法第十一百条修改为：\""),
    ("一、将刑法第一百条中的“”修改为“乙”。", "replaces an empty term"),
])
def test_malformed_instructions(item: str, message: str) -> None:
    with pytest.raises(ParseError, match=r"^amendment-99\.md:7: item 一: ") as error:
        parse_instrument(instrument_text(item), "amendment-99.md")
    assert message in str(error.value)


@pytest.mark.parametrize(("text", "message"), [
    ("中华人民共和国刑法修正案\n\n<!-- INFO END -->\n\n一、删去刑法第一百条。", "<string>:1: expected the title"),
    ("# 中华人民共和国刑法修正案\n\n2099年1月1日 会议通过\n\n一、删去刑法第一百条。", "<string>:2: expected a line <!-- INFO"),
])
def test_malformed_instrument(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=f"^{message}"):
        parse_instrument(text)


@given(number=st.sampled_from(NUMBERS), where=st.floats(0, 1), at=st.floats(0, 1),
       edit=st.sampled_from(["delete", "cut", *"“”：，。第条款项之将在删去原增加修改为"]))
def test_damaged_instruments_fail_only_with_parse_errors(number: int, where: float, at: float, edit: str) -> None:
    """Whatever a damaged source says, the parser reads it or names the place it cannot read — nothing else."""
    lines = (AMENDMENTS / f"amendment-{number:02d}.md").read_text(encoding="utf-8").split("\n")
    i = 6 + int(where * (len(lines) - 7))
    k = int(at * len(lines[i]))
    lines[i] = {"delete": lines[i][:k] + lines[i][k + 1:], "cut": lines[i][:k]}.get(edit, lines[i][:k] + edit + lines[i][k:])
    try:
        parse_instrument("\n".join(lines), "damaged.md")
    except ParseError as error:
        assert error.path == "damaged.md" and error.line
