"""Penalties as data: the offence tiers (法定刑幅度) of a provision, and whether a new version punishes more heavily.

A *tier* is one set of circumstances and its sanctions, as the Criminal Law writes it: 情节严重的，处三年以下有期徒刑
或者拘役，并处或者单处罚金 — the circumstances (情节严重), the principal punishments that are alternatives (三年以下有期
徒刑, 拘役), and the supplementary ones (并处或者单处罚金: a fine, with a principal punishment or alone). A tier that
borrows another provision's penalties (依照前款的规定处罚, 依照各该款的规定从重处罚) is resolved through `refs` to the
tiers it borrows, with its own 从重/从轻 kept. Conduct that the text sends to another offence (依照本法第二百六十四条
的规定定罪处罚: convicted *of* theft) has that offence's tiers, not this provision's, and gives none here.

Ranges are in months, 以上 and 以下 including the number itself (Art. 99). Where the text gives one end only, the
other is the general limit of that punishment (`GENERAL_LIMITS`: Arts. 38, 42, 45), so 三年以下有期徒刑 is six months
to three years and 十年以上有期徒刑 ten to fifteen years.

Severity follows the order of the principal punishments in Art. 33 — 管制, 拘役, 有期徒刑, 无期徒刑, 死刑 — below which
comes a supplementary punishment on its own (单处罚金, 剥夺政治权利); between equal principal punishments, a
supplementary punishment that must be imposed (并处) is heavier than one that may be (可以并处), and 没收财产 heavier
than a fine. Whether a new version is heavier follows the SPC's reading of 处刑较轻 in Art. 12 (法释〔1997〕12号): for
the tier the conduct falls in, the lower statutory maximum is lighter, and with equal maxima the lower minimum.
Since which tier a case falls in depends on its facts, versions whose tiers moved in different directions are left
to a judge (`NEEDS_JUDGE`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, Statute, ld
from lawdiff.analysis.refs import refs_in
from lawdiff.errors import LawdiffError

HEAVIER, LIGHTER, SAME = "heavier", "lighter", "same"
NEEDS_JUDGE = "needs a judge"
NOT_COMPARABLE = "not comparable"

#: Principal punishments and a supplementary one imposed alone, lightest first (Art. 33, Art. 34).
DEATH, LIFE, FIXED_TERM, DETENTION, SURVEILLANCE = "死刑", "无期徒刑", "有期徒刑", "拘役", "管制"
FINE, DEPRIVATION, CONFISCATION = "罚金", "剥夺政治权利", "没收财产"
RANKS = {FINE: 1, DEPRIVATION: 1, CONFISCATION: 1, SURVEILLANCE: 2, DETENTION: 3, FIXED_TERM: 4, LIFE: 5, DEATH: 6}


@dataclass(frozen=True)
class SentenceLimits:
    """The general limits of the punishments with a term, in months."""

    fixed_term: tuple[int, int]  # 有期徒刑 (Art. 45)
    criminal_detention: tuple[int, int]  # 拘役 (Art. 42)
    public_surveillance: tuple[int, int]  # 管制 (Art. 38)


#: The limits of the Criminal Law since the 1997 revision — 有期徒刑 six months to fifteen years (Art. 45, apart from
#: commuted death sentences, Art. 50, and combined punishment, Art. 69), 拘役 one to six months (Art. 42), 管制 three
#: months to two years (Art. 38); no amendment changed them (`sentence_limits` reads them from the text).
GENERAL_LIMITS = SentenceLimits(fixed_term=(6, 180), criminal_detention=(1, 6), public_surveillance=(3, 24))

_N = numbering.NUMERAL
_SPAN = rf"{_N}(?:年|个月)"
_LIMIT = re.compile(rf"为({_SPAN})以上({_SPAN})以下")


def _months(text: str) -> int:
    """Return 三年 → 36, 六个月 → 6."""
    if text.endswith("个月"):
        return numbering.parse_chinese(text[:-2])
    return 12 * numbering.parse_chinese(text[:-1])


def sentence_limits(criminal_law: Statute) -> SentenceLimits:
    """Return the general limits as the Criminal Law states them (Arts. 45, 42, 38: 为X以上Y以下)."""
    found = []
    for key in ("45", "42", "38"):
        m = _LIMIT.search(criminal_law.article(key).text)
        if m is None:
            raise LawdiffError(f"{numbering.article_label(key)} does not state a limit as 为X以上Y以下",
                               path=criminal_law.path)
        found.append((_months(m.group(1)), _months(m.group(2))))
    return SentenceLimits(*found)


@dataclass(frozen=True, order=True)
class Severity:
    """How heavy a punishment is: comparable (see the module docstring), with a label for people."""

    rank: int  # RANKS of the principal punishment (1: a supplementary punishment alone)
    months: int  # its term, for 管制, 拘役 and 有期徒刑
    supplementary: int  # 0 none, 1 可以并处, 2 并处罚金, 3 并处罚金或者没收财产, 4 并处没收财产
    label: str = field(compare=False)


@dataclass(frozen=True)
class Sanction:
    """One principal punishment among a tier's alternatives; a term in months where it has one (else None)."""

    kind: str
    low: int | None = None  # as written (None: the general limit)
    high: int | None = None


@dataclass(frozen=True)
class Tier:
    """One offence tier: circumstances and sanctions, from the words of provision ``source``.

    ``grade`` is the last circumstance before the sanctions (情节严重, 数额巨大, or the offence's description),
    used to pair tiers across versions. ``borrowed_from`` names the provision whose tier this one applies
    (依照前款的规定处罚); ``adjustment`` is the borrowing provision's 从重/从轻/减轻. ``unit`` marks a fine on a unit
    (对单位判处罚金), which says nothing about the punishment of persons.
    """

    source: str
    condition: str
    grade: str
    principal: tuple[Sanction, ...]
    supplementary: str = ""  # as written: 并处罚金, 并处或者单处罚金, 可以并处没收财产 …
    adjustment: str = ""
    borrowed_from: str = ""
    unit: bool = False
    text: str = ""

    def _supplementary_level(self) -> int:
        words = self.supplementary
        if not words:
            return 0
        if words.startswith("可以"):
            return 1
        if "没收财产" in words:
            return 3 if "罚金" in words else 4
        return 2

    def maximum(self, limits: SentenceLimits = GENERAL_LIMITS) -> Severity:
        """Return the heaviest punishment the tier allows."""
        return max(_severity(s, limits, high=True, supplementary=self._supplementary_level())
                   for s in self.principal)

    def minimum(self, limits: SentenceLimits = GENERAL_LIMITS) -> Severity:
        """Return the lightest punishment the tier allows (a fine alone where 单处 is allowed)."""
        if "单处" in self.supplementary:
            return Severity(RANKS[FINE], 0, 0, "单处" + ("罚金" if "罚金" in self.supplementary else "附加刑"))
        level = 0 if self.supplementary.startswith("可以") else self._supplementary_level()
        return min(_severity(s, limits, high=False, supplementary=level) for s in self.principal)


#: How a supplementary level reads after the principal punishment in a label.
_SUPPLEMENTARY_LABELS = {0: "", 1: "", 2: "并处罚金", 3: "并处罚金或者没收财产", 4: "并处没收财产"}


def _severity(sanction: Sanction, limits: SentenceLimits, *, high: bool, supplementary: int) -> Severity:
    general = {FIXED_TERM: limits.fixed_term, DETENTION: limits.criminal_detention,
               SURVEILLANCE: limits.public_surveillance}.get(sanction.kind)
    months = 0
    label = sanction.kind
    if general is not None:
        written = sanction.high if high else sanction.low
        months = written if written is not None else general[1 if high else 0]
        label = f"{_years(months)}{sanction.kind}"
    elif sanction.kind in (FINE, DEPRIVATION, CONFISCATION) and not supplementary:
        label = f"单处{sanction.kind}"
    return Severity(RANKS[sanction.kind], months, supplementary, label + _SUPPLEMENTARY_LABELS[supplementary])


def _years(months: int) -> str:
    return f"{months // 12}年" if months % 12 == 0 else f"{months}个月"


# --- reading tiers from the text --------------------------------------------------------------------

_TERM = rf"(?:(?:{_SPAN})以上)?(?:(?:{_SPAN})以下)?有期徒刑|{_SPAN}有期徒刑"
_PRINCIPAL = rf"(?:{_TERM}|无期徒刑|死刑|拘役|管制|剥夺政治权利|没收财产|[^，；。：、处]*?罚金)"
_SANCTIONS = re.compile(rf"(?<![被并单])(?<!被判)(?:判)?处(?P<list>{_PRINCIPAL}(?:(?:、|或者){_PRINCIPAL})*)"
                        rf"(?=[，；。：]|$)(?:，(?P<supp>(?:可以)?并处(?:或者单处)?[^，；。：]*?(?:罚金|没收财产)(?:或者没收财产)?)"
                        rf"(?=[，；。：]|$))?")
_ITEM = re.compile(rf"(?P<term>(?:(?P<lo>{_SPAN})以上)?(?:(?P<hi>{_SPAN})以下)?有期徒刑|(?P<exact>{_SPAN})有期徒刑)"
                   rf"|无期徒刑|死刑|拘役|管制|剥夺政治权利|没收财产|[^、处]*?罚金")
_BORROW = re.compile(r"依照(?P<refs>[^，；。]*?)的规定(?P<how>(?:定罪)?(?:从重|从轻|减轻)?)处罚")
_ADJUST = re.compile(r"(?:可以|应当)?(?P<how>(?:从重|从轻|减轻|从宽)(?:(?:、|或者)(?:从轻|减轻|免除))*)处罚")
_CLAUSE_END = re.compile(r"[；。]")
#: The part of the Criminal Law that states general rules rather than offences.
GENERAL_PART = "总则"


def _sanctions(words: str) -> tuple[Sanction, ...]:
    out = []
    for m in _ITEM.finditer(words):
        if m.group("term"):
            exact = m.group("exact")
            low = _months(exact) if exact else (_months(m.group("lo")) if m.group("lo") else None)
            high = _months(exact) if exact else (_months(m.group("hi")) if m.group("hi") else None)
            out.append(Sanction(FIXED_TERM, low, high))
        else:
            kind = m.group(0) if not m.group(0).endswith(FINE) else FINE
            out.append(Sanction(kind))
    return tuple(out)


def _grade(condition: str) -> str:
    """Return the circumstance a tier is graded by: the last clause ending in 的 (情节严重的 → 情节严重)."""
    clauses = [c for c in re.split(r"[，：]", condition) if c]
    graded = [c for c in clauses if c.endswith("的")]
    return (graded[-1] if graded else clauses[-1] if clauses else "").removesuffix("的")


@dataclass
class _Event:
    start: int
    end: int
    tier: Tier
    targets: tuple[str, ...] = ()


def _events(statute: Statute, provision: Provision) -> list[_Event]:
    """Return the tiers stated in a provision's own words, with what borrowing tiers borrow, in order."""
    text = provision.own_text
    refs = refs_in(statute, provision)
    out: list[_Event] = []
    clause_start = 0
    for end_match in [*_CLAUSE_END.finditer(text), None]:
        clause_end = end_match.start() if end_match else len(text)
        clause = text[clause_start:clause_end]
        found: list[_Event] = []
        for m in _SANCTIONS.finditer(clause):
            found.append(_Event(m.start(), m.end(), Tier(provision.eid, "", "", _sanctions(m.group("list")),
                                                         m.group("supp") or "", text=m.group(0))))
        for m in _BORROW.finditer(clause):
            lo, hi = clause_start + m.start("refs"), clause_start + m.end("refs")
            targets = tuple(t for r in refs if lo <= r.start and r.end <= hi for t in r.targets)
            if targets and not m.group("how").startswith("定罪"):  # 定罪处罚: convicted of another offence
                found.append(_Event(m.start(), m.end(), Tier(provision.eid, "", "", (), adjustment=m.group("how"),
                                                             text=m.group(0)), targets))
        if not found:
            for m in _ADJUST.finditer(clause):  # 徇私舞弊犯前款罪的，从重处罚: the offence referred to, adjusted
                before = clause_start + m.start()
                targets = tuple(t for r in refs if clause_start <= r.start and r.end <= before for t in r.targets
                                if "__para_" in t)
                if targets:
                    found.append(_Event(m.start(), m.end(), Tier(provision.eid, "", "", (), adjustment=m.group("how"),
                                                                 text=m.group(0)), targets))
        previous, grade = 0, ""
        for event in sorted(found, key=lambda e: e.start):
            condition = clause[previous:event.start].strip("，")
            # 数额较大的，对单位判处…罚金，并对其直接负责的主管人员…，处五年以下: the persons' tier has the grade of
            # the unit's fine before it in the same clause
            graded = any(c.endswith("的") for c in re.split(r"[，：]", condition)) or not grade
            grade = _grade(condition) if graded else grade
            event.tier = replace(event.tier, condition=condition, grade=grade,
                                 unit=condition.endswith("对单位") and not event.targets)
            event.start += clause_start
            event.end += clause_start
            out.append(event)
            previous = event.end - clause_start
        clause_start = clause_end + 1
    return out


def _in_general_part(provision: Provision) -> bool:
    return any(a.kind == "book" and a.heading == GENERAL_PART for a in provision.ancestors())


def penalties(provision: Provision) -> list[Tier]:
    """Return the offence tiers of a provision (an article: of all its paragraphs and points), in order, each
    borrowing tier replaced by the tiers it borrows (their ``borrowed_from`` set, the borrower's 从重 kept).

    Provisions of the general part (总则) state no offences and give none; nor does a deleted article.

    Borrowing is followed down every chain (第一条 依照第二条, 第二条 依照前款 …) and lends the tiers stated on the way.
    A circle — 第一条 依照第二条 and 第二条 依照第一条, an article citing itself, longer circles — lends nothing more:
    coming back to the borrowing being resolved, or to a paragraph or point already read for it, stops there (an
    article whose every tier is borrowed in a circle has none, and `compare` finds it not comparable). So a
    borrowing reads each paragraph or point once for each 从重/从轻 on the way there, and lends a tier reached by two
    ways once, not twice; chains are followed with a stack of their own, never Python's: no chain is too long and
    no web of citations too dense.
    """
    statute = Statute(provision.el.getroottree().getroot())
    events: dict[str, list[_Event]] = {}  # by part: each paragraph or point is parsed once, however often borrowed
    visited: set[tuple[str, str]] = set()  # (part, adjustment) already read for the borrowing being resolved

    def reading(prov: Provision, lending: _Lending | None) -> Iterator[tuple[Provision, _Event]]:
        """Yield the events of a provision's parts in order, leaving out parts already read for ``lending``."""
        if _in_general_part(prov) or prov.removed:
            return
        parts = [prov] if prov.kind != "article" else [p for para in prov.paragraphs() for p in (para, *para.points())]
        for part in parts:
            if lending is not None:
                if (part.eid, lending.adjustment) in visited:
                    continue  # lends what it lent already: the same tiers again, or a circle
                visited.add((part.eid, lending.adjustment))
            if part.eid not in events:
                events[part.eid] = _events(statute, part)
            for event in events[part.eid]:
                yield part, event

    out: list[Tier] = []
    # Innermost last: the events still to read of a provision, and how a tier stated there is lent to the
    # provision asked for (None: it is that provision's own).
    stack: list[tuple[Iterator[tuple[Provision, _Event]], _Lending | None]] = [(reading(provision, None), None)]
    while stack:
        pending, lending = stack[-1]
        step = next(pending, None)
        if step is None:
            stack.pop()
            continue
        part, event = step
        if not event.targets:
            if lending is None:
                out.append(event.tier)
            elif not event.tier.unit:  # a fine on a unit says nothing of the persons who borrow it
                out.append(lending.lend(event.tier))
            continue
        if lending is None:
            inner = _Lending(part.eid, event.tier.condition, event.tier.adjustment)
            visited.clear()
        elif part.eid == lending.source:
            continue  # the borrowing being resolved, come round again
        else:
            inner = replace(lending, adjustment=lending.adjustment or event.tier.adjustment)
        targets = [statute.provision(t) for t in event.targets if t != part.eid]
        stack.append((chain.from_iterable(reading(t, inner) for t in targets), inner))
    return out


@dataclass(frozen=True)
class _Lending:
    """How a tier stated further down a chain of borrowing reads in the provision at its top."""

    source: str  # the paragraph or point at the top that borrows
    condition: str  # its circumstances
    adjustment: str  # the first 从重/从轻 on the way down from the top

    def lend(self, tier: Tier) -> Tier:
        return replace(tier, source=self.source, borrowed_from=tier.source, condition=self.condition,
                       adjustment=self.adjustment or tier.adjustment)


# --- comparing two versions ----------------------------------------------------------------------------

#: What happened to conduct only one version punishes (under this article): made an offence, or no longer one.
NEW, REMOVED = "new conduct", "no longer punished"
#: The direction of conduct whose earlier (or later) text is not in the corpus.
UNKNOWN_TEXT = "text not in corpus"


@dataclass(frozen=True)
class TierChange:
    """How the punishment of one kind of conduct changed: the tier it falls in under each version (法释〔1997〕12号
    第二条: the range compared is the one the conduct fits).

    Conduct is matched by the words of the paragraph or point that describes it (renumbered paragraphs follow
    their words); within a paragraph, tiers by their grade (情节严重 ↔ 情节严重), and a grade only one version has
    by the nearest tier of the other (conduct that is 情节特别严重 under the new version was 情节严重 under the old,
    which had no higher grade). ``old`` is None for conduct only the new version punishes, ``new`` None for conduct
    it no longer punishes under this article.
    """

    old: Tier | None
    new: Tier | None
    direction: str  # HEAVIER / LIGHTER / SAME, NEW or REMOVED, UNKNOWN_TEXT
    elements_changed: bool = False  # the words describing the conduct differ (the 构成要件 may have changed)
    old_conduct: str = ""
    new_conduct: str = ""
    note: str = ""  # e.g. "从重 now required"

    @property
    def label(self) -> str:
        """Return the tier as cited: 第一百五十一条第一款 情节特别严重; where the versions differ, both places and
        grades (第二百五十三条之一第一款 → 第二款 情节严重 → 情节特别严重)."""
        tiers = [t for t in (self.old, self.new) if t is not None]
        places = list(dict.fromkeys(numbering.provision_label(t.source) for t in tiers))
        if len(places) == 2:
            article = numbering.provision_label(tiers[0].source.split("__", 1)[0])
            places[1] = places[1].removeprefix(article) if places[0].startswith(article) else places[1]
        grade = " → ".join(dict.fromkeys(t.grade for t in tiers if t.grade))
        where = " → ".join(places)
        return f"{where} {grade}" if grade else where

    def spans(self, limits: SentenceLimits = GENERAL_LIMITS) -> str:
        """Return the ranges: 单处罚金–3年有期徒刑并处罚金 → 3年有期徒刑并处罚金–7年有期徒刑并处罚金."""
        return " → ".join(_span(t, limits) if t is not None else "—" for t in (self.old, self.new))


@dataclass(frozen=True)
class GroundChange:
    """A ground of mandatory heavier punishment (有下列情形之一的，从重处罚) one version has and the other not."""

    place: str  # eId of the paragraph stating it
    words: str
    added: bool

    @property
    def direction(self) -> str:
        return HEAVIER if self.added else LIGHTER


@dataclass(frozen=True)
class Comparison:
    """How the penalties of an article changed between two versions.

    ``verdict`` compares the conduct both versions punish, tier by tier (``changes``): heavier where a tier's
    maximum rose (or, with equal maxima, its minimum; with both equal, where 从重 became mandatory), lighter the
    other way, for a judge where tiers moved in different directions. ``maximum`` and ``minimum`` are the
    directions of the statutory maximum and minimum of those same tiers, over the ranges ``old_range`` →
    ``new_range`` — so the three never contradict each other. Conduct only one version punishes (a new offence in a
    new paragraph, one no longer punished) and changed descriptions of the conduct are in ``changes`` and
    ``reasons``, not in the verdict: they are a question of whether the act is an offence under this article at
    all, not of how heavily.
    """

    label: str  # the article, as cited: 第二百五十三条之一
    old: tuple[Tier, ...]
    new: tuple[Tier, ...]
    maximum: str  # HEAVIER / LIGHTER / SAME (of the heaviest tier), NOT_COMPARABLE
    minimum: str  # likewise, of the lightest tier
    verdict: str  # HEAVIER / LIGHTER / SAME / NEEDS_JUDGE / NOT_COMPARABLE
    old_range: tuple[Severity, Severity] | None  # (lightest, heaviest) of the old version's tiers for persons
    new_range: tuple[Severity, Severity] | None
    reasons: tuple[str, ...] = ()  # per tier that moved, or why there is no comparison: one line each
    changes: tuple[TierChange, ...] = ()  # every tier of conduct, moved or not
    grounds: tuple[GroundChange, ...] = ()
    partial: bool = False  # part of a version's text is not in the corpus: only the rest is compared


def _direction(old: Severity, new: Severity) -> str:
    return SAME if old == new else HEAVIER if new > old else LIGHTER


#: How much heavier a borrowing makes the tier it borrows: 从重 +1; 从轻, 减轻 -1.
_ADJUSTMENT = {"从重": 1, "从轻": -1, "减轻": -1, "从宽": -1}


def _adjustment(tier: Tier) -> int:
    return _ADJUSTMENT.get(re.split(r"、|或者", tier.adjustment)[0], 0) if tier.adjustment else 0


def _tier_direction(old: Tier, new: Tier, limits: SentenceLimits) -> str:
    """Return the direction between two tiers the way Art. 12 reads it: the maximum, then the minimum (法释〔1997〕12号
    第一条), then a 从重 or 从轻 the tier must now (or no longer) apply."""
    by_max = _direction(old.maximum(limits), new.maximum(limits))
    if by_max != SAME:
        return by_max
    by_min = _direction(old.minimum(limits), new.minimum(limits))
    if by_min != SAME:
        return by_min
    step = _adjustment(new) - _adjustment(old)
    return SAME if step == 0 else HEAVIER if step > 0 else LIGHTER


def _key(tier: Tier) -> str:
    """Return where a tier stands in its article: ``para_1`` or ``para_1__point_2``."""
    return tier.source.split("__", 1)[1] if "__" in tier.source else ""


def _places(tiers: Sequence[Tier]) -> dict[str, list[Tier]]:
    """Return the tiers grouped by the paragraph or point that states (or borrows) them, in order."""
    out: dict[str, list[Tier]] = {}
    for tier in tiers:
        out.setdefault(tier.source, []).append(tier)
    return out


def conduct(article: Provision | None, place: str) -> str:
    """Return the words describing the conduct of a paragraph or point: its text (a paragraph with its points)
    without the penalties it states or borrows."""
    if article is None:
        return ""
    found = article.el.xpath(".//*[@eId=$e]", e=place)
    if not found:
        return ""
    text = "".join(Provision(found[0]).lines())
    for pattern in (_SANCTIONS, _BORROW, _ADJUST):
        text = pattern.sub("", text)
    return re.sub(r"[，；：]+(?=[，；。：]|$)", "", text)


def borrowed_articles(provision: Provision) -> list[str]:
    """Return the keys of the other articles whose penalties a provision applies (依照本法第三百八十三条的规定处罚)."""
    own = provision.eid.split("__", 1)[0].removeprefix("art_")
    found = [numbering.article_key(a) for m in _BORROW.finditer(provision.text)
             for a in re.findall(rf"第{numbering.NUMERAL}条(?:之{numbering.NUMERAL})?", m.group("refs"))]
    return [k for k in dict.fromkeys(found) if k != numbering.article_key(own)]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


#: Paragraphs whose conduct is at least this alike describe the same conduct (else: matched by position).
_ALIKE = 0.5


def _align(old: Sequence[str], new: Sequence[str], old_words: dict[str, str],
           new_words: dict[str, str]) -> list[tuple[str | None, str | None]]:
    """Return the places of two versions paired: the most alike first (a paragraph renumbered follows its words),
    then those left in the same position; the rest stand alone."""
    scores = sorted(((_similarity(old_words[o], new_words[n]), -abs(i - j), o, n)
                     for i, o in enumerate(old) for j, n in enumerate(new)), reverse=True)
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for score, _, o, n in scores:
        if score >= _ALIKE and o not in pairs and n not in taken:
            pairs[o] = n
            taken.add(n)
    left_new = {n.split("__", 1)[-1]: n for n in new if n not in taken}
    for o in old:
        if o not in pairs and o.split("__", 1)[-1] in left_new:
            n = left_new.pop(o.split("__", 1)[-1])
            pairs[o] = n
            taken.add(n)
    out: list[tuple[str | None, str | None]] = [(o, pairs.get(o)) for o in old]
    out += [(None, n) for n in new if n not in taken]
    return out


def _tier_pairs(old: Sequence[Tier], new: Sequence[Tier], limits: SentenceLimits,
                places: dict[str, str] | None = None) -> list[tuple[Tier, Tier]]:
    """Return the tiers of one kind of conduct paired: same grade (and, for borrowed tiers, borrowed from places
    that correspond, ``places``), then in order, then a tier left over with the tier of the other version nearest
    in severity (情节特别严重 added above 情节严重)."""
    pairs: list[tuple[Tier, Tier]] = []
    left_old, left_new = list(old), list(new)
    lent = places or {}
    for strict in (True, False):  # first borrowed from places that correspond too, then by grade alone
        for o in list(left_old):
            match = next((n for n in left_new if n.grade == o.grade and
                          (not strict or lent.get(o.borrowed_from, o.borrowed_from) == n.borrowed_from)), None)
            if match is not None:
                pairs.append((o, match))
                left_old.remove(o)
                left_new.remove(match)
    if not left_old or not left_new:
        if not left_old and not left_new:
            return pairs
    elif len(left_old) == len(left_new):
        pairs += list(zip(left_old, left_new, strict=True))
        return pairs
    pairs += [(o, _nearest(o, new, limits)) for o in left_old]
    pairs += [(_nearest(n, old, limits), n) for n in left_new]
    return pairs


def _nearest(tier: Tier, among: Sequence[Tier], limits: SentenceLimits) -> Tier:
    """Return the tier of ``among`` nearest in severity to ``tier`` (by their maxima)."""
    return min(among, key=lambda t: _distance(t.maximum(limits), tier.maximum(limits)))


def _distance(a: Severity, b: Severity) -> int:
    return abs((a.rank * 1000 + a.months) - (b.rank * 1000 + b.months))


def _range(tiers: Sequence[Tier], limits: SentenceLimits) -> tuple[Severity, Severity]:
    return min(t.minimum(limits) for t in tiers), max(t.maximum(limits) for t in tiers)


def _persons(tiers: Iterable[Tier]) -> list[Tier]:
    return [t for t in tiers if not t.unit and t.principal]


#: A ground of heavier punishment a court must apply: 有下列情形之一的，从重处罚 (not 可以从重处罚).
_MANDATORY_HEAVIER = re.compile(r"(?<!可以)从重处罚")


def _grounds(article: Provision | None, tiers: Sequence[Tier]) -> dict[str, str]:
    """Return the paragraphs of an article that state grounds of mandatory heavier punishment and no tier of their
    own (the grounds of Art. 390 第二款 since Amendment XII), by their words."""
    if article is None or article.kind != "article":
        return {}
    stating = {t.source.split("__point_")[0] for t in tiers}
    return {"".join(p.lines()): p.eid for p in article.paragraphs()
            if p.eid not in stating and _MANDATORY_HEAVIER.search(p.own_text) and UNKNOWN not in p.text}


def _combine(directions: Iterable[str]) -> str:
    found = set(directions)
    if HEAVIER in found and LIGHTER in found:
        return NEEDS_JUDGE
    return HEAVIER if HEAVIER in found else LIGHTER if LIGHTER in found else SAME


def compare(old: Provision | None, new: Provision | None, limits: SentenceLimits = GENERAL_LIMITS, *,
            partial: bool = False) -> Comparison:
    """Return how an article's penalties changed from ``old`` to ``new`` (None: the article is not in that version).

    With ``partial``, a version whose text is only partly in the corpus is compared where it is (its paragraphs
    not in the corpus are conduct whose tiers cannot be told): `applicable` answers per tier; the article as a
    whole is not comparable then."""
    article = new if new is not None else old
    label = numbering.provision_label(article.eid) if article is not None else ""
    old_tiers = tuple(penalties(old)) if old is not None else ()
    new_tiers = tuple(penalties(new)) if new is not None else ()
    unknown = [name for name, prov in (("old", old), ("new", new))
               if prov is not None and (UNKNOWN in prov.text or prov.el.get(ld("unknown")) is not None)]
    reasons = [f"{label}: the {name} version's text is not in the corpus" for name in unknown if not partial]
    for name, prov in (("old", old), ("new", new)):
        if prov is None or prov.removed:
            state = "not in force" if prov is None else "deleted （删去）"
            reasons.append(f"{label}: {state} in the {name} version")
    p_old, p_new = _persons(old_tiers), _persons(new_tiers)
    if not reasons and not (p_old and p_new) and not (partial and unknown):
        reasons.append(f"{label}: no penalties for persons in the {'old' if not p_old else 'new'} version")
    if reasons:
        return Comparison(label, old_tiers, new_tiers, NOT_COMPARABLE, NOT_COMPARABLE, NOT_COMPARABLE,
                          _range(p_old, limits) if p_old else None, _range(p_new, limits) if p_new else None,
                          tuple(reasons))
    changes, grounds = _changes(old, new, p_old, p_new, limits, unknown)
    paired = [c for c in changes if c.old is not None and c.new is not None and c.direction != UNKNOWN_TEXT]
    reasons = []
    for c in changes:
        if c.direction in (NEW, REMOVED):
            reasons.append(f"{c.label} ({c.direction}): {c.spans(limits)}")
        elif c.direction == UNKNOWN_TEXT:
            reasons.append(f"{c.label}: the other version's text of this conduct is not in the corpus")
        elif c.direction != SAME and not (c.old and c.new and c.old.borrowed_from and c.new.borrowed_from
                                          and not c.note):
            reasons.append(f"{c.label}: {c.spans(limits)} ({c.direction}{'; ' + c.note if c.note else ''})")
        if c.elements_changed and c.old is not None and c.new is not None:
            places = TierChange(replace(c.old, grade=""), replace(c.new, grade=""), SAME).label
            reasons.append(f"{places}: the words describing the conduct changed")
    reasons += [f"{numbering.provision_label(g.place)}: grounds of mandatory heavier punishment (从重处罚) "
                f"{'added' if g.added else 'removed'} ({g.direction})" for g in grounds]
    if not paired:
        reasons.append(f"{label}: no conduct punished by both versions")
        return Comparison(label, old_tiers, new_tiers, NOT_COMPARABLE, NOT_COMPARABLE, NOT_COMPARABLE,
                          _range(p_old, limits) if p_old else None, _range(p_new, limits) if p_new else None,
                          tuple(dict.fromkeys(reasons)), tuple(changes), tuple(grounds), bool(unknown))
    olds = list(dict.fromkeys(c.old for c in paired if c.old is not None))
    news = list(dict.fromkeys(c.new for c in paired if c.new is not None))
    old_range, new_range = _range(olds, limits), _range(news, limits)
    verdict = _combine(c.direction for c in paired)
    if verdict == SAME:  # the ranges unchanged, a ground of mandatory 从重 added or removed decides
        verdict = _combine(g.direction for g in grounds)
    if unknown:
        verdict = NOT_COMPARABLE
        reasons.append(f"{label}: part of the {' and '.join(unknown)} version's text is not in the corpus; only "
                       "the rest is compared")
    return Comparison(label, old_tiers, new_tiers, _direction(old_range[1], new_range[1]),
                      _direction(old_range[0], new_range[0]), verdict, old_range, new_range,
                      tuple(dict.fromkeys(reasons)), tuple(changes), tuple(grounds), bool(unknown))


def _changes(old: Provision | None, new: Provision | None, p_old: Sequence[Tier], p_new: Sequence[Tier],
             limits: SentenceLimits, unknown: Sequence[str]) -> tuple[list[TierChange], list[GroundChange]]:
    """Return the tier of each kind of conduct under both versions (`TierChange`), and the grounds of mandatory
    heavier punishment one version has and the other not."""
    old_places, new_places = _places(p_old), _places(p_new)
    old_words = {place: conduct(old, place) for place in old_places}
    new_words = {place: conduct(new, place) for place in new_places}
    aligned = _align(list(old_places), list(new_places), old_words, new_words)
    mapped = {o: n for o, n in aligned if o is not None and n is not None}
    back = {n: o for o, n in mapped.items()}
    out: list[TierChange] = []
    for o, n in aligned:
        if o is None or n is None:
            # 犯前款罪，…数量特别巨大…的，处七年以上: a grade of an offence the other version also punishes, set in a
            # paragraph of its own — compared with the tiers of that offence there
            lone, place = ("new", n) if o is None else ("old", o)
            assert place is not None
            graded = _grade_of(new if o is None else old, place, mapped if o is None else back)
            if graded is not None:
                others = (old_places if o is None else new_places)[graded]
                for tier in (new_places if o is None else old_places)[place]:
                    near = _nearest(tier, others, limits)
                    a, b = (near, tier) if o is None else (tier, near)
                    out.append(TierChange(a, b, _tier_direction(a, b, limits), False, old_words.get(o or graded, ""),
                                          new_words.get(n or graded, ""),
                                          f"a grade of {numbering.provision_label(graded)}'s offence"))
                continue
            direction = UNKNOWN_TEXT if ("old" if o is None else "new") in unknown else \
                NEW if o is None else REMOVED
            for tier in (new_places if o is None else old_places)[place]:
                out.append(TierChange(tier if lone == "old" else None, tier if lone == "new" else None, direction,
                                      old_conduct=old_words.get(o or "", ""), new_conduct=new_words.get(n or "", "")))
            continue
        changed = old_words[o] != new_words[n]
        for a, b in _tier_pairs(old_places[o], new_places[n], limits, mapped):
            step = _adjustment(b) - _adjustment(a)
            note = "" if step == 0 or _tier_direction(a, b, limits) != (HEAVIER if step > 0 else LIGHTER) or \
                (a.maximum(limits), a.minimum(limits)) != (b.maximum(limits), b.minimum(limits)) else \
                f"{b.adjustment or a.adjustment} {'now' if step > 0 else 'no longer'} required"
            out.append(TierChange(a, b, _tier_direction(a, b, limits), changed, old_words[o], new_words[n], note))
    old_grounds, new_grounds = _grounds(old, p_old), _grounds(new, p_new)
    grounds = [GroundChange(place, words, True) for words, place in new_grounds.items() if words not in old_grounds]
    grounds += [GroundChange(place, words, False) for words, place in old_grounds.items() if words not in new_grounds]
    return out, grounds


#: The words of a paragraph that grades an offence stated elsewhere: 犯前款罪，…的 / 犯前两款罪 / 犯第一款罪.
_N_PARAGRAPHS = rf"(?:前款|前{numbering.NUMERAL}款|(?:本条)?第{numbering.NUMERAL}款)"
_GRADES_OFFENCE = re.compile(rf"^(?:犯|有){_N_PARAGRAPHS}(?:规定之)?(?:罪|行为)")


def _grade_of(article: Provision | None, place: str, counterpart: dict[str, str]) -> str | None:
    """Return the place, in the other version, of the offence a paragraph only grades (犯前款罪，…的，处…), when the
    paragraph it names has a counterpart there; None otherwise."""
    if article is None:
        return None
    found = article.el.xpath(".//*[@eId=$e]", e=place)
    if not found or not _GRADES_OFFENCE.match(Provision(found[0]).own_text):
        return None
    statute = Statute(article.el.getroottree().getroot())
    named = [t for ref in refs_in(statute, Provision(found[0])) for t in ref.targets]
    return next((counterpart[t] for t in named if t in counterpart), None)


def _span(tier: Tier, limits: SentenceLimits) -> str:
    return f"{tier.minimum(limits).label}–{tier.maximum(limits).label}"
