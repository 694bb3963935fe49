"""Criminal Law Article 12 (从旧兼从轻) on the real versions of the Criminal Law: a casebook.

Each answer is checked against the primary source that supports it — the amendments, the SPC's interpretation of
Art. 12 (法释〔1997〕12号) and its interpretations on the temporal effect of Amendments VIII and IX, all in the corpus
(file and line cited and read here).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, run

from lawdiff.analysis.applicable import (
    ACT_VERSION,
    FOR_A_JUDGE,
    JUDGMENT_VERSION,
    NOT_AN_OFFENCE,
    NOT_IN_CORPUS,
    Decision,
    applicable,
)
from lawdiff.analysis.penalties import HEAVIER, LIGHTER, NEW, SAME
from lawdiff.errors import LawdiffError, UnknownProvision
from lawdiff.library import Library

AMENDMENTS = CORPUS / "prc-criminal-law" / "amendments"
TEMPORAL = CORPUS / "related" / "temporal"
ART12 = TEMPORAL / "spc-art12-interpretation-1997-12-31.md"
VIII_TEMPORAL = TEMPORAL / "spc-amendment-08-temporal-2011-04-25.md"
IX_TEMPORAL = TEMPORAL / "spc-amendment-09-temporal-2015-10-29.md"


def cited(path: Path, n: int, words: str) -> str:
    """Return ``words`` after checking that line ``n`` of the corpus file says them."""
    assert words in path.read_text(encoding="utf-8").splitlines()[n - 1], f"{path.name}:{n}: {words!r}"
    return words


def decide(library: Library, article: str, act: str, judgment: str, tier: str | None = None) -> Decision:
    return applicable(library.timeline("criminal-law"), "criminal-law", article, dt.date.fromisoformat(act),
                      dt.date.fromisoformat(judgment), tier=tier,
                      interpretations=library.temporal_interpretations("criminal-law"))



def test_the_interpretation_of_art_12_compares_the_tier_the_conduct_fits() -> None:
    # 法释〔1997〕12号 第一条: 处刑较轻 is the lower 法定最高刑, with equal maxima the lower 法定最低刑; 第二条: of the
    # 法定刑幅度 the conduct falls in, where the offence has several
    cited(ART12, 13, "法定刑较轻是指法定最高刑较轻；如果法定最高刑相同，则指法定最低刑较轻")
    cited(ART12, 15, "法定最高刑或者最低刑是指具体犯罪行为应当适用的法定刑幅度的最高刑或者最低刑")


# --- 1. the tier the conduct fits -----------------------------------------------------------------------------


def test_151_smuggling_only_the_tiers_ix_changed_are_lighter(library: Library) -> None:
    # amendment-09.md:69 (item 九) rewrote only 第一款: 情节特别严重 处无期徒刑 (no longer 死刑); 第二款 (文物、黄金、
    # 白银…) it did not touch
    cited(AMENDMENTS / "amendment-09.md", 69, "九、将刑法第一百五十一条第一款修改为")
    cited(AMENDMENTS / "amendment-09.md", 69, "情节特别严重的，处无期徒刑，并处没收财产")
    decision = decide(library, "151", "2014-06-01", "2016-06-01")
    assert (decision.outcome, decision.by_tier) == (FOR_A_JUDGE, True)
    by_label = {t.label.split(" (also")[0]: t.outcome for t in decision.tiers}
    assert by_label["第一百五十一条第一款 情节特别严重"] == JUDGMENT_VERSION
    relics = [t for t in decision.tiers if "文物" in t.label or t.label.startswith("第一百五十一条第二款")]
    assert relics and all(t.outcome == ACT_VERSION for t in relics)  # not "lighter → 裁判时法"
    assert decision.explain().endswith("applies: a judge must decide: it depends on the tier the conduct fits — "
                                       "[1, 3, 4, 5, 6, 7, 8] the version in force at the time of the act (行为时法); "
                                       "[2] the version in force at judgment (裁判时法)\n")


def test_the_tier_asked_for(library: Library) -> None:
    decision = decide(library, "151", "2014-06-01", "2016-06-01", tier="2")
    assert decision.outcome == JUDGMENT_VERSION and [t.number for t in decision.tiers] == [2]
    relics = decide(library, "151", "2014-06-01", "2016-06-01", tier="文物")
    assert relics.outcome == ACT_VERSION
    with pytest.raises(LawdiffError, match="no tier '情节一般'"):
        decide(library, "151", "2014-06-01", "2016-06-01", tier="情节一般")
    code, out, _ = run("applicable", "151", "--act-date", "2014-06-01", "--judgment-date", "2016-06-01", "--tier", "2",
                       "--root", REPO)
    assert code == 0 and out.endswith("applies: the version in force at judgment (裁判时法)\n")


def test_a_heavier_tier_keeps_the_law_at_the_time_of_the_act(library: Library) -> None:
    # amendment-11.md: Art. 303 开设赌场 三年以下 → 五年以下 (the same conduct, a higher maximum)
    decision = decide(library, "303", "2020-06-01", "2021-06-01", tier="第二款 开设赌场")
    assert decision.outcome == ACT_VERSION
    assert {t.change.direction for t in decision.tiers} == {HEAVIER}


def test_tiers_moving_in_different_directions(library: Library) -> None:
    # Amendment XI, Art. 163: the lower tiers lowered, 数额特别巨大 up to 无期徒刑
    decision = decide(library, "163", "2020-06-01", "2021-06-01")
    assert decision.outcome == FOR_A_JUDGE and decision.by_tier
    assert {t.change.direction for t in decision.tiers} >= {HEAVIER, LIGHTER}


# --- 2. the elements of the offence ----------------------------------------------------------------------------


def test_253_1_a_sale_by_a_non_insider_was_no_offence_under_vii(library: Library) -> None:
    # amendment-07.md:31 (item 七): VII punished 国家机关或者金融、电信…单位的工作人员 selling what their unit obtained;
    # amendment-09.md:95 (item 十七): IX punishes anyone who 向他人出售或者提供公民个人信息
    cited(AMENDMENTS / "amendment-07.md", 31, "国家机关或者金融、电信、交通、教育、医疗等单位的工作人员")
    cited(AMENDMENTS / "amendment-09.md", 95, "违反国家有关规定，向他人出售或者提供公民个人信息，情节严重的")
    decision = decide(library, "253-1", "2014-05-01", "2016-03-01")
    assert decision.outcome == FOR_A_JUDGE and decision.by_tier
    new = [t for t in decision.tiers if t.change.direction == NEW]
    assert [t.label for t in new] == ["第二百五十三条之一第一款 情节严重", "第二百五十三条之一第一款 情节特别严重"]
    assert all(t.outcome == NOT_AN_OFFENCE for t in new)
    insiders = decision.tiers[0]
    assert insiders.label == "第二百五十三条之一第一款 → 第二款 情节严重"  # VII's 第一款 is IX's 第二款 (从重)
    assert insiders.change.elements_changed and insiders.if_offence == ACT_VERSION
    assert "whether the act was an offence under the text at the time of the act is for the judge" in \
        insiders.reasons[0]


def test_133_1_items_three_and_four_did_not_exist_in_2012(library: Library) -> None:
    # amendment-09.md: item 八 rewrote Art. 133-1 with (三) 校车…超载超速 and (四) 危险化学品; VIII's text (2011) had
    # only 追逐竞驶 and 醉酒驾驶
    cited(AMENDMENTS / "amendment-08.md", 81, "在道路上驾驶机动车追逐竞驶，情节恶劣的，或者在道路上醉酒驾驶机动车的")
    decision = decide(library, "133-1", "2012-06-01", "2016-06-01")
    first = decision.tiers[0]
    assert first.change.elements_changed and first.outcome == FOR_A_JUDGE and first.if_offence == ACT_VERSION
    assert "（三）从事校车业务或者旅客运输" in first.reasons[0]


# --- 3. penalties another article sets: Art. 199 and Art. 192 -------------------------------------------------


def test_deleting_199_abolished_a_penalty_not_an_offence(library: Library) -> None:
    # amendment-08.md:117 (item 三十): Art. 199 set 无期徒刑或者死刑 for the offence of Art. 192 (犯本节第一百九十二条
    # 规定之罪…的); amendment-09.md:81 (item 十二): 删去刑法第一百九十九条
    cited(AMENDMENTS / "amendment-08.md", 117, "犯本节第一百九十二条规定之罪，数额特别巨大并且给国家和人民利益造成特别重大损失的，处无期徒刑或者死刑")
    cited(AMENDMENTS / "amendment-09.md", 81, "十二、删去刑法第一百九十九条。")
    decision = decide(library, "199", "2014-06-01", "2016-06-01")
    assert decision.outcome == JUDGMENT_VERSION
    text = decision.explain()
    assert "不认为是犯罪的" not in text and "only set a heavier penalty for the offence of 第一百九十二条" in text
    assert "Not 不认为是犯罪: the law at judgment punishes the conduct more lightly" in text


def test_192_the_death_penalty_of_199_is_gone_for_the_tier_it_covered(library: Library) -> None:
    decision = decide(library, "192", "2014-06-01", "2016-06-01")
    assert decision.by_tier
    own, lent = decision.tiers
    assert own.outcome == ACT_VERSION and own.label == "第一百九十二条's own tiers"  # the same (1997) text
    assert lent.outcome == JUDGMENT_VERSION and lent.change.direction == LIGHTER
    assert lent.change.old is not None and lent.change.old.maximum().label == "死刑并处没收财产"
    assert "set by 第一百九十九条 for 第一百九十二条's offence" in lent.label
    assert "第一百九十九条 no longer sets it at judgment" in lent.reasons[0]
    # judged after XI rewrote Art. 192 (amendment-11.md:45): compared with 192's own highest tier then
    later = decide(library, "192", "2014-06-01", "2022-06-01", tier="第一百九十九条")
    [answer] = later.tiers
    assert answer.change.new is not None and answer.change.new.maximum().label == "无期徒刑并处罚金或者没收财产"
    assert answer.outcome == JUDGMENT_VERSION


# --- 4. the SPC's interpretations on the temporal effect of VIII and IX ---------------------------------------


def test_viii_interpretation_decides_the_prohibition_order_under_art_38(library: Library) -> None:
    words = cited(VIII_TEMPORAL, 13, "适用修正后刑法第三十八条第二款或者第七十二条第二款的规定")
    decision = decide(library, "38", "2011-01-01", "2011-06-01")
    [citation] = decision.citations
    assert citation.article == "第一条" and words in citation.text and citation.outcome == JUDGMENT_VERSION
    assert decision.outcome == JUDGMENT_VERSION
    assert "its 法释 number is not in the corpus" in decision.explain()
    # the same question after the change: nothing to decide
    assert decide(library, "38", "2012-01-01", "2013-01-01").citations == ()


def test_ix_interpretation_on_life_imprisonment_for_383_and_386(library: Library) -> None:
    words = cited(IX_TEMPORAL, 23, "适用修正后刑法第三百八十三条第四款的规定。根据修正前刑法判处死刑缓期执行足以罚当其罪的，不适用")
    for key in ("383", "386"):  # 386 (受贿) applies the penalties of 383
        decision = decide(library, key, "2015-01-01", "2016-01-01")
        [citation] = decision.citations
        assert citation.article == "第八条" and words in citation.text and citation.outcome is None  # it distinguishes
        assert decision.outcome == NOT_IN_CORPUS  # 383 before IX is the 1997 text, not in the corpus


def test_ix_interpretation_on_the_occupational_ban(library: Library) -> None:
    cited(IX_TEMPORAL, 7, "对于2015年10月31日以前因利用职业便利实施犯罪，或者实施违背职业要求的特定义务的犯罪的，不适用修正后刑法第三十七条之一第一款的规定")
    decision = decide(library, "37-1", "2015-06-01", "2016-06-01")
    assert [c.outcome for c in decision.citations] == [ACT_VERSION]


# --- what did not exist, and what cannot be told -----------------------------------------------------------------


def test_an_article_that_does_not_exist_is_refused(library: Library) -> None:
    with pytest.raises(UnknownProvision, match="no article 1000"):
        decide(library, "1000", "2012-01-01", "2016-01-01")
    code, out, err = run("applicable", "1000", "--act-date", "2012-01-01", "--judgment-date", "2016-01-01",
                         "--root", REPO)
    assert (code, out, err) == (1, "", "error: no article 1000 (第一千条) in criminal-law at any date\n")


def test_253_1_did_not_exist_in_1995(library: Library) -> None:
    decision = decide(library, "253-1", "1995-01-01", "2016-06-01")
    assert decision.outcome == NOT_AN_OFFENCE
    assert decision.reasons[0].startswith("第二百五十三条之一 did not exist at the time of the act: it took effect on "
                                          "2009-02-28")
    assert "text not in corpus" not in decision.explain()


def test_before_253_1_existed_the_act_was_not_a_crime_under_it(library: Library) -> None:
    decision = decide(library, "253-1", "2008-06-01", "2016-01-01")
    assert decision.outcome == NOT_AN_OFFENCE
    lines = decision.explain().splitlines()
    assert lines[1] == "at the act: not in force (1997-10-01 – 2009-02-27)"
    assert lines[3].startswith("第二百五十三条之一 was not in force at the time of the act (it took effect on "
                               "2009-02-28): the act was not a crime under this article then")


def test_190_before_and_after_the_1998_decision_is_not_did_not_change(library: Library) -> None:
    decision = decide(library, "190", "1998-06-01", "1999-06-01")
    assert decision.outcome == NOT_IN_CORPUS
    text = decision.explain()
    assert "did not change" not in text
    assert "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定》 (adopted 1998-12-29), which is not in " \
           "the corpus, may have changed it (charges/1997-12-25-spp-opinion.md:35" in text


def test_141_and_358_partly_known_versions_are_compared_where_known(library: Library) -> None:
    # 141: VIII's 第一款 (amendment-08.md:85) is XI's 第一款 word for word: the same tiers; 358: VIII's 第三款 is IX's
    # 第四款. What the versions' other paragraphs said is not in the corpus: for those, "cannot say".
    for key, act, judgment in (("141", "2015-01-01", "2022-01-01"), ("358", "2012-06-01", "2016-06-01")):
        decision = decide(library, key, act, judgment)
        outcomes = {t.outcome for t in decision.tiers}
        assert outcomes == {ACT_VERSION, NOT_IN_CORPUS}, key
        assert all(t.change.direction == SAME for t in decision.tiers if t.outcome == ACT_VERSION)


def test_an_instrument_not_in_the_corpus_between_the_dates(library: Library) -> None:
    decision = decide(library, "253", "2008-06-01", "2010-06-01")
    assert decision.outcome == ACT_VERSION
    assert decision.caveats == ("《全国人民代表大会常务委员会关于修改部分法律的决定》 (adopted 2009-08-27) came between the two "
                                "dates and is not in the corpus: the corpus does not show that it changed this article, "
                                "and the answer takes it that it did not.",)


def test_intermediate_versions_are_named(library: Library) -> None:
    assert decide(library, "253-1", "2016-01-01", "2020-01-01").outcome == ACT_VERSION
    # Amendment VIII (2011) and Amendment IX (2015) both changed Art. 151 between these dates
    decision = decide(library, "151", "2010-06-01", "2016-01-01")
    assert "Also in force in between: the version of 《中华人民共和国刑法修正案（八）》" in decision.explain()


def test_a_judgment_before_the_act_is_refused(library: Library) -> None:
    with pytest.raises(LawdiffError, match="the judgment date 2010-01-01 is before the act date 2012-01-01"):
        decide(library, "253-1", "2012-01-01", "2010-01-01")
