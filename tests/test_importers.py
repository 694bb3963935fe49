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


def _import(path: Path) -> Statute:
    law = next((law for law in LAWS if CORPUS / law.source == path), None)
    if law:
        return import_law(law, CORPUS)
    return import_markdown(path.read_text(encoding="utf-8"), path=str(path), name=path.stem)


@pytest.mark.parametrize("path", law_files(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(path: Path) -> None:
    source = path.read_bytes()
    statute = _import(path)
    # Through the serialised XML, as `import` then `export` would do it.
    reread = Statute.parse(statute.to_bytes(), "reread.xml")
    assert export_markdown(reread).encode("utf-8") == source
    assert schema_errors(reread.root) == []


def test_every_corpus_law_file_is_covered() -> None:
    names = {p.name for p in law_files()}
    assert "consolidated-2020-12-26.md" in names
    assert len(names) == 15  # Criminal Law, 5 related laws, Civil Code whole + 8 books


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
    """Count articles, 之N articles, paragraphs and points by a plain scan of the source lines."""
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    counts = {"articles": 0, "sub_articles": 0, "paragraphs": 0, "points": 0}
    in_article = False
    for line in body.split("\n"):
        if not line:
            continue
        if line.startswith("#") or re.fullmatch(r"第[一二三四五六七八九十]+分编 \S+", line):
            in_article = False
        elif re.match(r"第[一二三四五六七八九十百千零]+条(之[一二三四五六七八九十]+)? ", line):
            in_article = True
            counts["articles"] += 1
            counts["sub_articles"] += "之" in line.split(" ", 1)[0]
            counts["paragraphs"] += 1
        elif in_article and line.startswith("（"):
            counts["points"] += 1
        elif in_article:
            counts["paragraphs"] += 1
    return counts


def _model_counts(statute: Statute) -> dict[str, int]:
    articles = list(statute.articles())
    return {
        "articles": len(articles),
        "sub_articles": sum("之" in a.num for a in articles),
        "paragraphs": sum(len(a.paragraphs()) for a in articles),
        "points": sum(len(p.points()) for a in articles for p in a.paragraphs()),
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
    ("# 法\n\n<!-- INFO END -->\n\n第一条 甲：\n\n（二）乙。", "point （二） out of order", 7),
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
    with pytest.raises(ParseError, match="no date in the header"):
        import_markdown("# 法\n\n<!-- INFO END -->\n\n第一条 甲。", path="x.md", name="x")
