"""Reform proposals: loading (and every malformed form, with exact messages), compiling to AKN, applying, rebasing
onto drifted versions, composing, the conflict matrix, term impact, and `proposal:` references."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS
from diff_match_patch import diff_match_patch

from lawdiff.akn.blocks import article_blocks
from lawdiff.akn.model import NS, Statute, ld, schema_errors, text_of
from lawdiff.amending.proposals import (
    Conflict,
    Origin,
    Proposal,
    Rationale,
    RebaseConflict,
    apply_all,
    apply_proposal,
    compile_proposal,
    conflict_matrix,
    is_commencement,
    load_proposal,
    new_proposal_template,
    rebase,
    text_changes,
)
from lawdiff.analysis.terms import term_impact
from lawdiff.errors import OperationError, ParseError, PatchConflict, UnknownReference
from lawdiff.importing.instructions import parse_instrument
from lawdiff.library import Library
from lawdiff.rendering.reports import conflicts_table

REPO = Path(__file__).resolve().parents[1]
PROPOSALS = REPO / "proposals"
DATA = Path(__file__).parent / "data" / "proposals"
IDS = sorted(p.stem for p in PROPOSALS.glob("*.md"))

# Article 253-1 as Amendment IX wrote it (in force 2015-11-01, unchanged since).
IX_253_1 = (
    "违反国家有关规定，向他人出售或者提供公民个人信息，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金；"
    "情节特别严重的，处三年以上七年以下有期徒刑，并处罚金。",
    "违反国家有关规定，将在履行职责或者提供服务过程中获得的公民个人信息，出售或者提供给他人的，依照前款的规定从重处罚。",
    "窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。",
    "单位犯前三款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。",
)
# Article 253-1 as Amendment VII wrote it (in force 2009-02-28 until 2015-10-31).
VII_253_1_PARA_1 = ("国家机关或者金融、电信、交通、教育、医疗等单位的工作人员，违反国家规定，将本单位在履行职责或者提供服务过程中"
                    "获得的公民个人信息，出售或者非法提供给他人，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。")
VII_253_1_PARA_2 = "窃取或者以其他方法非法获取上述信息，情节严重的，依照前款的规定处罚。"


@pytest.fixture(scope="module")
def library() -> Iterator[Library]:
    """Return the project's library; until statutes/criminal-law/amendments/ exists, with the amending instruments
    read from the corpus."""
    with pytest.MonkeyPatch.context() as mp:
        if not Library(REPO).instrument_files("criminal-law"):
            instruments = [parse_instrument(p.read_text(encoding="utf-8"), str(p))
                           for p in sorted(CORPUS.glob("prc-criminal-law/amendments/*.md"))]
            mp.setattr(Library, "instruments", lambda self, name: instruments)
        yield Library(REPO)


@pytest.fixture(scope="module")
def base(library: Library) -> Statute:
    """Return the version the shipped proposals are drafted against."""
    return library.resolve("criminal-law@2024-03-01")


@pytest.fixture(scope="module")
def proposals() -> dict[str, Proposal]:
    return {pid: load_proposal(PROPOSALS / f"{pid}.md") for pid in IDS}


def article(statute: Statute, key: str) -> tuple[str, ...]:
    return tuple(statute.article(key).lines())


def assert_valid(statute: Statute) -> None:
    assert schema_errors(statute.root) == []


# --- loading ---------------------------------------------------------------------------------------------------


def test_the_five_proposals_load(proposals: dict[str, Proposal]) -> None:
    assert set(IDS) >= {"biometric-aggravation", "comprehensive-reform", "illegal-use-offence",
                        "public-legal-interest", "rename-personal-information"}
    for pid, proposal in proposals.items():
        assert proposal.id == pid
        assert proposal.base == "criminal-law@2024-03-01"
        assert proposal.law == "criminal-law"
        assert proposal.status == "published"
        assert proposal.date == dt.date(2026, 11, 23)
        assert len(proposal.english) == len(proposal.rationale) == len(proposal.origins) == len(proposal.items) >= 2
        assert is_commencement(proposal.items[-1]) and proposal.rationale[-1] == Rationale("", "")
        assert all(r.zh and r.en for r in proposal.rationale[:-1]) and all(proposal.origins[:-1])
    rename = proposals["rename-personal-information"]
    item, commencement = rename.items
    assert (item.label, item.line, item.prefix) == ("一", ITEM_1, "一、")
    (op,) = item.operations
    assert (op.kind, op.article, op.old_term, op.new_term) == ("replace_term", "253-1", "公民个人信息", "个人信息")
    assert (commencement.label, commencement.blocks, commencement.operations) == ("二", ("本修正案自公布之日起施行。",), ())
    assert rename.english == ('Replace "citizens\' personal information" with "personal information" in Article '
                              "253-1 of the Criminal Law.", "This Amendment shall come into force on the date of its "
                              "promulgation.")
    assert rename.rationale[0].zh.startswith("“公民个人信息”一语在第二百五十三条之一前三款中各出现一次")
    assert rename.rationale[0].en.endswith("(`lawdiff conflicts` reports them as differ).")
    assert [s.key for s in rename.sources] == ["li2025", "interp2017", "pipl2021", "civilcode2020"]
    assert rename.sources[0].year == 2025 and rename.sources[0].section == "§3.1, §4.1"
    assert rename.lines["base"] == 10
    comprehensive = proposals["comprehensive-reform"]
    assert [(i.label, [o.kind for o in i.operations]) for i in comprehensive.items] == [
        ("一", ["replace_article"]), ("二", ["insert_article"]), ("三", [])]


MALFORMED = {
    "bad-yaml": "6: invalid YAML in the front matter: expected ',' or ']', but got ':' (while parsing a flow "
                "sequence at line 5)",
    "unknown-base": "10: base '刑法（2015年）' is not a reference to a law on a date (expected e.g. "
                    "criminal-law@2021-03-01)",
    "bad-instruction": '22: item 二: cannot read instruction: "刑法第二百五十三条之一应当更严厉。"',
    "missing-rationale": "19: item 二 has no rationale (expected ### 二 with #### zh and/or #### en under ## Rationale, or "
                         "reasons for the whole proposal under #### zh / #### en before the first ###)",
    "extra-rationale": "31: rationale for item 二, but ## Changes has no item 二 (items: 一)",
    "unknown-citation": "33: citation [@interp2017] names no source (sources: li2025)",
    "unknown-field": "12: unknown field 'reviewer' (expected: id, title, authors, date, status, base, sources, "
                     "proposed_by, charges)",
    "missing-field": "1: missing field(s) date, base in the front matter",
    "bad-status": "9: status 'adopted' is not one of draft, published, withdrawn",
    "wrong-id": "2: id 'another-id' differs from the file name (expected id: wrong-id)",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_proposals_fail_with_file_and_line(name: str) -> None:
    path = DATA / f"{name}.md"
    with pytest.raises(ParseError) as info:
        load_proposal(path)
    assert str(info.value) == f"{path}:{MALFORMED[name]}"


def test_text_before_the_first_item_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rename-vii.md"
    path.write_text((DATA / "rename-vii.md").read_text(encoding="utf-8").replace(
        "## Changes\n\n", "## Changes\n\nWe propose:\n\n"), encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_proposal(path)
    assert str(info.value) == f"{path}:23: text before the first change item (explanations belong in ## Rationale)"


# Whose proposal it is (proposed_by) and the commencement item, as rename-personal-information states them:
# line 36 "proposed_by: li2025 §4.1", line 43 "二、本修正案自公布之日起施行。", line 49 its translation.
RENAME = (PROPOSALS / "rename-personal-information.md").read_text(encoding="utf-8")


def line_of(text: str, start: str) -> int:
    """Return the number of the first line of a text that starts with ``start``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


ITEM_1 = line_of(RENAME, "一、")  # the line of the rename's item 一
SOURCES = "civilcode2020, interp2017, li2025, pipl2021"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in RENAME
    path = tmp_path / "rename-personal-information.md"
    path.write_text(RENAME.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("new", "message"), [
    ("proposed_by: the reviewer", "36: proposed_by: 'the reviewer' is neither editors, authors nor a source key with the "
                                  "section that makes the proposal (e.g. li2025 §4.1)"),
    ("proposed_by: li2025", "36: proposed_by: 'li2025' is neither editors, authors nor a source key with the section that "
                            "makes the proposal (e.g. li2025 §4.1)"),
    ("proposed_by: li2024 §4.1", f"36: proposed_by: 'li2024 §4.1' names no source (sources: {SOURCES})"),
    ("proposed_by: [li2025 §4.1, editor]", "36: proposed_by: 'editor' is neither editors, authors nor a source key with "
                                          "the section that makes the proposal (e.g. li2025 §4.1)"),
    ("proposed_by: []", "36: proposed_by is empty (expected editors or KEY §SECTION, e.g. li2025 §4.1)"),
    ("proposed_by:\n  二: editors", "36: proposed_by does not say whose proposal item 一 is (expected 一: editors or "
                                    "一: KEY §SECTION)"),
    ("proposed_by:\n  一: editors\n  三: editors", "38: proposed_by names item 三, but ## Changes has no item 三 "
                                                  "(items: 一、二)"),
    ("proposed_by:\n  一: [editors, li2025 §9.9, paper]", "37: proposed_by.一: 'paper' is neither editors, authors nor a "
                                                         "source key with the section that makes the proposal (e.g. "
                                                         "li2025 §4.1)"),
    ("", "1: missing field(s) proposed_by in the front matter"),
])
def test_whose_proposal_it_is_must_be_said_in_known_terms(tmp_path: Path, new: str, message: str) -> None:
    path = _variant(tmp_path, "proposed_by: li2025 §4.1\n", new + "\n" if new else "")
    with pytest.raises(ParseError) as info:
        load_proposal(path)
    assert str(info.value) == f"{path}:{message}"


@pytest.mark.parametrize(("new", "origins"), [
    ("proposed_by: editors", ((Origin(),), ())),
    ("proposed_by: [li2025 §4.1, editors]", ((Origin("li2025", "§4.1"), Origin()), ())),
    ("proposed_by:\n  一: editors", ((Origin(),), ())),
    ("proposed_by:\n  一: li2025 §4.1\n  二: editors", ((Origin("li2025", "§4.1"),), (Origin(),))),
    ("proposed_by: authors", ((Origin(by_authors=True),), ())),
])
def test_whose_proposal_it_is_for_the_whole_or_item_by_item(tmp_path: Path, new: str, origins: tuple) -> None:
    proposal = load_proposal(_variant(tmp_path, "proposed_by: li2025 §4.1", new))
    assert proposal.origins == origins
    assert proposal.proposers == tuple(dict.fromkeys(o for item in origins for o in item))


def test_the_commencement_item_needs_a_translation_but_no_rationale(tmp_path: Path) -> None:
    proposal = load_proposal(PROPOSALS / "rename-personal-information.md")
    assert is_commencement(proposal.items[1]) and not is_commencement(proposal.items[0])
    assert proposal.rationale[1] == Rationale("", "") and proposal.origins[1] == ()
    # reasons may still be given (say, for a fixed date rather than promulgation)
    dated = _variant(tmp_path, "二、本修正案自公布之日起施行。", "二、本修正案自2027年1月1日起施行。")
    dated.write_text(dated.read_text(encoding="utf-8") + "\n### 二\n\n#### zh\n\n留出制定司法解释的时间。\n",
                     encoding="utf-8")
    proposal = load_proposal(dated)
    assert is_commencement(proposal.items[1]) and proposal.rationale[1] == Rationale("留出制定司法解释的时间。", "")
    # but not without a translation: the English section has one item per item, commencement included
    with pytest.raises(ParseError) as info:
        load_proposal(_variant(tmp_path, "\n2. This Amendment shall come into force on the date of its promulgation.\n", ""))
    assert str(info.value).endswith(f":{line_of(RENAME, '## Changes (English')}: the English translation has 1 item(s) "
                                    "but ## Changes has 2")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。\n\n二、本修正案自公布之日起施行。",
     "一、本修正案自公布之日起施行。\n\n二、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。",
     f"{ITEM_1}: item 一: the commencement item (本修正案自……起施行。) must be the last item"),
    ("二、本修正案自公布之日起施行。", "二、根据本修正案对刑法作相应的修改，重新公布。",
     f"{ITEM_1 + 2}: item 二 changes nothing (expected an instruction, or 本修正案自……起施行。 as the last item)"),
])
def test_only_the_last_item_may_change_nothing_and_only_by_commencing(tmp_path: Path, old: str, new: str,
                                                                      message: str) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(ParseError) as info:
        load_proposal(path)
    assert str(info.value) == f"{path}:{message}"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"missing\.md: cannot read"):
        load_proposal(tmp_path / "missing.md")


def test_the_template_loads_once_filled_in(tmp_path: Path, base: Statute) -> None:
    path = tmp_path / "my-proposal.md"
    template = new_proposal_template("my-proposal", dt.date(2026, 1, 2))
    path.write_text(template, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_proposal(path)
    assert str(info.value) == (f"{path}:11: base 'LAW@YYYY-MM-DD' is not a reference to a law on a date (expected "
                               "e.g. criminal-law@2021-03-01)")
    filled = (template.replace("base: LAW@YYYY-MM-DD", "base: criminal-law@2021-03-01")
              .replace("## Changes\n", "## Changes\n\n一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。\n\n"
                       "二、本修正案自公布之日起施行。\n", 1)
              .replace("translation)\n", "translation)\n\n1. Replace the term.\n\n2. In force on promulgation.\n")
              .replace("## Rationale\n", "## Rationale\n\n### 一\n\n#### zh\n\n理由。\n"))
    path.write_text(filled, encoding="utf-8")
    proposal = load_proposal(path)
    assert (proposal.id, proposal.status, proposal.date, proposal.sources) == ("my-proposal", "draft",
                                                                                dt.date(2026, 1, 2), ())
    assert proposal.items[0].line == line_of(filled, "一、") and proposal.rationale == (Rationale("理由。", ""), Rationale("", ""))
    assert proposal.origins == ((Origin(),), ())  # the template's proposed_by: editors; the commencement item none
    assert schema_errors(compile_proposal(proposal, base)) == []
    with pytest.raises(ParseError, match="is not lower-case words"):
        new_proposal_template("My Proposal")


# --- compiling -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", IDS)
def test_compiled_proposals_are_valid_akn_amendments(pid: str, proposals: dict[str, Proposal],
                                                     base: Statute) -> None:
    proposal = proposals[pid]
    root = compile_proposal(proposal, base)
    assert schema_errors(root) == []
    doc = root[0]
    assert doc.tag.endswith("}amendment") and doc.get("name") == pid
    # The items verbatim, numbered as written.
    items = doc.findall("a:amendmentBody/a:amendmentContent[@eId='changes']/a:blockContainer", NS)
    assert [(text_of(c.find("a:num", NS)), [text_of(p) for p in c.findall("a:p", NS)]) for c in items] == [
        (item.prefix, list(item.blocks)) for item in proposal.items]
    # The rationale in amendmentJustification, per item and language.
    justification = doc.find("a:amendmentBody/a:amendmentJustification", NS)
    for n, rationale in enumerate(proposal.rationale, 1):
        zh = justification.find(f"a:blockContainer/a:blockContainer[@eId='rationale_{n}_zh']", NS)
        if not rationale.zh:  # the commencement item, given no reasons, has no container
            assert zh is None and justification.find(f"a:blockContainer[@eId='rationale_{n}']", NS) is None
            continue
        assert "\n\n".join(text_of(p) for p in zh.findall("a:p", NS)) == rationale.zh
    # One textualMod per operation, each text change with its patch.
    mods = doc.findall("a:meta/a:analysis/a:activeModifications/a:textualMod", NS)
    assert len(mods) == sum(len(item.operations) for item in proposal.items)
    dmp = diff_match_patch()
    for mod, change in zip(mods, text_changes(proposal, base), strict=True):
        new = mod.find("a:new", NS)
        patch = new.find(ld("patch")).text
        assert patch == change.patch
        old = mod.find(f"a:old/{ld('text')}", NS)
        before = "" if old is None else old.text
        assert dmp.patch_apply(dmp.patch_fromText(patch), before)[0] == new.find(ld("text")).text == change.after


def test_a_text_change_patches_the_base_provision(proposals: dict[str, Proposal], base: Statute) -> None:
    (change,) = text_changes(proposals["rename-personal-information"], base)
    assert change.eid == "art_253-1" and change.before == "\n".join(IX_253_1)
    assert change.after == change.before.replace("公民个人信息", "个人信息")
    assert change.patch.count("@@ -") == 3  # one hunk per paragraph that names the term


# --- applying ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pid", IDS)
def test_applied_proposals_match_their_golden_text(pid: str, proposals: dict[str, Proposal], base: Statute) -> None:
    result = apply_proposal(proposals[pid], base)
    assert_valid(result)
    blocks = [b for key in ("253-1", "253-2") if result.find(f"art_{key}") is not None
              for b in article_blocks(result.article(key))]
    assert "\n\n".join(blocks) + "\n" == (DATA / f"{pid}.golden").read_text(encoding="utf-8")
    assert article(base, "253-1") == IX_253_1  # the base is untouched


@pytest.mark.parametrize("pid", IDS)
def test_rebasing_onto_the_base_itself_is_applying(pid: str, proposals: dict[str, Proposal], base: Statute) -> None:
    applied = apply_proposal(proposals[pid], base)
    rebased = rebase(proposals[pid], base, base)
    assert [a.lines() for a in rebased.articles()] == [a.lines() for a in applied.articles()]


def test_a_failed_precondition_names_file_item_and_provision(proposals: dict[str, Proposal],
                                                             library: Library) -> None:
    before_vii = library.resolve("criminal-law@2005-03-01")  # Article 253-1 came with Amendment VII
    with pytest.raises(OperationError) as info:
        apply_proposal(proposals["rename-personal-information"], before_vii)
    assert str(info.value) == (f"{PROPOSALS}/rename-personal-information.md:{ITEM_1}: item 一: 第二百五十三条之一 does not "
                               "exist in the base text")


# --- rebasing onto another version -------------------------------------------------------------------------------


def test_a_term_replacement_drafted_against_vii_applies_to_ix(library: Library) -> None:
    proposal = load_proposal(DATA / "rename-vii.md")
    vii = library.resolve(proposal.base)
    ix = library.resolve("criminal-law@2015-11-01")
    assert article(vii, "253-1") == (VII_253_1_PARA_1, VII_253_1_PARA_2, "单位犯前两款罪的，对单位判处罚金，并对其直接负责的"
                                     "主管人员和其他直接责任人员，依照各该款的规定处罚。")
    assert article(ix, "253-1") == IX_253_1
    result = rebase(proposal, ix, vii)
    assert_valid(result)
    assert article(result, "253-1") == tuple(p.replace("公民个人信息", "个人信息") for p in IX_253_1)
    assert article(result, "253-1")[2] == "窃取或者以其他方法非法获取个人信息的，依照第一款的规定处罚。"
    assert [a.lines() for a in result.articles() if a.eid != "art_253-1"] == [
        a.lines() for a in ix.articles() if a.eid != "art_253-1"]
    assert article(ix, "253-1") == IX_253_1  # onto is untouched


def test_a_term_in_a_paragraph_amendment_ix_replaced_is_a_conflict(library: Library) -> None:
    proposal = load_proposal(DATA / "vii-paragraph-one.md")
    vii = library.resolve(proposal.base)
    assert article(apply_proposal(proposal, vii), "253-1")[0].startswith("国家机关或者金融、电信、交通、教育、医疗、互联网等")
    with pytest.raises(RebaseConflict) as info:
        rebase(proposal, library.resolve("criminal-law@2015-11-01"), vii)
    path = str(DATA / "vii-paragraph-one.md")
    reason = "the term “国家机关或者金融、电信、交通、教育、医疗等单位的工作人员” does not occur in 第二百五十三条之一"
    assert info.value.conflicts == (Conflict("vii-paragraph-one", path, 17, "一", "第二百五十三条之一第一款",
                                             VII_253_1_PARA_1, IX_253_1[0], reason),)
    assert isinstance(info.value, PatchConflict)
    assert str(info.value) == info.value.conflicts[0].format() == f"{path}:17: item 一, 第二百五十三条之一第一款: {reason}"


def test_a_restated_paragraph_that_has_changed_since_is_a_conflict(library: Library) -> None:
    proposal = load_proposal(DATA / "vii-paragraph-two.md")
    with pytest.raises(RebaseConflict) as info:
        rebase(proposal, library.resolve("criminal-law@2015-11-01"), library.resolve(proposal.base))
    (conflict,) = info.value.conflicts
    assert (conflict.item, conflict.provision, conflict.expected, conflict.found) == (
        "一", "第二百五十三条之一第二款", VII_253_1_PARA_2, IX_253_1[1])


def test_a_restatement_applies_around_a_term_replacement(proposals: dict[str, Proposal], base: Statute) -> None:
    # comprehensive-reform's 253-1 is, its rationale says, rename ∘ biometric in either order: check it.
    expected = article(apply_proposal(proposals["comprehensive-reform"], base), "253-1")
    for order in (("rename-personal-information", "biometric-aggravation"),
                  ("biometric-aggravation", "rename-personal-information")):
        result = apply_all([proposals[pid] for pid in order], base)
        assert_valid(result)
        assert article(result, "253-1") == expected


def test_an_edit_already_made_elsewhere_is_not_spliced_twice(proposals: dict[str, Proposal], base: Statute) -> None:
    # diff-match-patch's patch_apply, fuzzy, reports success and writes 前两两款; rebase reports the clash.
    public = apply_proposal(proposals["public-legal-interest"], base)
    (change,) = text_changes(proposals["biometric-aggravation"], base)
    dmp = diff_match_patch()
    spliced, applied = dmp.patch_apply(dmp.patch_fromText(change.patch), "\n".join(article(public, "253-1")))
    assert all(applied) and "前两两款" in spliced
    with pytest.raises(RebaseConflict) as info:
        rebase(proposals["biometric-aggravation"], public, base)
    # Both restate the entity paragraph too (biometric lists 第一款、第三款、第四款; public-legal-interest 前四款).
    assert [(c.item, c.provision, c.expected, c.found) for c in info.value.conflicts] == [
        ("一", "第二百五十三条之一第二款", IX_253_1[1], article(public, "253-1")[1]),
        ("一", "第二百五十三条之一第四款", IX_253_1[3], article(public, "253-1")[3])]


# --- composing ---------------------------------------------------------------------------------------------------


def test_conflict_matrix_of_the_shipped_proposals(proposals: dict[str, Proposal], base: Statute) -> None:
    matrix = conflict_matrix(list(proposals.values()), base)
    table = conflicts_table(matrix)
    print(table)
    assert matrix.proposals == tuple(IDS)
    assert len(matrix.pairs) == len(IDS) * (len(IDS) - 1) // 2
    clean = matrix.pair("rename-personal-information", "illegal-use-offence")
    assert (clean.status, clean.shared, clean.forward, clean.backward) == ("clean", (), "", "")
    conflicting = matrix.pair("public-legal-interest", "biometric-aggravation")
    assert conflicting.status == "fail" and conflicting.shared == ("第二百五十三条之一",)
    assert "第二百五十三条之一第二款: this text has been changed since the proposal was drafted" in conflicting.forward
    # Each verdict agrees with applying the two in both orders.
    for pair in matrix.pairs:
        results = []
        for first, second in ((pair.first, pair.second), (pair.second, pair.first)):
            try:
                results.append([a.lines() for a in apply_all([proposals[first], proposals[second]], base).articles()])
            except PatchConflict:
                results.append(None)
        assert pair.status == ("fail" if None in results else "clean" if results[0] == results[1] else "differ")
    lines = table.splitlines()
    assert lines[0].split() == ["proposal", "A", "proposal", "B", "both", "change", "A", "then", "B", "B", "then",
                                "A", "result"]
    assert any(line.split()[:2] == ["illegal-use-offence", "rename-personal-information"]
               and line.split()[-1] == "clean" for line in lines)


def test_apply_all_stops_at_a_conflict(proposals: dict[str, Proposal], base: Statute) -> None:
    with pytest.raises(RebaseConflict, match=r"public-legal-interest\.md:47: item 一, 第二百五十三条之一第二款"):
        apply_all([proposals["biometric-aggravation"], proposals["public-legal-interest"]], base)


# --- term impact and references ---------------------------------------------------------------------------------


def test_term_impact_finds_the_term_in_related_statutes(library: Library) -> None:
    everywhere = term_impact("公民个人信息", library.provision_texts)
    assert {o.law for o in everywhere} == {"criminal-law", "spc-spp-interpretation-2017"}
    assert [o.eid for o in everywhere if o.law == "criminal-law"] == [
        "art_253-1__para_1", "art_253-1__para_2", "art_253-1__para_3"]
    others = term_impact("公民个人信息", library.provision_texts, exclude={("criminal-law", "art_253-1")})
    assert {o.law for o in others} == {"spc-spp-interpretation-2017"}
    title, first = others[0], others[1]
    assert (title.eid, title.label) == ("", "标题")
    assert title.snippet == "…高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题…"
    assert (first.eid, first.label) == ("art_1__para_1", "第一条第一款")
    assert first.snippet == "…二百五十三条之一规定的“公民个人信息”，是指以电子或者其他方…"
    assert {o.eid for o in others} >= {"art_5__para_1__point_4", "art_8__para_1", "art_12__para_1"}


def test_proposal_references_resolve_to_the_base_with_the_proposal_applied(library: Library) -> None:
    result = library.resolve("proposal:rename-personal-information")
    assert article(result, "253-1") == tuple(p.replace("公民个人信息", "个人信息") for p in IX_253_1)
    assert library.resolve("proposal:illegal-use-offence").find("art_253-2") is not None
    with pytest.raises(UnknownReference) as info:
        library.resolve("proposal:no-such-proposal")
    assert str(info.value) == (f"{PROPOSALS}: no proposal 'no-such-proposal' (known: {', '.join(IDS)})")


def test_rationale_notes_are_keyed_by_the_articles_changed(library: Library,
                                                          proposals: dict[str, Proposal]) -> None:
    notes = library.notes("proposal:comprehensive-reform")
    rationale = proposals["comprehensive-reform"].rationale
    assert notes == {"art_253-1": rationale[0].zh, "art_253-2": rationale[1].zh}


def test_an_unknown_law_as_base_names_the_proposal_line(library: Library) -> None:
    proposal = load_proposal(DATA / "unknown-law.md")
    with pytest.raises(UnknownReference) as info:
        library.proposal_base(proposal)
    # The rest of the message is the library's.
    assert str(info.value).startswith(f"{DATA}/unknown-law.md:10: base penal-code@2015-11-01: ")
    assert "penal-code" in info.value.message.split(": ", 1)[1]


# --- nothing under proposals/ is written ------------------------------------------------------------------------


def test_proposal_files_are_never_written(library: Library, base: Statute) -> None:
    def snapshot() -> dict[Path, tuple[bytes, int]]:
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(PROPOSALS.rglob("*")) if p.is_file()}

    before = snapshot()
    loaded = [load_proposal(PROPOSALS / f"{pid}.md") for pid in IDS]
    for proposal in loaded:
        compile_proposal(proposal, base)
        apply_proposal(proposal, base)
        rebase(proposal, base, base)
    conflict_matrix(loaded, base)
    library.resolve("proposal:comprehensive-reform")
    assert snapshot() == before
