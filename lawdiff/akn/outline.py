"""A statute's body as the national database prints it — a flat outline of headings and articles — and back.

The national database prints a law as one sequence of blocks: a heading (``## 第二章 公司登记``) opens a 编, 分编,
章 or 节 (or a heading without a number: ``## 附则``, ``三、技术转让合同``) that lasts until the next heading of the
same or a higher rank. Putting a law's articles in their final order after an instrument inserted, deleted and
moved some of them (条文顺序作相应调整) is done on that flat outline: `flatten` takes the body apart into entries,
the caller orders them, `rebuild` nests them again by the rule the importer follows (a heading closes the open
headings of its rank and below; one without a number closes those printed with as many ``#`` or more), and
`renumber` numbers the articles 1, 2, 3 … and each kind of heading 1, 2, 3 … within the one above it.

>>> from lawdiff.importing.markdown import import_markdown, export_markdown
>>> law = import_markdown("# 法\\n\\n2001年1月1日 通过\\n\\n<!-- INFO END -->\\n\\n## 第一章 甲\\n\\n第一条 一。\\n\\n"
...                       "## 第二章 乙\\n\\n第二条 二。", path="x.md", name="x")
>>> entries = flatten(law.body)
>>> [e.label for e in entries]
['第一章 甲', '第一条', '第二章 乙', '第二条']
>>> rebuild(law.body, [entries[0], entries[3], entries[2], entries[1]])
>>> renumber(law.body)
{'art_2': 'art_1', 'art_1': 'art_2'}
>>> export_markdown(law).split("<!-- INFO END -->")[1]
'\\n\\n## 第一章 甲\\n\\n第一条 二。\\n\\n## 第二章 乙\\n\\n第二条 一。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.blocks import renumber_article
from lawdiff.akn.model import CONTAINERS, akn, ld, text_of

#: The words of each kind of numbered heading: chapter → 章.
_WORDS = {kind: word for word, kind in numbering.CONTAINER_WORDS.items()}
#: A heading line: 第二章 公司登记 (the separator kept as printed).
HEADING_LINE = re.compile(rf"^(第{numbering.NUMERAL}(?:分编|编|章|节))([ \u3000]+)(.*)$", re.S)


@dataclass
class Entry:
    """One entry of the outline: an article (or a part 一、 of a text without articles), or a heading.

    A heading's element is its container stripped of what it contains (num, heading and the lines printed under
    it stay); ``level`` is the number of ``#`` it is printed with (0: a plain line) and ``rank`` 1–4 for 编, 分编,
    章, 节 (None for a heading without a number).
    """

    el: etree._Element
    level: int | None = None
    rank: int | None = None

    @property
    def heading(self) -> bool:
        """Return whether the entry is a heading (not an article)."""
        return self.level is not None

    @property
    def label(self) -> str:
        """Return the entry as it opens its line: 第二章 公司登记, 第十条."""
        num = text_of(self.el.find(akn("num")))
        if not self.heading:
            return num
        head = text_of(self.el.find(akn("heading")))
        return f"{num}{self.el.get(ld('sep'), ' ')}{head}" if num else head


def _kind(el: etree._Element) -> str:
    """Return an element's local name (article, chapter …)."""
    return etree.QName(el).localname


def is_heading(el: etree._Element) -> bool:
    """Return whether an element is a heading's container (not a part 一、 of a text without articles)."""
    return _kind(el) in CONTAINERS and el.get("name") != "item"


def flatten(body: etree._Element) -> list[Entry]:
    """Return the body's outline in printed order, taking it apart: containers keep only their own lines."""
    out: list[Entry] = []

    def walk(parent: etree._Element, depth: int) -> None:
        for child in list(parent):
            if not isinstance(child.tag, str):
                continue
            if is_heading(child):
                kind = _kind(child)
                level = int(child.get(ld("level"), depth))
                out.append(Entry(child, level, numbering.CONTAINER_RANK.get(kind)))
                walk(child, depth + 1)
                for grandchild in list(child):
                    if _structural(grandchild):
                        child.remove(grandchild)
            elif _structural(child):
                out.append(Entry(child))
    walk(body, 2)
    return out


def _structural(el: etree._Element) -> bool:
    """Return whether an element is part of the outline: an article, a heading's container or a part 一、."""
    return isinstance(el.tag, str) and (_kind(el) in CONTAINERS or _kind(el) == "article")


def rebuild(body: etree._Element, entries: list[Entry]) -> None:
    """Nest the entries into the body again, as the importer would read them printed in this order."""
    for child in list(body):
        if _structural(child):
            body.remove(child)
    stack: list[Entry] = [Entry(body, 1, 0)]
    for entry in entries:
        if not entry.heading:
            stack[-1].el.append(entry.el)
            continue
        while len(stack) > 1 and closes(stack[-1], entry):
            stack.pop()
        stack[-1].el.append(entry.el)
        if entry.level == len(stack) + 1:
            entry.el.attrib.pop(ld("level"), None)
        else:
            entry.el.set(ld("level"), str(entry.level))
        stack.append(entry)
    for el in body.iter(*(akn(kind) for kind in CONTAINERS)):
        _lines_as_lead_in(el)


def closes(top: Entry, new: Entry) -> bool:
    """Return whether a new heading closes the open one (the importer's rule)."""
    if new.rank is not None and top.rank is not None:
        return top.rank >= new.rank
    level = new.level or 0
    return (top.level or 0) >= level if level else True


def _lines_as_lead_in(el: etree._Element) -> None:
    """Keep a heading's own lines where the schema wants them: ``intro`` before what it contains, else ``content``."""
    own = el.find(akn("content")) if el.find(akn("content")) is not None else el.find(akn("intro"))
    if own is None:
        return
    has_children = any(_structural(child) for child in el)
    own.tag = akn("intro") if has_children else akn("content")


def renumber(body: etree._Element) -> dict[str, str]:
    """Number the articles 1, 2, 3 … in printed order and each kind of numbered heading 1, 2, 3 … within the one
    above it; return the map of old article eIds to new ones (for re-anchoring references)."""
    mapping: dict[str, str] = {}
    for count, art in enumerate(body.iter(akn("article")), 1):
        key = numbering.ArticleNumber(count)
        mapping[art.get("eId")] = key.eid
        art.set("eId", key.eid)
        art.find(akn("num")).text = key.label
        renumber_article(art)
    _renumber_headings(body, "")
    return mapping


def _renumber_headings(parent: etree._Element, parent_eid: str) -> None:
    """Number each kind of numbered heading 1, 2, 3 … within ``parent``, and the headings within them."""
    counts: dict[str, int] = {}
    for child in parent:
        if not isinstance(child.tag, str) or not is_heading(child):
            continue
        kind = _kind(child)
        eid = child.get("eId", "")
        if kind in numbering.CONTAINER_PREFIX and child.find(akn("num")) is not None:
            counts[kind] = counts.get(kind, 0) + 1
            child.find(akn("num")).text = f"第{numbering.to_chinese(counts[kind])}{_WORDS[kind]}"
            eid = numbering.child_eid(parent_eid, kind, counts[kind])
            child.set("eId", eid)
        _renumber_headings(child, eid)


def build_heading(line: str, lines: list[str], eid: str) -> Entry:
    """Return the outline entry of a new heading printed as ``line`` (第二章 公司登记, or words without a number),
    with ``lines`` printed under it; ``eid`` names a heading without a number."""
    m = HEADING_LINE.match(line)
    if m:
        word = re.sub(rf"^第{numbering.NUMERAL}", "", m.group(1))
        kind = numbering.CONTAINER_WORDS[word]
        el = etree.Element(akn(kind), eId=f"{numbering.CONTAINER_PREFIX[kind]}_0")
        etree.SubElement(el, akn("num")).text = m.group(1)
        etree.SubElement(el, akn("heading")).text = m.group(3)
        if m.group(2) != " ":
            el.set(ld("sep"), m.group(2))
        rank: int | None = numbering.CONTAINER_RANK[kind]
    else:
        el = etree.Element(akn("hcontainer"), eId=eid, name="heading")
        etree.SubElement(el, akn("heading")).text = line
        rank = None
    if lines:
        content = etree.SubElement(el, akn("content"))
        for text in lines:
            etree.SubElement(content, akn("p")).text = text
    return Entry(el, None, rank)
