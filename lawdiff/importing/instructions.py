"""NPC drafting language → operations: read amending instruments and proposals' change lists.

An amending instrument (刑法修正案, 关于修改…的决定) is a list of numbered items (一、二、… or 1. 2. …), each made of
one or more instructions in a closed drafting language, most followed by the new text in quotation marks::

    七、在刑法第二百五十三条后增加一条，作为第二百五十三条之一：“……。
    “……。”

Each instruction becomes one :class:`Operation` (an instruction that adds several articles, or replaces several
terms, becomes one operation per article or term), with the new text split into blocks exactly as a consolidated
statute prints them: one per paragraph (款), one per point (项, starting with （一）), quotes stripped.

>>> item, = parse_instructions(["将刑法第一百条中的“五年”修改为“三年”。"], "proposal.md", 1)
>>> op, = item.operations
>>> str(op.kind), op.article, op.old_term, op.new_term
('replace_term', '100', '五年', '三年')

Irregularities of the national-database text that are read as the drafters meant them: ASCII ``:`` after an
instruction; points with no opening quote; a paragraph with no closing quote (the quote ends with the item, or
where the next instruction begins); a further instruction after the closing quote in the same block; ``处罚”。``
(the full stop outside the quote is kept with the text); points written inline after ``：`` (split into blocks);
in the Criminal Law's amendments, ASCII ``:`` ``,`` ``;`` after a Chinese character inside the new text (printed
full-width, as the statute has them; a decision's new text is kept as typed).
Items keep their text verbatim; only operations' ``new_text`` is normalised so.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from lawdiff.akn.numbering import (
    CONTAINER_PREFIX,
    CONTAINER_WORDS,
    DIGITS,
    NUMERAL,
    ArticleNumber,
    parse_chinese,
    parse_ordinal,
    point_num,
)
from lawdiff.errors import LawdiffError, NumberingError, ParseError
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind, Section, short_title
from lawdiff.importing.styles import Style, style_of

__all__ = [
    "Instrument",
    "Item",
    "OpKind",
    "Operation",
    "parse_instructions",
    "parse_instrument",
]


class _Block(NamedTuple):
    text: str
    line: int


class _RawItem(NamedTuple):
    number: int
    label: str
    prefix: str
    blocks: list[_Block]


# --- the drafting language -------------------------------------------------------------------

_ART = rf"第{NUMERAL}条(?:之{NUMERAL})?"
_PARA = rf"第{NUMERAL}款"
_POINT = rf"第{NUMERAL}项"
# A law as cited: 《中华人民共和国刑法》 or a short name ending in 法 (刑法, 本法, 该法); checked after matching.
_LAW = r"《[^》]+》|[^\s第、，,。：:“”《》]{0,14}?法"
# A heading by its numbers: 第三章 / 第二编第一分编第三章 / 第二章第一节.
_CONTAINER_REF = rf"(?:第{NUMERAL}(?:编|分编|章|节))+"
# Several provisions: 第三百八十一条、第四百一十条 / 第六十九条第一款、第二款 / 第二百二十五条第三项; 名称 (the title).
_REFS = rf"(?:(?:{_ART}|{_PARA}|{_POINT}|名称)[、和]?)*(?:{_ART}|{_PARA}|{_POINT})"
# The whole text: 将本法中的“A”修改为“B”.
_WHOLE = r"本法|本解释|本规定|本决定|本条例|本办法|全文"
# Provisions deleted: as _REFS, and ranges of articles (第十条至第十二条).
_DELETED = rf"(?:(?:{_ART}|{_PARA}|{_POINT})(?:[、和至]|以及)?)*(?:{_ART}|{_PARA}|{_POINT})"
# Quoted terms: “A” or “A”、“B”.
_TERMS = r"“[^“”]*”(?:、“[^“”]*”)*"
# A date in Arabic (2015年11月1日) or Chinese (二〇一五年十一月一日) numerals.
_ZH_DIGITS = "[一二三四五六七八九十]+"
_DATE = rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?P<m>\d{{1,2}}|{_ZH_DIGITS})月(?P<d>\d{{1,2}}|{_ZH_DIGITS})日"

_REPLACE = re.compile(rf"""
    将\s*(?:(?P<law>{_LAW})\s*)?
    (?:(?P<article>{_ART})|该条)               # 该条: the article the item is about
    (?P<paras>{_PARA}(?:[、和]{_PARA})*)?       # 第一款、第二款
    (?P<point>{_POINT})?                       # 第三项
    修改为\s*[：:]                              # the quoted new text follows
""", re.X)

_REPLACE_PREAMBLE = re.compile(rf"""
    (?:将\s*(?:(?P<law>{_LAW})\s*)?(?:的)?(?:引言|序言)修改为|增加(?:引言|序言))\s*[：:]
""", re.X)

_DELETE_PREAMBLE = re.compile(rf"""
    (?:删去|删除)\s*(?:(?P<law>{_LAW})\s*)?(?:的)?(?:引言|序言)(?=[\s。；;，,]|$)
""", re.X)

_REPLACE_TITLE = re.compile(r"""
    将\s*(?:本法的|本解释的|本规定的)?名称修改为\s*[：:]?
""", re.X)

_RENUMBER_ARTICLE = re.compile(rf"""
    将\s*(?:(?P<law>{_LAW})\s*)?(?P<article>{_ART})\s*(?:改为|改作)\s*(?P<new>{_ART})   # 将第十条改为第十一条
    (?P<amend>[，,]\s*(?:并\s*)?修改为\s*[：:])?                                     # ，修改为：“…”
""", re.X)

# A heading by its numbers (第二章的章名) or, for a heading without a number, by its words (标题“附则”; when
# replaced, as the SPC writes it: 将“三、技术转让合同”修改为).
_HEADING_REF = rf"(?:(?P<path>{_CONTAINER_REF})的(?:编|分编|章|节)名|(?:(?P<before>{_ART})前的)?标题“(?P<old>[^“”]*)”)"

_REPLACE_HEADING = re.compile(rf"""
    将\s*(?:{_HEADING_REF}|“(?P<words>[^“”]*)”)\s*修改为\s*[：:]?   # 将第二章的章名修改为“…” / 将“三、…”修改为：
""", re.X)

_DELETE_HEADING = re.compile(rf"""
    (?:删去|删除)\s*{_HEADING_REF}(?=[\s。；;，,]|$)              # 删去第二章的章名
""", re.X)

_INSERT_HEADING = re.compile(rf"""
    在\s*修改后的(?P<anchor>{_ART})前\s*增加(?:一(?P<word>编|分编|章|节)|标题)   # numbered as renumbered: "修改后的"
    (?:[，,]\s*作为(?P<num>第{NUMERAL}(?:编|分编|章|节)))?
    \s*[：:]
""", re.X)

_INSERT_CONTAINER = re.compile(rf"""
    (?:在\s*(?P<within>{_CONTAINER_REF})中\s*)?                    # 在第三章中增加一节
    增加一(?P<word>编|分编|章|节)[，,]?\s*作为(?P<num>第{NUMERAL}(?:编|分编|章|节))
    \s*[：:]                                                     # 增加一章，作为第五章：“第五章 … 第X条 …”
""", re.X)
_INSERT_ARTICLES = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{_LAW})\s*)?
    (?:(?P<article>{_ART})之?后\s*                # 在刑法第二百五十三条后 (在 and 刑法 may be left out; 之后)
      |(?P<within>{_CONTAINER_REF})中\s*)?       # 在第三章中 (a decision: no place, or the heading it goes under)
    增加(?P<count>{NUMERAL})条[，,]?\s*          # 增加一条 / 增加五条
    作为(?P<new>{_ART}(?:[、和]{_ART})*)         # 作为第一百二十条之二、第一百二十条之三 / 作为第五十八条
    \s*[：:]
""", re.X)

_INSERT_PARAGRAPHS = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{_LAW})\s*)?
    (?P<article>{_ART})?                       # left out when a later block adds to the same article
    (?:{_PARA}之?后)?                            # 在第X条第二款后增加一款
    中?\s*增加(?P<count>{NUMERAL})款[，,]?\s*    # 增加一款 / 增加两款 / 增加二款
    作为(?P<paras>{_PARA}(?:[、和]{_PARA})*)     # 作为第二款、第三款
    (?P<restate>[，,]\s*(?:并\s*)?将该条修改为)?  # the whole article is restated: a replacement
    \s*[：:]
""", re.X)

_INSERT_POINTS = re.compile(rf"""
    (?:在\s*)?(?:(?P<law>{_LAW})\s*)?
    (?P<article>{_ART})?(?P<para>{_PARA})?
    中?\s*增加(?P<count>{NUMERAL})项[，,]?\s*    # 刑法第二百二十五条增加一项，
    作为(?P<points>{_POINT}(?:[、和]{_POINT})*)  # 作为第三项
    \s*[：:]
""", re.X)

_RENUMBER = re.compile(rf"""
    原(?P<olds>第{NUMERAL}(?P<unit>[款项])(?:、第{NUMERAL}(?P=unit))*)   # 原第三款 / 原第三项
    \s*(?:作为|改为|改作)\s*
    (?P<news>第{NUMERAL}(?P=unit)(?:、第{NUMERAL}(?P=unit))*)           # 第四款 / 第四项
    (?P<amend>[，,]\s*(?:并\s*)?修改为\s*[：:])?                         # ，修改为：“…”
""", re.X)

_DELETE = re.compile(rf"""
    (?:删去|删除)\s*(?:(?P<law>{_LAW})\s*)?
    (?P<refs>{_DELETED})                       # 第一百九十九条 / 第六十八条第二款 / 第三十一条第一款、第三十五条第一款
    (?=[\s。；;，,]|$)                          # nothing else: 删去…中的“A” deletes a term
""", re.X)

_REPLACE_TERM = re.compile(rf"""
    将\s*(?:(?P<law>{_LAW})\s*)?
    (?P<refs>{_REFS}|该条|{_WHOLE}|名称)中的\s*           # 第三百八十一条、第四百一十条中的
    (?P<changes>{_TERMS}修改为“[^“”]*”                   # “征用”修改为“征收、征用”
        (?:[、，,；;]\s*{_TERMS}修改为“[^“”]*”)*)         # 、“A”修改为“B” …
""", re.X)

_FOLLOWING_TERM = re.compile(rf"""
    (?:将\s*)?(?P<refs>(?:(?:{_PARA}|{_POINT})[、和]?)*(?:{_PARA}|{_POINT}))中的\s*   # …，第二款中的“C”修改为“D”
    (?P<changes>{_TERMS}修改为“[^“”]*”(?:[、，,；;]\s*{_TERMS}修改为“[^“”]*”)*)
""", re.X)

_DELETE_TERM = re.compile(rf"""
    删去\s*(?:(?P<law>{_LAW})\s*)?
    (?P<refs>{_REFS}|该条|{_WHOLE}|名称)中的\s*
    (?P<terms>{_TERMS})                                # 删去第X条中的“A”: replaced by nothing
""", re.X)

_TERM_CHANGE = re.compile(r"(?P<olds>“[^“”]*”(?:、“[^“”]*”)*)修改为“(?P<new>[^“”]*)”")
_TERM = re.compile(r"“([^“”]*)”")

_RENUMBER_ALL = re.compile(r"""
    [^。“”：:]*?条文顺序[^。“”：:]*?作相应(?:的)?调整[^。“”：:]*   # …对条文顺序作相应调整，重新公布
""", re.X)

_REPUBLISH = re.compile(r"""
    [^。“”：:]*?根据本(?:决定|修正案)[^。“”：:]*?(?:修改|修正)[^。“”：:]*?重新公布   # no text of its own
""", re.X)

_IN_FORCE = re.compile(rf"""
    本(?:修正案|修改决定|决定|法)自
    (?P<when>公布之日|{_DATE}                       # 自公布之日 / 自2015年11月1日
      |[\s　×X]*年[\s　×X]*月[\s　×X]*日)            # a draft's blank date: 自　　年　　月　　日
    起施行。?
""", re.X)

_ADOPTED = re.compile(rf"{_DATE}[^。]*?通过")

_SEPARATORS = re.compile(r"[\s。；;，,]*(?:(?:并且|并|同时|此外|另外)[，,]?\s*)?")

_ITEM_NUMBER = re.compile(rf"""
    (?: (?P<zh>{NUMERAL})、                  # 一、 … 二十一、 (amendments)
      | (?P<arabic>\d{{1,3}})\s*[.．、]\s*      # 1. / 1． / 1、 (some decisions, proposals)
      | （(?P<paren>{NUMERAL})）\s*             # （一） (items inside an omnibus decision's section)
    )""", re.X)

_SECTION_HEADING = re.compile(r"""
    (?:(?:对\s*)?《(?P<title>[^》]+)》\s*                # 对《中华人民共和国刑法》
       (?:作(?:出|如下)?(?:修改|修正)|的修改)?\s*[：:]?    # 作出修改 / 作如下修改：
     |修改\s*《(?P<modified>[^》]+)》\s*[：:]?)           # 修改《最高人民法院关于……的解释》
""", re.X)

_POINT_START = re.compile(rf"（{NUMERAL}）")
_INLINE_POINT = re.compile(rf"(?<=[：:；;。])（({NUMERAL})）")
_LAW_TITLE = re.compile(r"《([^》]+)》")
_AMENDMENT_TITLE = re.compile(r"(?:中华人民共和国)?(?P<law>.+?)修正案")
_QUOTED = re.compile(r"“[^“”]*”")
# ASCII punctuation typed after a Chinese character, where the statute prints the full-width form.
_ASCII_PUNCTUATION = re.compile(r"(?<=[\u4e00-\u9fff）”])[,:;]")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；"}


# --- reading one item --------------------------------------------------------------------------

class _ItemReader:
    """Reads the blocks of one item statement by statement, turning each instruction into operations."""

    def __init__(self, raw: _RawItem, path: str, law_names: Sequence[str] | None, named: set[str] | None = None
                 ) -> None:
        self.blocks = raw.blocks
        self.name = raw.label or str(raw.number)
        self.path = path
        # The names the law may be cited by; None: any one law, the first named (kept in ``named`` for the items
        # that follow).
        self.law_names = None if law_names is None else {_short_law_name(name) for name in law_names}
        self.named = set() if named is None else named
        self.index = 0
        self.offset = 0
        self.article: str | None = None  # the article the item is about, for 该条 and follow-on instructions
        self.paragraphs: tuple[int, ...] = ()  # the paragraphs a term replacement named last, for follow-on points
        self.source = ""
        self.line = self.blocks[0].line if self.blocks else 0  # where the instruction being read starts
        self.ops: list[Operation] = []

    def read(self) -> tuple[Operation, ...]:
        """Return the operations of every instruction in the item, in order."""
        while self._skip_separators():
            self._statement()
        return tuple(self.ops)

    # position ---------------------------------------------------------------------------------

    def _rest(self) -> str:
        return self.blocks[self.index].text[self.offset:]

    def _next_block(self) -> None:
        self.index += 1
        self.offset = 0

    def _skip_separators(self) -> bool:
        """Move past punctuation and empty block ends; return False at the end of the item."""
        while self.index < len(self.blocks):
            m = _SEPARATORS.match(self._rest())
            self.offset += m.end() if m else 0
            if self._rest():
                return True
            self._next_block()
        return False

    def _error(self, message: str) -> ParseError:
        return ParseError(f"item {self.name}: {message}", path=self.path, line=self.line)

    # statements -------------------------------------------------------------------------------

    def _statement(self) -> None:
        self.line = self.blocks[self.index].line
        text = self._rest()
        if self.offset == 0 and text.startswith("为"):
            self.offset += _purpose_clause_length(text)
            text = self._rest()
        for form, handler in _FORMS:
            m = form.match(text)
            if m:
                self.source = m.group(0).strip()
                self.offset += m.end()
                try:
                    handler(self, m)
                except NumberingError as e:
                    raise self._error(f"{e.message} in \"{self.source}\"") from None
                return
        raise self._error(f'cannot read instruction: "{_snippet(text)}"')

    def _check_law(self, law: str | None) -> None:
        """Raise ParseError if an instruction names a law other than the one amended."""
        if not law or _short_law_name(law) in _OWN_LAW:
            return
        expected = self.law_names if self.law_names is not None else self.named
        if expected and _short_law_name(law) not in expected:
            raise self._error(f"names another law: {law} (expected {' or '.join(sorted(expected))})")
        if self.law_names is None:
            self.named.add(_short_law_name(law))

    def _target(self, law: str | None, label: str | None) -> str:
        """Return the key of the article an instruction names, or of the item's article when it names none."""
        self._check_law(law)
        if label:
            self.article = ArticleNumber.parse(label).key
        elif self.article is None:
            raise self._error(f'"{self.source}" does not say which article it amends')
        return self.article

    def _emit(self, kind: OpKind, article: str, **fields: object) -> None:
        self.ops.append(Operation(kind, article, source=self.source, **fields))  # type: ignore[arg-type]

    def _no_op(self, m: re.Match[str]) -> None:
        """Entry into force and republication change no text."""

    def _replace(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = _ordinals(m["paras"])
        blocks = self._quote()
        if m["point"]:
            point = parse_ordinal(m["point"])[0]
            self._emit(OpKind.REPLACE_POINT, article, paragraphs=paragraphs, point=point,
                       new_text=self._point_texts([point], blocks)[0])
        elif paragraphs:
            self._check_paragraph_count(paragraphs, blocks)
            self._emit(OpKind.REPLACE_PARAGRAPHS, article, paragraphs=paragraphs, new_text=tuple(blocks))
        else:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=_without_label(blocks, article))

    def _replace_preamble(self, m: re.Match[str]) -> None:
        """将引言修改为 / 增加引言."""
        self._check_law(m["law"])
        self._emit(OpKind.REPLACE_PREAMBLE, "", new_text=tuple(self._quote(sentence=False, empty=True)))

    def _delete_preamble(self, m: re.Match[str]) -> None:
        """删去引言."""
        self._check_law(m["law"])
        self._emit(OpKind.DELETE_PREAMBLE, "")

    def _replace_title(self, m: re.Match[str]) -> None:
        """将名称修改为“…”."""
        blocks = self._quote(sentence=False)
        if len(blocks) != 1:
            raise self._error(f'"{self.source}": the new title is {len(blocks)} blocks, expected one')
        self._emit(OpKind.REPLACE_TITLE, "", new_text=tuple(blocks))

    def _insert_articles(self, m: re.Match[str]) -> None:
        """在第X条后增加一条，作为第X条之一 (placed at once) / 增加一条，作为第Y条 (numbered as renumbered)."""
        after = self._target(m["law"], m["article"]) if m["article"] else ""
        keys = [ArticleNumber.parse(label).key for label in re.findall(_ART, m["new"])]
        self._check_count(m["count"], keys)
        for key in keys:
            number = ArticleNumber.parse(key)
            # 之N: placed after the article named; a plain number: the number in the text as renumbered.
            if number.sub and (not after or number.base != ArticleNumber.parse(after).base):
                where = f"after {ArticleNumber.parse(after).label}" if after else "without the article it follows"
                raise self._error(f"a new article {where} cannot be {number.label}")
        within = _container_eid(m["within"]) if m["within"] else ""
        texts = self._article_texts(keys, self._quote())
        for key, text in zip(keys, texts, strict=True):
            self._emit(OpKind.INSERT_ARTICLE, after, new_article=key, new_text=text, within=within)
            after = key if ArticleNumber.parse(key).sub else after  # several new articles follow one another

    def _renumber_article(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        new = ArticleNumber.parse(m["new"])
        if new.sub:
            raise self._error(f'"{self.source}": an article is renumbered as a whole number, not {new.label}')
        self._emit(OpKind.RENUMBER_ARTICLE, article, new_number=new.base)
        if m["amend"]:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=_without_label(self._quote(), new.key))

    def _heading(self, m: re.Match[str]) -> tuple[str, str | None]:
        """Return (eId, words) of the heading an instruction names: by number, or by its words (no number) and,
        where several headings have those words, the article it stands before (第十条前的标题“…”: ``art_10``)."""
        if m["path"]:
            return _container_eid(m["path"]), None
        if m["old"] is None:
            return "", m.groupdict().get("words")
        return (ArticleNumber.parse(m["before"]).eid if m["before"] else ""), m["old"]

    def _replace_heading(self, m: re.Match[str]) -> None:
        eid, words = self._heading(m)
        self._emit(OpKind.REPLACE_HEADING, eid, old_term=words, new_text=tuple(self._quote(sentence=False)))

    def _delete_heading(self, m: re.Match[str]) -> None:
        eid, words = self._heading(m)
        self._emit(OpKind.DELETE_HEADING, eid, old_term=words)

    def _insert_heading(self, m: re.Match[str]) -> None:
        anchor = ArticleNumber.parse(m["anchor"])
        blocks = self._quote(sentence=False)
        if m["word"]:
            if not m["num"] or not m["num"].endswith(m["word"]):
                raise self._error(f'"{self.source}": say which {m["word"]} it is (作为第N{m["word"]})')
            if not blocks[0].startswith(m["num"]):
                blocks[0] = f"{m['num']} {blocks[0]}"
        self._emit(OpKind.INSERT_HEADING, "", new_article=anchor.key, new_text=tuple(blocks))

    def _insert_container(self, m: re.Match[str]) -> None:
        """增加一章，作为第五章：“第五章 名称 第X条 …”: a new heading and the new articles under it."""
        blocks = self._quote()
        head = blocks[0] if blocks[0].startswith(m["num"]) else f"{m['num']} {blocks[0]}"
        labels = [(i, match) for i, b in enumerate(blocks) if (match := _LABELLED.match(b))]
        if not labels or labels[0][0] < 1:
            raise self._error(f'"{self.source}": the new {m["word"]} holds no article (expected 第X条 … after its '
                              'name)')
        first = ArticleNumber.parse(labels[0][1].group(1))
        self._emit(OpKind.INSERT_HEADING, "", new_article=first.key, new_text=(head, *blocks[1:labels[0][0]]))
        bounds = [i for i, _ in labels] + [len(blocks)]
        for (start, match), end in zip(labels, bounds[1:], strict=True):
            key = ArticleNumber.parse(match.group(1)).key
            self._emit(OpKind.INSERT_ARTICLE, "", new_article=key,
                       new_text=(blocks[start][match.end():], *blocks[start + 1:end]))

    def _insert_paragraphs(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = _ordinals(m["paras"])
        self._check_count(m["count"], paragraphs)
        blocks = self._quote()
        if m["restate"]:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=_without_label(blocks, article))
            return
        self._check_paragraph_count(paragraphs, blocks)
        self._emit(OpKind.INSERT_PARAGRAPHS, article, paragraphs=paragraphs, new_text=tuple(blocks))

    def _insert_points(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = _ordinals(m["para"])
        points = _ordinals(m["points"])
        self._check_count(m["count"], points)
        for point, text in zip(points, self._point_texts(points, self._quote()), strict=True):
            self._emit(OpKind.INSERT_POINT, article, paragraphs=paragraphs, point=point, new_text=text)

    def _renumber(self, m: re.Match[str]) -> None:
        article = self._target(None, None)
        olds, news = _ordinals(m["olds"]), _ordinals(m["news"])
        if len(olds) != len(news):
            raise self._error(f'"{self.source}" renumbers {len(olds)} provisions as {len(news)}')
        if m["amend"] and len(olds) != 1:
            raise self._error(f'"{self.source}" gives one new text for several provisions')
        blocks = self._quote() if m["amend"] else []
        for old, new in zip(olds, news, strict=True):
            if m["unit"] == "款":
                self._emit(OpKind.RENUMBER_PARAGRAPH, article, paragraphs=(old,), new_number=new,
                           new_text=tuple(blocks))
            else:
                text = self._point_texts([new], blocks)[0] if blocks else ()
                self._emit(OpKind.RENUMBER_POINT, article, point=old, new_number=new, new_text=text)

    def _delete(self, m: re.Match[str]) -> None:
        for article, paragraphs, point in self._refs(m):
            if point is not None:
                self._emit(OpKind.DELETE_POINT, article, paragraphs=paragraphs, point=point)
            elif paragraphs:
                self._emit(OpKind.DELETE_PARAGRAPHS, article, paragraphs=paragraphs)
            else:
                self._emit(OpKind.DELETE_ARTICLE, article)

    def _replace_term(self, m: re.Match[str]) -> None:
        refs = self._refs(m)
        for change in _TERM_CHANGE.finditer(m["changes"]):
            for old in _TERM.findall(change["olds"]):
                self._emit_terms(refs, old, change["new"])

    def _following_term(self, m: re.Match[str]) -> None:
        """A further term replacement in the item's article: 将第十条第一款中的“A”修改为“B”，第二款中的“C”修改为“D”."""
        article = self._target(None, None)
        refs: list[tuple[str, tuple[int, ...], int | None]] = []
        for token in re.findall(rf"{_PARA}|{_POINT}", m["refs"]):
            number, unit = parse_ordinal(token)
            if unit == "款":
                refs.append((article, (number,), None))
            elif refs and refs[-1][2] is None:
                refs[-1] = (article, refs[-1][1], number)
            else:  # 第三项 after 第二款第一项: of the paragraph named before
                refs.append((article, refs[-1][1] if refs else self.paragraphs, number))
        for change in _TERM_CHANGE.finditer(m["changes"]):
            for old in _TERM.findall(change["olds"]):
                self._emit_terms(refs, old, change["new"])

    def _delete_term(self, m: re.Match[str]) -> None:
        refs = self._refs(m)
        for old in _TERM.findall(m["terms"]):
            self._emit_terms(refs, old, "")

    def _renumber_all(self, m: re.Match[str]) -> None:
        self._emit(OpKind.RENUMBER_ALL, "")

    # helpers ----------------------------------------------------------------------------------

    def _refs(self, m: re.Match[str]) -> list[tuple[str, tuple[int, ...], int | None]]:
        """Return (article, paragraphs, point) for each provision an instruction names: ``名称`` for the title,
        ``""`` for the whole text (本法中的)."""
        if m["refs"] == "该条":
            return [(self._target(m["law"], None), (), None)]
        self._check_law(m["law"])
        if re.fullmatch(_WHOLE, m["refs"]):
            return [("", (), None)]
        refs: list[tuple[str, tuple[int, ...], int | None]] = []
        for token in re.findall(rf"{_ART}|{_PARA}|{_POINT}|名称|至", m["refs"]):
            if token == "名称":
                refs.append(("名称", (), None))
                continue
            if token == "至":
                refs.append(("至", (), None))
                continue
            if "条" in token:
                key = self._target(m["law"], token)
                if refs and refs[-1][0] == "至":  # 第十条至第十二条: every article between
                    refs.pop()
                    first, last = ArticleNumber.parse(refs[-1][0]), ArticleNumber.parse(key)
                    if first.sub or last.sub or not first.base < last.base:
                        raise self._error(f'"{self.source}": {first.label}至{last.label} is not a range of articles')
                    refs += [(str(n), (), None) for n in range(first.base + 1, last.base)]
                refs.append((key, (), None))
                continue
            if not refs:
                refs.append((self._target(m["law"], None), (), None))
            article, paragraphs, point = refs[-1]
            number, unit = parse_ordinal(token)
            if unit == "款":
                refs[-1] = (article, (*paragraphs, number), point)
            elif point is None:
                refs[-1] = (article, paragraphs, number)
            else:
                refs.append((article, paragraphs, number))
        return refs

    def _emit_terms(self, refs: list[tuple[str, tuple[int, ...], int | None]], old: str, new: str) -> None:
        if not old:
            raise self._error(f'"{self.source}" replaces an empty term')
        old, new = _inner_quotes(old), _inner_quotes(new)
        for article, paragraphs, point in refs:
            self.paragraphs = paragraphs
            if article == "名称":
                self._emit(OpKind.REPLACE_TITLE, "", old_term=old, new_term=new)
            else:
                self._emit(OpKind.REPLACE_TERM, article, paragraphs=paragraphs, point=point, old_term=old,
                           new_term=new)

    def _check_count(self, count: str, numbers: Sequence[object]) -> None:
        if parse_chinese(count) != len(numbers):
            raise self._error(f'"{self.source}" adds {count} but numbers {len(numbers)}')

    def _check_paragraph_count(self, paragraphs: tuple[int, ...], blocks: list[str]) -> None:
        found = sum(1 for block in blocks if not _POINT_START.match(block))
        if found != len(paragraphs):
            raise self._error(f'"{self.source}" names {len(paragraphs)} paragraph(s) but the quoted text has {found}')

    def _point_texts(self, points: Sequence[int], blocks: list[str]) -> list[tuple[str, ...]]:
        """Return each point's block, numbered （N） as a consolidated statute prints it."""
        if len(blocks) != len(points):
            raise self._error(f'"{self.source}" names {len(points)} point(s) but the quoted text has {len(blocks)}')
        return [(block if _POINT_START.match(block) else point_num(n) + block,)
                for n, block in zip(points, blocks, strict=True)]

    def _article_texts(self, keys: list[str], blocks: list[str]) -> list[tuple[str, ...]]:
        """Return the blocks of each new article; several new articles each open with their number."""
        if len(keys) == 1:
            return [_without_label(blocks, keys[0])]
        texts: list[list[str]] = []
        for block in blocks:
            label = _label_at(block, keys[len(texts)]) if len(texts) < len(keys) else None
            if label:
                texts.append([block[len(label):]])
            elif texts:
                texts[-1].append(block)
            else:
                break
        if len(texts) != len(keys):
            missing = ArticleNumber.parse(keys[len(texts)]).label
            raise self._error(f'"{self.source}": the quoted text of {missing} does not start with its number')
        return [tuple(text) for text in texts]

    def _starts_statement(self, text: str) -> bool:
        return any(form.match(text) for form, _ in _FORMS)

    def _quote(self, sentence: bool = True, empty: bool = False) -> list[str]:
        """Return the quoted new text that follows an instruction, as blocks; move past it. ``sentence``: a full
        stop right after the closing quote belongs to the text (not for a heading or a title); ``empty``: the text
        may be an empty line (a preamble or a heading's lines printed as one)."""
        if not self._rest().strip():
            self._next_block()
        paragraphs: list[str] = []
        while self.index < len(self.blocks):
            text = self._rest()
            if not text.startswith("“") and self._starts_statement(text):
                break  # no (closing) quote: the next instruction begins here
            body, rest, closed = _unquote(text, sentence)
            paragraphs.append(body)
            if closed:
                self.offset += len(text) - len(rest)
                break
            self._next_block()
        if not paragraphs or not (paragraphs[0] or empty):
            raise self._error(f'"{self.source}" is not followed by the new text')
        return [block for paragraph in paragraphs
                for block in _split_points(self._printed(_inner_quotes(paragraph)))]

    def _printed(self, text: str) -> str:
        """Return new text as the amended law prints it. The national database's 修正案 (the Criminal Law's) type
        ASCII , : ; after Chinese characters where the consolidated law prints them full-width; a decision's new
        text is kept as typed (a law may print them in ASCII: a draft must give it back exactly)."""
        names = self.law_names if self.law_names is not None else self.named
        if any(style_of(name) is Style.AMENDMENT for name in names):
            return _full_width(text)
        return text


_Handler = Callable[[_ItemReader, re.Match[str]], None]

# Instruction forms, tried in this order (term forms before the plain forms they begin like).
_INSTRUCTIONS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_REPLACE_TERM, _ItemReader._replace_term),
    (_DELETE_TERM, _ItemReader._delete_term),
    (_REPLACE_PREAMBLE, _ItemReader._replace_preamble),
    (_DELETE_PREAMBLE, _ItemReader._delete_preamble),
    (_REPLACE_TITLE, _ItemReader._replace_title),
    (_REPLACE_HEADING, _ItemReader._replace_heading),
    (_DELETE_HEADING, _ItemReader._delete_heading),
    (_INSERT_HEADING, _ItemReader._insert_heading),
    (_INSERT_CONTAINER, _ItemReader._insert_container),
    (_RENUMBER_ARTICLE, _ItemReader._renumber_article),
    (_REPLACE, _ItemReader._replace),
    (_INSERT_ARTICLES, _ItemReader._insert_articles),
    (_INSERT_PARAGRAPHS, _ItemReader._insert_paragraphs),
    (_INSERT_POINTS, _ItemReader._insert_points),
    (_RENUMBER, _ItemReader._renumber),
    (_DELETE, _ItemReader._delete),
    (_FOLLOWING_TERM, _ItemReader._following_term),
)
# Every statement an item may hold: the loose sentence forms last, so that no instruction is read as one of them.
_FORMS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_IN_FORCE, _ItemReader._no_op),
    *_INSTRUCTIONS,
    (_RENUMBER_ALL, _ItemReader._renumber_all),
    (_REPUBLISH, _ItemReader._no_op),
)


# --- text helpers ------------------------------------------------------------------------------

def _ordinals(text: str | None) -> tuple[int, ...]:
    """Return the numbers of 第一款、第二款 (or 第三项), in order; () for None."""
    return tuple(parse_ordinal(word)[0] for word in re.findall(rf"第{NUMERAL}[款项]", text or ""))


def _short_law_name(name: str) -> str:
    """Return a law's name as cited in instructions: 《中华人民共和国刑法》 → 刑法."""
    return short_title(name)


_NESTED_QUOTES = str.maketrans({"‘": "“", "’": "”", "“": "‘", "”": "’"})


def _inner_quotes(text: str) -> str:
    """Return quoted new text as the law prints it: quotation marks inside the quotation are ‘…’ and stand for the
    law's “…” (and the other way round: the marks alternate with each level of quotation).

    >>> _inner_quotes("属于‘违反法定程序’的")
    '属于“违反法定程序”的'
    """
    return text.translate(_NESTED_QUOTES)


def _container_eid(path: str) -> str:
    """Return the eId of a heading named by its numbers: 第二章第一节 → chp_2__sec_1."""
    parts = re.findall(rf"第({NUMERAL})(编|分编|章|节)", path)
    return "__".join(f"{CONTAINER_PREFIX[CONTAINER_WORDS[word]]}_{parse_chinese(n)}" for n, word in parts)


_LABELLED = re.compile(rf"^(第{NUMERAL}条(?:之{NUMERAL})?)[ \u3000]+")


def _snippet(text: str, limit: int = 30) -> str:
    """Return the instruction words of a text (up to its colon, quote or line end), shortened with … if cut."""
    ends = [i for i in (text.find("“"), text.find("："), text.find(":"), text.find("\n")) if i >= 0]
    end = min([*ends, limit, len(text)])
    return text[:end] + ("…" if end < len(text) else "")


def _purpose_clause_length(text: str) -> int:
    """Return the length of a leading 为了……， clause that an instruction follows, or 0 if none does."""
    for m in re.finditer(r"[，,]", text.split("“", 1)[0]):
        if any(form.match(text[m.end():]) for form, _ in _INSTRUCTIONS):
            return m.end()
    return 0


def _unquote(text: str, sentence: bool = True) -> tuple[str, str, bool]:
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


def _full_width(text: str) -> str:
    """Return text with ASCII , : ; after Chinese characters printed full-width."""
    return _ASCII_PUNCTUATION.sub(lambda m: _FULL_WIDTH[m.group(0)], text)


def _split_points(paragraph: str) -> list[str]:
    """Return a paragraph as blocks, points written inline after ： (（一）…；（二）…) each a block of its own."""
    cuts: list[int] = []
    for m in _INLINE_POINT.finditer(paragraph):
        if parse_chinese(m.group(1)) == len(cuts) + 1:
            cuts.append(m.start())
    if not cuts or paragraph[cuts[0] - 1] not in "：:":
        return [paragraph]
    bounds = [0, *cuts, len(paragraph)]
    return [paragraph[a:b] for a, b in itertools.pairwise(bounds)]


def _label_at(block: str, key: str) -> str | None:
    """Return the article number with its space if the block opens with the article's number, else None."""
    m = re.match(rf"{re.escape(ArticleNumber.parse(key).label)}[ \u3000]+", block)
    return m.group(0) if m else None


def _without_label(blocks: list[str], key: str) -> tuple[str, ...]:
    """Return an article's blocks without a leading "第X条 " that repeats its number."""
    label = _label_at(blocks[0], key) if blocks else None
    return tuple([blocks[0][len(label):], *blocks[1:]] if label else blocks)


def _date(m: re.Match[str]) -> datetime.date:
    """Return the date of a _DATE match, written in Arabic or Chinese numerals."""
    def number(text: str) -> int:
        return int(text) if text.isdigit() and text.isascii() else parse_chinese(text)
    year = m["y"] if m["y"].isascii() else "".join(str(DIGITS.index(ch.replace("〇", "零"))) for ch in m["y"])
    try:
        return datetime.date(int(year), number(m["m"]), number(m["d"]))
    except ValueError:  # 2015年2月30日, 0000年…
        raise NumberingError(f"not a date: {m.string[m.start('y'):m.end('d') + 1]}") from None


def _checked_date(m: re.Match[str], path: str, line: int) -> datetime.date:
    """Return the date of a _DATE match; raise ParseError naming the file and line if it is no date."""
    try:
        return _date(m)
    except NumberingError as exc:
        raise ParseError(exc.message, path=path, line=line) from None


def _item_number(text: str) -> tuple[str, int, str, str] | None:
    """Return (style, number, label, prefix) of an item's numbering at the start of a block, or None."""
    m = _ITEM_NUMBER.match(text)
    if not m:
        return None
    style = m.lastgroup or ""
    label = m[style]
    try:
        number = int(label) if style == "arabic" else parse_chinese(label)
    except NumberingError:
        return None
    return style, number, label, m.group(0)


def _quote_open_after(text: str, open_: bool) -> bool:
    """Return whether a quotation is still open after a block (quotes balance within statutes' text)."""
    for ch in text:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
    return open_


def _starts_instruction(text: str) -> bool:
    """Return whether a block is or contains (after a purpose clause) an instruction."""
    return any(form.match(text) for form, _ in _INSTRUCTIONS) or _purpose_clause_length(text) > 0


# --- items and sections -------------------------------------------------------------------------

def _split_items(blocks: list[_Block]) -> tuple[list[_Block], list[_RawItem]]:
    """Return (preamble blocks, items): items numbered 一、/1./（一） in sequence, or one unnumbered item."""
    items: list[_RawItem] = []
    first = _first_item(blocks)
    if first is None:
        start = next((i for i, b in enumerate(blocks) if _starts_instruction(b.text)), len(blocks))
        if start < len(blocks):
            items.append(_RawItem(1, "", "", blocks[start:]))
        return blocks[:start], items
    start, style = first
    quote_open = False
    for block in blocks[start:]:
        numbering = _item_number(block.text)
        expected = len(items) + 1
        # Inside a quotation (new text numbering its lines 1. 2. …) a number opens an item only if an instruction
        # follows it: amendments leave some quotations unclosed.
        opens = numbering and numbering[0] == style and numbering[1] == expected and (
            not quote_open or (style != "paren" and _starts_instruction(block.text[len(numbering[3]):])))
        if opens:
            assert numbering is not None
            _, number, label, prefix = numbering
            items.append(_RawItem(number, label, prefix, [_Block(block.text[len(prefix):], block.line)]))
            quote_open = False
        else:
            items[-1].blocks.append(block)
        quote_open = _quote_open_after(block.text, quote_open)
    return blocks[:start], items


def _first_item(blocks: list[_Block]) -> tuple[int, str] | None:
    """Return (index, numbering style) of the block that opens item 1, or None if items are not numbered."""
    quote_open = False
    for i, block in enumerate(blocks):
        numbering = _item_number(block.text)
        if numbering and numbering[1] == 1 and not quote_open:
            return i, numbering[0]
        quote_open = _quote_open_after(block.text, quote_open)
    return None


def _section_title(text: str) -> str | None:
    """Return the document a section heading (一、对《中华人民共和国X法》作出修改 / 一、修改《…》) names, or None."""
    numbering = _item_number(text)
    m = _SECTION_HEADING.fullmatch(text[len(numbering[3]):] if numbering else text)
    return (m["title"] or m["modified"]) if m else None


def _closing_statement(text: str) -> bool:
    """Return whether a block (after its numbering) is an entry-into-force or republication sentence."""
    numbering = _item_number(text)
    rest = text[len(numbering[3]):] if numbering else text
    return any(form.match(rest) for form in (_IN_FORCE, _REPUBLISH, _RENUMBER_ALL))


def _sections(blocks: list[_Block]) -> tuple[list[tuple[str, int, list[_Block]]], list[_Block]]:
    """Return the sections of an omnibus decision as (document title, heading index, blocks), and the decision's
    closing sentences (entry into force, republication) that follow the last section; ([], []) if none."""
    headings = []
    quote_open = False
    for i, block in enumerate(blocks):
        if not quote_open and not block.text.startswith("“") and _section_title(block.text):
            headings.append(i)
        quote_open = _quote_open_after(block.text, quote_open)
    sections = []
    closing: list[_Block] = []
    for n, start in enumerate(headings):
        body = blocks[start + 1:headings[n + 1] if n + 1 < len(headings) else len(blocks)]
        if n + 1 == len(headings):
            while body and _closing_statement(body[-1].text):
                closing.insert(0, body.pop())
        sections.append((_section_title(blocks[start].text) or "", start, body))
    return sections, closing


def _closing_items(blocks: list[_Block], after: int) -> list[_RawItem]:
    """Return closing sentences as items numbered after ``after`` (those without a number of their own)."""
    items: list[_RawItem] = []
    for block in blocks:
        numbering = _item_number(block.text)
        _, number, label, prefix = numbering or ("", after + len(items) + 1, "", "")
        items.append(_RawItem(number, label, prefix, [_Block(block.text[len(prefix):], block.line)]))
    return items


def _laws_named(raw: _RawItem) -> set[str]:
    """Return the short names of the laws an item's instructions name (quoted text left out: each block up to
    its first opening quote and after its last closing one)."""
    words = []
    for block in raw.blocks:
        text = block.text
        opened, closed = text.find("“"), text.rfind("”")
        words.append(text if opened < 0 else text[:opened] + (text[closed + 1:] if closed > opened else ""))
    return {_short_law_name(title) for title in _LAW_TITLE.findall("\n".join(words))}


def _law_of_title(title: str) -> str | None:
    """Return the short name of the law an instrument's title amends: 中华人民共和国刑法修正案（七） → 刑法."""
    m = _LAW_TITLE.search(title) or _AMENDMENT_TITLE.match(title)
    return _short_law_name(m.group(1)) if m else None


def _section(heading: _Block | None, target: str, blocks: list[_Block], raws: list[_RawItem] | None,
             path: str) -> Section:
    """Return one section: its heading, the blocks before its first item and its items, read for ``target``."""
    preamble: list[_Block] = []
    if raws is None:
        preamble, raws = _split_items(blocks)
    items = _read_items(raws, path, (target, "本法"))
    line = heading.line if heading else raws[0].blocks[0].line
    return Section(heading.text if heading else "", target, line, items, tuple(b.text for b in preamble))


def _read_body(blocks: list[_Block], title: str, path: str
               ) -> tuple[list[_Block], tuple[Item, ...], tuple[Section, ...], str]:
    """Return (preamble, items, sections, target) of an instrument's body.

    An omnibus decision amends several documents: in sections headed 《title》 (一、修改《…》, 一、对《…》作出修改),
    or in items each naming the law they amend (一、将《中华人民共和国土地管理法》第二条…); its items are then the
    closing sentences after the last section. Any other instrument amends the document its title names.
    """
    found, closing = _sections(blocks)
    if found:
        sections = tuple(_section(blocks[start], heading, body, None, path) for heading, start, body in found)
        items = _read_items(_closing_items(closing, 0), path, ())
        return blocks[:found[0][1]], items, sections, ""
    preamble, raws = _split_items(blocks)
    named = [_laws_named(raw) for raw in raws]
    laws = {law for names in named for law in names}
    if len(laws) > 1:  # items naming the laws they amend: consecutive items of one law make a section
        groups: list[tuple[str, list[_RawItem]]] = []
        for raw, names in zip(raws, named, strict=True):
            if len(names) == 1:
                law = next(iter(names))
                if groups and groups[-1][0] == law:
                    groups[-1][1].append(raw)
                else:
                    groups.append((law, [raw]))
            elif groups and not names:
                groups[-1][1].append(raw)
            else:
                groups.append(("", [raw]))
        tail: list[_RawItem] = []
        while groups and all(not _laws_named(raw) for raw in groups[-1][1][-1:]):
            tail.insert(0, groups[-1][1].pop())
            if not groups[-1][1]:
                groups.pop()
        sections = tuple(_section(None, law, [], group, path) for law, group in groups)
        return preamble, _read_items(tail, path, ()), sections, ""
    amended = next(iter(laws), None) or _law_of_title(title)
    return preamble, _read_items(raws, path, (amended, "本法") if amended else ("本法",)), (), amended or ""


def _in_force(blocks: list[_Block], adopted: datetime.date | None, path: str) -> tuple[str, datetime.date | None]:
    """Return (sentence, date) of the instrument's entry into force; a law in force on promulgation takes the
    adoption date (NPC Standing Committee instruments are promulgated the day they are adopted)."""
    for block in reversed(blocks):
        numbering = _item_number(block.text)
        sentence = block.text[len(numbering[3]):] if numbering else block.text
        m = _IN_FORCE.match(sentence)
        if m:
            if m["when"] == "公布之日":
                return m.group(0), adopted
            return m.group(0), _checked_date(m, path, block.line) if m["y"] else None  # None: a draft's blank date
    return "", None


# --- public API ----------------------------------------------------------------------------------

def _blocks(texts: Sequence[str], first_line: int) -> list[_Block]:
    """Return blocks with their line numbers, blocks being separated by one blank line."""
    blocks: list[_Block] = []
    line = first_line
    for text in texts:
        blocks.append(_Block(text, line))
        line += text.count("\n") + 2
    return blocks


#: How an item cites the law it amends without naming it.
_OWN_LAW = ("本法", "该法", "本解释", "本规定", "本条例", "本办法", "本决定")


def _read_items(raws: list[_RawItem], path: str, law_names: Sequence[str] | None) -> tuple[Item, ...]:
    """Return the items with their operations read (``law_names`` None: the law is whichever one the items name)."""
    named: set[str] = set()
    return tuple(
        Item(raw.number, raw.label, tuple(b.text for b in raw.blocks),
             _ItemReader(raw, path, law_names, named).read(), raw.blocks[0].line, raw.prefix)
        for raw in raws
    )



def parse_instructions(blocks: Sequence[str], path: str, first_line: int,
                       law_names: Sequence[str] | None = ("刑法", "本法")) -> tuple[Item, ...]:
    """Return the items (with operations) of a list of instruction blocks, e.g. a proposal's "## Changes".

    Blocks are numbered items (一、 / 1. / （一）) or, unnumbered, one item. Blocks before the first item that are
    not instructions (an introduction) are not part of any item. ``first_line`` is the line of the first block;
    blocks are taken to be separated by one blank line. ``law_names`` are the names the amended law may be cited
    by (本法, 该法 and the 中华人民共和国 form are always accepted); None accepts one law, the first the items name.
    """
    _, raws = _split_items(_blocks(blocks, first_line))
    return _read_items(raws, path, law_names)


def parse_instrument(text: str, path: str = "<string>", target: str | None = None) -> Instrument:
    """Return the instrument read from national-database Markdown (``# title``, history, ``<!-- INFO END -->``).

    An omnibus decision keeps every section (see `Instrument.sections`); ``target`` (``中华人民共和国刑法`` or
    ``刑法``) returns the instrument as it amends that document only (`Instrument.for_document`). Raise ParseError
    naming the file, line and item of anything that cannot be read.
    """
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ParseError("expected the title as the first line (# 中华人民共和国…)", path=path, line=1)
    try:
        end = lines.index("<!-- INFO END -->")
    except ValueError:
        raise ParseError("expected a line <!-- INFO END --> after the history lines", path=path, line=2) from None
    title = lines[0][2:].strip()
    header = tuple(line for line in lines[1:end] if line.strip())
    body = [_Block(line, n) for n, line in enumerate(lines[end + 1:], start=end + 2) if line.strip()]
    preamble, items, sections, law = _read_body(body, title, path)
    adopted = next((_checked_date(m, path, n) for n, m in enumerate(map(_ADOPTED.search, lines[1:end]), start=2)
                    if m), None)
    in_force_text, in_force = _in_force(body, adopted, path)
    instrument = Instrument(title, header, adopted, tuple(b.text for b in preamble), items, in_force, in_force_text,
                            law, sections)
    if target is None:
        return instrument
    try:
        return instrument.for_document(target)
    except LawdiffError as exc:
        line = sections[0].line if sections else (items[0].line if items else 1)
        raise ParseError(exc.message, path=path, line=line) from None
