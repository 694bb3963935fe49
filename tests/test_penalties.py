"""Penalties as data, on the real Criminal Law and the versions its amendments made."""

from __future__ import annotations

import sys

import pytest

from lawdiff.akn import numbering
from lawdiff.akn.model import Provision, Statute
from lawdiff.analysis.penalties import (
    DETENTION,
    FIXED_TERM,
    GENERAL_LIMITS,
    HEAVIER,
    LIGHTER,
    NEEDS_JUDGE,
    NOT_COMPARABLE,
    SAME,
    Sanction,
    compare,
    penalties,
    sentence_limits,
)
from lawdiff.importing.markdown import import_markdown
from lawdiff.library import Library
from lawdiff.rendering.reports import penalties_table


@pytest.fixture(scope="module")
def law(library: Library) -> Statute:
    return library.current("criminal-law")


def around(library: Library, amendment: int, key: str) -> tuple[Provision | None, Provision | None]:
    """Return an article just before and just after an amendment took effect (None: not in that version)."""
    before, after = (library.resolve(f"criminal-law@amendment-{k:02d}") for k in (amendment - 1, amendment))
    return tuple(Provision(el) if el is not None else None  # type: ignore[return-value]
                 for el in (before.find(f"art_{key}"), after.find(f"art_{key}")))


def test_the_general_limits_are_those_the_law_states(law: Statute) -> None:
    assert sentence_limits(law) == GENERAL_LIMITS
    assert GENERAL_LIMITS.fixed_term == (6, 180)


def test_tiers_of_253_1(law: Statute) -> None:
    tiers = penalties(law.article("253-1"))
    serious, very_serious = tiers[0], tiers[1]
    assert (serious.source, serious.grade, serious.supplementary) == ("art_253-1__para_1", "情节严重", "并处或者单处罚金")
    assert serious.principal == (Sanction(FIXED_TERM, None, 36), Sanction(DETENTION))
    assert (serious.minimum().label, serious.maximum().label) == ("单处罚金", "3年有期徒刑并处罚金")
    assert very_serious.principal == (Sanction(FIXED_TERM, 36, 84),)
    assert (very_serious.minimum().months, very_serious.maximum().months) == (36, 84)
    # 依照前款的规定从重处罚 borrows both tiers of the first paragraph
    insiders = [t for t in tiers if t.source == "art_253-1__para_2"]
    assert [(t.grade, t.borrowed_from, t.adjustment) for t in insiders] == [
        ("情节严重", "art_253-1__para_1", "从重"), ("情节特别严重", "art_253-1__para_1", "从重")]
    unit = [t for t in tiers if t.source == "art_253-1__para_4"]
    assert unit[0].unit and unit[0].principal[0].kind == "罚金"
    assert {t.borrowed_from for t in unit[1:]} == {"art_253-1__para_1"}


def test_tiers_of_the_whole_law(law: Statute) -> None:
    tiers = [t for article in law.articles() for t in penalties(article)]
    stated = [t for t in tiers if not t.borrowed_from]
    print(f"\ncriminal-law: {len(stated)} tiers stated in the text ({sum(t.unit for t in stated)} fines on units), "
          f"{len(tiers)} with borrowed ones")
    assert len(stated) > 850
    assert penalties(law.article("45")) == []  # the general part states no offences
    assert penalties(law.article("199")) == []  # deleted
    # life imprisonment or death as the top of a tier, read from 处十年以上有期徒刑、无期徒刑或者死刑
    assert penalties(law.article("121"))[1].maximum().label == "死刑"


def test_253_1_vii_to_ix_raised_the_maximum_from_three_to_seven_years(library: Library) -> None:
    _, vii, ix = library.timeline("criminal-law").versions("253-1")
    old = library.resolve(f"criminal-law@{vii.start}").article("253-1")
    new = library.resolve(f"criminal-law@{ix.start}").article("253-1")
    result = compare(old, new)
    assert (result.maximum, result.minimum, result.verdict) == (HEAVIER, SAME, HEAVIER)
    assert result.old_range and result.new_range
    assert (result.old_range[1].months, result.new_range[1].months) == (36, 84)


#: (amendment, article, direction), each read off the two texts:
CHANGES = [
    (9, "151", LIGHTER),  # 走私武器、弹药…情节特别严重: 无期徒刑或者死刑 → 无期徒刑
    (9, "239", LIGHTER),  # 杀害被绑架人: 处死刑 → 处无期徒刑或者死刑
    (9, "164", HEAVIER),  # 数额较大: 并处罚金 added
    (9, "120-1", SAME),  # more conduct (资助恐怖活动培训), the same tiers
    (9, "133-1", SAME),  # more conduct (校车, 危险化学品), still 拘役并处罚金
    (9, "291-1", SAME),  # a new offence in a new paragraph (new conduct, not a heavier penalty); the old one unchanged
    (7, "285", SAME),  # likewise: 第二款, 第三款 new offences; 第一款 unchanged (the badge was 刑罚不变 beside changed ranges)
    (12, "390", LIGHTER),  # 五年以下 → 三年以下 for 行贿; the new grounds of 从重 (第二款) do not change the ranges
    (12, "387", NEEDS_JUDGE),  # 五年以下 → 三年以下, and a new 情节特别严重 tier up to ten years
    (11, "161", HEAVIER),  # 三年以下 → 五年以下, and 五年以上十年以下 for 情节特别严重
    (11, "163", NEEDS_JUDGE),  # lower tiers lowered, 数额特别巨大 up to 无期徒刑
    # 猥亵儿童: 拘役 no longer available (heavier); with 恶劣情节, 五年以上 as before but without the 从重 of
    # 依照前两款的规定从重处罚 (lighter): the tier decides
    (11, "237", NEEDS_JUDGE),
    (11, "277", HEAVIER),  # 袭警: its own tiers, up to seven years
    (11, "303", HEAVIER),  # 开设赌场: 三年以下 → 五年以下
    (11, "338", HEAVIER),  # 污染环境: a tier of 七年以上
    (11, "134", SAME),
    (11, "175-1", SAME),
    (11, "341", SAME),
    (11, "408-1", SAME),
]


@pytest.mark.parametrize(("amendment", "key", "direction"), CHANGES, ids=[f"{a}-{k}" for a, k, _ in CHANGES])
def test_direction_of_amended_articles(library: Library, amendment: int, key: str, direction: str) -> None:
    old, new = around(library, amendment, key)
    assert compare(old, new).verdict == direction


def test_death_penalty_removed_is_read_from_the_text(library: Library) -> None:
    result = compare(*around(library, 9, "151"))
    assert result.old_range and result.new_range
    assert (result.old_range[1].label, result.new_range[1].label) == ("死刑并处没收财产", "无期徒刑并处没收财产")
    assert result.reasons == ("第一百五十一条第一款 情节特别严重: 无期徒刑并处没收财产–死刑并处没收财产 → "
                              "无期徒刑并处没收财产–无期徒刑并处没收财产 (lighter)",)


def test_what_cannot_be_compared(library: Library) -> None:
    # Amendment VIII rewrote Art. 264 (theft: 死刑 removed) whole: the 1997 text is not in the corpus
    theft = compare(*around(library, 8, "264"))
    assert (theft.verdict, theft.reasons) == (NOT_COMPARABLE, ("第二百六十四条: the old version's text is not in the "
                                                              "corpus",))
    # 危险驾驶 did not exist before Amendment VIII
    assert compare(*around(library, 8, "133-1")).reasons == ("第一百三十三条之一: not in force in the old version",)
    # Amendment IX deleted Art. 199 (death penalty for fund-raising fraud)
    assert compare(*around(library, 9, "199")).reasons == ("第一百九十九条: deleted （删去） in the new version",)


def test_penalties_table(library: Library) -> None:
    table = penalties_table([compare(*around(library, 9, "253-1")), compare(*around(library, 9, "151")),
                          compare(*around(library, 8, "133-1"))])
    assert table.splitlines() == [
        "article             maximum                                    change          minimum                "
        "change          verdict",
        "第二百五十三条之一  3年有期徒刑并处罚金 → 7年有期徒刑并处罚金  heavier         单处罚金 → 单处罚金    "
        "same            heavier",
        "第一百五十一条      死刑并处没收财产 → 无期徒刑并处没收财产    lighter         单处罚金 → 单处罚金    "
        "same            lighter",
        "第一百三十三条之一  — → 6个月拘役并处罚金                      not comparable  — → 1个月拘役并处罚金  "
        "not comparable  not comparable",
        # Amendment IX moved VII's insiders' offence (第一款) to 第二款, 依照前款的规定从重处罚, and punished anyone's
        # sale in a new 第一款 (amendment-07.md:31, amendment-09.md:95)
        "  第二百五十三条之一第一款 → 第二款 情节严重: 单处罚金–3年有期徒刑并处罚金 → 单处罚金–3年有期徒刑并处罚金 "
        "(heavier; 从重 now required)",
        "  第二百五十三条之一第一款 → 第二款: the words describing the conduct changed",
        "  第二百五十三条之一第一款 → 第二款 情节严重 → 情节特别严重: 单处罚金–3年有期徒刑并处罚金 → "
        "3年有期徒刑并处罚金–7年有期徒刑并处罚金 (heavier)",
        "  第二百五十三条之一第二款 → 第三款: the words describing the conduct changed",
        "  第二百五十三条之一第三款 → 第四款: the words describing the conduct changed",
        "  第二百五十三条之一第三款 → 第四款 情节严重: 单处罚金–3年有期徒刑并处罚金 → 单处罚金–3年有期徒刑并处罚金 "
        "(heavier; 从重 now required)",
        "  第二百五十三条之一第一款 情节严重 (new conduct): — → 单处罚金–3年有期徒刑并处罚金",
        "  第二百五十三条之一第一款 情节特别严重 (new conduct): — → 3年有期徒刑并处罚金–7年有期徒刑并处罚金",
        "  第一百五十一条第一款 情节特别严重: 无期徒刑并处没收财产–死刑并处没收财产 → "
        "无期徒刑并处没收财产–无期徒刑并处没收财产 (lighter)",
        "  第一百三十三条之一: not in force in the old version"]


def test_tiers_are_paired_by_the_conduct_they_punish(library: Library) -> None:
    # diff criminal-law@2021-03-01 criminal-law@2009-02-28 --penalties used to pair IX's 情节特别严重 (3–7 years)
    # with VII's 情节严重 and print it as "第一款 情节严重: 3年–7年 → 单处罚金–3年": the grades of both are named now,
    # and IX's 第一款 (anyone's sale) is conduct VII did not punish at all
    ix, vii = (library.resolve(ref).article("253-1") for ref in ("criminal-law@2021-03-01", "criminal-law@2009-02-28"))
    reasons = compare(ix, vii).reasons
    assert "第二百五十三条之一第二款 → 第一款 情节特别严重 → 情节严重: 3年有期徒刑并处罚金–7年有期徒刑并处罚金 → " \
           "单处罚金–3年有期徒刑并处罚金 (lighter)" in reasons
    assert "第二百五十三条之一第一款 情节严重 (no longer punished): 单处罚金–3年有期徒刑并处罚金 → —" in reasons
    assert not any(r.startswith("第二百五十三条之一第一款 情节严重: 3年") for r in reasons)


def test_a_grade_in_a_paragraph_of_its_own_is_a_grade_of_the_offence(library: Library) -> None:
    # proposal public-legal-interest: 犯前款罪，…数量特别巨大或者严重损害社会公共利益的，处七年以上有期徒刑 — a heavier
    # grade of 第一款's offence, not new conduct
    result = compare(library.resolve("criminal-law@2021-03-01").article("253-1"),
                     library.resolve("proposal:public-legal-interest").article("253-1"))
    assert result.verdict == HEAVIER
    assert any("(heavier; a grade of 第二百五十三条之一第一款's offence)" in r for r in result.reasons)


def test_the_verdict_never_contradicts_the_ranges(library: Library) -> None:
    # 法释〔1997〕12号 第一条: the maximum first, then the minimum — so a verdict of the same penalty has the same
    # ranges, and a heavier (lighter) one never a lower (higher) maximum
    timeline = library.timeline("criminal-law")
    checked = 0
    for k, instrument in enumerate(timeline.instruments, 1):
        for key in dict.fromkeys(op.target for item in instrument.items for op in item.operations if op.target):
            old, new = (timeline.states[i].find(f"art_{key}") for i in (k - 1, k))
            result = compare(Provision(old) if old is not None else None, Provision(new) if new is not None else None)
            if result.verdict == SAME:
                assert (result.maximum, result.minimum) == (SAME, SAME), (instrument.title, key)
            elif result.verdict in (HEAVIER, LIGHTER):
                assert result.maximum != (LIGHTER if result.verdict == HEAVIER else HEAVIER), (instrument.title, key)
            checked += 1
    assert checked > 200


def test_a_new_mandatory_ground_of_heavier_punishment_is_heavier() -> None:
    old = statute("第一条 行贿的，处三年以下有期徒刑。")
    new = statute("第一条 行贿的，处三年以下有期徒刑。\n\n有下列情形之一的，从重处罚：\n\n（一）多次行贿的；\n\n（二）向多人行贿的。")
    result = compare(old.article("1"), new.article("1"))
    assert (result.maximum, result.minimum, result.verdict) == (SAME, SAME, HEAVIER)  # not 刑罚不变
    assert result.reasons == ("第一条第二款: grounds of mandatory heavier punishment (从重处罚) added (heavier)",)
    may = statute("第一条 行贿的，处三年以下有期徒刑。\n\n有下列情形之一的，可以从重处罚：\n\n（一）多次行贿的。")
    assert compare(old.article("1"), may.article("1")).verdict == SAME  # 可以从重: not mandatory
    assert compare(new.article("1"), old.article("1")).verdict == LIGHTER


# --- borrowing in a circle, and long chains of borrowing -----------------------------------------------------


def statute(*articles: str) -> Statute:
    """Return a law of the given articles (``第一条 …``, paragraphs separated by blank lines), built in memory."""
    return import_markdown("# 试验法\n\n2000年1月1日 通过\n\n<!-- INFO END -->\n\n" + "\n\n".join(articles),
                           path="test.md", name="test-law")


def borrowing(provision: Provision) -> list[tuple[str, str, str]]:
    return [(t.source, t.borrowed_from, t.adjustment) for t in penalties(provision)]


def test_two_articles_borrowing_from_each_other() -> None:
    law = statute("第一条 盗窃财物，数额较大的，处三年以下有期徒刑。\n\n抢夺财物的，依照第二条的规定从重处罚。",
                  "第二条 诈骗财物的，依照第一条的规定处罚。",
                  "第三条 甲的，依照第四条的规定处罚。",
                  "第四条 乙的，依照第三条的规定处罚。")
    # the circle lends nothing more than what is stated on the way: 第一条第一款's tier
    assert borrowing(law.article("1")) == [("art_1__para_1", "", ""), ("art_1__para_2", "art_1__para_1", "从重")]
    assert borrowing(law.article("2")) == [("art_2__para_1", "art_1__para_1", "")]
    # paragraph → article → the article of that paragraph
    assert borrowing(law.provision("art_1__para_2")) == [("art_1__para_2", "art_1__para_1", "从重")]
    assert penalties(law.article("2"))[0].condition == "诈骗财物的"
    # nothing stated anywhere in the circle: no tiers, and nothing to compare
    assert penalties(law.article("3")) == penalties(law.article("4")) == []
    result = compare(law.article("3"), law.article("3"))
    assert (result.verdict, result.reasons) == (NOT_COMPARABLE, ("第三条: no penalties for persons in the old version",))


def test_an_article_borrowing_from_itself() -> None:
    law = statute("第一条 盗窃财物，数额较大的，处三年以下有期徒刑。\n\n抢夺财物的，依照第一条的规定处罚。",
                  "第二条 诈骗财物的，依照第二条的规定处罚。")
    assert borrowing(law.article("1")) == [("art_1__para_1", "", ""), ("art_1__para_2", "art_1__para_1", "")]
    assert penalties(law.article("2")) == []


def test_three_articles_borrowing_in_a_circle() -> None:
    law = statute("第一条 甲的，依照第二条的规定处罚。",
                  "第二条 乙的，处拘役。\n\n丙的，依照第三条的规定从轻处罚。",
                  "第三条 丁的，依照第一条的规定处罚。")
    assert borrowing(law.article("1")) == [("art_1__para_1", "art_2__para_1", "")]
    assert borrowing(law.article("2")) == [("art_2__para_1", "", ""), ("art_2__para_2", "art_2__para_1", "从轻")]
    assert borrowing(law.article("3")) == [("art_3__para_1", "art_2__para_1", "")]
    assert {t.principal for t in penalties(law.article("3"))} == {(Sanction(DETENTION),)}


def test_a_chain_of_borrowing_longer_than_the_recursion_limit() -> None:
    n = sys.getrecursionlimit() + 50
    law = statute(*(f"{numbering.ArticleNumber(k).label} 第{k}种行为的，依照{numbering.ArticleNumber(k + 1).label}的规定"
                    "处罚。" for k in range(1, n)), f"{numbering.ArticleNumber(n).label} 盗窃的，处拘役。")
    assert borrowing(law.article("1")) == [("art_1__para_1", f"art_{n}__para_1", "")]


def test_a_dense_web_of_citations_is_read_once_per_paragraph() -> None:
    # every article also punishes as the next two do: the ways round the circles grow as the Fibonacci numbers
    # (about 10⁸ here), the tiers they lend do not
    n = 40
    label = [numbering.ArticleNumber(k % n + 1).label for k in range(n + 2)]
    law = statute(*(f"{label[k]} 盗窃第{k}种财物的，处拘役。\n\n抢夺的，依照{label[k + 1]}、{label[k + 2]}的规定处罚。"
                    for k in range(n)))
    tiers = penalties(law.article("1"))
    assert tiers[0].source == "art_1__para_1" and not tiers[0].borrowed_from
    assert sorted(t.borrowed_from for t in tiers[1:]) == sorted(f"art_{k}__para_1" for k in range(1, n + 1))
