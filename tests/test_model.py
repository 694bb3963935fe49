"""The Statute/Provision model over lxml: lookups, hierarchy, text, stable XML, hardened parsing."""

from __future__ import annotations

import pytest
from conftest import STATUTES

from lawdiff.akn.model import Statute, assert_valid
from lawdiff.errors import ParseError, UnknownProvision

CRIMINAL = STATUTES / "criminal-law" / "zho@2023-12-29.xml"


@pytest.fixture(scope="module")
def criminal() -> Statute:
    return Statute.load(CRIMINAL)


def test_lookup_by_number_label_and_eid(criminal: Statute) -> None:
    by_key = criminal.article("253-1")
    assert criminal.article("第二百五十三条之一") == by_key
    assert criminal.provision("art_253-1") == by_key
    assert criminal.provision("253-1") == by_key
    para = criminal.provision("art_253-1__para_3")
    assert para.kind == "paragraph"
    assert para.text == "窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。"
    assert para.label == "第二百五十三条之一第三款"


def test_points_and_lead_in(criminal: Statute) -> None:
    art = criminal.article("225")
    para = art.paragraphs()[0]
    assert para.own_text.endswith("有下列非法经营行为之一，扰乱市场秩序，情节严重的，处五年以下有期徒刑或者拘役，并处或者单处违法"
                                  "所得一倍以上五倍以下罚金；情节特别严重的，处五年以上有期徒刑，并处违法所得一倍以上五倍以下罚金或者没收财产：")
    point = criminal.provision("art_225__para_1__point_3")
    assert point.num == "（三）"
    assert point.text.startswith("（三）未经国家有关主管部门批准非法经营证券")
    assert len(para.points()) == 4


def test_hierarchy(criminal: Statute) -> None:
    art = criminal.article("253-1")
    path = [(a.kind, a.num, a.heading) for a in art.ancestors()]
    assert path == [("book", "第二编", "分则"), ("chapter", "第四章", "侵犯公民人身权利、民主权利罪")]
    top = criminal.containers()
    assert [c.num or c.heading for c in top] == ["第一编", "第二编", "附则", "附件一", "附件二"]
    kinds = {p.kind for p in criminal.walk()}
    assert kinds == {"book", "chapter", "section", "article", "paragraph", "point", "hcontainer"}
    assert criminal.provision("book_2__chp_6__sec_1").heading == "扰乱公共秩序罪"


def test_removed_article_keeps_its_placeholder(criminal: Statute) -> None:
    art = criminal.article("199")
    assert art.removed
    assert art.text == "（删去）"


def test_metadata(criminal: Statute) -> None:
    assert criminal.title == "中华人民共和国刑法"
    assert criminal.name == "criminal-law"
    assert criminal.history[-1].endswith("《中华人民共和国刑法修正案（十二）》")


def test_unknown_provisions(criminal: Statute) -> None:
    with pytest.raises(UnknownProvision, match="no article 999"):
        criminal.article("999")
    with pytest.raises(UnknownProvision, match="not an article number"):
        criminal.article("第三款")
    with pytest.raises(UnknownProvision, match="no provision"):
        criminal.provision("art_253-1__para_9")


def test_writing_is_stable_and_valid(criminal: Statute, tmp_path) -> None:
    out = tmp_path / "again.xml"
    criminal.save(out)
    assert out.read_bytes() == CRIMINAL.read_bytes()
    copy = criminal.copy()
    copy.provision("art_253-1__para_3").el.find(".//{*}p").text = "改。"
    assert_valid(copy.root)
    assert copy.to_bytes() != criminal.to_bytes()
    assert Statute.load(CRIMINAL).to_bytes() == CRIMINAL.read_bytes()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>&lol3;</act></akomaNtoso>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>&xxe;</act></akomaNtoso>"""


@pytest.mark.parametrize(("data", "message"), [
    (b"<akomaNtoso><act>", "malformed XML"),
    (BOMB, "DOCTYPE"),
    (XXE, "DOCTYPE"),
    (b"<html/>", "root element must be akomaNtoso"),
    (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><judgment/></akomaNtoso>',
     "expected an <act>"),
])
def test_hostile_or_wrong_xml_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as info:
        Statute.parse(data, "evil.xml")
    assert info.value.format().startswith("evil.xml")
    assert "root:" not in info.value.format()  # /etc/passwd never read
