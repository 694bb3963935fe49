"""Words deleted and inserted, as HTML: the one markup of every page, table and export that shows a change.

A deleted run is ``<del>``, an inserted one ``<ins>`` (struck through and underlined by the style sheets, never
colour alone), each opening with words for screen readers in a visually hidden span.

>>> str(marked(DELETE, "三年"))
'<del><span class="visually-hidden">删除：</span>三年</del>'
>>> str(side([(EQUAL, "处"), (DELETE, "三年"), (INSERT, "五年")], dropped=INSERT, labels=ENGLISH))
'处<del><span class="visually-hidden">deleted: </span>三年</del>'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

#: The operations of a word diff (as in `lawdiff.diffing.diff`).
DELETE, EQUAL, INSERT = -1, 0, 1
#: Not an operation: given as the side to drop, `side` keeps both (the inline view).
KEEP_BOTH = 2
#: What a screen reader says before a deleted or an inserted run, in Chinese (the default) and in English.
CHINESE: Mapping[int, str] = {DELETE: "删除：", INSERT: "增加："}
ENGLISH: Mapping[int, str] = {DELETE: "deleted: ", INSERT: "inserted: "}
#: The class of text for screen readers only (the site's style sheet and every standalone page define it).
HIDDEN_CLASS = "visually-hidden"


def marked(op: int, text: str, labels: Mapping[int, str] = CHINESE) -> Markup:
    """Return a run of text as HTML: as is when equal, else in ``<del>`` or ``<ins>`` with its screen-reader words."""
    if op == EQUAL:
        return Markup("{}").format(text)
    tag = Markup("del" if op == DELETE else "ins")
    return Markup('<{0}><span class="{1}">{2}</span>{3}</{0}>').format(tag, Markup(HIDDEN_CLASS), labels[op], text)


def side(ops: Sequence[tuple[int, str]], dropped: int = KEEP_BOTH, labels: Mapping[int, str] = CHINESE) -> Markup:
    """Return one side of a word diff as HTML: every run but those of the ``dropped`` operation (``INSERT`` for the
    older side, ``DELETE`` for the newer, `KEEP_BOTH` for the inline view)."""
    return Markup("").join(marked(op, text, labels) for op, text in ops if op != dropped)
