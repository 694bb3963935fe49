"""Every version of every article: the consolidation and the instruments, replayed backwards and checked forwards.

The corpus holds the law as consolidated on a date (for the Criminal Law: through Amendment XII, and an earlier
consolidation through XI) and the text of each amending instrument. The versions before each instrument are derived
backwards from the latest consolidation: an article an instrument inserted did not exist before it; a paragraph an
instrument replaced had, before, the text an earlier instrument gave it, the text an earlier consolidation prints
(an *anchor*: the official text of its date), or — where neither does (the 1997 text) — a text recorded as *not in
corpus* (`UNKNOWN`), never invented. Forwards, each instrument's own words fill what the later text could not tell,
even where the rest of the article is not in the corpus: a paragraph an instrument set in an article otherwise
unknown is a *partial* version (its other paragraphs, and any further ones, not in the corpus).

Instruments the law's header lists but the corpus does not hold (`sources.MissingInstrument`) are events of the
timeline too: the articles the corpus shows they changed are not in the corpus before them; for the others the text
before them is the later one, which they *may* have changed (`Timeline.uncertain`).

The known text begins when the law says its base text took effect (`sources.known_start`: for the Criminal Law,
Article 452, 1997-10-01); a law without instruments has that one version.

The derivation is checked by replaying every instrument forwards with `operations` on the derived versions: each
must reproduce the next version exactly (`Timeline.verify`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED, UNKNOWN, article_blocks, build_article, build_paragraphs, renumber_article
from lawdiff.akn.frbr import set_expression_date
from lawdiff.akn.model import NS, Provision, Statute, akn, ld, text_of
from lawdiff.amending.instrument import apply_instrument
from lawdiff.amending.sources import MissingInstrument, Start, known_start, missing_instruments
from lawdiff.errors import LawdiffError, OperationError
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind

#: ``ld:unknown`` of an article whose text is not in the corpus at all, and of one only partly in it: the paragraphs
#: shown hold text or `UNKNOWN`, and further paragraphs, if any, are not in the corpus either.
WHOLE, PARTIAL = "article", "partial"
#: Characters that open a consolidation's editorial note (① 刑法、历次刑法修正案…的施行日期…): not law text.
NOTE_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"

#: An event of the timeline: an instrument stored in statutes/, or one the header lists that the corpus lacks.
Event = Instrument | MissingInstrument


def effective(event: Event) -> dt.date:
    """Return the day an event changed the law: its entry into force (else its adoption)."""
    date = event.in_force or event.adopted
    if date is None:
        raise LawdiffError(f"《{event.title}》 states neither its adoption nor its entry into force")
    return date


def in_force_from(latest: Statute, instruments: Sequence[Instrument]) -> dt.date:
    """Return the day a law's latest text took effect: the entry into force of the last event of its timeline (an
    instrument stored, or one its header lists that the corpus lacks), else the day its base text did — the start
    of the current version of `Timeline`, without building the timeline."""
    ordered = sorted(instruments, key=lambda i: (i.adopted or dt.date.min))  # as `build_timeline` orders them
    events: list[Event] = sorted([*ordered, *missing_instruments(latest, {i.title for i in ordered})],
                                 key=lambda e: (e.adopted or dt.date.min))
    return effective(events[-1]) if events else known_start(latest).date


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
    art.set(ld("unknown"), WHOLE)
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
    if after.get(ld("unknown")) == WHOLE:
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
    if after.get(ld("unknown")) == PARTIAL:
        article.set(ld("unknown"), PARTIAL)
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


def invert_missing(after: Statute, instrument: MissingInstrument) -> Statute:
    """Return the statute as it stood before an instrument not in the corpus: the articles the corpus shows it
    changed (or may have changed) are not in the corpus; the others are taken as they are after it."""
    before = after.copy()
    for evidence in instrument.evidence:
        el = before.find(numbering.ArticleNumber.parse(evidence.article).eid)
        if el is not None:
            el.getparent().replace(el, _unknown_article(evidence.article))
    return before


#: The kinds an instrument can apply to an article whose text is not in the corpus, giving a partial version.
_ON_PARAGRAPHS = (OpKind.REPLACE_PARAGRAPHS, OpKind.INSERT_PARAGRAPHS, OpKind.REPLACE_TERM)


def _skeleton(key: str, ops: Sequence[Operation]) -> etree._Element | None:
    """Return the frame a paragraph instruction needs in an article not in the corpus — as many paragraphs not in
    the corpus as the instruction names (第三款: three), further ones left open — or None when the instruction
    cannot be placed in one (a point, a renumbering: what it works on is not in the corpus)."""
    if not any(op.kind in (OpKind.REPLACE_PARAGRAPHS, OpKind.INSERT_PARAGRAPHS) for op in ops) or \
            any(op.kind not in _ON_PARAGRAPHS for op in ops):
        return None
    needed = max([*(max(op.paragraphs) for op in ops if op.kind is OpKind.REPLACE_PARAGRAPHS),
                  *(op.paragraphs[0] - 1 for op in ops if op.kind is OpKind.INSERT_PARAGRAPHS)], default=0)
    article = build_article(key, [UNKNOWN] * max(needed, 1))
    article.set(ld("unknown"), PARTIAL)
    return article


def replay(before: Statute, instrument: Instrument) -> Statute:
    """Return the statute after an instrument, applied by `operations` to ``before``; an article not in the corpus
    that an item changes paragraph by paragraph gets the frame those paragraphs need first (`_skeleton`), so that
    what the item sets is known after it."""
    ops_by_article: dict[str, list[Operation]] = {}
    for item in instrument.items:
        for key, ops in touched(item).items():
            ops_by_article.setdefault(key, []).extend(ops)
    framed = before
    for key, ops in ops_by_article.items():
        el = framed.find(numbering.ArticleNumber.parse(key).eid)
        frame = _skeleton(key, ops) if el is not None and el.get(ld("unknown")) == WHOLE else None
        if frame is not None:
            framed = framed.copy() if framed is before else framed
            target = framed.find(numbering.ArticleNumber.parse(key).eid)
            assert target is not None
            target.getparent().replace(target, frame)
    return apply_instrument(framed, instrument)


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

    start: dt.date | None  # first day in force (the timeline's start for the earliest version)
    end: dt.date | None  # last day in force; None: in force now
    blocks: tuple[str, ...] | None  # None: the article did not exist (was not in force)
    instrument: str | None  # title of the instrument that made this version (None: the base text)
    item: str | None  # the item(s) of that instrument, e.g. "七"
    tail_unknown: bool = False  # the article may have further paragraphs after those shown, not in the corpus
    missing: MissingInstrument | None = None  # the instrument that made it, when it is not in the corpus

    @property
    def in_force(self) -> bool:
        return self.blocks is not None

    @property
    def determined(self) -> bool:
        """Return False where any of the text is not in the corpus."""
        return self.blocks is not None and not self.tail_unknown and not any(UNKNOWN in b for b in self.blocks)

    @property
    def known(self) -> bool:
        """Return True where some of the text is in the corpus (a partial version is known, not determined)."""
        return self.blocks is not None and not all(UNKNOWN in b for b in self.blocks)

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


@dataclass(frozen=True)
class Caveat:
    """An instrument not in the corpus that may have changed a version's text: before it (``before``: the text shown
    is the later one, carried back across it) or from it on (the text is known from an earlier instrument only)."""

    instrument: MissingInstrument
    before: bool

    def sentence(self) -> str:
        """Return the caveat as a sentence."""
        when = "before" if self.before else "from"
        return (f"The text may differ {when} {self.instrument.adopted}: 《{self.instrument.title}》, adopted then, is "
                "not in the corpus, and the corpus does not show whether it changed this article")


@dataclass(frozen=True)
class AnchorCheck:
    """How the version derived for a date compares with an earlier consolidation of the law the corpus holds."""

    date: dt.date  # the consolidation's expression date
    state: int  # the state it is the text of (index into `Timeline.states`)
    event_state: int  # … and into `Timeline.event_states`
    equal: int  # articles derived from the later text and equal to it
    filled: tuple[str, ...]  # articles whose text, not in the corpus otherwise, it gave (keys)
    differing: tuple[str, ...]  # articles derived from the later text that differ from it (keys)


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
    missing: list[MissingInstrument] = field(default_factory=list)  # instruments of the header not in the corpus
    not_replayed: int = 0  # article changes of those instruments (nothing to replay)
    anchors: list[AnchorCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # editorial notes of the consolidation left out of the versions
    disagreements: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.disagreements


@dataclass
class Timeline:
    """The versions of a statute between its events (instruments stored and instruments not in the corpus).

    ``states[0]`` is the base text, in force from ``start``; ``states[k]`` the text right after the k-th stored
    instrument took effect (the indexes of ``instruments``). ``events`` and ``event_states`` hold every event, the
    instruments not in the corpus included: ``event_states[j]`` is the text after ``events[j - 1]``.
    """

    instruments: list[Instrument]
    states: list[Statute]
    start: Start
    events: list[Event]
    event_states: list[Statute]
    anchors: list[AnchorCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The states are not changed once built, so each article's versions are worked out once, and what analyses
    # derive from a state (`analysis.applicable`: which articles set penalties for others) can be kept with it.
    _versions: dict[str, list[Version]] = field(default_factory=dict, repr=False, compare=False)
    memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def missing(self) -> list[MissingInstrument]:
        """Return the instruments the law's header lists that are not in the corpus, in order."""
        return [e for e in self.events if isinstance(e, MissingInstrument)]

    def event_index(self, date: dt.date) -> int | None:
        """Return the index into ``event_states`` of the text in force on a date (None: before the start)."""
        if date < self.start.date:
            return None
        index = 0
        for j, event in enumerate(self.events, 1):
            if effective(event) <= date:
                index = j
        return index

    def state_at(self, date: dt.date) -> tuple[int, Statute] | None:
        """Return (the number of stored instruments in force, the statute in force) on a date, or None before the
        known text starts."""
        j = self.event_index(date)
        if j is None:
            return None
        stored = sum(1 for e in self.events[:j] if isinstance(e, Instrument))
        return stored, self.event_states[j]

    def article_blocks(self, index: int, key: str) -> tuple[str, ...] | None:
        """Return an article's blocks after the ``index``-th stored instrument (0: the base text)."""
        return _blocks_of(self.states[index], key)

    def article_at(self, key: str, date: dt.date) -> Provision | None:
        """Return an article as in force on a date (None: not in force, or before the known text starts)."""
        state = self.state_at(date)
        el = state[1].find(numbering.ArticleNumber.parse(key).eid) if state else None
        return Provision(el) if el is not None else None

    def seed_versions(self, versions: dict[str, list[Version]]) -> None:
        """Take the versions of articles as derived earlier from the same statute and instruments (a build's cache)."""
        for key, found in versions.items():
            self._versions.setdefault(key, list(found))

    def versions(self, key: str) -> list[Version]:
        """Return the versions of an article, oldest first: a new version at every event that changed it (even
        where its text is not in the corpus before and after), adjacent identical states otherwise merged."""
        if key not in self._versions:
            self._versions[key] = self._derive_versions(key)
        return list(self._versions[key])

    def _derive_versions(self, key: str) -> list[Version]:
        out: list[Version] = []
        for j, state in enumerate(self.event_states):
            blocks, tail = _text_of(state, key)
            event = self.events[j - 1] if j else None
            start = effective(event) if event is not None else self.start.date
            if out and out[-1].blocks == blocks and out[-1].tail_unknown == tail and not _changes(event, key):
                continue
            if out:
                prev = out[-1]
                out[-1] = Version(prev.start, start - dt.timedelta(days=1), prev.blocks, prev.instrument, prev.item,
                                  prev.tail_unknown, prev.missing)
            if isinstance(event, Instrument):
                items = [item.label for item in event.items if key in touched(item)]
                out.append(Version(start, None, blocks, event.title, "、".join(items) or None, tail))
            elif isinstance(event, MissingInstrument):
                out.append(Version(start, None, blocks, event.title, None, tail, event))
            else:
                out.append(Version(start, None, blocks, None, None, tail))
        return out

    def changes(self, key: str) -> list[tuple[Instrument, Item]]:
        """Return every (instrument, item) of the stored instruments that changed an article, in order."""
        return [(ins, item) for ins in self.instruments for item in ins.items if key in touched(item)]

    def uncertain(self, key: str, date: dt.date) -> list[MissingInstrument]:
        """Return the instruments not in the corpus that may have changed the article's text shown for a date.

        A paragraph or point is certain on a date when an instrument's own words set it earlier and no instrument
        not in the corpus came in between, or when a consolidation prints it later and none came in between.
        Otherwise it was carried back from a later text across such an instrument, which the corpus cannot say
        did not change it: those instruments are returned (for articles the corpus shows they changed, the text
        before them is not in the corpus at all and nothing is returned).
        """
        j = self.event_index(date)
        if j is None:
            return []
        memo_key = ("event texts", key)
        if memo_key not in self.memo:  # the article's blocks in every state, read once per article
            self.memo[memo_key] = [_text_of(state, key)[0] or () for state in self.event_states]
        texts: list[tuple[str, ...]] = self.memo[memo_key]
        attested = {len(texts) - 1} | {a.event_state for a in self.anchors}
        found: list[MissingInstrument] = []
        for block in texts[j]:
            if UNKNOWN in block:
                continue
            first = j  # back to the state the block was set in
            while first > 0 and block in texts[first - 1]:
                first -= 1
            set_by_instrument = first > 0 and isinstance(self.events[first - 1], Instrument)
            since = [e for e in self.events[first:j] if isinstance(e, MissingInstrument)]
            if set_by_instrument and not since:
                continue
            last = j  # on to the first consolidation that prints it
            while last not in attested and last < len(texts) - 1 and block in texts[last + 1]:
                last += 1
            # A block no consolidation prints as it stands (a term an instrument replaced later) was carried back
            # from a later text too: every instrument not in the corpus after the date may have changed it.
            until = [e for e in self.events[j:last if last in attested else None] if isinstance(e, MissingInstrument)]
            if last in attested and not until:
                continue
            for event in until + (since if set_by_instrument else []):
                if event not in found:
                    found.append(event)
        return sorted(found, key=lambda e: e.adopted)

    def caveats(self, key: str, version: Version) -> list[Caveat]:
        """Return when, within a version's period, its text may differ because of an instrument not in the corpus
        (`uncertain`): before that instrument (the text was carried back across it) or from it on (the text is
        known from an earlier instrument's words only)."""
        if version.start is None or not version.known:
            return []
        inside = [m.adopted for m in self.missing if version.start < m.adopted and
                  (version.end is None or m.adopted <= version.end)]
        out: list[Caveat] = []
        for date in [version.start, *inside]:
            for m in self.uncertain(key, date):
                caveat = Caveat(m, before=m.adopted > date)
                if caveat not in out:
                    out.append(caveat)
        return out

    def verify(self) -> VerifyReport:
        """Check the timeline: (a) every article text an instrument sets equals the consolidated text unless a
        later instrument changed it again; (b) replaying every instrument forwards on the derived version before
        it reproduces the version after it, exactly, for every article; (c) an earlier consolidation agrees with
        the version derived for its date; (d) an instrument not in the corpus changed only the articles the corpus
        shows it changed."""
        report = VerifyReport(instruments=len(self.instruments), missing=self.missing, anchors=list(self.anchors),
                              notes=list(self.notes))
        final = self.event_states[-1]
        for j, event in enumerate(self.events):
            before, expected = self.event_states[j], self.event_states[j + 1]
            if isinstance(event, MissingInstrument):
                changed = {e.article for e in event.evidence}
                report.not_replayed += sum(1 for key in changed if _blocks_of(expected, key) is not None)
                if _body_lines(invert_missing(before, event)) != _body_lines(invert_missing(expected, event)):
                    report.disagreements.append(f"《{event.title}》 (not in the corpus): provisions the corpus does "
                                                "not show it changed differ before and after it")
                continue
            replayed = replay(before, event)
            later = {key for other in self.events[j + 1:] if isinstance(other, Instrument)
                     for item in other.items for key in touched(item)}
            for item in event.items:
                report.operations += len(item.operations)
                for key, ops in touched(item).items():
                    report.checked += 1
                    want, got = _text_of(expected, key), _text_of(replayed, key)
                    where = f"《{event.title}》 item {item.label or item.number}: {numbering.article_label(key)}"
                    if got != want:
                        report.disagreements.append(f"{where}: replaying the instrument does not give the next version")
                    elif want[0] is not None and (want[1] or any(UNKNOWN in b for b in want[0])):
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
                report.disagreements.append(f"《{event.title}》: provisions it does not touch differ after replaying "
                                            "it")
        for anchor in self.anchors:
            report.disagreements += [f"the consolidation of {anchor.date}: {numbering.article_label(key)} differs "
                                     "from the text derived for that date" for key in anchor.differing]
        return report

    def blame(self, key: str) -> list[tuple[str, Event | None, Item | None]]:
        """Return each block (paragraph or point) of the article's current text with the event that introduced it
        and, for a stored instrument, its item (None, None: the base text, unchanged since)."""
        current = _blocks_of(self.event_states[-1], key)
        if current is None:
            raise LawdiffError(f"{numbering.article_label(key)} is not in the current text")
        out = []
        for i, block in enumerate(_without_num(current)):
            origin: tuple[Event | None, Item | None] = (None, None)
            for j in range(len(self.event_states) - 1, 0, -1):
                earlier = _blocks_of(self.event_states[j - 1], key)
                if earlier is None or block not in _without_num(earlier):
                    event = self.events[j - 1]
                    items = [item for item in event.items if key in touched(item)] \
                        if isinstance(event, Instrument) else []
                    origin = (event, items[0] if items else None)
                    break
            out.append((current[i], *origin))
        return out


def _changes(event: Event | None, key: str) -> bool:
    """Return whether an event changed an article (an instrument's item names it; the corpus shows an instrument
    not in it changed it)."""
    if isinstance(event, Instrument):
        return any(key in touched(item) for item in event.items)
    if isinstance(event, MissingInstrument):
        return event.about(key) is not None
    return False


def _without_num(blocks: tuple[str, ...]) -> list[str]:
    """Return an article's blocks with the article number taken off the first (``第X条 text`` → ``text``)."""
    first = blocks[0].split(" ", 1)
    return [first[1] if len(first) > 1 else "", *blocks[1:]]


def _blocks_of(statute: Statute, key: str) -> tuple[str, ...] | None:
    el = statute.find(numbering.ArticleNumber.parse(key).eid)
    return None if el is None else tuple(article_blocks(Provision(el)))


def _text_of(statute: Statute, key: str) -> tuple[tuple[str, ...] | None, bool]:
    """Return an article's blocks and whether further paragraphs, not in the corpus, may follow them."""
    el = statute.find(numbering.ArticleNumber.parse(key).eid)
    if el is None:
        return None, False
    return tuple(article_blocks(Provision(el))), el.get(ld("unknown")) == PARTIAL


def _body_lines(statute: Statute) -> list[str]:
    return [b for art in statute.articles() for b in article_blocks(art)]


def build_timeline(consolidated: Statute, instruments: Sequence[Instrument],
                   earlier: Sequence[Statute] = ()) -> Timeline:
    """Return the timeline of a law: the latest consolidation is the text after the last event, earlier texts
    derived backwards, filled from the earlier consolidations (``earlier``) and forwards from each instrument's own
    words. A law without instruments has its one text, in force from the day the law says (`known_start`)."""
    ordered = sorted(instruments, key=lambda i: (i.adopted or dt.date.min))
    latest, notes = without_notes(consolidated)
    missing = missing_instruments(latest, {i.title for i in ordered})
    events: list[Event] = sorted([*ordered, *missing], key=lambda e: (e.adopted or dt.date.min))
    anchors = {_anchored_event(statute, events): without_notes(statute)[0] for statute in earlier}
    states = [latest]
    checks: list[tuple[int, AnchorCheck]] = []
    for j in range(len(events), 0, -1):
        event = events[j - 1]
        before = invert_missing(states[0], event) if isinstance(event, MissingInstrument) else \
            invert_instrument(states[0], event)
        if j - 1 in anchors:  # the state before this event is the text an earlier consolidation prints
            before, check = _apply_anchor(before, anchors[j - 1], j - 1)
            checks.append((j - 1, _confirmed(check, events, anchors[j - 1])))
        states.insert(0, before)
    # Forwards, what each instrument itself says fills what the later text could not tell: the Amendment VII
    # text of 253-1, replaced by Amendment IX, is known from Amendment VII, and stays known until IX.
    for j, event in enumerate(events, 1):
        replayed = invert_missing(states[j - 1], event) if isinstance(event, MissingInstrument) else \
            replay(states[j - 1], event)
        states[j] = _fill_unknown(states[j], replayed)
    for j, state in enumerate(states[:-1]):
        _date_state(state, events[j].adopted)
    stored = [states[0]] + [states[j] for j, e in enumerate(events, 1) if isinstance(e, Instrument)]
    state_index = {j: sum(1 for e in events[:j] if isinstance(e, Instrument)) for j in range(len(states))}
    anchor_checks = [replace(c, state=state_index[j]) for j, c in checks]
    return Timeline(ordered, stored, known_start(latest), events, states, anchor_checks, notes)


def without_notes(statute: Statute) -> tuple[Statute, list[str]]:
    """Return the statute without the editorial notes its consolidation prints after the last article (① 刑法、历次
    刑法修正案…的施行日期…, read by the importer as paragraphs of that article), and the notes."""
    articles = list(statute.articles())
    if not articles:
        return statute, []
    last = articles[-1]
    notes = [p for p in last.paragraphs()[1:] if p.own_text[:1] in NOTE_MARKS]
    if not notes:
        return statute, []
    result = statute.copy()
    article = result.find(last.eid)
    assert article is not None
    for note in notes:
        article.remove(result.find(note.eid))
    renumber_article(article)
    return result, [f"{numbering.provision_label(n.eid)}: {n.own_text}" for n in notes]


def _anchored_event(statute: Statute, events: Sequence[Event]) -> int:
    """Return the index into the event states of the text an earlier consolidation prints: the state after the
    last instrument its header lists."""
    lines = header_history(statute)
    for j in range(len(events), 0, -1):
        if any(f"《{events[j - 1].title}》" in line for line in lines):
            return j
    return 0


def _apply_anchor(derived: Statute, anchor: Statute, state: int) -> tuple[Statute, AnchorCheck]:
    """Return the derived text with every article not (or not wholly) in the corpus taken from an earlier
    consolidation of its date, and how the two compare (a derived text that differs is left for `verify`)."""
    result = derived.copy()
    equal, filled, differing = 0, [], []
    theirs_by_eid = {a.eid: a for a in anchor.articles()}
    for mine in list(result.articles()):
        theirs = theirs_by_eid.pop(mine.eid, None)
        key = numbering.ArticleNumber.parse(mine.eid.removeprefix("art_")).key
        if theirs is None:
            differing.append(key)
            continue
        mine_blocks, their_blocks = article_blocks(mine), article_blocks(theirs)
        unknown = mine.el.get(ld("unknown")) is not None or any(UNKNOWN in b for b in mine_blocks)
        if mine_blocks == their_blocks and not unknown:
            equal += 1
        elif unknown and _agrees(mine, theirs):
            mine.el.getparent().replace(mine.el, copy.deepcopy(theirs.el))
            filled.append(key)
        else:
            differing.append(key)
    differing += [numbering.ArticleNumber.parse(eid.removeprefix("art_")).key for eid in theirs_by_eid]
    return result, AnchorCheck(anchor.expression_date or dt.date.min, 0, state, equal, tuple(filled),
                               tuple(differing))


def _confirmed(check: AnchorCheck, events: Sequence[Event], anchor: Statute) -> AnchorCheck:
    """Return the check with the articles an earlier instrument set whole in the words the consolidation prints
    (and no later one changed before it) counted as equal, not as filled from the consolidation."""
    given = []
    for key in check.filled:
        last = [op for e in events[:check.event_state] if isinstance(e, Instrument) for item in e.items
                for op in touched(item).get(key, [])]
        theirs = anchor.find(numbering.ArticleNumber.parse(key).eid)
        if not last or theirs is None or not last[-1].new_text:
            continue
        op, printed = last[-1], Provision(theirs)
        if op.kind.whole_article:
            words = tuple(_without_num(tuple(article_blocks(printed))))
        elif op.kind is OpKind.REPLACE_PARAGRAPHS and all(n <= len(printed.paragraphs()) for n in op.paragraphs):
            words = tuple(b for n in op.paragraphs for b in printed.paragraphs()[n - 1].lines())
        else:
            continue
        if words == op.new_text:
            given.append(key)
    return replace(check, equal=check.equal + len(given), filled=tuple(k for k in check.filled if k not in given))


def _agrees(partly_known: Provision, full: Provision) -> bool:
    """Return whether every paragraph and point of a partly known article is equal to the full text's there."""
    if partly_known.el.get(ld("unknown")) == WHOLE:
        return True
    mine, theirs = partly_known.paragraphs(), full.paragraphs()
    if len(mine) > len(theirs) or (len(mine) < len(theirs) and partly_known.el.get(ld("unknown")) != PARTIAL):
        return False
    return all(UNKNOWN in a.text or a.lines() == b.lines() for a, b in zip(mine, theirs, strict=False))


def _date_state(state: Statute, before: dt.date | None) -> None:
    """Give a derived version the header and expression date of the law as it stood just before ``before``."""
    from lawdiff.importing.markdown import parse_date

    history = state.act.find("a:preface/a:container[@name='history']", NS)
    if history is None:
        return
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
        if theirs is None or theirs.get(ld("unknown")) == WHOLE:
            continue
        if mine.get(ld("unknown")) == WHOLE:
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
