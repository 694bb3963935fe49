"""The shipped proposals read as a casebook: whose each proposal is, how its text is drafted, and what its rationale
says about the statutes, the 2017 interpretation, the paper and the 2025 cases — each point checked against the
corpus or the references, so that the errors of the review (issue 13, part 5) cannot come back unnoticed.

Facts are derived from the sources where they can be (the paper's headings, the interpretation's thresholds, the
paragraphs of the Criminal Law); the proposals' own words are quoted only where a sentence is the point.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, REFERENCES, corpus_files

from lawdiff.akn.model import Statute
from lawdiff.akn.numbering import NUMERAL, parse_chinese, parse_ordinal
from lawdiff.amending.proposals import Origin, Proposal, apply_proposal, is_commencement, load_proposal
from lawdiff.amending.proposals.model import CITATION_GROUP, CITATION_KEY
from lawdiff.library import Library

REPO = Path(__file__).resolve().parents[1]
PAPER = REFERENCES / "li-2025-criminal-law-protection-of-personal-information.txt"
CASE_NOTES = REFERENCES / "README.md"
INTERPRETATION = CORPUS / "related" / "spc-spp-interpretation-personal-information-crimes-2017-05-08.md"
IDS = sorted(p.stem for p in (REPO / "proposals").glob("*.md"))

EDITORS = Origin()  # lawdiff's editors' own proposal


@pytest.fixture(scope="module")
def proposals() -> dict[str, Proposal]:
    return {pid: load_proposal(REPO / "proposals" / f"{pid}.md") for pid in IDS}


@pytest.fixture(scope="module")
def base() -> Statute:
    return Library(REPO).resolve("criminal-law@2024-03-01")


@pytest.fixture(scope="module")
def applied(proposals: dict[str, Proposal], base: Statute) -> dict[str, Statute]:
    return {pid: apply_proposal(proposal, base) for pid, proposal in proposals.items()}


def paper_sections() -> dict[str, str]:
    """Return the paper's numbered sections (§3.1 …) with their text, read from its headings ("4.1. Replace …")."""
    text = PAPER.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^(\d\.\d)\. (.+)$", text, re.M))
    return {f"§{m[1]}": text[m.start():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
            for i, m in enumerate(heads)}


def article_text(key: str) -> str:
    """Return an article of the consolidated Criminal Law (as amended by XI) from the corpus, paragraphs joined."""
    text = (CORPUS / "prc-criminal-law" / "consolidated-2020-12-26.md").read_text(encoding="utf-8")
    m = re.search(rf"^{key} .*?(?=^第{NUMERAL}条(?:之{NUMERAL})? |^#)", text, re.M | re.S)
    assert m, key
    return m.group(0)


def rationale(proposal: Proposal, lang: str) -> str:
    return "\n\n".join(getattr(r, lang) for r in proposal.rationale)


# --- whose proposal each is -------------------------------------------------------------------------------------

# The paper proposes the renaming (§4.1) and the illegal-use offence (§4.3); it argues that the protected interest
# is public (§4.2) but proposes no penalty. The biometric aggravation and the tier of seven years and more are the
# editors' own. () is the commencement item, which is nobody's idea.
WHOSE = {
    "rename-personal-information": ((Origin("li2025", "§4.1"),), ()),
    "illegal-use-offence": ((Origin("li2025", "§4.3"),), ()),
    "public-legal-interest": ((EDITORS,), ()),
    "biometric-aggravation": ((EDITORS,), ()),
    "comprehensive-reform": ((Origin("li2025", "§4.1"), EDITORS), (Origin("li2025", "§4.3"), EDITORS), ()),
}


def test_whose_proposal_each_is(proposals: dict[str, Proposal]) -> None:
    assert {pid: p.origins for pid, p in proposals.items()} == WHOSE
    assert proposals["rename-personal-information"].proposers == (Origin("li2025", "§4.1"),)
    assert proposals["public-legal-interest"].proposers == (EDITORS,)


def test_what_is_credited_to_the_paper_is_proposed_in_that_section(proposals: dict[str, Proposal]) -> None:
    sections = paper_sections()
    credited = {o.section for p in proposals.values() for o in p.proposers if not o.editors}
    assert credited == {"§4.1", "§4.3"}  # §4 holds the suggestions; §4.2 proposes no change to the text
    assert "Replace" in sections["§4.1"].splitlines()[0] and "renamed" in sections["§4.1"]
    assert "introduce a new offense" in sections["§4.3"]
    assert "penalt" not in sections["§4.2"].lower() and "sentenc" not in sections["§4.2"].lower()


@pytest.mark.parametrize("pid", IDS)
def test_each_item_says_whose_proposal_it_is_in_its_rationale(pid: str, proposals: dict[str, Proposal]) -> None:
    proposal = proposals[pid]
    for item, origins, reasons in zip(proposal.items, proposal.origins, proposal.rationale, strict=True):
        if is_commencement(item):
            continue
        if EDITORS in origins:
            assert "lawdiff编者" in reasons.zh and "lawdiff's editors" in reasons.en, (pid, item.label)
        for origin in origins:
            if not origin.editors:
                assert re.search(rf"\[@{origin.key}, [^\]]*{re.escape(origin.section)}", reasons.zh + reasons.en)


# --- citations ----------------------------------------------------------------------------------------------------


def citations(proposal: Proposal) -> list[tuple[str, str]]:
    """Return every (key, locator) the rationale cites: [@li2025, §4.1] → ("li2025", "§4.1")."""
    out = []
    for group in CITATION_GROUP.findall(rationale(proposal, "zh") + rationale(proposal, "en")):
        for part in group.split(";"):
            keys = CITATION_KEY.findall(part)
            if keys:
                out.append((keys[0], part.split(",", 1)[1].strip() if "," in part else ""))
    return out


def places(locator: str) -> set[str]:
    """Return the sections or article numbers of a locator: "§3.1, §4.1" → {§3.1, §4.1}; "Arts. 4, 10" → {4, 10}."""
    return set(re.findall(r"§\d+\.\d+|(?<![\d(.§])\d+(?![\d).])", locator))


def test_every_section_of_the_paper_cited_exists(proposals: dict[str, Proposal]) -> None:
    sections = paper_sections()
    assert sorted(sections) == ["§2.1", "§2.2", "§3.1", "§3.2", "§3.3", "§4.1", "§4.2", "§4.3"]
    for pid, proposal in proposals.items():
        cited = {s for key, locator in citations(proposal) if key == "li2025" for s in places(locator)}
        listed = places(proposal.source("li2025").section) if any(s.key == "li2025" for s in proposal.sources) else set()
        named = {o.section for o in proposal.proposers if not o.editors}
        assert cited | listed | named <= set(sections) - {"§2.1", "§2.2"}, pid


@pytest.mark.parametrize("pid", IDS)
def test_the_bibliography_lists_exactly_the_places_cited(pid: str, proposals: dict[str, Proposal]) -> None:
    proposal = proposals[pid]
    cited: dict[str, set[str]] = {}
    for key, locator in citations(proposal):
        cited.setdefault(key, set()).update(places(locator))
    for source in proposal.sources:
        assert places(source.section) == cited.get(source.key, set()), (pid, source.key)


# --- drafting: which paragraphs an entity commits -------------------------------------------------------------

_REFS = rf"前款|前{NUMERAL}款|第{NUMERAL}款(?:、第{NUMERAL}款)*"
_ENTITY = re.compile(rf"^单位犯(?P<refs>{_REFS})罪")
_CONCURRENCE = re.compile(rf"^有(?P<refs>{_REFS})行为，同时构成其他犯罪")
_REFERS_BACK = re.compile(rf"^[^，。]*?犯(?:{_REFS})罪")  # 犯前款罪… / 国家机关工作人员犯前款罪的…
_OWN_RANGE = re.compile(r"处[^。；]*?(?:有期徒刑|拘役|管制|罚金|无期徒刑|死刑|剥夺政治权利)")
_PUNISHED_AS = re.compile(r"依照[^。]*?规定[^。]*?处罚|以[^。]*?论处")


def is_offence(paragraph: str) -> bool:
    """Return whether a paragraph defines an offence (or a penalty tier of one) that an entity could commit.

    It must punish — a range of its own (处…有期徒刑 / 罚金 …) or by reference (依照…规定处罚, 以…论处) — and be
    neither an entity paragraph, nor a concurrence rule (同时构成其他犯罪 / 数罪并罚), nor a sentencing
    circumstance: a paragraph that refers back to an offence already defined (犯前款罪…) and sets no range of its own
    but only orders 从重处罚. A tier that refers back but sets its own range (犯前款罪，…处七年以上有期徒刑) counts,
    as Article 347 lists its tiers in paragraphs 2 to 4.
    """
    if paragraph.startswith("单位犯") or "同时构成其他犯罪" in paragraph or "数罪并罚" in paragraph:
        return False
    if _REFERS_BACK.match(paragraph) and not _OWN_RANGE.search(paragraph):
        return False
    return bool(_OWN_RANGE.search(paragraph) or _PUNISHED_AS.search(paragraph))


def listed(words: str, at: int) -> list[int]:
    """Return the paragraphs a reference in paragraph ``at`` lists: 前款, 前N款, 第一款、第三款."""
    if words == "前款":
        return [at - 1]
    if words.startswith("前"):
        return list(range(at - parse_ordinal(f"第{words[1:-1]}款")[0], at))
    return [parse_ordinal(w)[0] for w in re.findall(rf"第{NUMERAL}款", words)]


def entity_paragraph(paragraphs: list[str]) -> tuple[list[int], list[int]]:
    """Return (the paragraphs the entity paragraph lists, the offence paragraphs before it)."""
    for at, text in enumerate(paragraphs, 1):
        m = _ENTITY.match(text)
        if m:
            return listed(m["refs"], at), [k for k in range(1, at) if is_offence(paragraphs[k - 1])]
    raise AssertionError("no entity paragraph (单位犯…罪的)")


def paragraphs(statute: Statute, key: str) -> list[str]:
    return [p.text for p in statute.article(key).paragraphs()]


def test_the_rule_for_offence_paragraphs_holds_for_every_entity_paragraph_of_the_criminal_law(base: Statute) -> None:
    checked = 0
    for article in base.articles():
        texts = [p.text for p in article.paragraphs()]
        if any(_ENTITY.match(t) for t in texts):
            entity, offences = entity_paragraph(texts)
            assert set(entity) <= set(offences), article.num  # the NPC lists offences only (some, by policy)
            checked += 1
    assert checked > 50
    # Art. 347: paragraph 1 declares a principle, 2–4 are tiers, 6 (从重 for using minors) follows the entity paragraph
    assert entity_paragraph(paragraphs(base, "347")) == ([2, 3, 4], [2, 3, 4])
    # Art. 186: a paragraph of its own conduct that is punished 依照前款的规定从重处罚 is an offence
    assert entity_paragraph(paragraphs(base, "186")) == ([1, 2], [1, 2])
    assert entity_paragraph(paragraphs(base, "253-1")) == ([1, 2, 3], [1, 2, 3])
    # a paragraph that only adds 从重 to an offence already defined is not one
    assert not is_offence("国家机关工作人员犯前款罪的，从重处罚。")
    assert not is_offence("犯前款罪，涉及人脸信息等生物识别信息的，从重处罚。")
    assert is_offence("犯前款罪，致使被害人重伤、死亡的，处二年以上七年以下有期徒刑。")


# (proposal, article) → the paragraphs its entity paragraph lists; Art. 253-1 in force lists every offence paragraph,
# and so must each restatement.
ENTITY_LISTS = {
    ("biometric-aggravation", "253-1"): [1, 3, 4],  # not 2: 犯前款罪，涉及人脸信息…的，从重处罚
    ("comprehensive-reform", "253-1"): [1, 3, 4],
    ("comprehensive-reform", "253-2"): [1],  # not 2, the same 从重 paragraph
    ("public-legal-interest", "253-1"): [1, 2, 3, 4],  # 2 sets its own range (七年以上): a tier, listed
    ("illegal-use-offence", "253-2"): [1],
    ("rename-personal-information", "253-1"): [1, 2, 3],
}


@pytest.mark.parametrize(("pid", "key"), sorted(ENTITY_LISTS))
def test_the_entity_paragraph_lists_every_offence_paragraph_and_nothing_else(pid: str, key: str,
                                                                           applied: dict[str, Statute]) -> None:
    entity, offences = entity_paragraph(paragraphs(applied[pid], key))
    assert entity == offences == ENTITY_LISTS[(pid, key)]


@pytest.mark.parametrize("pid", IDS)
def test_a_concurrence_paragraph_never_counts_a_sentencing_circumstance_as_conduct(pid: str,
                                                                                 applied: dict[str, Statute]) -> None:
    for key in ("253-1", "253-2"):
        if applied[pid].find(f"art_{key}") is None:
            continue
        texts = paragraphs(applied[pid], key)
        for at, text in enumerate(texts, 1):
            m = _CONCURRENCE.match(text)
            if m:  # 有前两款行为 (Art. 286-1) names the offence and the entity paragraph; 有第一款行为 (Art. 260-1)
                assert all(is_offence(texts[k - 1]) or _ENTITY.match(texts[k - 1]) for k in listed(m["refs"], at))


# --- commencement ---------------------------------------------------------------------------------------------------


def closing_sentences() -> set[str]:
    """Return the entry-into-force sentences the Criminal Law amendments end with, without their numbering."""
    out = set()
    for path in corpus_files("prc-criminal-law/amendments/*.md"):
        last = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][-1]
        out.add(re.sub(rf"^{NUMERAL}、", "", last))
    return out


@pytest.mark.parametrize("pid", IDS)
def test_every_proposal_ends_as_the_npc_ends_an_amendment(pid: str, proposals: dict[str, Proposal]) -> None:
    proposal = proposals[pid]
    *changes, last = proposal.items
    assert is_commencement(last) and not any(is_commencement(item) for item in changes)
    assert last.blocks[0] in closing_sentences()  # 本修正案自公布之日起施行。, as Amendments I–VII and X
    assert proposal.english[-1] == "This Amendment shall come into force on the date of its promulgation."
    assert (proposal.origins[-1], proposal.rationale[-1].zh, proposal.rationale[-1].en) == ((), "", "")


# --- what the rationale says --------------------------------------------------------------------------------------


def thresholds() -> dict[int, int]:
    """Return the item-count thresholds of Art. 5(1) of the 2017 interpretation, by item: {3: 50, 4: 500, 5: 5000}."""
    text = INTERPRETATION.read_text(encoding="utf-8")
    return {parse_chinese(item): parse_chinese(count)
            for item, count in re.findall(rf"^（({NUMERAL})）[^\n]*?({NUMERAL})条以上", text, re.M)}


def test_the_biometric_rationale_states_the_thresholds_as_the_interpretation_sets_them(
        proposals: dict[str, Proposal]) -> None:
    tiers = thresholds()
    assert tiers == {3: 50, 4: 500, 5: 5000}
    xu = int(re.search(r"facial images of about (\d+) people", " ".join(CASE_NOTES.read_text(encoding="utf-8").split()))[1])
    assert tiers[3] < xu < tiers[4]  # about 130 people: above the lowest tier, below the others
    interpretation = INTERPRETATION.read_text(encoding="utf-8")
    assert "等其他可能影响人身、财产安全的公民个人信息五百条以上" in interpretation  # item 4 is open-ended
    for pid in ("biometric-aggravation", "comprehensive-reform"):
        zh, en = rationale(proposals[pid], "zh"), rationale(proposals[pid], "en")
        assert "任何条数门槛" not in zh and "any item-count threshold" not in en  # the review's error
        assert "其他可能影响人身、财产安全的公民个人信息" in zh and "may affect personal or property safety" in en
    zh, en = rationale(proposals["biometric-aggravation"], "zh"), rationale(proposals["biometric-aggravation"], "en")
    assert "约130人的数量超过了第三项五十条的门槛" in zh and "About 130 is above the 50-item threshold of item 3" in en


def test_the_case_facts_are_those_of_the_case_notes(proposals: dict[str, Proposal]) -> None:
    notes = " ".join(CASE_NOTES.read_text(encoding="utf-8").split())
    for fact in ("about 130 people", "earning 6,000 yuan", "sentenced to 9 months", "earning 30,000 yuan",
                 "sentenced to 6 months", "controlled 193 cameras", "3 years 1 month", "13,000 yuan",
                 "(from June 2021)", "(from August 2021)", "in January 2021", "in August 2022"):
        assert fact in notes, fact
    biometric = rationale(proposals["biometric-aggravation"], "zh")
    for fact in ("约130人", "获利6000元", "有期徒刑九个月", "获利3万元", "有期徒刑六个月", "193个摄像头", "三年一个月",
                 "13000元"):
        assert fact in biometric, fact
    use = rationale(proposals["illegal-use-offence"], "zh")
    for fact in ("Xu自2021年6月起", "Li自2021年8月起", "于2021年1月", "2022年8月"):
        assert fact in use, fact
    # The notes give Xu's charge but not Li's or Han's: the rationale may not supply them.
    assert "报道没有说明Li所定罪名" in use and "报道没有说明所定罪名" in biometric


def test_the_illegal_use_rationale_quotes_the_paper_and_the_computer_crime_provisions_rightly(
        proposals: dict[str, Proposal]) -> None:
    sections = paper_sections()
    assert "a more severe threat" in sections["§3.3"]
    zh, en = rationale(proposals["illegal-use-offence"], "zh"), rationale(proposals["illegal-use-offence"], "en")
    assert "no less harmful" not in en and "不轻于" not in zh
    assert "a more severe threat to the protected interests than collection and provision [@li2025, §3.3]" in en
    # defeating face checks and renting out the cracking software are computer crimes under the present law
    art285 = article_text("第二百八十五条")
    assert "或者对该计算机信息系统实施非法控制" in art285
    assert "提供专门用于侵入、非法控制计算机信息系统的程序、工具" in art285
    assert "第二百八十五条第二款" in zh and "该条第三款" in zh
    assert "Article 285, paragraph 2" in en and "paragraph 3 of that article" in en
    assert "现行法即告落空" not in zh and "would not reach the conduct" not in en


def test_the_rename_rationale_credits_the_paper_only_with_what_it_argues(proposals: dict[str, Proposal]) -> None:
    section = paper_sections()["§4.1"]
    assert "territorial jurisdiction" in section and "2012 Opinion" in section
    assert "Article 4" not in section and "principle of equality" not in section  # equality is argued in §3.1
    assert "principle of equality" in paper_sections()["§3.1"]
    # Article 4 of the Criminal Law (equality in applying the law) speaks of offenders, not victims, and the paper
    # does not invoke it: the rationale no longer rests on it, least of all in the paper's name
    assert article_text("第四条").startswith("第四条 对任何人犯罪，在适用法律上一律平等")
    reasons = proposals["rename-personal-information"].rationale[0]
    assert "刑法第四条" not in reasons.zh and "第四条要求" not in reasons.zh
    assert "Article 4 requires" not in reasons.en and "Article 4 of the Criminal Law" not in reasons.en
    # Article 6, which the territorial argument rests on, says what the rationale says it does
    assert "犯罪的行为或者结果有一项发生在中华人民共和国领域内的，就认为是在中华人民共和国领域内犯罪" in article_text("第六条")
    # no Criminal Law amendment replaces a term with 将…中的“A”修改为“B”: the rationale may not claim they do
    amendments = "".join(p.read_text(encoding="utf-8")
                         for p in corpus_files("prc-criminal-law/amendments/*.md"))
    assert not re.search(r"中的“[^”]*”修改为“", amendments)
    assert "刑法修正案通行的术语替换方式" not in proposals["rename-personal-information"].rationale[0].zh


@pytest.mark.parametrize("pid", ["public-legal-interest", "comprehensive-reform"])
def test_a_tier_above_seven_years_is_weighed_against_articles_285_282_and_219(pid: str,
                                                                             proposals: dict[str, Proposal]) -> None:
    # what the corpus says: 285 and 282 end at seven years, 219 (as Amendment XI rewrote it) at ten, and Art. 45
    # makes an open tier (七年以上) end at fifteen
    assert "情节特别严重的，处三年以上七年以下有期徒刑" in article_text("第二百八十五条")
    assert "情节严重的，处三年以上七年以下有期徒刑" in article_text("第二百八十二条")
    assert "情节特别严重的，处三年以上十年以下有期徒刑" in article_text("第二百一十九条")
    assert "为六个月以上十五年以下" in article_text("第四十五条")
    zh, en = rationale(proposals[pid], "zh"), rationale(proposals[pid], "en")
    assert "十五年" in zh and "fifteen" in en
    # each article is named together with its ceiling, in one clause
    for article, ceiling in (("第二百八十五条", "七年"), ("第二百八十二条", "七年"), ("第二百一十九条", "十年")):
        assert any(article in clause and ceiling in clause for clause in re.split(r"[。；]", zh)), article
    for article, ceiling in (("Article 285", "seven"), ("Article 282", "seven"), ("Article 219", "ten")):
        assert any(article in clause and ceiling in clause for clause in re.split(r"(?<=\.) |; ", en)), article
