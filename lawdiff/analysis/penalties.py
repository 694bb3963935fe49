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

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, Statute
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
        previous = 0
        for event in sorted(found, key=lambda e: e.start):
            condition = clause[previous:event.start].strip("，")
            event.tier = replace(event.tier, condition=condition, grade=_grade(condition),
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


@dataclass(frozen=True)
class Comparison:
    """How the penalties of an article changed between two versions."""

    label: str  # the article, as cited: 第二百五十三条之一
    old: tuple[Tier, ...]
    new: tuple[Tier, ...]
    maximum: str  # HEAVIER / LIGHTER / SAME (of the heaviest tier), NOT_COMPARABLE
    minimum: str  # likewise, of the lightest tier
    verdict: str  # HEAVIER / LIGHTER / SAME / NEEDS_JUDGE / NOT_COMPARABLE
    old_range: tuple[Severity, Severity] | None  # (lightest, heaviest) of the old version's tiers for persons
    new_range: tuple[Severity, Severity] | None
    reasons: tuple[str, ...] = ()  # per tier that moved, or why there is no comparison: one line each


def _direction(old: Severity, new: Severity) -> str:
    return SAME if old == new else HEAVIER if new > old else LIGHTER


def _tier_direction(old: Tier, new: Tier, limits: SentenceLimits) -> str:
    """Return the direction between two tiers the way Art. 12 reads it: the maximum, then the minimum."""
    by_max = _direction(old.maximum(limits), new.maximum(limits))
    return by_max if by_max != SAME else _direction(old.minimum(limits), new.minimum(limits))


def _key(tier: Tier) -> str:
    """Return where a tier stands in its article: ``para_1`` or ``para_1__point_2``."""
    return tier.source.split("__", 1)[1] if "__" in tier.source else ""


def _pairs(old: Sequence[Tier], new: Sequence[Tier], limits: SentenceLimits) -> list[tuple[Tier, Tier]]:
    """Return the tiers of two versions paired: same place and circumstances; else same place and order; a tier
    left over is paired with the tier of the other version in the same place nearest in severity (情节特别严重
    added above 情节严重). Tiers of a paragraph or point that only one version has are not paired: conduct that
    only one version names is not punished differently, it is punished (or not) under this article at all.
    """
    pairs: list[tuple[Tier, Tier]] = []
    left_old, left_new = list(old), list(new)
    for o in list(left_old):
        match = next((n for n in left_new if _key(n) == _key(o) and n.grade == o.grade), None)
        if match is not None:
            pairs.append((o, match))
            left_old.remove(o)
            left_new.remove(match)
    for place in sorted({_key(t) for t in left_old} & {_key(t) for t in left_new}):
        os = [t for t in left_old if _key(t) == place]
        ns = [t for t in left_new if _key(t) == place]
        for o, n in zip(os, ns, strict=False):
            pairs.append((o, n))
            left_old.remove(o)
            left_new.remove(n)

    def nearest(tier: Tier, among: Sequence[Tier]) -> Tier:
        return min(among, key=lambda t: _distance(t.maximum(limits), tier.maximum(limits)))

    places_old, places_new = {_key(t) for t in old}, {_key(t) for t in new}
    pairs += [(o, nearest(o, [n for n in new if _key(n) == _key(o)])) for o in left_old if _key(o) in places_new]
    pairs += [(nearest(n, [o for o in old if _key(o) == _key(n)]), n) for n in left_new if _key(n) in places_old]
    return pairs


def _distance(a: Severity, b: Severity) -> int:
    return abs((a.rank * 1000 + a.months) - (b.rank * 1000 + b.months))


def _range(tiers: Sequence[Tier], limits: SentenceLimits) -> tuple[Severity, Severity]:
    return min(t.minimum(limits) for t in tiers), max(t.maximum(limits) for t in tiers)


def _persons(tiers: Iterable[Tier]) -> list[Tier]:
    return [t for t in tiers if not t.unit and t.principal]


def compare(old: Provision | None, new: Provision | None, limits: SentenceLimits = GENERAL_LIMITS) -> Comparison:
    """Return how an article's penalties changed from ``old`` to ``new`` (None: the article is not in that version).

    The maximum and minimum compare the heaviest and the lightest tier; the verdict pairs the tiers (`_pairs`) and
    compares each pair as Art. 12 does, leaving it to a judge when pairs moved in different directions."""
    article = new if new is not None else old
    label = numbering.provision_label(article.eid) if article is not None else ""
    old_tiers = tuple(penalties(old)) if old is not None else ()
    new_tiers = tuple(penalties(new)) if new is not None else ()
    reasons = [f"{label}: the {name} version's text is not in the corpus" for name, prov in (("old", old), ("new", new))
               if prov is not None and UNKNOWN in prov.text]
    for name, prov in (("old", old), ("new", new)):
        if prov is None or prov.removed:
            state = "not in force" if prov is None else "deleted （删去）"
            reasons.append(f"{label}: {state} in the {name} version")
    p_old, p_new = _persons(old_tiers), _persons(new_tiers)
    if not reasons and not (p_old and p_new):
        reasons.append(f"{label}: no penalties for persons in the {'old' if not p_old else 'new'} version")
    if reasons:
        return Comparison(label, old_tiers, new_tiers, NOT_COMPARABLE, NOT_COMPARABLE, NOT_COMPARABLE,
                          _range(p_old, limits) if p_old else None, _range(p_new, limits) if p_new else None,
                          tuple(reasons))
    old_range, new_range = _range(p_old, limits), _range(p_new, limits)
    directions = set()
    for o, n in _pairs(p_old, p_new, limits):
        moved = _tier_direction(o, n, limits)
        directions.add(moved)
        if moved != SAME and not (o.borrowed_from and n.borrowed_from):  # borrowed: said where it is lent
            reasons.append(f"{_tier_label(n)}: {_span(o, limits)} → {_span(n, limits)} ({moved})")
    if HEAVIER in directions and LIGHTER in directions:
        verdict = NEEDS_JUDGE
    else:
        verdict = HEAVIER if HEAVIER in directions else LIGHTER if LIGHTER in directions else SAME
    return Comparison(label, old_tiers, new_tiers, _direction(old_range[1], new_range[1]),
                      _direction(old_range[0], new_range[0]), verdict, old_range, new_range,
                      tuple(dict.fromkeys(reasons)))


def _tier_label(tier: Tier) -> str:
    where = numbering.provision_label(tier.source)
    return f"{where} {tier.grade}" if tier.grade else where


def _span(tier: Tier, limits: SentenceLimits) -> str:
    return f"{tier.minimum(limits).label}–{tier.maximum(limits).label}"
