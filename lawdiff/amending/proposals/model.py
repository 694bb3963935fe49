"""A reform proposal as data: its title, authors, base, sources, change items and rationale."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from lawdiff.akn import numbering
from lawdiff.akn.model import NS, Provision, Statute, text_of
from lawdiff.importing.instrument import Item, Operation, OpKind

STATUSES = ("draft", "published", "withdrawn")
#: A citation in a rationale, Pandoc style: [@key], [@key, §3.1] or [see @a; @b] (group 1: what the brackets hold).
CITATION_GROUP = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
#: One key in a citation group, as Pandoc allows keys (group 1: the key).
CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")


def citation_parts(group: str, keys: Collection[str]) -> list[tuple[str, str]] | None:
    """Return the (key, locator) of each citation in what a citation group's brackets hold (``@li2025, §4.1;
    @pipl2021``: ``[("li2025", "§4.1"), ("pipl2021", "")]``), or None when a part names no key of ``keys`` (the
    group is then left as written)."""
    out = []
    for part in group.split(";"):
        key = CITATION_KEY.search(part)
        if key is None or key.group(1) not in keys:
            return None
        out.append((key.group(1), part[key.end():].strip().removeprefix(",").strip()))
    return out


#: A proposal's id: lower-case words joined by hyphens (the file is ``proposals/<id>.md``).
PROPOSAL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The value of ``proposed_by`` naming lawdiff's editors (any other value names a source and a section).
EDITORS = "editors"
#: The value of ``proposed_by`` naming the proposal's own authors (its ``authors`` field): a proposal written by the
#: people who sign it, not drawn from a work it cites (what the drafting workbench saves).
AUTHORS = "authors"
#: A ``proposed_by`` value naming a cited work: a source key, then the section that makes the proposal (li2025 §4.1).
WORK_ORIGIN = re.compile(r"^(?P<key>[A-Za-z0-9_][\w:.#$%&+?<>~/-]*) +(?P<section>§\S+)$")
#: The closing sentence of an amendment, on its entry into force (本修正案自公布之日起施行。 /
#: 本修正案自2021年3月1日起施行。); the instruction parser has already checked the date.
COMMENCEMENT = re.compile(r"本(?:修正案|决定)自\S+起施行。?")


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
class Origin:
    """Whose proposal a change is: a work the proposal cites (its source key and the section that proposes the
    change, ``li2025 §4.1``), the proposal's own authors (``by_authors``) or, with neither, lawdiff's editors."""

    key: str = ""
    section: str = ""
    by_authors: bool = False

    @property
    def editors(self) -> bool:
        """Return whether the change is the editors' own proposal rather than a cited work's or its authors'."""
        return not self.key and not self.by_authors


@dataclass(frozen=True)
class Rationale:
    """The reasons for one change item, as Markdown ("" for a language not given)."""

    zh: str
    en: str


@dataclass(frozen=True)
class ProposedArticle:
    """An article as a proposal's ``## Proposed text`` gives it: its number (``253-1``; a new article takes its new
    number), its blocks as the national database prints them (paragraphs, points with their （N）) without the
    number, or ``deleted`` for ``第X条 （删去）``; ``line`` is where its number stands in the file."""

    key: str
    blocks: tuple[str, ...]
    deleted: bool = False
    line: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        """Return the article as the statute cites it: 第二百五十三条之一."""
        return numbering.article_label(self.key)

    @property
    def eid(self) -> str:
        """Return the article's eId (``art_253-1``)."""
        return numbering.ArticleNumber.parse(self.key).eid


@dataclass(frozen=True)
class ProposedCharge:
    """A charge name (罪名) a proposal proposes for a provision it creates or changes (front matter ``charges:``).

    Charge names are fixed by the Supreme People's Court and Procuratorate, never by the amending text, so a
    proposed name is shown as proposed; where the provision has names now, the proposed ones would replace them.
    ``paragraph`` is None for the whole article; ``line`` is where the provision stands in the file.
    """

    article: str
    paragraph: int | None
    names: tuple[str, ...]
    line: int = field(default=0, compare=False)

    @property
    def label(self) -> str:
        """Return the provision as the statute cites it: 第二百五十三条之二 or 第二百五十三条之一第一款."""
        out = numbering.article_label(self.article)
        return out + numbering.paragraph_label(self.paragraph) if self.paragraph is not None else out

    @property
    def eid(self) -> str:
        """Return the provision's eId (``art_253-2`` or ``art_253-1__para_1``)."""
        return numbering.eid(self.article, self.paragraph)


@dataclass(frozen=True)
class Proposal:
    """A reform proposal read from ``proposals/<id>.md``.

    ``items`` are the change items with their operations; ``english``, ``rationale`` and ``origins`` (whose proposal
    each item is, from the field ``proposed_by``) hold one entry per item, in the same order; the last item may be
    the commencement item (`is_commencement`), whose rationale may be empty and whose origins are ``()``. ``lines``
    gives the line of each front-matter field (and of each section heading, ``## Changes`` …), for messages about it.

    ``proposed`` holds the articles of ``## Proposed text``, the text the authors want (empty when the proposal
    gives only its changes); ``drafted`` says the items were drafted from it by lawdiff (the file has no
    ``## Changes``). ``general`` is the rationale given once for the whole proposal (``#### zh`` / ``#### en``
    straight under ``## Rationale``), which the first item without reasons of its own shows. ``charges`` are the
    charge names it proposes (front matter ``charges:``), in the order given.
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
    origins: tuple[tuple[Origin, ...], ...]
    path: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    proposed: tuple[ProposedArticle, ...] = ()
    drafted: bool = False
    general: Rationale | None = None
    charges: tuple[ProposedCharge, ...] = ()

    @property
    def law(self) -> str:
        """Return the work name of the law the proposal amends (``criminal-law``)."""
        return self.base.split("@", 1)[0]

    @property
    def base_date(self) -> dt.date:
        """Return the date of the version the proposal was drafted against (the reader has checked it)."""
        return dt.date.fromisoformat(self.base.split("@", 1)[1])

    def source(self, key: str) -> Source:
        """Return the source cited as ``[@key]``."""
        return next(s for s in self.sources if s.key == key)

    def origins_of(self, item: Item) -> tuple[Origin, ...]:
        """Return whose proposal an item is (``()`` for the commencement item)."""
        return self.origins[self.items.index(item)]

    @property
    def proposers(self) -> tuple[Origin, ...]:
        """Return whose proposal the whole is: the origins of its items, each once, in order."""
        return tuple(dict.fromkeys(origin for origins in self.origins for origin in origins))


def is_commencement(item: Item) -> bool:
    """Return whether an item is the commencement item: no operations, only 本修正案自…起施行。"""
    return not item.operations and COMMENCEMENT.fullmatch("".join(item.blocks)) is not None


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
