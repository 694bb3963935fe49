"""What applying proposals comes to beyond their own words: the statute they make, the references that now point
elsewhere, and where else the terms they replace occur (`lawdiff.library.Library.apply_proposals` fills it)."""

from __future__ import annotations

from dataclasses import dataclass

from lawdiff.akn.model import Statute
from lawdiff.amending.proposals import Proposal
from lawdiff.analysis.refs import RefWarning
from lawdiff.analysis.terms import Occurrence


@dataclass(frozen=True)
class Applied:
    """Proposals applied: the resulting statute, the references that now point elsewhere, each article they change
    as printed, and where else each term they replace occurs."""

    proposals: list[Proposal]
    result: Statute
    warnings: list[RefWarning]
    articles: list[list[str]]
    terms: list[tuple[str, list[Occurrence]]]
