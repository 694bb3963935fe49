r"""Where else a term occurs: what a term replacement (将…中的“A”修改为“B”) leaves unchanged in the laws held.

>>> from lawdiff.importing.markdown import import_markdown
>>> law = import_markdown("# 试验法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 公民个人信息受保护。", name="t")
>>> [(o.label, o.snippet) for o in term_impact("个人信息", [(law, [(p, p.own_text) for p in law.walk()])], context=2)]
[('第一条第一款', '公民个人信息受保…')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lawdiff.akn.model import Provision, Statute


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a term in a statute: where, and the words around it."""

    law: str  # the work name (criminal-law)
    title: str  # the statute's title
    eid: str  # the paragraph or point ("" for the title)
    label: str  # as the statute cites it: 第二百五十三条之一第一款
    snippet: str


#: Every law to search, with the own text of each of its paragraphs and points in document order
#: (`lawdiff.library.Library.provision_texts`: read once, so that searching for term after term costs a scan of
#: strings).
Texts = Iterable[tuple[Statute, Sequence[tuple[Provision, str]]]]


def term_impact(term: str, texts: Texts, exclude: Collection[tuple[str, str]] = (),
                context: int = 12) -> list[Occurrence]:
    """Return every occurrence of a term in the given statutes' texts: in titles, paragraphs and points, in
    document order, each with ``context`` characters either side.

    ``exclude`` holds (law, article eId) pairs to leave out — the article a term replacement already changes.
    """
    out: list[Occurrence] = []
    for statute, provisions in texts:
        if term in statute.title:
            out.extend(Occurrence(statute.name, statute.title, "", "标题", s)
                       for s in _snippets(statute.title, term, context))
        for prov, text in provisions:
            if term not in text or (statute.name, prov.eid.split("__", 1)[0]) in exclude:
                continue
            out.extend(Occurrence(statute.name, statute.title, prov.eid, prov.label, s)
                       for s in _snippets(text, term, context))
    return out


def _snippets(text: str, term: str, context: int) -> list[str]:
    """Return the term with ``context`` characters either side, for each occurrence (… where cut)."""
    out = []
    at = text.find(term)
    while at != -1:
        start, end = max(0, at - context), min(len(text), at + len(term) + context)
        out.append(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
        at = text.find(term, at + len(term))
    return out
