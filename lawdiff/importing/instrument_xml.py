"""Amending instruments as Akoma Ntoso 3.0 documents: `Instrument` ⇄ AKN ``act`` ⇄ national-database Markdown.

An instrument read by `lawdiff.importing.instructions.parse_instrument` is stored as an AKN ``act`` (``name`` such as
``criminal-law-amendment-07``, FRBR work ``/akn/cn/act/2009-02-28/criminal-law-amendment-07``) whose

- ``meta`` holds the FRBR identification (language ``zho``, dates = the adoption date), the ``lifecycle``
  (adoption and entry into force as ``eventRef``), the amended work as ``activeRef``, and under
  ``analysis/activeModifications`` one ``textualMod`` per `Operation`, in order: AKN ``type``
  (insertion / substitution / repeal / renumbering), ``source`` = the item, ``destination`` = the provision of
  the amended work in component form (``/akn/cn/act/1979-07-01/criminal-law/~art_253-1__para_2``), ``new`` = the
  structured new text, and every field of the operation in ``ld:`` attributes so that it is rebuilt exactly;
- ``preface`` holds the title and the header (history) lines, ``preamble`` the blocks before the first item;
- ``body`` holds one ``hcontainer name="item"`` per item: ``num`` = the numbering as written (``七、``), then in
  ``content`` one ``p`` per block of the item's text, verbatim, followed by one ``p/mod`` per operation with new
  text — the instruction's words and a ``quotedStructure`` holding the new ``article`` / ``paragraph``\\ s /
  ``point`` / ``p``\\ s (the preamble), with eIds prefixed by the quoted structure's own
  (``item_7__qstr_1__art_253-1__para_2``) so that they stay unique in the document.

An omnibus decision's sections are ``hcontainer name="section"`` (``num`` = the heading's numbering, ``heading`` =
its words, ``ld:target`` = the document it amends, the section's items inside); each amended document has an
``activeRef`` (``amended_1``, ``amended_2`` …) that its operations' destinations name.

What the Markdown needs beyond that lives in ``ld:`` attributes: an item's ``ld:label`` (``七``), ``ld:line``
and ``ld:number`` (when it is not the item's position), and the entry-into-force sentence as ``ld:text`` of the
commencement ``eventRef`` — or of the commencement ``TLCEvent`` while the sentence leaves the date blank (a draft:
自　　年　　月　　日起施行) — (the schema allows foreign attributes on most elements, but not on ``act`` or ``meta``).

When an instruction names a point without its paragraph (将第二百二十五条第三项修改为), the destination names the
point under the article (``~art_225__point_3``): only the amended text tells which paragraph holds the points.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from lxml import etree

from lawdiff.akn import frbr, numbering
from lawdiff.akn.blocks import build_article, build_paragraphs
from lawdiff.akn.model import NS, NSMAP, Provision, akn, assert_valid, ld, parse_xml, text_of, to_xml_bytes
from lawdiff.errors import LawdiffError, NumberingError, ParseError
from lawdiff.files import read_bytes, read_text, write_atomic
from lawdiff.importing.instructions import parse_instrument
from lawdiff.importing.instrument import HEADING_KINDS, Instrument, Item, Operation, OpKind, Section
from lawdiff.importing.markdown import INFO_END

__all__ = [
    "export_instrument_markdown",
    "instrument_from_akn",
    "instrument_to_akn",
    "load_instrument",
    "read_instrument",
    "save_instrument",
]

_POINT_BLOCK = re.compile(rf"^(（{numbering.NUMERAL}）)(.*)$", re.S)
_AUTHORITIES = {"npcsc": "全国人民代表大会常务委员会", "npc": "全国人民代表大会"}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, akn(tag), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


# --- Instrument → AKN -------------------------------------------------------------------------------------


def document_uri(title: str) -> str:
    """Return the work URI standing for a document an omnibus decision amends when its FRBR URI is not given."""
    return "/akn/cn/act/unknown/" + "".join(ch if ch.isalnum() else "-" for ch in title)


def instrument_to_akn(instrument: Instrument, *, name: str, amends: str,
                      documents: Mapping[str, str] | None = None) -> etree._Element:
    """Return the AKN document (root ``akomaNtoso``) of an amending instrument.

    ``name`` is the work's short name (``criminal-law-amendment-07``), ``amends`` the FRBR work URI of the law
    it amends (``/akn/cn/act/1979-07-01/criminal-law``); for an omnibus decision, ``documents`` maps the titles of
    the documents it amends to their work URIs (others get `document_uri`). Raise ParseError if the instrument has
    no item or no date (adoption, entry into force or, for a draft, the header's) to identify it by.
    """
    if not instrument.items and not instrument.sections:
        raise ParseError(f"{instrument.title}: an instrument without items cannot be stored")
    date = instrument.date
    if date is None:
        raise ParseError(f"{instrument.title}: no adoption or entry-into-force date to identify the instrument by")
    targets = list(dict.fromkeys(section.target for section in instrument.sections))
    uris = [(documents or {}).get(t) or document_uri(t) for t in targets] if targets else [amends]
    root = etree.Element(akn("akomaNtoso"), nsmap=NSMAP)
    act = _sub(root, "act", name=name, contains="originalVersion")
    meta = _meta(act, instrument, name=name, amends=uris, targets=targets, date=date)
    _preface(act, instrument)
    if instrument.preamble:
        preamble = _sub(act, "preamble")
        for block in instrument.preamble:
            _sub(preamble, "p", block)
    body = _sub(act, "body")
    analysis = meta.find(akn("analysis"))
    active = _sub(analysis, "activeModifications")
    count = position = 0

    def add(parent: etree._Element, item: Item, uri: str) -> None:
        nonlocal count, position
        position += 1
        eid = f"item_{position}"  # by position: a decision's items need not be numbered 1, 2, 3 …
        el = _item(parent, item, eid, position)
        content = el.find(akn("content"))
        quoted = 0
        for op in item.operations:
            count += 1
            new_href = None
            if op.new_text:
                quoted += 1
                new_href = _mod(content, op, f"{eid}__mod_{quoted}", f"{eid}__qstr_{quoted}")
            _textual_mod(active, op, f"tmod_{count}", eid, new_href, uri)

    for k, section in enumerate(instrument.sections, 1):
        el = _section(body, section, f"section_{k}")
        for item in section.items:
            add(el, item, uris[targets.index(section.target)])
    for item in instrument.items:
        add(body, item, uris[0])
    if not count:  # activeModifications needs a child: an instrument that changes no text has no analysis
        meta.remove(analysis)
    return root


def _section(body: etree._Element, section: Section, eid: str) -> etree._Element:
    el = _sub(body, "hcontainer", eId=eid, name="section")
    el.set(ld("target"), section.target)
    el.set(ld("line"), str(section.line))
    numbering = _SECTION_NUMBER.match(section.heading)
    if numbering and numbering.group(0):
        _sub(el, "num", numbering.group(0))
    if section.heading:
        _sub(el, "heading", section.heading[numbering.end() if numbering else 0:])
    if section.preamble:
        intro = _sub(el, "intro")
        for block in section.preamble:
            _sub(intro, "p", block)
    if not section.items:  # a section heading without items: the schema needs content
        _sub(_sub(el, "content"), "p", "")
    return el


_SECTION_NUMBER = re.compile(rf"^(?:{numbering.NUMERAL}、|\d+[.．、]|（{numbering.NUMERAL}）)?")


def _meta(act: etree._Element, instrument: Instrument, *, name: str, amends: list[str], targets: list[str],
          date: dt.date) -> etree._Element:
    day = date.isoformat()
    work, expression = frbr.work_uri("act", day, name), frbr.expression_uri("act", day, name, day)
    authority = "npcsc" if any(_AUTHORITIES["npcsc"] in line for line in instrument.header) else "npc"
    meta = _sub(act, "meta")
    frbr.identification(meta, work=work, expression=expression, title=instrument.title, levels=(
        frbr.Level(day, "Generation", [f"#{authority}"]), frbr.Level(day, "Generation", [f"#{authority}"]),
        frbr.Level(day, "Transform", ["#lawdiff"])))
    lifecycle = _sub(meta, "lifecycle", source="#lawdiff")
    events = (("adoption", instrument.adopted), ("commencement", instrument.in_force))
    for i, (event, when) in enumerate(events, 1):
        if when is not None:
            ref = _sub(lifecycle, "eventRef", eId=f"evt_{i}", date=when.isoformat(), source="#original",
                       type="generation", refersTo=f"#{event}")
            if event == "commencement" and instrument.in_force_text:
                ref.set(ld("text"), instrument.in_force_text)
    if not len(lifecycle):  # a draft: neither adopted nor in force yet
        meta.remove(lifecycle)
    _sub(meta, "analysis", source="#lawdiff")
    refs = _sub(meta, "references", source="#lawdiff")
    _sub(refs, "original", eId="original", href=expression, showAs=instrument.title)
    if targets:  # an omnibus decision: one reference per document it amends
        for k, (uri, target) in enumerate(zip(amends, targets, strict=True), 1):
            _sub(refs, "activeRef", eId=f"amended_{k}", href=uri, showAs=target)
    else:
        amended = _sub(refs, "activeRef", eId="amended", href=amends[0], showAs=instrument.target or amends[0])
        if not instrument.target:
            amended.set(ld("target"), "")
    _sub(refs, "TLCOrganization", eId=authority, href=f"/ontology/organization/cn/{authority}",
         showAs=_AUTHORITIES[authority])
    _sub(refs, "TLCOrganization", eId="lawdiff", href="/ontology/organization/lawdiff", showAs="lawdiff")
    _sub(refs, "TLCEvent", eId="adoption", href="/ontology/event/adoption", showAs="通过")
    commencement = _sub(refs, "TLCEvent", eId="commencement", href="/ontology/event/commencement", showAs="施行")
    if instrument.in_force is None and instrument.in_force_text:  # a draft's blank date: no event yet
        commencement.set(ld("text"), instrument.in_force_text)
    return meta


def _preface(act: etree._Element, instrument: Instrument) -> None:
    preface = _sub(act, "preface")
    _sub(_sub(_sub(preface, "longTitle"), "p"), "docTitle", instrument.title)
    if instrument.header:
        history = _sub(preface, "container", name="history")
        for line in instrument.header:
            _sub(history, "p", line)


def _item(body: etree._Element, item: Item, eid: str, position: int) -> etree._Element:
    el = _sub(body, "hcontainer", eId=eid, name="item")
    if item.label:
        el.set(ld("label"), item.label)
    if item.number != position:
        el.set(ld("number"), str(item.number))
    el.set(ld("line"), str(item.line))
    if item.prefix:
        _sub(el, "num", item.prefix)
    content = _sub(el, "content")
    for block in item.blocks:
        _sub(content, "p", block)
    return el


def _mod(content: etree._Element, op: Operation, mod_eid: str, qstr_eid: str) -> str:
    """Add the instruction's words and its new text as a quoted structure; return the structure's href."""
    mod = _sub(_sub(content, "p"), "mod", op.source, eId=mod_eid)
    qstr = _sub(mod, "quotedStructure", eId=qstr_eid, startQuote="“", endQuote="”")
    qstr.extend(_structure(op, qstr_eid))
    for el in qstr.iter(akn("article"), akn("paragraph"), akn("point")):
        el.set("eId", f"{qstr_eid}__{el.get('eId')}")
    return f"#{qstr_eid}"


def _structure(op: Operation, qstr_eid: str) -> list[etree._Element]:
    """Return the new text of an operation as AKN structure: an article, paragraphs, a point, or plain blocks."""
    blocks = list(op.new_text)
    if op.kind in (OpKind.REPLACE_ARTICLE, OpKind.INSERT_ARTICLE):
        try:
            return [build_article(op.target, blocks, qstr_eid)]
        except LawdiffError:
            pass
    elif op.kind in (OpKind.REPLACE_PARAGRAPHS, OpKind.INSERT_PARAGRAPHS, OpKind.RENUMBER_PARAGRAPH):
        try:
            paragraphs = build_paragraphs(numbering.ArticleNumber.parse(op.article).eid, blocks, qstr_eid)
        except LawdiffError:
            paragraphs = []
        if paragraphs:
            for para, n in zip(paragraphs, _paragraph_numbers(op, len(paragraphs)), strict=True):
                _renumber(para, n)
            return paragraphs
    elif op.kind in (OpKind.REPLACE_POINT, OpKind.INSERT_POINT, OpKind.RENUMBER_POINT) and len(blocks) == 1:
        point = _point(op, blocks[0])
        if point is not None:
            return [point]
    # The preamble, and any text that does not read as the structure the instruction names: plain blocks.
    out = []
    for block in blocks:
        p = etree.Element(akn("p"))
        p.text = block
        out.append(p)
    return out


def _paragraph_numbers(op: Operation, count: int) -> list[int]:
    """Return the numbers the new paragraphs take in the amended article (their eIds say where they go)."""
    if op.kind is OpKind.RENUMBER_PARAGRAPH:
        first = op.new_number or 1
    elif len(op.paragraphs) == count:
        return list(op.paragraphs)
    else:
        first = op.paragraphs[0] if op.paragraphs else 1
    return list(range(first, first + count))


def _renumber(para: etree._Element, n: int) -> None:
    """Give a built paragraph (and its points) the eId of paragraph n."""
    old = para.get("eId")
    new = numbering.child_eid(old.rsplit("__para_", 1)[0], "paragraph", n)
    for el in para.iter(akn("paragraph"), akn("point")):
        el.set("eId", new + el.get("eId")[len(old):])


def _point(op: Operation, block: str) -> etree._Element | None:
    m = _POINT_BLOCK.match(block)
    if not m:
        return None
    try:
        n = numbering.parse_point_num(m.group(1))
        article = numbering.ArticleNumber.parse(op.article).eid
    except NumberingError:
        return None
    parent = numbering.child_eid(article, "paragraph", op.paragraphs[0]) if len(op.paragraphs) == 1 else article
    point = etree.Element(akn("point"), eId=numbering.child_eid(parent, "point", n))
    _sub(point, "num", m.group(1))
    _sub(_sub(point, "content"), "p", m.group(2))
    return point


def _destinations(op: Operation, amends: str) -> list[str]:
    """Return the component URIs of the provisions an operation changes (for insert_article: the new one)."""
    if op.kind is OpKind.RENUMBER_ALL or (op.kind is OpKind.REPLACE_TERM and not op.article):
        return [amends]
    if op.kind in (OpKind.REPLACE_PREAMBLE, OpKind.DELETE_PREAMBLE):
        return [f"{amends}/~preamble"]
    if op.kind is OpKind.REPLACE_TITLE:
        return [f"{amends}/~longTitle"]
    if op.kind in HEADING_KINDS:
        anchor = f"art_{op.new_article}" if op.kind is OpKind.INSERT_HEADING else op.article
        return [f"{amends}/~{anchor}" if anchor else amends]
    key = op.target
    try:
        article = numbering.ArticleNumber.parse(key).eid
    except NumberingError:
        article = f"art_{key}"  # not a number: kept as written, for the reader to see
    paragraphs = [numbering.child_eid(article, "paragraph", n) for n in op.paragraphs] or [article]
    if op.point is not None:
        paragraphs = [numbering.child_eid(p, "point", op.point) for p in paragraphs]
    return [f"{amends}/~{eid}" for eid in paragraphs]


#: The kinds whose new number is stored in ld:new-article.
_LEGACY_NUMBERED = (OpKind.RENUMBER_PARAGRAPH, OpKind.RENUMBER_POINT)


def _legacy_number(op: Operation) -> bool:
    return op.kind in _LEGACY_NUMBERED and op.new_article is None and op.new_number is not None


def _textual_mod(parent: etree._Element, op: Operation, eid: str, item_eid: str, new_href: str | None,
                 amends: str) -> None:
    mod = _sub(parent, "textualMod", eId=eid, type=op.kind.akn_type)
    fields: dict[str, str | None] = {
        "kind": str(op.kind),
        "article": op.article,
        "paragraphs": " ".join(map(str, op.paragraphs)) or None,
        "point": None if op.point is None else str(op.point),
        # A renumbered paragraph's or point's new number is kept in ld:new-article (as files written before
        # ld:new-number have it); any other new number in ld:new-number.
        "new-article": str(op.new_number) if _legacy_number(op) else op.new_article,
        "new-number": None if _legacy_number(op) or op.new_number is None else str(op.new_number),
        "within": op.within or None,
        "old-term": op.old_term,
        "new-term": op.new_term,
        "source": op.source,
    }
    for key, value in fields.items():
        if value is not None:
            mod.set(ld(key), value)
    _sub(mod, "source", href=f"#{item_eid}")
    for href in _destinations(op, amends):
        _sub(mod, "destination", href=href)
    if new_href:
        _sub(mod, "new", href=new_href)


# --- AKN → Instrument -------------------------------------------------------------------------------------


def instrument_from_akn(root: etree._Element, path: str = "<document>") -> Instrument:
    """Return the instrument stored in an AKN amending act (the exact inverse of `instrument_to_akn`).

    Raise ParseError naming the file and line of anything that is not as `instrument_to_akn` writes it.
    """
    reader = _Reader(path)
    act = reader.act(root)
    items_el = act.xpath("a:body/a:hcontainer[@name='item'] | a:body/a:hcontainer[@name='section']/"
                         "a:hcontainer[@name='item']", namespaces=NS)
    eids = {el.get("eId"): n for n, el in enumerate(items_el)}
    operations: list[list[Operation]] = [[] for _ in items_el]
    for mod in act.xpath("a:meta/a:analysis/a:activeModifications/a:textualMod", namespaces=NS):
        source = reader.href(mod, "source")
        if source not in eids:
            raise reader.error(f"textualMod source #{source} names no item of the body", mod)
        operations[eids[source]].append(reader.operation(mod, act))
    items = {id(el): reader.item(el, position, tuple(ops))
             for position, (el, ops) in enumerate(zip(items_el, operations, strict=True), 1)}
    sections = tuple(reader.section(el, tuple(items[id(child)] for child in el.iterchildren(akn("hcontainer"))))
                     for el in act.xpath("a:body/a:hcontainer[@name='section']", namespaces=NS))
    amended = act.find("a:meta/a:references/a:activeRef", NS)
    if amended is None:
        raise reader.error("not an amending instrument: no <activeRef> to the amended law in <references>", act)
    events = act.xpath("a:meta/a:lifecycle/a:eventRef[@refersTo='#commencement'] | "
                       "a:meta/a:references/a:TLCEvent[@eId='commencement']", namespaces=NS)
    return Instrument(
        title=text_of(act.find("a:preface/a:longTitle", NS)),
        header=tuple(text_of(p) for p in act.xpath("a:preface/a:container[@name='history']/a:p", namespaces=NS)),
        adopted=reader.event(act, "adoption"),
        preamble=tuple(text_of(p) for p in act.xpath("a:preamble/a:p", namespaces=NS)),
        items=tuple(items[id(el)] for el in act.xpath("a:body/a:hcontainer[@name='item']", namespaces=NS)),
        in_force=reader.event(act, "commencement"),
        in_force_text=next((e.get(ld("text")) for e in events if e.get(ld("text")) is not None), ""),
        target="" if sections else amended.get(ld("target"), amended.get("showAs", "")),
        sections=sections,
    )


class _Reader:
    """Reads the parts of a stored instrument, turning anything unexpected into a ParseError at its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.quoted: dict[str, etree._Element] | None = None

    def error(self, message: str, el: etree._Element) -> ParseError:
        return ParseError(message, path=self.path, line=el.sourceline)

    def act(self, root: etree._Element) -> etree._Element:
        if root.tag != akn("akomaNtoso"):
            raise self.error(f"XML root element must be akomaNtoso (AKN 3.0), but got {etree.QName(root).localname!r}"
                             " instead", root)
        act = root[0] if len(root) else None
        if act is None or act.tag != akn("act"):
            got = etree.QName(act).localname if act is not None else "nothing"
            raise self.error(f"expected an <act> document inside <akomaNtoso>, but got {got!r}", root)
        items = act.xpath("a:body/a:* | a:body/a:hcontainer[@name='section']/a:hcontainer", namespaces=NS)
        expected = ("item", "section")
        if not items or any(el.tag != akn("hcontainer") or el.get("name") not in expected for el in items):
            where = next((el for el in items if el.get("name") not in expected), act)
            raise self.error("not an amending instrument: expected only <hcontainer name=\"item\"> (in sections "
                             "<hcontainer name=\"section\">) in the body", where)
        return act

    def section(self, el: etree._Element, items: tuple[Item, ...]) -> Section:
        try:
            line = int(el.get(ld("line"), ""))
        except ValueError:
            raise self.error("section without a numeric ld:line", el) from None
        return Section(text_of(el.find("a:num", NS)) + text_of(el.find("a:heading", NS)), el.get(ld("target"), ""),
                       line, items, tuple(text_of(p) for p in el.xpath("a:intro/a:p", namespaces=NS)))

    def href(self, mod: etree._Element, tag: str) -> str:
        el = mod.find(f"a:{tag}", NS)
        href = el.get("href", "") if el is not None else ""
        if not href.startswith("#"):
            raise self.error(f"textualMod without a <{tag} href=\"#…\"/> naming an element of the document", mod)
        return href[1:]

    def operation(self, mod: etree._Element, act: etree._Element) -> Operation:
        def get(key: str, required: bool = False) -> str | None:
            value = mod.get(ld(key))
            if value is None and required:
                raise self.error(f"textualMod without ld:{key}: expected every field of the operation", mod)
            return value

        name = get("kind", True) or ""
        if name not in OpKind.__members__.values():
            raise self.error(f"unknown operation kind ld:kind={name!r} (expected one of {', '.join(OpKind)})", mod)
        kind = OpKind(name)
        if mod.get("type") != kind.akn_type:
            raise self.error(f"textualMod type={mod.get('type')!r} does not match ld:kind={name!r} (expected "
                             f"{kind.akn_type!r})", mod)
        try:
            paragraphs = tuple(int(n) for n in (get("paragraphs") or "").split())
            point = get("point")
            new_text: tuple[str, ...] = ()
            if mod.find("a:new", NS) is not None:
                new_text = self.new_text(mod, act)
            new_article = get("new-article")
            new_number = get("new-number")
            legacy = kind in _LEGACY_NUMBERED and new_number is None
            return Operation(kind, get("article", True) or "", paragraphs, None if point is None else int(point),
                             None if legacy else new_article, new_text, get("old-term"), get("new-term"),
                             get("source", True) or "",
                             int(new_article) if legacy and new_article else int(new_number) if new_number else None,
                             get("within") or "")
        except ValueError as exc:
            raise self.error(f"textualMod with a malformed field: {exc}", mod) from None

    def new_text(self, mod: etree._Element, act: etree._Element) -> tuple[str, ...]:
        eid = self.href(mod, "new")
        if self.quoted is None:  # looked up once: an instrument may have hundreds of quoted structures
            self.quoted = {}
            for el in act.xpath("a:body//a:quotedStructure", namespaces=NS):
                self.quoted.setdefault(el.get("eId"), el)
        found = self.quoted.get(eid)
        if found is None:
            raise self.error(f"textualMod <new href=\"#{eid}\"/> names no quoted structure of the body", mod)
        return tuple(_blocks(found))

    def item(self, el: etree._Element, position: int, operations: tuple[Operation, ...]) -> Item:
        try:
            number = int(el.get(ld("number"), position))
            line = int(el.get(ld("line"), ""))
        except ValueError:
            raise self.error("item without a numeric ld:line (or with a malformed ld:number)", el) from None
        blocks = el.xpath("a:content/a:p[not(a:mod)]", namespaces=NS)
        if not blocks:
            raise self.error("item without text: expected <content> with one <p> per block", el)
        return Item(number, el.get(ld("label"), ""), tuple(text_of(p) for p in blocks), operations, line,
                    text_of(el.find("a:num", NS)))

    def event(self, act: etree._Element, event: str) -> dt.date | None:
        found = act.xpath("a:meta/a:lifecycle/a:eventRef[@refersTo=$ref]", namespaces=NS, ref=f"#{event}")
        if not found:
            return None
        try:
            return dt.date.fromisoformat(found[0].get("date", ""))
        except ValueError:
            raise self.error(f"eventRef with a malformed date {found[0].get('date')!r} (expected YYYY-MM-DD)",
                             found[0]) from None


def _blocks(qstr: etree._Element) -> Iterable[str]:
    """Yield the new text of a quoted structure as blocks, as a consolidated statute prints them."""
    for child in qstr:
        if not isinstance(child.tag, str):
            continue
        if child.tag in (akn("article"), akn("paragraph"), akn("point")):
            yield from Provision(child).lines()
        else:
            yield text_of(child)


# --- Markdown and files -----------------------------------------------------------------------------------


def export_instrument_markdown(instrument: Instrument) -> str:
    """Return the national-database Markdown of an instrument: title, header, ``<!-- INFO END -->``, preamble,
    items with their numbering, blocks separated by one blank line and no final newline (as the corpus)."""
    out = ["# " + instrument.title, *instrument.header, INFO_END, *instrument.preamble]
    for section in instrument.sections:
        out += [section.heading] if section.heading else []
        out += section.preamble
        for item in section.items:
            out += [item.prefix + item.blocks[0], *item.blocks[1:]]
    for item in instrument.items:
        out += [item.prefix + item.blocks[0], *item.blocks[1:]]
    return "\n\n".join(out)


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    """Return the instrument stored at ``path`` (an AKN amending act); raise ParseError naming file and line."""
    return instrument_from_akn(parse_xml(read_bytes(path), str(path)).getroot(), str(path))


def read_instrument(path: str | os.PathLike[str], target: str | None = None) -> Instrument:
    """Return the instrument in a file: AKN XML (``.xml``) or national-database Markdown (anything else).

    ``target`` names the amended law where a Markdown decision amends several (see `parse_instrument`).
    """
    p = Path(path)
    if p.suffix == ".xml":
        return load_instrument(p)
    return parse_instrument(read_text(p), str(p), target)


def save_instrument(instrument: Instrument, path: str | os.PathLike[str], *, name: str, amends: str,
                    documents: Mapping[str, str] | None = None) -> None:
    """Write an instrument as pretty-printed AKN XML, atomically, after checking it against the schema; the same
    instrument always gives the same bytes."""
    root = instrument_to_akn(instrument, name=name, amends=amends, documents=documents)
    assert_valid(root, str(path))
    write_atomic(Path(path), to_xml_bytes(root))
