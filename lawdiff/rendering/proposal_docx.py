"""The 立法建议稿: a proposal as the document a scholar sends in answer to a call for comments (征求意见) — its title
and authors, the amendment text, the 说明 (the rationale, its citations written out) and the 修改前后对照表 — as
DOCX (python-docx), the same bytes for the same proposal.

>>> from lawdiff.amending.proposals.model import Source
>>> cite_plainly("见[@li2025, §4.1]与[@x]。", (Source("li2025", "李冠正", "论文", 2025),))
'见（李冠正，2025，§4.1）与[@x]。'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lawdiff.amending.proposals.model import CITATION_GROUP, Source, citation_parts
from lawdiff.rendering.table import Row, add_table, docx_bytes, new_document

#: Markdown that means nothing in a Word paragraph: emphasis marks, inline code, a heading's or a list's marker.
_INLINE = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")
_BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class ProposalDocument:
    """What the 立法建议稿 says: ``changes`` are the amendment's items (blocks as ``## Changes`` holds them),
    ``rationale`` the 说明 (Markdown), ``rows`` the comparison table."""

    title: str
    authors: tuple[str, ...]
    date: dt.date
    law_title: str
    base_date: dt.date | None
    changes: tuple[str, ...]
    rationale: str
    sources: tuple[Source, ...]
    rows: tuple[Row, ...]


def cite_plainly(text: str, sources: Sequence[Source]) -> str:
    """Return text with each citation ``[@key, §x]`` of a known source written as （作者，年份，§x）; an unknown key
    is left as written."""
    known = {s.key: s for s in sources}

    def cite(m: re.Match[str]) -> str:
        parts = citation_parts(m.group(1), known)
        if parts is None:
            return m.group(0)
        return "（" + "；".join("，".join(filter(None, (known[key].author, str(known[key].year), locator)))
                               for key, locator in parts) + "）"

    return CITATION_GROUP.sub(cite, text)


def plain_paragraphs(markdown: str) -> list[str]:
    """Return Markdown as the paragraphs of a Word document: blocks split at blank lines, lines of a block joined,
    emphasis and heading marks dropped, links written as their text."""
    out = []
    for block in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n").strip()):
        lines = [_BLOCK_MARK.sub("", line).strip() for line in block.split("\n")]
        text = "".join(line if not out_line_needs_space(line) else " " + line for line in lines).strip()
        text = _INLINE.sub("", _LINK.sub(r"\1", text))
        if text:
            out.append(text)
    return out


def out_line_needs_space(line: str) -> bool:
    """Return whether a line continuing a paragraph needs a space before it (Latin text does; Chinese does not)."""
    return bool(line) and line[0].isascii() and line[0].isalnum()


def proposal_docx(doc: ProposalDocument) -> bytes:
    """Return the 立法建议稿 as the bytes of a .docx file: the title, who proposes it and when, 一、修改条文 (the
    items as an amendment prints them), 二、说明 (the rationale, then the works cited), 三、修改前后对照表."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = new_document(f"{doc.title}（立法建议稿）")
    heading = word.add_heading(doc.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = word.add_paragraph("（立法建议稿）")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    who = "、".join(doc.authors)
    meta = word.add_paragraph(f"建议人：{who}　　{doc.date.year}年{doc.date.month}月{doc.date.day}日")
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    base = f"《{doc.law_title}》" + (f"（{doc.base_date.year}年{doc.base_date.month}月{doc.base_date.day}日施行的文本）"
                                     if doc.base_date else "")
    word.add_paragraph(f"本建议稿所修改的文本：{base}。")
    word.add_heading("一、修改条文", level=1)
    for block in doc.changes:
        word.add_paragraph(block)
    word.add_heading("二、说明", level=1)
    for paragraph in plain_paragraphs(cite_plainly(doc.rationale, doc.sources)) or ["（说明待补充。）"]:
        word.add_paragraph(paragraph)
    if doc.sources:
        word.add_heading("参考文献", level=2)
        for source in doc.sources:
            parts = [source.author, f"{source.title}（{source.year}）", source.section, source.url]
            word.add_paragraph("，".join(p for p in parts if p) + "。", style="List Number")
    word.add_heading("三、修改前后对照表", level=1)
    add_table(word, list(doc.rows))
    return docx_bytes(word)


__all__ = ["ProposalDocument", "cite_plainly", "plain_paragraphs", "proposal_docx"]
