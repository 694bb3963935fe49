"""Every version of every article: the consolidation and the instruments, replayed backwards and checked forwards.

The corpus holds the Criminal Law only as consolidated through Amendment XI, plus the text of each
amending instrument. The versions before each instrument are derived backwards from the
consolidation: an article an instrument inserted did not exist before it; a paragraph an instrument
replaced had, before, the text an earlier instrument gave it — or, where no instrument in the corpus
did (the 1997 text), a text that is recorded as *not in corpus* (`operations.UNKNOWN`), never invented.

The derivation is then checked by replaying every instrument forwards with `operations` on the
derived versions: each must reproduce the next version exactly (`Timeline.verify`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED, UNKNOWN, build_article, build_paragraphs, renumber_article
from lawdiff.akn.frbr import set_expression_date
from lawdiff.akn.model import NS, Provision, Statute, akn, ld, text_of
from lawdiff.amending.instrument import apply_instrument
from lawdiff.errors import LawdiffError, OperationError
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind

#: The 1997 revision took effect on 1997-10-01 (Article 452); earlier texts are not in the corpus.
REVISION_IN_FORCE = dt.date(1997, 10, 1)


# --- inverting an item ---------------------------------------------------------------------


@dataclass
class _Para:
    """A paragraph of a derived version: its lead-in and points (None where not determined)."""

    lead: str | None
    points: list[str | None] = field(default_factory=list)

    def blocks(self) -> list[str]:
        out = [UNKNOWN if self.lead is None else self.lead]
        out += [numbering.point_num(i) + (UNKNOWN if p is None else p) for i, p in enumerate(self.points, 1)]
        return out


def _read_paras(article: etree._Element) -> list[_Para]:
    out = []
    for para in article.findall(akn("paragraph")):
        prov = Provision(para)
        lead = prov.own_text
        out.append(_Para(None if lead == UNKNOWN else lead,
                         [None if pt.own_text == UNKNOWN else pt.own_text for pt in prov.points()]))
    return out


def _new_count(op: Operation) -> int:
    """Return how many paragraphs an operation's new text makes."""
    return len(build_paragraphs("art_0", list(op.new_text))) if op.new_text else 0


def _unknown_article(key: str) -> etree._Element:
    art = build_article(key, [UNKNOWN])
    art.set(ld("unknown"), "article")
    return art


def _invert_points(after: list[str | None], ops: list[Operation]) -> list[str | None]:
    """Return the points of a paragraph before point operations, given the points after them."""
    inserted = sum(len(op.new_text) for op in ops if op.kind is OpKind.INSERT_POINT)
    deleted = sum(1 for op in ops if op.kind is OpKind.DELETE_POINT)
    count = len(after) - inserted + deleted
    tokens: list[tuple[str, int]] = [("orig", i) for i in range(1, count + 1)]
    replaced: set[int] = set()
    for j, op in enumerate(ops):
        n = op.point or 0
        if op.kind is OpKind.INSERT_POINT:
            for k in range(len(op.new_text)):
                tokens.insert(n - 1 + k, ("new", j))
        elif op.kind is OpKind.DELETE_POINT:
            tokens.remove(("orig", n))
        elif op.kind is OpKind.REPLACE_POINT:
            replaced.add(n)
        elif op.kind is OpKind.RENUMBER_POINT:
            tokens.remove(("orig", n))
            tokens.insert((op.new_number or 0) - 1, ("orig", n))
            if op.new_text:
                replaced.add(n)
    if len(tokens) != len(after):
        raise OperationError(f"cannot derive the earlier points: {len(after)} after, {len(tokens)} derived")
    return [None if i in replaced or ("orig", i) not in tokens else after[tokens.index(("orig", i))]
            for i in range(1, count + 1)]


def _invert_article(after: etree._Element, key: str, ops: list[Operation]) -> etree._Element | None:
    """Return the article as it was before the operations (None if it did not exist)."""
    if any(op.kind is OpKind.INSERT_ARTICLE and op.new_article == key for op in ops):
        return None
    if any(op.kind in (OpKind.REPLACE_ARTICLE, OpKind.DELETE_ARTICLE) for op in ops):
        return _unknown_article(key)
    if after.get(ld("unknown")) == "article":
        return _unknown_article(key)
    paras = _read_paras(after)
    inserted = sum(_new_count(op) for op in ops if op.kind is OpKind.INSERT_PARAGRAPHS)
    deleted = sum(len(op.paragraphs) for op in ops if op.kind is OpKind.DELETE_PARAGRAPHS)
    count = len(paras) - inserted + deleted
    tokens: list[tuple[str, int]] = [("orig", i) for i in range(1, count + 1)]
    replaced: set[int] = set()
    point_ops: dict[int, list[Operation]] = {}
    terms: dict[int, list[Operation]] = {}
    for j, op in enumerate(ops):
        if op.kind is OpKind.REPLACE_PARAGRAPHS:
            replaced.update(op.paragraphs)
        elif op.kind is OpKind.INSERT_PARAGRAPHS:
            for k in range(_new_count(op)):
                tokens.insert(op.paragraphs[0] - 1 + k, ("new", j))
        elif op.kind is OpKind.DELETE_PARAGRAPHS:
            for n in op.paragraphs:
                tokens.remove(("orig", n))
        elif op.kind is OpKind.RENUMBER_PARAGRAPH:
            n = op.paragraphs[0]
            tokens.remove(("orig", n))
            tokens.insert((op.new_number or 0) - 1, ("orig", n))
            if op.new_text:
                replaced.add(n)
        elif op.kind.on_points:
            n = op.paragraphs[0] if op.paragraphs else _paragraph_with_points(paras, tokens)
            point_ops.setdefault(n, []).append(op)
        elif op.kind is OpKind.REPLACE_TERM:
            for n in op.paragraphs or range(1, count + 1):
                terms.setdefault(n, []).append(op)
    if len(tokens) != len(paras) or count < 0:
        raise OperationError(f"cannot derive the earlier text of {numbering.article_label(key)}: {len(paras)} "
                             f"paragraph(s) after, {len(tokens)} derived")
    before: list[_Para] = []
    for i in range(1, count + 1):
        if i in replaced or ("orig", i) not in tokens:  # replaced or deleted: its earlier text is not known
            before.append(_Para(None))
            continue
        src = paras[tokens.index(("orig", i))]
        para = _Para(src.lead, list(src.points))
        if i in point_ops:
            para.points = _invert_points(para.points, point_ops[i])
        for op in reversed(terms.get(i, [])):
            para.lead = para.lead.replace(op.new_term or "", op.old_term or "") if para.lead else para.lead
            para.points = [p.replace(op.new_term or "", op.old_term or "") if p else p for p in para.points]
        before.append(para)
    article = build_article(key, [b for p in before for b in p.blocks()])
    return article


def _paragraph_with_points(paras: list[_Para], tokens: list[tuple[str, int]]) -> int:
    with_points = [q for q, p in enumerate(paras) if p.points]
    if len(with_points) != 1 or tokens[with_points[0]][0] != "orig":
        raise OperationError("cannot tell which paragraph a point instruction addresses")
    return tokens[with_points[0]][1]


def touched(item: Item) -> dict[str, list[Operation]]:
    """Return the operations of an item grouped by the article they change (new articles by their own key)."""
    out: dict[str, list[Operation]] = {}
    for op in item.operations:
        key = op.target
        if op.kind.on_whole_law:
            raise OperationError(f"item {item.label}: {op.kind} cannot be replayed backwards")
        out.setdefault(key or "", []).append(op)
    return out


def invert_instrument(after: Statute, instrument: Instrument) -> Statute:
    """Return the statute as it stood before the instrument, derived from the statute after it."""
    before = after.copy()
    for item in reversed(instrument.items):
        for key, ops in touched(item).items():
            el = before.find(numbering.ArticleNumber.parse(key).eid)
            if el is None:
                raise OperationError(f"《{instrument.title}》 item {item.label}: {numbering.article_label(key)} is "
                                     "not in the later text")
            old = _invert_article(el, key, ops)
            if old is None:
                el.getparent().remove(el)
            else:
                el.getparent().replace(el, old)
                renumber_article(old)
    return before


# --- the timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One version of an article: the text in force over a period, and where it came from."""

    start: dt.date | None  # None: from before the corpus begins (the 1997 revision)
    end: dt.date | None  # last day in force; None: in force now
    blocks: tuple[str, ...] | None  # None: the article was not in force
    instrument: str | None  # title of the instrument that made this version (None: the 1997 text)
    item: str | None  # the item(s) of that instrument, e.g. "七"

    @property
    def in_force(self) -> bool:
        return self.blocks is not None

    @property
    def determined(self) -> bool:
        """Return False where any of the text is not in the corpus."""
        return self.blocks is not None and not any(UNKNOWN in b for b in self.blocks)

    @property
    def removed(self) -> bool:
        return self.blocks is not None and len(self.blocks) == 1 and self.blocks[0].endswith(" " + REMOVED)


class Dated(Protocol):
    """Anything in force over a period: a `Version`, or a view of one."""

    @property
    def start(self) -> dt.date | None: ...
    @property
    def end(self) -> dt.date | None: ...


D = TypeVar("D", bound=Dated)


def in_force_on(versions: Iterable[D], date: dt.date) -> D | None:
    """Return the version in force on a date — its period holds the date, a start of None standing for "from before
    the corpus begins", an end of None for "still in force" — or None when none is."""
    return next((v for v in versions if (v.start is None or v.start <= date) and (v.end is None or date <= v.end)),
                None)


@dataclass
class VerifyReport:
    """What `Timeline.verify` found."""

    instruments: int = 0
    operations: int = 0
    checked: int = 0  # (instrument item, article) changes replayed
    agreeing: int = 0  # replayed exactly, fully determined text
    undetermined: int = 0  # replayed exactly, but part of the text is not in the corpus
    consolidated_checked: int = 0  # whole-article texts set by an instrument and not changed again later
    consolidated_agreeing: int = 0  # … equal to the consolidated text
    disagreements: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.disagreements


@dataclass
class Timeline:
    """The versions of a statute between instruments: ``states[0]`` before the first, ``states[k]`` after the k-th."""

    instruments: list[Instrument]
    states: list[Statute]
    # The states are not changed once built, so each article's versions are worked out once.
    _versions: dict[str, list[Version]] = field(default_factory=dict, repr=False, compare=False)

    def state_at(self, date: dt.date) -> tuple[int, Statute] | None:
        """Return (index, statute) in force on a date, or None before the 1997 revision took effect."""
        if date < REVISION_IN_FORCE:
            return None
        index = 0
        for k, ins in enumerate(self.instruments, 1):
            if ins.in_force and ins.in_force <= date:
                index = k
        return index, self.states[index]

    def article_blocks(self, index: int, key: str) -> tuple[str, ...] | None:
        el = self.states[index].find(numbering.ArticleNumber.parse(key).eid)
        if el is None:
            return None
        from lawdiff.akn.blocks import article_blocks

        return tuple(article_blocks(Provision(el)))

    def seed_versions(self, versions: dict[str, list[Version]]) -> None:
        """Take the versions of articles as derived earlier from the same statute and instruments (a build's cache)."""
        for key, found in versions.items():
            self._versions.setdefault(key, list(found))

    def versions(self, key: str) -> list[Version]:
        """Return the versions of an article, oldest first (adjacent identical states merged)."""
        if key not in self._versions:
            self._versions[key] = self._derive_versions(key)
        return list(self._versions[key])

    def _derive_versions(self, key: str) -> list[Version]:
        out: list[Version] = []
        for k in range(len(self.states)):
            blocks = self.article_blocks(k, key)
            start = REVISION_IN_FORCE if k == 0 else self.instruments[k - 1].in_force
            if out and out[-1].blocks == blocks:
                continue
            ins = self.instruments[k - 1] if k else None
            items = [item.label for item in ins.items if key in touched(item)] if ins else []
            if out:
                prev = out[-1]
                out[-1] = Version(prev.start, start - dt.timedelta(days=1) if start else None, prev.blocks,
                                  prev.instrument, prev.item)
            out.append(Version(start, None, blocks, ins.title if ins else None, "、".join(items) or None))
        return out

    def changes(self, key: str) -> list[tuple[Instrument, Item]]:
        """Return every (instrument, item) that changed an article, in order."""
        return [(ins, item) for ins in self.instruments for item in ins.items if key in touched(item)]

    def verify(self) -> VerifyReport:
        """Check the timeline: (a) every article text an instrument sets equals the consolidated text unless a
        later instrument changed it again; (b) replaying every instrument forwards on the derived version before
        it reproduces the version after it, exactly, for every article."""
        report = VerifyReport(instruments=len(self.instruments))
        final = self.states[-1]
        for k, ins in enumerate(self.instruments, 1):
            replayed = apply_instrument(self.states[k - 1], ins)
            expected = self.states[k]
            later = {key for other in self.instruments[k:] for item in other.items for key in touched(item)}
            for item in ins.items:
                report.operations += len(item.operations)
                for key, ops in touched(item).items():
                    report.checked += 1
                    want, got = _blocks_of(expected, key), _blocks_of(replayed, key)
                    where = f"《{ins.title}》 item {item.label or item.number}: {numbering.article_label(key)}"
                    if got != want:
                        report.disagreements.append(f"{where}: replaying the instrument does not give the next version")
                    elif want is not None and any(UNKNOWN in b for b in want):
                        report.undetermined += 1
                    else:
                        report.agreeing += 1
                    whole = [op for op in ops if op.kind in (OpKind.REPLACE_ARTICLE, OpKind.INSERT_ARTICLE)]
                    if whole and key not in later:
                        report.consolidated_checked += 1
                        consolidated = _blocks_of(final, key)
                        if consolidated is not None and tuple(_without_num(consolidated)) == whole[-1].new_text:
                            report.consolidated_agreeing += 1
                        else:
                            report.disagreements.append(f"{where}: the text it sets differs from the consolidated "
                                                        "text, and no later instrument changed it")
            if _body_lines(replayed) != _body_lines(expected):
                report.disagreements.append(f"《{ins.title}》: provisions it does not touch differ after replaying it")
        return report

    def blame(self, key: str) -> list[tuple[str, Instrument | None, Item | None]]:
        """Return each block (paragraph or point) of the article's current text with the instrument and item that
        introduced it (None, None: the text of the 1997 revision, unchanged since)."""
        current = _blocks_of(self.states[-1], key)
        if current is None:
            raise LawdiffError(f"{numbering.article_label(key)} is not in the current text")
        out = []
        for i, block in enumerate(_without_num(current)):
            origin: tuple[Instrument | None, Item | None] = (None, None)
            for k in range(len(self.states) - 1, 0, -1):
                earlier = _blocks_of(self.states[k - 1], key)
                if earlier is None or block not in _without_num(earlier):
                    ins = self.instruments[k - 1]
                    items = [item for item in ins.items if key in touched(item)]
                    origin = (ins, items[0] if items else None)
                    break
            out.append((current[i], *origin))
        return out


def _without_num(blocks: tuple[str, ...]) -> list[str]:
    """Return an article's blocks with the article number taken off the first (``第X条 text`` → ``text``)."""
    first = blocks[0].split(" ", 1)
    return [first[1] if len(first) > 1 else "", *blocks[1:]]


def _blocks_of(statute: Statute, key: str) -> tuple[str, ...] | None:
    from lawdiff.akn.blocks import article_blocks

    el = statute.find(numbering.ArticleNumber.parse(key).eid)
    return None if el is None else tuple(article_blocks(Provision(el)))


def _body_lines(statute: Statute) -> list[str]:
    from lawdiff.akn.blocks import article_blocks

    return [b for art in statute.articles() for b in article_blocks(art)]


def build_timeline(consolidated: Statute, instruments: list[Instrument]) -> Timeline:
    """Return the timeline: the consolidation is the state after the last instrument, earlier states derived."""
    ordered = sorted(instruments, key=lambda i: (i.adopted or dt.date.min))
    if not ordered:
        raise LawdiffError("no amending instruments to build a timeline from")
    states = [consolidated]
    for ins in reversed(ordered):
        states.insert(0, invert_instrument(states[0], ins))
    # Forwards, what each instrument itself says fills what the later text could not tell: the Amendment VII
    # text of 253-1, replaced by Amendment IX, is known from Amendment VII, and stays known until IX.
    for k, ins in enumerate(ordered, 1):
        states[k] = _fill_unknown(states[k], apply_instrument(states[k - 1], ins))
    for k, state in enumerate(states[:-1]):
        _date_state(state, ordered[k].adopted if k < len(ordered) else None, consolidated)
    return Timeline(ordered, states)


def _date_state(state: Statute, before: dt.date | None, consolidated: Statute) -> None:
    """Give a derived version the header and expression date of the law as it stood just before ``before``."""
    from lawdiff.importing.markdown import parse_date

    history = state.act.find("a:preface/a:container[@name='history']", NS)
    kept = [p for p in history if (parse_date(text_of(p)) or dt.date.min) < (before or dt.date.max)]
    for p in list(history):
        if p not in kept:
            history.remove(p)
    last = parse_date(text_of(kept[-1])) if kept else None
    if last:
        set_expression_date(state, last)


def _fill_unknown(derived: Statute, replayed: Statute) -> Statute:
    """Return ``derived`` with every article or paragraph not in corpus taken from ``replayed`` where known there."""
    result = derived.copy()
    for mine in result.root.xpath("//a:article[.//a:p[contains(., $u)]]", namespaces=NS, u=UNKNOWN):
        theirs = replayed.find(mine.get("eId"))
        if theirs is None or theirs.get(ld("unknown")) == "article":
            continue
        if mine.get(ld("unknown")) == "article":
            mine.getparent().replace(mine, copy.deepcopy(theirs))
            continue
        mine_paras, their_paras = mine.findall(akn("paragraph")), theirs.findall(akn("paragraph"))
        if len(mine_paras) != len(their_paras):
            continue  # structures disagree: left for `verify` to report
        for a, b in zip(mine_paras, their_paras, strict=True):
            if UNKNOWN in Provision(a).text and UNKNOWN not in Provision(b).text:
                a.getparent().replace(a, copy.deepcopy(b))
    return result


def header_history(statute: Statute) -> list[str]:
    return [text_of(p) for p in statute.act.xpath("a:preface/a:container[@name='history']/a:p", namespaces=NS)]
