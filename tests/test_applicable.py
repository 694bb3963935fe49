"""Criminal Law Article 12 (从旧兼从轻) on the real versions of the Criminal Law."""

from __future__ import annotations

import datetime as dt

import pytest

from lawdiff.analysis.applicable import (
    ACT_VERSION,
    FOR_A_JUDGE,
    JUDGMENT_VERSION,
    NOT_AN_OFFENCE,
    NOT_IN_CORPUS,
    Decision,
    applicable,
)
from lawdiff.analysis.penalties import HEAVIER, LIGHTER
from lawdiff.errors import LawdiffError
from lawdiff.library import Library


def decide(library: Library, article: str, act: str, judgment: str) -> Decision:
    return applicable(library.timeline("criminal-law"), "criminal-law", article, dt.date.fromisoformat(act), dt.date.fromisoformat(judgment))


def test_253_1_act_under_vii_judged_under_ix_gets_vii(library: Library) -> None:
    decision = decide(library, "253-1", "2014-05-01", "2016-03-01")
    assert decision.outcome == ACT_VERSION
    assert decision.comparison is not None and decision.comparison.verdict == HEAVIER
    assert decision.at_act is not None and decision.at_act.instrument == "中华人民共和国刑法修正案（七）"
    assert decision.explain() == (
        "第二百五十三条之一: act on 2014-05-01, judgment on 2016-03-01 — Criminal Law Art. 12, 从旧兼从轻 (the law at "
        "the time of the act, unless the law at judgment is lighter)\n"
        "at the act: the version of 《中华人民共和国刑法修正案（七）》 item 七 (2009-02-28 – 2015-10-31)\n"
        "at judgment: the version of 《中华人民共和国刑法修正案（九）》 item 十七 (2015-11-01 – now)\n"
        "Penalties: maximum 3年有期徒刑并处罚金 → 7年有期徒刑并处罚金 (heavier), minimum 单处罚金 → 单处罚金 (same).\n"
        "  第二百五十三条之一第一款 情节特别严重: 单处罚金–3年有期徒刑并处罚金 → 3年有期徒刑并处罚金–7年有期徒刑并处罚金 "
        "(heavier)\n"
        "The law at judgment punishes more heavily: the law at the time of the act applies (从旧).\n"
        "applies: the version in force at the time of the act (行为时法)\n")


def test_a_lighter_new_version_applies(library: Library) -> None:
    # Amendment IX took 死刑 out of Art. 151(1) (smuggling weapons, ammunition, nuclear materials or counterfeit money)
    decision = decide(library, "151", "2012-06-01", "2016-01-01")
    assert decision.outcome == JUDGMENT_VERSION
    assert decision.comparison is not None and decision.comparison.verdict == LIGHTER
    assert "The law at judgment punishes more lightly (处刑较轻): it applies (从轻)." in decision.explain()
    # Amendment IX: killing the hostage, 处死刑 → 处无期徒刑或者死刑
    assert decide(library, "239", "2012-06-01", "2016-01-01").outcome == JUDGMENT_VERSION


def test_before_253_1_existed_the_act_was_not_a_crime_under_it(library: Library) -> None:
    decision = decide(library, "253-1", "2008-06-01", "2016-01-01")
    assert decision.outcome == NOT_AN_OFFENCE
    lines = decision.explain().splitlines()
    assert lines[1] == "at the act: not in force (1997-10-01 – 2009-02-27)"
    assert lines[3].startswith("第二百五十三条之一 was not in force at the time of the act (it took effect on "
                               "2009-02-28): the act was not a crime under this article then")
    assert "may still have been a crime under another article" in lines[4]


def test_tiers_moving_in_different_directions_need_a_judge(library: Library) -> None:
    decision = decide(library, "163", "2020-06-01", "2021-06-01")
    assert decision.outcome == FOR_A_JUDGE
    assert "depends on the tier the conduct falls in" in decision.explain()


def test_a_deleted_article_and_a_text_not_in_the_corpus(library: Library) -> None:
    deleted = decide(library, "199", "2012-01-01", "2016-01-01")
    assert deleted.outcome == NOT_AN_OFFENCE
    assert "no longer in force at judgment" in deleted.explain()
    assert "may still be a crime under another article" in deleted.explain()
    # Art. 264 as the 1997 revision wrote it (before Amendment VIII) is not in the corpus
    assert decide(library, "264", "2010-01-01", "2012-01-01").outcome == NOT_IN_CORPUS
    assert decide(library, "264", "1996-01-01", "2012-01-01").outcome == NOT_IN_CORPUS


def test_the_same_version_at_both_dates_and_intermediate_versions(library: Library) -> None:
    assert decide(library, "253-1", "2016-01-01", "2020-01-01").outcome == ACT_VERSION
    # Amendment VIII (2011) and Amendment IX (2015) both changed Art. 151 between these dates
    decision = decide(library, "151", "2010-06-01", "2016-01-01")
    assert decision.outcome == NOT_IN_CORPUS
    assert "Also in force in between: the version of 《中华人民共和国刑法修正案（八）》" in decision.explain()


def test_a_judgment_before_the_act_is_refused(library: Library) -> None:
    with pytest.raises(LawdiffError, match="the judgment date 2010-01-01 is before the act date 2012-01-01"):
        decide(library, "253-1", "2012-01-01", "2010-01-01")
