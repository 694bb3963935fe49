"""The NPC drafting language as patterns: every instruction form an amending instrument or a proposal may use
(将第X条修改为, 在第X条后增加一条, 删去第X款, 将第X条中的“A”修改为“B”, …), the numbering of items and sections, dates,
and the helpers that read quoted new text as the statute prints it. `lawdiff.importing.instructions` reads
instruments with them."""

from __future__ import annotations

import datetime
import itertools
import re

from lawdiff.akn.numbering import (
    CONTAINER_PREFIX,
    CONTAINER_WORDS,
    DIGITS,
    NUMERAL,
    ArticleNumber,
    parse_chinese,
    parse_ordinal,
)
from lawdiff.errors import NumberingError, ParseError
from lawdiff.importing.instrument import short_title

# --- instruction forms -------------------------------------------------------------------

ART = rf"第{NUMERAL}条(?:之{NUMERAL})?"
PARA = rf"第{NUMERAL}款"
POINT = rf"第{NUMERAL}项"
# A law as cited: 《中华人民共和国刑法》 or a short name ending in 法 (刑法, 本法, 该法); checked after matching.
LAW = r"《[^》]+》|[^\s第、，,。：:“”《》]{0,14}?法"
# A heading by its numbers: 第三章 / 第二编第一分编第三章 / 第二章第一节.
CONTAINER_REF = rf"(?:第{NUMERAL}(?:编|分编|章|节))+"
# Several provisions: 第三百八十一条、第四百一十条 / 第六十九条第一款、第二款 / 第二百二十五条第三项; 名称 (the title).
REFS = rf"(?:(?:{ART}|{PARA}|{POINT}|名称)[、和]?)*(?:{ART}|{PARA}|{POINT})"
# The whole text: 将本法中的“A”修改为“B”.
WHOLE = r"本法|本解释|本规定|本决定|本条例|本办法|全文"
# Provisions deleted: as REFS, and ranges of articles (第十条至第十二条).
DELETED = rf"(?:(?:{ART}|{PARA}|{POINT})(?:[、和至]|以及)?)*(?:{ART}|{PARA}|{POINT})"
# Quoted terms: “A” or “A”、“B”.
TERMS = r"“[^“”]*”(?:、“[^“”]*”)*"
# A date in Arabic (2015年11月1日) or Chinese (二〇一五年十一月一日) numerals.
ZH_DIGITS = "[一二三四五六七八九十]+"
DATE = rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?P<m>\d{{1,2}}|{ZH_DIGITS})月(?P<d>\d{{1,2}}|{ZH_DIGITS})日"

REPLACE = re.compile(rf"""
    将\s*(?:(?P<law>{LAW})\s*)?
    (?:(?P<article>{ART})|该条)               # 该条: the article the item is about
    (?P<paras>{PARA}(?:[、和]{PARA})*)?       # 第一款、第二款
    (?P<point>{POINT})?                       # 第三项
    修改为\s*[：:]                              # the quoted new text follows
""", re.X)

REPLACE_PREAMBLE = re.compile(rf"""
    (?:将\s*(?:(?P<law>{LAW})\s*)?(?:的)?(?:引言|序言)修改为|增加(?:引言|序言))\s*[：:]
""", re.X)

DELETE_PREAMBLE = re.compile(rf"""
    (?:删去|删除)\s*(?:(?P<law>{LAW})\s*)?(?:的)?(?:引言|序言)(?=[\s。；;，,]|$)
""", re.X)

REPLACE_TITLE = re.compile(r"""
    将\s*(?:本法的|本解释的|本规定的)?名称修改为\s*[：:]?
""", re.X)

RENUMBER_ARTICLE = re.compile(rf"""
    将\s*(?:(?P<law>{LAW})\s*)?(?P<article>{ART})\s*(?:改为|改作)\s*(?P<new>{ART})   # 将第十条改为第十一条
    (?P<amend>[，,]\s*(?:并\s*)?修改为\s*[：:])?                                     # ，修改为：“…”
""", re.X)

# A heading by its numbers (第二章的章名) or, for a heading without a number, by its words (标题“附则”; when
# replaced, as the SPC writes it: 将“三、技术转让合同”修改为).
HEADING_REF = rf"(?:(?P<path>{CONTAINER_REF})的(?:编|分编|章|节)名|(?:(?P<before>{ART})前的)?标题“(?P<old>[^“”]*)”)"

REPLACE_HEADING = re.compile(rf"""
    将\s*(?:{HEADING_REF}|“(?P<words>[^“”]*)”)\s*修改为\s*[：:]?   # 将第二章的章名修改为“…” / 将“三、…”修改为：
""", re.X)

DELETE_HEADING = re.compile(rf"""
    (?:删去|删除)\s*{HEADING_REF}(?=[\s。；;，,]|$)              # 删去第二章的章名
""", re.X)

INSERT_HEADING = re.compile(rf"""
    在\s*修改后的(?P<anchor>{ART})前\s*增加(?:一(?P<word>编|分编|章|节)|标题)   # numbered as renumbered: "修改后的"
    (?:[，,]\s*作为(?P<num>第{NUMERAL}(?:编|分编|章|节)))?
    \s*[：:]
""", re.X)

INSERT_CONTAINER = re.compile(rf"""
    (?:在\s*(?P<within>{CONTAINER_REF})中\s*)?                    # 在第三章中增加一节
    增加一(?P<word>编|分编|章|节)[，,]?\s*作为(?P<num>第{NUMERAL}(?:编|分编|章|节))
    \s*[：:]                                                     # 增加一章，作为第五章：“第五章 … 第X条 …”
""", re.X)
INSERT_ARTICLES = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{LAW})\s*)?
    (?:(?P<article>{ART})之?后\s*                # 在刑法第二百五十三条后 (在 and 刑法 may be left out; 之后)
      |(?P<within>{CONTAINER_REF})中\s*)?       # 在第三章中 (a decision: no place, or the heading it goes under)
    增加(?P<count>{NUMERAL})条[，,]?\s*          # 增加一条 / 增加五条
    作为(?P<new>{ART}(?:[、和]{ART})*)         # 作为第一百二十条之二、第一百二十条之三 / 作为第五十八条
    \s*[：:]
""", re.X)

INSERT_PARAGRAPHS = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{LAW})\s*)?
    (?P<article>{ART})?                       # left out when a later block adds to the same article
    (?:{PARA}之?后)?                            # 在第X条第二款后增加一款
    中?\s*增加(?P<count>{NUMERAL})款[，,]?\s*    # 增加一款 / 增加两款 / 增加二款
    作为(?P<paras>{PARA}(?:[、和]{PARA})*)     # 作为第二款、第三款
    (?P<restate>[，,]\s*(?:并\s*)?将该条修改为)?  # the whole article is restated: a replacement
    \s*[：:]
""", re.X)

INSERT_POINTS = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{LAW})\s*)?
    (?P<article>{ART})?(?P<para>{PARA})?
    中?\s*增加(?P<count>{NUMERAL})项[，,]?\s*    # 刑法第二百二十五条增加一项，
    作为(?P<points>{POINT}(?:[、和]{POINT})*)  # 作为第三项
    \s*[：:]
""", re.X)

RENUMBER = re.compile(rf"""
    原(?P<olds>第{NUMERAL}(?P<unit>[款项])(?:、第{NUMERAL}(?P=unit))*)   # 原第三款 / 原第三项
    \s*(?:作为|改为|改作)\s*
    (?P<news>第{NUMERAL}(?P=unit)(?:、第{NUMERAL}(?P=unit))*)           # 第四款 / 第四项
    (?P<amend>[，,]\s*(?:并\s*)?修改为\s*[：:])?                         # ，修改为：“…”
""", re.X)

DELETE = re.compile(rf"""
    (?:删去|删除)\s*(?:(?P<law>{LAW})\s*)?
    (?P<refs>{DELETED})                       # 第一百九十九条 / 第六十八条第二款 / 第三十一条第一款、第三十五条第一款
    (?=[\s。；;，,]|$)                          # nothing else: 删去…中的“A” deletes a term
""", re.X)

REPLACE_TERM = re.compile(rf"""
    将\s*(?:(?P<law>{LAW})\s*)?
    (?P<refs>{REFS}|该条|{WHOLE}|名称)中的\s*           # 第三百八十一条、第四百一十条中的
    (?P<changes>{TERMS}修改为“[^“”]*”                   # “征用”修改为“征收、征用”
        (?:[、，,；;]\s*{TERMS}修改为“[^“”]*”)*)         # 、“A”修改为“B” …
""", re.X)

FOLLOWING_TERM = re.compile(rf"""
    (?:将\s*)?(?P<refs>(?:(?:{PARA}|{POINT})[、和]?)*(?:{PARA}|{POINT}))中的\s*   # …，第二款中的“C”修改为“D”
    (?P<changes>{TERMS}修改为“[^“”]*”(?:[、，,；;]\s*{TERMS}修改为“[^“”]*”)*)
""", re.X)

DELETE_TERM = re.compile(rf"""
    删去\s*(?:(?P<law>{LAW})\s*)?
    (?P<refs>{REFS}|该条|{WHOLE}|名称)中的\s*
    (?P<terms>{TERMS})                                # 删去第X条中的“A”: replaced by nothing
""", re.X)

TERM_CHANGE = re.compile(r"(?P<olds>“[^“”]*”(?:、“[^“”]*”)*)修改为“(?P<new>[^“”]*)”")
TERM = re.compile(r"“([^“”]*)”")

RENUMBER_ALL = re.compile(r"""
    [^。“”：:]*?条文顺序[^。“”：:]*?作相应(?:的)?调整[^。“”：:]*   # …对条文顺序作相应调整，重新公布
""", re.X)

REPUBLISH = re.compile(r"""
    [^。“”：:]*?根据本(?:决定|修正案)[^。“”：:]*?(?:修改|修正)[^。“”：:]*?重新公布   # no text of its own
""", re.X)

IN_FORCE = re.compile(rf"""
    本(?:修正案|修改决定|决定|法)自
    (?P<when>公布之日|{DATE}                       # 自公布之日 / 自2015年11月1日
      |[\s　×X]*年[\s　×X]*月[\s　×X]*日)            # a draft's blank date: 自　　年　　月　　日
    起施行。?
""", re.X)

ADOPTED = re.compile(rf"{DATE}[^。]*?通过")

SEPARATORS = re.compile(r"[\s。；;，,]*(?:(?:并且|并|同时|此外|另外)[，,]?\s*)?")

ITEM_NUMBER = re.compile(rf"""
    (?: (?P<zh>{NUMERAL})、                  # 一、 … 二十一、 (amendments)
      | (?P<arabic>\d{{1,3}})\s*[.．、]\s*      # 1. / 1． / 1、 (some decisions, proposals)
      | （(?P<paren>{NUMERAL})）\s*             # （一） (items inside an omnibus decision's section)
    )""", re.X)

SECTION_HEADING = re.compile(r"""
    (?:(?:对\s*)?《(?P<title>[^》]+)》\s*                # 对《中华人民共和国刑法》
       (?:作(?:出|如下)?(?:修改|修正)|的修改)?\s*[：:]?    # 作出修改 / 作如下修改：
     |修改\s*《(?P<modified>[^》]+)》\s*[：:]?)           # 修改《最高人民法院关于……的解释》
""", re.X)

POINT_START = re.compile(rf"（{NUMERAL}）")
INLINE_POINT = re.compile(rf"(?<=[：:；;。])（({NUMERAL})）")
LAW_TITLE = re.compile(r"《([^》]+)》")
AMENDMENT_TITLE = re.compile(r"(?:中华人民共和国)?(?P<law>.+?)修正案")
QUOTED = re.compile(r"“[^“”]*”")
# ASCII punctuation typed after a Chinese character, where the statute prints the full-width form.
ASCII_PUNCTUATION = re.compile(r"(?<=[\u4e00-\u9fff）”])[,:;]")
FULL_WIDTH = {",": "，", ":": "：", ";": "；"}


# --- text helpers ------------------------------------------------------------------------------

def ordinals(text: str | None) -> tuple[int, ...]:
    """Return the numbers of 第一款、第二款 (or 第三项), in order; () for None."""
    return tuple(parse_ordinal(word)[0] for word in re.findall(rf"第{NUMERAL}[款项]", text or ""))


def short_law_name(name: str) -> str:
    """Return a law's name as cited in instructions: 《中华人民共和国刑法》 → 刑法."""
    return short_title(name)


NESTED_QUOTES = str.maketrans({"‘": "“", "’": "”", "“": "‘", "”": "’"})


def inner_quotes(text: str) -> str:
    """Return quoted new text as the law prints it: quotation marks inside the quotation are ‘…’ and stand for the
    law's “…” (and the other way round: the marks alternate with each level of quotation).

    >>> inner_quotes("属于‘违反法定程序’的")
    '属于“违反法定程序”的'
    """
    return text.translate(NESTED_QUOTES)


def container_eid(path: str) -> str:
    """Return the eId of a heading named by its numbers: 第二章第一节 → chp_2__sec_1."""
    parts = re.findall(rf"第({NUMERAL})(编|分编|章|节)", path)
    return "__".join(f"{CONTAINER_PREFIX[CONTAINER_WORDS[word]]}_{parse_chinese(n)}" for n, word in parts)


LABELLED = re.compile(rf"^(第{NUMERAL}条(?:之{NUMERAL})?)[ \u3000]+")


def snippet(text: str, limit: int = 30) -> str:
    """Return the instruction words of a text (up to its colon, quote or line end), shortened with … if cut."""
    ends = [i for i in (text.find("“"), text.find("："), text.find(":"), text.find("\n")) if i >= 0]
    end = min([*ends, limit, len(text)])
    return text[:end] + ("…" if end < len(text) else "")


def unquote(text: str, sentence: bool = True) -> tuple[str, str, bool]:
    """Return (paragraph without its quotes, text after the closing quote, whether the quote closed)."""
    start = 1 if text.startswith("“") else 0  # points sometimes lack their opening quote
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "“":
            depth += 1
        elif text[i] == "”" and depth:
            depth -= 1
        elif text[i] == "”":
            body, rest = text[start:i], text[i + 1:]
            if sentence and rest.startswith("。") and body and body[-1] not in "。；;：:":
                body, rest = body + "。", rest[1:]  # 处罚”。 — the full stop belongs to the text
            return body, rest, True
    return text[start:], "", False


def full_width(text: str) -> str:
    """Return text with ASCII , : ; after Chinese characters printed full-width."""
    return ASCII_PUNCTUATION.sub(lambda m: FULL_WIDTH[m.group(0)], text)


def split_points(paragraph: str) -> list[str]:
    """Return a paragraph as blocks, points written inline after ： (（一）…；（二）…) each a block of its own."""
    cuts: list[int] = []
    for m in INLINE_POINT.finditer(paragraph):
        if parse_chinese(m.group(1)) == len(cuts) + 1:
            cuts.append(m.start())
    if not cuts or paragraph[cuts[0] - 1] not in "：:":
        return [paragraph]
    bounds = [0, *cuts, len(paragraph)]
    return [paragraph[a:b] for a, b in itertools.pairwise(bounds)]


def label_at(block: str, key: str) -> str | None:
    """Return the article number with its space if the block opens with the article's number, else None."""
    m = re.match(rf"{re.escape(ArticleNumber.parse(key).label)}[ \u3000]+", block)
    return m.group(0) if m else None


def without_label(blocks: list[str], key: str) -> tuple[str, ...]:
    """Return an article's blocks without a leading "第X条 " that repeats its number."""
    label = label_at(blocks[0], key) if blocks else None
    return tuple([blocks[0][len(label):], *blocks[1:]] if label else blocks)


def match_date(m: re.Match[str]) -> datetime.date:
    """Return the date of a DATE match, written in Arabic or Chinese numerals."""
    def number(text: str) -> int:
        return int(text) if text.isdigit() and text.isascii() else parse_chinese(text)
    year = m["y"] if m["y"].isascii() else "".join(str(DIGITS.index(ch.replace("〇", "零"))) for ch in m["y"])
    try:
        return datetime.date(int(year), number(m["m"]), number(m["d"]))
    except ValueError:  # 2015年2月30日, 0000年…
        raise NumberingError(f"not a date: {m.string[m.start('y'):m.end('d') + 1]}") from None


def checked_date(m: re.Match[str], path: str, line: int) -> datetime.date:
    """Return the date of a DATE match; raise ParseError naming the file and line if it is no date."""
    try:
        return match_date(m)
    except NumberingError as exc:
        raise ParseError(exc.message, path=path, line=line) from None


def item_number(text: str) -> tuple[str, int, str, str] | None:
    """Return (style, number, label, prefix) of an item's numbering at the start of a block, or None."""
    m = ITEM_NUMBER.match(text)
    if not m:
        return None
    style = m.lastgroup or ""
    label = m[style]
    try:
        number = int(label) if style == "arabic" else parse_chinese(label)
    except NumberingError:
        return None
    return style, number, label, m.group(0)


def quote_open_after(text: str, open_: bool) -> bool:
    """Return whether a quotation is still open after a block (quotes balance within statutes' text)."""
    for ch in text:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
    return open_
