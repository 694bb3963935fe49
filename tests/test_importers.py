"""National-database Markdown ⇄ AKN: lossless round trips, counts, schema validity, irregularities."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import CONSOLIDATED, CORPUS, STATUTES, law_files
from lxml import etree

from lawdiff.akn.model import Statute, schema_errors
from lawdiff.catalog import LAWS, import_law, regenerate
from lawdiff.errors import ParseError
from lawdiff.importing.markdown import export_markdown, import_markdown, irregularities

#: The date given (as `lawdiff import law --date` would) to the few files with no date in the header or the name.
GIVEN_DATE = dt.date(2000, 1, 1)


def _import(path: Path) -> Statute:
    law = next((law for law in LAWS if CORPUS / law.source == path), None)
    if law:
        return import_law(law, CORPUS)
    text = path.read_text(encoding="utf-8")
    try:
        return import_markdown(text, path=str(path), name=path.stem)
    except ParseError as exc:
        if "no date in the header or the file name" not in exc.message:
            raise
    return import_markdown(text, path=str(path), name=path.stem, work_date=GIVEN_DATE, expression_date=GIVEN_DATE)


@pytest.mark.parametrize("path", law_files(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    source = path.read_bytes()
    statute = _import(path)
    # Through the serialised XML, as `import` then `export` would do it.
    reread = Statute.parse(statute.to_bytes(), "reread.xml")
    assert export_markdown(reread).encode("utf-8") == source
    assert schema_errors(reread.root) == []


def test_every_corpus_law_file_is_covered() -> None:
    files = law_files()
    names = {p.name for p in files}
    assert "consolidated-2020-12-26.md" in names
    # The Criminal Law (2), 5 related laws, the Civil Code (whole + 8 books), 6 interpretations on temporal effect,
    # the training material: 49 pairs, 16 interpretations before and after, and the SPC's decision itself.
    assert len(files) == 2 + 5 + 9 + 6 + 98 + 32 + 1


@pytest.mark.parametrize("path", law_files(), ids=lambda p: p.name)
def test_xml_to_markdown_to_xml_is_stable(path: Path) -> None:
    first = _import(path)
    work_date = first.root.xpath("//a:FRBRWork/a:FRBRdate/@date", namespaces={"a": first.root.nsmap[None]})[0]
    second = import_markdown(export_markdown(first), path="again", name=first.name,
                             work_date=dt.date.fromisoformat(work_date), expression_date=first.expression_date,
                             authority=first.root.xpath("string(//a:FRBRWork/a:FRBRauthor/@href)",
                                                        namespaces={"a": first.root.nsmap[None]})[1:])
    assert etree.tostring(etree.ElementTree(first.root), method="c14n2") == \
        etree.tostring(etree.ElementTree(second.root), method="c14n2")


def _source_counts(path: Path) -> dict[str, int]:
    """Count articles, 之N articles, paragraphs, points and the items of points (目: 1. 2. … after a point) by a
    plain scan of the source lines."""
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    counts = {"articles": 0, "sub_articles": 0, "paragraphs": 0, "points": 0, "point_items": 0}
    in_article = in_point = False
    for line in body.split("\n"):
        if not line:
            continue
        if line.startswith("#") or re.fullmatch(r"第[一二三四五六七八九十]+(分编|编|章|节)\s+\S+", line) \
                or re.fullmatch(r"[一二三四五六七八九十]+、[^，。；：,;:“”《\s]{1,30}", line):  # 三、技术转让合同
            in_article = in_point = False
        elif re.match(r"第[一二三四五六七八九十百千零]+条(之[一二三四五六七八九十]+)?[ 　]", line):
            in_article, in_point = True, False
            counts["articles"] += 1
            counts["sub_articles"] += "之" in line.split(" ", 1)[0]
            counts["paragraphs"] += 1
        elif in_article and re.match(r"（[一二三四五六七八九十]+）", line):
            in_point = True
            counts["points"] += 1
        elif in_point and re.match(r"(\d{1,2}[.．]|[⒈-⒛])", line):
            counts["point_items"] += 1
        elif in_article:
            in_point = False
            counts["paragraphs"] += 1
    return counts


def _model_counts(statute: Statute) -> dict[str, int]:
    articles = list(statute.articles())
    points = [pt for a in articles for p in a.paragraphs() for pt in p.points()]
    return {
        "articles": len(articles),
        "sub_articles": sum("之" in a.num for a in articles),
        "paragraphs": sum(len(a.paragraphs()) for a in articles),
        "points": len(points),
        "point_items": sum(len(pt.lines()) - 1 for pt in points),
    }


@pytest.mark.parametrize("path", law_files(), ids=lambda p: p.name)
def test_counts_equal_the_source(path: Path) -> None:
    assert _model_counts(_import(path)) == _source_counts(path)


def test_criminal_law_counts() -> None:
    statute = Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml")
    counts = _model_counts(statute)
    assert counts["articles"] == 505
    assert counts["articles"] - counts["sub_articles"] == 452
    assert len(statute.article("253-1").paragraphs()) == 4
    print("criminal law:", counts)


def test_shipped_statutes_are_schema_valid_and_carry_metadata() -> None:
    files = sorted(STATUTES.glob("*/zho@*.xml"))
    assert len(files) == len(LAWS) + sum(len(law.earlier) for law in LAWS)  # earlier consolidations kept too
    for f in files:
        statute = Statute.load(f)
        assert schema_errors(statute.root, str(f)) == []
        assert statute.language == "zho"
    criminal = Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml")
    assert criminal.work_uri == "/akn/cn/act/1979-07-01/criminal-law"
    assert criminal.expression_uri == "/akn/cn/act/1979-07-01/criminal-law/zho@2020-12-26"
    assert criminal.expression_date.isoformat() == "2020-12-26"
    # one lifecycle event per history line of the source header
    events = criminal.root.xpath("//a:lifecycle/a:eventRef", namespaces={"a": criminal.root.nsmap[None]})
    assert len(events) == len(criminal.history) == 15


def test_regenerating_statutes_is_byte_identical(tmp_path: Path) -> None:
    written = regenerate(tmp_path / "statutes", CORPUS, STATUTES / "translations")
    assert written
    for out in written:
        shipped = STATUTES / out.relative_to(tmp_path / "statutes")
        assert out.read_bytes() == shipped.read_bytes(), f"{shipped} differs from a fresh import"


def test_irregular_sources_are_reproduced_and_reported() -> None:
    whole = _import(CORPUS / "related" / "civil-code" / "civil-code-whole-2020-05-28.md")
    found = irregularities(whole)
    lines = [(f.source_line, f.message.split(" ")[0]) for f in found]
    assert lines[0] == (7, "text")  # "会议通过）" left after the header
    assert sum("plain line" in f.message for f in found) == 8  # 第一分编 通则 … written without '#'
    assert all(f.xml_line is None for f in found)  # built in memory; lines appear once read from a file
    supplementary = _import(CORPUS / "related" / "civil-code" / "part-8-supplementary-provisions.md")
    assert [(f.source_line, f.message) for f in irregularities(supplementary)] == [(11, "empty heading")]
    assert irregularities(_import(CONSOLIDATED)) == []


@pytest.mark.parametrize(("text", "message", "line"), [
    ("# 法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二百五十三条之 乙。", "broken article heading", 7),
    ("# 法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条乙。", "broken article heading", 7),
    ("# 法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第一条 乙。", "duplicate article 第一条 (first at line 5)", 7),
    ("no title\n\n第一条 甲。", "expected the law's title", 1),
    ("# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 甲\r\n", "carriage returns", 7),
    ("# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->", "no articles or headings", 1),
])
def test_broken_markdown_is_a_parse_error_with_a_line(text: str, message: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        import_markdown(text, path="bad.md", name="bad", work_date=None, expression_date=None)
    assert message in info.value.message
    assert info.value.format().startswith(f"bad.md:{line}: ")


def test_minimal_law_without_header_needs_a_date() -> None:
    with pytest.raises(ParseError, match="no date in the header or the file name: give the law's date"):
        import_markdown("# 法\n\n<!-- INFO END -->\n\n第一条 甲。", path="x.md", name="x")


def test_a_law_without_header_dates_is_dated_by_its_file_name() -> None:
    warnings: list[str] = []
    statute = import_markdown("# 法\n\n<!-- INFO END -->\n\n第一条 甲。", path="法(2017-05-08).md", name="x",
                              warnings=warnings)
    assert statute.expression_date == dt.date(2017, 5, 8)
    assert warnings == ["法(2017-05-08).md: no date in the header: dated 2017-05-08 from the file name"]


# Irregular real sources: read as printed, with a warning at the source line; the round trip stays exact.
IRREGULAR = [
    ("第一条 甲：\n\n（一）乙；\n\n（二）丙；\n\n（二）丁。", [(7, "point （二） out of order in 第一条第一款: expected （三） "
                                                       "(kept as printed)")]),
    ("第一条 甲：\n\n（二）乙。", [(3, "point （二） out of order in 第一条第一款: expected （一） (kept as printed)")]),
    ("第二条 甲。\n\n第一条 乙。", [(3, "article 第一条 out of order: it follows 第二条")]),
    ("## 第一章 听取和审议\n\n专项工作报告\n\n第一条 甲。", [(3, "text between a heading and its first article (a heading "
                                                          "continued on a line of its own?)")]),
    ("通知如下：\n\n三、甲。\n\n乙。", [(3, "part 三、 out of sequence: expected 一、 (kept as printed)")]),
    ("一、甲。\n\n二、乙。", [(1, "no articles: the parts numbered 一、二、… are kept as items")]),
]


@pytest.mark.parametrize(("body", "found"), IRREGULAR)
def test_irregular_sources_import_with_warnings(body: str, found: list[tuple[int, str]]) -> None:
    text = "# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n" + body.replace("\n\n", "\n\n", -1)
    statute = import_markdown(text, path="irregular.md", name="x")
    assert [(f.source_line - 6, f.message) for f in irregularities(statute)] == found
    assert export_markdown(Statute.parse(statute.to_bytes())) == text
    assert schema_errors(statute.root) == []


def test_items_of_points_are_kept_with_their_point() -> None:
    text = "# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 甲：\n\n（一）乙：\n\n1.丙；\n\n2.丁。\n\n（二）戊。\n\n己。"
    statute = import_markdown(text, path="x.md", name="x")
    article = statute.article("1")
    assert [len(p.points()) for p in article.paragraphs()] == [2, 0]
    assert article.paragraphs()[0].points()[0].lines() == ["（一）乙：", "1.丙；", "2.丁。"]
    assert irregularities(statute) == []
    assert export_markdown(statute) == text


def test_articles_past_9999_are_articles_and_round_trip() -> None:
    from lawdiff.akn.numbering import to_chinese

    body = "\n\n".join(f"第{to_chinese(k)}条 第{k}条的文字。" for k in range(9998, 10012))
    text = "# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n" + body
    statute = import_markdown(text, path="long.md", name="x")
    assert [a.eid for a in statute.articles()][-3:] == ["art_10009", "art_10010", "art_10011"]
    assert statute.article("10010").num == "第一万零一十条" and statute.article("10010").lines() == ["第10010条的文字。"]
    assert [len(statute.article(str(k)).paragraphs()) for k in range(9998, 10012)] == [1] * 14
    assert export_markdown(Statute.parse(statute.to_bytes())) == text
    assert irregularities(statute) == []
