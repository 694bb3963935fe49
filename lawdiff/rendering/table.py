"""修改前后对照表 — the before/after comparison table the NPC publishes with draft amendments.

Three columns, 原条文 | 修改后条文 | 说明, one row per changed article, in the order of the newer
text. In the old column deleted words are struck through; in the new column added words are bold
and underlined — marked by type, never by colour alone. 说明 holds an explanation per article (from a
proposal's rationale where there is one). Written as HTML, Markdown or DOCX (python-docx).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawdiff.akn.align import PARAGRAPH_SIMILARITY, align
from lawdiff.akn.blocks import UNKNOWN, article_blocks
from lawdiff.akn.model import Provision, Statute
from lawdiff.diffing.diff import word_diff
from lawdiff.files import write_atomic
from lawdiff.rendering.markup import DELETE, EQUAL, INSERT, marked

#: A run of text and how it is marked: "same", "deleted" (old column) or "inserted" (new column).
Run = tuple[str, str]


@dataclass(frozen=True)
class Row:
    """One changed article: its old and new paragraphs as marked runs, and the explanation."""

    label: str  # the article number, e.g. 第二百五十三条之一
    old: list[list[Run]]  # paragraphs (empty: the article did not exist)
    new: list[list[Run]]  # paragraphs (empty: the article was removed)
    note: str
    eid: str = ""  # the article's eId (what notes are keyed by)


def _paragraphs(runs: list[Run]) -> list[list[Run]]:
    """Split runs at line breaks into paragraphs."""
    paragraphs: list[list[Run]] = [[]]
    for text, mark in runs:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append((part, mark))
    return [p for p in paragraphs if p] if any(paragraphs) else []


def _sides(old: list[str], new: list[str]) -> tuple[list[list[Run]], list[list[Run]]]:
    """Return the paragraphs (printed blocks) of two texts as marked runs: blocks paired by the rule every
    comparison uses (`lawdiff.akn.align`), each pair compared word by word, the others wholly deleted or
    inserted — never a word diff across paragraphs, which could match words of one paragraph with another's."""
    old_side: list[list[Run]] = []
    new_side: list[list[Run]] = []
    for i, j in align(old, new, str, PARAGRAPH_SIMILARITY):
        if i is not None and j is not None:
            ops = word_diff(old[i], new[j])
            old_side.append([(text, "same" if op == EQUAL else "deleted") for op, text in ops if op != INSERT])
            new_side.append([(text, "same" if op == EQUAL else "inserted") for op, text in ops if op != DELETE])
        elif i is not None:
            old_side.append([(old[i], "deleted")])
        elif j is not None:
            new_side.append([(new[j], "inserted")])
    return old_side, new_side


def comparison_rows(old: Statute, new: Statute, notes: dict[str, str] | None = None) -> list[Row]:
    """Return a row for every article whose text differs between the two versions (not-in-corpus text is shown as
    such, never compared word by word)."""
    notes = notes or {}
    rows = []
    seen = set()
    for art in new.articles():
        seen.add(art.eid)
        before = old.find(art.eid)
        old_blocks = article_blocks(Provision(before)) if before is not None else []
        new_blocks = article_blocks(art)
        if old_blocks == new_blocks:
            continue
        old_text, new_text = "\n".join(old_blocks), "\n".join(new_blocks)
        if UNKNOWN in old_text or UNKNOWN in new_text:
            old_side = [[(old_text, "same")]] if old_text else []
            new_side = [[(new_text, "same")]]
        else:
            old_side, new_side = _sides(old_blocks, new_blocks)
        rows.append(Row(art.num, old_side, new_side, notes.get(art.eid, ""), art.eid))
    for art in old.articles():
        if art.eid not in seen:
            text = "\n".join(article_blocks(art))
            rows.append(Row(art.num, _paragraphs([(text, "deleted")]), [], notes.get(art.eid, ""), art.eid))
    return rows


# --- HTML ----------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; margin: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: .5rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td p { margin: 0 0 .5rem; }
del { text-decoration: line-through; }
ins { text-decoration: underline; font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@page { size: A4 landscape; margin: 15mm; }
"""


#: The markup operation of each kind of run.
_OPS = {"deleted": DELETE, "inserted": INSERT}


def _html_runs(paragraphs: list[list[Run]]) -> str:
    if not paragraphs:
        return "<p>（无）</p>"
    out = []
    for para in paragraphs:
        out.append("<p>" + "".join(marked(_OPS.get(mark, EQUAL), text) for text, mark in para) + "</p>")
    return "".join(out)


def table_fragment(rows: list[Row]) -> str:
    """Return the table as an HTML fragment (for the site's proposal pages)."""
    body = "".join(f"<tr><td>{_html_runs(r.old)}</td><td>{_html_runs(r.new)}</td>"
                   f"<td>{html.escape(r.note)}</td></tr>" for r in rows)
    return ('<table class="comparison-table"><thead><tr><th scope="col">原条文</th><th scope="col">修改后条文</th>'
            f'<th scope="col">说明</th></tr></thead><tbody>{body}</tbody></table>')


def table_html(rows: list[Row], title: str) -> str:
    """Return a standalone HTML page holding the table (no external resources)."""
    return (f'<!doctype html>\n<html lang="zh-Hans"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>"
            "<p>删除的文字以删除线标示，增加的文字以粗体加下划线标示。</p>"
            f"{table_fragment(rows)}</body></html>\n")


# --- Markdown ------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    """Return text that Markdown shows as written: its markup characters escaped, and no raw HTML (a rationale's
    ``<script>`` or ``<iframe>`` is shown, never run)."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("~", "\\~")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_runs(paragraphs: list[list[Run]]) -> str:
    if not paragraphs:
        return "（无）"
    out = []
    for para in paragraphs:
        parts = []
        for text, mark in para:
            t = _md_escape(text)
            parts.append(f"~~{t}~~" if mark == "deleted" else f"**<u>{t}</u>**" if mark == "inserted" else t)
        out.append("".join(parts))
    return "<br><br>".join(out)


def table_markdown(rows: list[Row], title: str) -> str:
    """Return the table as GitHub-flavoured Markdown (deleted: ~~struck~~, added: **<u>bold underlined</u>**)."""
    lines = [f"# {title}", "", "删除的文字以删除线标示，增加的文字以粗体加下划线标示。", "",
             "| 原条文 | 修改后条文 | 说明 |", "| --- | --- | --- |"]
    lines += [f"| {_md_runs(r.old)} | {_md_runs(r.new)} | {_md_escape(r.note).replace(chr(10), '<br>')} |"
              for r in rows]
    return "\n".join(lines) + "\n"


# --- DOCX ----------------------------------------------------------------------------------


def new_document(title: str, *, landscape: bool = False) -> Any:
    """Return a python-docx document set up as lawdiff's DOCX exports are: A4 (landscape for a table alone),
    10.5 pt Times New Roman with SimSun for Chinese, titled ``title``."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.font.name = "Times New Roman"  # creates <w:rFonts>; Chinese takes the eastAsia font below
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    doc.core_properties.title = title
    return doc


def add_table(doc: Any, rows: list[Row]) -> None:
    """Append the comparison table to a python-docx document: deleted words struck through, added words bold and
    underlined, after the sentence that says so."""
    doc.add_paragraph("删除的文字以删除线标示，增加的文字以粗体加下划线标示。")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("原条文", "修改后条文", "说明"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, paragraphs in ((cells[0], row.old), (cells[1], row.new)):
            _docx_runs(cell, paragraphs)
        cells[2].paragraphs[0].add_run(row.note)


def docx_bytes(doc: Any) -> bytes:
    """Return a python-docx document as the bytes of a .docx file that are the same for the same content (fixed
    dates in the properties and the zip)."""
    doc.core_properties.created = doc.core_properties.modified = _EPOCH
    doc.core_properties.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())


def table_docx_bytes(rows: list[Row], title: str) -> bytes:
    """Return the table as a Word document (A4 landscape)."""
    doc = new_document(title, landscape=True)
    doc.add_heading(title, level=1)
    add_table(doc, rows)
    return docx_bytes(doc)


def table_docx(rows: list[Row], title: str, path: Path) -> None:
    """Write the table as a Word document (A4 landscape), atomically."""
    write_atomic(path, table_docx_bytes(rows, title))


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _stable_zip(data: bytes) -> bytes:
    """Return the same zip with every entry dated 1980-01-01, so that equal tables give equal files."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _docx_runs(cell: Any, paragraphs: list[list[Run]]) -> None:
    if not paragraphs:
        cell.paragraphs[0].add_run("（无）")
        return
    for i, para in enumerate(paragraphs):
        target = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        for text, mark in para:
            run = target.add_run(text)
            if mark == "deleted":
                run.font.strike = True
            elif mark == "inserted":
                run.bold = True
                run.underline = True


def write_table(rows: list[Row], title: str, fmt: str, path: Path) -> None:
    """Write the comparison table to a file, atomically: ``html``, ``md`` (Markdown) or ``docx``."""
    if fmt == "docx":
        table_docx(rows, title, path)
    else:
        text = table_html(rows, title) if fmt == "html" else table_markdown(rows, title)
        write_atomic(path, text.encode("utf-8"))
