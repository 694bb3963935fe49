"""Proposals written as the text they want (``## Proposed text``): read, drafted into ``## Changes`` in the law's
style (`lawdiff draft proposal:ID [--write]`), and checked against the changes when both are given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, STATUTES, run

from lawdiff.amending.proposals import Origin, Rationale, apply_proposal, load_proposal
from lawdiff.amending.proposals.model import ProposedArticle, Title
from lawdiff.amending.proposals.proposed import final_text, parse_proposed, proposed_statute
from lawdiff.amending.proposals.reader import read_proposal
from lawdiff.amending.proposals.writer import ProposalDraft, proposal_file, with_changes
from lawdiff.errors import ParseError
from lawdiff.library import Library

DATA = REPO / "tests" / "data" / "proposals"
RENAME_CHANGES = "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。\n\n二、本修正案自公布之日起施行。\n"
PIPL_CHANGES = (
    "一、将第二十八条中的“十四周岁”修改为“十六周岁”。\n\n"
    "二、删去第七十三条。\n\n"
    "三、增加一条，作为第二十五条：“个人信息处理者利用个人信息进行自动化决策的，应当每年对决策所用的算法进行安全评估，"
    "并对评估情况进行记录。”\n\n"
    "四、本决定自公布之日起施行。\n")



@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding the shipped statutes and, as its only proposals, the two proposed-text fixtures (the
    rename written with its changes as well, the PIPL one as text alone)."""
    shutil.copytree(STATUTES, tmp_path / "statutes")
    (tmp_path / "proposals").mkdir()
    for name in ("rename-proposed-text", "pipl-proposed-text"):
        shutil.copyfile(DATA / f"{name}.md", tmp_path / "proposals" / f"{name}.md")
    return tmp_path


# --- reading the section -------------------------------------------------------------------------------------


def test_proposed_text_reads_articles_paragraphs_points_and_deletions() -> None:
    lines = list(enumerate(["第十条 甲：", "（一）乙；", "", "（二）丙。", "丁。", "", "第十一条　（删去）"], start=20))
    articles = parse_proposed(lines, "p.md")
    assert articles == (ProposedArticle("10", ("甲：", "（一）乙；", "（二）丙。", "丁。"), False, 20),
                        ProposedArticle("11", (), True, 26))


@pytest.mark.parametrize(("lines", "message"), [
    (["甲。"], "p.md:1: expected an article: its number and first paragraph (第二百五十三条之一 …)"),
    (["### 第二章"], "p.md:1: headings cannot be proposed here: give articles (第X条 …), one paragraph a line"),
    (["第十条 甲。", "第十条 乙。"], "p.md:2: 第十条 is proposed twice"),
    (["第十条"], "p.md:1: 第十条 has no text (expected its first paragraph after the number, or （删去）)"),
    (["第十条 甲。", "（删去）"], "p.md:1: 第十条: （删去） stands alone on the article's line"),
])
def test_proposed_text_mistakes_are_reported_at_their_line(lines: list[str], message: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_proposed(list(enumerate(lines, start=1)), "p.md")
    assert str(info.value) == message


# --- drafting -------------------------------------------------------------------------------------------------


def test_a_proposal_with_only_its_proposed_text_has_its_changes_drafted(project: Path) -> None:
    library = Library(project)
    proposal = library.proposal("pipl-proposed-text")
    assert proposal.drafted and [a.key for a in proposal.proposed] == ["24-1", "28", "73"]
    assert "\n\n".join(proposal.items[0].blocks) == "将第二十八条中的“十四周岁”修改为“十六周岁”。"
    assert [item.label for item in proposal.items] == ["一", "二", "三", "四"]
    assert proposal.origins == ((Origin(by_authors=True),),) * 3 + ((),)
    assert proposal.english[0] == "Replace “十四周岁” with “十六周岁” in Article 28."
    assert proposal.english[-1] == "This Decision shall come into force on the date of its promulgation."
    general = Rationale("", "Test fixture: a new article, a changed one and a deletion in a law amended by decision.")
    assert proposal.general == general and proposal.rationale[0] == general
    assert proposal.rationale[1:] == (Rationale("", ""),) * 3
    # applied, the drafted changes give the proposed text as the law is republished (renumbered)
    base = library.proposal_base(proposal)
    applied = final_text(apply_proposal(proposal, base))
    wanted = final_text(proposed_statute(base, proposal.proposed))
    assert [(a.eid, a.lines()) for a in applied.articles()] == [(a.eid, a.lines()) for a in wanted.articles()]
    assert applied.article("25").lines()[0].startswith("个人信息处理者利用个人信息进行自动化决策的，应当每年")
    assert "不满十六周岁未成年人" in applied.article("29").text
    assert len(list(applied.articles())) == len(list(base.articles()))  # one added, one deleted


def test_draft_proposal_prints_the_changes_in_the_laws_style(project: Path) -> None:
    assert run("draft", "proposal:pipl-proposed-text", "--root", project) == (0, PIPL_CHANGES, "")
    assert run("draft", "proposal:rename-proposed-text", "--root", project) == (0, RENAME_CHANGES, "")


def test_draft_proposal_write_puts_the_changes_in_and_keeps_every_other_byte(project: Path) -> None:
    path = project / "proposals" / "pipl-proposed-text.md"
    before = path.read_text(encoding="utf-8")
    code, out, err = run("draft", "proposal:pipl-proposed-text", "--write", "--root", project)
    assert (code, out, err) == (0, f"wrote the drafted ## Changes into {path}\n", "")
    after = path.read_text(encoding="utf-8")
    head, tail = before.split("\n## Rationale\n")
    assert after == f"{head}\n## Changes\n\n{PIPL_CHANGES}\n## Rationale\n{tail}"
    # read again, the file gives both sections, which agree; writing again changes nothing
    proposal = Library(project).proposal("pipl-proposed-text")
    assert not proposal.drafted and len(proposal.items) == 4
    assert run("validate", path, "--root", project)[0] == 0
    assert run("draft", "proposal:pipl-proposed-text", "--write", "--root", project)[0] == 0
    assert path.read_text(encoding="utf-8") == after


def test_draft_proposal_write_replaces_changes_that_disagree(project: Path) -> None:
    path = project / "proposals" / "rename-proposed-text.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("修改为“个人信息”。", "修改为“自然人个人信息”。"), encoding="utf-8")
    assert run("draft", "proposal:rename-proposed-text", "--write", "--root", project)[0] == 0
    assert path.read_text(encoding="utf-8") == text


def test_draft_proposal_write_refuses_a_file_that_would_not_read_and_writes_nothing(project: Path) -> None:
    path = project / "proposals" / "pipl-proposed-text.md"
    text = path.read_text(encoding="utf-8").replace(
        "## Rationale", "## Changes (English, unofficial translation)\n\n1. Only one item.\n\n## Rationale")
    path.write_text(text, encoding="utf-8")
    code, out, err = run("draft", "proposal:pipl-proposed-text", "--write", "--root", project)
    assert (code, out) == (1, "")
    assert err == (f"error: {path}:25: the English translation has 1 item(s) but ## Changes has 4\n")
    assert path.read_text(encoding="utf-8") == text


def test_draft_proposal_needs_a_proposed_text(project: Path) -> None:
    shutil.copyfile(REPO / "proposals" / "rename-personal-information.md",
                    project / "proposals" / "rename-personal-information.md")
    code, _, err = run("draft", "proposal:rename-personal-information", "--root", project)
    assert code == 1
    assert err == (f"error: {project / 'proposals' / 'rename-personal-information.md'}: proposal "
                   "rename-personal-information has no ## Proposed text to draft its changes from (lawdiff draft A B "
                   "drafts the changes between two texts)\n")
    assert run("draft", "criminal-law", "--write", "--root", project)[2].startswith("error: draft takes two texts")


# --- agreement of the two sections --------------------------------------------------------------------------


def _edit(project: Path, name: str, old: str, new: str) -> Path:
    path = project / "proposals" / f"{name}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


def test_validate_says_which_item_differs_from_the_proposed_text(project: Path) -> None:
    path = _edit(project, "rename-proposed-text", "修改为“个人信息”。", "修改为“自然人个人信息”。")
    code, out, _ = run("validate", path, "--root", project)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:27: error: item 一 gives 第二百五十三条之一 a text other than ## Proposed text (line 17): "
        "“…他人出售或者提供自然人个人信息，情节严…” where the proposed text has “…他人出售或者提供个人信息，情节严…”")


def test_validate_reports_a_proposed_article_no_item_changes(project: Path) -> None:
    path = _edit(project, "rename-proposed-text", "## Changes",
                 "第二百五十四条 国家机关工作人员滥用职权、假公济私，对控告人、申诉人、批评人、举报人实行报复陷害的，"
                 "处三年以下有期徒刑或者拘役。\n\n## Changes")
    code, out, _ = run("validate", path, "--root", project)
    assert (code, out.splitlines()[0]) == (1, f"{path}:25: error: ## Proposed text changes 第二百五十四条, but no "
                                              "item of ## Changes does (run lawdiff draft proposal:rename-proposed-text "
                                              "to see the items it needs)")


def test_validate_reports_an_item_changing_an_article_the_proposed_text_leaves(project: Path) -> None:
    path = _edit(project, "rename-proposed-text", "二、本修正案自公布之日起施行。",
                 "二、删去刑法第二百五十四条。\n\n三、本修正案自公布之日起施行。")
    _edit(project, "rename-proposed-text", "删去“公民”二字（测试用）。", "删去“公民”二字（测试用）。\n\n### 二\n\n#### zh\n\n测试。")
    code, out, _ = run("validate", path, "--root", project)
    assert (code, out.splitlines()[0]) == (1, f"{path}:29: error: item 二 changes 第二百五十四条, which ## Proposed "
                                              "text does not give (add the article there, or drop the change)")


def test_the_build_stops_at_a_published_proposal_that_disagrees_and_leaves_out_a_draft(project: Path) -> None:
    path = _edit(project, "rename-proposed-text", "修改为“个人信息”。", "修改为“自然人个人信息”。")
    proposals, warnings = Library(project).project_proposals()
    assert [p.id for p in proposals] == ["pipl-proposed-text"]
    assert warnings == [f"warning: {path}:27: item 一 gives 第二百五十三条之一 a text other than ## Proposed text (line "
                        "17): “…他人出售或者提供自然人个人信息，情节严…” where the proposed text has “…他人出售或者提供个人"
                        "信息，情节严…” (a draft: left out)"]
    _edit(project, "rename-proposed-text", "status: draft", "status: published")
    with pytest.raises(ParseError, match=r":27: item 一 gives 第二百五十三条之一"):
        Library(project).project_proposals()


def test_a_proposed_text_without_the_project_cannot_be_drafted() -> None:
    with pytest.raises(ParseError) as info:
        load_proposal(DATA / "pipl-proposed-text.md")
    assert info.value.line == 15 and "lawdiff drafts them from ## Proposed text against the base" in info.value.message


# --- writing new files ---------------------------------------------------------------------------------------


def test_a_new_proposal_file_reads_back_as_written(project: Path) -> None:
    library = Library(project)
    article = ProposedArticle("253-1", tuple(library.resolve("criminal-law").article("253-1").lines()))
    article = ProposedArticle("253-1", tuple(b.replace("公民个人信息", "个人信息") for b in article.blocks))
    draft = ProposalDraft("from-the-studio", Title("标题：“个人信息”", "Title: 'quotes' # not a comment"),
                          "criminal-law@2026-12-03", (article,), RENAME_CHANGES.strip(), (),
                          Rationale("理由。\n\n# 不是标题", "Reasons [@x]."), ("张三", "Li Si"))
    text = proposal_file(draft)
    assert "\n# 不是标题" not in text and "\n##### 不是标题" in text
    with pytest.raises(ParseError, match=r"citation \[@x\] names no source"):
        read_proposal(text, str(project / "proposals" / "from-the-studio.md"), library.law_title)
    text = text.replace("[@x]", "")
    proposal = read_proposal(text, str(project / "proposals" / "from-the-studio.md"), library.law_title)
    assert proposal.title == Title("标题：“个人信息”", "Title: 'quotes' # not a comment")
    assert proposal.authors == ("张三", "Li Si") and proposal.status == "draft"
    assert proposal.proposed == (article,) and not proposal.drafted
    assert proposal.origins[0] == (Origin(by_authors=True),)
    assert proposal.general == Rationale("理由。\n\n##### 不是标题", "Reasons .")


def test_with_changes_keeps_crlf_and_replaces_only_the_changes() -> None:
    text = "---\r\nid: x\r\n---\r\n\r\n## Changes\r\n\r\n一、旧。\r\n\r\n## Rationale\r\n\r\n#### zh\r\n\r\n甲\r\n"
    assert with_changes(text, "一、新。") == text.replace("一、旧。", "一、新。")
