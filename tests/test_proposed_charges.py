"""Charge names (罪名) a proposal proposes (front matter ``charges:``): read, checked against what the proposal
changes and against the names in use, printed by ``lawdiff charges --proposal`` and shown as proposed on the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, STATUTES, run

from lawdiff.amending.proposals import apply_proposal
from lawdiff.amending.proposals.model import ProposedCharge
from lawdiff.amending.proposals.reader import read_proposal
from lawdiff.analysis.charges import proposed_names
from lawdiff.errors import OperationError, ParseError
from lawdiff.library import Library

RENAME = REPO / "proposals" / "rename-personal-information.md"



def with_charges(block: str, source: Path = RENAME) -> str:
    """Return a shipped proposal's text with ``block`` as its ``charges:`` field (replacing any it has)."""
    head, rest = source.read_text(encoding="utf-8").split("\n---\n", 1)
    head = head.split("\ncharges:", 1)[0]
    return f"{head}\n{block}\n---\n{rest}"


def field_line(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project reading the shipped statutes, with no proposal yet."""
    (tmp_path / "statutes").symlink_to(STATUTES, target_is_directory=True)
    (tmp_path / "proposals").mkdir()
    return tmp_path


# --- reading -----------------------------------------------------------------------------------------------


def test_charges_map_articles_and_paragraphs_to_names_in_any_form_of_number() -> None:
    text = with_charges("charges:\n  第二百五十三条之一: 侵犯个人信息罪\n  253-1 第二款: [甲罪, 乙罪]\n  285第3款: 丙罪")
    charges = read_proposal(text, str(RENAME)).charges
    assert charges == (ProposedCharge("253-1", None, ("侵犯个人信息罪",)), ProposedCharge("253-1", 2, ("甲罪", "乙罪")),
                       ProposedCharge("285", 3, ("丙罪",)))
    assert [c.line for c in charges] == [field_line(text, "  第二百五十三条之一"), field_line(text, "  253-1 第二款"),
                                         field_line(text, "  285第3款")]
    assert [c.label for c in charges] == ["第二百五十三条之一", "第二百五十三条之一第二款", "第二百八十五条第三款"]
    assert [c.eid for c in charges] == ["art_253-1", "art_253-1__para_2", "art_285__para_3"]


def test_a_proposal_without_charges_proposes_none() -> None:
    text = with_charges("")
    assert "charges" not in text.split("\n---\n", 1)[0]
    assert read_proposal(text, str(RENAME)).charges == ()


@pytest.mark.parametrize(("block", "start", "message"), [
    ("charges: 侵犯个人信息罪", "charges:", "charges must map a provision to its proposed charge name, e.g. "
     "charges: {第二百五十三条之二: 非法使用个人信息罪}"),
    ("charges: {}", "charges:", "charges must map a provision to its proposed charge name, e.g. "
     "charges: {第二百五十三条之二: 非法使用个人信息罪}"),
    ("charges:\n  第二百五十三条之一款: 侵犯个人信息罪", "  第二百五十三条之一款",
     "charges: '第二百五十三条之一款' is not a provision (expected an article such as 第二百五十三条之二 or 253-2, "
     "or a paragraph such as 第二百五十三条之一第一款)"),
    ("charges:\n  253-1: 侵犯个人信息", "  253-1", "charges: 253-1: '侵犯个人信息' is not a charge name (expected Chinese "
     "words ending in 罪, e.g. 非法使用个人信息罪)"),
    ("charges:\n  253-1: 3", "  253-1", "charges: 253-1: 3 is not a charge name (expected Chinese words ending in 罪, "
     "e.g. 非法使用个人信息罪)"),
    ("charges:\n  253-1: []", "  253-1", "charges: 253-1 names no charge"),
    ("charges:\n  253-1: 甲罪\n  第二百五十三条之一: 乙罪", "  第二百五十三条之一", "charges: 第二百五十三条之一 is given twice"),
])
def test_a_charges_field_that_does_not_read_is_one_error_at_its_line(block: str, start: str, message: str) -> None:
    text = with_charges(block)
    with pytest.raises(ParseError) as caught:
        read_proposal(text, str(RENAME))
    assert str(caught.value) == f"{RENAME}:{field_line(text, start)}: {message}"


# --- applying: the provision must be one the proposal makes or changes --------------------------------------


def test_a_name_for_a_provision_the_proposal_does_not_change_is_refused_at_its_line() -> None:
    library = Library(REPO)
    base = library.resolve("criminal-law@2024-03-01")
    for block, start, message in (
            ("charges:\n  285: 丙罪", "  285", "charges: this proposal does not change 第二百八十五条; a charge name is "
             "proposed for a provision the proposal creates or changes"),
            ("charges:\n  253-2: 丙罪", "  253-2", "charges: 第二百五十三条之二 is not in the text as this proposal makes "
             "it; a charge name is proposed for a provision the proposal creates or changes"),
            ("charges:\n  253-1 第五款: 丙罪", "  253-1", "charges: 第二百五十三条之一第五款 is not in the text as this "
             "proposal makes it; a charge name is proposed for a provision the proposal creates or changes")):
        text = with_charges(block)
        with pytest.raises(OperationError) as caught:
            apply_proposal(read_proposal(text, str(RENAME)), base)
        assert str(caught.value) == f"{RENAME}:{field_line(text, start)}: {message}"
    changed = read_proposal(with_charges("charges:\n  253-1 第一款: 侵犯个人信息罪"), str(RENAME))
    assert apply_proposal(changed, base).article("253-1") is not None  # paragraph 1 is one the rename changes


def test_a_name_in_use_for_another_offence_is_refused(project: Path) -> None:
    text = with_charges("charges:\n  253-1: 非法获取计算机信息系统数据、非法控制计算机信息系统罪")
    (project / "proposals" / RENAME.name).write_text(text, encoding="utf-8")
    code, out, err = run("charges", "--proposal", RENAME.stem, "--root", project)
    assert (code, out) == (1, "")
    assert err == (f"error: {project / 'proposals' / RENAME.name}:{field_line(text, '  253-1')}: charges: "
                   "非法获取计算机信息系统数据、非法控制计算机信息系统罪 is already the charge name of 第二百八十五条第二款 (in use "
                   "since 2009-10-16, supplement IV); a proposed name names one offence\n")


def test_the_name_a_provision_already_has_is_not_a_clash(project: Path) -> None:
    text = with_charges("charges:\n  253-1: 侵犯公民个人信息罪")
    (project / "proposals" / RENAME.name).write_text(text, encoding="utf-8")
    assert run("charges", "--proposal", RENAME.stem, "--root", project)[:2] == (0, (
        "charge names proposed by rename-personal-information (proposed only: the SPC and SPP fix charge names)\n"
        "  第二百五十三条之一  侵犯公民个人信息罪  would replace 侵犯公民个人信息罪 (2015-11-01 – now)\n"))


# --- the shipped proposals -----------------------------------------------------------------------------------


def test_the_shipped_proposals_name_the_charges_their_rationale_suggests() -> None:
    library = Library(REPO)
    table = library.charges("criminal-law")
    found = {}
    for path in sorted((REPO / "proposals").glob("*.md")):
        proposal = library.proposal(path.stem)
        found[path.stem] = [(n.proposed.label, n.proposed.names, [c.name for c in n.replaces])
                            for n in proposed_names(proposal, table, proposal.base_date)]
        for n in proposal.charges:  # each name is in the proposal's own reasons, in quotation marks
            assert all(f"“{name}”" in path.read_text(encoding="utf-8") for name in n.names)
    assert found == {
        "biometric-aggravation": [],
        "comprehensive-reform": [("第二百五十三条之一", ("侵犯个人信息罪",), ["侵犯公民个人信息罪"]),
                                 ("第二百五十三条之二", ("非法使用个人信息罪",), [])],
        "illegal-use-offence": [("第二百五十三条之二", ("非法使用个人信息罪",), [])],
        "public-legal-interest": [],
        "rename-personal-information": [("第二百五十三条之一", ("侵犯个人信息罪",), ["侵犯公民个人信息罪"])],
    }


def test_charges_command_prints_a_proposal_s_names_exactly() -> None:
    root = REPO
    assert run("charges", "--proposal", "comprehensive-reform", "--root", root) == (0, (
        "charge names proposed by comprehensive-reform (proposed only: the SPC and SPP fix charge names)\n"
        "  第二百五十三条之一  侵犯个人信息罪  would replace 侵犯公民个人信息罪 (2015-11-01 – now)\n"
        "  第二百五十三条之二  非法使用个人信息罪  a new name (none in use on 2024-03-01)\n"), "")
    assert run("charges", "253-2", "--proposal", "illegal-use-offence", "--root", root)[1] == (
        "charge names proposed by illegal-use-offence (proposed only: the SPC and SPP fix charge names)\n"
        "  第二百五十三条之二  非法使用个人信息罪  a new name (none in use on 2024-03-01)\n")
    assert run("charges", "253-1", "--proposal", "illegal-use-offence", "--root", root)[1] == (
        "charge names proposed by illegal-use-offence (proposed only: the SPC and SPP fix charge names)\n"
        "  none proposed for 第二百五十三条之一\n")
    assert run("charges", "--proposal", "illegal-use-offence", "--at", "2024-03-01", "--root", root) == (
        1, "", "error: --at and --proposal: a proposal's names are proposed, not in force on any date\n")
    assert run("charges", "--proposal", "no-such", "--root", root)[0] == 1


def test_proposed_names_on_a_date_when_the_provision_had_other_names() -> None:
    library = Library(REPO)
    proposal = library.proposal("rename-personal-information")
    names = proposed_names(proposal, library.charges("criminal-law"), dt.date(2012, 1, 1))
    assert [c.name for c in names[0].replaces] == ["出售、非法提供公民个人信息罪", "非法获取公民个人信息罪"]
    assert proposed_names(proposal, None, proposal.base_date)[0].replaces == ()  # a law without charge names
