"""What the timeline says about one article, worded for people: text on a date, history, blame, verify."""

from __future__ import annotations

import datetime as dt

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.amending.sources import CHANGED
from lawdiff.amending.timeline import Caveat, Timeline, Version, in_force_on
from lawdiff.analysis.refs import dangling_after
from lawdiff.errors import UnknownProvision
from lawdiff.importing.instrument import Instrument
from lawdiff.rendering.text import display_width

NOT_IN_CORPUS = "text not in corpus"
#: Printed after the paragraphs of a partial version: the article may go on, and what follows is not in the corpus.
FURTHER_PARAGRAPHS = "〔其后各款（如有）不在语料中 any further paragraphs: text not in corpus〕"


def _key(article: str) -> str:
    try:
        return numbering.ArticleNumber.parse(article).key
    except Exception:
        raise UnknownProvision(f"not an article number: {article!r} (expected e.g. 253-1 or 第二百五十三条之一)") \
            from None


def _versions(timeline: Timeline, key: str, law: str) -> list[Version]:
    versions = timeline.versions(key)
    if all(not v.in_force for v in versions):
        raise UnknownProvision(f"no article {key} ({numbering.article_label(key)}) in {law} at any date")
    return versions


def made_by(timeline: Timeline, v: Version) -> str:
    """Return who made a version, for people: 《title》 item N, the base text's name, or a missing instrument."""
    if v.instrument is None:
        return timeline.start.name
    if v.missing is not None:
        return f"《{v.instrument}》 (not in the corpus)"
    return f"《{v.instrument}》" + (f" item {v.item}" if v.item else "")


def _next_change(versions: list[Version], v: Version) -> Version | None:
    later = versions[versions.index(v) + 1:]
    return later[0] if later else None


def before_start(timeline: Timeline, key: str, date: dt.date) -> str:
    """Return why an article cannot be shown for a date before the text the corpus holds took effect."""
    label = numbering.article_label(key)
    start = timeline.start
    versions = timeline.versions(key)
    first = versions[0] if versions else None
    if first is not None and not first.in_force:
        following = _next_change(versions, first)
        added = f": it was added by {made_by(timeline, following)}, in force from {following.start}" \
            if following else ""
        return f"{label} did not exist on {date}{added}."
    if not start.earlier_text:
        return f"{label} was not in force on {date}: the law took effect on {start.date} ({start.basis})."
    return f"{label} on {date}: {NOT_IN_CORPUS} (the corpus begins with {start.name}, in force from {start.date}: " \
           f"{start.basis})."


def text_at(timeline: Timeline, law: str, article: str, date: dt.date) -> str:
    """Return the article as in force on a date, or a sentence saying why it cannot be shown."""
    key = _key(article)
    label = numbering.article_label(key)
    versions = _versions(timeline, key, law)
    if date < timeline.start.date:
        return before_start(timeline, key, date)
    version = in_force_on(versions, date)
    if version is None:
        raise UnknownProvision(f"{label}: no version in force on {date}")
    following = _next_change(versions, version)
    if not version.in_force:
        added = f": it was added by {made_by(timeline, following)}, in force from {following.start}" \
            if following else ""
        return f"{label} was not in force on {date}{added}."
    assert version.blocks is not None
    caveats = [f"（{c.sentence()}.）" for c in timeline.caveats(key, version)
               if (c.instrument.adopted > date) == c.before]
    if version.determined:
        return "\n\n".join([*version.blocks, *caveats])
    if following is None:
        changed = ""
    elif following.missing is not None:
        changed = f", before {following.missing.did(key)}"
    else:
        changed = f", before {made_by(timeline, following)} changed it"
    if not version.known:
        return f"{label} on {date}: {NOT_IN_CORPUS} (the text of {made_by(timeline, version)}{changed})."
    shown = [*version.blocks, *([FURTHER_PARAGRAPHS] if version.tail_unknown else [])]
    if version.instrument is not None and version.missing is None:
        whose = f"the words of {made_by(timeline, version)}, in force from {version.start}"
    else:
        whose = f"the text of {made_by(timeline, version)}"
    note = f"（〔…〕: {NOT_IN_CORPUS}. The paragraphs shown are {whose}; the rest of the article is the earlier " \
           f"text, which the corpus does not hold{changed}.）"
    return "\n\n".join([*shown, note, *caveats])


def history_lines(timeline: Timeline, law: str, article: str) -> list[str]:
    """Return one line per version of an article: the period in force, and the instrument and item."""
    key = _key(article)
    versions = _versions(timeline, key, law)
    adopted = {ins.title: ins.adopted for ins in timeline.instruments}
    lines = [f"{numbering.article_label(key)} ({key})"]
    for v in versions:
        period = f"{v.start} – {v.end or 'now'}"
        if not v.in_force:
            what = "not in force"
        elif v.removed:
            what = f"deleted by {made_by(timeline, v)}"
        else:
            what = made_by(timeline, v)
            if v.missing is not None:
                evidence = v.missing.about(key)
                did = "changed" if evidence is not None and evidence.certainty == CHANGED else "may have changed"
                what += f", adopted {v.missing.adopted}; the corpus shows it {did} this article"
                if evidence is not None:
                    what += f" ({evidence.source})"
            elif v.instrument:
                what += f", adopted {adopted[v.instrument]}"
            if not v.known:
                what += f" ({NOT_IN_CORPUS})"
            elif not v.determined:
                what += f" ({NOT_IN_CORPUS} in part)"
            what += _caveats(timeline.caveats(key, v))
        lines.append(f"  {period:<25} {what}")
    return lines


def _caveats(caveats: list[Caveat]) -> str:
    """Return a version's caveats in a history line: "; may differ before 1998-12-29 and 2009-08-27 (…)"."""
    out = ""
    for before in (True, False):
        dates = [str(c.instrument.adopted) for c in caveats if c.before == before]
        if dates:
            out += f"; may differ {'before' if before else 'from'} {' and '.join(dates)} (an instrument not in the " \
                   "corpus then)"
    return out


def blame_lines(timeline: Timeline, law: str, article: str) -> list[str]:
    """Return each paragraph and point of the current text with the instrument and item that introduced it."""
    key = _key(article)
    _versions(timeline, key, law)
    out = []
    for block, event, item in timeline.blame(key):
        if event is None:
            origin = timeline.start.name.removeprefix("the ")
        elif isinstance(event, Instrument):
            number = item.label or str(item.number) if item else "?"
            origin = f"{event.title.replace('中华人民共和国', '')} {number}"
        else:
            origin = f"{event.title.replace('全国人民代表大会常务委员会', '')} (not in corpus)"
        out.append(f"{origin}{' ' * max(1, 24 - display_width(origin))}│ {block}")
    return out


def verify_lines(timeline: Timeline, law: str) -> tuple[list[str], bool]:
    """Return the verification report as lines, and whether it found no disagreement."""
    report = timeline.verify()
    stored = [(k, e) for k, e in enumerate(timeline.events) if isinstance(e, Instrument)]
    warnings = [f"warning: 《{ins.title}》: {w.message}" for k, ins in stored
                for w in dangling_after(timeline.event_states[k], timeline.event_states[k + 1])]
    lines = [
        f"replayed {report.instruments} instruments ({report.operations} operations) on {law}",
        f"article changes checked: {report.checked}, agreeing: {report.agreeing}, undetermined: "
        f"{report.undetermined}, disagreeing: {len(report.disagreements)}",
        f"texts set by an instrument and still in force: {report.consolidated_checked}, equal to the consolidated "
        f"text: {report.consolidated_agreeing}",
        f"known text from {timeline.start.date} ({timeline.start.basis})",
    ]
    for m in report.missing:
        changed = [e.article for e in m.evidence if e.certainty == CHANGED]
        maybe = [e.article for e in m.evidence if e.certainty != CHANGED]
        found = "; ".join(x for x in (f"changed {', '.join(changed)}" if changed else "",
                                       f"may have changed {', '.join(maybe)}" if maybe else "") if x)
        found = found or "the corpus shows no article it changed"
        lines.append(f"not in the corpus: 《{m.title}》 ({m.adopted}): {found} — not replayed; before it, those "
                     "texts are not in the corpus and the others may differ")
    for a in report.anchors:
        filled = f" ({', '.join(a.filled)})" if a.filled else ""
        lines.append(f"the consolidation of {a.date}: {a.equal} articles equal to the text derived for that date, "
                     f"{len(a.filled)} taken from it{filled}, {len(a.differing)} differing")
    lines += [f"left out of the versions, a note of the consolidation: {note}" for note in report.notes]
    lines.append(f"references whose words now point elsewhere after an instrument: {len(warnings)}")
    lines += warnings
    lines += [f"disagreement: {d}" for d in report.disagreements]
    lines.append("ok" if report.ok else "FAILED")
    return lines, report.ok


__all__ = ["FURTHER_PARAGRAPHS", "NOT_IN_CORPUS", "UNKNOWN", "before_start", "blame_lines", "history_lines",
           "made_by", "text_at", "verify_lines"]
