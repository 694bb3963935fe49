"""Chinese numerals, article numbers, ordinals and eIds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawdiff.akn import numbering as n
from lawdiff.errors import NumberingError


@given(st.integers(min_value=1, max_value=n.MAX_NUMBER))
def test_every_number_round_trips(value: int) -> None:
    assert n.parse_chinese(n.to_chinese(value)) == value


def test_all_numbers_1_to_9999_round_trip_and_are_distinct() -> None:
    seen = {n.to_chinese(v) for v in range(1, 10000)}
    assert len(seen) == 9999
    assert all(n.to_chinese(n.parse_chinese(s)) == s for s in seen)


@pytest.mark.parametrize(("value", "text"), [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"),
    (253, "二百五十三"), (452, "四百五十二"), (1001, "一千零一"), (1010, "一千零一十"), (1034, "一千零三十四"),
    (1260, "一千二百六十"), (9999, "九千九百九十九"), (10000, "一万"), (10001, "一万零一"), (10010, "一万零一十"),
    (10100, "一万零一百"), (11000, "一万一千"), (20010, "二万零一十"), (100000, "十万"), (110000, "十一万"),
    (1000001, "一百万零一"), (99999999, "九千九百九十九万九千九百九十九"),
])
def test_statutory_forms(value: int, text: str) -> None:
    assert n.to_chinese(value) == text
    assert n.parse_chinese(text) == value


@pytest.mark.parametrize("bad", ["", "一十", "二二", "百", "十百", "一百零零一", "零", "万", "一万万", "一万零十",
                                 "十万零一千", "一千万零", "万一", "abc", "一百十"])
def test_malformed_numerals_are_refused(bad: str) -> None:
    with pytest.raises(NumberingError):
        n.parse_chinese(bad)


def test_liang_reads_as_two() -> None:
    assert n.parse_chinese("两") == 2


@given(st.integers(1, 99999), st.integers(0, 6))
def test_article_numbers_round_trip(base: int, sub: int) -> None:
    num = n.ArticleNumber(base, sub)
    assert n.ArticleNumber.parse(num.label) == num
    assert n.ArticleNumber.parse(num.key) == num
    assert n.ArticleNumber.parse(num.eid) == num


def test_article_forms() -> None:
    assert n.article_label("253-1") == "第二百五十三条之一"
    assert n.article_key("第二百五十三条之一") == "253-1"
    assert n.article_key("第一百二十条之六") == "120-6"
    assert n.ArticleNumber.parse("253") < n.ArticleNumber.parse("253-1") < n.ArticleNumber.parse("254")
    with pytest.raises(NumberingError, match="not an article number"):
        n.ArticleNumber.parse("第二百五十三款")


def test_ordinals_and_points() -> None:
    assert n.paragraph_label(2) == "第二款"
    assert n.point_num(3) == "（三）"
    assert n.parse_point_num("（十二）") == 12
    assert n.parse_ordinal("第三项") == (3, "项")
    with pytest.raises(NumberingError):
        n.parse_point_num("(3)")


@given(st.integers(1, 999), st.integers(0, 3), st.integers(1, 9), st.integers(1, 20))
def test_eids_round_trip(base: int, sub: int, para: int, point: int) -> None:
    key = n.ArticleNumber(base, sub).key
    assert n.parse_eid(n.eid(key, para, point)) == (key, para, point)
    assert n.parse_eid(n.eid(key, para)) == (key, para, None)


def test_eid_convention() -> None:
    assert n.eid("253-1", 2, 3) == "art_253-1__para_2__point_3"
    assert n.provision_label("art_225__para_1__point_3") == "第二百二十五条第一款第三项"
    with pytest.raises(NumberingError):
        n.parse_eid("art_253-1__point_2")
