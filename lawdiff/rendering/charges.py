"""The charge names (罪名) of a law in words: an article's names now and earlier, on a date, or the whole table."""

from __future__ import annotations

import datetime as dt

from lawdiff.akn.model import Statute
from lawdiff.akn.numbering import ArticleNumber, article_label, eid, paragraph_label
from lawdiff.amending.proposals.model import Proposal
from lawdiff.analysis.charges import Charge, ChargeTable, ProposedName, Source, labels
from lawdiff.errors import LawdiffError, UnknownProvision


def _period(c: Charge) -> str:
    return f"{c.start} – {c.end or 'now'}"


def _source(table: ChargeTable, source: Source) -> str:
    return f"{table.documents[source.document].label}, line {source.line}"


def charge_line(table: ChargeTable, c: Charge) -> str:
    """Return one entry as a line: provisions, name, period, source."""
    return f"{labels(c.provisions)}  {c.name}  {_period(c)}  {_source(table, c.source)}"


def describe(table: ChargeTable, article: str | None = None, at: dt.date | None = None,
             paragraph: int | None = None) -> str:
    """Return the names of an article (or the whole table) as plain text: on a date with what the documents left
    open then, or — without a date — the current names and the earlier ones with what replaced them."""
    key = ArticleNumber.parse(article).key if article else None
    heading = article_label(key) if key else table.law
    if key and paragraph is not None:
        heading += paragraph_label(paragraph)
    out: list[str] = []
    if at is not None:
        found = table.lookup(at, key, paragraph)
        out.append(f"{heading} on {at}")
        out += [f"  {charge_line(table, c)}" for c in found.charges] or ["  no charge name"]
        out += [f"  note: {note}" for note in found.notes]
    elif key is None:
        out.append(f"{heading}: {len(table.charges)} entries (a name for a period) from {len(table.documents)} "
                   "documents")
        for c in table.charges:
            out.append(f"  {charge_line(table, c)}")
            out += [f"    note: {note}" for note in c.notes]
        out.append("documents")
        out += [f"  {d.label}: {d.file} — {d.title}, from {d.effective}" for d in table.documents.values()]
        out.append("notes")
        out += [f"  {_source(table, Source(t.document, t.line))}: {t.text}" for t in table.notes]
    else:
        current = sorted(table.current(key, paragraph), key=lambda c: [p.sort_key() for p in c.provisions])
        out.append(f"{heading}: charge names")
        if not table.knows(key, paragraph):
            out.append("  none: the charge documents name no offence for it")
        elif not current:
            out.append("  none now")
        for c in current:
            out.append(f"  {charge_line(table, c)}")
            out += [f"    note: {note}" for note in c.notes]
        history = table.history(key, paragraph)
        if history:
            out.append("earlier names")
        for c, after in history:
            ended = table.documents[c.ended_by.document].label if c.ended_by else "?"
            then = "、".join(s.name for s in after) or "abolished"
            out.append(f"  {charge_line(table, c)} → {then} ({ended}, line {c.ended_by.line if c.ended_by else '?'})")
            out += [f"    note: {note}" for note in c.notes]
        out += [f"  note: {_source(table, Source(t.document, t.line))}: {t.text}" for t in table.notes
                if t.article == key]
    return "\n".join(out) + "\n"


def charges_report(table: ChargeTable, statute: Statute, article: str | None = None, at: dt.date | None = None,
                   paragraph: int | None = None) -> str:
    """Return `describe` for a law (``statute``: its text in force), refusing an article or paragraph that neither
    the charge table lists nor the statute has."""
    if article is None:
        if paragraph is not None:
            raise LawdiffError("--paragraph needs an article")
        return describe(table, None, at)
    key = ArticleNumber.parse(article).key
    if not table.knows(key):
        statute.article(key)  # raises UnknownProvision for an article the statute does not have
    listed = any(p.article == key and p.paragraph == paragraph for c in table.of(key) for p in c.provisions)
    if paragraph is not None and not listed and statute.find(eid(key, paragraph)) is None:
        raise UnknownProvision(f"no paragraph {paragraph} in {article_label(key)} and no charge name listed for it",
                               path=statute.path)
    return describe(table, key, at, paragraph)


def proposed_report(proposal: Proposal, names: list[ProposedName], article: str | None = None,
                    paragraph: int | None = None) -> str:
    """Return the charge names a proposal proposes (of an article, or of a paragraph, when given), each with the
    names in use on its base date that it would replace, or as a new offence where there are none."""
    key = ArticleNumber.parse(article).key if article else None
    if key is None and paragraph is not None:
        raise LawdiffError("--paragraph needs an article")
    shown = [n for n in names if key is None or (n.proposed.article == key and (
        paragraph is None or n.proposed.paragraph in (None, paragraph)))]
    out = [f"charge names proposed by {proposal.id} (proposed only: the SPC and SPP fix charge names)"]
    if not shown:
        where = "" if key is None else " for " + article_label(key) + (paragraph_label(paragraph) if paragraph else "")
        out.append(f"  none proposed{where}")
    for n in shown:
        then = "、".join(f"{c.name} ({_period(c)})" for c in n.replaces)
        what = f"would replace {then}" if then else f"a new name (none in use on {proposal.base_date})"
        out.append(f"  {n.proposed.label}  {'、'.join(n.proposed.names)}  {what}")
    return "\n".join(out) + "\n"
