"""Chinese legal numbering and Akoma Ntoso eIds — every numbering rule lives here.

Forms handled (as printed in PRC statutes):

- numerals: 一 … 九, 十, 十一, 二十, 一百零一, 一百一十, 四百五十二, 一千二百六十, 九千九百九十九, 一万, 一万零一十,
  十二万三千四百五十六 (up to 九千九百九十九万九千九百九十九)
- article numbers: 第二百五十三条之一 ⇄ ``253-1`` (the 之N suffix becomes ``-N``)
- paragraph ordinals: 第二款 ⇄ 2; point ordinals: 第三项 / （三） ⇄ 3
- eIds by the AKN naming convention (``prefix_num``, ``__`` between levels)::

    第二百五十三条之一        → art_253-1
    第二百五十三条之一第二款   → art_253-1__para_2
    第二百二十五条第一款第三项 → art_225__para_1__point_3

>>> to_chinese(253), parse_chinese('二百五十三')
('二百五十三', 253)
>>> article_label('253-1'), article_key('第二百五十三条之一')
('第二百五十三条之一', '253-1')
>>> eid('253-1', 2, 3)
'art_253-1__para_2__point_3'
>>> parse_eid('art_253-1__para_2')
('253-1', 2, None)
"""

from __future__ import annotations

import re
from functools import total_ordering

from lawdiff.errors import NumberingError

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {ch: i for i, ch in enumerate(DIGITS)}
_DIGIT_VALUE["两"] = 2  # 两款, 两条 in instructions ("增加两款")
_DIGIT_VALUE["〇"] = 0
_UNITS = {"十": 10, "百": 100, "千": 1000}

#: One Chinese numeral as used in statutes (also matches 两).
NUMERAL = r"[零〇一二两三四五六七八九十百千万]+"

#: The largest number a Chinese numeral is written for here (九千九百九十九万九千九百九十九).
MAX_NUMBER = 99_999_999
_WAN = 10_000


def to_chinese(n: int) -> str:
    """Return the statutory Chinese numeral for 1 ≤ n ≤ 99,999,999 (10 → 十, 110 → 一百一十, 101 → 一百零一,
    10010 → 一万零一十, 100000 → 十万).

    >>> to_chinese(10010), to_chinese(12345), to_chinese(100000)
    ('一万零一十', '一万二千三百四十五', '十万')
    """
    if not isinstance(n, int) or not 1 <= n <= MAX_NUMBER:
        raise NumberingError(f"cannot write {n!r} as a Chinese numeral: expected a whole number from 1 to "
                             f"{MAX_NUMBER:,}")
    high, low = divmod(n, _WAN)
    if not high:
        return _below_wan(low)
    if not low:
        return _below_wan(high) + "万"
    return _below_wan(high) + "万" + ("零" if low < 1000 else "") + _below_wan(low, leading=False)


def _below_wan(n: int, leading: bool = True) -> str:
    """Return the numeral of 1 ≤ n ≤ 9999; ``leading``: the numeral starts the number (十一, not 一十一)."""
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if digit == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        # 10–19 are written 十, 十一 … without a leading 一 when they start the number.
        if unit == "十" and digit == 1 and not parts and leading:
            parts.append("十")
        else:
            parts.append(DIGITS[digit] + unit)
    return "".join(parts)


def parse_chinese(text: str) -> int:
    """Return the integer a statutory Chinese numeral stands for; raise NumberingError if malformed.

    Only canonical forms are accepted, so that ``parse_chinese(to_chinese(n)) == n`` and
    ``to_chinese(parse_chinese(s)) == s`` for every accepted ``s`` (两 aside, which stands for 2).
    """
    if not text or not re.fullmatch(NUMERAL, text):
        raise NumberingError(f"not a Chinese numeral: {text!r}")
    if text.count("万") > 1 or text.startswith("万"):
        raise NumberingError(f"not a Chinese numeral: {text!r} (万 out of place)")
    high, wan, low = text.partition("万")
    total = _section_value(high, text) * _WAN + _section_value(low, text) if wan else _section_value(text, text)
    if total == 0 or total > MAX_NUMBER:
        raise NumberingError(f"Chinese numeral out of range: {text!r}")
    canonical = to_chinese(total)
    if canonical != text.replace("两", "二").replace("〇", "零"):
        raise NumberingError(f"not a canonical Chinese numeral: {text!r} (expected {canonical!r})")
    return total


def _section_value(text: str, whole: str) -> int:
    """Return the value of the part of a numeral on one side of 万 (at most 9999), read leniently: `parse_chinese`
    checks the whole numeral is written canonically."""
    total = 0
    digit: int | None = None
    last_unit = _WAN
    for ch in text:
        if ch in _DIGIT_VALUE:
            if digit is not None and digit != 0:
                raise NumberingError(f"not a Chinese numeral: {whole!r} (two digits in a row)")
            digit = _DIGIT_VALUE[ch]
        else:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise NumberingError(f"not a Chinese numeral: {whole!r} (units out of order)")
            if digit is None:
                if unit != 10 or total:
                    raise NumberingError(f"not a Chinese numeral: {whole!r} (unit without a digit)")
                digit = 1
            if digit == 0:
                raise NumberingError(f"not a Chinese numeral: {whole!r} (零 before a unit)")
            total += digit * unit
            last_unit = unit
            digit = None
    if digit:
        total += digit
    return total


# --- article numbers -------------------------------------------------------------------------

#: Patterns of provisions as a statute cites them, without groups: 第二百五十三条之一, 第二款, 第三项.
ARTICLE = rf"第{NUMERAL}条(?:之{NUMERAL})?"
PARAGRAPH = rf"第{NUMERAL}款"
POINT = rf"第{NUMERAL}项"

_ARTICLE_KEY = re.compile(r"^(?:Article )?(\d+)(?:-(\d+))?$")
ARTICLE_LABEL = re.compile(rf"^第({NUMERAL})条(?:之({NUMERAL}))?$")


@total_ordering
class ArticleNumber:
    """An article number such as 253 or 253-1 (第二百五十三条之一); ordered as in the statute."""

    __slots__ = ("base", "sub")

    def __init__(self, base: int, sub: int = 0) -> None:
        if not 1 <= base <= MAX_NUMBER or not 0 <= sub <= 99:
            raise NumberingError(f"article number out of range: {base}-{sub}")
        self.base = base
        self.sub = sub

    @classmethod
    def parse(cls, text: str) -> ArticleNumber:
        """Return the number written as ``253-1``, ``第二百五十三条之一``, ``Article 253-1`` or ``art_253-1``."""
        text = text.strip()
        if text.startswith("art_"):
            text = text[4:]
        m = _ARTICLE_KEY.match(text)
        if m:
            return cls(int(m.group(1)), int(m.group(2) or 0))
        m = ARTICLE_LABEL.match(text)
        if m:
            return cls(parse_chinese(m.group(1)), parse_chinese(m.group(2)) if m.group(2) else 0)
        raise NumberingError(f"not an article number: {text!r} (expected e.g. 253-1 or 第二百五十三条之一)")

    @property
    def key(self) -> str:
        """Return the number as used in eIds and on the command line: ``253-1``."""
        return f"{self.base}-{self.sub}" if self.sub else str(self.base)

    @property
    def label(self) -> str:
        """Return the number as printed in the statute: ``第二百五十三条之一``."""
        suffix = f"之{to_chinese(self.sub)}" if self.sub else ""
        return f"第{to_chinese(self.base)}条{suffix}"

    @property
    def eid(self) -> str:
        return f"art_{self.key}"

    def _tuple(self) -> tuple[int, int]:
        return (self.base, self.sub)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArticleNumber) and self._tuple() == other._tuple()

    def __lt__(self, other: ArticleNumber) -> bool:
        return self._tuple() < other._tuple()

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return f"ArticleNumber({self.key!r})"


def article_key(text: str) -> str:
    """Return the eId key (``253-1``) of an article number written in any accepted form."""
    return ArticleNumber.parse(text).key


def article_label(text: str) -> str:
    """Return the printed label (``第二百五十三条之一``) of an article number written in any accepted form."""
    return ArticleNumber.parse(text).label


# --- paragraph and point ordinals ----------------------------------------------------------

def paragraph_label(n: int) -> str:
    """Return 第N款 for paragraph n."""
    return f"第{to_chinese(n)}款"


def point_label(n: int) -> str:
    """Return 第N项 for point n (as cited in text)."""
    return f"第{to_chinese(n)}项"


def point_num(n: int) -> str:
    """Return the point's printed number （N）."""
    return f"（{to_chinese(n)}）"


_POINT_NUM = re.compile(rf"^（({NUMERAL})）$")
_ORDINAL = re.compile(rf"^第({NUMERAL})([款项条])$")


def parse_point_num(text: str) -> int:
    """Return n for a point number （n）."""
    m = _POINT_NUM.match(text)
    if not m:
        raise NumberingError(f"not a point number: {text!r} (expected e.g. （三）)")
    return parse_chinese(m.group(1))


def parse_ordinal(text: str) -> tuple[int, str]:
    """Return (n, kind) for 第N款 / 第N项 / 第N条, kind being 款, 项 or 条."""
    m = _ORDINAL.match(text)
    if not m:
        raise NumberingError(f"not an ordinal: {text!r} (expected e.g. 第二款 or 第三项)")
    return parse_chinese(m.group(1)), m.group(2)


# --- eIds ----------------------------------------------------------------------------------

_EID = re.compile(r"^art_(\d+(?:-\d+)?)(?:__para_(\d+)(?:__point_(\d+))?)?$")


def eid(article: str | ArticleNumber, para: int | None = None, point: int | None = None) -> str:
    """Return the AKN eId of an article, paragraph or point: ``art_225__para_1__point_3``."""
    num = article if isinstance(article, ArticleNumber) else ArticleNumber.parse(article)
    out = num.eid
    if para is not None:
        out += f"__para_{para}"
        if point is not None:
            out += f"__point_{point}"
    elif point is not None:
        raise NumberingError("a point eId needs its paragraph")
    return out


#: The eId prefix of each kind of element below the article (``__para_2``, ``__point_3``).
_CHILD_PREFIX = {"paragraph": "para", "point": "point"}


def child_eid(parent: str, kind: str, n: int) -> str:
    """Return the eId of the n-th paragraph or point, or of a numbered container, below a parent eId (``""`` for
    the body): ``child_eid("art_253-1", "paragraph", 2) == "art_253-1__para_2"``,
    ``child_eid("book_2", "chapter", 4) == "book_2__chp_4"``."""
    own = f"{_CHILD_PREFIX.get(kind) or CONTAINER_PREFIX[kind]}_{n}"
    return f"{parent}__{own}" if parent else own


def article_eid_of(eid: str) -> str | None:
    """Return the eId of the article a provision eId belongs to (``art_253-1__para_2`` → ``art_253-1``), or None
    for an eId that is not below an article."""
    head = eid.split("__", 1)[0]
    return head if head.startswith("art_") else None


def parse_eid(value: str) -> tuple[str, int | None, int | None]:
    """Return (article key, paragraph, point) of a provision eId; raise NumberingError otherwise."""
    m = _EID.match(value)
    if not m:
        raise NumberingError(f"not a provision eId: {value!r} (expected e.g. art_253-1__para_2)")
    return m.group(1), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def provision_label(value: str) -> str:
    """Return the way a statute cites a provision eId: ``art_225__para_1__point_3`` → 第二百二十五条第一款第三项."""
    art, para, point = parse_eid(value)
    out = article_label(art)
    if para is not None:
        out += paragraph_label(para)
    if point is not None:
        out += point_label(point)
    return out


# Hierarchy containers above the article: 编 book, 分编 part, 章 chapter, 节 section.
CONTAINER_WORDS = {"编": "book", "分编": "part", "章": "chapter", "节": "section"}
CONTAINER_PREFIX = {"book": "book", "part": "part", "chapter": "chp", "section": "sec"}
CONTAINER_RANK = {"book": 1, "part": 2, "chapter": 3, "section": 4}
CONTAINER_HEADING = re.compile(rf"^第({NUMERAL})(分编|编|章|节)$")
