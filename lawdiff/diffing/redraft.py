"""The change items of a proposal drafted from its ``## Proposed text``: what the authors want the articles to read,
turned into the amending instructions of the law's own style (`lawdiff.diffing.drafting`).

The items are those `draft` writes for the two texts, with two things a proposal needs:

- in a law amended by decision, the items that add articles (增加一条，作为第Y条, Y the number once renumbered) come
  last, in the order of their numbers — a decision names every other article by its number before the decision,
  and a proposal is applied item by item, so the articles are renumbered only once the others are done;
- a commencement item closes the list, as in every amendment (本修正案自公布之日起施行。, or 本决定… for a
  decision): it needs no date, for nobody knows when a proposal would be adopted.

>>> from lawdiff.importing.markdown import import_markdown
>>> law = import_markdown("# 中华人民共和国刑法\\n\\n2020年1月1日 通过\\n\\n<!-- INFO END -->\\n\\n"
...                       "第一条 公民个人信息受保护。", name="criminal-law")
>>> from lawdiff.amending.proposals.model import ProposedArticle
>>> changes_blocks(law, [ProposedArticle("1", ("个人信息受保护。",))])
['一、将刑法第一条中的“公民个人信息”修改为“个人信息”。', '二、本修正案自公布之日起施行。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lawdiff.akn.model import Statute
from lawdiff.amending.proposals.model import ProposedArticle
from lawdiff.amending.proposals.proposed import final_text, inserts_or_deletes, proposed_statute
from lawdiff.diffing.drafting import DraftItem, draft_items
from lawdiff.importing.styles import Style, style_of

#: An item that adds an article with the number it takes once renumbered (a decision): 增加一条，作为第二十五条.
_ADDED = re.compile(r"^(?:在[^，。]*中)?增加一条，作为(第[^：。]+条)")
#: The commencement item of a proposal, by style: it takes effect when adopted and published.
COMMENCEMENT = {Style.AMENDMENT: "本修正案自公布之日起施行。", Style.DECISION: "本决定自公布之日起施行。",
                Style.JUDICIAL: "本决定自公布之日起施行。"}


@dataclass(frozen=True)
class Drafted:
    """The changes drafted from proposed articles: ``items`` (each its blocks, the first without its number), the
    text the articles make (``proposed``: as written; ``final``: once a decision renumbers it) and the style."""

    items: tuple[DraftItem, ...]
    proposed: Statute
    final: Statute
    style: Style

    def blocks(self) -> list[str]:
        """Return the items numbered in the style (一、… or 1. …), the commencement item last: what ``## Changes``
        holds, one block a paragraph (none when nothing changes)."""
        if not self.items:
            return []
        out: list[str] = []
        numbered = [item.blocks for item in self.items]
        if self.style is Style.JUDICIAL and any(_ADDED.match(b[0]) or b[0].startswith("删除第") for b in numbered):
            numbered.append(("条文顺序作相应调整。",))
        numbered.append((COMMENCEMENT[self.style],))
        for n, blocks in enumerate(numbered, 1):
            out += [self.style.item_label(n) + blocks[0], *blocks[1:]]
        return out

    def markdown(self) -> str:
        """Return the body of a ``## Changes`` section: the blocks with a blank line between them."""
        return "\n\n".join(self.blocks())


def draft_changes(base: Statute, articles: Sequence[ProposedArticle], path: str | None = None,
                  proposed: Statute | None = None) -> Drafted:
    """Return the changes that turn ``base`` into the text the proposed articles make (see the module docstring).
    ``proposed``: that text, when the caller has made it already (`proposed_statute`)."""
    style = style_of(base.title)
    text = proposed if proposed is not None else proposed_statute(base, articles, path)
    final = final_text(text) if style.renumbers and inserts_or_deletes(base, articles) else text
    only = None if style.renumbers else [a.eid for a in articles]
    items = draft_items(base, final, style, only)
    if style.renumbers:
        plain = [item for item in items if not _ADDED.match(item.blocks[0])]
        added = [item for item in items if _ADDED.match(item.blocks[0])]
        items = plain + added  # the drafter gives added articles in the order of their numbers already
    return Drafted(tuple(items), text, final, style)


def changes_blocks(base: Statute, articles: Sequence[ProposedArticle], path: str | None = None) -> list[str]:
    """Return the ``## Changes`` blocks drafted from proposed articles (see `Drafted.blocks`)."""
    return draft_changes(base, articles, path).blocks()


__all__ = ["COMMENCEMENT", "Drafted", "changes_blocks", "draft_changes"]
