"""Aligned comparisons, the seam for word-level diffs: two texts of an article as rows of blocks, each changed
pair compared word by word (``<ins>``/``<del>``), for the side-by-side and the inline views."""


from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from lawdiff.akn.align import PARAGRAPH_SIMILARITY, align
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, ld
from lawdiff.amending.timeline import PARTIAL
from lawdiff.diffing.diff import DELETE, EQUAL, INSERT, Op, word_diff
from lawdiff.rendering.markup import KEEP_BOTH, side


@dataclass(frozen=True)
class Unit:
    """A block of an article as printed: a paragraph's lead-in or a point (with its number)."""

    eid: str
    num: str
    text: str

    @property
    def known(self) -> bool:
        return UNKNOWN not in self.text


@dataclass(frozen=True)
class Row:
    """One aligned row of a comparison: what stood before and after, as HTML for the two columns of the
    side-by-side view and for the one column of the inline view."""

    status: str  # same, changed, inserted, deleted; unknown: the other text there is not in the corpus
    old: Unit | None
    new: Unit | None
    old_html: Markup
    new_html: Markup
    inline_html: Markup


def units(article: Provision | None) -> list[Unit]:
    """Return the paragraphs and points of an article in reading order (none for an absent article)."""
    if article is None:
        return []
    out = []
    for para in article.paragraphs():
        if para.own_text or not para.points():
            out.append(Unit(para.eid, "", para.own_text))
        out.extend(Unit(point.eid, point.num, point.own_text) for point in para.points())
    return out


def translated(article: Provision, translation: dict[str, str]) -> list[str]:
    """Return the English rendering of an article's blocks, in order (empty when it has none)."""
    return [translation[u.eid] for u in units(article) if u.eid in translation]


#: How two texts are compared word by word: `diff.word_diff`, or what stands in for it (`WordDiffs`).
WordDiff = Callable[[str, str], list[Op]]


def _open(article: Provision | None) -> bool:
    """Return whether further paragraphs, not in the corpus, may follow the text's last (a partial version)."""
    return article is not None and article.el.get(ld("unknown")) == PARTIAL


def compare_rows(old: Provision | None, new: Provision | None, t: Callable[..., Markup],
                 diff: WordDiff = word_diff) -> list[Row]:
    """Return the blocks of two texts aligned by the one rule every comparison uses (`lawdiff.akn.align`),
    each changed pair of blocks compared word by word (``diff``: `diff.word_diff`). A block of one text after
    the last of a partial one (its further paragraphs not in the corpus) is set against a text not in the corpus,
    never shown as inserted or deleted."""
    a, b = units(old), units(new)
    pairs = list(align(a, b, lambda unit: unit.num + unit.text, PARAGRAPH_SIMILARITY))
    last_old = max((k for k, (i, _) in enumerate(pairs) if i is not None), default=-1)
    last_new = max((k for k, (_, j) in enumerate(pairs) if j is not None), default=-1)
    unknown = Unit("", "", UNKNOWN)
    rows = []
    for k, (i, j) in enumerate(pairs):
        x = a[i] if i is not None else None
        y = b[j] if j is not None else None
        if x and y:
            rows.append(_changed_row(x, y, t, diff))
        elif x and _open(new) and k > last_new:
            rows.append(_unknown_row(x, unknown, t))
        elif x:
            old_html = _cell(x, t, [(DELETE, x.num + x.text)])
            rows.append(Row("deleted", x, None, old_html, Markup(""), old_html))
        elif y and _open(old) and k > last_old:
            rows.append(_unknown_row(unknown, y, t))
        elif y:
            new_html = _cell(y, t, [(INSERT, y.num + y.text)])
            rows.append(Row("inserted", None, y, Markup(""), new_html, new_html))
    return rows


def _unknown_row(x: Unit, y: Unit, t: Callable[..., Markup]) -> Row:
    """Return the row of a block set against a text not in the corpus (either side): nothing compared."""
    old_html, new_html = _cell(x, t, [(EQUAL, x.num + x.text)]), _cell(y, t, [(EQUAL, y.num + y.text)])
    return Row("unknown", x, y, old_html, new_html, Markup("{} → {}").format(old_html, new_html))


def _changed_row(x: Unit, y: Unit, t: Callable[..., Markup], diff: WordDiff = word_diff) -> Row:
    """Return the row of two paired blocks: equal, or compared word by word (never a text not in the corpus)."""
    if x.text == y.text and x.num == y.num:
        same = _cell(x, t, [(EQUAL, x.num + x.text)])
        return Row("same", x, y, same, same, same)
    if not (x.known and y.known):
        old_html, new_html = _cell(x, t, [(EQUAL, x.num + x.text)]), _cell(y, t, [(EQUAL, y.num + y.text)])
        return Row("changed", x, y, old_html, new_html, Markup("{} → {}").format(old_html, new_html))
    ops = diff(x.num + x.text, y.num + y.text)
    return Row("changed", x, y, _cell(x, t, ops, INSERT), _cell(y, t, ops, DELETE), _cell(y, t, ops))


class WordDiffs:
    """`diff.word_diff` with a memory: the diffs a previous build worked out (``known``: (old, new) → operations)
    are reused, so that a rebuild whose texts have not changed never segments them again — nor loads jieba.
    ``used`` holds every diff asked for since it was last emptied (what the next build is given as ``known``)."""

    def __init__(self, known: dict[tuple[str, str], list[Op]] | None = None) -> None:
        self.known = dict(known or {})
        self.used: dict[tuple[str, str], list[Op]] = {}

    def __call__(self, a: str, b: str) -> list[Op]:
        ops = self.known.get((a, b))
        if ops is None:
            ops = self.known[a, b] = word_diff(a, b)
        self.used[a, b] = ops
        return ops


def _cell(unit: Unit, t: Callable[..., Markup], ops: list[Op], dropped: int = KEEP_BOTH) -> Markup:
    """Return a block as HTML: its words marked as every page marks them (`lawdiff.rendering.markup`), the words for
    screen readers in the page's language, the side ``dropped`` left out; a text not in the corpus is said so."""
    if not unit.known:
        return Markup('<span class="unknown">{}</span>').format(t("not_in_corpus"))
    return side(ops, dropped, {DELETE: t("marker_deleted"), INSERT: t("marker_inserted")})
