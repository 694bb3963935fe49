"""Reports for the command line: penalties compared, proposals' conflicts, references, the result of applying
proposals — each a plain-text rendering of what the library worked out."""

from __future__ import annotations

from collections.abc import Sequence

from lawdiff.akn import numbering
from lawdiff.amending.proposals import Matrix, RebaseConflict
from lawdiff.analysis.impact import Applied
from lawdiff.analysis.penalties import Comparison
from lawdiff.analysis.refs import ArticleRefs, Ref
from lawdiff.rendering.text import columns


def penalties_table(comparisons: Sequence[Comparison]) -> str:
    """Return a plain-text table: per article, the maximum and minimum before → after, and the verdict."""
    rows = [("article", "maximum", "change", "minimum", "change", "verdict")]
    for c in comparisons:
        old_max = c.old_range[1].label if c.old_range else "—"
        new_max = c.new_range[1].label if c.new_range else "—"
        old_min = c.old_range[0].label if c.old_range else "—"
        new_min = c.new_range[0].label if c.new_range else "—"
        rows.append((c.label, f"{old_max} → {new_max}", c.maximum, f"{old_min} → {new_min}", c.minimum, c.verdict))
    lines = columns(rows)
    lines.extend(f"  {reason}" for c in comparisons for reason in c.reasons)
    return "\n".join(lines) + "\n"


def conflicts_table(matrix: Matrix) -> str:
    """Return the conflict matrix as a text table (one row per pair) followed by what went wrong for each pair."""
    rows = [("proposal A", "proposal B", "both change", "A then B", "B then A", "result")]
    for pair in matrix.pairs:
        rows.append((pair.first, pair.second, "、".join(pair.shared) or "—", "fails" if pair.forward else "applies",
                     "fails" if pair.backward else "applies", pair.status))
    lines = columns(rows, rule=True)
    notes = []
    for pair in matrix.pairs:
        if pair.status == "differ":
            notes.append(f"{pair.first} × {pair.second}: the two orders give different text in "
                         f"{'、'.join(pair.differing)}")
        for first, second, error in ((pair.first, pair.second, pair.forward), (pair.second, pair.first,
                                                                                pair.backward)):
            if error:
                notes.append(f"{first} then {second}: {error}")
    return "\n".join([*lines, "", *notes] if notes else lines) + "\n"


def refs_report(refs: ArticleRefs) -> str:
    """Return the references an article makes and those made to it, one per line, resolved to provisions."""
    def where(ref: Ref) -> str:
        targets = "、".join(numbering.provision_label(t) if t.startswith("art_") else t for t in ref.targets)
        if ref.law and ref.law != refs.law:
            targets = f"{ref.law} {targets}".strip()
        return targets or "(unresolved)"

    out = [f"{numbering.provision_label(refs.eid)}: references made"]
    for ref in refs.outgoing:
        out.append(f"  {numbering.provision_label(ref.source)}: “{ref.words}” → {where(ref)}")
    out.append("references to it")
    for ref in refs.incoming:
        source = numbering.provision_label(ref.source) if ref.source.startswith("art_") else ref.source
        prefix = "" if ref.origin == refs.law else f"{ref.origin} "
        out.append(f"  {prefix}{source}: “{ref.words}”")
    return "\n".join(out) + "\n"


def applied_report(applied: Applied) -> tuple[str, str]:
    """Return what applying proposals came to, as (the report, the warnings): each article they change as printed
    and where else each replaced term occurs; the references that now point elsewhere."""
    out = ["\n\n".join(blocks) + "\n" for blocks in applied.articles]
    for term, found in applied.terms:
        out.append(f"“{term}” also occurs in {len(found)} other place(s):")
        out += [f"  {occ.law} {occ.label}: {occ.snippet}" for occ in found]
    warnings = [f"warning: {warning.message}" for warning in applied.warnings]
    return "".join(line + "\n" for line in out), "".join(line + "\n" for line in warnings)


def conflict_report(conflict: RebaseConflict) -> str:
    """Return each conflict of a proposal that does not apply: where, the text expected and the text found."""
    lines = []
    for c in conflict.conflicts:
        lines += [f"conflict: {c.format()}", f"  expected: {c.expected or '(nothing)'}",
                  f"  found:    {c.found or '(nothing)'}"]
    return "".join(line + "\n" for line in lines)
