"""What changed between two versions of a statute: provisions aligned, then words compared.

Two stages, data flowing one way:

1. **Structural alignment** (`diff_statutes`): articles are matched by eId first; an article whose text turns up
   under another number is *moved* (not deleted and inserted again), found by content similarity. Inside a
   matched article, paragraphs — and inside a paragraph, points — are aligned in order by content, so a paragraph
   that went from 第二款 to 第三款 because one was inserted before it is *renumbered*, not replaced. An article kept
   only as the placeholder （删去） has no text: its old text counts as deleted. Text the corpus does not hold
   (`operations.UNKNOWN`) is reported as *undetermined* and never compared as if it were real.
2. **Word diff** (`word_diff`): diff-match-patch over the tokens of `segment.tokens` — each distinct token is mapped
   to one character, the character strings are diffed, and the result mapped back (the line-mode trick applied to
   words). The diff is minimal in tokens; its one cleanup slides each insertion or deletion, a whole token at a
   time, to the most natural place it can take (after a punctuation mark rather than before it), so no edit ever
   starts or ends inside a word and none grows beyond what the minimal diff changed. Long texts of several lines
   (a whole statute) are compared line by line first, and only the blocks of lines that changed are segmented and
   compared token by token (see `_token_runs`).

>>> word_diff("处三年以下有期徒刑或者拘役", "处五年以下有期徒刑、拘役或者管制")
[(0, '处'), (-1, '三年'), (1, '五年'), (0, '以下有期徒刑'), (-1, '或者'), (1, '、'), (0, '拘役'), (1, '或者管制')]
>>> word_diff("金融、交通", "金融、电信、交通")
[(0, '金融、'), (1, '电信、'), (0, '交通')]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from diff_match_patch import diff_match_patch

from lawdiff.akn import numbering
from lawdiff.akn.align import PARAGRAPH_SIMILARITY, align, determined, similarity
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, Statute, ld
from lawdiff.analysis.penalties import Comparison, compare
from lawdiff.diffing.segment import tokens
from lawdiff.errors import UnknownProvision

DELETE, EQUAL, INSERT = -1, 0, 1
Op = tuple[int, str]

#: What happened to a provision, as reported in a ChangeSet.
KINDS = ("unchanged", "inserted", "deleted", "replaced", "renumbered", "moved", "undetermined")
LEVELS = ("article", "paragraph", "point")

#: Content similarity (Dice coefficient of character bigrams, `align.similarity`) from which two articles count as
#: the same one (paragraphs and points: `align.PARAGRAPH_SIMILARITY`).
ARTICLE_SIMILARITY = 0.5
#: Texts of several lines longer than this (in characters, both together) are compared line by line before word by
#: word.
LINE_MODE_CHARS = 8000
#: A block of changed lines differing in at most this many tokens is compared by Myers' algorithm, as a paragraph
#: compared alone is; beyond, by the bit-parallel LCS, whose time does not grow with the differences.
MYERS_TOKENS = 100
#: The bit-parallel LCS keeps its whole table (rows × columns bits): beyond this size, Myers' algorithm is used.
LCS_TABLE_BITS = 1 << 30

H = TypeVar("H", bound=Hashable)


# --- word diff -------------------------------------------------------------------------------


def _encode(a: Sequence[H], b: Sequence[H]) -> tuple[str, str, dict[str, H]]:
    """Return two sequences as strings of one character per distinct item, and the item each character stands for."""
    table: dict[H, str] = {}
    decode: dict[str, H] = {}
    out = []
    for items in (a, b):
        chars = []
        for item in items:
            ch = table.get(item)
            if ch is None:
                n = len(table)
                ch = table[item] = chr(n + 0x800 if n >= 0xD800 else n)  # skip the surrogate code points
                decode[ch] = item
            chars.append(ch)
        out.append("".join(chars))
    return out[0], out[1], decode


def _myers(a: Sequence[H], b: Sequence[H]) -> list[tuple[int, list[H]]]:
    """Return a minimal diff of two sequences (of tokens or of lines) as runs of items."""
    ea, eb, decode = _encode(a, b)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline (and no half-match shortcut): minimal, whatever the machine's speed
    return [(op, [decode[ch] for ch in chars]) for op, chars in engine.diff_main(ea, eb, False)]


@dataclass
class _Edit:
    """A changed stretch of a token diff: the tokens deleted and the tokens inserted in its place."""

    deleted: list[str]
    inserted: list[str]


def _split(runs: list[tuple[int, list[str]]]) -> tuple[list[list[str]], list[_Edit]]:
    """Return the equalities and edits of a diff, alternating: equality 0, edit 0, equality 1, … equality n."""
    equalities: list[list[str]] = [[]]
    edits: list[_Edit] = []
    for op, toks in runs:
        if not toks:
            continue
        if op == EQUAL:
            if len(equalities) == len(edits):
                equalities.append([])
            equalities[-1] += toks
        else:
            if len(equalities) > len(edits):
                edits.append(_Edit([], []))
            (edits[-1].deleted if op == DELETE else edits[-1].inserted).extend(toks)
    if len(equalities) == len(edits):
        equalities.append([])
    return equalities, edits


def _lcs(a: Sequence[H], b: Sequence[H], myers_up_to: int = 0) -> list[tuple[int, list[H]]]:
    """Return a minimal diff of two sequences as runs of items: one longest common subsequence kept, the rest edits.

    Bit-parallel (Allison & Dix 1986, Hyyrö 2004): a row of the LCS table is one integer with a bit per item of
    ``b``, so each item of ``a`` costs a few big-integer operations however different the sequences are — where
    Myers' algorithm slows down with every difference, and a block of rewritten paragraphs has little else.
    Where the sequences differ in no more than ``myers_up_to`` items, Myers' diff (`_myers`) is quick: it is
    returned instead, the same as for a paragraph compared alone (both are minimal; they can keep different items).
    """
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    ma, mb = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    if len(ma) * len(mb) > LCS_TABLE_BITS:
        return _myers(a, b)  # slow, but in little memory
    masks: dict[H, int] = {}  # for each item, the positions in ``mb`` where it stands
    bit = 1
    for item in mb:
        masks[item] = masks.get(item, 0) | bit
        bit <<= 1
    full = bit - 1
    # rows[i] has bit j clear where the LCS of ma[:i] and mb[:j + 1] is longer than that of ma[:i] and mb[:j]
    rows = [full]
    for item in ma:
        row = rows[-1]
        matched = row & masks.get(item, 0)
        rows.append(((row + matched) | (row - matched)) & full)
    if len(ma) + len(mb) - 2 * (len(mb) - rows[-1].bit_count()) <= myers_up_to:
        return _myers(a, b)
    steps: list[tuple[int, H]] = []  # walked back from the end
    i, j = len(ma), len(mb)
    while i and j:
        if ma[i - 1] == mb[j - 1]:
            i, j = i - 1, j - 1
            steps.append((EQUAL, ma[i]))
        elif rows[i] >> (j - 1) & 1:  # mb[j - 1] adds nothing to the LCS here
            j -= 1
            steps.append((INSERT, mb[j]))
        else:
            i -= 1
            steps.append((DELETE, ma[i]))
    steps += [(INSERT, item) for item in reversed(mb[:j])] + [(DELETE, item) for item in reversed(ma[:i])]
    runs: list[tuple[int, list[H]]] = [(EQUAL, list(a[:prefix]))]
    for op, item in reversed(steps):
        if runs[-1][0] == op:
            runs[-1][1].append(item)
        else:
            runs.append((op, [item]))
    runs.append((EQUAL, list(a[len(a) - suffix:])))
    return [(op, items) for op, items in runs if items]


def _lines(text: str) -> list[str]:
    """Return the lines of a text, each with its line break (a line break always ends a token: see `tokens`)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _size(lines: list[str]) -> int:
    return sum(map(len, lines))


def _changed_blocks(la: list[str], lb: list[str]) -> tuple[list[list[str]], list[_Edit]]:
    """Return the lines two texts share and the blocks of lines that changed between them, alternating.

    A minimal diff of whole lines can keep a short line at the cost of a long one that changed by a word: in
    [甲, 乙] → [乙, 甲′] it keeps 乙 and has all of 甲 deleted, all of 甲′ inserted. Words can match across a kept
    line only from what is deleted on one side of it to what is inserted on the other; so where that could be longer
    (in characters) than the kept line, the line is compared word by word together with the blocks around it — the
    word diff of the merged block is never larger than with the line kept. Each kept line is weighed against the
    blocks the line diff put beside it, not against merged ones, so that merges do not snowball.
    """
    equalities, edits = _split(_lcs(la, lb))
    sizes = [(_size(edit.deleted), _size(edit.inserted)) for edit in edits]
    for i in range(len(edits) - 1, 0, -1):  # from the end, so that merging leaves the indices still to see alone
        (deleted_before, inserted_before), (deleted_after, inserted_after) = sizes[i - 1], sizes[i]
        if _size(equalities[i]) < max(min(deleted_before, inserted_after), min(inserted_before, deleted_after)):
            before, after = edits[i - 1], edits.pop(i)
            before.deleted += equalities[i] + after.deleted
            before.inserted += equalities.pop(i) + after.inserted
    return equalities, edits


def _token_runs(a: str, b: str) -> list[tuple[int, list[str]]]:
    """Return the token diff of two texts: minimal, except that long texts of several lines are first compared
    line by line.

    Myers' algorithm takes time proportional to length times differences: a whole statute against another version
    would take minutes token by token. Long texts are compared as lines (paragraphs) first; only the blocks of
    lines that changed are cut into tokens and compared token by token. A line both texts keep stays one item, a
    whole line, so an unchanged paragraph is never segmented.
    """
    la, lb = _lines(a), _lines(b)
    if len(la) < 2 or len(lb) < 2 or len(a) + len(b) <= LINE_MODE_CHARS:
        return _myers(tokens(a), tokens(b))
    equalities, edits = _changed_blocks(la, lb)
    out: list[tuple[int, list[str]]] = [(EQUAL, equalities[0])]
    for edit, equality in zip(edits, equalities[1:], strict=True):
        out += _lcs(tokens("".join(edit.deleted)), tokens("".join(edit.inserted)), MYERS_TOKENS)
        out.append((EQUAL, equality))
    return out


_SENTENCE_END = set("。；！？：;!?:")
_CLAUSE_END = set("，、,")
_OPENING = set("（(“‘《「『[")


def _break_strength(left: str | None, right: str | None) -> int:
    """Return how natural a boundary between two tokens is for an edit to start or end at (higher is better)."""
    if left is None or right is None or left.endswith("\n"):
        return 5
    if left in _SENTENCE_END:
        return 4
    if left in _CLAUSE_END or right in _OPENING:
        return 3
    if left.isspace() or right.isspace():
        return 2
    return 0


def _align_edits(equalities: list[list[str]], edits: list[_Edit]) -> None:
    """Slide every pure insertion or deletion to the most natural token boundaries it can take (lossless)."""
    for i, edit in enumerate(edits):
        if edit.deleted and edit.inserted:
            continue
        moving = edit.deleted or edit.inserted
        before, after = equalities[i], equalities[i + 1]
        # slide fully left first, then try every position to the right of it
        shift = 0
        while shift < len(before) and before[-1 - shift] == moving[-1 - shift % len(moving)]:
            shift += 1
        context = before[len(before) - shift:] + moving + after
        base = before[:len(before) - shift]
        best, best_score = 0, -1
        for k in range(shift + len(after) + 1):
            if k and context[k - 1] != context[k - 1 + len(moving)]:
                break
            left = context[k - 1] if k else base[-1] if base else None
            end = k + len(moving)
            last = context[end - 1]
            right_of_end = context[end] if end < len(context) else None
            score = _break_strength(left, context[k]) + _break_strength(last, right_of_end)
            if score > best_score:
                best, best_score = k, score
        moved = context[best:best + len(moving)]
        equalities[i] = base + context[:best]
        equalities[i + 1] = context[best + len(moving):]
        if edit.deleted:
            edit.deleted = moved
        else:
            edit.inserted = moved


def _merge_touching(equalities: list[list[str]], edits: list[_Edit]) -> None:
    """Merge edits that an emptied equality left side by side into one."""
    i = 1
    while i < len(edits):
        if equalities[i]:
            i += 1
            continue
        after = edits.pop(i)
        edits[i - 1].deleted += after.deleted
        edits[i - 1].inserted += after.inserted
        del equalities[i]


def _join(equalities: list[list[str]], edits: list[_Edit]) -> list[Op]:
    """Return the diff as diff-match-patch operations (empty runs dropped)."""
    runs = [(EQUAL, equalities[0])]
    for edit, equality in zip(edits, equalities[1:], strict=True):
        runs += [(DELETE, edit.deleted), (INSERT, edit.inserted), (EQUAL, equality)]
    return [(op, "".join(toks)) for op, toks in runs if toks]


def word_diff(a: str, b: str) -> list[Op]:
    """Return the diff-match-patch operations (-1 delete, 0 equal, 1 insert) turning ``a`` into ``b``, word by word.

    Every edit starts and ends at a token boundary of both texts (see `segment.tokens`); joining the equal and
    deleted parts gives ``a``, joining the equal and inserted parts gives ``b``.
    """
    if a == b:
        return [(EQUAL, a)] if a else []
    equalities, edits = _split(_token_runs(a, b))
    _align_edits(equalities, edits)
    _merge_touching(equalities, edits)
    return _join(equalities, edits)


# --- structural alignment --------------------------------------------------------------------


@dataclass
class Change:
    """One provision of a ChangeSet — an article, paragraph or point — as it was, as it is, and what happened.

    ``old_text``/``new_text`` are a paragraph's or point's own text (a paragraph's lead-in without its points, a
    point without its number); ``None`` where the provision is absent on that side (no eId there either) or,
    for an ``undetermined`` change, where its text is not in the corpus. ``ops`` is the word diff of a replaced
    text. Articles have their paragraphs as children (an unchanged article lists none) and no text of their own —
    except an article one side of which is wholly not in the corpus: it keeps the other side's text, whole.
    """

    level: str
    kind: str
    old_eid: str | None = None
    new_eid: str | None = None
    old_num: str | None = None
    new_num: str | None = None
    old_text: str | None = None
    new_text: str | None = None
    ops: list[Op] | None = None
    children: list[Change] = field(default_factory=list)

    def walk(self) -> list[Change]:
        """Return this change and all changes below it, depth first."""
        return [self, *(c for child in self.children for c in child.walk())]

    def to_dict(self) -> dict[str, Any]:
        """Return the change as plain JSON-ready data, its children included."""
        return asdict(self)


@dataclass
class ChangeSet:
    """The changes between two versions of a statute: one Change per article, in the order of the newer text."""

    old: str
    new: str
    articles: list[Change]

    def summary(self) -> dict[str, dict[str, int]]:
        """Return how many articles, paragraphs and points there are of each kind of change."""
        counts = Counter((c.level, c.kind) for art in self.articles for c in art.walk())
        return {level: {kind: counts[level, kind] for kind in KINDS} for level in LEVELS}

    def to_dict(self) -> dict[str, Any]:
        """Return the change set as plain JSON-ready data."""
        return {"old": self.old, "new": self.new, "summary": self.summary(),
                "articles": [a.to_dict() for a in self.articles]}

    def to_json(self) -> str:
        """Return the change set as stable JSON: sorted keys, Chinese as is, two-space indent."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2)


def _text_change(level: str, old: Provision | None, new: Provision | None, old_num: str | None,
                 new_num: str | None, children: list[Change], moved: bool) -> Change:
    """Return the change of a paragraph or point: its own text compared, its children already aligned."""
    ot = None if old is None else old.own_text
    nt = None if new is None else new.own_text
    change = Change(level, "unchanged", None if old is None else old.eid, None if new is None else new.eid,
                    old_num, new_num, ot, nt, children=children)
    old_known, new_known = ot is None or determined(ot), nt is None or determined(nt)
    if not (old_known and new_known):
        change.kind = "undetermined"
        change.old_text, change.new_text = (ot if old_known else None), (nt if new_known else None)
    elif ot is None or nt is None:
        change.kind = "deleted" if nt is None else "inserted"
    else:
        change.ops = word_diff(ot, nt) if ot != nt else None
        change.kind = _aggregate(ot != nt, children, moved, "renumbered")
    return change


def _aggregate(own_changed: bool, children: list[Change], moved: bool, moved_kind: str) -> str:
    """Return the kind of a provision present on both sides, from its own text and its children's changes.

    An article under a new number is ``moved`` whatever happened to its text (its children tell); a paragraph or
    point whose text changed is ``replaced`` even if it also changed place (its old and new numbers tell).
    """
    changed = own_changed or any(c.kind not in ("unchanged", "undetermined") for c in children)
    if moved and (moved_kind == "moved" or not changed):
        return moved_kind
    if changed:
        return "replaced"
    return "undetermined" if any(c.kind == "undetermined" for c in children) else "unchanged"


def _one_sided(level: str, prov: Provision, num: str, side: str) -> Change:
    """Return a provision present on one side only, with its points, all deleted or all inserted."""
    children = [_one_sided("point", pt, pt.num, side) for pt in prov.points()] if level == "paragraph" else []
    return _text_change(level, prov if side == "old" else None, prov if side == "new" else None,
                        num if side == "old" else None, num if side == "new" else None, children, False)


def _aligned(level: str, olds: list[Provision], news: list[Provision]) -> list[Change]:
    """Return the paragraphs (with their points) of two paired articles, or the points of two paired paragraphs,
    aligned."""

    def num(items: list[Provision], k: int) -> str:
        return items[k].num if level == "point" else numbering.paragraph_label(k + 1)

    def text(prov: Provision) -> str:
        return prov.own_text if level == "point" else prov.text

    out = []
    for i, j in align(olds, news, text, PARAGRAPH_SIMILARITY):
        if i is not None and j is not None:
            points = _aligned("point", olds[i].points(), news[j].points()) if level == "paragraph" else []
            out.append(_text_change(level, olds[i], news[j], num(olds, i), num(news, j), points, i != j))
        elif i is not None:
            out.append(_one_sided(level, olds[i], num(olds, i), "old"))
        elif j is not None:
            out.append(_one_sided(level, news[j], num(news, j), "new"))
    return out


def _has_text(article: Provision | None) -> bool:
    """Return False for an absent article or one kept only as the placeholder （删去）."""
    return article is not None and not article.removed and bool(article.text)


def _article_change(old: Provision | None, new: Provision | None) -> Change:
    """Return the change of an article between two versions (either side None or a （删去） placeholder)."""
    change = Change("article", "unchanged", old.eid if old is not None else None,
                    new.eid if new is not None else None, old.num if old is not None else None,
                    new.num if new is not None else None)
    if old is None or new is None or not (_has_text(old) and _has_text(new)):
        known = old if _has_text(old) else new if _has_text(new) else None
        if known is not None:
            side = "old" if known is old else "new"
            change.kind = "deleted" if side == "old" else "inserted"
            change.children = [_one_sided("paragraph", p, numbering.paragraph_label(k), side)
                               for k, p in enumerate(known.paragraphs(), 1)]
        return change
    if UNKNOWN in (old.text, new.text):
        # the whole text of one side is not in the corpus: keep the other side whole, compare nothing
        change.kind = "undetermined"
        change.old_text = old.text if determined(old.text) else None
        change.new_text = new.text if determined(new.text) else None
        return change
    change.children = _aligned("paragraph", old.paragraphs(), new.paragraphs())
    # A version only partly in the corpus (`timeline`: ld:unknown="partial") may have had further paragraphs: one
    # the other side has and it does not is undetermined, not inserted or deleted.
    partial = {side for side, article in (("old", old), ("new", new)) if article.el.get(ld("unknown")) == "partial"}
    for child in change.children:
        if (child.kind == "inserted" and "old" in partial) or (child.kind == "deleted" and "new" in partial):
            child.kind = "undetermined"
    change.kind = _aggregate(False, change.children, old.eid != new.eid, "moved")
    if change.kind == "unchanged":
        change.children = []
    return change


def _match_articles(old: list[Provision], new: list[Provision]) -> list[tuple[int | None, int | None]]:
    """Return the old and new articles matched, as (old index, new index), None for an unmatched side.

    The same number with the same text first, then the same text under another number (moved), the same number with
    a similar text (amended), a similar text under another number (moved and amended); what is left under the same
    number was rewritten. A placeholder （删去） has no text: it pairs only with its own number.

    The result is in the order of the newer text, each article only in the older one placed after the article that
    preceded it there.
    """
    new_index = {a.eid: j for j, a in enumerate(new)}
    texts_old = [a.text if _has_text(a) else "" for a in old]
    texts_new = [a.text if _has_text(a) else "" for a in new]
    same_eid = {i: new_index[a.eid] for i, a in enumerate(old) if a.eid in new_index}
    # 1. the same number and the same text (placeholders included)
    pairs = {i: j for i, j in same_eid.items() if texts_old[i] == texts_new[j]}
    taken = set(pairs.values())
    # 2. the same text under another number: moved
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(texts_new):
        if j not in taken and text and determined(text):
            by_text.setdefault(text, []).append(j)
    for i, text in enumerate(texts_old):
        if i not in pairs and by_text.get(text):
            pairs[i] = by_text[text].pop(0)
            taken.add(pairs[i])
    # 3. the same number and a similar text (or one not in the corpus): amended in place
    for i, j in same_eid.items():
        to, tn = texts_old[i], texts_new[j]
        if i not in pairs and j not in taken and to and tn and (
                not (determined(to) and determined(tn)) or similarity(to, tn) >= ARTICLE_SIMILARITY):
            pairs[i] = j
            taken.add(j)
    # 4. a similar text under another number: moved and amended, the most similar first
    free_old = [i for i, text in enumerate(texts_old) if i not in pairs and text and determined(text)]
    free_new = [j for j, text in enumerate(texts_new) if j not in taken and text and determined(text)]
    candidates = sorted((-similarity(texts_old[i], texts_new[j]), i, j) for i in free_old for j in free_new)
    for negative, i, j in candidates:
        if -negative < ARTICLE_SIMILARITY:
            break
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    # 5. what is left under the same number was rewritten in place (or deleted, or its number reused)
    for i, j in same_eid.items():
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    order: list[tuple[tuple[int, int, int], tuple[int | None, int | None]]] = []
    anchor = -1
    for i in range(len(old)):
        if i in pairs:
            anchor = pairs[i]
            order.append(((pairs[i], 0, 0), (i, pairs[i])))
        else:
            order.append(((anchor, 1, i), (i, None)))
    order += [((j, 0, 0), (None, j)) for j in range(len(new)) if j not in taken]
    return [pair for _, pair in sorted(order)]


def diff_statutes(a: Statute, b: Statute, only: list[str] | None = None) -> ChangeSet:
    """Return the changes from statute ``a`` to statute ``b``, article by article.

    ``only`` limits the result to these articles (any accepted form: ``253-1``, ``第二百五十三条之一``), matched by
    their number in either version; an article in neither raises UnknownProvision.
    """
    old, new = list(a.articles()), list(b.articles())
    wanted: set[str] | None = None
    if only is not None:
        wanted = {numbering.article_key(ref) for ref in only}
        present = {p.eid for p in old + new}
        for key in sorted(wanted, key=numbering.ArticleNumber.parse):
            if numbering.ArticleNumber.parse(key).eid not in present:
                raise UnknownProvision(f"no article {key} ({numbering.article_label(key)}) in either version",
                                       path=b.path)
    changes = []
    for i, j in _match_articles(old, new):
        o = old[i] if i is not None else None
        n = new[j] if j is not None else None
        if wanted is not None and not any(p is not None and p.eid.removeprefix("art_") in wanted for p in (o, n)):
            continue
        change = _article_change(o, n)
        if change.kind != "unchanged" or (o is not None and n is not None):
            changes.append(change)
    return ChangeSet(a.expression_uri or a.title, b.expression_uri or b.title, changes)


def penalty_changes(a: Statute, b: Statute, only: list[str] | None = None) -> list[Comparison]:
    """Return how the penalties of every article that changed from ``a`` to ``b`` compare (``only``: as in
    `diff_statutes`)."""
    def article(statute: Statute, eid: str | None) -> Provision | None:
        el = statute.find(eid) if eid else None
        return Provision(el) if el is not None else None

    return [compare(article(a, c.old_eid), article(b, c.new_eid))
            for c in diff_statutes(a, b, only).articles if c.kind != "unchanged"]
