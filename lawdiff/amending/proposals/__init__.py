"""Reform proposals: read ``proposals/<id>.md``, compile them to AKN, apply, rebase and compose them.

A proposal file has YAML front matter (id, title zh/en, authors, date, status, base — the law and version it was
drafted against, e.g. ``criminal-law@2021-03-01`` —, the sources it cites, and ``proposed_by``: whose proposal it
is, ``editors`` or a source and the section that makes it, ``li2025 §4.1``, for the whole or per item) and three
sections::

    ## Changes                                      numbered items in the NPC drafting language (一、…)
    ## Changes (English, unofficial translation)    one numbered paragraph per item (1. …)
    ## Rationale                                    ### 一 per item, each with #### zh and/or #### en (Markdown)

The last item may be the commencement item, 本修正案自……起施行。 (read as an item with no operations): it is
translated like the others but needs no rationale and no ``proposed_by``; any other item that changes nothing,
or a commencement item that is not the last, is an error.

HTML comments (``<!-- … -->``) are ignored, so a scholar may keep the guidance of `new_proposal_template`.
Everything that is wrong is reported as a `ParseError` with the file and line: bad YAML, missing or unknown
fields, an unreadable instruction, an item without rationale, a citation ``[@key]`` whose key is not a source.

A proposal is a list of operations (read by `lawdiff.importing.instructions`, applied by
`lawdiff.amending.operations`) and, for each operation, the text change it makes to one provision (`TextChange`: the
article's text before and after, and the diff-match-patch patch between them). `apply_proposal` applies the
operations to the version the proposal was drafted against, checking every precondition. `rebase` applies it to
another version:

- term replacements (将…中的“A”修改为“B”) are applied again, as the drafting language defines them: every
  occurrence in the provision, wherever the text has moved;
- new articles are inserted again after the article they follow (which must exist; the new number must be free);
- every other change to a provision whose text is no longer what the proposal was drafted against is applied
  from its patch, checked twice: the changes made since (drafted → found) must not overlap or touch the
  proposal's own edits (drafted → proposed) unless they are the very same edit; and each hunk is placed at the
  exact match nearest its place, else by fuzzy matching (diff-match-patch's ``match_main``), a hunk whose result
  is already there counting as applied and a fuzzy match being refused when its differences come within
  ``Patch_Margin`` characters of the hunk's edit. `diff_match_patch.patch_apply` alone would report success for
  biometric-aggravation on top of public-legal-interest and write 依照前两两款 and a second 第二款 paragraph.

What cannot be applied cleanly raises `RebaseConflict` (a `PatchConflict`) listing every `Conflict` — proposal
item, provision, the text expected and the text found — and no partial result is returned.

`conflict_matrix` applies every pair of proposals in both orders and says whether they compose cleanly (both
orders apply and agree), differ, or fail. (`lawdiff.analysis.terms` finds the other places a replaced term occurs.)
"""

from __future__ import annotations

from lawdiff.amending.proposals.compile import compile_proposal
from lawdiff.amending.proposals.conflicts import Matrix, Pair, conflict_matrix
from lawdiff.amending.proposals.model import (
    STATUSES,
    Origin,
    Proposal,
    Rationale,
    Source,
    Title,
    is_commencement,
    proposal_notes,
)
from lawdiff.amending.proposals.patches import (
    Conflict,
    RebaseConflict,
    TextChange,
    apply_all,
    apply_proposal,
    rebase,
    text_changes,
    touched_articles,
)
from lawdiff.amending.proposals.reader import declared_status, load_proposal, new_proposal_template

__all__ = [
    "STATUSES",
    "Conflict",
    "Matrix",
    "Origin",
    "Pair",
    "Proposal",
    "Rationale",
    "RebaseConflict",
    "Source",
    "TextChange",
    "Title",
    "apply_all",
    "apply_proposal",
    "compile_proposal",
    "conflict_matrix",
    "declared_status",
    "is_commencement",
    "load_proposal",
    "new_proposal_template",
    "proposal_notes",
    "rebase",
    "text_changes",
    "touched_articles",
]
