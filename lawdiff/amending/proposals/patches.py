"""A proposal applied: the text change of each operation, on its base or rebased onto another version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from diff_match_patch import diff_match_patch

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.operations import Context, apply_item
from lawdiff.amending.proposals.model import Proposal, changed_provision, provision_label, provision_text
from lawdiff.errors import OperationError, PatchConflict
from lawdiff.importing.instrument import Item, Operation, OpKind

# --- text changes -------------------------------------------------------------------------------

_DMP = diff_match_patch()


@dataclass(frozen=True)
class TextChange:
    """The change one operation makes to one provision: its text before and after, and the patch between them.

    ``eid`` is the article (``art_253-1``), ``preamble``, or ``""`` for a renumbering of the whole text (which
    changes no text of its own). Texts are the provision's blocks joined by newlines (points with their （N）);
    ``before`` is ``""`` for a new article.
    """

    item: Item
    index: int
    eid: str
    before: str
    after: str
    patch: str


def _apply_ops(statute: Statute, proposal: Proposal, item: Item, ops: Sequence[Operation]) -> None:
    """Apply operations of an item in place, as the item does; raise OperationError naming file, line and item."""
    try:
        apply_item(statute, replace(item, operations=tuple(ops)), Context(path=proposal.path))
    except OperationError as exc:
        raise OperationError(f"item {item.label}: {exc.message}", path=proposal.path, line=item.line) from None


def text_changes(proposal: Proposal, base: Statute) -> list[TextChange]:
    """Return the text change of every operation, in order, as applied to ``base`` (the version drafted against).

    Raise OperationError (file, line, item and provision) if an operation's precondition fails on ``base``.
    """
    out: list[TextChange] = []
    state = base
    for item in proposal.items:
        before_item = state
        for index, op in enumerate(item.operations):
            # Applying the item's first operations together keeps the item's numbering (原第N款) right.
            after = before_item.copy()
            _apply_ops(after, proposal, item, item.operations[:index + 1])
            eid = changed_provision(op)
            old, new = provision_text(state, eid), provision_text(after, eid)
            out.append(TextChange(item, index, eid, old, new, _DMP.patch_toText(_DMP.patch_make(old, new))))
            state = after
    return out


# --- applying ------------------------------------------------------------------------------------


def apply_proposal(proposal: Proposal, base: Statute) -> Statute:
    """Return a new statute: ``base`` (the version the proposal was drafted against) with every item applied.

    Every operation checks its precondition; a failure raises OperationError naming the proposal file, the item's
    line and label, and the provision. ``base`` is not modified.
    """
    result = base.copy()
    for item in proposal.items:
        _apply_ops(result, proposal, item, item.operations)
    check_charges(proposal, base, result)
    return result


def touched_articles(proposal: Proposal, base: Statute, applied: Statute) -> list[str] | None:
    """Return the eIds of the articles a proposal's operations change, when it changes no other text (a term
    throughout the law, the preamble, a heading) and every other article keeps its number (``applied`` is the
    proposal applied to ``base``); else None. Then a check of what it changed may read those articles alone (see
    `dangling_after`'s ``only``)."""
    eids = {changed_provision(op) for item in proposal.items for op in item.operations}
    if any(not eid.startswith("art_") for eid in eids):
        return None

    def others(statute: Statute) -> list[str]:
        return [a.eid for a in statute.articles() if a.eid not in eids]

    return sorted(eids) if others(base) == others(applied) else None


def check_charges(proposal: Proposal, base: Statute, result: Statute) -> None:
    """Check that each charge name a proposal proposes (``charges:``) belongs to a provision it creates or changes:
    one in ``result`` (the proposal applied to ``base``) whose text differs from ``base``'s. Raise OperationError at
    the line of the ``charges:`` entry otherwise."""
    for charge in proposal.charges:
        after = provision_text(result, charge.eid)
        if not after:
            gone = base.find(charge.eid) is not None
            raise OperationError(f"charges: {charge.label} is not in the text as this proposal makes it"
                                 f"{' (the proposal deletes it)' if gone else ''}; a charge name is proposed for a "
                                 "provision the proposal creates or changes", path=proposal.path, line=charge.line)
        if after == provision_text(base, charge.eid):
            raise OperationError(f"charges: this proposal does not change {charge.label}; a charge name is proposed "
                                 "for a provision the proposal creates or changes", path=proposal.path,
                                 line=charge.line)


@dataclass(frozen=True)
class Conflict:
    """A change of a proposal that cannot be applied cleanly to the chosen version."""

    proposal: str
    path: str
    line: int
    item: str
    provision: str  # as the statute cites it: 第二百五十三条之一第一款
    expected: str  # the provision's text the proposal was drafted against ("" for a new provision)
    found: str  # the provision's text in the chosen version ("" where there is none)
    reason: str

    def format(self) -> str:
        """Return the conflict as one line: ``file:line: item 一, 第…条第一款: reason``."""
        return f"{self.path}:{self.line}: item {self.item}, {self.provision}: {self.reason}"


class RebaseConflict(PatchConflict):
    """A proposal's changes cannot all be applied cleanly to another version; ``conflicts`` says which."""

    def __init__(self, proposal: Proposal, conflicts: Sequence[Conflict]) -> None:
        self.proposal = proposal.id
        self.conflicts = tuple(conflicts)
        first = self.conflicts[0]
        more = f" (and {len(self.conflicts) - 1} more)" if len(self.conflicts) > 1 else ""
        super().__init__(f"item {first.item}, {first.provision}: {first.reason}{more}", path=proposal.path,
                         line=first.line)


def _line_eids(statute: Statute, eid: str) -> list[str]:
    """Return the eId of the paragraph or point behind each line of an article's `_text` ([] for no article)."""
    el = statute.find(eid) if eid.startswith("art_") else None
    if el is None:
        return []
    out = []
    for para in Provision(el).paragraphs():
        if para.own_text:
            out.append(para.eid)
        out.extend(point.eid for point in para.points())
    return out


def _provision_text(statute: Statute, eid: str) -> str:
    """Return the printed text of a paragraph or point (with its （N）), or of an article; "" if absent."""
    el = statute.find(eid)
    if el is None:
        return ""
    prov = Provision(el)
    if prov.kind == "point":
        return prov.num + prov.own_text
    if prov.kind == "paragraph":
        return prov.own_text
    return "\n".join(prov.lines())


class _Rebase:
    """Applies one proposal to another version, collecting conflicts (see the module docstring)."""

    def __init__(self, proposal: Proposal, base: Statute) -> None:
        self.proposal = proposal
        self.base = base
        self.changes = text_changes(proposal, base)
        self.conflicts: list[Conflict] = []

    @cached_property
    def drafted(self) -> dict[int, Statute]:
        """Return the version drafted against as each item (by number) found it, for conflicts' expected text."""
        out = {}
        state = self.base
        for item in self.proposal.items:
            out[item.number] = state
            state = state.copy()
            _apply_ops(state, self.proposal, item, item.operations)
        return out

    def run(self, onto: Statute) -> Statute:
        """Return ``onto`` with every item applied; raise RebaseConflict listing what does not apply."""
        result = onto
        for item in self.proposal.items:
            groups: dict[str, list[tuple[Operation, TextChange]]] = {}
            for op, change in zip(item.operations, [c for c in self.changes if c.item is item], strict=True):
                groups.setdefault(change.eid, []).append((op, change))
            before = len(self.conflicts)
            trial = result
            for eid, entries in groups.items():
                trial = self.group(trial, item, eid, entries)
            if len(self.conflicts) == before:
                result = trial
        if self.conflicts:
            raise RebaseConflict(self.proposal, self.conflicts)
        return result

    def group(self, statute: Statute, item: Item, eid: str, entries: list[tuple[Operation, TextChange]]) -> Statute:
        """Return the statute with an item's operations on one provision applied — as written, or from their
        patches (see the module docstring); record a conflict and return it unchanged if they do not apply."""
        ops = [op for op, _ in entries]
        drafted = entries[0][1].before
        found = provision_text(statute, eid)
        result = statute.copy()
        if (found == drafted or all(op.kind is OpKind.REPLACE_TERM for op in ops)
                or any(op.kind in (OpKind.INSERT_ARTICLE, OpKind.RENUMBER_ALL) for op in ops)):
            try:
                _apply_ops(result, self.proposal, item, ops)
            except OperationError as exc:
                self.operation_failed(statute, item, eid, ops, exc)
                return statute
            return result
        # Both the version's own changes and the proposal's touch this provision: they must not overlap.
        drafted_eids = _line_eids(self.drafted[item.number], eid)
        clashes = _clashes(drafted, found, entries[-1][1].after)
        for position in clashes:
            self.text_conflict(statute, item, eid, drafted, drafted_eids, position,
                               "this text has been changed since the proposal was drafted, and the proposal "
                               "changes it too")
        if clashes:
            return statute
        text = found
        failures = 0
        for n, (_, change) in enumerate(entries):
            text, failed = _apply_patch(change.patch, text)
            for position in failed:
                self.text_conflict(statute, item, eid, change.before, drafted_eids if n == 0 else [], position,
                                   "the text this change was drafted against is not in this version (it was changed "
                                   "after the version the proposal was drafted against)")
            failures += len(failed)
        if failures:
            return statute
        try:
            _apply_ops(result, self.proposal, item, [_restatement(eid, text)])
        except OperationError as exc:
            self.conflict(item, eid, drafted, found, _reason(exc, item))
            return statute
        return result

    def conflict(self, item: Item, eid: str, expected: str, found: str, reason: str) -> None:
        self.conflicts.append(Conflict(self.proposal.id, self.proposal.path, item.line, item.label,
                                       provision_label(eid), expected, found, reason))

    def operation_failed(self, statute: Statute, item: Item, eid: str, ops: list[Operation],
                         exc: OperationError) -> None:
        """Record an operation that failed as written; a missing term is placed in the paragraph that had it."""
        drafted = self.drafted[item.number]
        where, expected = eid, provision_text(drafted, eid)
        for op in ops:
            if op.kind is OpKind.REPLACE_TERM and op.old_term and op.old_term not in provision_text(statute, eid):
                lines = zip(_line_eids(drafted, eid), expected.split("\n"), strict=False)
                hits = [line_eid for line_eid, line in lines if op.old_term in line]
                if hits:
                    where, expected = hits[0], _provision_text(drafted, hits[0])
                break
        self.conflict(item, where, expected, _provision_text(statute, where), _reason(exc, item))

    def text_conflict(self, statute: Statute, item: Item, eid: str, before: str, line_eids: list[str],
                      position: int, reason: str) -> None:
        """Record a conflict at a position of a provision's drafted-against text: at its paragraph or point where
        ``line_eids`` (the eId of each line) says which it is, else at the whole provision."""
        line = before[:position].count("\n")
        where = line_eids[line] if line < len(line_eids) else eid
        expected = before.split("\n")[line] if where != eid else before
        self.conflict(item, where, expected, _provision_text(statute, where) if where != "preamble"
                      else provision_text(statute, where), reason)


def _reason(exc: OperationError, item: Item) -> str:
    """Return an error of `_apply_ops` without the item it names (a conflict names it)."""
    return exc.message.removeprefix(f"item {item.label}: ")


def _restatement(eid: str, text: str) -> Operation:
    """Return the operation that gives a provision the text a patch produced."""
    blocks = tuple(text.split("\n"))
    if eid == "preamble":
        return Operation(OpKind.REPLACE_PREAMBLE, "", new_text=blocks, source="(patched)")
    key = numbering.parse_eid(eid)[0]
    if blocks == (REMOVED,):
        return Operation(OpKind.DELETE_ARTICLE, key, source="(patched)")
    return Operation(OpKind.REPLACE_ARTICLE, key, new_text=blocks, source="(patched)")


def _edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """Return the edits turning old into new: (start, end) in old and the text put there."""
    diffs = _DMP.diff_main(old, new)
    _DMP.diff_cleanupSemantic(diffs)
    edits: list[tuple[int, int, str]] = []
    at = 0
    for op, data in diffs:
        if op == _DMP.DIFF_EQUAL:
            at += len(data)
            continue
        start, end, text = (edits.pop() if edits and edits[-1][1] == at and op == _DMP.DIFF_INSERT
                            else (at, at, ""))
        if op == _DMP.DIFF_DELETE:
            at += len(data)
            edits.append((start, at, text))
        else:
            edits.append((start, end, text + data))
    return edits


def _clashes(drafted: str, found: str, proposed: str) -> list[int]:
    """Return where (in the drafted-against text) the proposal edits text that the version found has edited
    differently: edits that overlap or touch, other than the very same edit made on both sides."""
    drift = _edits(drafted, found)
    return [start for start, end, text in _edits(drafted, proposed)
            if any(a <= end and start <= b and (a, b, t) != (start, end, text) for a, b, t in drift)]


def _edit_spans(diffs: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    """Return the spans of the old text that diffs change (an insertion is an empty span at its place)."""
    spans, i = [], 0
    for op, data in diffs:
        if op == _DMP.DIFF_INSERT:
            spans.append((i, i))
        else:
            if op == _DMP.DIFF_DELETE:
                spans.append((i, i + len(data)))
            i += len(data)
    return spans


def _nearest(text: str, pattern: str, loc: int) -> int | None:
    """Return the start of the exact occurrence of pattern nearest to loc, or None (also for an empty pattern)."""
    if not pattern:
        return None
    best = None
    i = text.find(pattern)
    while i != -1:
        if best is None or abs(i - loc) < abs(best - loc):
            best = i
        i = text.find(pattern, i + 1)
    return best


def _apply_patch(patch: str, text: str) -> tuple[str, list[int]]:
    """Return (the text with the patch applied, where in the patch's old text each hunk that does not apply
    makes its edit).

    Hunk by hunk as `diff_match_patch.patch_apply` does — an exact match nearest the expected place, else a fuzzy
    one — except that a hunk whose result is already there counts as applied, and a fuzzy match is refused when the
    differences from the expected text come within ``Patch_Margin`` characters of the hunk's own edit (dmp would
    splice the edit in regardless, and place an insertion after a paragraph another change put in the same place).
    """
    hunks = _DMP.patch_fromText(patch)
    _DMP.patch_splitMax(hunks)
    failed: list[int] = []
    delta = 0
    for hunk in hunks:
        expected = hunk.start2 + delta
        old, new = _DMP.diff_text1(hunk.diffs), _DMP.diff_text2(hunk.diffs)
        at_old, at_new = _nearest(text, old, expected), _nearest(text, new, expected)
        if at_new is not None and (at_old is None or abs(at_new - expected) < abs(at_old - expected)):
            delta = at_new - expected
            continue
        if at_old is not None:
            text = text[:at_old] + new + text[at_old + len(old):]
            delta = at_old - expected
            continue
        start = _DMP.match_main(text, old, expected) if len(old) <= _DMP.Match_MaxBits else -1
        drift = _DMP.diff_main(old, text[start:start + len(old)], False) if start != -1 else []
        _DMP.diff_cleanupSemanticLossless(drift)
        edits, drifts = _edit_spans(hunk.diffs), _edit_spans(drift)
        margin = _DMP.Patch_Margin
        if start == -1 or any(a - margin <= d and c <= b + margin for a, b in edits for c, d in drifts):
            failed.append(hunk.start1 + (edits[0][0] if edits else 0))
            delta -= hunk.length2 - hunk.length1
            continue
        delta = start - expected
        index = 0
        for op, data in hunk.diffs:
            at = start + _DMP.diff_xIndex(drift, index)
            if op == _DMP.DIFF_INSERT:
                text = text[:at] + data + text[at:]
            elif op == _DMP.DIFF_DELETE:
                text = text[:at] + text[start + _DMP.diff_xIndex(drift, index + len(data)):]
            if op != _DMP.DIFF_DELETE:
                index += len(data)
    return text, failed


def rebase(proposal: Proposal, onto: Statute, base: Statute) -> Statute:
    """Return ``onto`` — any version of the law — with the proposal applied; ``base`` is the version it was drafted
    against (`drafting_base`). Structural targets are found again in ``onto``, text changes to provisions that
    differ from ``base`` are applied from their patches (see the module docstring). Raise RebaseConflict listing
    every change that does not apply cleanly; nothing partial is returned, and neither statute is modified."""
    return _Rebase(proposal, base).run(onto)


def apply_all(proposals: Sequence[Proposal], base: Statute) -> Statute:
    """Return ``base`` with the proposals applied in order, each (drafted against ``base``) rebased onto the
    result of those before it; raise RebaseConflict for the first that does not apply cleanly."""
    result = base
    for proposal in proposals:
        result = rebase(proposal, result, base)
    return result
