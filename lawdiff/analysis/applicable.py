"""Which version of an article applies to an act: Criminal Law Article 12, 从旧兼从轻.

Art. 12 applies the law in force when the act was committed (行为时法), unless the law in force at judgment
(裁判时法) does not treat the act as a crime or punishes it more lightly (处刑较轻). What 处刑较轻 means is settled by
the SPC's interpretation 法释〔1997〕12号: the lower statutory maximum, or with equal maxima the lower minimum, of the
tier (法定刑幅度) the conduct falls in — compared here by `penalties.compare`, which leaves to a judge the cases
whose tiers moved in different directions.

Everything is said for *this article* only: an act outside it at one date may well fall under another article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lawdiff.akn import numbering
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.timeline import Timeline, Version, in_force_on
from lawdiff.analysis.penalties import HEAVIER, LIGHTER, NEEDS_JUDGE, NOT_COMPARABLE, SAME, Comparison, compare
from lawdiff.errors import LawdiffError

#: What a decision comes to.
ACT_VERSION = "the version in force at the time of the act (行为时法)"
JUDGMENT_VERSION = "the version in force at judgment (裁判时法)"
NOT_AN_OFFENCE = "no version: not an offence under this article"
FOR_A_JUDGE = "a judge must decide"
NOT_IN_CORPUS = "cannot say: a text is not in the corpus"


@dataclass(frozen=True)
class Decision:
    """Which version of an article applies to an act, and why."""

    law: str
    article: str  # the article key, 253-1
    act_date: dt.date
    judgment_date: dt.date
    outcome: str  # ACT_VERSION, JUDGMENT_VERSION, NOT_AN_OFFENCE, FOR_A_JUDGE or NOT_IN_CORPUS
    at_act: Version | None  # None: before the corpus begins (the 1997 revision)
    at_judgment: Version | None
    comparison: Comparison | None
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return numbering.article_label(self.article)

    def explain(self) -> str:
        """Return the decision as a few lines of plain text."""
        lines = [f"{self.label}: act on {self.act_date}, judgment on {self.judgment_date} — Criminal Law Art. 12, "
                 "从旧兼从轻 (the law at the time of the act, unless the law at judgment is lighter)",
                 f"at the act: {_describe(self.at_act)}",
                 f"at judgment: {_describe(self.at_judgment)}"]
        lines += self.reasons
        lines.append(f"applies: {self.outcome}")
        return "\n".join(lines) + "\n"


def _describe(version: Version | None) -> str:
    if version is None:
        return "before 1997-10-01, when the 1997 revision took effect: the 1979 Criminal Law, not in the corpus"
    period = f"{version.start} – {version.end or 'now'}"
    if not version.in_force:
        return f"not in force ({period})"
    made = f"the version of 《{version.instrument}》 item {version.item}" if version.instrument else \
        "the text of the 1997 revision"
    state = "deleted （删去）, " if version.removed else ""
    known = "" if version.determined else ", text not in corpus"
    return f"{state}{made} ({period}{known})"


def _provision(statute: Statute, key: str) -> Provision | None:
    el = statute.find(numbering.ArticleNumber.parse(key).eid)
    return Provision(el) if el is not None else None


def applicable(timeline: Timeline, law: str, article: str, act_date: dt.date, judgment_date: dt.date) -> Decision:
    """Return which version of an article applies to an act committed on ``act_date`` and judged on
    ``judgment_date`` under Art. 12, with the reasons in plain words (``timeline``: the law's)."""
    if judgment_date < act_date:
        raise LawdiffError(f"the judgment date {judgment_date} is before the act date {act_date}")
    key = numbering.article_key(article)
    label = numbering.article_label(key)
    versions = timeline.versions(key)
    at_act, at_judgment = in_force_on(versions, act_date), in_force_on(versions, judgment_date)

    def decide(outcome: str, *reasons: str, comparison: Comparison | None = None) -> Decision:
        return Decision(law, key, act_date, judgment_date, outcome, at_act, at_judgment, comparison, reasons)

    if at_act is None:
        return decide(NOT_IN_CORPUS, "The act predates the 1997 revision; the law then in force (the 1979 Criminal "
                                     "Law) is not in the corpus, so its penalties cannot be compared.")
    if not at_act.in_force or at_act.removed:
        since = next((v.start for v in versions if v.start and v.start > act_date and v.in_force), None)
        when = f" (it took effect on {since})" if since else ""
        return decide(NOT_AN_OFFENCE,
                      f"{label} was not in force at the time of the act{when}: the act was not a crime under this "
                      "article then, and Art. 12 does not let a later law reach back (法不溯及既往).",
                      "Careful: the conduct may still have been a crime under another article in force at the time; "
                      "that is not checked here.")
    if at_judgment is None or not at_judgment.in_force or at_judgment.removed:
        return decide(NOT_AN_OFFENCE,
                      f"{label} is no longer in force at judgment: the law at judgment does not punish the act under "
                      "this article, and Art. 12 then applies the law at judgment (不认为是犯罪的，适用本法).",
                      "Careful: the conduct may still be a crime under another article at judgment (an offence can "
                      "be moved rather than abolished); that is not checked here.")
    if at_act == at_judgment:
        return decide(ACT_VERSION, "The article did not change between the two dates: one version applies.")
    intermediate = [v for v in versions if v.start and act_date < v.start <= judgment_date and v != at_judgment]
    notes = [f"Also in force in between: {_describe(v)}. Art. 12 compares the law at the time of the act with the "
             "law at judgment; whether a lighter law in force only in between applies is not decided here."
             for v in intermediate]
    if not (at_act.determined and at_judgment.determined):
        return decide(NOT_IN_CORPUS, "Part of a version's text is not in the corpus (the 1997 text that an "
                                     "amendment replaced), so the penalties cannot be compared.", *notes)
    old_state, new_state = timeline.state_at(act_date), timeline.state_at(judgment_date)
    old = _provision(old_state[1], key) if old_state else None
    new = _provision(new_state[1], key) if new_state else None
    comparison = compare(old, new)
    summary = (f"Penalties: maximum {_range(comparison, 1)} ({comparison.maximum}), minimum "
               f"{_range(comparison, 0)} ({comparison.minimum}).")
    moved = [f"  {reason}" for reason in comparison.reasons]
    if comparison.verdict == LIGHTER:
        return decide(JUDGMENT_VERSION, summary, *moved, "The law at judgment punishes more lightly (处刑较轻): it "
                      "applies (从轻).", *notes, comparison=comparison)
    if comparison.verdict in (HEAVIER, SAME):
        why = "punishes more heavily" if comparison.verdict == HEAVIER else "punishes the same"
        return decide(ACT_VERSION, summary, *moved, f"The law at judgment {why}: the law at the time of the act "
                      "applies (从旧).", *notes, comparison=comparison)
    if comparison.verdict == NEEDS_JUDGE:
        return decide(FOR_A_JUDGE, summary, *moved, "The tiers changed in different directions: which version is "
                      "lighter depends on the tier the conduct falls in (法释〔1997〕12号 art. 2), a question of fact "
                      "for the judge.", *notes, comparison=comparison)
    return decide(FOR_A_JUDGE, f"The penalties could not be compared ({NOT_COMPARABLE}): "
                  + "; ".join(comparison.reasons), *notes, comparison=comparison)


def _range(comparison: Comparison, end: int) -> str:
    old = comparison.old_range[end].label if comparison.old_range else "—"
    new = comparison.new_range[end].label if comparison.new_range else "—"
    return f"{old} → {new}"
