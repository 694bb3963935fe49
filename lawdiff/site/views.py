"""What the templates see: plain views of the laws, their articles and versions, instruments and proposals.

Pages are built from these objects (`LawView`, `ArticleView`, `VersionView`, `InstrumentView`, `ProposalView`, …)
so that templates never reach into lxml or the timeline. Costly parts (an article's versions, its Art. 12 answers,
a version's penalty comparison) are worked out when a page first asks for them.
"""


from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import NS, Provision, Statute, text_of
from lawdiff.amending.proposals import (
    Pair,
    Proposal,
    Rationale,
)
from lawdiff.amending.sources import CHANGED, Evidence, MissingInstrument, Start, known_start, missing_instruments
from lawdiff.amending.timeline import Caveat, Timeline, Version, in_force_from, in_force_on
from lawdiff.analysis.applicable import (
    ACT_VERSION,
    FOR_A_JUDGE,
    JUDGMENT_VERSION,
    NOT_AN_OFFENCE,
    NOT_IN_CORPUS,
    Decision,
)
from lawdiff.analysis.charges import ChargeTable, ProposedName, labels
from lawdiff.analysis.penalties import (
    HEAVIER,
    LIGHTER,
    NEEDS_JUDGE,
    NEW,
    REMOVED,
    SAME,
    UNKNOWN_TEXT,
    Comparison,
    compare,
)
from lawdiff.analysis.refs import Ref, RefWarning
from lawdiff.analysis.terms import Occurrence
from lawdiff.importing.instrument import Instrument, Item
from lawdiff.rendering import table as comparison_table

LANGS = ("zh", "en")


HTML_LANG = {"zh": "zh-Hans", "en": "en"}


#: Output prefix of each language's tree: Chinese at the root, English under en/.
LANG_PREFIX = {"zh": "", "en": "en/"}


#: The law whose history the home page tells (the personal-information story).
STORY = ("criminal-law", "253-1")


@dataclass(frozen=True)
class InstrumentView:
    """An amending instrument of a law, with its place in the law's timeline and its page."""

    index: int  # 1-based: the timeline state right after this instrument
    instrument: Instrument
    law: str
    number: int | None  # 7 for 刑法修正案（七）; None for an instrument that is not a numbered amendment

    @property
    def slug(self) -> str:
        """Return the name used in URLs, references (``criminal-law@amendment-07``) and translations: the
        instrument's place in the law's timeline."""
        return f"amendment-{self.index:02d}"

    @property
    def path(self) -> str:
        return f"laws/{self.law}/amendments/{self.slug}.html"

    @property
    def adopted(self) -> dt.date | None:
        return self.instrument.adopted

    @property
    def in_force(self) -> dt.date | None:
        return self.instrument.in_force or self.instrument.adopted

    @property
    def title(self) -> str:
        return self.instrument.title

    def name(self, lang: str) -> str:
        """Return the short name: 刑法修正案（七） / Amendment VII."""
        if lang == "en" and self.number:
            return f"Amendment {roman(self.number)}"
        return self.title.removeprefix("中华人民共和国")

    def item_path(self, item: Item) -> str:
        return f"{self.path}#item_{item.number}"


@dataclass(frozen=True)
class MissingView:
    """An amending instrument the law's header lists that the corpus does not hold, as one article sees it: what
    the corpus shows it did to that article, and the line that shows it (None: the corpus shows nothing)."""

    instrument: MissingInstrument
    evidence: Evidence | None

    @property
    def title(self) -> str:
        return self.instrument.title

    @property
    def adopted(self) -> dt.date:
        return self.instrument.adopted

    @property
    def changed(self) -> bool:
        """Return True where the corpus shows it changed the article, False where it only may have."""
        return self.evidence is not None and self.evidence.certainty == CHANGED


@dataclass(frozen=True)
class VersionView:
    """One version of an article: the period it was in force and where its text came from."""

    start: dt.date
    end: dt.date | None  # last day in force; None: in force now
    article: Provision | None  # None: the article was not in the law then
    instrument: InstrumentView | None  # None: the base text, or an instrument not in the corpus (``missing``)
    items: tuple[Item, ...]
    translation: dict[str, str]
    previous: Provision | None = None  # the text of the previous version in force (None: this is the first)
    missing: MissingView | None = None  # the instrument not in the corpus that made this version
    next_missing: MissingView | None = None  # … that made the next one, where this one's text is not in the corpus
    tail_unknown: bool = False  # further paragraphs, not in the corpus, may follow those shown
    known: bool = True  # some of its text is in the corpus
    #: the timeline, article key and version whose `caveats` these are (None: it has none)
    caveats_of: tuple[Timeline, str, Version] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def caveats(self) -> tuple[Caveat, ...]:
        """Return when its text may differ (an instrument not in the corpus) — worked out when a page first shows
        it, so that a rebuild does not for the pages it keeps."""
        if self.caveats_of is None:
            return ()
        timeline, key, version = self.caveats_of
        return tuple(timeline.caveats(key, version))

    @cached_property
    def penalty(self) -> Comparison | None:
        """Return how the penalties changed against the previous version in force (None: the first version, or no
        penalties to compare) — worked out when a page first shows it."""
        return penalty_verdict(self.previous, self.article) if self.previous is not None and self.article else None

    @property
    def anchor(self) -> str:
        return f"v{self.start.isoformat()}"

    @property
    def current(self) -> bool:
        return self.end is None

    @property
    def in_force(self) -> bool:
        return self.article is not None

    @property
    def determined(self) -> bool:
        """Return True where the whole text is in the corpus."""
        return self.article is not None and UNKNOWN not in self.article.text and not self.tail_unknown

    @property
    def partial(self) -> bool:
        """Return True where only part of the text is in the corpus (some paragraphs are)."""
        return self.in_force and self.known and not self.determined

    @property
    def removed(self) -> bool:
        return self.article is not None and self.article.removed

    @property
    def pending(self) -> dt.date | None:
        """Return the adoption date when the instrument was adopted before it took effect (else None)."""
        ins = self.instrument
        return ins.adopted if ins and ins.adopted and ins.adopted < self.start else None

    def item_numbers(self, lang: str) -> str:
        sep = "、" if lang == "zh" else ", "
        return sep.join(i.label if lang == "zh" else str(i.number) for i in self.items)


@dataclass
class ArticleView:
    """An article as the site shows it: its text in force, its versions, its pages."""

    law: str
    provision: Provision
    directory: str  # the law's version-pinned folder
    translation: dict[str, str]
    cited_by: list[Citation] = field(default_factory=list)  # references to it from other articles and laws
    proposals: list[ProposalTouch] = field(default_factory=list)  # proposals changing it or inserting after it
    #: How its versions and its Art. 12 view are worked out, when a page first needs them (see `gather`); a
    #: rebuild that renders a few pages works out only theirs.
    history: Callable[[ArticleView], list[VersionView]] | None = field(default=None, repr=False, compare=False)
    article12: Callable[[ArticleView], Art12View | None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def versions(self) -> list[VersionView]:
        """Return its versions, oldest first (empty when the law has no amending instruments)."""
        return self.history(self) if self.history else []

    @cached_property
    def art12(self) -> Art12View | None:
        """Return Art. 12 for the article, when it has changed while in force (else None)."""
        return self.article12(self) if self.article12 else None

    @property
    def eid(self) -> str:
        return self.provision.eid

    @property
    def key(self) -> str:
        return self.eid.removeprefix("art_")

    @property
    def num(self) -> str:
        return self.provision.num

    @property
    def path(self) -> str:
        return f"{self.directory}/{self.eid}.html"

    def label(self, lang: str) -> str:
        return f"Article {self.key}" if lang == "en" and self.eid.startswith("art_") else self.num

    @cached_property
    def snippet(self) -> str:
        """Return the start of the article's text, for tables of contents."""
        text = " ".join(self.provision.lines())
        return text if len(text) <= 40 else text[:38] + "……"

    @cached_property
    def in_force_versions(self) -> list[VersionView]:
        return [v for v in self.versions if v.in_force]

    @property
    def compare_path(self) -> str | None:
        return f"{self.directory}/compare/{self.eid}.html" if len(self.in_force_versions) > 1 else None

    def pair_path(self, old: VersionView, new: VersionView) -> str:
        return f"{self.directory}/compare/{self.eid}/{old.start.isoformat()}_{new.start.isoformat()}.html"

    @property
    def pairs(self) -> list[tuple[VersionView, VersionView]]:
        """Return every pair of versions (older, newer) in force at some time, oldest first."""
        vs = self.in_force_versions
        return [(a, b) for i, a in enumerate(vs) for b in vs[i + 1:]]

    def version_at(self, start: dt.date | None) -> VersionView | None:
        return next((v for v in self.versions if v.start == start), None)


@dataclass
class LawView:
    """A law held in ``statutes/``: its current expression, its articles and, where known, its history."""

    statute: Statute
    articles: list[ArticleView]
    instruments: list[InstrumentView]
    timeline: Timeline | None  # None when the law has no amending instruments (or its history is not gathered)
    refs: dict[str, list[Ref]] = field(default_factory=dict)  # references in the text in force, by source eId
    translations: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)  # `load_translations`
    charges: ChargeTable | None = field(default=None, repr=False)  # the law's charge names (罪名), where it has them

    def charges_on(self, key: str) -> list[tuple[str, str, dt.date | None]]:
        """Return the charge names of an article (key ``253-1``) in use now (see `charges_during`)."""
        return self.charges_during(key, dt.date.max, None)

    def charges_during(self, key: str, start: dt.date, end: dt.date | None) -> list[tuple[str, str, dt.date | None]]:
        """Return the charge names of an article in use at some time from ``start`` to ``end`` (None: now), in order:
        each name with the part of the article it names when not the whole (``第一款``) and the day it came into
        use when that was after ``start`` (charge names are fixed by the courts some months after an amendment)."""
        if self.charges is None:
            return []
        last = end or dt.date.max
        found = [c for c in self.charges.of(key) if c.start <= last and (c.end is None or start <= c.end)]
        article = numbering.article_label(key)
        return [(c.name, labels(p for p in c.provisions if p.within(key)).removeprefix(article),
                 c.start if c.start > start and start != dt.date.max else None)
                for c in sorted(found, key=lambda c: (c.start, c.sort_key()))]

    @property
    def name(self) -> str:
        return self.statute.name

    @cached_property
    def directory(self) -> str:
        return statute_dir(self.statute)

    @cached_property
    def expression_date(self) -> dt.date | None:
        """Return the date of the stored text as its source dates it (not necessarily a day it was in force)."""
        return self.statute.expression_date

    @cached_property
    def start(self) -> Start:
        """Return when the law's base text took effect, and what it is (`sources.known_start`)."""
        return self.timeline.start if self.timeline else known_start(self.statute)

    @cached_property
    def in_force_from(self) -> dt.date:
        """Return the day the law's text as stored (its latest) took effect (`timeline.in_force_from`)."""
        return in_force_from(self.statute, [iv.instrument for iv in self.instruments])

    @cached_property
    def missing(self) -> list[MissingInstrument]:
        """Return the amending instruments the law's header lists that the corpus does not hold, oldest first."""
        return missing_instruments(self.statute, {iv.title for iv in self.instruments})

    @cached_property
    def chronology(self) -> list[tuple[InstrumentView | None, MissingInstrument | None]]:
        """Return the law's amending instruments in order of adoption, those the corpus does not hold included:
        (the instrument's view, None) or (None, the instrument not in the corpus)."""
        rows: list[tuple[InstrumentView | None, MissingInstrument | None]] = [(iv, None) for iv in self.instruments]
        rows += [(None, m) for m in self.missing]
        return sorted(rows, key=lambda row: (row[0].adopted if row[0] else row[1].adopted if row[1] else None)
                      or dt.date.min)

    def missing_view(self, instrument: MissingInstrument, key: str) -> MissingView:
        """Return an instrument not in the corpus as an article sees it."""
        return MissingView(instrument, instrument.about(key))

    @property
    def path(self) -> str:
        return f"{self.directory}/index.html"

    @property
    def amendments_path(self) -> str | None:
        return f"laws/{self.name}/amendments/index.html" if self.instruments else None

    @cached_property
    def by_key(self) -> dict[str, ArticleView]:
        return {a.key: a for a in self.articles}

    @property
    def subtitle(self) -> str:
        return " ".join(text_of(p) for p in self.statute.act.xpath("a:preface/a:p[@class='subtitle']",
                                                                       namespaces=NS))

    def title(self, lang: str, messages: dict[str, Any]) -> str:
        if lang == "en" and self.name in messages.get("laws", {}):
            return str(messages["laws"][self.name])
        return " ".join(x for x in (self.statute.title, self.subtitle) if x)

    @cached_property
    def container_ids(self) -> set[str]:
        """Return the eIds of the 编, 章, 节 … that the table of contents gives an anchor."""
        out: set[str] = set()
        todo = list(self.statute.containers())
        while todo:
            node = todo.pop()
            if node.kind != "article":
                out.add(node.eid)
                todo.extend(node.children())
        return out

    def instrument_at(self, date: dt.date) -> InstrumentView | None:
        """Return the last instrument in force on a date (None: the 1997 text, or no timeline)."""
        state = self.timeline.state_at(date) if self.timeline else None
        return self.instruments[state[0] - 1] if state and state[0] else None

    def around(self, iv: InstrumentView) -> tuple[int, int]:
        """Return the indexes into the timeline's ``event_states`` of the law just before an instrument and just
        after it (an instrument not in the corpus may come between two stored ones)."""
        assert self.timeline is not None
        j = next(j for j, e in enumerate(self.timeline.events) if e is iv.instrument or e.title == iv.title)
        return j, j + 1

    def event_article(self, index: int, key: str) -> Provision | None:
        """Return an article as it stood in the timeline's ``event_states[index]``, None if absent."""
        return self._event_states[index].get(numbering.ArticleNumber.parse(key).eid)

    @cached_property
    def _event_states(self) -> list[dict[str, Provision]]:
        states = self.timeline.event_states if self.timeline else []
        return [{art.eid: art for art in state.articles()} for state in states]


def statute_dir(statute: Statute) -> str:
    """Return the folder of a law's expression: ``laws/criminal-law/zho@2020-12-26``."""
    date = statute.expression_date.isoformat() if statute.expression_date else "undated"
    return f"laws/{statute.name}/{statute.language or 'zho'}@{date}"


def roman(n: int) -> str:
    """Return n in Roman numerals (amendments are cited as Amendment VII).

    >>> roman(7), roman(11), roman(14)
    ('VII', 'XI', 'XIV')
    """
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


_AMENDMENT_NUMBER = re.compile(rf"修正案(?:（({numbering.NUMERAL})）)?$")


def amendment_number(title: str) -> int | None:
    """Return 7 for 中华人民共和国刑法修正案（七）, 1 for the first (unnumbered) 修正案, None otherwise."""
    m = _AMENDMENT_NUMBER.search(title)
    if not m:
        return None
    return numbering.parse_chinese(m.group(1)) if m.group(1) else 1


#: The penalty verdicts the site shows as a badge (anything else — no penalties, a text not in the corpus — none).
VERDICTS = {HEAVIER: "heavier", LIGHTER: "lighter", SAME: "same", NEEDS_JUDGE: "judge"}


def penalty_verdict(old: Provision | None, new: Provision | None) -> Comparison | None:
    """Return how the penalties of an article changed, or None when there is nothing to compare (no penalties on
    either side, a text not in the corpus, an article deleted)."""
    comparison = compare(old, new)
    return comparison if comparison.verdict in VERDICTS else None


#: What a decision of `applicable` comes to, as the site names it (``outcome_<name>``); a decision whose answer
#: depends on the tier the conduct fits is ``tiers`` (`outcome_key`).
OUTCOMES = {ACT_VERSION: "act", JUDGMENT_VERSION: "judgment", NOT_AN_OFFENCE: "none", FOR_A_JUDGE: "for_judge",
            NOT_IN_CORPUS: "unknown"}
BY_TIER = "tiers"
#: The direction of one tier of conduct (`penalties.TierChange`), as the site names it (``direction_<name>``).
TIER_DIRECTIONS = {HEAVIER: "heavier", LIGHTER: "lighter", SAME: "same", NEEDS_JUDGE: "judge", NEW: "new",
                   REMOVED: "removed", UNKNOWN_TEXT: "text_unknown"}
#: What an interpretation's article says applies (`applicable.Citation.outcome`; None: it distinguishes cases).
CITATION_OUTCOMES = {ACT_VERSION: "act", JUDGMENT_VERSION: "judgment", None: "distinguishes"}


def outcome_key(decision: Decision) -> str:
    """Return the site's name of what a decision comes to: ``tiers`` where it depends on the tier, else `OUTCOMES`."""
    return BY_TIER if decision.by_tier else OUTCOMES[decision.outcome]


@dataclass(frozen=True)
class Art12View:
    """Art. 12 (从旧兼从轻) for one article: a worked example over its latest change, and the answer for every pair
    of versions in force at the act and at judgment (what the page's small form looks up).

    ``decisions`` maps (act version, judgment version) — indexes into the article's versions, -1 for a date before
    the first — to `applicable`'s decision for the first day of each.
    """

    example: Decision
    old: VersionView
    new: VersionView
    decisions: dict[tuple[int, int], Decision]

    def applies(self, decision: Decision, versions: list[VersionView]) -> VersionView | None:
        """Return the version a decision applies (None: none applies, or a judge must say)."""
        if decision.outcome not in (ACT_VERSION, JUDGMENT_VERSION):
            return None
        date = decision.act_date if decision.outcome == ACT_VERSION else decision.judgment_date
        return in_force_on(versions, date)


@dataclass(frozen=True)
class Citation:
    """A reference to an article from elsewhere: the citing law and provision, the words, what they point at."""

    ref: Ref
    target: str  # the eId pointed at, the article itself or a paragraph or point of it

    @property
    def source_label(self) -> str:
        """Return the citing provision as its law cites it: 第五条第二款."""
        return numbering.provision_label(self.ref.source)

    @property
    def target_part(self) -> str:
        """Return the paragraph or point pointed at, without its article: 第一款."""
        article = self.target.split("__", 1)[0]
        return numbering.provision_label(self.target).removeprefix(numbering.provision_label(article))


@dataclass(frozen=True)
class ProposalChange:
    """One article a proposal item changes: as it stood before the item and after it."""

    eid: str
    before: Provision | None  # None: the item creates the article
    after: Provision | None
    article: ArticleView | None  # the article's page, where the law has it
    base_version: VersionView | None  # the version of that article the proposal was drafted against
    follows: ArticleView | None  # for a new article: the article it is inserted after
    penalty: Comparison | None  # None in a proposal's `light_view`

    @property
    def key(self) -> str:
        return self.eid.removeprefix("art_")

    @property
    def label(self) -> str:
        return numbering.article_label(self.key)

    @property
    def verdict(self) -> str | None:
        """Return the penalty badge of the change (``heavier`` …), None when there is nothing to compare."""
        return VERDICTS.get(self.penalty.verdict) if self.penalty else None


@dataclass(frozen=True)
class TermChange:
    """A term an item replaces (将…中的“A”修改为“B”), and where else the term occurs in the statutes held."""

    old: str
    new: str
    article: str  # the article key the replacement is made in
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class ItemView:
    """One change item of a proposal: its drafting text, English, rationale and the articles it changes."""

    item: Item
    english: str
    rationale: Rationale
    changes: tuple[ProposalChange, ...]
    terms: tuple[TermChange, ...]

    @property
    def anchor(self) -> str:
        return f"item_{self.item.number}"


@dataclass
class ProposalView:
    """A reform proposal as the site shows it: applied to its base, item by item, and set against the others."""

    proposal: Proposal
    law: LawView
    base_date: dt.date
    base_instrument: InstrumentView | None  # the last instrument in force on the base date
    items: list[ItemView]
    table_rows: list[comparison_table.Row]  # the 修改前后对照表, 说明 from the rationale
    warnings: list[RefWarning]  # references the proposal makes point elsewhere or nowhere
    conflicts: list[tuple[str, Pair]] = field(default_factory=list)  # (other proposal's id, how the two compose)
    charges: list[ProposedName] = field(default_factory=list)  # the charge names it proposes (`proposed_names`)

    @property
    def id(self) -> str:
        return self.proposal.id

    @property
    def path(self) -> str:
        return f"proposals/{self.id}.html"

    def download(self, suffix: str) -> str:
        """Return the site path of the comparison table as a download (``docx`` or ``md``)."""
        return f"proposals/downloads/{self.id}-comparison-table.{suffix}"

    def title(self, lang: str) -> str:
        return self.proposal.title.en if lang == "en" else self.proposal.title.zh

    @property
    def table_title(self) -> str:
        return f"{self.proposal.title.zh} 修改前后对照表"

    @property
    def changes(self) -> list[ProposalChange]:
        return [change for item in self.items for change in item.changes]


@dataclass(frozen=True)
class ProposalTouch:
    """A proposal item that changes an article, or inserts a new one after it (listed on the article's page)."""

    proposal: ProposalView
    item: ItemView
    change: ProposalChange


#: What pages about other things need of a proposal's changes: for each item, the eId of each article it changes
#: and the key of the article a new one follows (see `summary_of`, `light_view`).
Summary = dict[int, list[tuple[str, str | None]]]



#: The index of the proposals (both language trees).
PROPOSALS_INDEX = "proposals/index.html"
