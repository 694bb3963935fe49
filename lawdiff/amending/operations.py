"""Apply amending operations to a statute, checking what each expects to find.

Every operation checks its precondition first (the article or paragraph exists, an insertion point is
free, paragraph counts match, a replaced term occurs — or may occur, in text not in the corpus) and raises
`OperationError` naming the instrument, item and provision otherwise — never a silent no-op.
`apply_instrument` works on a copy: the base statute is never modified, whatever fails.

Within one item, provisions are named as the drafters do: 第N款 / 第N项 in replace, delete and
renumber instructions mean the paragraph or point as numbered *before* the item (原第三款), while
增加一款作为第N款 names the position the new paragraph takes *after* it.

Within one instrument, articles and headings are named as numbered *before* the instrument. What changes the
numbering is left to its end (a `Session` collects it): an article added as 第五十八条 (a plain number, the
decision styles) is the 58th article once the articles are renumbered; 将第十条改为第十一条 moves article 10 to
that place; a heading added 在修改后的第X条前 opens before that article; deleted articles (（删去）) drop out.
At the end — or at 条文顺序作相应调整 — the articles are put in that order on the law's flat outline
(`lawdiff.akn.outline`) and renumbered with their paragraphs, points and headings. An article added as
第X条之N (the Criminal Law's amendments) is placed at once and renumbers nothing.

A whole instrument is applied, and recorded in the law it amends, by `lawdiff.amending.instrument`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from lawdiff.akn import numbering, outline
from lawdiff.akn.blocks import POINT, REMOVED, UNKNOWN, build_article, build_paragraphs, renumber_article
from lawdiff.akn.model import NS, Statute, akn, ld, text_of
from lawdiff.errors import OperationError
from lawdiff.importing.instrument import Item, Operation, OpKind


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


@dataclass
class _NewArticle:
    """An article added with the number it takes once renumbered; placed at the end of the instrument."""

    el: etree._Element
    number: int
    after: etree._Element | None  # 在第X条后
    within: etree._Element | None  # 在第三章中
    ctx: Context


@dataclass
class Session:
    """What the items of one instrument leave to its end: articles added with the numbers they take once
    renumbered, articles moved (将第X条改为第Y条), headings added before an article as renumbered, and whether
    the articles are renumbered (条文顺序作相应调整)."""

    articles: list[_NewArticle] = field(default_factory=list)
    moved: list[tuple[etree._Element, int, Context]] = field(default_factory=list)
    headings: list[tuple[outline.Entry, int, Context]] = field(default_factory=list)
    renumber: bool = False

    @property
    def pending(self) -> bool:
        """Return whether anything is left for `finish`."""
        return bool(self.articles or self.moved or self.headings or self.renumber)


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
    """What an operation on an article works with: the statute, the article element, the item's and the
    instrument's state."""

    statute: Statute
    art: etree._Element
    op: Operation
    ctx: Context
    state: _ItemState
    session: Session = field(default_factory=Session)

    @property
    def label(self) -> str:
        return numbering.article_label(self.op.article)


def apply_operation(statute: Statute, op: Operation, ctx: Context, state: _ItemState | None = None,
                    session: Session | None = None) -> None:
    """Apply one operation to the statute in place; raise OperationError if its precondition fails.

    What changes the numbering is recorded in ``session`` for `finish` (without one, it is done at once)."""
    own = session is None
    session = session or Session()
    if op.kind in _ON_LAW:
        _ON_LAW[op.kind](statute, op, ctx, session)
    elif op.kind is OpKind.REPLACE_TERM and not op.article:
        _replace_term_everywhere(statute, op, ctx)
    elif op.kind is OpKind.INSERT_ARTICLE and not numbering.ArticleNumber.parse(op.new_article or "0").sub:
        _add_numbered_article(statute, op, ctx, session)
    else:
        art = _article(statute, op.article, ctx)
        if art.get(ld("unknown")) == "article" and not op.kind.whole_article:
            return  # a part of a text that is not in the corpus is not in the corpus either (see `timeline`)
        _APPLY[op.kind](_Target(statute, art, op, ctx, state or _ItemState(), session))
        renumber_article(art)
    if own and session.pending:
        finish(statute, session)


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


def _replace_term_everywhere(statute: Statute, op: Operation, ctx: Context) -> None:
    """将本法中的“A”修改为“B”: in every article where the term occurs (at least one)."""
    found = False
    for art in statute.body.iter(akn("article")):
        if op.old_term and op.old_term in "".join(art.itertext()):
            _replace_term(_Target(statute, art, op, ctx, _ItemState()))
            found = True
    if not found:
        raise ctx.fail(f"the term “{op.old_term}” does not occur in {statute.title}")


def _replace_preamble(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """将引言修改为 (or 增加引言: a text without one gets one, before its body)."""
    preamble = statute.act.find("a:preamble", NS)
    if preamble is None:
        if not op.new_text:
            raise ctx.fail(f"{statute.title} has no preamble (引言) to replace")
        preamble = etree.Element(akn("preamble"))
        statute.body.addprevious(preamble)
    for child in list(preamble):
        preamble.remove(child)
    for text in op.new_text:
        etree.SubElement(preamble, akn("p")).text = text


def _delete_preamble(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """删去引言."""
    preamble = statute.act.find("a:preamble", NS)
    if preamble is None:
        raise ctx.fail(f"{statute.title} has no preamble (引言) to delete")
    statute.act.remove(preamble)


def _replace_title(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """将名称修改为 / 将名称中的“A”修改为“B”: the title, and the work's title alias with it."""
    title = statute.act.find("a:preface/a:longTitle/a:p/a:docTitle", NS)
    old = text_of(title)
    if op.new_text:
        new = op.new_text[0]
    else:
        if not op.old_term or op.old_term not in old:
            raise ctx.fail(f"the term “{op.old_term}” does not occur in the title 《{old}》")
        new = old.replace(op.old_term, op.new_term or "")
    for child in list(title):
        title.remove(child)
    title.text = new
    for alias in statute.act.xpath("a:meta/a:identification/a:FRBRWork/a:FRBRalias[@name='title']", namespaces=NS):
        alias.set("value", new)


def _renumber_all(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """条文顺序作相应调整: recorded, done by `finish`."""
    session.renumber = True  # 条文顺序作相应调整: at the end, when every item has named articles as they were


def renumber_all(statute: Statute) -> dict[str, str]:
    """Renumber every article 1, 2, 3 … in order (条文顺序作相应调整): deleted articles go, 之N articles take
    ordinary numbers, headings are renumbered within the one above them. Return the map of old article eIds to
    new ones, for re-anchoring references."""
    return finish(statute, Session(renumber=True))


# --- what changes the numbering: recorded, then done at the end ----------------------------------------


def _add_numbered_article(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """增加一条，作为第五十八条: an article that is the 58th once renumbered (placed by `finish`)."""
    number = numbering.ArticleNumber.parse(op.new_article or "")
    after = _article(statute, op.article, ctx) if op.article else None
    within = None
    if op.within:
        within = statute.find(op.within)
        if within is None or not outline.is_heading(within):
            raise ctx.fail(f"{_heading_label(op.within)} does not exist in the base text")
    if not op.new_text:
        raise ctx.fail(f"no text for the new {number.label}")
    el = build_article(number.key, list(op.new_text), ctx.path or "<instrument>")
    session.articles.append(_NewArticle(el, number.base, after, within, ctx))


def _renumber_moved_article(t: _Target) -> None:
    """将第十条改为第十一条: the article takes that number (and place) once renumbered."""
    if t.art.get("status") == "removed":
        raise t.ctx.fail(f"{t.label} was deleted: it cannot become 第{numbering.to_chinese(t.op.new_number or 1)}条")
    if any(el is t.art for el, _, _ in t.session.moved):
        raise t.ctx.fail(f"{t.label} is renumbered twice")
    t.session.moved.append((t.art, t.op.new_number or 0, t.ctx))


def _heading_label(eid: str) -> str:
    """Return how a heading is cited from its eId: chp_2__sec_1 → 第二章第一节."""
    words = {numbering.CONTAINER_PREFIX[kind]: word for word, kind in numbering.CONTAINER_WORDS.items()}
    out = ""
    for part in eid.split("__"):
        prefix, _, n = part.rpartition("_")
        out += f"第{numbering.to_chinese(int(n))}{words.get(prefix, '')}" if n.isdigit() else part
    return out


def _find_heading(statute: Statute, op: Operation, ctx: Context) -> etree._Element:
    """Return the heading an operation names: by its eId, or by its words (a heading without a number; failing
    that, a line of the text printed as one, such as 三、技术转让合同 under an article)."""
    if op.article and op.old_term is None:
        el = statute.find(op.article)
        if el is None or not outline.is_heading(el):
            raise ctx.fail(f"{_heading_label(op.article)} does not exist in the base text")
        return el
    words = op.old_term or ""
    found = [el for el in statute.body.iter(*(akn(k) for k in ("book", "part", "chapter", "section", "hcontainer")))
             if outline.is_heading(el) and outline.Entry(el, 0).label == words]
    if op.article:  # 第十条前的标题“…”: the one of those the article follows
        found = [el for el in found if _next_article(el) == op.article]
    if not found and not op.article:  # a heading printed as a line of text
        found = [p for p in statute.body.iter(akn("p")) if text_of(p) == words]
    if len(found) != 1:
        raise ctx.fail(f"{'no' if not found else len(found)} heading(s) “{words}” in the base text (expected one)")
    return found[0]


def _next_article(heading: etree._Element) -> str | None:
    """Return the eId of the first article printed after a heading, or None."""
    for el in heading.iterdescendants(akn("article")):
        return el.get("eId")
    for el in heading.itersiblings():
        if el.tag == akn("article"):
            return el.get("eId")
        for art in el.iter(akn("article")):
            return art.get("eId")
    parent = heading.getparent()
    return _next_article(parent) if parent is not None and outline.is_heading(parent) else None


def _replace_heading(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """将第二章的章名修改为“…” / 将“三、技术转让合同”修改为“…”: the heading's words and the lines under it."""
    el = _find_heading(statute, op, ctx)
    if not op.new_text:
        raise ctx.fail("no new words for the heading")
    if el.tag == akn("p"):  # a heading printed as a line of text
        el.text = op.new_text[0]
        for child in list(el):
            el.remove(child)
        return
    words = op.new_text[0]
    num = text_of(el.find(akn("num")))
    m = outline.HEADING_LINE.match(words)
    if num and m and m.group(1) == num:
        words = m.group(3)
    heading = el.find(akn("heading"))
    if heading is None:
        heading = etree.Element(akn("heading"))
        if num:
            el.find(akn("num")).addnext(heading)
        else:
            el.insert(0, heading)
    for child in list(heading):
        heading.remove(child)
    heading.text = words
    for own in (el.find(akn("intro")), el.find(akn("content"))):
        if own is not None:
            el.remove(own)
    if op.new_text[1:]:
        own = etree.Element(akn("content"))
        for text in op.new_text[1:]:
            etree.SubElement(own, akn("p")).text = text
        heading.addnext(own)
        outline._lines_as_lead_in(el)


def _delete_heading(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """删去第二章的章名: the heading goes; what it held now follows the heading before it."""
    el = _find_heading(statute, op, ctx)
    if el.tag == akn("p"):
        raise ctx.fail(f"“{op.old_term}” is a line of text, not a heading")
    for child in list(el):
        if outline._structural(child):
            el.addprevious(child)
    el.getparent().remove(el)


def _insert_heading(statute: Statute, op: Operation, ctx: Context, session: Session) -> None:
    """在修改后的第X条前增加一章，作为第Y章: a heading before the article numbered X once renumbered."""
    if not op.new_text:
        raise ctx.fail("no words for the new heading")
    used = {el.get("eId") for el in statute.body.iter(akn("hcontainer"))}
    n = len(used) + 1
    while f"hcontainer_{n}" in used:
        n += 1
    entry = outline.build_heading(op.new_text[0], list(op.new_text[1:]), f"hcontainer_{n}")
    session.headings.append((entry, numbering.ArticleNumber.parse(op.new_article or "0").base, ctx))


def finish(statute: Statute, session: Session) -> dict[str, str]:
    """Put the articles in their final order and renumber them, their paragraphs and points and the headings
    (see the module docstring); return the map of old article eIds to new ones. Deleted articles drop out.

    Raise OperationError, naming the instrument and item, where the numbers given do not fit together: two
    articles given one number, a number beyond the last article, an article outside the heading it is added
    under."""
    entries = outline.flatten(statute.body)
    headings = [e for e in entries if e.heading]
    survivors = [e for e in entries if not e.heading and e.el.get("status") != "removed"]
    total = len(survivors) + len(session.articles)
    pinned: dict[int, tuple[etree._Element, Context]] = {}
    for el, number, ctx in [*((a.el, a.number, a.ctx) for a in session.articles), *session.moved]:
        label = f"第{numbering.to_chinese(number)}条" if 1 <= number <= numbering.MAX_NUMBER else str(number)
        if not 1 <= number <= total:
            raise ctx.fail(f"{label}: once renumbered the text has {total} articles")
        if number in pinned:
            raise ctx.fail(f"two articles would be {label} once renumbered")
        pinned[number] = (el, ctx)
    moved = {id(el) for el, _, _ in session.moved}
    free = iter([e.el for e in survivors if id(e.el) not in moved])
    order = [pinned[i][0] if i in pinned else next(free) for i in range(1, total + 1)]
    position = {id(el): i for i, el in enumerate(order, 1)}
    # A heading opens before the first article after it that keeps its place.
    anchors: dict[int, int] = {}
    upcoming = total + 1
    for entry in reversed(entries):
        if entry.heading:
            anchors[id(entry.el)] = upcoming
        elif id(entry.el) in position and id(entry.el) not in moved:
            upcoming = position[id(entry.el)]
    _place_new_articles(session, headings, anchors, position)
    new_headings = [(entry, number) for entry, number, _ in session.headings]
    for entry, number, ctx in session.headings:
        if not 1 <= number <= total + 1:
            raise ctx.fail(f"the new heading {entry.label} stands before 第{numbering.to_chinese(number)}条, but once "
                           f"renumbered the text has {total} articles")
    _inherit_levels(entries, new_headings)
    # Headings opening before the same article: the higher ranks first (编 before 章 before 节); of one rank, the
    # new before those that were there (an old heading still there holds none of the articles before it).
    before: dict[int, list[tuple[int, int, int, outline.Entry]]] = {}
    for order_key, entry in enumerate(headings):
        before.setdefault(anchors[id(entry.el)], []).append((entry.rank or 5, 1, order_key, entry))
    for order_key, (entry, number) in enumerate(new_headings):
        before.setdefault(number, []).append((entry.rank or 5, 0, order_key, entry))
    flat: list[outline.Entry] = []
    by_el = {id(e.el): e for e in entries}
    for i in range(1, total + 2):
        flat += [entry for *_, entry in sorted(before.get(i, []), key=lambda x: x[:3])]
        if i <= total:
            flat.append(by_el.get(id(order[i - 1])) or outline.Entry(order[i - 1]))
    outline.rebuild(statute.body, flat)
    return outline.renumber(statute.body)


def _place_new_articles(session: Session, headings: list[outline.Entry], anchors: dict[int, int],
                        position: dict[int, int]) -> None:
    """Move the headings' anchors so that each new article is under the heading it belongs to: the one it is added
    under (在第三章中), that of the article it follows (在第X条后), or else that of the article before it."""
    for new in sorted(session.articles, key=lambda a: a.number):
        at = new.number
        if new.within is not None:
            start = anchors[id(new.within)]
            end = _end_of(new.within, headings, anchors)
            where = f"第{numbering.to_chinese(at)}条 cannot be under {outline.Entry(new.within, 0).label}"
            if at < start:
                if any(start > anchors[id(h.el)] > at for h in headings):
                    raise new.ctx.fail(f"{where}: other headings stand between")
                index = next(i for i, h in enumerate(headings) if h.el is new.within)
                for h in headings[:index + 1]:  # with it, the headings opening where it opened (its chapter…)
                    if anchors[id(h.el)] == start:
                        anchors[id(h.el)] = at
            elif at > end:
                raise new.ctx.fail(f"{where}: once renumbered it holds 第{numbering.to_chinese(start)}条 to "
                                   f"第{numbering.to_chinese(end)}条")
            continue
        if at == 1:
            continue
        first = position[id(new.after)] + 1 if new.after is not None else at
        for h in headings:  # headings that would separate the new article from the one before it
            if first <= anchors[id(h.el)] <= at:
                anchors[id(h.el)] = at + 1


def _end_of(container: etree._Element, headings: list[outline.Entry], anchors: dict[int, int]) -> int:
    """Return the last article position under a heading: before the next heading of its rank or above."""
    entry = next(h for h in headings if h.el is container)
    later = headings[headings.index(entry) + 1:]
    ends = [anchors[id(h.el)] for h in later if (h.rank is not None and entry.rank is not None and h.rank <= entry.rank)
            or (h.rank is None and entry.rank is None)]
    return (min(ends) if ends else 10**6) - 1


def _inherit_levels(entries: list[outline.Entry], new: list[tuple[outline.Entry, int]]) -> None:
    """Give new headings the number of ``#`` the law prints headings of their kind with (a kind it has none of:
    one more than the nearest kind above it, or ``##``)."""
    levels: dict[int | None, int] = {}
    for entry in entries:
        if entry.heading:
            levels.setdefault(entry.rank, entry.level or 0)
    for entry, _ in sorted(new, key=lambda pair: pair[0].rank or 5):
        if entry.rank not in levels:
            above = [rank for rank in levels if rank is not None and entry.rank is not None and rank < entry.rank]
            levels[entry.rank] = levels[max(above)] + 1 if above else 2
        entry.level = levels[entry.rank]


#: How each kind of operation on the whole law is applied.
_ON_LAW: dict[OpKind, Callable[[Statute, Operation, Context, Session], None]] = {
    OpKind.REPLACE_PREAMBLE: _replace_preamble, OpKind.DELETE_PREAMBLE: _delete_preamble,
    OpKind.REPLACE_TITLE: _replace_title, OpKind.RENUMBER_ALL: _renumber_all,
    OpKind.REPLACE_HEADING: _replace_heading, OpKind.INSERT_HEADING: _insert_heading,
    OpKind.DELETE_HEADING: _delete_heading,
}

#: How each kind of operation on an article is applied (the kinds on the whole law: `_ON_LAW`).
_APPLY: dict[OpKind, Callable[[_Target], None]] = {
    OpKind.INSERT_ARTICLE: _insert_article, OpKind.REPLACE_ARTICLE: _replace_article,
    OpKind.DELETE_ARTICLE: _delete_article, OpKind.REPLACE_PARAGRAPHS: _replace_paragraphs,
    OpKind.INSERT_PARAGRAPHS: _insert_paragraphs, OpKind.DELETE_PARAGRAPHS: _delete_paragraphs,
    OpKind.RENUMBER_PARAGRAPH: _renumber_paragraph, OpKind.REPLACE_POINT: _replace_point,
    OpKind.INSERT_POINT: _insert_point, OpKind.DELETE_POINT: _delete_point, OpKind.RENUMBER_POINT: _renumber_point,
    OpKind.REPLACE_TERM: _replace_term, OpKind.RENUMBER_ARTICLE: _renumber_moved_article,
}


def apply_item(statute: Statute, item: Item, ctx: Context, session: Session | None = None) -> None:
    """Apply the operations of one item in order, in place; what changes the numbering is recorded in ``session``
    for `finish` (without one, it is done when the item ends)."""
    own = session is None
    session = session or Session()
    state = _ItemState()
    for op in item.operations:
        apply_operation(statute, op, ctx, state, session)
    if own and session.pending:
        finish(statute, session)


__all__ = ["Context", "Session", "apply_item", "apply_operation", "finish", "renumber_all"]
