"""Apply amending operations to a statute, checking what each expects to find.

Every operation checks its precondition first (the article or paragraph exists, an insertion point is
free, paragraph counts match, a replaced term occurs — or may occur, in text not in the corpus) and raises
`OperationError` naming the instrument, item and provision otherwise — never a silent no-op.
`apply_instrument` works on a copy: the base statute is never modified, whatever fails.

Within one item, provisions are named as the drafters do: 第N款 / 第N项 in replace, delete and
renumber instructions mean the paragraph or point as numbered *before* the item (原第三款), while
增加一款作为第N款 names the position the new paragraph takes *after* it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.blocks import POINT, REMOVED, UNKNOWN, build_article, build_paragraphs, renumber_article
from lawdiff.akn.frbr import set_expression_date
from lawdiff.akn.model import NS, Statute, akn, ld, text_of
from lawdiff.errors import OperationError
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind


@dataclass
class Context:
    """Where an operation comes from, for error messages."""

    instrument: str = ""
    item: str = ""
    path: str | None = None

    def fail(self, message: str) -> OperationError:
        where = " ".join(x for x in (f"《{self.instrument}》" if self.instrument else "",
                                      f"item {self.item}" if self.item else "") if x)
        return OperationError(f"{where}: {message}" if where else message, path=self.path)


@dataclass
class _ItemState:
    """The paragraphs and points of each article as they stood before the item, by original number."""

    paragraphs: dict[str, list[etree._Element]] = field(default_factory=dict)
    points: dict[tuple[str, int], list[etree._Element]] = field(default_factory=dict)


def _article(statute: Statute, key: str, ctx: Context) -> etree._Element:
    el = statute.find(numbering.ArticleNumber.parse(key).eid)
    if el is None or el.tag != akn("article"):
        raise ctx.fail(f"{numbering.article_label(key)} does not exist in the base text")
    return el


def _paragraphs(article: etree._Element) -> list[etree._Element]:
    return article.findall(akn("paragraph"))


def _points(paragraph: etree._Element) -> list[etree._Element]:
    return paragraph.findall(akn("point"))


def _original_paragraph(state: _ItemState, art: etree._Element, key: str, n: int, ctx: Context) -> etree._Element:
    originals = state.paragraphs.setdefault(key, _paragraphs(art))
    if not 1 <= n <= len(originals):
        raise ctx.fail(f"{numbering.article_label(key)}{numbering.paragraph_label(n)} does not exist "
                       f"(the article has {len(originals)} paragraph(s))")
    if originals[n - 1].getparent() is not art:
        raise ctx.fail(f"{numbering.article_label(key)}{numbering.paragraph_label(n)} was deleted earlier in the item")
    return originals[n - 1]


def _point_paragraph(state: _ItemState, art: etree._Element, key: str, paragraphs: Sequence[int],
                     ctx: Context) -> tuple[etree._Element, int]:
    """Return the paragraph whose points an instruction addresses, and its original number."""
    if paragraphs:
        return _original_paragraph(state, art, key, paragraphs[0], ctx), paragraphs[0]
    originals = state.paragraphs.setdefault(key, _paragraphs(art))
    with_points = [i for i, p in enumerate(originals, 1) if _points(p)]
    if len(with_points) != 1:
        raise ctx.fail(f"{numbering.article_label(key)} has {len(with_points)} paragraphs with points: the instruction"
                       " must say which paragraph (第N款第M项)")
    return originals[with_points[0] - 1], with_points[0]


def _original_point(state: _ItemState, para: etree._Element, key: str, pn: int, n: int,
                    ctx: Context) -> etree._Element:
    originals = state.points.setdefault((key, pn), _points(para))
    label = numbering.article_label(key) + numbering.paragraph_label(pn) + numbering.point_label(n)
    if not 1 <= n <= len(originals):
        raise ctx.fail(f"{label} does not exist (the paragraph has {len(originals)} point(s))")
    if originals[n - 1].getparent() is not para:
        raise ctx.fail(f"{label} was deleted earlier in the item")
    return originals[n - 1]


def _new_paragraphs(art: etree._Element, blocks: Sequence[str], ctx: Context) -> list[etree._Element]:
    if not blocks:
        raise ctx.fail(f"no new text for {text_of(art.find(akn('num')))}")
    return build_paragraphs(art.get("eId"), list(blocks), ctx.path or "<instrument>")


def _set_point_text(point: etree._Element, text: str) -> None:
    """Set a point's text; a leading （N） in the new text is the point's number, not its text."""
    m = POINT.match(text)
    content = point.find(akn("content"))
    for child in list(content):
        content.remove(child)
    etree.SubElement(content, akn("p")).text = m.group(2) if m else text


def _insert_at(parent: etree._Element, siblings: list[etree._Element], position: int,
               new: list[etree._Element]) -> None:
    """Insert elements so that the first becomes number ``position`` among ``siblings``."""
    if position <= len(siblings):
        anchor = siblings[position - 1]
        for el in new:
            anchor.addprevious(el)
    else:
        after = siblings[-1] if siblings else None
        for el in new:
            if after is None:
                parent.append(el)
            else:
                after.addnext(el)
            after = el


@dataclass
class _Target:
    """What an operation on an article works with: the statute, the article element, the item's state."""

    statute: Statute
    art: etree._Element
    op: Operation
    ctx: Context
    state: _ItemState

    @property
    def label(self) -> str:
        return numbering.article_label(self.op.article)


def apply_operation(statute: Statute, op: Operation, ctx: Context, state: _ItemState | None = None) -> None:
    """Apply one operation to the statute in place; raise OperationError if its precondition fails."""
    if op.kind is OpKind.REPLACE_PREAMBLE:
        _replace_preamble(statute, op, ctx)
        return
    if op.kind is OpKind.RENUMBER_ALL:
        renumber_all(statute)
        return
    art = _article(statute, op.article, ctx)
    if art.get(ld("unknown")) == "article" and not op.kind.whole_article:
        return  # a part of a text that is not in the corpus is not in the corpus either (see `timeline`)
    _APPLY[op.kind](_Target(statute, art, op, ctx, state or _ItemState()))
    renumber_article(art)


def _insert_article(t: _Target) -> None:
    new_key = numbering.ArticleNumber.parse(t.op.new_article or "")
    if t.statute.find(new_key.eid) is not None:
        raise t.ctx.fail(f"{new_key.label} already exists")
    if not numbering.ArticleNumber.parse(t.op.article) < new_key:
        raise t.ctx.fail(f"{new_key.label} cannot follow {t.label}")
    following = t.art.getnext()
    if following is not None and following.tag == akn("article"):
        following_key = numbering.ArticleNumber.parse(text_of(following.find(akn("num"))))
        if not new_key < following_key:
            raise t.ctx.fail(f"{new_key.label} would stand after {following_key.label}: numbering out of order")
    if not t.op.new_text:
        raise t.ctx.fail(f"no text for the new {new_key.label}")
    t.art.addnext(build_article(new_key.key, list(t.op.new_text), t.ctx.path or "<instrument>"))


def _replace_article(t: _Target) -> None:
    new = _new_paragraphs(t.art, t.op.new_text, t.ctx)
    for para in _paragraphs(t.art):
        t.art.remove(para)
    t.art.extend(new)
    t.art.attrib.pop("status", None)
    t.art.attrib.pop(ld("unknown"), None)
    t.state.paragraphs.pop(t.op.article, None)


def _delete_article(t: _Target) -> None:
    if t.art.get("status") == "removed":
        raise t.ctx.fail(f"{t.label} was already deleted")
    for para in _paragraphs(t.art):
        t.art.remove(para)
    t.art.extend(build_paragraphs(t.art.get("eId"), [REMOVED]))
    t.art.set("status", "removed")
    t.art.attrib.pop(ld("unknown"), None)


def _replace_paragraphs(t: _Target) -> None:
    targets = [_original_paragraph(t.state, t.art, t.op.article, n, t.ctx) for n in t.op.paragraphs]
    new = _new_paragraphs(t.art, t.op.new_text, t.ctx)
    if len(new) != len(targets):
        raise t.ctx.fail(f"{t.label}: {len(targets)} paragraph(s) to replace but the new text has {len(new)}")
    originals = t.state.paragraphs[t.op.article]
    for old, fresh in zip(targets, new, strict=True):
        t.art.replace(old, fresh)
        originals[originals.index(old)] = fresh


def _insert_paragraphs(t: _Target) -> None:
    current = _paragraphs(t.art)
    t.state.paragraphs.setdefault(t.op.article, current)
    position = t.op.paragraphs[0]
    if not 1 <= position <= len(current) + 1:
        raise t.ctx.fail(f"cannot add {numbering.paragraph_label(position)} to {t.label}: it has {len(current)} "
                         "paragraph(s)")
    new = _new_paragraphs(t.art, t.op.new_text, t.ctx)
    if len(t.op.paragraphs) > 1 and len(new) != len(t.op.paragraphs):
        raise t.ctx.fail(f"{t.label}: {len(t.op.paragraphs)} paragraph(s) to add but the new text has {len(new)}")
    _insert_at(t.art, current, position, new)


def _delete_paragraphs(t: _Target) -> None:
    doomed = [_original_paragraph(t.state, t.art, t.op.article, n, t.ctx) for n in sorted(t.op.paragraphs)]
    if len(set(doomed)) == len(_paragraphs(t.art)):
        raise t.ctx.fail(f"deleting every paragraph would leave {t.label} without text (an article is deleted with "
                         "删去第X条)")
    for para in doomed:
        t.art.remove(para)


def _renumber_paragraph(t: _Target) -> None:
    para = _original_paragraph(t.state, t.art, t.op.article, t.op.paragraphs[0], t.ctx)
    target = t.op.new_number or 0
    current = _paragraphs(t.art)
    if not 1 <= target <= len(current):
        raise t.ctx.fail(f"{t.label}: cannot make 原{numbering.paragraph_label(t.op.paragraphs[0])} "
                         f"{numbering.paragraph_label(target)}: the article has {len(current)} paragraph(s)")
    if current.index(para) + 1 != target:
        t.art.remove(para)
        _insert_at(t.art, _paragraphs(t.art), target, [para])
    if t.op.new_text:
        fresh = _new_paragraphs(t.art, t.op.new_text, t.ctx)
        if len(fresh) != 1:
            raise t.ctx.fail(f"{t.label}: the new text of 第{target}款 has {len(fresh)} paragraphs")
        t.art.replace(para, fresh[0])
        originals = t.state.paragraphs[t.op.article]
        originals[originals.index(para)] = fresh[0]


def _points_of(t: _Target) -> tuple[etree._Element, int, str]:
    """Return the paragraph whose points an operation addresses, its original number and its label."""
    para, pn = _point_paragraph(t.state, t.art, t.op.article, t.op.paragraphs, t.ctx)
    return para, pn, t.label + numbering.paragraph_label(pn)


def _replace_point(t: _Target) -> None:
    para, pn, label = _points_of(t)
    n = t.op.point or 0
    point = _original_point(t.state, para, t.op.article, pn, n, t.ctx)
    if len(t.op.new_text) != 1:
        raise t.ctx.fail(f"{label}{numbering.point_label(n)}: the new text has {len(t.op.new_text)} blocks, expected 1")
    _set_point_text(point, t.op.new_text[0])


def _delete_point(t: _Target) -> None:
    para, pn, _ = _points_of(t)
    para.remove(_original_point(t.state, para, t.op.article, pn, t.op.point or 0, t.ctx))


def _insert_point(t: _Target) -> None:
    para, pn, label = _points_of(t)
    n = t.op.point or 0
    current = _points(para)
    t.state.points.setdefault((t.op.article, pn), current)
    if not 1 <= n <= len(current) + 1:
        raise t.ctx.fail(f"cannot add {numbering.point_label(n)} to {label}: it has {len(current)} point(s)")
    new: list[etree._Element] = []
    for text in t.op.new_text:
        point = etree.Element(akn("point"))
        etree.SubElement(point, akn("num")).text = numbering.point_num(n + len(new))
        etree.SubElement(point, akn("content"))
        _set_point_text(point, text)
        new.append(point)
    if not current:  # the paragraph's text becomes the lead-in of its first points
        content = para.find(akn("content"))
        if content is not None:
            content.tag = akn("intro")
    _insert_at(para, current, n, new)


def _renumber_point(t: _Target) -> None:
    para, pn, label = _points_of(t)
    n = t.op.point or 0
    point = _original_point(t.state, para, t.op.article, pn, n, t.ctx)
    target = t.op.new_number or 0
    current = _points(para)
    if not 1 <= target <= len(current):
        raise t.ctx.fail(f"{label}: cannot make 原{numbering.point_label(n)} {numbering.point_label(target)}: the "
                         f"paragraph has {len(current)} point(s)")
    if current.index(point) + 1 != target:
        para.remove(point)
        _insert_at(para, _points(para), target, [point])
    if t.op.new_text:
        _set_point_text(point, t.op.new_text[0])


def _replace_term(t: _Target) -> None:
    art, op = t.art, t.op
    old, new = op.old_term or "", op.new_term or ""
    found = 0
    not_in_corpus = False
    for n, para in enumerate(_paragraphs(art), 1):
        if op.paragraphs and n not in op.paragraphs:
            continue
        for p in para.iter(akn("p")):
            if UNKNOWN in "".join(p.itertext()):  # a placeholder, not text: the term is never replaced in it
                not_in_corpus = True
                continue
            # Every run of text inside <p>, including text around inline markup such as <ref>.
            for node in p.iter():
                if node.text and old in node.text:
                    found += node.text.count(old)
                    node.text = node.text.replace(old, new)
                if node is not p and node.tail and old in node.tail:
                    found += node.tail.count(old)
                    node.tail = node.tail.replace(old, new)
    # Where part of the text is not in the corpus (see `timeline`), the term may stand there: what the operation
    # made of that part is not in the corpus either, as for a whole article not in the corpus.
    if not found and not not_in_corpus:
        raise t.ctx.fail(f"the term “{old}” does not occur in {t.label}")


def _replace_preamble(statute: Statute, op: Operation, ctx: Context) -> None:
    preamble = statute.act.find("a:preamble", NS)
    if preamble is None:
        raise ctx.fail(f"{statute.title} has no preamble (引言) to replace")
    for child in list(preamble):
        preamble.remove(child)
    for text in op.new_text:
        etree.SubElement(preamble, akn("p")).text = text


def renumber_all(statute: Statute) -> dict[str, str]:
    """Renumber every article 1, 2, 3 … in order (条文顺序作相应调整): deleted articles go, 之N articles take
    ordinary numbers. Return the map of old article eIds to new ones, for re-anchoring references."""
    mapping: dict[str, str] = {}
    n = 0
    for art in list(statute.body.iter(akn("article"))):
        if art.get("status") == "removed":
            art.getparent().remove(art)
            continue
        n += 1
        key = numbering.ArticleNumber(n)
        mapping[art.get("eId")] = key.eid
        art.set("eId", key.eid)
        art.find(akn("num")).text = key.label
        renumber_article(art)
    return mapping


#: How each kind of operation on an article is applied (the kinds on the whole law: `apply_operation`).
_APPLY: dict[OpKind, Callable[[_Target], None]] = {
    OpKind.INSERT_ARTICLE: _insert_article, OpKind.REPLACE_ARTICLE: _replace_article,
    OpKind.DELETE_ARTICLE: _delete_article, OpKind.REPLACE_PARAGRAPHS: _replace_paragraphs,
    OpKind.INSERT_PARAGRAPHS: _insert_paragraphs, OpKind.DELETE_PARAGRAPHS: _delete_paragraphs,
    OpKind.RENUMBER_PARAGRAPH: _renumber_paragraph, OpKind.REPLACE_POINT: _replace_point,
    OpKind.INSERT_POINT: _insert_point, OpKind.DELETE_POINT: _delete_point, OpKind.RENUMBER_POINT: _renumber_point,
    OpKind.REPLACE_TERM: _replace_term,
}


def apply_item(statute: Statute, item: Item, ctx: Context) -> None:
    """Apply the operations of one item in order, in place."""
    state = _ItemState()
    for op in item.operations:
        apply_operation(statute, op, ctx, state)


def history_line(instrument: Instrument) -> str:
    """Return the line the national database adds to a law's header for an instrument."""
    adopted = instrument.header[0] if instrument.header else ""
    return f"{adopted}的《{instrument.title}》"


def apply_instrument(base: Statute, instrument: Instrument, path: str | None = None) -> Statute:
    """Return a new statute: the base with every item of the instrument applied and the instrument recorded
    (a lifecycle event, a history line in the header, the new expression date). The base is not modified."""
    result = base.copy()
    for item in instrument.items:
        ctx = Context(instrument.title, item.label, path)
        apply_item(result, item, ctx)
    record_instrument(result, instrument)
    return result


def record_instrument(statute: Statute, instrument: Instrument) -> None:
    """Add the instrument to the statute's header, lifecycle and references; move its expression date."""
    act = statute.act
    history = act.find("a:preface/a:container[@name='history']", NS)
    if history is None:
        preface = act.find("a:preface", NS)
        history = etree.SubElement(preface, akn("container"), name="history")
    etree.SubElement(history, akn("p")).text = history_line(instrument)
    n = len(history)
    date = instrument.adopted or instrument.in_force or dt.date.today()
    meta = act.find("a:meta", NS)
    lifecycle = meta.find("a:lifecycle", NS)
    if lifecycle is None:
        lifecycle = etree.Element(akn("lifecycle"), source="#lawdiff")
        meta.find("a:identification", NS).addnext(lifecycle)
    etree.SubElement(lifecycle, akn("eventRef"), eId=f"evt_{n}", date=date.isoformat(), source=f"#ref_{n}",
                     type="amendment")
    refs = meta.find("a:references", NS)
    anchor = refs.findall("a:passiveRef", NS)
    ref = etree.Element(akn("passiveRef"), eId=f"ref_{n}", href=f"#instrument-{n}", showAs=instrument.title)
    (anchor[-1] if anchor else refs.find("a:original", NS)).addnext(ref)
    set_expression_date(statute, date)


__all__ = ["Context", "apply_instrument", "apply_item", "apply_operation", "history_line", "record_instrument",
           "renumber_all"]
