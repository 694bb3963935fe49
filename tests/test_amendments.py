"""Amending instruments as AKN: Instrument ⇄ XML ⇄ Markdown round trips, schema validity, malformed input."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from lawdiff.akn.model import NS, parse_xml, schema_errors, text_of, to_xml_bytes
from lawdiff.errors import ParseError
from lawdiff.importing.instructions import parse_instrument
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind, Section
from lawdiff.importing.instrument_xml import (
    export_instrument_markdown,
    instrument_from_akn,
    instrument_to_akn,
    load_instrument,
    read_instrument,
    save_instrument,
)

AMENDMENTS = CORPUS / "prc-criminal-law" / "amendments"
DATA = Path(__file__).parent / "data" / "instruments"
NUMBERS = range(1, 12)
AMENDS = "/akn/cn/act/1979-07-01/criminal-law"
OPERATIONS = {1: 9, 2: 1, 3: 8, 4: 9, 5: 3, 6: 20, 7: 17, 8: 51, 9: 58, 10: 1, 11: 47}
# The synthetic decisions, with the law they are read for (None: the decision amends only one law).
SYNTHETIC = [("decision-forms.md", None), ("omnibus-named.md", "刑法"), ("omnibus-sections.md", "刑法")]


def source(number: int) -> Path:
    return AMENDMENTS / f"amendment-{number:02d}.md"


@cache
def amendment(number: int) -> Instrument:
    return parse_instrument(source(number).read_text(encoding="utf-8"), source(number).name)


def to_akn(instrument: Instrument, number: int = 7) -> etree._Element:
    return instrument_to_akn(instrument, name=f"criminal-law-amendment-{number:02d}", amends=AMENDS)


def reread(root: etree._Element, path: str = "amendment.xml") -> Instrument:
    """Return the instrument read back from the serialised document (as it would be from a file)."""
    return instrument_from_akn(parse_xml(to_xml_bytes(root), path).getroot(), path)


def stored(number: int = 7) -> bytes:
    return to_xml_bytes(to_akn(amendment(number), number))


def read_bytes(data: bytes, path: str = "bad.xml") -> Instrument:
    return instrument_from_akn(parse_xml(data, path).getroot(), path)


# --- the corpus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
def test_instrument_round_trips_through_akn(number: int) -> None:
    root = to_akn(amendment(number), number)
    assert schema_errors(root) == []
    assert reread(root) == amendment(number)


@pytest.mark.parametrize("number", NUMBERS)
def test_markdown_export_is_byte_identical(number: int) -> None:
    text = source(number).read_text(encoding="utf-8")
    assert not text.endswith("\n")  # the corpus files have no final newline, nor does the export
    assert export_instrument_markdown(amendment(number)) == text
    assert export_instrument_markdown(reread(to_akn(amendment(number), number))) == text


@pytest.mark.parametrize("number", NUMBERS)
def test_one_textual_mod_per_operation(number: int) -> None:
    root = to_akn(amendment(number), number)
    mods = root.xpath("//a:activeModifications/a:textualMod", namespaces=NS)
    assert len(mods) == OPERATIONS[number]
    kinds = [op.kind for item in amendment(number).items for op in item.operations]
    assert [mod.get("type") for mod in mods] == [OpKind(kind).akn_type for kind in kinds]
    assert len({mod.get("eId") for mod in mods}) == len(mods)


@pytest.mark.parametrize("number", NUMBERS)
def test_eids_are_unique_and_hrefs_resolve(number: int) -> None:
    root = to_akn(amendment(number), number)
    eids = [el.get("eId") for el in root.iter() if isinstance(el.tag, str) and el.get("eId")]
    assert len(eids) == len(set(eids))
    for href in root.xpath("//a:textualMod/a:source/@href | //a:textualMod/a:new/@href", namespaces=NS):
        assert href[1:] in eids
    for href in root.xpath("//a:textualMod/a:destination/@href", namespaces=NS):
        assert href == AMENDS or href.startswith(AMENDS + "/~")


@pytest.mark.parametrize(("name", "target"), SYNTHETIC)
def test_synthetic_instruments_round_trip(name: str, target: str | None) -> None:
    instrument = parse_instrument((DATA / name).read_text(encoding="utf-8"), name, target=target)
    root = to_akn(instrument)
    assert schema_errors(root) == []
    assert reread(root) == instrument


def test_metadata_of_amendment_ix() -> None:
    root = to_akn(amendment(9), 9)
    act = root.find("a:act", NS)
    assert act.get("name") == "criminal-law-amendment-09"
    assert act.find("a:meta/a:identification/a:FRBRWork/a:FRBRuri", NS).get("value") == \
        "/akn/cn/act/2015-08-29/criminal-law-amendment-09"
    assert act.find("a:meta/a:identification/a:FRBRExpression/a:FRBRuri", NS).get("value") == \
        "/akn/cn/act/2015-08-29/criminal-law-amendment-09/zho@2015-08-29"
    events = [(e.get("refersTo"), e.get("date")) for e in act.iterfind("a:meta/a:lifecycle/a:eventRef", NS)]
    assert events == [("#adoption", "2015-08-29"), ("#commencement", "2015-11-01")]
    amended = act.find("a:meta/a:references/a:activeRef", NS)
    assert (amended.get("href"), amended.get("showAs")) == (AMENDS, "刑法")
    assert text_of(act.find("a:preface/a:longTitle", NS)) == "中华人民共和国刑法修正案（九）"
    assert [text_of(p) for p in act.iterfind("a:preface/a:container/a:p", NS)] == list(amendment(9).header)


def test_amendment_vii_item_7_inserts_article_253_1() -> None:
    root = to_akn(amendment(7))
    (mod,) = root.xpath("//a:textualMod[a:source/@href='#item_7']", namespaces=NS)
    assert mod.get("type") == "insertion"
    assert [d.get("href") for d in mod.iterfind("a:destination", NS)] == [f"{AMENDS}/~art_253-1"]
    (item,) = root.xpath("//a:body/a:hcontainer[@eId='item_7']", namespaces=NS)
    assert text_of(item.find("a:num", NS)) == "七、"
    assert [text_of(p) for p in item.xpath("a:content/a:p[not(a:mod)]", namespaces=NS)] == list(amendment(7).items[6].blocks)
    (qstr,) = root.xpath("//a:quotedStructure[@eId=$eid]", namespaces=NS, eid=mod.find("a:new", NS).get("href")[1:])
    (article,) = qstr
    assert article.get("eId") == "item_7__qstr_1__art_253-1"
    assert text_of(article.find("a:num", NS)) == "第二百五十三条之一"
    paragraphs = article.findall("a:paragraph", NS)
    assert [p.get("eId") for p in paragraphs] == [f"item_7__qstr_1__art_253-1__para_{n}" for n in (1, 2, 3)]
    (op,) = amendment(7).items[6].operations
    assert tuple(text_of(p) for p in paragraphs) == op.new_text
    assert op.new_text[1] == "窃取或者以其他方法非法获取上述信息，情节严重的，依照前款的规定处罚。"


def test_amendment_vii_item_12_destinations_and_renumbering() -> None:
    root = to_akn(amendment(7))
    mods = root.xpath("//a:textualMod[a:source/@href='#item_12']", namespaces=NS)
    assert [(m.get("type"), m.find("a:destination", NS).get("href").rsplit("/", 1)[1]) for m in mods] == [
        ("substitution", "~art_375__para_2"), ("insertion", "~art_375__para_3"), ("renumbering", "~art_375__para_3"),
    ]
    renumber = mods[2]
    assert (renumber.get("{urn:x-lawdiff:1}kind"), renumber.get("{urn:x-lawdiff:1}new-article")) == \
        ("renumber_paragraph", "4")
    qstr = root.xpath("//a:quotedStructure[@eId=$eid]", namespaces=NS, eid=renumber.find("a:new", NS).get("href")[1:])
    assert [p.get("eId") for p in qstr[0]] == ["item_12__qstr_3__art_375__para_4"]


def test_deletions_and_terms_have_no_new_text() -> None:
    instrument = parse_instrument((DATA / "decision-forms.md").read_text(encoding="utf-8"), "decision-forms.md")
    root = to_akn(instrument)
    mods = root.xpath("//a:textualMod", namespaces=NS)
    term = mods[5]
    assert (term.get("type"), term.get("{urn:x-lawdiff:1}old-term"), term.get("{urn:x-lawdiff:1}new-term")) == \
        ("substitution", "包庇或者", "")
    assert term.find("a:new", NS) is None
    assert [d.get("href") for d in mods[6].iterfind("a:destination", NS)] == [f"{AMENDS}/~art_199"]
    assert mods[6].get("type") == "repeal"
    assert [d.get("href") for d in mods[-1].iterfind("a:destination", NS)] == [AMENDS]  # 条文顺序作相应调整


def test_save_is_deterministic_and_load_reads_it(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    save_instrument(amendment(8), first, name="criminal-law-amendment-08", amends=AMENDS)
    save_instrument(amendment(8), second, name="criminal-law-amendment-08", amends=AMENDS)
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso") and data.endswith(b">\n")
    assert load_instrument(first) == amendment(8)
    # Saving what was loaded changes nothing.
    save_instrument(load_instrument(first), second, name="criminal-law-amendment-08", amends=AMENDS)
    assert second.read_bytes() == data


# --- property: any operation survives the trip ------------------------------------------------------

_TEXT = st.text(alphabet="甲乙丙丁，。；：“”（）一二三<&>' \n", min_size=1, max_size=12).map(str.strip).filter(bool)
_BLOCK = st.one_of(_TEXT, st.tuples(st.sampled_from(["（一）", "（二）", "（三）"]), _TEXT).map("".join))


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    kind = draw(st.sampled_from(list(OpKind)))
    renumbers = kind in (OpKind.RENUMBER_PARAGRAPH, OpKind.RENUMBER_POINT)
    return Operation(
        kind=kind,
        article=draw(st.sampled_from(["", "1", "253-1", "x"])),
        paragraphs=tuple(draw(st.lists(st.integers(1, 9), max_size=3))),
        point=draw(st.one_of(st.none(), st.integers(1, 9))),
        new_article=None if renumbers else draw(st.one_of(st.none(), st.sampled_from(["4", "253-2", ""]))),
        new_number=draw(st.integers(1, 9)) if renumbers else None,
        new_text=tuple(draw(st.lists(_BLOCK, max_size=4))),
        old_term=draw(st.one_of(st.none(), st.text(max_size=4).filter(lambda s: s.isprintable()))),
        new_term=draw(st.one_of(st.none(), st.just(""), _TEXT)),
        source=draw(st.text(alphabet="将刑法第一条修改为：\n ", max_size=12)),
    )


@given(st.lists(st.lists(operations(), max_size=3), min_size=1, max_size=3))
def test_any_operations_round_trip(items: list[list[Operation]]) -> None:
    instrument = Instrument(
        title="测试决定", header=(), adopted=datetime.date(2030, 1, 1), preamble=(),
        items=tuple(Item(n, "", ("正文",), tuple(ops), n * 2, "") for n, ops in enumerate(items, 1)),
        in_force=None, in_force_text="", target="",
    )
    root = to_akn(instrument)
    assert schema_errors(root) == []
    assert reread(root) == instrument


_TITLE = st.text(alphabet="甲乙丙法《》〈〉中华人民共和国", min_size=1, max_size=10).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.sampled_from(["一、修改", "二、对", ""]), _TITLE,
                          st.lists(st.lists(operations(), max_size=2), min_size=1, max_size=2)), min_size=1, max_size=3),
       st.lists(st.lists(operations(), max_size=2), max_size=2))
def test_any_omnibus_decision_round_trips(sections: list[tuple[str, str, list[list[Operation]]]],
                                          closing: list[list[Operation]]) -> None:
    """An omnibus decision keeps every section, each with the document it amends, through AKN."""
    line = 2

    def items(groups: list[list[Operation]]) -> tuple[Item, ...]:
        nonlocal line
        out = []
        for n, ops in enumerate(groups, 1):
            line += 2
            out.append(Item(n, str(n), ("正文",), tuple(ops), line, f"{n}."))
        return tuple(out)

    instrument = Instrument(
        title="测试决定", header=(), adopted=datetime.date(2030, 1, 1), preamble=(),
        items=(), in_force=None, in_force_text="", target="",
        sections=tuple(Section(f"{prefix}《{title}》" if prefix else "", title, n, items(groups))
                       for n, (prefix, title, groups) in enumerate(sections, 1)),
    )
    instrument = dataclasses.replace(instrument, items=items(closing))
    root = to_akn(instrument)
    assert schema_errors(root) == []
    assert reread(root) == instrument


# --- malformed input -------------------------------------------------------------------------------


def _tamper(xpath: str, change: Callable[[etree._Element], object]) -> bytes:
    root = parse_xml(stored()).getroot()
    for el in root.xpath(xpath, namespaces=NS):
        change(el)
    return to_xml_bytes(root)


def _line_of(data: bytes, marker: str) -> int:
    return data.decode().split("\n").index(next(line for line in data.decode().split("\n") if marker in line)) + 1


def test_malformed_xml_names_file_and_line() -> None:
    with pytest.raises(ParseError, match=r"^bad\.xml:4: malformed XML") as error:
        read_bytes(b"<?xml version='1.0'?>\n<akomaNtoso>\n<act>\n</akomaNtoso>")
    assert (error.value.path, error.value.line) == ("bad.xml", 4)


def test_not_akoma_ntoso() -> None:
    with pytest.raises(ParseError, match=r"^bad\.xml:1: XML root element must be akomaNtoso"):
        read_bytes(b"<html/>")


def test_a_statute_is_not_an_amending_instrument() -> None:
    law = (Path(__file__).resolve().parents[1] / "statutes" / "cybersecurity-law").glob("zho@*.xml")
    data = next(law).read_bytes()
    line = _line_of(data, "<chapter")
    with pytest.raises(ParseError, match=rf"^bad\.xml:{line}: not an amending instrument"):
        read_bytes(data)


def test_textual_mod_without_kind() -> None:
    data = _tamper("//a:textualMod[@eId='tmod_8']", lambda el: el.attrib.pop("{urn:x-lawdiff:1}kind"))
    line = _line_of(data, 'eId="tmod_8"')
    with pytest.raises(ParseError, match=rf"^bad\.xml:{line}: textualMod without ld:kind"):
        read_bytes(data)


@pytest.mark.parametrize(("attribute", "value", "message"), [
    ("{urn:x-lawdiff:1}kind", "replace_everything", "unknown operation kind"),
    ("type", "repeal", "does not match ld:kind"),
    ("{urn:x-lawdiff:1}paragraphs", "2 two", "malformed field"),
    ("{urn:x-lawdiff:1}point", "三", "malformed field"),
])
def test_textual_mod_with_bad_fields(attribute: str, value: str, message: str) -> None:
    data = _tamper("//a:textualMod[@eId='tmod_8']", lambda el: el.set(attribute, value))
    line = _line_of(data, 'eId="tmod_8"')
    with pytest.raises(ParseError, match=rf"^bad\.xml:{line}: .*{message}"):
        read_bytes(data)


@pytest.mark.parametrize(("tag", "message"), [
    ("source", "names no item of the body"),
    ("new", "names no quoted structure"),
])
def test_textual_mod_pointing_nowhere(tag: str, message: str) -> None:
    data = _tamper(f"//a:textualMod[@eId='tmod_8']/a:{tag}", lambda el: el.set("href", "#item_99"))
    line = _line_of(data, 'eId="tmod_8"')
    with pytest.raises(ParseError, match=rf"^bad\.xml:{line}: textualMod .*{message}"):
        read_bytes(data)


def test_textual_mod_without_source() -> None:
    data = _tamper("//a:textualMod[@eId='tmod_8']/a:source", lambda el: el.getparent().remove(el))
    with pytest.raises(ParseError, match=r'^bad\.xml:\d+: textualMod without a <source href="#…"/>'):
        read_bytes(data)


def test_item_without_line() -> None:
    data = _tamper("//a:hcontainer[@eId='item_7']", lambda el: el.attrib.pop("{urn:x-lawdiff:1}line"))
    line = _line_of(data, 'eId="item_7"')
    with pytest.raises(ParseError, match=rf"^bad\.xml:{line}: item without a numeric ld:line"):
        read_bytes(data)


def test_doctype_is_refused() -> None:
    with pytest.raises(ParseError, match=r"^bad\.xml:1: XML with a DOCTYPE"):
        read_bytes(b'<!DOCTYPE akomaNtoso [<!ENTITY x "y">]><akomaNtoso>&x;</akomaNtoso>')


def test_read_instrument_takes_xml_or_markdown(tmp_path: Path) -> None:
    out = tmp_path / "amendment-07.xml"
    save_instrument(amendment(7), out, name="criminal-law-amendment-7", amends=AMENDS)
    assert read_instrument(out) == amendment(7)
    from_markdown = read_instrument(source(7))
    assert from_markdown == parse_instrument(source(7).read_text(encoding="utf-8"), str(source(7)))
    assert read_instrument(DATA / "omnibus-sections.md", target="刑法").target == "刑法"
    (tmp_path / "latin1.md").write_bytes(b"# \xe9\n")
    with pytest.raises(ParseError, match=r"latin1\.md: not UTF-8 text"):
        read_instrument(tmp_path / "latin1.md")


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"missing\.xml: cannot read"):
        load_instrument(tmp_path / "missing.xml")


def test_instrument_without_a_date_cannot_be_stored() -> None:
    undated = Instrument("决定", (), None, (), (Item(1, "", ("删去刑法第一条。",), (), 1),), None, "", "刑法")
    with pytest.raises(ParseError, match="no adoption or entry-into-force date"):
        to_akn(undated)
