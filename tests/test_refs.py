"""Cross-references on the real corpus: found, resolved, marked up as AKN, and checked after a change."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import REPO
from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.model import Statute, schema_errors
from lawdiff.amending.instrument import apply_instrument
from lawdiff.amending.operations import renumber_all
from lawdiff.analysis.refs import (
    EXTERNAL,
    INTERNAL,
    LAW,
    RELATIVE,
    UNSPECIFIED,
    Ref,
    dangling_after,
    find_refs,
    incoming,
    mark_refs,
    outgoing,
)
from lawdiff.errors import LawdiffError
from lawdiff.importing.instructions import parse_instrument
from lawdiff.library import Library

ADD_PARAGRAPH = """# 中华人民共和国刑法修正案（试拟）

2030年1月1日 第十九届全国人民代表大会常务委员会第三次会议通过

<!-- INFO END -->

一、在刑法第二百五十三条之一中增加一款作为第{n}款：“违反国家有关规定，利用人脸识别技术处理人脸信息，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。”

二、本修正案自公布之日起施行。
"""

#: Words that look like a reference: every one must be inside a reference found.
REFERENCE_LIKE = re.compile(rf"第{numbering.NUMERAL}[条款项]|前{numbering.NUMERAL}?[款条项]|各该|本条|本节|本章|《")


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(REPO)


@pytest.fixture(scope="module")
def statutes(library: Library) -> dict[str, Statute]:
    return {s.name: s for s in library.statutes()}


def refs_of(statutes: dict[str, Statute], name: str) -> list[Ref]:
    return find_refs(statutes[name], [s for n, s in statutes.items() if n != name])


def at(refs: list[Ref], source: str, words: str | None = None) -> list[Ref]:
    return [r for r in refs if r.source == source and (words is None or r.words == words)]


def test_every_reference_in_the_criminal_law_resolves_to_a_provision_that_exists(statutes: dict[str, Statute]) -> None:
    law = statutes["criminal-law"]
    refs = refs_of(statutes, "criminal-law")
    resolved = [r for r in refs if r.resolved]
    kinds = Counter(r.kind for r in refs)
    print(f"\ncriminal-law: {len(refs)} references, {len(resolved)} resolved ({dict(sorted(kinds.items()))})")
    assert len(resolved) > 400
    for ref in resolved:
        assert all(law.find(t) is not None for t in ref.targets), ref
        assert law.provision(ref.source).own_text[ref.start:ref.end] == ref.words
    # within the law, nothing is left unresolved; only 国家规定 and laws we do not hold are
    assert {r.kind for r in refs if not r.resolved} == {UNSPECIFIED, LAW}
    assert kinds[UNSPECIFIED] == sum(law.provision(p).own_text.count("国家规定") + law.provision(p).own_text.count(
        "国家有关规定") for p in {r.source for r in refs})


@pytest.mark.parametrize("name", ["criminal-law", "personal-information-protection-law", "cybersecurity-law",
                                  "data-security-law", "civil-code-personality-rights", "spc-spp-interpretation-2017",
                                  "spc-facial-recognition-provisions"])
def test_no_reference_like_words_are_missed(statutes: dict[str, Statute], name: str) -> None:
    spans: dict[str, list[tuple[int, int]]] = {}
    for ref in refs_of(statutes, name):
        spans.setdefault(ref.source, []).append((ref.start, ref.end))
    missed = []
    for el in statutes[name].body.iter("{*}paragraph", "{*}point"):
        source = statutes[name].provision(el.get("eId"))
        for m in REFERENCE_LIKE.finditer(source.own_text):
            if not any(a <= m.start() < b for a, b in spans.get(source.eid, [])):
                missed.append((source.eid, source.own_text[max(0, m.start() - 6):m.end() + 6]))
    assert missed == []


def test_253_1_relative_references(statutes: dict[str, Statute]) -> None:
    refs = refs_of(statutes, "criminal-law")
    paras = tuple(f"art_253-1__para_{n}" for n in (1, 2, 3))
    assert [(r.words, r.kind) for r in at(refs, "art_253-1__para_1")] == [("国家有关规定", UNSPECIFIED)]
    second = at(refs, "art_253-1__para_2", "前款")[0]
    assert (second.kind, second.targets) == (RELATIVE, ("art_253-1__para_1",))
    third = at(refs, "art_253-1__para_3", "第一款")[0]
    assert (third.kind, third.targets, third.start) == (INTERNAL, ("art_253-1__para_1",), 23)
    assert at(refs, "art_253-1__para_4", "前三款")[0].targets == paras
    assert at(refs, "art_253-1__para_4", "各该款")[0].targets == paras
    assert all(r.law == "criminal-law" for r in at(refs, "art_253-1__para_4"))


def test_lists_ranges_and_inherited_parts(statutes: dict[str, Statute]) -> None:
    refs = refs_of(statutes, "criminal-law")
    # 依照本法第一百五十二条第二款、第三款: the second part is a paragraph of article 152 too
    assert [(r.words, r.targets) for r in at(refs, "art_339__para_3")] == [
        ("本法第一百五十二条第二款", ("art_152__para_2",)), ("第三款", ("art_152__para_3",))]
    # 前款第三项、第四项: points of the preceding paragraph
    assert [r.targets for r in at(refs, "art_133-1__para_2")] == [
        ("art_133-1__para_1__point_3",), ("art_133-1__para_1__point_4",), ("art_133-1__para_1",)]
    # 犯第一款罪……有第一项规定情形的: a point of the paragraph named just before
    assert at(refs, "art_383__para_3", "第一项")[0].targets == ("art_383__para_1__point_1",)
    assert at(refs, "art_219__para_1__point_2", "前项")[0].targets == ("art_219__para_1__point_1",)
    # a range of articles (with 第一百四十二条之一, inserted by Amendment XI), and 各该条 after it
    ranged = at(refs, "art_149__para_1", "本节第一百四十一条至第一百四十八条")[0]
    assert ranged.targets == ("art_141", "art_142", "art_142-1", *(f"art_{n}" for n in range(143, 149)))
    assert at(refs, "art_149__para_1", "各该条")[0].targets == ranged.targets
    # 各该条 after a list that is not a range
    assert at(refs, "art_211__para_1", "各该条")[0].targets == tuple(
        f"art_{n}" for n in (201, 203, 204, 207, 208, 209))
    assert at(refs, "art_151__para_4", "本条各款")[0].targets == tuple(f"art_151__para_{n}" for n in (1, 2, 3))
    assert at(refs, "art_113__para_1", "本章")[0].targets == ("book_2__chp_1",)
    pipl = refs_of(statutes, "personal-information-protection-law")
    assert at(pipl, "art_18__para_1", "前条第一款")[0].targets == ("art_17__para_1",)
    assert at(pipl, "art_13__para_2", "前款第二项至第七项")[0].targets == tuple(
        f"art_13__para_1__point_{n}" for n in range(2, 8))


def test_the_2017_interpretation_refers_to_the_criminal_law(statutes: dict[str, Statute]) -> None:
    refs = refs_of(statutes, "spc-spp-interpretation-2017")
    to_criminal_law = [r for r in refs if r.law == "criminal-law"]
    print(f"\nspc-spp-interpretation-2017: {len(refs)} references, {len(to_criminal_law)} into the Criminal Law")
    assert {r.kind for r in to_criminal_law} == {EXTERNAL}
    assert {r.cited_law for r in to_criminal_law} == {"刑法"}
    assert at(refs, "art_1__para_1")[0].targets == ("art_253-1",)
    assert at(refs, "art_4__para_1", "刑法第二百五十三条之一第三款")[0].targets == ("art_253-1__para_3",)
    assert at(refs, "art_5__para_2", "刑法第二百五十三条之一第一款")[0].targets == ("art_253-1__para_1",)
    assert at(refs, "art_8__para_1")[0].targets == ("art_287-1",)
    own = at(refs, "art_6__para_1")
    assert [(r.words, r.kind, r.targets) for r in own[:2]] == [
        ("本解释第五条第一款第三项", INTERNAL, ("art_5__para_1__point_3",)),
        ("第四项", INTERNAL, ("art_5__para_1__point_4",))]
    assert at(refs, "art_5__para_2__point_3", "前款第三项至第八项")[0].targets == tuple(
        f"art_5__para_1__point_{n}" for n in range(3, 9))


def test_the_facial_recognition_provisions_refer_to_the_civil_code_book_we_hold(statutes: dict[str, Statute]) -> None:
    refs = refs_of(statutes, "spc-facial-recognition-provisions")
    held = at(refs, "art_1__para_3", "民法典第一千零三十四条")[0]
    assert (held.kind, held.law, held.targets) == (EXTERNAL, "civil-code-personality-rights", ("art_1034",))
    assert at(refs, "art_6__para_2")[0].targets == ("art_1035__para_1",)
    # Book 7 (tort liability) is not held: cited, but not resolved
    outside = at(refs, "art_8__para_1", "民法典第一千一百八十二条")[0]
    assert (outside.kind, outside.law, outside.targets, outside.cited_law) == (EXTERNAL, None, (), "民法典")
    procedure = at(refs, "art_6__para_1", "民事诉讼法第六十四条")[0]
    assert (procedure.law, procedure.targets, procedure.resolved) == (None, (), False)
    assert at(refs, "art_6__para_3", "本规定第五条")[0].targets == ("art_5",)
    assert [r.kind for r in at(refs, "art_5__para_1__point_2")] == [UNSPECIFIED]


def test_a_whole_law_cited_by_title(statutes: dict[str, Statute]) -> None:
    refs = refs_of(statutes, "data-security-law")
    cited = at(refs, "art_31__para_1")[0]
    assert (cited.words, cited.kind, cited.law, cited.resolved) == ("《中华人民共和国网络安全法》", LAW,
                                                                    "cybersecurity-law", True)
    secrets = at(refs, "art_53__para_1")[0]
    assert (secrets.law, secrets.resolved) == (None, False)


@pytest.mark.parametrize("name", ["criminal-law", "spc-spp-interpretation-2017", "spc-facial-recognition-provisions",
                                  "data-security-law"])
def test_marking_validates_keeps_the_text_and_is_idempotent(statutes: dict[str, Statute], name: str) -> None:
    others = [s for n, s in statutes.items() if n != name]
    before = statutes[name].to_bytes()
    marked = mark_refs(statutes[name], others)
    assert statutes[name].to_bytes() == before  # the statute itself is not touched
    assert schema_errors(marked.root) == []
    assert [a.text for a in marked.articles()] == [a.text for a in statutes[name].articles()]
    again = mark_refs(marked, others)
    assert again.to_bytes() == marked.to_bytes()
    reread = Statute.parse(marked.to_bytes())
    assert [a.text for a in reread.articles()] == [a.text for a in statutes[name].articles()]
    marks = marked.root.xpath("//a:ref | //a:rref | //a:mref", namespaces={"a": marked.root.nsmap[None]})
    assert len(marks) == sum(r.resolved for r in refs_of(statutes, name))


def test_marked_up_references(statutes: dict[str, Statute]) -> None:
    marked = mark_refs(statutes["criminal-law"])

    def xml(eid: str) -> str:
        p = marked.find(eid).find(".//{*}p")
        return etree.tostring(p, encoding=str).split(">", 1)[1].rsplit("<", 1)[0]

    assert xml("art_253-1__para_2").endswith('依照<ref href="#art_253-1__para_1">前款</ref>的规定从重处罚。')
    assert xml("art_253-1__para_4").startswith(
        '单位犯<rref from="#art_253-1__para_1" upTo="#art_253-1__para_3">前三款</rref>罪的')
    assert '<mref ld:targets="#art_201 #art_203 #art_204 #art_207 #art_208 #art_209">各该条</mref>' in xml(
        "art_211__para_1")
    interpretation = mark_refs(statutes["spc-spp-interpretation-2017"], [statutes["criminal-law"]])
    p = etree.tostring(interpretation.find("art_4__para_1").find(".//{*}p"), encoding=str)
    assert ('<ref href="/akn/cn/act/1979-07-01/criminal-law/~art_253-1__para_3">刑法第二百五十三条之一第三款</ref>'
            in p)


def test_incoming_and_outgoing(statutes: dict[str, Statute]) -> None:
    law = statutes["criminal-law"]
    others = [s for n, s in statutes.items() if n != "criminal-law"]
    out = outgoing(law, "art_253-1")
    assert [(r.source.split("__")[1], r.words) for r in out] == [
        ("para_1", "国家有关规定"), ("para_2", "国家有关规定"), ("para_2", "前款"), ("para_3", "第一款"),
        ("para_4", "前三款"), ("para_4", "各该款")]
    into = incoming(law, "art_253-1__para_1", others)
    assert {(r.source, r.words) for r in into} == {
        ("art_253-1__para_2", "前款"), ("art_253-1__para_3", "第一款"), ("art_253-1__para_4", "前三款"),
        ("art_253-1__para_4", "各该款"), ("art_5__para_2", "刑法第二百五十三条之一第一款")}
    from_interpretation = [r for r in incoming(law, "art_253-1", others) if r.origin == "spc-spp-interpretation-2017"]
    assert [r.source for r in from_interpretation] == [
        "art_1__para_1", "art_2__para_1", "art_3__para_1", "art_3__para_2", "art_4__para_1", "art_5__para_1",
        "art_5__para_2", "art_6__para_1", "art_7__para_1"]


def test_inserting_a_paragraph_leaves_references_pointing_elsewhere(statutes: dict[str, Statute]) -> None:
    base = statutes["criminal-law"]
    amended = apply_instrument(base, parse_instrument(ADD_PARAGRAPH.format(n="二"), "proposal.md"))
    assert amended.article("253-1").text.splitlines()[2].endswith("依照前款的规定从重处罚。")
    warnings = dangling_after(base, amended)
    assert [w.message for w in warnings] == [
        "第二百五十三条之一第三款: “前款” now refers to 第二百五十三条之一第二款, not to 第二百五十三条之一第一款 as before",
        "第二百五十三条之一第五款: “前三款” now refers to 第二百五十三条之一第二款、第三款、第四款, not to "
        "第二百五十三条之一第一款、第三款、第四款 as before",
        "第二百五十三条之一第五款: “各该款” now refers to 第二百五十三条之一第二款、第三款、第四款, not to "
        "第二百五十三条之一第一款、第三款、第四款 as before"]
    assert (warnings[0].source, warnings[0].was, warnings[0].now) == (
        "art_253-1__para_3", ("art_253-1__para_1",), ("art_253-1__para_2",))
    # 依照第一款 (now in the fourth paragraph) still means the first paragraph: no warning for it
    assert not [w for w in warnings if w.words == "第一款"]
    # added at the end, the new paragraph moves nothing
    assert dangling_after(base, apply_instrument(base, parse_instrument(ADD_PARAGRAPH.format(n="五"), "p.md"))) == []


def test_deleting_or_renumbering_articles(statutes: dict[str, Statute]) -> None:
    base = statutes["criminal-law"]
    deletion = ADD_PARAGRAPH.split("一、")[0] + "一、删去刑法第二百六十四条。\n"
    after = apply_instrument(base, parse_instrument(deletion, "delete.md"))
    messages = [w.message for w in dangling_after(base, after)]
    assert messages == [f"{numbering.provision_label(eid)}: “本法第二百六十四条” refers to 第二百六十四条, which the "
                        "change deletes" for eid in ("art_196__para_3", "art_210__para_1", "art_253__para_2",
                                                      "art_265__para_1")]
    renumbered = base.copy()
    mapping = renumber_all(renumbered)
    warnings = dangling_after(base, renumbered, mapping)
    print(f"\nrenumbering the whole Criminal Law without its references: {len(warnings)} warnings")
    assert warnings[0].message == ("第三十九条第二款: “本法第三百一十三条” now refers to 第三百一十三条, not to "
                                   "第三百五十六条 as before")


@pytest.mark.parametrize(("key", "change"), [("253-1", "paragraph"), ("383", "paragraph"), ("234", "delete"),
                                             ("383", "delete"), ("69", "delete"), ("253-2", "new")])
def test_dangling_after_only_the_touched_articles_gives_the_same_warnings(library, key: str, change: str) -> None:
    """The workbench's quick check (`only=`: the references in the articles changed and in those citing them) finds
    what the check of the whole text finds."""
    from lawdiff.amending.proposals.model import ProposedArticle
    from lawdiff.amending.proposals.proposed import proposed_statute
    from lawdiff.analysis.refs import find_refs

    base = library.resolve("criminal-law@2024-03-01")
    if change == "new":
        article = ProposedArticle(key, ("违反国家有关规定，非法使用公民个人信息的，依照前条第一款的规定处罚。",))
    elif change == "delete":
        article = ProposedArticle(key, (), True)
    else:
        article = ProposedArticle(key, ("新增的第一款。", *base.article(key).lines()))
    after = proposed_statute(base, [article])
    before_refs = find_refs(base)
    whole = dangling_after(base, after, before_refs=before_refs)
    assert dangling_after(base, after, before_refs=before_refs, only=[article.eid]) == whole
    assert whole or change == "new"  # each case but the new article moves or deletes something cited


def test_a_proposal_s_reference_check_reads_only_what_it_touched_and_finds_the_same_warnings() -> None:
    """The site checks a proposal's references in the articles it touched (`touched_articles`) when it changed no
    other text and renumbered nothing: the warnings are those of the whole-text check, for every shipped proposal
    and test fixture that applies to its base."""
    from lawdiff.amending.proposals import apply_proposal, load_proposal, touched_articles

    library = Library(REPO)
    paths = sorted((REPO / "proposals").glob("*.md")) + sorted((REPO / "tests" / "data" / "proposals").glob("*.md"))
    checked = 0
    for path in paths:
        try:
            proposal = load_proposal(path, library.law_title, library.draft_from)
            base = library.proposal_base(proposal)
            applied = apply_proposal(proposal, base)
        except LawdiffError:  # a malformed fixture: the reader's tests have it
            continue
        only = touched_articles(proposal, base, applied)
        if only is None:
            continue
        checked += 1
        assert dangling_after(base, applied, only=only) == dangling_after(base, applied), path.name
    assert checked >= 5  # the shipped proposals at least
