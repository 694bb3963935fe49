"""A proposal's ``## Proposed text``: the articles as the authors want them to read, the statute they make, and
whether the proposal's ``## Changes`` make the same.

The section is written as the national database prints a law: an article's number and its first paragraph on one
line, each further paragraph or point on a line of its own (blank lines between them are allowed), a new article
under its new number, and ``第X条 （删去）`` for an article deleted::

    ## Proposed text

    第二百五十三条之一 违反国家有关规定，向他人出售或者提供个人信息，情节严重的，……

    违反国家有关规定，将在履行职责或者提供服务过程中获得的个人信息，出售或者提供给他人的，依照前款的规定从重处罚。

A new article takes the number it has where it stands: 第二百五十三条之二 after 第二百五十三条之一 in the Criminal
Law (amended by 修正案, never renumbered); in a law amended by decision, 第二十四条之一 stands after 第二十四条 and is
drafted as the article it becomes once the articles are renumbered (增加一条，作为第二十五条), or a number after the
last article adds one at the end. Articles are named by their number in the base text.

`proposed_statute` makes the text the section describes; `check_agreement` says, at the item's line or the
article's, where a proposal that has both sections is not what its ``## Proposed text`` says (`lawdiff validate`
and the site build run it). `english_item` words an item in English, for drafted items that no one translated.

>>> articles = parse_proposed([(3, "第二百五十三条之二 甲。"), (4, ""), (5, "乙："), (6, "（一）丙；")], "p.md")
>>> [(a.key, a.blocks, a.line) for a in articles]
[('253-2', ('甲。', '乙：', '（一）丙；'), 3)]
>>> parse_proposed([(3, "第十条 （删去）")], "p.md")[0].deleted
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED, build_article, build_paragraphs
from lawdiff.akn.model import Provision, Statute, akn, ld
from lawdiff.amending.operations import renumber_all
from lawdiff.amending.proposals.model import Proposal, ProposedArticle, changed_provision, is_commencement
from lawdiff.amending.proposals.patches import apply_proposal
from lawdiff.errors import LawdiffError, NumberingError, ParseError
from lawdiff.importing.instrument import Item, Operation, OpKind
from lawdiff.importing.styles import style_of

#: The line that opens an article: its number (第X条, 第X条之N), then its first paragraph.
ARTICLE_LINE = re.compile(rf"^(第{numbering.NUMERAL}条(?:之{numbering.NUMERAL})?)(?:[ \u3000]+(.*)|$)")


# --- reading the section ---------------------------------------------------------------------------------


def parse_proposed(lines: Sequence[tuple[int, str]], path: str) -> tuple[ProposedArticle, ...]:
    """Return the articles of a ``## Proposed text`` section, given as (line number, text) pairs; raise ParseError
    at the line of anything that is not an article as the national database prints it."""
    out: list[ProposedArticle] = []
    current: tuple[str, int, list[str]] | None = None

    def close() -> None:
        if current is None:
            return
        key, line, blocks = current
        if not blocks:
            raise ParseError(f"{numbering.article_label(key)} has no text (expected its first paragraph after the "
                             "number, or （删去）)", path=path, line=line)
        deleted = blocks == [REMOVED]
        if REMOVED in blocks and not deleted:
            raise ParseError(f"{numbering.article_label(key)}: （删去） stands alone on the article's line",
                             path=path, line=line)
        out.append(ProposedArticle(key, () if deleted else tuple(blocks), deleted, line))

    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        m = ARTICLE_LINE.match(text)
        if text.startswith("#"):
            raise ParseError("headings cannot be proposed here: give articles (第X条 …), one paragraph a line",
                             path=path, line=number)
        if m:
            close()
            try:
                key = numbering.ArticleNumber.parse(m.group(1)).key
            except NumberingError as exc:
                raise ParseError(exc.message, path=path, line=number) from None
            if any(a.key == key for a in out):
                raise ParseError(f"{m.group(1)} is proposed twice", path=path, line=number)
            current = (key, number, [m.group(2).strip()] if m.group(2) and m.group(2).strip() else [])
        elif current is None:
            raise ParseError("expected an article: its number and first paragraph (第二百五十三条之一 …)", path=path,
                             line=number)
        else:
            current[2].append(text)
    close()
    return tuple(out)


def proposed_markdown(articles: Sequence[ProposedArticle]) -> str:
    """Return the articles as the section prints them (the inverse of `parse_proposed`), blank lines between."""
    blocks: list[str] = []
    for article in articles:
        body = [REMOVED] if article.deleted else list(article.blocks)
        blocks += [f"{article.label} {body[0]}", *body[1:]]
    return "\n\n".join(blocks)


# --- the text it describes -----------------------------------------------------------------------------


def proposed_statute(base: Statute, articles: Sequence[ProposedArticle], path: str | None = None) -> Statute:
    """Return a copy of ``base`` with the articles as proposed: texts replaced, new articles placed after the
    article numbered before them, deleted articles kept as （删去） (nothing is renumbered: see `final_text`).

    Raise ParseError at the article's line for a deletion of an article the base does not have, or a new article
    with no article before it."""
    result = base.copy()
    for article in sorted(articles, key=lambda a: numbering.ArticleNumber.parse(a.key)):
        el = result.find(article.eid)
        blocks = [REMOVED] if article.deleted else list(article.blocks)
        if el is not None:
            for para in el.findall(akn("paragraph")):
                el.remove(para)
            el.extend(build_paragraphs(article.eid, blocks, path or "<proposed text>"))
            el.attrib.pop(ld("unknown"), None)
            if article.deleted:
                el.set("status", "removed")
            else:
                el.attrib.pop("status", None)
            continue
        if article.deleted:
            raise ParseError(f"{article.label} is not in the base text: there is nothing to delete", path=path,
                             line=article.line)
        key = numbering.ArticleNumber.parse(article.key)
        before = [a for a in result.articles() if numbering.ArticleNumber.parse(a.eid) < key]
        if not before:
            raise ParseError(f"the new {article.label} would stand before the first article", path=path,
                             line=article.line)
        before[-1].el.addnext(build_article(article.key, blocks, path or "<proposed text>"))
    return result


def final_text(statute: Statute) -> Statute:
    """Return the text a decision-style law has once republished: deleted articles gone, every article numbered
    in order (条文顺序作相应调整); a law amended by 修正案 keeps its numbers (the statute itself)."""
    if not style_of(statute.title).renumbers:
        return statute
    out = statute.copy()
    renumber_all(out)
    return out


def inserts_or_deletes(base: Statute, articles: Sequence[ProposedArticle]) -> bool:
    """Return whether the proposed articles add an article or delete one (a decision-style law is renumbered)."""
    return any(a.deleted or base.find(a.eid) is None for a in articles)


# --- agreement with the changes --------------------------------------------------------------------------


def _printed(statute: Statute) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.eid, tuple(a.lines())) for a in statute.articles()]


def _snippet(a: str, b: str, context: int = 8) -> tuple[str, str]:
    """Return the first stretch where two texts differ, with a few characters either side (… where cut).

    >>> _snippet("出售公民个人信息的", "出售个人信息的", 2)
    ('出售公民个人…', '出售个人…')
    """
    from difflib import SequenceMatcher

    opcodes = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    _, i1, i2, j1, j2 = opcodes[0] if opcodes else ("equal", 0, 0, 0, 0)

    def cut(text: str, start: int, end: int) -> str:
        lo, hi = max(0, start - context), min(len(text), end + context)
        return ("…" if lo else "") + text[lo:hi].replace("\n", "¶") + ("…" if hi < len(text) else "")

    return cut(a, i1, i2), cut(b, j1, j2)


def _touches(item: Item, eid: str) -> bool:
    return any(changed_provision(op) == eid or (op.kind is OpKind.INSERT_ARTICLE and op.new_article and
                                                numbering.ArticleNumber.parse(op.new_article).eid == eid)
               for op in item.operations)


def check_agreement(proposal: Proposal, base: Statute) -> None:
    """Raise ParseError, at the line of the item (or of the proposed article) concerned, if the proposal's
    ``## Changes`` applied to ``base`` do not give the text its ``## Proposed text`` gives; nothing when the proposal
    has no ``## Proposed text`` or its changes were drafted from it."""
    if not proposal.proposed or proposal.drafted:
        return
    expected = final_text(proposed_statute(base, proposal.proposed, proposal.path))
    applied = final_text(apply_proposal(proposal, base))
    if _printed(expected) == _printed(applied):
        return
    renumbered = {new: old for old, new in _renumbering(base, proposal.proposed).items()}
    by_eid = {a.eid: a for a in proposal.proposed}
    texts_e = dict(_printed(expected))
    texts_a = dict(_printed(applied))
    changes = [item for item in proposal.items if not is_commencement(item)]
    for eid in dict.fromkeys([*texts_e, *texts_a]):
        if texts_e.get(eid) == texts_a.get(eid):
            continue
        written = renumbered.get(eid, eid)  # the article as the proposed text names it
        article = by_eid.get(written)
        label = numbering.provision_label(eid)
        want, got = "\n".join(texts_e.get(eid, ())), "\n".join(texts_a.get(eid, ()))
        items = [item for item in changes if _touches(item, written) or _touches(item, eid)]
        if article is not None and items:
            shown_got, shown_want = _snippet(got, want)
            raise ParseError(f"item {items[0].label} gives {label} a text other than ## Proposed text (line "
                             f"{article.line}): “{shown_got}” where the proposed text has “{shown_want}”",
                             path=proposal.path, line=items[0].line)
        if article is not None:
            raise ParseError(f"## Proposed text changes {label}, but no item of ## Changes does (run lawdiff draft "
                             f"proposal:{proposal.id} to see the items it needs)", path=proposal.path,
                             line=article.line)
        culprit = items[0] if items else changes[-1] if changes else None
        raise ParseError(f"{'item ' + culprit.label + ' changes' if culprit else '## Changes change'} {label}, which "
                         "## Proposed text does not give (add the article there, or drop the change)",
                         path=proposal.path, line=culprit.line if culprit else proposal.lines.get("changes"))


def _renumbering(base: Statute, articles: Sequence[ProposedArticle]) -> dict[str, str]:
    """Return the eIds the proposed articles take once a decision-style law is renumbered (written → final)."""
    if not style_of(base.title).renumbers:
        return {}
    text = proposed_statute(base, articles)
    return {old: new for old, new in renumber_all(text).items() if old != new}


# --- in English ------------------------------------------------------------------------------------------


def _article(key: str) -> str:
    return f"Article {key}"


def _paragraphs(numbers: Sequence[int]) -> str:
    return ("paragraph " if len(numbers) == 1 else "paragraphs ") + ", ".join(str(n) for n in numbers)


def _english_op(op: Operation) -> str:
    """Return one operation in English (the new text is the Chinese of the item)."""
    art = _article(op.article) if op.article else ""
    words = {
        OpKind.REPLACE_TERM: lambda: f"Replace “{op.old_term}” with “{op.new_term}” in {art or 'the whole text'}",
        OpKind.REPLACE_ARTICLE: lambda: f"Amend {art} to read as in the Chinese text",
        OpKind.INSERT_ARTICLE: lambda: (f"Add an {_article(op.new_article or '')}" + (f" after {art}" if art else "")
                                        + ", worded as in the Chinese text"),
        OpKind.DELETE_ARTICLE: lambda: f"Delete {art}",
        OpKind.REPLACE_PARAGRAPHS: lambda: f"Amend {_paragraphs(op.paragraphs)} of {art} as in the Chinese text",
        OpKind.INSERT_PARAGRAPHS: lambda: (f"Add {_paragraphs(op.paragraphs)} to {art}, worded as in the Chinese "
                                           "text"),
        OpKind.DELETE_PARAGRAPHS: lambda: f"Delete {_paragraphs(op.paragraphs)} of {art}",
        OpKind.RENUMBER_ARTICLE: lambda: f"Renumber {art} as Article {op.new_number}",
        OpKind.RENUMBER_ALL: lambda: "Renumber the articles in order",
    }
    make = words.get(op.kind)
    return make() if make else f"{op.kind.value.replace('_', ' ').capitalize()} ({art or 'the law'})"


def english_item(item: Item) -> str:
    """Return an item in English, as the ``## Changes (English, unofficial translation)`` of a drafted proposal
    says it (what changes where; the words themselves are the Chinese text's)."""
    if is_commencement(item):
        return ("This Amendment shall come into force on the date of its promulgation." if "修正案" in item.blocks[0]
                else "This Decision shall come into force on the date of its promulgation.")
    sentences = list(dict.fromkeys(_english_op(op) for op in item.operations))
    return ". ".join(sentences) + "."


def article_text(statute: Statute, key: str) -> ProposedArticle | None:
    """Return an article of a statute as the proposed text would give it unchanged (None if there is none)."""
    try:
        el = statute.find(numbering.ArticleNumber.parse(key).eid)
    except (NumberingError, LawdiffError):
        return None
    if el is None or el.tag != akn("article"):
        return None
    article = Provision(el)
    return ProposedArticle(numbering.ArticleNumber.parse(key).key, () if article.removed else tuple(article.lines()),
                           article.removed)


__all__ = ["ARTICLE_LINE", "article_text", "check_agreement", "english_item", "final_text", "inserts_or_deletes",
           "parse_proposed", "proposed_markdown", "proposed_statute"]
