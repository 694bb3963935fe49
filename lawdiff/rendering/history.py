"""What the timeline says about one article, worded for people: text on a date, history, blame, verify."""

from __future__ import annotations

import datetime as dt

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.amending.timeline import REVISION_IN_FORCE, Timeline, Version, in_force_on
from lawdiff.analysis.refs import dangling_after
from lawdiff.errors import UnknownProvision
from lawdiff.rendering.text import display_width

NOT_IN_CORPUS = "text not in corpus"


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


def _made_by(v: Version) -> str:
    if v.instrument is None:
        return "the 1997 revision"
    return f"《{v.instrument}》" + (f" item {v.item}" if v.item else "")


def _next_change(versions: list[Version], v: Version) -> Version | None:
    later = versions[versions.index(v) + 1:]
    return later[0] if later else None


def text_at(timeline: Timeline, law: str, article: str, date: dt.date) -> str:
    """Return the article as in force on a date, or a sentence saying why it cannot be shown."""
    key = _key(article)
    label = numbering.article_label(key)
    versions = _versions(timeline, key, law)
    if date < REVISION_IN_FORCE:
        return f"{label} on {date}: {NOT_IN_CORPUS} (the corpus begins with the 1997 revision, in force from " \
               f"{REVISION_IN_FORCE})."
    version = in_force_on(versions, date)
    if version is None:
        raise UnknownProvision(f"{label}: no version in force on {date}")
    if not version.in_force:
        following = _next_change(versions, version)
        added = f": it was added by {_made_by(following)}, in force from {following.start}" if following else ""
        return f"{label} was not in force on {date}{added}."
    assert version.blocks is not None
    if version.determined:
        return "\n\n".join(version.blocks)
    following = _next_change(versions, version)
    changed = f", before {_made_by(following)} changed it" if following else ""
    if all(UNKNOWN in b for b in version.blocks):
        return f"{label} on {date}: {NOT_IN_CORPUS} (the text of {_made_by(version)}{changed})."
    shown = "\n\n".join(version.blocks)
    return f"{shown}\n\n（〔…〕: {NOT_IN_CORPUS} — the text of {_made_by(version)}{changed}.）"


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
            what = f"deleted by {_made_by(v)}"
        else:
            what = _made_by(v)
            if v.instrument:
                what += f", adopted {adopted[v.instrument]}"
            if not v.determined:
                what += f" ({NOT_IN_CORPUS})"
        lines.append(f"  {period:<25} {what}")
    return lines


def blame_lines(timeline: Timeline, law: str, article: str) -> list[str]:
    """Return each paragraph and point of the current text with the instrument and item that introduced it."""
    key = _key(article)
    _versions(timeline, key, law)
    out = []
    for block, instrument, item in timeline.blame(key):
        if instrument is None:
            origin = "1997 revision"
        else:
            number = item.label or str(item.number) if item else "?"
            origin = f"{instrument.title.replace('中华人民共和国', '')} {number}"
        out.append(f"{origin}{' ' * (24 - display_width(origin))}│ {block}")
    return out


def verify_lines(timeline: Timeline, law: str) -> tuple[list[str], bool]:
    """Return the verification report as lines, and whether it found no disagreement."""
    report = timeline.verify()
    warnings = [f"warning: 《{ins.title}》: {w.message}" for k, ins in enumerate(timeline.instruments, 1)
                for w in dangling_after(timeline.states[k - 1], timeline.states[k])]
    lines = [
        f"replayed {report.instruments} instruments ({report.operations} operations) on {law}",
        f"article changes checked: {report.checked}, agreeing: {report.agreeing}, undetermined: "
        f"{report.undetermined}, disagreeing: {len(report.disagreements)}",
        f"texts set by an instrument and still in force: {report.consolidated_checked}, equal to the consolidated "
        f"text: {report.consolidated_agreeing}",
    ]
    lines.append(f"references whose words now point elsewhere after an instrument: {len(warnings)}")
    lines += warnings
    lines += [f"disagreement: {d}" for d in report.disagreements]
    lines.append("ok" if report.ok else "FAILED")
    return lines, report.ok
