"""The three drafting styles of amending instruments, and which one a document's amendments are written in.

The style follows from the document amended:

- `Style.AMENDMENT` — the Criminal Law and the Constitution are amended by 修正案: items 一、二、… that name the law
  (一、将刑法第X条修改为：…; 在刑法第X条后增加一条，作为第X条之一：…); a new article takes a number 之N so that
  no other article is renumbered; the last item says when the amendment takes effect.
- `Style.DECISION` — other laws and regulations are amended by a 关于修改《中华人民共和国X法》的决定 whose items
  一、二、… name no law (the title names it): 将第X条修改为, 增加一条，作为第X条, 删去第X条, 将第X条改为第Y条,
  将第X条中的“A”修改为“B”; unnumbered closing sentences say when it takes effect and that the law is republished
  根据本决定作相应修改并对条文顺序作相应调整 — the articles, paragraphs and points renumbered.
- `Style.JUDICIAL` — a judicial interpretation of the SPC or SPP is amended by a decision whose items are numbered
  1. 2. …: 将引言修改为, 将第X条修改为, 删除第X条, 增加一条，作为第X条, and an item 条文顺序作相应调整.

In the decision styles article numbers name the articles as numbered before the decision, unless the text says
otherwise (修改后的第X条); a new article's number (作为第X条) is its number once the articles are renumbered.

>>> style_of("中华人民共和国刑法"), style_of("中华人民共和国个人信息保护法")
(<Style.AMENDMENT: 'amendment'>, <Style.DECISION: 'decision'>)
>>> style_of("最高人民法院关于审理著作权民事纠纷案件适用法律若干问题的解释")
<Style.JUDICIAL: 'judicial'>
>>> Style.DECISION.law_name("中华人民共和国个人信息保护法"), Style.AMENDMENT.law_name("中华人民共和国刑法")
('', '刑法')
"""

from __future__ import annotations

import re
from enum import StrEnum

from lawdiff.akn import numbering
from lawdiff.importing.instrument import short_title

#: The documents amended by 修正案 (their own numbering with 之N; never renumbered).
AMENDED_BY_AMENDMENTS = ("刑法", "宪法")
#: The authorities whose interpretations are amended in the judicial style.
JUDICIAL_AUTHORITIES = ("最高人民法院", "最高人民检察院")
#: A blank date for the author to fill in: a draft has not been adopted, so nobody knows when it takes effect.
BLANK_DATE = "　　年　　月　　日"


class Style(StrEnum):
    """A drafting style of amending instruments (see the module docstring)."""

    AMENDMENT = "amendment"
    DECISION = "decision"
    JUDICIAL = "judicial"

    @property
    def renumbers(self) -> bool:
        """Return whether instruments of this style renumber the articles (new articles take plain numbers)."""
        return self is not Style.AMENDMENT

    def law_name(self, title: str) -> str:
        """Return how items name the amended law: 刑法 in an amendment, no name in a decision (its title does)."""
        return short_title(title) if self is Style.AMENDMENT else ""

    def item_label(self, n: int) -> str:
        """Return the numbering of item n: 一、 (amendments, NPC decisions) or 1. (judicial decisions)."""
        return f"{n}." if self is Style.JUDICIAL else numbering.to_chinese(n) + "、"

    def instrument_title(self, amended: str) -> str:
        """Return the title of a drafted instrument amending the document titled ``amended``."""
        if self is Style.AMENDMENT:
            return f"{amended}修正案（草案）"
        cited = nested(amended)
        issuer = ""
        if self is Style.JUDICIAL:
            m = re.match(r"^(.*?)关于", amended)
            issuer = m.group(1) if m else JUDICIAL_AUTHORITIES[0]
        return f"{issuer}关于修改《{cited}》的决定（草案）"

    def preamble(self, amended: str) -> tuple[str, ...]:
        """Return the sentence that opens a drafted decision (none for an amendment)."""
        if self is Style.AMENDMENT:
            return ()
        if self is Style.JUDICIAL:
            return (f"根据审判实践需要，决定对《{nested(amended)}》作如下修改：",)
        return (f"决定对《{nested(amended)}》作如下修改：",)

    def closing(self, amended: str, *, renumbered: bool, when: str = BLANK_DATE) -> tuple[str, ...]:
        """Return the closing sentences of a drafted decision: entry into force, republication (for an amendment,
        the entry-into-force item is numbered like the others: see `in_force`)."""
        if self is Style.AMENDMENT:
            return ()
        republish = ("根据本决定作相应修改并对条文顺序作相应调整，重新公布。" if renumbered
                     else "根据本决定作相应修改，重新公布。")
        if self is Style.JUDICIAL:
            return (f"本决定自{when}起施行。", f"根据本决定，《{nested(amended)}》作相应修改后重新公布。")
        return (f"本决定自{when}起施行。", f"《{nested(amended)}》{republish}")

    def in_force(self, when: str = BLANK_DATE) -> str:
        """Return the entry-into-force item of a drafted amendment."""
        return f"本修正案自{when}起施行。"


def nested(title: str) -> str:
    """Return a title as cited inside another title's 《》: its own 《》 written 〈〉."""
    return title.replace("《", "〈").replace("》", "〉")


def style_of(title: str) -> Style:
    """Return the style in which the document titled ``title`` is amended."""
    if short_title(title) in AMENDED_BY_AMENDMENTS:
        return Style.AMENDMENT
    if title.strip().startswith(JUDICIAL_AUTHORITIES):
        return Style.JUDICIAL
    return Style.DECISION


def history_line(style: Style, header: tuple[str, ...], title: str) -> str:
    """Return the line the national database adds to the amended law's header for an instrument of this style:

    - an amendment: ``2020年12月26日 第十三届…第二十四次会议通过的《中华人民共和国刑法修正案（十一）》``;
    - an NPC decision: ``2024年11月8日 第十四届…第十二次会议《关于修改〈中华人民共和国…法〉的决定》修正``;
    - a judicial decision: ``2020年12月23日 最高人民法院审判委员会第1823次会议通过的《…〈…〉…的决定》修正``.
    """
    adopted = header[0] if header else ""
    nested = title.replace("《", "〈").replace("》", "〉")
    if style is Style.DECISION and adopted.endswith("通过"):
        body = re.sub(r"^(?:全国人民代表大会常务委员会|全国人民代表大会|国务院)(?=关于)", "", nested)
        return f"{adopted.removesuffix('通过')}《{body}》修正"
    if style is Style.JUDICIAL and adopted.endswith("通过"):
        return f"{adopted}的《{nested}》修正"
    return f"{adopted}的《{title}》"
