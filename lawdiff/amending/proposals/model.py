"""A reform proposal as data: its title, authors, base, sources, change items and rationale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lawdiff.akn import numbering
from lawdiff.akn.model import NS, Provision, Statute, text_of
from lawdiff.importing.instrument import Item, Operation, OpKind

STATUSES = ("draft", "published", "withdrawn")
#: A citation in a rationale, Pandoc style: [@key], [@key, §3.1] or [see @a; @b] (group 1: what the brackets hold).
CITATION_GROUP = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
#: One key in a citation group, as Pandoc allows keys (group 1: the key).
CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")
#: A proposal's id: lower-case words joined by hyphens (the file is ``proposals/<id>.md``).
PROPOSAL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- the proposal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """A proposal's title in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Source:
    """A work the rationale cites as ``[@key]``."""

    key: str
    author: str
    title: str
    year: int
    section: str = ""
    url: str = ""


@dataclass(frozen=True)
class Rationale:
    """The reasons for one change item, as Markdown ("" for a language not given)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Proposal:
    """A reform proposal read from ``proposals/<id>.md``.

    ``items`` are the change items with their operations; ``english`` and ``rationale`` hold one entry per item,
    in the same order. ``lines`` gives the line of each front-matter field, for messages about it.
    """

    id: str
    title: Title
    authors: tuple[str, ...]
    date: dt.date
    status: str
    base: str
    sources: tuple[Source, ...]
    items: tuple[Item, ...]
    english: tuple[str, ...]
    rationale: tuple[Rationale, ...]
    path: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def law(self) -> str:
        """Return the work name of the law the proposal amends (``criminal-law``)."""
        return self.base.split("@", 1)[0]



def proposal_notes(proposal: Proposal) -> dict[str, str]:
    """Return the 说明 column of a proposal read already (see `rationale_notes`)."""
    notes: dict[str, list[str]] = {}
    for item, rationale in zip(proposal.items, proposal.rationale, strict=True):
        for eid in dict.fromkeys(changed_provision(op) for op in item.operations):
            if eid:
                notes.setdefault(eid, []).append(rationale.zh or rationale.en)
    return {eid: "\n\n".join(texts) for eid, texts in notes.items()}


# --- the provisions a proposal changes ---------------------------------------------------------


def changed_provision(op: Operation) -> str:
    """Return the eId of the provision an operation changes (see `TextChange.eid`)."""
    if op.kind in (OpKind.REPLACE_PREAMBLE, OpKind.DELETE_PREAMBLE):
        return "preamble"
    if op.kind.on_whole_law or not op.target:  # the numbering, the title, a heading, a term throughout the law
        return ""
    return numbering.ArticleNumber.parse(op.target).eid


def provision_text(statute: Statute, eid: str) -> str:
    """Return the text of a provision (see `TextChange`), ``""`` if there is none."""
    if eid == "preamble":
        return "\n".join(text_of(p) for p in statute.act.xpath("a:preamble/a:p", namespaces=NS))
    el = statute.find(eid) if eid else None
    return "" if el is None else "\n".join(Provision(el).lines())


def provision_label(eid: str) -> str:
    """Return how the statute cites a provision eId (引言 for the preamble)."""
    return "引言" if eid == "preamble" else numbering.provision_label(eid) if eid else "全文"
