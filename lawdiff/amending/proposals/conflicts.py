"""How proposals compose: every pair applied in both orders."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lawdiff.akn import numbering
from lawdiff.akn.model import Statute
from lawdiff.amending.proposals.model import Proposal, provision_label, provision_text
from lawdiff.amending.proposals.patches import apply_proposal, rebase, text_changes
from lawdiff.errors import LawdiffError

# --- the conflict matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two proposals applied one after the other, in both orders.

    ``forward`` is the error of applying ``first`` then ``second`` ("" when it applies), ``backward`` of the other
    order; ``differing`` the provisions whose text the two orders leave different.
    """

    first: str
    second: str
    shared: tuple[str, ...]
    forward: str
    backward: str
    differing: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """Return ``clean`` (both orders apply and agree), ``differ`` (both apply, results differ) or ``fail``."""
        if self.forward or self.backward:
            return "fail"
        return "differ" if self.differing else "clean"


@dataclass(frozen=True)
class Matrix:
    """How every pair of proposals composes (see `conflict_matrix`)."""

    proposals: tuple[str, ...]
    pairs: tuple[Pair, ...]

    def pair(self, a: str, b: str) -> Pair:
        """Return the pair of two proposals, in either order of naming."""
        for pair in self.pairs:
            if {pair.first, pair.second} == {a, b}:
                return pair
        raise KeyError(f"no pair {a} × {b} (proposals: {', '.join(self.proposals)})")


def _provisions(statute: Statute) -> dict[str, str]:
    """Return the text of every article (and the preamble) by eId."""
    out = {art.eid: "\n".join(art.lines()) for art in statute.articles()}
    out["preamble"] = provision_text(statute, "preamble")
    return out


def _sort_key(eid: str) -> tuple[int, int, str]:
    """Order eIds as the statute does (the preamble first)."""
    if not eid.startswith("art_"):
        return (0, 0, eid)
    number = numbering.ArticleNumber.parse(eid.split("__", 1)[0])
    return (number.base, number.sub, eid)


def _after(first: Statute | str, second: Proposal, base: Statute) -> Statute | str:
    """Return ``second`` rebased onto ``first`` — a statute, or the error that kept it from being made — or the
    error of doing so."""
    if isinstance(first, str):
        return first
    try:
        return rebase(second, first, base)
    except LawdiffError as exc:
        return exc.format()


def conflict_matrix(proposals: Sequence[Proposal], base: Statute,
                    cached: Callable[[Proposal, Proposal, Callable[[], Pair]], Pair] | None = None) -> Matrix:
    """Return, for every pair of proposals (all drafted against ``base``), the provisions both change and whether
    applying them in either order works and gives the same text.

    ``cached(a, b, make)``, when given, returns the pair of ``a`` and ``b`` — what ``make()`` works out, or what it
    worked out before for the same two proposals (a build's cache): a proposal is applied only for pairs made anew.
    """
    @functools.cache
    def alone(i: int) -> tuple[Statute | str, set[str]]:
        try:
            changes = text_changes(proposals[i], base)
            return apply_proposal(proposals[i], base), {c.eid for c in changes if c.eid and c.before != c.after}
        except LawdiffError as exc:
            return exc.format(), set()

    def pair(i: int, j: int) -> Pair:
        a, b = proposals[i], proposals[j]
        (first, touched_a), (second, touched_b) = alone(i), alone(j)
        forward, backward = _after(first, b, base), _after(second, a, base)
        differing: list[str] = []
        if isinstance(forward, Statute) and isinstance(backward, Statute):
            left, right = _provisions(forward), _provisions(backward)
            differing = sorted((eid for eid in left.keys() | right.keys() if left.get(eid) != right.get(eid)),
                               key=_sort_key)
        shared = sorted(touched_a & touched_b, key=_sort_key)
        return Pair(a.id, b.id, tuple(provision_label(e) for e in shared),
                    forward if isinstance(forward, str) else "", backward if isinstance(backward, str) else "",
                    tuple(provision_label(e) for e in differing))

    pairs = []
    for i, j in itertools.combinations(range(len(proposals)), 2):
        make = functools.partial(pair, i, j)
        pairs.append(cached(proposals[i], proposals[j], make) if cached else make())
    return Matrix(tuple(p.id for p in proposals), tuple(pairs))


