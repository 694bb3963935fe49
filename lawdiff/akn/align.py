"""Aligning two runs of provisions (paragraphs, points, blocks): the one rule by which every comparison — `lawdiff
diff`, the site's compare pages, the comparison table — decides which old provision a new one is.

Items pair up where their texts are similar enough (the Dice coefficient of their character bigrams), the order of
both sides kept and the total similarity the greatest possible; in a gap between pairs, an old and a new item at
the same position pair up anyway (a provision rewritten in place); the rest are deleted or inserted. A text not in
the corpus is similar to nothing.

>>> align(["甲乙丙丁", "戊己"], ["甲乙丙戊", "新", "戊己"], str, 0.4)
[(0, 0), (None, 1), (1, 2)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from lawdiff.akn.blocks import UNKNOWN

T = TypeVar("T")

#: Content similarity from which two paragraphs or points count as the same one, changed.
PARAGRAPH_SIMILARITY = 0.4


def determined(text: str) -> bool:
    """Return whether a text is real text (no part of it is not in the corpus)."""
    return UNKNOWN not in text


def similarity(a: str, b: str) -> float:
    """Return the Dice coefficient of the character bigrams of two texts (1.0 for equal texts, 0.0 for disjoint).

    >>> round(similarity("单位犯前两款罪的", "单位犯前三款罪的"), 2)  # 5 of 7 bigrams shared
    0.71
    """
    if a == b:
        return 1.0
    sa, sb = _bigrams(a), _bigrams(b)
    return 2 * len(sa & sb) / (len(sa) + len(sb))


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or {text})


def align(old: Sequence[T], new: Sequence[T], text: Callable[[T], str],
           threshold: float) -> list[tuple[int | None, int | None]]:
    """Return old and new items aligned in order, as (old index, new index) pairs, None for an unmatched side.

    Items pair up where their texts are similar enough, the order of both sides kept and the total similarity
    the greatest possible (identical texts count double); in a gap between pairs, an old and a new item at the same
    position pair up anyway (a provision rewritten in place), the rest are deleted or inserted.
    """
    n, m = len(old), len(new)
    ot, nt = [text(x) for x in old], [text(y) for y in new]

    def score(i: int, j: int) -> float | None:
        if ot[i] == nt[j]:
            return 2.0 + (i == j) * 0.01
        if not (determined(ot[i]) and determined(nt[j])):
            return None
        s = similarity(ot[i], nt[j])
        return s + (i == j) * 0.01 if s >= threshold else None

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], -1.0 if s is None else best[i + 1][j + 1] + s)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = score(i, j)
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    out: list[tuple[int | None, int | None]] = []
    prev_i = prev_j = -1
    for pi, pj in [*pairs, (n, m)]:
        out += _fill_gap(range(prev_i + 1, pi), range(prev_j + 1, pj))
        if pi < n:
            out.append((pi, pj))
        prev_i, prev_j = pi, pj
    return out


def _fill_gap(olds: range, news: range) -> list[tuple[int | None, int | None]]:
    """Return the unmatched items of a gap in position order, an old and a new at the same position paired."""
    out: list[tuple[int | None, int | None]] = []
    i, j = olds.start, news.start
    while i < olds.stop or j < news.stop:
        if i < olds.stop and j < news.stop and i == j:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif i < olds.stop and (j >= news.stop or i < j):
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    return out
