"""Write the amending instructions that turn one version of a law into another, in the style that law is amended in.

The style follows from the law (`lawdiff.importing.styles`): the Criminal Law's 修正案, an NPC decision, an SPC/SPP
decision. Each item is in the natural form a drafter of that style would choose:

- 将第X条中的“A”修改为“B”                  the same term replaced throughout the article
- 在第X条中增加一款，作为第N款：“…”          paragraphs added, the others unchanged
- 删去第X条第N款                           paragraphs removed, the others unchanged
- 将第X条第N款修改为：“…”                   a few paragraphs changed
- 将第X条修改为：“…”                        most of the article changed
- 删去第X条 / 删除第X条                      an article removed

and, for a new article, 在刑法第X条后增加一条，作为第X条之一 (an amendment: nothing is renumbered) or 增加一条，作为
第Y条 (a decision: Y is the article's number once the articles are renumbered). An amendment names the law in every
item (刑法第X条); a decision names none (its title does) and numbers every article as before the decision.

A large revision — articles inserted, deleted and moved, headings added, renamed and dropped — is written the way
the NPC writes one: the articles of the two texts are aligned (identical texts first, then the most similar in
order); unmatched old articles are deleted, unmatched new ones added with their final numbers, an article whose
place changes is renumbered (将第X条改为第Y条), and the articles' order and numbers are left to 条文顺序作相应调整.
Headings are matched by the articles they hold: one that keeps its articles is renamed if its words changed
(将第二章的章名修改为), a new one is added before the article it opens (在修改后的第Y条前增加一章), and a new article
that opens an existing heading says so (在第三章中增加一条). Nested quotation marks are written ‘…’.

The draft ends with its entry into force on a blank date (自　　年　　月　　日起施行) for the author to fill in —
a draft has not been adopted — unless a date is given. The output is read back by `instructions.parse_instrument`,
so a draft is checked by applying it (see the tests): applied to the earlier text it gives the later one exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from lxml import etree

from lawdiff.akn import numbering, outline
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import NS, Provision, Statute, akn, text_of
from lawdiff.errors import LawdiffError
from lawdiff.importing.instrument import short_title
from lawdiff.importing.markdown import INFO_END
from lawdiff.importing.styles import BLANK_DATE, Style, style_of

CHINESE_DIGITS = "〇一二三四五六七八九"
#: How alike two articles' texts must be (Dice coefficient of their character pairs) to be the same article amended.
SIMILAR = 0.45
_NESTED_QUOTES = str.maketrans({"“": "‘", "”": "’", "‘": "“", "’": "”"})


def law_name(statute: Statute) -> str:
    """Return how instructions name the law: 刑法 for 中华人民共和国刑法, else the title without the country."""
    return short_title(statute.title) or statute.title


def chinese_date(date: dt.date) -> str:
    """Return a date as statutes print it: 2015年8月29日."""
    return f"{date.year}年{date.month}月{date.day}日"


@dataclass(frozen=True)
class DraftItem:
    """One drafted item: the article it changes (eId in the later text, or a heading's) and its text (the first
    block holds the instruction)."""

    article: str
    blocks: tuple[str, ...]


def _quote(blocks: Sequence[str]) -> list[str]:
    """Return blocks quoted as in the NPC's amendments: “ before each, ” after the last; quotation marks inside
    the new text nested as ‘…’."""
    out = ["“" + b.translate(_NESTED_QUOTES) for b in blocks]
    out[-1] += "”"
    return out


def _instruction(text: str, new: Sequence[str] | None) -> tuple[str, ...]:
    """Return an instruction's blocks: its words, then the quoted new text (the first block after its colon)."""
    if not new:
        return (text + "。",)
    quoted = _quote(new)
    return (f"{text}：{quoted[0]}", *quoted[1:])


def _determined(article: Provision) -> bool:
    """Return whether an article's text is all in the corpus (see `lawdiff.amending.timeline`)."""
    return UNKNOWN not in article.text


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
    if [b.replace(term, replacement) for b in old] != new or "“" in term + replacement or "”" in term + replacement:
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


def _changed_article(label: str, old: Provision, new: Provision, style: Style) -> tuple[str, ...]:
    """Return the instruction that turns an article into its new text; ``label`` cites it (刑法第X条, 第X条)."""
    old_paras = [p.lines() for p in old.paragraphs()]
    new_paras = [p.lines() for p in new.paragraphs()]
    flat_old, flat_new = [b for p in old_paras for b in p], [b for p in new_paras for b in p]
    term = _term_replacement(flat_old, flat_new) if _determined(old) else None
    if term:
        return (f"将{label}中的“{term[0]}”修改为“{term[1]}”。",)
    if not _determined(old):
        return _instruction(f"将{label}修改为", flat_new)
    old_keys, new_keys = ["\n".join(p) for p in old_paras], ["\n".join(p) for p in new_paras]
    added = _is_subsequence(old_keys, new_keys) if len(new_keys) > len(old_keys) else None
    comma = "" if style is Style.AMENDMENT else "，"
    if added:
        blocks: list[str] = []
        for n, position in enumerate(added):
            text = f"增加一款{comma}作为{numbering.paragraph_label(position)}"
            blocks += _instruction(f"在{label}中{text}" if n == 0 else text, new_paras[position - 1])
        return tuple(blocks)
    removed = _is_subsequence(new_keys, old_keys) if len(old_keys) > len(new_keys) else None
    delete = "删除" if style is Style.JUDICIAL else "删去"
    if removed:
        ordinals = "、".join(numbering.paragraph_label(n) for n in removed)
        return (f"{delete}{label}{ordinals}。",)
    if len(old_keys) == len(new_keys):
        changed = [i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=True), 1) if a != b]
        if 2 * len(changed) <= len(new_keys) and len(new_keys) > 1:
            ordinals = "、".join(numbering.paragraph_label(n) for n in changed)
            new_text = [b for n in changed for b in new_paras[n - 1]]
            return _instruction(f"将{label}{ordinals}修改为", new_text)
    return _instruction(f"将{label}修改为", flat_new)


# --- the Criminal Law's amendments: articles by number, new ones 之N ----------------------------------------


def _amendment_items(old: Statute, new: Statute, only: Collection[str] | None = None) -> list[DraftItem]:
    """Return the items of an amendment: articles matched by number; nothing renumbered (see the module
    docstring). ``only``: the eIds of the articles to draft (the others are taken to be unchanged)."""
    law = Style.AMENDMENT.law_name(new.title)
    items: list[DraftItem] = []
    previous: Provision | None = None
    for art in _articles(new, only):
        if only is not None:
            before_el = art.el.getprevious()
            previous = Provision(before_el) if before_el is not None and before_el.tag == art.el.tag else None
        before = old.find(art.eid)
        if not _determined(art):
            previous = art
            continue
        if before is None:
            if previous is None:
                raise ValueError(f"cannot place the new {art.num}: it has no article before it")
            text = f"在{law}{previous.num}后增加一条，作为{art.num}"
            items.append(DraftItem(art.eid, _instruction(text, art.lines())))
        else:
            old_art = Provision(before)
            if art.removed and not old_art.removed:
                items.append(DraftItem(art.eid, (f"删去{law}{art.num}。",)))
            elif old_art.lines() != art.lines():
                items.append(DraftItem(art.eid, _changed_article(f"{law}{art.num}", old_art, art, Style.AMENDMENT)))
        previous = art
    new_keys = {a.eid for a in _articles(new, only)} if only is None else {e for e in only if new.find(e) is not None}
    for art in _articles(old, only):
        if art.eid not in new_keys:
            items.append(DraftItem(art.eid, (f"删去{law}{art.num}。",)))
    return items


def _articles(statute: Statute, only: Collection[str] | None) -> list[Provision]:
    """Return the articles of a statute in order, or only those whose eIds are given."""
    if only is None:
        return list(statute.articles())
    found = [Provision(el) for el in (statute.find(eid) for eid in only) if el is not None]
    return sorted(found, key=lambda art: numbering.ArticleNumber.parse(art.eid))


# --- decisions: articles aligned by text, numbered as renumbered --------------------------------------------


@dataclass
class _Text:
    """A law as a flat outline: its articles (with their texts) and headings, in printed order."""

    entries: list[outline.Entry]
    articles: list[Provision] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    pairs: list[set[str]] = field(default_factory=list)
    headings: list[tuple[outline.Entry, int]] = field(default_factory=list)  # heading, index of the next article
    under: list[list[int]] = field(default_factory=list)  # for each article, the indexes of its headings

    @classmethod
    def of(cls, statute: Statute) -> _Text:
        entries = outline.flatten(statute.copy().body)
        text = cls(entries)
        open_: list[tuple[int, outline.Entry]] = []
        for entry in entries:
            if entry.heading:
                while open_ and outline.closes(open_[-1][1], entry):
                    open_.pop()
                open_.append((len(text.headings), entry))
                text.headings.append((entry, len(text.articles)))
            elif _kind(entry.el) == "article":
                art = Provision(entry.el)
                text.articles.append(art)
                body = "\n".join(art.lines())
                text.texts.append(body)
                text.pairs.append({body[i:i + 2] for i in range(len(body) - 1)})
                text.under.append([i for i, _ in open_])
        return text


def _kind(el: etree._Element) -> str:
    """Return an element's local name (article, chapter …)."""
    return str(etree.QName(el).localname)


def _similarity(a: set[str], b: set[str]) -> float:
    """Return how alike two texts are: the Dice coefficient of their sets of character pairs."""
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _align(old: _Text, new: _Text) -> dict[int, int]:
    """Return the articles of the new text (by index) that are articles of the old one amended or kept: identical
    texts first (in order), then, between them, the most similar pairs in order."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, old.texts, new.texts, autojunk=False)
    pairs: dict[int, int] = {}
    blocks = matcher.get_matching_blocks()
    i0 = j0 = 0
    for block in blocks:
        pairs.update(_align_similar(old, new, range(i0, block.a), range(j0, block.b)))
        for k in range(block.size):
            pairs[block.b + k] = block.a + k
        i0, j0 = block.a + block.size, block.b + block.size
    return pairs


def _align_similar(old: _Text, new: _Text, olds: range, news: range) -> dict[int, int]:
    """Return the order-keeping matching of the most similar articles between two stretches (weighted LCS)."""
    if not olds or not news:
        return {}
    if len(olds) == len(news) == 1:  # one article where there was one: that article amended
        return {news[0]: olds[0]}
    n, m = len(olds), len(news)
    sim = [[_similarity(old.pairs[olds[a]], new.pairs[news[b]]) for b in range(m)] for a in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(m - 1, -1, -1):
            take = below[b + 1] + sim[a][b] if sim[a][b] >= SIMILAR else -1.0
            row[b] = max(take, below[b], row[b + 1])
    out: dict[int, int] = {}
    a = b = 0
    while a < n and b < m:
        if sim[a][b] >= SIMILAR and best[a][b] == best[a + 1][b + 1] + sim[a][b]:
            out[news[b]] = olds[a]
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return out


def _heading_words(entry: outline.Entry) -> str:
    """Return a heading's words (公司登记), without its number."""
    return text_of(entry.el.find(akn("heading")))


def _heading_lines(entry: outline.Entry) -> list[str]:
    """Return the lines printed under a heading before its first article."""
    return [text_of(p) for p in entry.el.xpath("a:intro/a:p | a:content/a:p", namespaces=NS)]


def _heading_ref(entry: outline.Entry, before: str = "") -> str:
    """Return how a decision names an existing heading: 第二章第一节的节名, or 标题“附则” (no number; where several
    headings have those words, ``before`` names the article it stands before: 第十条前的标题“…”)."""
    eid = entry.el.get("eId", "")
    if entry.rank is None or entry.el.find(akn("num")) is None:
        return f"{before}前的标题“{entry.label}”" if before else f"标题“{entry.label}”"
    words = {numbering.CONTAINER_PREFIX[kind]: word for word, kind in numbering.CONTAINER_WORDS.items()}
    path = ""
    for part in eid.split("__"):
        prefix, _, n = part.rpartition("_")
        if prefix in words and n.isdigit():
            path += f"第{numbering.to_chinese(int(n))}{words[prefix]}"
    return f"{path}的{words[eid.rsplit('__', 1)[-1].rpartition('_')[0]]}名"


def _kind_word(entry: outline.Entry) -> str:
    """Return the word of a heading's kind: 编, 分编, 章 or 节 (``""`` for a heading without a number)."""
    kind = _kind(entry.el)
    return next((word for word, k in numbering.CONTAINER_WORDS.items() if k == kind), "")


class _Decision:
    """Drafts a decision (NPC or judicial): see the module docstring."""

    def __init__(self, old: Statute, new: Statute, style: Style) -> None:
        self.old_statute, self.new_statute, self.style = old, new, style
        self.old, self.new = _Text.of(old), _Text.of(new)
        self.delete = "删除" if style is Style.JUDICIAL else "删去"
        self.items: list[tuple[float, DraftItem]] = []
        self.renumbered = False

    def add(self, position: float, article: str, blocks: tuple[str, ...]) -> None:
        """Add an item, placed among the others by ``position`` (the number of the article it comes before)."""
        self.items.append((position, DraftItem(article, blocks)))

    def draft(self) -> list[DraftItem]:
        """Return the items, in the order of the later text."""
        self._title_and_preamble()
        matched = _align(self.old, self.new)  # new index → old index
        # An article whose text did not change but that moved out of the old order: found by its text.
        unmatched_old: dict[str, list[int]] = {}
        used = set(matched.values())
        for i, text in enumerate(self.old.texts):
            if i not in used:
                unmatched_old.setdefault(text, []).append(i)
        for j, text in enumerate(self.new.texts):
            if j not in matched and unmatched_old.get(text):
                matched[j] = unmatched_old[text].pop(0)
        self.moved = self._moved(matched)
        within = self._headings(matched)
        self._articles(matched, within)
        self.items.sort(key=lambda pair: pair[0])
        return [item for _, item in self.items]

    @staticmethod
    def _moved(matched: dict[int, int]) -> set[int]:
        """Return the new indexes of the articles out of the old order (the fewest: outside a longest run)."""
        order = sorted(matched)
        olds = [matched[j] for j in order]
        # longest increasing subsequence of the old indexes, in the new order
        tails: list[int] = []
        back: list[int] = [-1] * len(olds)
        for k, value in enumerate(olds):
            lo, hi = 0, len(tails)
            while lo < hi:
                mid = (lo + hi) // 2
                if olds[tails[mid]] < value:
                    lo = mid + 1
                else:
                    hi = mid
            back[k] = tails[lo - 1] if lo else -1
            if lo == len(tails):
                tails.append(k)
            else:
                tails[lo] = k
        keep: set[int] = set()
        k = tails[-1] if tails else -1
        while k >= 0:
            keep.add(order[k])
            k = back[k]
        return set(order) - keep

    def _title_and_preamble(self) -> None:
        """Draft 将名称修改为 and 将引言修改为 (增加引言, 删去引言) where they changed."""
        old, new = self.old_statute, self.new_statute
        if old.title != new.title:
            self.add(-3, "title", (f"将名称修改为“{new.title.translate(_NESTED_QUOTES)}”。",))
        before = [text_of(p) for p in old.act.xpath("a:preamble/a:p", namespaces=NS)]
        after = [text_of(p) for p in new.act.xpath("a:preamble/a:p", namespaces=NS)]
        if before != after:
            if not after:
                self.add(-2, "preamble", (f"{self.delete}引言。",))
            else:
                self.add(-2, "preamble", _instruction("将引言修改为" if before else "增加引言", after))

    def _articles(self, matched: dict[int, int], within: dict[int, str]) -> None:
        """Draft the articles' changes: amended, moved (改为), added (with their final numbers), deleted."""
        old_used = set(matched.values())
        if self.moved:
            self.renumbered = True
        for j, art in enumerate(self.new.articles):
            number = j + 1
            if j in matched:
                old_art = self.old.articles[matched[j]]
                label = old_art.num
                if j in self.moved:  # out of the old order: 将第X条改为第Y条 (and its new text, if any)
                    text = f"将{label}改为{art.num}"
                    if old_art.lines() == art.lines():
                        self.add(number, art.eid, (text + "。",))
                        continue
                    if _whole(old_art, art):
                        self.add(number, art.eid, _instruction(text + "，修改为", art.lines()))
                        continue
                    self.add(number - 0.1, art.eid, (text + "。",))
                if old_art.lines() != art.lines():
                    self.add(number, art.eid, _changed_article(label, old_art, art, self.style))
                continue
            self.renumbered = True
            place = f"在{within[j]}中" if j in within else ""
            self.add(number, art.eid, _instruction(f"{place}增加一条，作为{art.num}", art.lines()))
        for i, art in enumerate(self.old.articles):
            if i not in old_used and not art.removed:
                self.renumbered = True
                following = [j for j, o in matched.items() if o > i]
                self.add(min(following, default=len(self.new.articles)) + 0.5, art.eid, (f"{self.delete}{art.num}。",))

    def _headings(self, matched: dict[int, int]) -> dict[int, str]:
        """Draft the headings' changes; return, for new articles that open an existing heading, how to name it."""
        matches: dict[int, int] = {}  # new heading index → old heading index
        new_headings, old_headings = self.new.headings, self.old.headings
        # A new heading is an old one when most of the old articles it holds were under that old heading.
        for k, (entry, _) in enumerate(new_headings):
            votes: dict[int, int] = {}
            for j, under in enumerate(self.new.under):
                if k in under and j in matched:
                    for h in self.old.under[matched[j]]:
                        if _same_kind(old_headings[h][0], entry):
                            votes[h] = votes.get(h, 0) + 1
            if votes:
                h = max(votes, key=lambda x: (votes[x], -x))
                if h not in matches.values():
                    matches[k] = h
        # Headings holding no article that stays: matched by their words, in order.
        free_old = [h for h in range(len(old_headings)) if h not in matches.values()]
        for k in range(len(new_headings)):
            if k in matches:
                continue
            entry = new_headings[k][0]
            same = next((h for h in free_old if _same_kind(old_headings[h][0], entry)
                         and old_headings[h][0].label == entry.label), None)
            if same is not None:
                matches[k] = same
                free_old.remove(same)
        within: dict[int, str] = {}
        for k, (entry, start) in enumerate(new_headings):
            position = start + 1
            if k not in matches:
                self.renumbered = True
                self._insert_heading(entry, position)
                continue
            old_entry = old_headings[matches[k]][0]
            if not self._opens(k, entry, start, old_entry, matches, matched, within):
                self.renumbered = True  # not where it would open: the heading goes and comes back where it opens
                self._delete_heading(matches[k], self._default_start(matches[k], matched))
                self._insert_heading(entry, position)
                continue
            if (_heading_words(old_entry), _heading_lines(old_entry)) != (_heading_words(entry), _heading_lines(entry)):
                self.add(position - 0.6, old_entry.el.get("eId", ""),
                         _instruction(f"将{self._ref(matches[k])}修改为", [_heading_words(entry),
                                                                            *_heading_lines(entry)]))
        for h in range(len(old_headings)):
            if h not in matches.values():
                self.renumbered = True
                self._delete_heading(h, self._default_start(h, matched))
        return within

    def _opens(self, k: int, entry: outline.Entry, start: int, old_entry: outline.Entry, matches: dict[int, int],
               matched: dict[int, int], within: dict[int, str]) -> bool:
        """Return whether an old heading will open where the new one does once the articles are placed — if
        new articles open it, saying they are added under it (在第三章中增加一条); False if it cannot."""
        opens = self._default_start(matches[k], matched)
        if opens == start:
            return True
        deepest = self._deepest(k)
        if deepest != k and deepest in matches and self._default_start(matches[deepest], matched) == opens:
            return True  # it opens with the heading inside it
        news = [j for j in range(start, opens if opens is not None else len(self.new.articles)) if j not in matched]
        numbered = old_entry.rank is not None and old_entry.el.find(akn("num")) is not None
        if numbered and opens is not None and opens > start and len(news) == opens - start:
            for j in news:
                within[j] = _heading_ref(old_entry).rsplit("的", 1)[0]
            return True
        return False

    def _delete_heading(self, h: int, opens: int | None) -> None:
        """Draft the deletion of old heading h (删去第X章的章名), placed before the article it opened."""
        where = len(self.new.articles) if opens is None else opens
        self.add(where + 0.4, self.old.headings[h][0].el.get("eId", ""), (f"{self.delete}{self._ref(h)}。",))

    def _ref(self, h: int) -> str:
        """Return how the decision names old heading h (by the article after it, where its words are not enough)."""
        entry, following = self.old.headings[h]
        same = [e for e, _ in self.old.headings if e.el.find(akn("num")) is None and e.label == entry.label]
        before = self.old.articles[following].num if len(same) > 1 and following < len(self.old.articles) else ""
        return _heading_ref(entry, before)

    def _deepest(self, k: int) -> int:
        """Return the innermost heading opening where heading k opens (k itself if none is inside it there)."""
        start = self.new.headings[k][1]
        inner = [i for i in range(k + 1, len(self.new.headings)) if self.new.headings[i][1] == start]
        return inner[-1] if inner else k

    def _default_start(self, h: int, matched: dict[int, int]) -> int | None:
        """Return the new index of the article an old heading will open before once the articles are placed: its
        first old article that stays (None: none stays)."""
        new_of = {o: j for j, o in matched.items() if j not in self.moved}
        for o in range(self.old.headings[h][1], len(self.old.articles)):
            if o in new_of:
                return new_of[o]
        return None

    def _insert_heading(self, entry: outline.Entry, position: int) -> None:
        """Draft a new heading before the article numbered ``position`` once renumbered."""
        word = _kind_word(entry)
        total = len(self.new.articles)
        where = f"在修改后的第{numbering.to_chinese(position)}条前" if position <= total + 1 else ""
        if entry.rank is not None and entry.el.find(akn("num")) is not None:
            num = text_of(entry.el.find(akn("num")))
            text = f"{where}增加一{word}，作为{num}"
            self.add(position - 0.7, "", _instruction(text, [entry.label, *_heading_lines(entry)]))
        else:
            self.add(position - 0.7, "", _instruction(f"{where}增加标题", [entry.label, *_heading_lines(entry)]))


def _same_kind(a: outline.Entry, b: outline.Entry) -> bool:
    """Return whether two headings are of one kind (both 章, or both without a number …)."""
    return _kind(a.el) == _kind(b.el) and (a.el.find(akn("num")) is None) == (b.el.find(akn("num")) is None)


def _whole(old: Provision, new: Provision) -> bool:
    """Return whether an article's change is best written as its whole new text."""
    return _changed_article("第X条", old, new, Style.DECISION)[0].startswith("将第X条修改为")


# --- the draft ---------------------------------------------------------------------------------------------


def draft_items(old: Statute, new: Statute, style: Style | None = None,
                only: Collection[str] | None = None) -> list[DraftItem]:
    """Return the items that turn ``old`` into ``new`` in the style the law is amended in (without the closing
    sentences). Articles whose newer text is not (wholly) in the corpus are left out: nothing is invented.

    ``only`` names (by eId) the articles that may have changed, so that an amendment drafts those alone — the
    drafting workbench's preview, which knows which articles are being edited; a decision aligns the whole text
    all the same (an article added or deleted renumbers the rest)."""
    return _draft(old, new, style or style_of(new.title), only)[0]


def _draft(old: Statute, new: Statute, style: Style,
           only: Collection[str] | None = None) -> tuple[list[DraftItem], bool]:
    """Return the items and whether they renumber the articles (条文顺序作相应调整)."""
    if style is Style.AMENDMENT:
        return _same_terms(_amendment_items(old, new, only)), False
    decision = _Decision(old, new, style)
    items = decision.draft()
    return _same_terms(items), decision.renumbered


_TERM_ITEM = re.compile(r"^将(?P<refs>.+?)中的(?P<change>“[^“”]*”修改为“[^“”]*”)。$")


def _same_terms(items: list[DraftItem]) -> list[DraftItem]:
    """Return the items with the same term replaced in several articles said once, where the first of them stands:
    将第三条、第十条中的“A”修改为“B”."""
    found = [_TERM_ITEM.match(item.blocks[0]) if len(item.blocks) == 1 else None for item in items]
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(found):
        if m is not None:
            groups.setdefault(m["change"], []).append(i)
    out: list[DraftItem] = []
    for i, (item, m) in enumerate(zip(items, found, strict=True)):
        group = groups[m["change"]] if m is not None else [i]
        if m is None or len(group) == 1:
            out.append(item)
        elif i == group[0]:
            refs = [found_m["refs"] for found_m in (found[j] for j in group) if found_m is not None]
            law = refs[0].split("第", 1)[0]  # 刑法 in an amendment: named once
            cited = "、".join([refs[0], *(ref.removeprefix(law) for ref in refs[1:])])
            out.append(DraftItem(item.article, (f"将{cited}中的{m['change']}。",)))
    return out


def item_label(n: int, style: Style = Style.AMENDMENT) -> str:
    """Return the item numbering of the style: 一、二、… (or 1. 2. … for a judicial decision)."""
    return style.item_label(n)


def draft_body(old: Statute, new: Statute, *, date: dt.date | None = None, in_force: dt.date | None = None) -> str:
    """Return the numbered items that turn ``old`` into ``new`` and the closing sentences: the entry into force
    (on ``in_force``, or a blank date to fill in) and, for a decision, the republication."""
    style = style_of(new.title)
    items, renumbered = _draft(old, new, style)
    when = chinese_date(in_force) if in_force else BLANK_DATE
    blocks: list[str] = []
    numbered = [item.blocks for item in items]
    if style is Style.JUDICIAL and renumbered:
        numbered.append(("条文顺序作相应调整。",))
    if style is Style.AMENDMENT:
        numbered.append((style.in_force(when),))
    for n, item_blocks in enumerate(numbered, 1):
        blocks.append(style.item_label(n) + item_blocks[0])
        blocks.extend(item_blocks[1:])
    blocks += style.closing(new.title, renumbered=renumbered, when=when)
    return "\n\n".join(blocks)


def draft_instrument(old: Statute, new: Statute, *, title: str | None = None, date: dt.date | None = None,
                     in_force: dt.date | None = None) -> str:
    """Return a complete amending instrument in national-database Markdown that turns ``old`` into ``new``: its
    title, a header dated ``date`` (default: the later text's date) marked 草案, the opening sentence of a decision,
    the items and the closing sentences."""
    style = style_of(new.title)
    date = date or new.expression_date or dt.date(2000, 1, 1)
    title = title or style.instrument_title(new.title)
    header = [f"# {title}", f"{chinese_date(date)} 草案", INFO_END, *style.preamble(new.title)]
    return "\n\n".join([*header, draft_body(old, new, date=date, in_force=in_force)])


def check_in_force(date: dt.date, today: dt.date | None = None) -> None:
    """Raise LawdiffError if a draft's entry into force is in the past (a draft takes effect once adopted)."""
    today = today or dt.date.today()
    if date < today:
        raise LawdiffError(f"the entry into force {date.isoformat()} is in the past: a draft takes effect once adopted "
                           f"(give {today.isoformat()} or later, or leave the date blank)")


__all__ = [
    "DraftItem",
    "check_in_force",
    "chinese_date",
    "draft_body",
    "draft_instrument",
    "draft_items",
    "item_label",
    "law_name",
]
