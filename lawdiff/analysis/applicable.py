"""Which version of an article applies to an act: Criminal Law Article 12, 从旧兼从轻.

Art. 12 applies the law in force when the act was committed (行为时法), unless the law in force at judgment
(裁判时法) does not treat the act as a crime or punishes it more lightly (处刑较轻). The rules below are each tested
against the primary source in tests/test_applicable.py:

1. **The tier that fits the conduct.** 处刑较轻 means the lower statutory maximum, or with equal maxima the lower
   minimum (法释〔1997〕12号 第一条), *of the range the conduct falls in* where the offence has several (第二条). The
   answer is therefore given tier by tier (`penalties.TierChange`: conduct matched by the words that describe it),
   or for the tier asked for (``tier``: its number in the list, or words of its grade such as 情节严重). Which tier
   the facts fit is for the judge.
2. **The elements of the offence.** Where the words describing the conduct changed, whether the act was an offence
   under the text at the time of the act is for the judge: the answer says so before the penalties. Conduct only
   the later text punishes (a new paragraph) was no offence under this article at the act; conduct only the earlier
   text punishes is no offence under it at judgment (Art. 12: 不认为是犯罪的).
3. **Penalties set by another article.** An article that sets a heavier penalty for the offence of another
   (犯本节第一百九十二条规定之罪，数额特别巨大…的，处无期徒刑或者死刑) is part of that offence's penalties: when it
   is deleted (Art. 199, Amendment IX) the conduct is punished under the other article alone — lighter, not
   decriminalised.
4. **The SPC's interpretations on the temporal effect** of an amendment (shipped in ``statutes/``) decide some
   questions outright (禁止令 under Arts. 38 and 72; 终身监禁 under Art. 383): where one of their articles names the
   provision asked about (or one it borrows penalties from) and the act falls before the day they mark (2011年4月30日
   以前) and judgment after, it is quoted, and its answer given where it gives one.
5. **What the corpus cannot tell** — a text not in the corpus, an instrument not in the corpus between the dates —
   is said, never decided.

Everything is said for *this article* only: an act outside it at one date may well fall under another article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.sources import MissingInstrument
from lawdiff.amending.timeline import Timeline, Version, in_force_on
from lawdiff.analysis.penalties import (
    HEAVIER,
    LIGHTER,
    NEEDS_JUDGE,
    NEW,
    NOT_COMPARABLE,
    REMOVED,
    SAME,
    UNKNOWN_TEXT,
    Comparison,
    Tier,
    TierChange,
    borrowed_articles,
    compare,
    penalties,
)
from lawdiff.errors import LawdiffError, UnknownProvision

#: What a decision comes to.
ACT_VERSION = "the version in force at the time of the act (行为时法)"
JUDGMENT_VERSION = "the version in force at judgment (裁判时法)"
NOT_AN_OFFENCE = "no version: not an offence under this article"
FOR_A_JUDGE = "a judge must decide"
NOT_IN_CORPUS = "cannot say: a text is not in the corpus"

#: The SPC's interpretation of Art. 12 (its number as corpus/SOURCES.md gives it).
ART12_INTERPRETATION = "法释〔1997〕12号"


@dataclass(frozen=True)
class Citation:
    """An article of an interpretation on the temporal effect of the law that speaks to the question."""

    title: str  # 最高人民法院关于《中华人民共和国刑法修正案(八)》时间效力问题的解释
    article: str  # 第一条
    text: str  # its words, as the corpus prints them
    outcome: str | None  # ACT_VERSION or JUDGMENT_VERSION where it gives one answer, else None (it distinguishes)

    def sentence(self) -> str:
        answer = {ACT_VERSION: " — for this, the law at the time of the act applies",
                  JUDGMENT_VERSION: " — for this, the law at judgment applies"}.get(self.outcome or "",
                                                                                 " — it distinguishes cases")
        return f"《{self.title}》{self.article} (its 法释 number is not in the corpus): “{self.text}”{answer}."


@dataclass(frozen=True)
class TierAnswer:
    """Art. 12 for one kind of conduct: its tier at the act and at judgment, and which version applies to it."""

    number: int  # its place in the list, as ``--tier`` names it
    label: str
    change: TierChange
    outcome: str
    reasons: tuple[str, ...]
    if_offence: str | None = None  # where the elements changed: the outcome if the act was an offence then

    def line(self) -> str:
        spans = "" if self.change.old is None and self.change.new is None else f": {self.change.spans()}"
        return f"[{self.number}] {self.label}{spans} — " + " ".join(self.reasons)


@dataclass(frozen=True)
class Decision:
    """Which version of an article applies to an act, and why."""

    law: str
    article: str  # the article key, 253-1
    act_date: dt.date
    judgment_date: dt.date
    outcome: str  # ACT_VERSION, JUDGMENT_VERSION, NOT_AN_OFFENCE, FOR_A_JUDGE or NOT_IN_CORPUS
    at_act: Version | None  # None: before the known text starts
    at_judgment: Version | None
    comparison: Comparison | None
    reasons: tuple[str, ...]
    tiers: tuple[TierAnswer, ...] = ()  # the answer per tier (all of them, or those ``tier`` named)
    by_tier: bool = False  # the tiers' answers differ: which applies depends on the tier the conduct fits
    citations: tuple[Citation, ...] = ()
    caveats: tuple[str, ...] = ()  # what the corpus cannot tell (instruments not in it between the dates)
    uncertain: tuple[MissingInstrument, ...] = ()  # those instruments, one per caveat
    tier: str | None = None  # the tier asked for
    base_name: str = "the 1997 revision"
    start: dt.date | None = None

    @property
    def label(self) -> str:
        return numbering.article_label(self.article)

    def explain(self) -> str:
        """Return the decision as a few lines of plain text."""
        lines = [f"{self.label}: act on {self.act_date}, judgment on {self.judgment_date} — Criminal Law Art. 12, "
                 "从旧兼从轻 (the law at the time of the act, unless the law at judgment is lighter)",
                 f"at the act: {_describe(self.at_act, self.base_name, self.start)}",
                 f"at judgment: {_describe(self.at_judgment, self.base_name, self.start)}"]
        lines += self.reasons
        if self.tiers:
            asked = f" (the tier asked for: {self.tier})" if self.tier else ""
            lines.append(f"The range compared is the one the conduct fits ({ART12_INTERPRETATION} 第二条), tier by "
                         f"tier{asked}:")
            lines += [f"  {t.line()}" for t in self.tiers]
        lines += [f"Decided by the SPC: {c.sentence()}" for c in self.citations]
        lines += [f"Careful: {c}" for c in self.caveats]
        lines.append(f"applies: {self.summary()}")
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        """Return the outcome in one line: per tier where the tiers' answers differ."""
        if not self.by_tier:
            return self.outcome
        groups: dict[str, list[int]] = {}
        for t in self.tiers:
            words = t.outcome if t.if_offence is None else \
                f"{t.if_offence}, if the act was an offence under the text at the time of the act"
            groups.setdefault(words, []).append(t.number)
        parts = [f"[{', '.join(map(str, numbers))}] {words}" for words, numbers in groups.items()]
        return f"{FOR_A_JUDGE}: it depends on the tier the conduct fits — " + "; ".join(parts)


def _describe(version: Version | None, base_name: str, start: dt.date | None) -> str:
    if version is None:
        return f"before {start}, when the text the corpus holds took effect: not in the corpus" if start else \
            "before the text the corpus holds: not in the corpus"
    period = f"{version.start} – {version.end or 'now'}"
    if not version.in_force:
        return f"not in force ({period})"
    if version.missing is not None:
        made = f"the version of 《{version.instrument}》 (not in the corpus)"
    else:
        made = f"the version of 《{version.instrument}》 item {version.item}" if version.instrument else \
            f"the text of {base_name}"
    state = "deleted （删去）, " if version.removed else ""
    known = "" if version.determined else ", text not in corpus" if not version.known else \
        ", text partly not in corpus"
    return f"{state}{made} ({period}{known})"


# long: Art. 12's cases in the order the article and 法释〔1997〕12号 ask them, each answered with its reasons
def applicable(timeline: Timeline, law: str, article: str, act_date: dt.date, judgment_date: dt.date, *,
               tier: str | None = None, interpretations: Sequence[Statute] = ()) -> Decision:
    """Return which version of an article applies to an act committed on ``act_date`` and judged on
    ``judgment_date`` under Art. 12, with the reasons in plain words (``timeline``: the law's; ``tier``: the tier
    the conduct fits, by number or words; ``interpretations``: the interpretations on the law's temporal effect)."""
    if judgment_date < act_date:
        raise LawdiffError(f"the judgment date {judgment_date} is before the act date {act_date}")
    try:
        key = numbering.article_key(article)
    except LawdiffError:
        raise UnknownProvision(f"not an article number: {article!r} (expected e.g. 253-1 or 第二百五十三条之一)") \
            from None
    label = numbering.article_label(key)
    versions = timeline.versions(key)
    if all(not v.in_force for v in versions):
        raise UnknownProvision(f"no article {key} ({label}) in {law} at any date")
    at_act, at_judgment = in_force_on(versions, act_date), in_force_on(versions, judgment_date)
    uncertain = tuple(m for m in timeline.uncertain(key, act_date) if act_date < m.adopted <= judgment_date)
    caveats = tuple(_caveat(m) for m in uncertain)
    start = timeline.start

    def decide(outcome: str, *reasons: str, comparison: Comparison | None = None, tiers: Sequence[TierAnswer] = (),
               by_tier: bool = False, citations: Sequence[Citation] = ()) -> Decision:
        return Decision(law, key, act_date, judgment_date, outcome, at_act, at_judgment, comparison, reasons,
                        tuple(tiers), by_tier, tuple(citations), caveats, uncertain, tier, start.name, start.date)

    if at_act is None:
        first = versions[0]
        if not first.in_force:
            since = next((v.start for v in versions if v.in_force), None)
            return decide(NOT_AN_OFFENCE, f"{label} did not exist at the time of the act: it took effect on {since}; "
                          "Art. 12 does not let a later law reach back (法不溯及既往).",
                          "Careful: the conduct may still have been a crime under the law then in force, which is "
                          "not in the corpus.")
        if not start.earlier_text:
            return decide(NOT_AN_OFFENCE, f"{law} was not in force at the time of the act: it took effect on "
                          f"{start.date} ({start.basis}).")
        return decide(NOT_IN_CORPUS, f"The act predates {start.date}, when the text the corpus holds took effect "
                      f"({start.basis}); the law then in force is not in the corpus, so its penalties cannot be "
                      "compared.")
    old = timeline.article_at(key, act_date)
    new = timeline.article_at(key, judgment_date)
    borrowed = borrowed_articles(old) if old is not None else []
    citations = _citations(interpretations, {key, *borrowed}, act_date, judgment_date)
    if not at_act.in_force or at_act.removed:
        since = next((v.start for v in versions if v.start and v.start > act_date and v.in_force), None)
        when = f" (it took effect on {since})" if since else ""
        if citations:  # a rule of the general part (从业禁止), not an offence: the interpretation says how it applies
            return decide(_cited_outcome(citations) or FOR_A_JUDGE, f"{label} was not in force at the time of the "
                          f"act{when}.", citations=citations)
        return decide(NOT_AN_OFFENCE,
                      f"{label} was not in force at the time of the act{when}: the act was not a crime under this "
                      "article then, and Art. 12 does not let a later law reach back (法不溯及既往).",
                      "Careful: the conduct may still have been a crime under another article in force at the time; "
                      "that is not checked here.")
    if at_judgment is None or not at_judgment.in_force or at_judgment.removed:
        lent = _sets_penalties_of(old)
        if old is not None and lent:
            return decide(JUDGMENT_VERSION, *_deleted_aggravation(timeline, label, old, lent, judgment_date))
        return decide(NOT_AN_OFFENCE,
                      f"{label} is no longer in force at judgment: the law at judgment does not punish the act under "
                      "this article, and Art. 12 then applies the law at judgment (不认为是犯罪的，适用本法).",
                      "Careful: the conduct may still be a crime under another article at judgment (an offence can "
                      "be moved rather than abolished); that is not checked here.")
    aggravations = _aggravations(timeline, key, act_date, judgment_date)
    lenders = [k for k in borrowed
               if in_force_on(timeline.versions(k), act_date) != in_force_on(timeline.versions(k), judgment_date)]
    unknown_lenders = [k for k in lenders if not all(v is not None and v.determined for v in (
        in_force_on(timeline.versions(k), act_date), in_force_on(timeline.versions(k), judgment_date)))]
    if at_act == at_judgment and not aggravations and not lenders:
        return decide(ACT_VERSION, "The article did not change between the two dates: one version applies.")
    intermediate = [v for v in versions if v.start and act_date < v.start <= judgment_date and v != at_judgment]
    notes = [f"Also in force in between: {_describe(v, start.name, start.date)}. Art. 12 compares the law at the "
             "time of the act with the law at judgment; whether a lighter law in force only in between applies is "
             "not decided here." for v in intermediate]
    notes += [f"{v.missing.did(key)}: the article's text before is not in the corpus." for v in versions
              if v.missing is not None and v.start and act_date < v.start <= judgment_date]
    comparison: Comparison | None = None
    changes: list[tuple[TierChange, str]] = []
    if unknown_lenders:
        return decide(NOT_IN_CORPUS, *notes, "The article itself did not change, but the penalties it applies from "
                      f"{'、'.join(map(numbering.article_label, unknown_lenders))} did, and their text at one of the "
                      "dates is not in the corpus: the penalties cannot be compared.", citations=citations)
    if at_act != at_judgment or lenders:
        comparison = compare(old, new, partial=True)
        changes = [(c, "") for c in comparison.changes]
        notes += [f"{numbering.provision_label(g.place)}: grounds of mandatory heavier punishment (从重处罚) "
                  f"{'only the law at judgment states' if g.added else 'the law at judgment no longer states'}: "
                  f"for conduct with one of them, punishment {'heavier' if g.added else 'lighter'} within the range; "
                  f"{ART12_INTERPRETATION} 第一条 compares the statutory ranges (法定刑), which it does not change."
                  for g in comparison.grounds]
    if at_act == at_judgment:
        notes.insert(0, "The article itself did not change between the two dates"
                        + ("" if at_act.known else " (its text then is not in the corpus)")
                        + (f"; the penalties it applies from {'、'.join(map(numbering.article_label, lenders))} did"
                           if lenders else "") + ".")
        if aggravations and not lenders:
            changes.append((TierChange(None, None, SAME), f"{label}'s own tiers"))
    changes += aggravations
    if not changes:
        if not (at_act.known and at_judgment.known):
            return decide(NOT_IN_CORPUS, "The text of a version is not in the corpus (the earlier text that an "
                          "amendment replaced), so the penalties cannot be compared.", *notes, citations=citations)
        outcome = _cited_outcome(citations)
        if outcome is not None:
            return decide(outcome, *notes, comparison=comparison, citations=citations)
        why = "; ".join(comparison.reasons) if comparison else ""
        return decide(FOR_A_JUDGE, f"The penalties could not be compared ({NOT_COMPARABLE}): {why}", *notes,
                      comparison=comparison, citations=citations)
    answers = _fold([_answer(n, change, source) for n, (change, source) in enumerate(changes, 1)])
    if tier is not None:
        answers = _select(answers, tier)
    summary = [f"Penalties: maximum {_range(comparison, 1)} ({comparison.maximum}), minimum {_range(comparison, 0)} "
               f"({comparison.minimum})."] if comparison and comparison.old_range and comparison.new_range else []
    if comparison and comparison.partial:
        summary.append("Part of a version's text is not in the corpus: only the tiers of the rest are compared.")
    outcomes = {(a.outcome, a.if_offence) for a in answers}
    if len(outcomes) == 1:
        outcome = answers[0].outcome
        return decide(outcome, *summary, *notes, comparison=comparison, tiers=answers, citations=citations)
    return decide(FOR_A_JUDGE, *summary, *notes, comparison=comparison, tiers=answers, by_tier=True,
                  citations=citations)


def _caveat(instrument: MissingInstrument) -> str:
    return (f"《{instrument.title}》 (adopted {instrument.adopted}) came between the two dates and is not in the "
            "corpus: the corpus does not show that it changed this article, and the answer takes it that it did not.")


# --- one tier ---------------------------------------------------------------------------------------


def _answer(number: int, change: TierChange, source: str) -> TierAnswer:
    """Return Art. 12 for one kind of conduct (rules 1–3 of the module docstring)."""
    label = change.label + (f" ({source})" if source and change.label else source)
    direction = change.direction
    if change.old is None and change.new is None:
        return TierAnswer(number, label, change, ACT_VERSION, ("the article did not change: one version applies.",))
    if direction == UNKNOWN_TEXT:
        return TierAnswer(number, label, change, NOT_IN_CORPUS, ("the text of this conduct in the other version is "
                                                                 "not in the corpus: cannot say.",))
    if direction == NEW:
        return TierAnswer(number, label, change, NOT_AN_OFFENCE, (
            "conduct this article did not punish at the time of the act: if the act fits only this description, it "
            "was not an offence under this article then, and Art. 12 does not let a later law reach back "
            "(当时的法律不认为是犯罪的，适用当时的法律).",))
    if direction == REMOVED:
        return TierAnswer(number, label, change, NOT_AN_OFFENCE, (
            "conduct this article no longer punishes at judgment: Art. 12 applies the law at judgment "
            "(本法不认为是犯罪的，适用本法) — unless another provision punishes it then.",))
    outcome = JUDGMENT_VERSION if direction == LIGHTER else ACT_VERSION
    why = {LIGHTER: "lighter: the law at judgment applies (从轻)", HEAVIER: "heavier: the law at the time of the act "
           "applies (从旧)", SAME: "the same: the law at the time of the act applies (从旧; "
           f"{ART12_INTERPRETATION} 第三条)", NEEDS_JUDGE: "in different directions"}[direction]
    if change.note:
        why += f" ({change.note})"
    if change.elements_changed:
        return TierAnswer(number, label, change, FOR_A_JUDGE, (
            f"the words describing the conduct changed (at the act: “{change.old_conduct}”; at judgment: "
            f"“{change.new_conduct}”): whether the act was an offence under the text at the time of the act is for "
            f"the judge — if it was not, it is not punishable; if it was, the penalties are {why}.",),
            if_offence=outcome)
    return TierAnswer(number, label, change, outcome, (f"{why}.",))


def _fold(answers: list[TierAnswer]) -> list[TierAnswer]:
    """Return the answers with those of a paragraph that only applies the tiers of others (单位犯前款罪的…依照前款的
    规定处罚) folded into the answers for the tiers it applies, where it changes nothing of them; renumbered."""
    own = {(a.change.old.source, a.change.new.source, a.change.old.grade, a.change.new.grade): a for a in answers
           if a.change.old is not None and a.change.new is not None and not a.change.old.borrowed_from
           and not a.change.new.borrowed_from}
    kept: list[TierAnswer] = []
    also: dict[int, list[str]] = {}
    for a in answers:
        c = a.change
        lent = own.get((c.old.borrowed_from, c.new.borrowed_from, c.old.grade, c.new.grade)) \
            if c.old is not None and c.new is not None and c.old.borrowed_from and c.new.borrowed_from else None
        if lent is not None and lent.change.direction == c.direction and not c.note and \
                not (c.elements_changed and not lent.change.elements_changed):
            place = numbering.provision_label(c.new.source) if c.new is not None else ""
            also.setdefault(lent.number, []).append(place)
            continue
        kept.append(a)
    out = []
    for n, a in enumerate(kept, 1):
        places = list(dict.fromkeys(also.get(a.number, [])))
        label = a.label + (f" (also as {'、'.join(places)} applies it)" if places else "")
        out.append(TierAnswer(n, label, a.change, a.outcome, a.reasons, a.if_offence))
    return out


def _select(answers: list[TierAnswer], tier: str) -> list[TierAnswer]:
    """Return the answers for the tier asked for: its number, or words of its grade or place."""
    if tier.isdigit():
        chosen = [a for a in answers if a.number == int(tier)]
    else:
        chosen = [a for a in answers if tier in a.label]
    if not chosen:
        listed = "; ".join(f"[{a.number}] {a.label}" for a in answers)
        raise LawdiffError(f"no tier {tier!r} (the tiers: {listed})")
    return chosen


def _range(comparison: Comparison | None, end: int) -> str:
    old = comparison.old_range[end].label if comparison and comparison.old_range else "—"
    new = comparison.new_range[end].label if comparison and comparison.new_range else "—"
    return f"{old} → {new}"


# --- penalties another article sets (rule 3) --------------------------------------------------------------

#: A tier for the offence of another article: 犯本节第一百七十条、第一百九十二条规定之罪，数额特别巨大…的.
_OTHERS_OFFENCE = re.compile(rf"^犯[^，；。]*?第{numbering.NUMERAL}条[^，；。]*?罪")


def _sets_penalties_of(article: Provision | None) -> list[str]:
    """Return the articles whose offence an article only sets heavier penalties for (its every tier for persons
    reads 犯…第X条…罪…的，处…), by key; [] for any other article."""
    if article is None or article.removed:
        return []
    tiers = [t for t in penalties(article) if not t.unit and t.principal]
    if not tiers or not all(_OTHERS_OFFENCE.match(t.condition) for t in tiers):
        return []
    own = numbering.ArticleNumber.parse(article.eid.removeprefix("art_")).key
    return list(dict.fromkeys(k for t in tiers for k in _articles_named(t.condition) if k != own))


_ARTICLE = re.compile(rf"第{numbering.NUMERAL}条(?:之{numbering.NUMERAL})?")


def _articles_named(words: str) -> list[str]:
    return [numbering.article_key(m.group(0)) for m in _ARTICLE.finditer(words)]


def _lent_tiers(timeline: Timeline, key: str, date: dt.date) -> list[tuple[str, Tier]]:
    """Return the tiers other articles in force on a date set for the offence of an article, with their keys."""
    state = timeline.state_at(date)
    if state is None:
        return []
    memo_key = ("lent", id(state[1]))
    if memo_key not in timeline.memo:  # read once per version (setdefault would read it at every call)
        timeline.memo[memo_key] = _lending_index(state[1])
    index = timeline.memo[memo_key]
    return [(other, t) for other, t in index.get(key, [])]


def _lending_index(statute: Statute) -> dict[str, list[tuple[str, Tier]]]:
    """Return, for each article, the tiers other articles set for its offence (read once per version)."""
    out: dict[str, list[tuple[str, Tier]]] = {}
    for article in statute.articles():
        if not any(_OTHERS_OFFENCE.match(p.own_text) for p in article.paragraphs()):
            continue
        for key in _sets_penalties_of(article):
            other = numbering.ArticleNumber.parse(article.eid.removeprefix("art_")).key
            out.setdefault(key, []).extend((other, t) for t in penalties(article) if not t.unit and t.principal)
    return out


def _aggravations(timeline: Timeline, key: str, act: dt.date, judgment: dt.date) -> list[tuple[TierChange, str]]:
    """Return how the tiers other articles set for this article's offence changed between the dates."""
    before, after = _lent_tiers(timeline, key, act), _lent_tiers(timeline, key, judgment)
    own = timeline.article_at(key, judgment)
    own_tiers = [t for t in penalties(own) if not t.unit and t.principal] if own is not None else []
    out: list[tuple[TierChange, str]] = []
    for other, tier in before:
        match = next((t for o, t in after if o == other and t.grade == tier.grade), None)
        source = f"set by {numbering.article_label(other)} for {numbering.article_label(key)}'s offence"
        if match is not None:
            if (match.maximum(), match.minimum()) != (tier.maximum(), tier.minimum()):
                out.append((TierChange(tier, match, HEAVIER if match.maximum() > tier.maximum() else LIGHTER), source))
            continue
        gone = f"{numbering.article_label(other)} no longer sets it at judgment: the conduct is punished under " \
               f"{numbering.article_label(key)} alone"
        if own_tiers:
            fallback = max(own_tiers, key=lambda t: t.maximum())
            direction = LIGHTER if fallback.maximum() < tier.maximum() else \
                HEAVIER if fallback.maximum() > tier.maximum() else SAME
            out.append((TierChange(tier, fallback, direction, note=gone), source))
        else:
            # The other article existed to punish this offence more heavily than its own article does: with it
            # gone, the range it set is gone (the own article's text then is not in the corpus to compare).
            out.append((TierChange(tier, None, LIGHTER, note=f"{gone}, whose text then is not in the corpus; "
                                   f"the range {numbering.article_label(other)} set — above the article's own, which "
                                   "is why it was set — is gone"), source))
    for other, tier in after:
        if not any(o == other and t.grade == tier.grade for o, t in before):
            source = f"set by {numbering.article_label(other)} for {numbering.article_label(key)}'s offence"
            out.append((TierChange(None, tier, HEAVIER, note="a range set only at judgment"), source))
    return out


def _deleted_aggravation(timeline: Timeline, label: str, old: Provision, lent: list[str],
                         judgment: dt.date) -> tuple[str, ...]:
    """Return why an article deleted by judgment that only set heavier penalties for the offences of other articles
    leaves the conduct punishable, more lightly (rule 3)."""
    others = "、".join(numbering.article_label(k) for k in lent)
    tiers = [t for t in penalties(old) if not t.unit and t.principal]
    ranges = "; ".join(f"{t.condition}: {t.minimum().label}–{t.maximum().label}" for t in tiers)
    states = []
    for key in lent:
        own = timeline.article_at(key, judgment)
        known = own is not None and not own.removed and UNKNOWN not in own.text
        states.append(f"{numbering.article_label(key)} (its text then {'in' if known else 'not in'} the corpus)")
    return (f"{label} only set a heavier penalty for the offence of {others} (every tier reads 犯…罪…的: {ranges}); "
            f"deleting it did not make the conduct lawful — it is still punished at judgment, under "
            f"{'、'.join(states)}, without the range {label} set.",
            f"Not 不认为是犯罪: the law at judgment punishes the conduct more lightly (处刑较轻: the range {label} set "
            "is gone), so Art. 12 applies it (从轻).")


# --- the interpretations on temporal effect (rule 4) ----------------------------------------------------

_BEFORE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日以前")
_CITED = re.compile(rf"(修正前|修正后|修订前|修订后)?刑法第({numbering.NUMERAL})条(?:之({numbering.NUMERAL}))?"
                    rf"((?:第{numbering.NUMERAL}款)?(?:(?:、|或者|和)第{numbering.NUMERAL}条(?:之{numbering.NUMERAL})?"
                    rf"(?:第{numbering.NUMERAL}款)?)*)")


def _citations(interpretations: Sequence[Statute], wanted: set[str], act: dt.date,
               judgment: dt.date) -> list[Citation]:
    """Return the articles of the interpretations that name one of the ``wanted`` articles (the article asked about
    and those it applies the penalties of) for an act before the day they mark and a judgment after it."""
    out = []
    for statute in interpretations:
        for article in statute.articles():
            text = article.text
            m = _BEFORE.search(text)
            if m is None:
                continue
            boundary = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) + dt.timedelta(days=1)
            if not act < boundary <= judgment:
                continue
            if not wanted & _named(text):
                continue
            later = bool(re.search(r"(?<!不)适用修[正订]后", text))
            earlier = bool(re.search(r"(?<!不)适用修[正订]前|不适用修[正订]后", text))
            outcome = JUDGMENT_VERSION if later and not earlier else ACT_VERSION if earlier and not later else None
            out.append(Citation(statute.title, article.num, text, outcome))
    return out


def _named(text: str) -> set[str]:
    """Return the Criminal Law articles a text names (修正后刑法第三十八条第二款或者第七十二条第二款: 38, 72)."""
    out = set()
    for m in _CITED.finditer(text):
        out.add(numbering.ArticleNumber(numbering.parse_chinese(m.group(2)),
                                        numbering.parse_chinese(m.group(3)) if m.group(3) else 0).key)
        out |= {numbering.article_key(more.group(0)) for more in _ARTICLE.finditer(m.group(4))}
    return out


def _cited_outcome(citations: Sequence[Citation]) -> str | None:
    outcomes = {c.outcome for c in citations}
    return outcomes.pop() if len(outcomes) == 1 and None not in outcomes else None


__all__ = ["ACT_VERSION", "FOR_A_JUDGE", "JUDGMENT_VERSION", "NOT_AN_OFFENCE", "NOT_IN_CORPUS", "Citation", "Decision",
           "TierAnswer", "applicable"]
