"""Write the amending instructions that turn one version of a law into another, in the NPC's drafting style.

One numbered item per changed article (一、二、…), in the order of the newer text, each in the
natural form an NPC drafter would choose:

- 在刑法第X条后增加一条，作为第X条之一：“…”            a new article
- 删去刑法第X条。                                   an article removed
- 将刑法第X条中的“A”修改为“B”。                      the same term replaced throughout the article
- 在刑法第X条中增加一款作为第N款：“…”                paragraphs added, the others unchanged
- 删去刑法第X条第N款。                               paragraphs removed, the others unchanged
- 将刑法第X条第N款修改为：“…”                        a few paragraphs changed
- 将刑法第X条修改为：“…”                             most of the article changed

and a final entry-into-force item. Multi-paragraph new text is quoted as the NPC does: every
paragraph opens with “ and only the last closes with ”. The output is read back by
`instructions.parse_instrument`, so a draft can be checked by applying it (see the tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, Statute
from lawdiff.importing.markdown import INFO_END

CHINESE_DIGITS = "〇一二三四五六七八九"


def law_name(statute: Statute) -> str:
    """Return how instructions name the law: 刑法 for 中华人民共和国刑法, else the title without the country."""
    return statute.title.removeprefix("中华人民共和国") or statute.title


def chinese_date(date: dt.date) -> str:
    """Return a date as statutes print it: 2015年8月29日."""
    return f"{date.year}年{date.month}月{date.day}日"


@dataclass(frozen=True)
class DraftItem:
    """One drafted item: the article it changes and its text (first block holds the instruction)."""

    article: str
    blocks: tuple[str, ...]


def _quote(blocks: list[str]) -> list[str]:
    """Return blocks quoted as in the NPC's amendments: “ before each, ” after the last."""
    out = ["“" + b for b in blocks]
    out[-1] += "”"
    return out


def _body(article: Provision) -> list[str]:
    """Return an article's text blocks without its number: paragraphs, with points as their own blocks."""
    return article.lines()


def _paragraph_blocks(para: Provision) -> list[str]:
    return para.lines()


def _determined(article: Provision) -> bool:
    return UNKNOWN not in article.text


def _instruction(law: str, text: str, new: list[str] | None) -> tuple[str, ...]:
    if not new:
        return (text + "。",)
    quoted = _quote(new)
    return (f"{text}：{quoted[0]}", *quoted[1:])


def _term_replacement(old: list[str], new: list[str]) -> tuple[str, str] | None:
    """Return (A, B) if replacing every A by B in the old blocks gives exactly the new ones, with A and B whole
    words of the word diff; None otherwise."""
    if len(old) != len(new):
        return None
    from lawdiff.diffing.diff import word_diff

    pairs: set[tuple[str, str]] = set()
    for a, b in zip(old, new, strict=True):
        if a == b:
            continue
        ops = word_diff(a, b)
        i = 0
        while i < len(ops):
            op, text = ops[i]
            if op == 0:
                i += 1
                continue
            deleted = text if op == -1 else ""
            inserted = text if op == 1 else ""
            if i + 1 < len(ops) and ops[i + 1][0] not in (0, op):
                if op == -1:
                    inserted = ops[i + 1][1]
                else:
                    deleted = ops[i + 1][1]
                i += 1
            if not deleted:
                return None
            pairs.add((deleted, inserted))
            i += 1
    if len(pairs) != 1:
        return None
    term, replacement = pairs.pop()
    if [b.replace(term, replacement) for b in old] != new:
        return None
    return term, replacement


def _is_subsequence(short: list[str], long: list[str]) -> list[int] | None:
    """Return the 1-based positions in ``long`` that are not in ``short`` if ``short`` is ``long`` with them
    removed, else None."""
    extra, j = [], 0
    for i, item in enumerate(long, 1):
        if j < len(short) and short[j] == item:
            j += 1
        else:
            extra.append(i)
    return extra if j == len(short) else None


def _changed_article(law: str, old: Provision, new: Provision) -> tuple[str, ...]:
    label = f"{law}{new.num}"
    where = "在" + label + "中"
    old_paras = [_paragraph_blocks(p) for p in old.paragraphs()]
    new_paras = [_paragraph_blocks(p) for p in new.paragraphs()]
    flat_old, flat_new = [b for p in old_paras for b in p], [b for p in new_paras for b in p]
    term = _term_replacement(flat_old, flat_new) if _determined(old) else None
    if term:
        return (f"将{label}中的“{term[0]}”修改为“{term[1]}”。",)
    if not _determined(old):
        return _instruction(law, f"将{label}修改为", flat_new)
    old_keys, new_keys = ["\n".join(p) for p in old_paras], ["\n".join(p) for p in new_paras]
    added = _is_subsequence(old_keys, new_keys) if len(new_keys) > len(old_keys) else None
    if added:
        blocks: list[str] = []
        for n, position in enumerate(added):
            text = f"{where}增加一款作为{numbering.paragraph_label(position)}" if n == 0 \
                else f"增加一款作为{numbering.paragraph_label(position)}"
            blocks += _instruction(law, text, new_paras[position - 1])
        return tuple(blocks)
    removed = _is_subsequence(new_keys, old_keys) if len(old_keys) > len(new_keys) else None
    if removed:
        ordinals = "、".join(numbering.paragraph_label(n) for n in removed)
        return (f"删去{label}{ordinals}。",)
    if len(old_keys) == len(new_keys):
        changed = [i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=True), 1) if a != b]
        if 2 * len(changed) <= len(new_keys) and len(new_keys) > 1:
            ordinals = "、".join(numbering.paragraph_label(n) for n in changed)
            new_text = [b for n in changed for b in new_paras[n - 1]]
            return _instruction(law, f"将{label}{ordinals}修改为", new_text)
    return _instruction(law, f"将{label}修改为", flat_new)


def draft_items(old: Statute, new: Statute) -> list[DraftItem]:
    """Return the items that turn ``old`` into ``new``, in the order of the newer text (without entry into
    force). Articles whose newer text is not (wholly) in the corpus are left out: nothing is invented."""
    law = law_name(new)
    items: list[DraftItem] = []
    previous: Provision | None = None
    old_keys = {a.eid for a in old.articles()}
    for art in new.articles():
        before = old.find(art.eid)
        if not _determined(art):
            previous = art
            continue
        if before is None:
            anchor = previous.num if previous is not None else None
            if anchor is None:
                raise ValueError(f"cannot place the new {art.num}: it has no article before it")
            text = f"在{law}{anchor}后增加一条，作为{art.num}"
            items.append(DraftItem(art.eid, _instruction(law, text, _body(art))))
        else:
            old_art = Provision(before)
            if art.removed and not old_art.removed:
                items.append(DraftItem(art.eid, (f"删去{law}{art.num}。",)))
            elif old_art.lines() != art.lines():
                items.append(DraftItem(art.eid, _changed_article(law, old_art, art)))
        previous = art
    for eid in old_keys - {a.eid for a in new.articles()}:
        items.append(DraftItem(eid, (f"删去{law}{Provision(old.find(eid)).num}。",)))
    return items


def item_label(n: int) -> str:
    """Return the item numbering 一、二、… ."""
    return numbering.to_chinese(n) + "、"


def draft_body(old: Statute, new: Statute, *, date: dt.date | None = None, in_force: dt.date | None = None) -> str:
    """Return the items that turn ``old`` into ``new``, numbered 一、二、…, and the entry-into-force item."""
    items = draft_items(old, new)
    date = date or new.expression_date or dt.date(2000, 1, 1)
    # A draft has not been adopted, so its entry into force is given as a date rather than 自公布之日起施行.
    when = f"自{chinese_date(in_force or date)}起施行"
    blocks = []
    for n, item in enumerate(items, 1):
        blocks.append(item_label(n) + item.blocks[0])
        blocks.extend(item.blocks[1:])
    blocks.append(f"{item_label(len(items) + 1)}本修正案{when}。")
    return "\n\n".join(blocks)


def draft_instrument(old: Statute, new: Statute, *, title: str | None = None, date: dt.date | None = None,
                     in_force: dt.date | None = None) -> str:
    """Return a complete amending instrument in national-database Markdown that turns ``old`` into ``new``."""
    date = date or new.expression_date or dt.date(2000, 1, 1)
    title = title or f"{new.title}修正案（草案）"
    header = [f"# {title}", f"{chinese_date(date)} 草案", INFO_END]
    return "\n\n".join([*header, draft_body(old, new, date=date, in_force=in_force)])
