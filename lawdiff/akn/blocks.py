"""An article as the national database prints it — blocks of text — and as AKN structure.

A *block* is one paragraph (款) or one point (项, opening with its number （一）) of an article, as a consolidated
statute prints it on a line of its own. Every stage builds and reads articles through these functions: the
importer, the operations that amend a statute, the timeline that derives earlier versions, the instruments' quoted
structures and the proposals.

Two texts stand in for what is not ordinary text: `REMOVED`, the placeholder of a deleted article (第X条 （删去）,
as the national database prints it), and `UNKNOWN`, a paragraph whose text the corpus does not hold (see
`lawdiff.amending.timeline`), never compared or shown as if it were real text.

>>> [etree.QName(p).localname for p in build_paragraphs("art_1", ["甲：", "（一）乙；", "（二）丙。", "丁。"])]
['paragraph', 'paragraph']
>>> article_blocks(Provision(build_article("253-1", ["甲。", "乙。"])))
['第二百五十三条之一 甲。', '乙。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.model import Provision, akn, ld
from lawdiff.errors import NumberingError, ParseError

#: The text of a deleted article, kept under its number as the national database prints it: 第X条 （删去）.
REMOVED = "（删去）"
#: What a paragraph holds when its text is not determined by the corpus (see `lawdiff.amending.timeline`).
UNKNOWN = "〔本款文本不在语料中 text not in corpus〕"
#: A block that is a point: its printed number （N） and its text.
POINT = re.compile(rf"^(（{numbering.NUMERAL}）)(.*)$", re.S)
#: A block that is an item (目) of a point: 1. / 1． / ⒈ — printed after its point, kept in the point's content.
SUBPOINT = re.compile(r"^(?:\d{1,2}[.．]|[\u2488-\u249b])")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, akn(tag), attrs)
    if text is not None:
        el.text = text
    return el


def add_paragraph(article: etree._Element, text: str, *, path: str, line: int, n: int | None = None) -> etree._Element:
    """Append a paragraph holding ``text`` to an article and return it; raise ParseError for an empty one.

    ``n`` is the paragraph's number when the caller counts them (the importer does, so that reading a law stays
    linear in its size); otherwise the article's paragraphs are counted."""
    if not text:  # an article line with no text, or two blank lines in a row: nothing would keep it
        label = numbering.provision_label(article.get("eId"))
        raise ParseError(f"empty paragraph in {label}: expected its text after the number, and exactly one blank "
                         "line between blocks", path=path, line=line)
    if n is None:
        n = sum(1 for _ in article.iterchildren(akn("paragraph"))) + 1
    para = _sub(article, "paragraph", eId=numbering.child_eid(article.get("eId"), "paragraph", n))
    _sub(_sub(para, "content"), "p", text)
    return para


def add_point(paragraph: etree._Element, num: str, text: str, *, path: str, line: int, n: int | None = None,
              strict: bool = True) -> etree._Element:
    """Append a point numbered ``num`` (（三）) to a paragraph, whose text becomes the points' lead-in, and return it.

    The point's eId is by position (``n``, counted when not given). A number that is not the next one is a
    ParseError when ``strict``; otherwise (a real source repeating or skipping a number) it is kept as printed and
    recorded in ``ld:irregular`` for `validate` to warn about."""
    content = paragraph.find(akn("content"))
    if content is not None:  # the paragraph's text becomes the lead-in of its points
        content.tag = akn("intro")
    if n is None:
        n = sum(1 for _ in paragraph.iterchildren(akn("point"))) + 1
    try:
        expected = numbering.point_num(n)
    except NumberingError:
        expected = ""
    label = numbering.provision_label(paragraph.get("eId"))
    if num != expected and strict:
        raise ParseError(f"point {num} out of order in {label}: expected {expected}", path=path, line=line)
    point = _sub(paragraph, "point", eId=numbering.child_eid(paragraph.get("eId"), "point", n))
    _sub(point, "num", num)
    _sub(_sub(point, "content"), "p", text)
    if num != expected:
        point.set(ld("irregular"), f"point {num} out of order in {label}: expected {expected} (kept as printed)")
        point.set(ld("source-line"), str(line))
    return point


def add_point_item(point: etree._Element, text: str) -> None:
    """Append an item (目, ``1.…``) to a point: a further ``p`` of the point's content, printed on a line of its own."""
    _sub(point.find(akn("content")), "p", text)


def build_paragraphs(article_eid: str, blocks: Sequence[str], path: str = "<text>") -> list[etree._Element]:
    """Return the paragraph elements of an article's text blocks, read as the importer reads a law: a point attaches
    to the paragraph before it (its number kept as printed), an item 1. to the point before it."""
    article = etree.Element(akn("article"), eId=article_eid)
    paragraph = point = None
    paragraphs = points = 0
    for line, text in enumerate(blocks, 1):
        m = POINT.match(text)
        if m and paragraph is not None:
            points += 1
            point = add_point(paragraph, m.group(1), m.group(2), path=path, line=line, n=points, strict=False)
        elif point is not None and SUBPOINT.match(text):
            add_point_item(point, text)
        else:
            paragraphs += 1
            paragraph = add_paragraph(article, text, path=path, line=line, n=paragraphs)
            point, points = None, 0
    return list(article)


def build_article(num: str, blocks: Sequence[str], path: str = "<text>") -> etree._Element:
    """Return a new article element numbered ``num`` (第X条之N) holding the given text blocks."""
    key = numbering.ArticleNumber.parse(num)
    article = etree.Element(akn("article"), eId=key.eid)
    _sub(article, "num", key.label)
    article.extend(build_paragraphs(key.eid, blocks, path))
    if list(blocks) == [REMOVED]:
        article.set("status", "removed")
    return article


def article_blocks(article: Provision) -> list[str]:
    """Return an article as the national database prints it: the number and first paragraph, then the rest."""
    lines = article.lines()
    if not lines:
        return [article.num]
    return [article.num + article.el.get(ld("sep"), " ") + lines[0], *lines[1:]]


def renumber_article(article: etree._Element) -> None:
    """Give an article's paragraphs and points sequential eIds (and points their printed （N））."""
    eid = article.get("eId")
    for i, para in enumerate(article.iterchildren(akn("paragraph")), 1):
        para_eid = numbering.child_eid(eid, "paragraph", i)
        para.set("eId", para_eid)
        for j, point in enumerate(para.iterchildren(akn("point")), 1):
            point.set("eId", numbering.child_eid(para_eid, "point", j))
            if point.get(ld("irregular")) is None:  # a number printed irregularly in the source is kept
                point.find(akn("num")).text = numbering.point_num(j)
