"""Import and export the national-database Markdown format (the files in shared/corpus) ⇄ AKN 3.0.

The format: ``# title`` (a second ``# …`` line is a subtitle, as in the Civil Code books), the
history lines of the header, ``<!-- INFO END -->``, then blocks separated by one blank line:
headings (``## 第一编 总则`` — the number of ``#`` varies between laws, so the element is chosen by
the heading's words: 编/分编/章/节, 附则, 附件), articles (``第二百五十三条之一 text…`` — the first
paragraph on the article line), further paragraphs, points (``（一）…``), the items of a point (目: ``1.…``,
kept in the point's content, one ``p`` each) and plain lines. A text without articles (a notice, an opinion)
numbers its parts 一、二、…: each is an ``hcontainer name="item"``.

A law is dated by its header (the first date: the work; the last: this expression); a header without dates
takes the date in the file name (``…(2017-05-08).md``, ``…-2017-05-08.md``) and says so as an irregularity.

The round trip is lossless: ``export_markdown(import_markdown(src)) == src`` byte for byte. Where a
source departs from the regular format, what is needed to reproduce it is kept in ``ld:`` attributes
and the departure is recorded in ``ld:irregular`` so that `validate` can warn about it: a point number
repeated or skipped (kept as printed, the eId by position), articles out of order, text between a heading
and its first article (a heading continued on a line of its own), items numbered out of sequence. What no
AKN document could hold stays an error: two articles with one number, a broken article number, text after
the articles of a heading.

Reading is linear in the size of the law: the numbers of paragraphs and points are counted as they are read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from lawdiff.akn import frbr, numbering
from lawdiff.akn.blocks import REMOVED, SUBPOINT, add_paragraph, add_point, add_point_item, article_blocks
from lawdiff.akn.model import AKN_NS, CONTAINERS, NS, NSMAP, Provision, Statute, akn, assert_valid, ld, text_of
from lawdiff.errors import NumberingError, ParseError
from lawdiff.files import read_text

INFO_END = "<!-- INFO END -->"

_HEADING = re.compile(r"^(#+)(?: (.*))?$", re.S)
_CONTAINER = re.compile(rf"^(第{numbering.NUMERAL}(?:分编|编|章|节))(\s+)(.*)$", re.S)
_ARTICLE = re.compile(rf"^(第{numbering.NUMERAL}条(?:之{numbering.NUMERAL})?)([ 　]+)(.*)$", re.S)
#: Anything that starts like an article number: if the strict form above fails, the heading is broken.
_ARTICLE_LIKE = re.compile(rf"^第{numbering.NUMERAL}条")
_POINT = re.compile(rf"^(（{numbering.NUMERAL}）)(.*)$", re.S)
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日")
#: A date in a file name: ``…(2017-05-08).md`` or ``…-2017-05-08.md``.
_NAME_DATE = re.compile(r"[(（_-](\d{4})-(\d{2})-(\d{2})[)）]?$")
#: A line of only invisible characters glued to the article after it (no blank line between): kept as ``ld:lead``.
_LEAD = re.compile("^[\u200b\ufeff \u3000]*\n(?=第)")
#: A heading of an interpretation printed as a plain line: 三、技术转让合同 (short, no sentence punctuation).
_PLAIN_HEADING = re.compile(rf"^{numbering.NUMERAL}、[^，。；：,;:“”《\s]{{1,30}}$")
#: The numbering of a part of a text without articles: 一、 二、 …
_ITEM = re.compile(rf"^({numbering.NUMERAL})、")
_INSTRUMENT = re.compile(r"《([^》]+)》")
_SENTENCE_END = ("。", "：", "；", "”", ":")
#: Characters XML 1.0 cannot hold (control characters, surrogates, U+FFFE/U+FFFF): no AKN document could keep them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Block:
    """One Markdown block and the 1-based line it starts on."""

    text: str
    line: int


def split_blocks(text: str) -> list[Block]:
    """Return the blocks of a national-database Markdown text (separated by exactly one blank line)."""
    blocks: list[Block] = []
    line = 1
    for chunk in text.split("\n\n"):
        blocks.append(Block(chunk, line))
        line += chunk.count("\n") + 2
    return blocks


def date_from_name(path: str) -> dt.date | None:
    """Return the date a file name ends with (``…(2017-05-08).md``, ``…-2017-05-08.md``), or None.

    >>> date_from_name("司法解释/某解释(2017-05-08).md"), date_from_name("before.md")
    (datetime.date(2017, 5, 8), None)
    """
    return _date_of(_NAME_DATE.search(Path(path).stem))


def parse_date(text: str) -> dt.date | None:
    """Return the date a header line starts with (``2015年8月29日 …``), or None."""
    return _date_of(_DATE.match(text))


def _date_of(m: re.Match[str] | None) -> dt.date | None:
    """Return the date a match's groups give as year, month and day; None for no match or no such day."""
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class _Open:
    """A container that is open while the body is read."""

    el: etree._Element
    rank: int | None  # 编 1, 分编 2, 章 3, 节 4; None for 附则, 附件 and other unnumbered headings
    level: int  # number of # in the source (0 for a heading written without #)


@dataclass
class _State:
    path: str
    body: etree._Element
    stack: list[_Open]
    article: etree._Element | None = None
    paragraph: etree._Element | None = None
    point: etree._Element | None = None
    paragraphs: int = 0  # of the open article
    points: int = 0  # of the open paragraph
    item: etree._Element | None = None  # the open part (一、…) of a text without articles
    items: int = 0
    preamble: list[etree._Element] = field(default_factory=list)
    seen_structure: bool = False
    articles: dict[str, int] = field(default_factory=dict)
    last_article: numbering.ArticleNumber | None = None
    hcontainers: int = 0
    content_lines: dict[etree._Element, int] = field(default_factory=dict)  # where a heading's text starts
    # the text read under a heading before its first article or sub-heading, by heading (looked up, not searched
    # for among the heading's children: a law's body may hold thousands of articles)
    lead_ins: dict[etree._Element, etree._Element] = field(default_factory=dict)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, akn(tag), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _p(parent: etree._Element, text: str) -> etree._Element:
    return _sub(parent, "p", text)


def _irregular(el: etree._Element, message: str, line: int) -> None:
    """Record a departure from the regular format, and its source line, on the element (`validate` warns)."""
    old = el.get(ld("irregular"))
    el.set(ld("irregular"), f"{old}; {message}" if old else message)
    el.set(ld("source-line"), str(line))


# --- import --------------------------------------------------------------------------------


def import_markdown(text: str, *, path: str = "<string>", name: str, work_date: dt.date | None = None,
                    expression_date: dt.date | None = None, country: str = "cn",
                    authority: str = "npc", warnings: list[str] | None = None) -> Statute:
    """Return the AKN act for a law in national-database Markdown; raise ParseError naming file and line.

    A law whose header has no dates, given none, takes the date in its file name; the message saying so is
    appended to ``warnings``."""
    if "\r" in text:
        raise ParseError("carriage returns found: expected Unix line endings (LF) as in the national database",
                         path=path, line=text[: text.index("\r")].count("\n") + 1)
    bad = _NOT_XML.search(text)
    if bad:
        raise ParseError(f"character U+{ord(bad.group()):04X} cannot be kept in XML (a control character or "
                         "non-character): expected statute text", path=path, line=text[: bad.start()].count("\n") + 1)
    stripped = text.rstrip("\n")
    final_newlines = len(text) - len(stripped)
    blocks = split_blocks(stripped)
    if not blocks or not blocks[0].text.startswith("# "):
        raise ParseError("expected the law's title as the first line ('# 中华人民共和国…')", path=path, line=1)

    titles: list[Block] = []
    while blocks and blocks[0].text.startswith("# "):
        titles.append(blocks.pop(0))
    header: list[Block] = []
    has_info_end = any(b.text == INFO_END for b in blocks)
    if has_info_end:
        while blocks[0].text != INFO_END:
            header.append(blocks.pop(0))
        blocks.pop(0)
    dates = [d for d in (parse_date(b.text) for b in header) if d]
    if not work_date and dates:  # the first dated line (a title wrapped onto the header's first line is not)
        work_date = dates[0]
    named = None
    if not work_date and not dates and not expression_date:
        named = work_date = date_from_name(path)
    if not expression_date:
        expression_date = max(dates) if dates else work_date
    state = _State(path=path, body=etree.Element(akn("body")), stack=[])
    state.stack.append(_Open(state.body, 0, 1))
    for block in blocks:
        _read_block(state, block)
    if not len(state.body):
        raise ParseError("no articles or headings found after the header", path=path, line=blocks[0].line
                         if blocks else 1)
    if not work_date or not expression_date:
        raise ParseError("no date in the header or the file name: give the law's date (lawdiff import law "
                         "--date YYYY-MM-DD)", path=path, line=1)

    root = etree.Element(akn("akomaNtoso"), nsmap=NSMAP)
    act = _sub(root, "act", name=name, contains="singleVersion")
    _meta(act, name=name, title=titles[0].text[2:], header=header, country=country, authority=authority,
          work_date=work_date, expression_date=expression_date)
    preface = _preface(act, titles, header)
    # On the preface: the schema allows foreign attributes there, not on <act>.
    if final_newlines:
        preface.set(ld("final-newlines"), str(final_newlines))
    if not has_info_end:
        preface.set(ld("info-end"), "absent")
    if named and warnings is not None:
        warnings.append(f"{path}: no date in the header: dated {named.isoformat()} from the file name")
    if state.preamble:
        preamble = _sub(act, "preamble")
        preamble.extend(state.preamble)
    act.append(state.body)
    return Statute(root, path)


def import_file(path: Path, *, name: str, date: dt.date | None = None,
                warnings: list[str] | None = None) -> Statute:
    """Return the AKN act imported from a national-database Markdown file, checked against the AKN schema.

    ``date`` dates a law whose header has no dates (it is both the work's and this expression's date); without it
    such a law takes the date in its file name (said in ``warnings``), or is refused."""
    statute = import_markdown(read_text(path), path=str(path), name=name, work_date=date, expression_date=date,
                              warnings=warnings)
    assert_valid(statute.root, str(path))
    return statute


def _meta(act: etree._Element, *, name: str, title: str, header: list[Block], country: str, authority: str,
          work_date: dt.date, expression_date: dt.date) -> None:
    work = frbr.work_uri("act", work_date.isoformat(), name, country)
    expression = frbr.expression_uri("act", work_date.isoformat(), name, expression_date.isoformat(), country)
    meta = _sub(act, "meta")
    frbr.identification(meta, work=work, expression=expression, title=title, country=country, levels=(
        frbr.Level(work_date.isoformat(), "Generation", [f"#{authority}"]),
        frbr.Level(expression_date.isoformat(), "Generation", [f"#{authority}"]),
        frbr.Level(expression_date.isoformat(), "Transform", ["#lawdiff"])))
    dated = [(b, parse_date(b.text)) for b in header]
    if any(d for _, d in dated):
        lifecycle = _sub(meta, "lifecycle", source="#lawdiff")
        for i, (block, when) in enumerate(dated, 1):
            if when is None:
                continue
            m = _INSTRUMENT.search(block.text)
            _sub(lifecycle, "eventRef", eId=f"evt_{i}", date=when.isoformat(),
                 source=f"#ref_{i}" if m else "#original",
                 type="generation" if i == 1 else "amendment",
                 refersTo="#commencement" if block.text.endswith("施行") else None)
    refs = _sub(meta, "references", source="#lawdiff")
    _sub(refs, "original", eId="original", href=expression, showAs=title)
    for i, block in enumerate(header, 1):
        m = _INSTRUMENT.search(block.text)
        if m:
            _sub(refs, "passiveRef", eId=f"ref_{i}", href=f"#instrument-{i}", showAs=m.group(1))
    _sub(refs, "TLCOrganization", eId=authority, href=f"/ontology/organization/cn/{authority}",
         showAs={"npc": "全国人民代表大会", "spc": "最高人民法院"}.get(authority, authority))
    _sub(refs, "TLCOrganization", eId="lawdiff", href="/ontology/organization/lawdiff", showAs="lawdiff")
    if any(b.text.endswith("施行") for b in header):
        _sub(refs, "TLCEvent", eId="commencement", href="/ontology/event/commencement", showAs="施行")


def _preface(act: etree._Element, titles: list[Block], header: list[Block]) -> etree._Element:
    preface = _sub(act, "preface")
    long_title = _sub(preface, "longTitle")
    _sub(_sub(long_title, "p"), "docTitle", titles[0].text[2:])
    for sub in titles[1:]:
        _sub(preface, "p", sub.text[2:], **{"class": "subtitle"})
    if header:
        history = _sub(preface, "container", name="history")
        for block in header:
            _p(history, block.text)
    return preface


def _read_block(state: _State, block: Block) -> None:
    text = block.text
    m = _HEADING.match(text)
    if m and text.startswith("#"):
        _open_heading(state, m.group(2) or "", len(m.group(1)), block, bare=m.group(2) is None)
        return
    m = _CONTAINER.match(text)
    if (m and len(text) < 40 and not any(p in text for p in "，。；：")) or _PLAIN_HEADING.match(text):
        _open_heading(state, text, 0, block)
        return
    lead = _LEAD.match(text)
    m = _ARTICLE.match(text[lead.end():] if lead else text)
    if m:
        _open_article(state, m.group(1), m.group(2), m.group(3), block)
        if lead:
            assert state.article is not None
            state.article.set(ld("lead"), lead.group(0))
            _irregular(state.article, f"a line of invisible characters {lead.group(0)[:-1]!r} before {m.group(1)}, "
                       "without a blank line between (kept)", block.line)
        return
    if _ARTICLE_LIKE.match(text):
        raise ParseError(f"broken article heading {text[:20]!r}…: expected 第<number>条[之<number>] followed by a "
                         "space and the text", path=state.path, line=block.line)
    m = _POINT.match(text)
    if m and state.paragraph is not None:
        state.points += 1
        state.point = add_point(state.paragraph, m.group(1), m.group(2), path=state.path, line=block.line,
                                n=state.points, strict=False)
        return
    if state.point is not None and SUBPOINT.match(text):
        add_point_item(state.point, text)
        return
    m = _ITEM.match(text)
    if m and state.article is None and not state.articles:
        _open_item(state, m.group(0), text[m.end():], block)
        return
    _add_paragraph(state, text, block)


def _open_heading(state: _State, text: str, level: int, block: Block, *, bare: bool = False) -> None:
    """Open a container; ``bare`` for a heading of only ``#`` (no space after them, no text)."""
    state.article = state.paragraph = state.point = state.item = None
    state.seen_structure = True
    m = _CONTAINER.match(text)
    rank: int | None = None
    if m:
        word = re.sub(rf"^第{numbering.NUMERAL}", "", m.group(1))
        kind = numbering.CONTAINER_WORDS[word]
        rank = numbering.CONTAINER_RANK[kind]
    else:
        kind = "hcontainer"

    def closes(top: _Open) -> bool:
        if top.el is state.body:
            return False
        if rank is not None and top.rank is not None:
            return top.rank >= rank
        return top.level >= level if level else True

    while closes(state.stack[-1]):
        state.stack.pop()
    parent = _parent_of_structure(state, block)
    if kind == "hcontainer":
        state.hcontainers += 1
        squeezed = text.replace(" ", "").replace("　", "")
        hname = "supplementary" if squeezed == "附则" else "annex" if squeezed.startswith("附件") else "heading"
        el = _sub(parent, "hcontainer", eId=f"hcontainer_{state.hcontainers}", name=hname)
        if not bare:  # an empty <heading/> keeps the space of "## "
            _sub(el, "heading", text)
        if not text:
            _irregular(el, "empty heading", block.line)
    else:
        assert m is not None  # a ranked heading is one that matched _CONTAINER
        number = numbering.parse_chinese(re.sub(r"(分编|编|章|节)$", "", m.group(1))[1:])
        prefix = numbering.CONTAINER_PREFIX[kind]
        parent_eid = parent.get("eId")
        own = f"{prefix}_{number}"
        el = _sub(parent, kind, eId=f"{parent_eid}__{own}" if parent_eid and kind != "hcontainer" else own)
        _sub(el, "num", m.group(1))
        _sub(el, "heading", m.group(3))
        if m.group(2) != " ":
            el.set(ld("sep"), m.group(2))
    expected = len(state.stack) + 1
    if level != expected:
        el.set(ld("level"), str(level))
    if level == 0:
        _irregular(el, f"heading {text!r} written as a plain line, without '#'", block.line)
    state.stack.append(_Open(el, rank, level))


def _open_article(state: _State, num: str, sep: str, text: str, block: Block) -> None:
    try:
        key = numbering.ArticleNumber.parse(num).key
    except NumberingError as exc:
        raise ParseError(f"broken article heading {num!r}: {exc.message}", path=state.path, line=block.line) from None
    if key in state.articles:
        raise ParseError(f"duplicate article {num} (first at line {state.articles[key]})", path=state.path,
                         line=block.line)
    state.articles[key] = block.line
    state.seen_structure = True
    number = numbering.ArticleNumber.parse(key)
    art = _sub(_parent_of_structure(state, block), "article", eId=number.eid)
    _sub(art, "num", num)
    if sep != " ":
        art.set(ld("sep"), sep)
    if text == REMOVED:
        art.set("status", "removed")
    if state.last_article is not None and not state.last_article < number:
        _irregular(art, f"article {num} out of order: it follows {state.last_article.label}", block.line)
    state.last_article = number
    state.article, state.item = art, None
    state.paragraph = state.point = None
    state.paragraphs = 0
    _add_paragraph(state, text, block)


def _parent_of_structure(state: _State, block: Block) -> etree._Element:
    """Return the open container an article, item or heading goes into; text read under its heading so far becomes
    the container's lead-in (a heading continued on a line of its own, a stray line), recorded as irregular."""
    parent = state.stack[-1].el
    content = state.lead_ins.pop(parent, None)
    if content is not None:
        content.tag = akn("intro")
        _irregular(parent, "text between a heading and its first article (a heading continued on a line of its "
                   "own?)", state.content_lines.get(content, block.line))
    return parent


def _open_item(state: _State, num: str, text: str, block: Block) -> None:
    """Open a part numbered 一、二、… of a text without articles (a notice, an opinion)."""
    state.seen_structure = True
    state.paragraph = state.point = None
    state.items += 1
    item = _sub(_parent_of_structure(state, block), "hcontainer", eId=f"item_{state.items}", name="item")
    _sub(item, "num", num)
    _p(_sub(item, "content"), text)
    try:
        number = numbering.parse_chinese(num[:-1])
    except NumberingError:
        number = 0
    if number != state.items:
        expected = numbering.to_chinese(state.items) + "、"
        _irregular(item, f"part {num} out of sequence: expected {expected} (kept as printed)", block.line)
    elif state.items == 1:
        _irregular(item, "no articles: the parts numbered 一、二、… are kept as items", block.line)
    state.item = item


def _add_paragraph(state: _State, text: str, block: Block) -> None:
    if state.article is not None:
        state.paragraphs += 1
        state.paragraph = add_paragraph(state.article, text, path=state.path, line=block.line, n=state.paragraphs)
        state.point, state.points = None, 0
        return
    if state.item is not None:
        _p(state.item.find(akn("content")), text)
        return
    top = state.stack[-1]
    if top.el is state.body:
        if state.seen_structure:
            raise ParseError(f"text outside any article or heading: {text[:20]!r}…", path=state.path,
                             line=block.line)
        p = etree.Element(akn("p"))
        p.text = text
        if not text.endswith(_SENTENCE_END):
            _irregular(p, "text before the first article does not end a sentence (a broken header line?)",
                       block.line)
        state.preamble.append(p)
        return
    content = state.lead_ins.get(top.el)
    if content is None:
        if any(isinstance(c.tag, str) and etree.QName(c).localname in (*CONTAINERS, "article") for c in top.el):
            raise ParseError(f"text after the articles of a heading: {text[:20]!r}…", path=state.path,
                             line=block.line)
        content = state.lead_ins[top.el] = _sub(top.el, "content")
        state.content_lines[content] = block.line
    _p(content, text)


# --- export --------------------------------------------------------------------------------


def export_markdown(statute: Statute) -> str:
    """Return the national-database Markdown of a statute (the exact inverse of `import_markdown`)."""
    act = statute.act
    out: list[str] = ["# " + text_of(act.find("a:preface/a:longTitle/a:p/a:docTitle", NS))]  # unstripped
    out += ["# " + text_of(p) for p in act.xpath("a:preface/a:p[@class='subtitle']", namespaces={"a": AKN_NS})]
    out += statute.history
    if _layout(act, "info-end") != "absent":
        out.append(INFO_END)
    out += [text_of(p) for p in act.xpath("a:preamble/a:p", namespaces={"a": AKN_NS})]
    for child in Provision(statute.body).children():
        _export(child, 2, out)
    return "\n\n".join(out) + "\n" * int(_layout(act, "final-newlines") or "0")


def _layout(act: etree._Element, name: str) -> str | None:
    """Return a layout attribute of the source file (kept on the preface; on <act> in files imported earlier)."""
    preface = act.find(akn("preface"))
    value = preface.get(ld(name)) if preface is not None else None
    return value if value is not None else act.get(ld(name))


def _export(prov: Provision, depth: int, out: list[str]) -> None:
    el = prov.el
    if prov.kind == "article":
        blocks = article_blocks(prov)
        out.append(el.get(ld("lead"), "") + blocks[0])
        out.extend(blocks[1:])
        return
    if prov.kind == "hcontainer" and el.get("name") == "item":  # 一、… of a text without articles
        texts = [text_of(p) for p in el.xpath("a:content/a:p | a:intro/a:p", namespaces={"a": AKN_NS})]
        out.append(prov.num + (texts[0] if texts else ""))
        out.extend(texts[1:])
        for child in prov.children():
            _export(child, depth + 1, out)
        return
    line = prov.heading if prov.kind == "hcontainer" else prov.num + el.get(ld("sep"), " ") + prov.heading
    level = int(el.get(ld("level"), depth))
    spaced = line or el.find(akn("heading")) is not None
    out.append(("#" * level + (" " + line if spaced else "")) if level else line)
    out.extend(text_of(p) for p in el.xpath("a:content/a:p | a:intro/a:p", namespaces={"a": AKN_NS}))
    for child in prov.children():
        _export(child, depth + 1, out)


@dataclass(frozen=True)
class Irregularity:
    """A departure from the regular national-database format, kept so the source can be reproduced."""

    xml_line: int | None  # line of the element in the XML file it was read from
    source_line: int  # line in the Markdown source
    message: str


def irregularities(statute: Statute) -> list[Irregularity]:
    """Return every departure from the regular format recorded at import, in document order."""
    return [Irregularity(el.sourceline, int(el.get(ld("source-line"), "0")), el.get(ld("irregular")))
            for el in statute.root.iter() if isinstance(el.tag, str) and el.get(ld("irregular"))]
