"""Charge names (罪名) as data — a casebook.

Each case states what the charge documents say about an article on a date and cites the lines of
``corpus/charges/`` that say it. The same cases are checked twice: against the shipped table
(``statutes/criminal-law/charges.yaml``, no corpus needed — the names, and that each name's source is the line
cited) and, where the corpus is beside the checkout, against the corpus itself (the line cited says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, STATUTES
from typer.testing import CliRunner

from lawdiff.analysis.charges import (
    ChargeTable,
    ProvisionRef,
    dump,
    load_charges,
    parse_provisions,
    read_corpus,
    write_charges,
)
from lawdiff.cli import app
from lawdiff.errors import ParseError, UnknownReference
from lawdiff.library import Library

CHARGES = CORPUS / "charges"
SHIPPED = STATUTES / "criminal-law" / "charges.yaml"
needs_corpus = pytest.mark.skipif(not CHARGES.is_dir(), reason=f"the corpus is not beside the checkout ({CHARGES})")
D = dt.date
TODAY = D(2026, 1, 1)  # after the last document (supplement VIII, in force 2024-03-01)

OPINION = "1997-12-25-spp-opinion.md"
SUP = {1: "2002-03-15-supplement-1.md", 2: "2003-08-15-supplement-2.md", 3: "2007-10-25-supplement-3.md",
       4: "2009-10-14-supplement-4.md", 5: "2011-04-27-supplement-5.md", 6: "2015-10-30-supplement-6.md",
       7: "2021-02-26-supplement-7.md", 8: "2024-01-30-supplement-8.md"}


@pytest.fixture(scope="module")
def table() -> ChargeTable:
    return Library(REPO).charges("criminal-law")


@dataclass(frozen=True)
class Case:
    statement: str
    article: str
    date: dt.date
    names: frozenset[str]  # the names in force then, no more and no fewer
    cites: tuple[tuple[str, int, str], ...]  # (file in corpus/charges, line, words that line holds)
    paragraph: int | None = None

    def __str__(self) -> str:
        return f"{self.article}@{self.date}"


def case(statement: str, article: str, date: dt.date, names: set[str], *cites: tuple[str, int, str],
         paragraph: int | None = None) -> Case:
    return Case(statement, article, date, frozenset(names), cites, paragraph)


CASEBOOK = [
    case("Art. 253-1 has one name, 侵犯公民个人信息罪, given by supplement VI, which took effect on 2015-11-01 and "
         "cancelled the two names of supplement IV",
         "253-1", TODAY, {"侵犯公民个人信息罪"},
         (SUP[6], 17, "第二百五十三条之一 （《刑法修正案（九）》第十七条） |侵犯公民个人信息罪 （取消出售、非法提供公民个人信息罪和非法获取公民个人信息罪罪名）"),
         (SUP[6], 44, "本规定自2015年11月1日起施行")),
    case("On 2012-01-01 Art. 253-1 had two names, one per paragraph, given by supplement IV (in force 2009-10-16)",
         "253-1", D(2012, 1, 1), {"出售、非法提供公民个人信息罪", "非法获取公民个人信息罪"},
         (SUP[4], 20, "第253条之一第1款 （《刑法修正案（七）》第7条第1款） |出售、非法提供公民个人信息罪"),
         (SUP[4], 21, "第253条之一第2款 （《刑法修正案（七）》第7条第2款） |非法获取公民个人信息罪"),
         (SUP[4], 7, "2009年10月16日 施行")),
    case("the last day of supplement IV's names is the day before supplement VI took effect",
         "253-1", D(2015, 10, 31), {"出售、非法提供公民个人信息罪", "非法获取公民个人信息罪"},
         (SUP[4], 20, "出售、非法提供公民个人信息罪"), (SUP[4], 21, "非法获取公民个人信息罪"),
         (SUP[6], 44, "本规定自2015年11月1日起施行")),
    case("Art. 277 keeps 妨害公务罪, listed by the 1997 opinion for the whole article, beside 袭警罪, which "
         "supplement VII gives its paragraph 5: a row for a paragraph leaves the whole article's names",
         "277", TODAY, {"妨害公务罪", "袭警罪"},
         (OPINION, 65, "198．妨害公务罪（第277条）"),
         (SUP[7], 21, "第二百七十七条第五款 （《刑法修正案（十一）》第三十一条） |袭警罪")),
    case("before supplement VII took effect (2021-03-01) Art. 277 had one name",
         "277", D(2021, 2, 28), {"妨害公务罪"}, (OPINION, 65, "妨害公务罪（第277条）"),
         (SUP[7], 39, "本规定自2021年3月1日起施行")),
    case("Art. 134: 重大责任事故罪 (the whole article) stays beside the names of paragraph 2, which supplement VII "
         "changed from 强令违章冒险作业罪 (supplement III) to 强令、组织他人违章冒险作业罪",
         "134", TODAY, {"重大责任事故罪", "强令、组织他人违章冒险作业罪"},
         (OPINION, 17, "49．重大责任事故罪（第134条）"),
         (SUP[7], 13, "第一百三十四条第二款 （《刑法修正案（十一）》第三条） |强令、组织他人违章冒险作业罪 （取消强令违章冒险作业罪罪名）")),
    case("Art. 134 from supplement III until supplement VII", "134", D(2010, 1, 1),
         {"重大责任事故罪", "强令违章冒险作业罪"}, (OPINION, 17, "重大责任事故罪（第134条）"),
         (SUP[3], 16, "第134条第2款 （《刑法修正案（六）》第1条第2款） |强令违章冒险作业罪")),
    case("Art. 180: 内幕交易、泄露内幕信息罪 (whole article) and, from supplement IV, 利用未公开信息交易罪 (para 4)",
         "180", TODAY, {"内幕交易、泄露内幕信息罪", "利用未公开信息交易罪"},
         (OPINION, 35, "99．内幕交易、泄露内幕信息罪（第180条）"),
         (SUP[4], 17, "第180条第4款 （《刑法修正案（七）》第2条第2款） |利用未公开信息交易罪")),
    case("Art. 164: supplement III renamed the whole article's offence and supplement V added paragraph 2's",
         "164", TODAY, {"对非国家工作人员行贿罪", "对外国公职人员、国际公共组织官员行贿罪"},
         (SUP[3], 22, "第164条 （《刑法修正案（六）》第8条） |对非国家工作人员行贿罪（取消对公司、企业人员行贿罪罪名）"),
         (SUP[5], 18, "第一百六十四条第二款 （《刑法修正案（八）》第二十九条第二款） |对外国公职人员、国际公共组织官员行贿罪")),
    case("Art. 151(1) has three names", "151", TODAY, {"走私武器、弹药罪", "走私核材料罪", "走私假币罪"},
         (OPINION, 27, "64．走私武器、弹药罪（第151条第1款） 65．走私核材料罪（第151条第1款） 66．走私假币罪（第151条第1款）"),
         paragraph=1),
    case("嫖宿幼女罪 was cancelled by supplement VI without a successor: on its last day it was still a name of "
         "Art. 360(2)", "360", D(2015, 10, 31), {"嫖宿幼女罪"}, (OPINION, 93, "311．嫖宿幼女罪（第360条第2款）"),
         paragraph=2),
    case("… and from 2015-11-01 paragraph 2 of Art. 360 has no name", "360", D(2015, 11, 1), set(),
         (SUP[6], 38, "第三百六十条第二款 （《刑法修正案（九）》第四十三条） |取消嫖宿幼女罪罪名"),
         (SUP[6], 44, "本规定自2015年11月1日起施行"), paragraph=2),
    case("偷税罪 was the name of Art. 201 until supplement IV took effect", "201", D(2009, 10, 15), {"偷税罪"},
         (OPINION, 43, "118．偷税罪（第201条）"), (SUP[4], 7, "2009年10月16日 施行")),
    case("… and 逃税罪 from then on", "201", D(2009, 10, 16), {"逃税罪"},
         (SUP[4], 18, "第201条 （《刑法修正案（七）》第3条） |逃税罪 （取消偷税罪罪名）")),
    case("a cancellation reaches a name listed under another article: supplement II's row for Art. 152(2) "
         "cancels 走私固体废物罪 of the former Art. 155(3)", "155", D(2003, 8, 21), set(),
         (OPINION, 27, "73．走私固体废物罪（第155条第3项）"),
         (SUP[2], 16, "第152条第2款 （《刑法修正案（四）》第2条） |走私废物罪（取消刑法原第155条第3项走私固体废物罪罪名）"),
         (SUP[2], 7, "2003年8月21日 施行")),
    case("a row with a cancellation ends only the cancelled name: supplement VI's row for the whole of Art. 410 "
         "cancels one of its two names", "410", TODAY, {"非法批准征收、征用、占用土地罪", "非法低价出让国有土地使用权罪"},
         (OPINION, 109, "370．非法低价出让国有土地使用权罪（第410条）"),
         (SUP[6], 41, "第四百一十条 （《全国人民代表大会常务委员会关于修改部分法律的决定》第二条） |非法批准征收、征用、占用土地罪 （取消非法批准征用、占用土地罪罪名）")),
    case("a row without a cancellation replaces the names of exactly its provisions: Art. 127 after supplement I",
         "127", D(2002, 3, 26), {"盗窃、抢夺枪支、弹药、爆炸物、危险物质罪", "抢劫枪支、弹药、爆炸物、危险物质罪"},
         (SUP[1], 16, "第127条第1款、第2款（《修正案（三）》第6条第1款、第2款） |盗窃、抢夺枪支、弹药、爆炸物、危险物质罪"),
         (SUP[1], 17, "第127条第2款（《修正案（三）》第6条第2款） |抢劫枪支、弹药、爆炸物、危险物质罪"),
         (SUP[1], 5, "自2002年3月26日起施行")),
    case("supplement I names the whole of Art. 236 强奸罪 and cancels 奸淫幼女罪 (paragraph 2)", "236", TODAY, {"强奸罪"},
         (SUP[1], 26, "第236条 |强奸罪（取消奸淫幼女罪罪名）")),
    case("Art. 169 since supplement VIII, the one document written in prose", "169", TODAY,
         {"徇私舞弊低价折股、出售公司、企业资产罪"},
         (SUP[8], 17, "的罪名由“徇私舞弊低价折股、出售国有资产罪”修改为“徇私舞弊低价折股、出售公司、企业资产罪”"),
         (SUP[8], 19, "本规定自2024年3月1日起施行")),
    case("the 1997 opinion's first entry of chapter 2 has lost its number (13) but is read", "114", D(2000, 1, 1),
         {"放火罪", "决水罪", "爆炸罪", "投毒罪", "以危险方法危害公共安全罪"},
         (OPINION, 15, "放火罪（第114条、第115条第1款） 14．决水罪（第114条、第115条第1款）")),
    case("supplement I's row with an empty 刑法条文 cell continues the row above (Art. 291-1)", "291-1", D(2003, 1, 1),
         {"投放虚假危险物质罪", "编造、故意传播虚假恐怖信息罪"},
         (SUP[1], 27, "第291条之一（《修正案（三）》第8条） |投放虚假危险物质罪"),
         (SUP[1], 28, "| |编造、故意传播虚假恐怖信息罪 |")),
    case("names broken by a stray space in supplement VII are read whole", "219-1", TODAY,
         {"为境外窃取、刺探、收买、非法提供商业秘密罪"},
         (SUP[7], 19, "|为境外窃取、刺探、收买、非法提供 商业秘密罪 |")),
    case("supplement IV's second table starts with a data row in the header's place (Art. 375(2))", "375", TODAY,
         {"伪造、变造、买卖武装部队公文、证件、印章罪", "盗窃、抢夺武装部队公文、证件、印章罪",
          "非法生产、买卖武装部队制式服装罪", "伪造、盗窃、买卖、非法提供、非法使用武装部队专用标志罪"},
         (OPINION, 101, "328．伪造、变造、买卖武装部队公文、证件、印章罪（第375条第1款） 329．盗窃、抢夺武装部队公文、证件、印章罪（第375条第1款）"),
         (SUP[4], 29, "| 第375条第2款 （《刑法修正案（七）》第12条第1款） |非法生产、买卖武装部队制式服装罪"),
         (SUP[4], 31, "|伪造、盗窃、买卖、非法提供、非法使用武装部队专用标志罪")),
]


def _document(table: ChargeTable, file: str) -> str:
    return next(d.id for d in table.documents.values() if d.file == f"charges/{file}")


@pytest.mark.parametrize("c", CASEBOOK, ids=str)
def test_casebook_on_the_shipped_table(table: ChargeTable, c: Case) -> None:
    found = table.at(c.date, c.article, c.paragraph)
    assert {x.name for x in found} == c.names, c.statement
    cited = {(_document(table, file), line) for file, line, _ in c.cites}
    for entry in found:  # each name comes from a line the case cites
        assert (entry.source.document, entry.source.line) in cited, f"{entry.name}: {entry.source}"


@needs_corpus
@pytest.mark.parametrize("c", CASEBOOK, ids=str)
def test_casebook_sources_say_so(c: Case) -> None:
    for file, line, words in c.cites:
        text = (CHARGES / file).read_text(encoding="utf-8").splitlines()[line - 1]
        assert words in text, f"{file}:{line} does not say {words!r}"


# --- periods and replacements -----------------------------------------------------------------

def test_253_1_history_replacement_ends_both_names_the_day_before(table: ChargeTable) -> None:
    (now,) = table.current("253-1")
    assert (now.name, now.start, now.end, now.provisions) == ("侵犯公民个人信息罪", D(2015, 11, 1), None,
                                                            (ProvisionRef("253-1"),))
    assert now.basis == "《刑法修正案（九）》第十七条"
    earlier = table.history("253-1")
    assert [(c.name, c.provisions, c.start, c.end) for c, _ in earlier] == [
        ("出售、非法提供公民个人信息罪", (ProvisionRef("253-1", 1),), D(2009, 10, 16), D(2015, 10, 31)),
        ("非法获取公民个人信息罪", (ProvisionRef("253-1", 2),), D(2009, 10, 16), D(2015, 10, 31))]
    assert all(after == [now] for _, after in earlier)
    assert {c.name for c in table.predecessors(now)} == {"出售、非法提供公民个人信息罪", "非法获取公民个人信息罪"}


def test_abolished_name_ends_on_the_day_before_and_has_no_successor(table: ChargeTable) -> None:
    (entry,) = [c for c in table.charges if c.name == "嫖宿幼女罪"]
    assert entry.end == D(2015, 10, 31)
    assert entry.ended_by is not None and (entry.ended_by.document, entry.ended_by.line) == ("supplement-6", 38)
    assert table.successors(entry) == []
    assert table.lookup(D(2016, 1, 1), "360").notes == (
        "嫖宿幼女罪 (第三百六十条第二款) was abolished from 2015-11-01 by supplement VI (line 38)",)


def test_restated_name_with_new_provisions_moves_and_with_the_same_stays(table: ChargeTable) -> None:
    rape = [(c.provisions, c.start, c.end) for c in table.of("236") if c.name == "强奸罪"]
    assert rape == [((ProvisionRef("236", 1),), D(1997, 12, 25), D(2002, 3, 25)),
                    ((ProvisionRef("236"),), D(2002, 3, 26), None)]
    (kept,) = [c for c in table.charges if c.name == "民事、行政枉法裁判罪"]
    assert (kept.start, kept.end, kept.notes) == (D(1997, 12, 25), None, ("restated by supplement I, line 31",))


def test_names_only_the_spc_used_are_reported_not_invented(table: ChargeTable) -> None:
    unresolved = [(n.document, n.line, n.article) for n in table.notes if "no earlier document" in n.text]
    assert unresolved == [("supplement-1", 31, "399"), ("supplement-1", 32, "406")]
    assert all(c.name != "枉法裁判罪" for c in table.charges)


def test_the_foreign_exchange_decision_is_not_an_article_of_the_criminal_law(table: ChargeTable) -> None:
    (entry,) = [c for c in table.charges if c.name == "骗购外汇罪"]
    assert entry.provisions[0].instrument is not None and entry.articles == ()
    assert table.at(TODAY, "1") == []


def test_shipped_table_counts(table: ChargeTable) -> None:
    # 483 names after supplement VII (VIII only renamed one): the figure usually cited for today's Criminal Law.
    assert len(table.current()) == len(table.at(TODAY)) == len({c.name for c in table.at(TODAY)}) == 483
    assert len(table.articles(TODAY)) == 363  # Art. 155 lost its only name
    assert set(table.articles()) - set(table.articles(TODAY)) == {"155"}


# --- what the documents leave open --------------------------------------------------------------

def test_between_an_amendment_and_the_supplement_no_name_was_fixed(table: ChargeTable) -> None:
    found = table.lookup(D(2009, 5, 1), "253-1")
    assert found.charges == ()
    assert found.notes == (
        "no charge name had been fixed yet for 第二百五十三条之一第一款, made by 《刑法修正案（七）》第7条第1款 "
        "(Amendment VII, in force 2009-02-28): supplement IV named it 出售、非法提供公民个人信息罪 from 2009-10-16 "
        "(line 20)",
        "no charge name had been fixed yet for 第二百五十三条之一第二款, made by 《刑法修正案（七）》第7条第2款 "
        "(Amendment VII, in force 2009-02-28): supplement IV named it 非法获取公民个人信息罪 from 2009-10-16 "
        "(line 21)")


def test_a_name_kept_after_its_provision_changed_is_flagged(table: ChargeTable) -> None:
    found = table.lookup(D(2009, 5, 1), "201")
    assert [c.name for c in found.charges] == ["偷税罪"]
    assert found.notes == ("偷税罪 was still the name on 2009-05-01, though 《刑法修正案（七）》第3条 (Amendment VII, in "
                           "force 2009-02-28) had changed 第二百零一条: supplement IV replaced it by 逃税罪 from "
                           "2009-10-16 (line 18)",)


def test_before_the_amendment_the_provision_did_not_exist(table: ChargeTable) -> None:
    notes = table.lookup(D(2005, 1, 1), "253-1").notes
    assert notes[0].startswith("第二百五十三条之一第一款 was not yet in force on 2005-01-01: made by "
                               "《刑法修正案（七）》第7条第1款 (Amendment VII, in force 2009-02-28)")


def test_before_the_first_document_no_name_was_fixed(table: ChargeTable) -> None:
    found = table.lookup(D(1997, 11, 1), "253")
    assert found.charges == ()
    assert found.notes[0].startswith("1997-11-01 is before the first charge document in the corpus (SPP opinion "
                                     "(1997), from 1997-12-25)")
    assert "法释〔1997〕9号" in found.notes[0]


def test_no_gap_where_amendment_and_supplement_took_effect_together(table: ChargeTable) -> None:
    assert table.lookup(D(2021, 3, 1), "277").notes == ()  # Amendment XI and supplement VII: both 2021-03-01
    assert table.lookup(D(2015, 11, 1), "253-1").notes == ()  # Amendment IX and supplement VI: both 2015-11-01


# --- the corpus, read whole -------------------------------------------------------------------

@needs_corpus
def test_every_entry_of_the_1997_opinion_is_read() -> None:
    table = read_corpus(CHARGES)
    lines = (CHARGES / OPINION).read_text(encoding="utf-8").splitlines()
    # Independent count: every entry, numbered or not, ends in 罪 followed by its citation （第…）.
    per_line = {n: text.count("罪（第") for n, text in enumerate(lines, 1) if "罪（第" in text}
    read = Counter(c.source.line for c in table.charges if c.source.document == "spp-opinion-1997")
    assert read == per_line
    numbers = [int(n) for n in re.findall(r"(\d+)．", "\n".join(lines))]
    assert sum(per_line.values()) == numbers[-1] == len(numbers) + 1  # one entry (放火罪, line 15) lost its number
    assert [n.line for n in table.notes if "without its number" in n.text] == [15]


@needs_corpus
def test_every_row_of_every_supplement_is_read() -> None:
    table = read_corpus(CHARGES)
    for number, file in SUP.items():
        doc = f"supplement-{number}"
        lines = (CHARGES / file).read_text(encoding="utf-8").splitlines()
        rows = [n for n, text in enumerate(lines, 1)
                if (text.startswith("|") and "罪" in text and "刑法条文" not in text) or "的罪名由“" in text]
        used = {c.source.line for c in table.charges if c.source.document == doc}
        used |= {c.ended_by.line for c in table.charges if c.ended_by and c.ended_by.document == doc}
        used |= {int(m) for c in table.charges for note in c.notes
                 for m in re.findall(rf"by {table.documents[doc].label}, line (\d+)", note)}
        assert used == set(rows), file
        for c in table.charges:  # every name read is on its line (stray spaces aside)
            if c.source.document == doc:
                assert c.name in lines[c.source.line - 1].replace(" ", ""), (file, c.source.line, c.name)


@needs_corpus
def test_each_document_takes_effect_on_the_date_its_file_states() -> None:
    table = read_corpus(CHARGES)
    assert {d.id: (d.effective, d.effective_basis.split(":")[0]) for d in table.documents.values()} == {
        "spp-opinion-1997": (D(1997, 12, 25), "no 施行 or publication date in the file (only its adoption)"),
        "supplement-1": (D(2002, 3, 26), "施行 date stated on line 5"),
        "supplement-2": (D(2003, 8, 21), "施行 date stated on line 7"),
        "supplement-3": (D(2007, 11, 6), "施行 date stated on line 7"),
        "supplement-4": (D(2009, 10, 16), "施行 date stated on line 7"),
        "supplement-5": (D(2011, 5, 1), "施行 date stated on line 7"),
        "supplement-6": (D(2015, 11, 1), "施行 date stated on line 44"),
        "supplement-7": (D(2021, 3, 1), "施行 date stated on line 39"),
        "supplement-8": (D(2024, 3, 1), "施行 date stated on line 19"),
    }


@needs_corpus
def test_regenerating_the_charges_is_byte_identical(tmp_path: Path) -> None:
    out = write_charges(CHARGES, tmp_path / "charges.yaml")
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert write_charges(CHARGES, tmp_path / "again.yaml").read_bytes() == out.read_bytes()


def test_the_shipped_table_round_trips_through_the_loader() -> None:
    assert dump(load_charges(SHIPPED)) == SHIPPED.read_text(encoding="utf-8")


def test_unreadable_opinion_line_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "charges"
    folder.mkdir()
    (folder / "1997-12-25-spp-opinion.md").write_text(
        "# 意见\n\n<!-- INFO END -->\n\n1．背叛国家罪（第102条） 2．分裂国家罪（第103条第X款）\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"charges/1997-12-25-spp-opinion.md:5: cannot read the provisions "
                                         r"'第103条第X款'"):
        read_corpus(folder)


@pytest.mark.parametrize(("text", "labels"), [
    ("第114条、第115条第1款", ["第一百一十四条", "第一百一十五条第一款"]),
    ("第127条第1款、第2款", ["第一百二十七条第一款", "第一百二十七条第二款"]),
    ("第253条之一第1款", ["第二百五十三条之一第一款"]),
    ("第二百三十七条第一款、第二款", ["第二百三十七条第一款", "第二百三十七条第二款"]),
    ("第155条第3项", ["第一百五十五条第三项"]),
    ("第371条第2条", ["第三百七十一条第二款"]),  # the opinion's slip for 第2款
])
def test_provision_cells(text: str, labels: list[str]) -> None:
    assert [p.label for p in parse_provisions(text)] == labels
    assert [ProvisionRef.parse(label) for label in labels] == parse_provisions(text)


def test_only_the_criminal_law_has_a_charges_table() -> None:
    with pytest.raises(UnknownReference, match="no charges table for cybersecurity-law"):
        Library(REPO).charges("cybersecurity-law")


# --- the command ------------------------------------------------------------------------------

def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["charges", *args, "--root", str(REPO)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_article_current_and_earlier_names() -> None:
    assert run("253-1") == (0, """\
第二百五十三条之一: charge names
  第二百五十三条之一  侵犯公民个人信息罪  2015-11-01 – now  supplement VI, line 17
earlier names
  第二百五十三条之一第一款  出售、非法提供公民个人信息罪  2009-10-16 – 2015-10-31  supplement IV, line 20 → 侵犯公民个人信息罪 (supplement VI, line 17)
  第二百五十三条之一第二款  非法获取公民个人信息罪  2009-10-16 – 2015-10-31  supplement IV, line 21 → 侵犯公民个人信息罪 (supplement VI, line 17)
""", "")
    assert run("第二百五十三条之一")[1] == run("253-1")[1]


def test_cli_article_on_a_date() -> None:
    assert run("253-1", "--at", "2012-01-01") == (0, """\
第二百五十三条之一 on 2012-01-01
  第二百五十三条之一第一款  出售、非法提供公民个人信息罪  2009-10-16 – 2015-10-31  supplement IV, line 20
  第二百五十三条之一第二款  非法获取公民个人信息罪  2009-10-16 – 2015-10-31  supplement IV, line 21
""", "")


def test_cli_paragraph_and_whole_article_names() -> None:
    assert run("277", "--paragraph", "5", "--at", "2021-03-01") == (0, """\
第二百七十七条第五款 on 2021-03-01
  第二百七十七条  妨害公务罪  1997-12-25 – now  SPP opinion (1997), line 65
  第二百七十七条第五款  袭警罪  2021-03-01 – now  supplement VII, line 21
""", "")


def test_cli_gap_is_said_not_filled() -> None:
    code, out, _ = run("253-1", "--at", "2009-05-01")
    assert code == 0
    assert out.splitlines()[:2] == ["第二百五十三条之一 on 2009-05-01", "  no charge name"]
    assert out.count("note: no charge name had been fixed yet") == 2


def test_cli_whole_table() -> None:
    code, out, _ = run()
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "criminal-law: 546 entries (a name for a period) from 9 documents"
    assert lines[1] == "  第一百零二条  背叛国家罪  1997-12-25 – now  SPP opinion (1997), line 11"
    assert "  supplement VI: charges/2015-10-30-supplement-6.md — " \
           "最高人民法院、最高人民检察院关于执行《中华人民共和国刑法》确定罪名的补充规定（六）, from 2015-11-01" in lines
    assert len([line for line in run("--at", "2026-01-01")[1].splitlines() if " – now " in line]) == 483


@pytest.mark.parametrize(("args", "message"), [
    (["999"], f"error: {STATUTES / 'criminal-law' / 'zho@2023-12-29.xml'}: no article 999 (第九百九十九条) in "
              "中华人民共和国刑法\n"),
    (["abc"], "error: not an article number: 'abc' (expected e.g. 253-1 or 第二百五十三条之一)\n"),
    (["253-1", "--at", "2021-02-30"], "error: not a date: '2021-02-30' (expected a real date as YYYY-MM-DD: day is out of range for month)\n"),
    (["253-1", "--paragraph", "9"], f"error: {STATUTES / 'criminal-law' / 'zho@2023-12-29.xml'}: no paragraph 9 "
                                    "in 第二百五十三条之一 and no charge name listed for it\n"),
    (["--paragraph", "2"], "error: --paragraph needs an article\n"),
    (["253-1", "--law", "cybersecurity-law"], f"error: {STATUTES / 'cybersecurity-law' / 'charges.yaml'}: no "
                                              "charges table for cybersecurity-law (only the Criminal Law has one: "
                                              "statutes/criminal-law/charges.yaml)\n"),
])
def test_cli_errors_are_one_line(args: list[str], message: str) -> None:
    assert run(*args) == (1, "", message)
