"""The static site build: statutes, their amendment history and reform proposals → HTML pages in ``_site/``.

`build` is one linear function: gather the laws and resolve every version of every article (with its
penalties, the Art. 12 answers and the cross-references) and every proposal (applied, diffed, checked for
conflicts and dangling references) → render each page in Chinese and in English → copy static assets with
fingerprinted names → write the proposals' comparison tables (DOCX, Markdown) → index the pages for search
(Pagefind) → check every internal link and anchor → swap the new site in atomically, so a failed build leaves
the previous site untouched.

URL scheme (all links relative, so the site works from any folder or host; ``en/`` mirrors the whole tree
with the English interface, Chinese staying the authoritative text)::

    index.html                                        home: what the site is, the 253-1 story, laws, amendments,
                                                      proposals
    search.html                                       search (Pagefind, client-side, offline)
    laws/criminal-law/zho@2020-12-26/index.html       table of contents by 编/章/节 of that expression
    laws/criminal-law/zho@2020-12-26/art_253-1.html   an article: text in force (#art_253-1__para_2 …) with its
                                                      cross-references as links, its versions (#v2009-02-28,
                                                      #v2009-02-28-art_253-1__para_2 …) with penalty badges,
                                                      Art. 12 (#art12), what cites it (#cited-by), proposals
    laws/criminal-law/zho@2020-12-26/compare/art_253-1.html                       the pairs of its versions
    laws/criminal-law/zho@2020-12-26/compare/art_253-1/2009-02-28_2015-11-01.html  one pair, side by side
    laws/criminal-law/amendments/index.html           the amending instruments of a law
    laws/criminal-law/amendments/amendment-07.html    an instrument: items verbatim (#item_7), before/after
    proposals/index.html                              the reform proposals
    proposals/illegal-use-offence.html                a proposal: items (#item_1) with diffs and rationale,
                                                      comparison table, conflicts, references, bibliography
    proposals/downloads/illegal-use-offence-comparison-table.docx (and .md)  its 修改前后对照表 (Chinese tree only)
    en/…                                              the same pages, English interface

Pages are built from plain view objects (`LawView`, `ArticleView`, `VersionView`, `InstrumentView`,
`ProposalView`) so that templates never reach into lxml or the timeline. Side-by-side comparisons go through one
seam, `compare_rows` → `partials/diff.html`: a list of aligned `Row`s, each with the old, the new and the inline
HTML, words marked by `lawdiff.rendering.changes` (``<ins>``/``<del>`` with text for screen readers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import gc
import hashlib
import html
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jinja2
import nh3
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.akn.model import NS, Provision, Statute, text_of
from lawdiff.amending.proposals import (
    Pair,
    Proposal,
    Rationale,
    Source,
    apply_proposal,
    conflict_matrix,
    load_proposal,
    proposal_notes,
    text_changes,
)
from lawdiff.amending.timeline import REVISION_IN_FORCE, Timeline, Version, touched
from lawdiff.analysis.applicable import (
    ACT_VERSION,
    FOR_A_JUDGE,
    JUDGMENT_VERSION,
    NOT_AN_OFFENCE,
    NOT_IN_CORPUS,
    Decision,
    applicable,
)
from lawdiff.analysis.penalties import HEAVIER, LIGHTER, NEEDS_JUDGE, SAME, Comparison, compare
from lawdiff.analysis.refs import Ref, RefWarning, dangling_after, find_refs
from lawdiff.analysis.terms import Occurrence, term_impact
from lawdiff.diffing.diff import DELETE, EQUAL, INSERT, Op, word_diff
from lawdiff.errors import LawdiffError
from lawdiff.importing.instrument import Instrument, Item, OpKind
from lawdiff.importing.translations import YAML_LOADER, load_translation
from lawdiff.library import Library
from lawdiff.rendering import table as comparison_table
from lawdiff.rendering.changes import _html_side
from lawdiff.site.progress import Progress, Silent
from lawdiff.site.state import (
    DERIVED,
    LINKS,
    MANIFEST,
    SITE_DIR,
    STATE_DIR,
    TEMPLATE_CACHE,
    BuildStats,
    build_inputs,
    digest,
    read_manifest,
    up_to_date,
)

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
#: Output prefix of each language's tree: Chinese at the root, English under en/.
LANG_PREFIX = {"zh": "", "en": "en/"}
#: The law whose history the home page tells (the personal-information story).
STORY = ("criminal-law", "253-1")


class BuildError(LawdiffError):
    """The site could not be built (a template failed, a link is broken, the search index failed)."""


@dataclass
class Page:
    """One output page: its path below the site root and its HTML."""

    path: str
    html: str


@dataclass(frozen=True)
class PageTask:
    """A page not yet rendered: its path below the site root, the ids of the proposals it shows (None: every
    proposal; the rest of what it shows comes from the statutes, the site's templates and lawdiff itself), and
    how to render it."""

    path: str
    shows: tuple[str, ...] | None
    make: Callable[[], Page]
    names: bool = False  # it also links to any proposal by its id (it depends on which proposals there are)


# --- the view of the library the templates see -----------------------------------------------


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
class VersionView:
    """One version of an article: the period it was in force and where its text came from."""

    start: dt.date
    end: dt.date | None  # last day in force; None: in force now
    article: Provision | None  # None: the article was not in the law then
    instrument: InstrumentView | None  # None: the 1997 text
    items: tuple[Item, ...]
    translation: dict[str, str]
    previous: Provision | None = None  # the text of the previous version in force (None: this is the first)

    @cached_property
    def penalty(self) -> Comparison | None:
        """Return how the penalties changed against the previous version in force (None: the first version, or no
        penalties to compare) — worked out when a page first shows it."""
        return _penalty(self.previous, self.article) if self.previous is not None and self.article else None

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
        return self.article is not None and UNKNOWN not in self.article.text

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

    @property
    def name(self) -> str:
        return self.statute.name

    @cached_property
    def directory(self) -> str:
        return statute_dir(self.statute)

    @cached_property
    def expression_date(self) -> dt.date | None:
        return self.statute.expression_date

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

    def state_article(self, index: int, key: str) -> Provision | None:
        """Return an article as it stood after the index-th instrument (0: before the first), None if absent."""
        return self._states[index].get(f"art_{key}")

    @cached_property
    def _states(self) -> list[dict[str, Provision]]:
        states = self.timeline.states if self.timeline else []
        return [{art.eid: art for art in state.articles()} for state in states]


def article_path(statute: Statute, article: Provision) -> str:
    """Return the version-pinned URL path of an article page: ``laws/criminal-law/zho@2020-12-26/art_253-1.html``."""
    return f"{statute_dir(statute)}/{article.eid}.html"


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


def _amendment_number(title: str) -> int | None:
    """Return 7 for 中华人民共和国刑法修正案（七）, 1 for the first (unnumbered) 修正案, None otherwise."""
    m = _AMENDMENT_NUMBER.search(title)
    if not m:
        return None
    return numbering.parse_chinese(m.group(1)) if m.group(1) else 1


def load_translations(root: Path, name: str) -> dict[str, dict[str, str]]:
    """Return a law's unofficial English renderings: version name (``current``, ``amendment-07``) → eId → text."""
    path = root / "statutes" / "translations" / f"{name}.eng.yaml"
    return load_translation(path).versions if path.exists() else {}


def gather(library: Library, derived: _Derived | None = None, *, history: bool = True) -> list[LawView]:
    """Return every law with its articles and their cross-references, and for laws with amending instruments
    every version of each article, with its penalty comparison and the Art. 12 answers (the last two worked out
    when a page first shows them). ``derived``: what the previous build derived from the same statutes — the
    versions of every article, the references — reused. With ``history=False`` the laws' histories are left out
    (the instruments are listed, no timeline is derived): `with_history` adds a law's when it is needed."""
    laws = []
    for statute in library.statutes():
        translations = load_translations(library.root, statute.name)
        instruments = [InstrumentView(k, ins, statute.name, _amendment_number(ins.title))
                       for k, ins in enumerate(library.instruments(statute.name), 1)]
        law = LawView(statute, [], instruments, None, translations=translations)
        law.articles = [ArticleView(statute.name, art, law.directory, translations.get("current", {}))
                        for art in statute.articles()]
        if history:
            with_history(law, library, derived)
        laws.append(law)
    _cross_references(laws, derived)
    # The law whose history the site tells comes first (home page, search results); the rest by name.
    return sorted(laws, key=lambda law: law.name != STORY[0])


def with_history(law: LawView, library: Library, derived: _Derived | None = None) -> None:
    """Give a law of `gather` its timeline, so that its articles have their versions (nothing for a law without
    amending instruments)."""
    if law.timeline is not None or not library.instrument_files(law.name):
        return
    timeline = library.timeline(law.name)
    law.timeline = timeline
    if derived is not None:
        derive = functools.partial(_all_versions, timeline, [article.key for article in law.articles])
        timeline.seed_versions(derived.cached(f"versions:{law.name}", derive))
    for article in law.articles:
        article.history = functools.partial(_versions, law=law, translations=law.translations)
        article.article12 = functools.partial(_art12, library, law)


def _all_versions(timeline: Timeline, keys: list[str]) -> dict[str, list[Version]]:
    return {key: timeline.versions(key) for key in keys}


def _versions(article: ArticleView, law: LawView, translations: dict[str, dict[str, str]]) -> list[VersionView]:
    """Return the versions of an article from the law's timeline, each with its text, instrument and penalties."""
    assert law.timeline is not None
    by_title = {iv.title: iv for iv in law.instruments}
    out: list[VersionView] = []
    previous: Provision | None = None
    for v in law.timeline.versions(article.key):
        iv = by_title.get(v.instrument) if v.instrument else None
        index = iv.index if iv else 0
        items = tuple(item for item in iv.instrument.items if article.key in touched(item)) if iv else ()
        current = v.end is None
        names = (["current"] if current else []) + ([iv.slug] if iv else [])
        translation = next((translations[n] for n in names if article.eid in translations.get(n, {})), {})
        start = v.start or REVISION_IN_FORCE
        text = law.state_article(index, article.key) if v.in_force else None
        out.append(VersionView(start, v.end, text, iv, items, translation, previous if text is not None else None))
        previous = text if text is not None else previous
    return out


#: The penalty verdicts the site shows as a badge (anything else — no penalties, a text not in the corpus — none).
VERDICTS = {HEAVIER: "heavier", LIGHTER: "lighter", SAME: "same", NEEDS_JUDGE: "judge"}


def _penalty(old: Provision | None, new: Provision | None) -> Comparison | None:
    """Return how the penalties of an article changed, or None when there is nothing to compare (no penalties on
    either side, a text not in the corpus, an article deleted)."""
    comparison = compare(old, new)
    return comparison if comparison.verdict in VERDICTS else None


# --- Criminal Law Article 12: which version applies -------------------------------------------


#: What a decision of `applicable` comes to, as the site names it.
OUTCOMES = {ACT_VERSION: "act", JUDGMENT_VERSION: "judgment", NOT_AN_OFFENCE: "none", FOR_A_JUDGE: "judge",
            NOT_IN_CORPUS: "unknown"}


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
        return next((v for v in versions if v.start <= date and (v.end is None or date <= v.end)), None)


def _months_from(date: dt.date, months: int) -> dt.date:
    """Return the first day of the month ``months`` after (or before) the month of ``date``."""
    n = date.year * 12 + date.month - 1 + months
    return dt.date(n // 12, n % 12 + 1, 1)


def example_dates(old: VersionView, new: VersionView) -> tuple[dt.date, dt.date]:
    """Return the dates of the worked example: an act under the older version some eighteen months before the
    change, judged a few months after it (for 253-1: 2014-05-01 and 2016-03-01)."""
    act = max(old.start, _months_from(new.start, -18))
    judgment = _months_from(new.start, 4)
    if new.end is not None and judgment > new.end:
        judgment = new.start
    return act, judgment


def _art12(library: Library, law: LawView, article: ArticleView) -> Art12View | None:
    """Return the Art. 12 view of an article that has changed while in force (None otherwise)."""
    versions = article.versions
    if len(article.in_force_versions) < 2:
        return None
    old, new = article.in_force_versions[-2:]
    example = applicable(library.timeline(law.name), law.name, article.key, *example_dates(old, new))
    before = versions[0].start - dt.timedelta(days=1)
    starts = [before, *(v.start for v in versions)]
    decisions = {(i - 1, j - 1): applicable(library.timeline(law.name), law.name, article.key, starts[i], starts[j])
                 for j in range(len(starts)) for i in range(j + 1)}
    return Art12View(example, old, new, decisions)


# --- cross-references -------------------------------------------------------------------------


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


def _cross_references(laws: list[LawView], derived: _Derived | None = None) -> None:
    """Find every reference in the text in force of every law; file each under the provision it stands in
    (`LawView.refs`) and under the articles it points at (`ArticleView.cited_by`)."""
    statutes = [law.statute for law in laws]
    by_name = {law.name: law for law in laws}

    def find() -> dict[str, list[Ref]]:
        return {law.name: find_refs(law.statute, [s for s in statutes if s is not law.statute]) for law in laws}

    found = derived.cached("references", find) if derived is not None else find()
    for law in laws:
        for ref in found[law.name]:
            law.refs.setdefault(ref.source, []).append(ref)
            target_law = by_name.get(ref.law or "")
            if target_law is None:
                continue
            cited = set()
            for target in ref.targets:
                key = target.split("__", 1)[0].removeprefix("art_")
                article = target_law.by_key.get(key)
                here = ref.origin == target_law.name and ref.source.split("__", 1)[0] == f"art_{key}"
                if article is not None and not here and key not in cited:  # an article citing itself is not news
                    cited.add(key)
                    article.cited_by.append(Citation(ref, target))


# --- proposals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalChange:
    """One article a proposal item changes: as it stood before the item and after it."""

    eid: str
    before: Provision | None  # None: the item creates the article
    after: Provision | None
    article: ArticleView | None  # the article's page, where the law has it
    base_version: VersionView | None  # the version of that article the proposal was drafted against
    follows: ArticleView | None  # for a new article: the article it is inserted after
    penalty: Comparison | None  # None in a proposal's `_light_view`

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


@dataclass
class _Derived:
    """What a build derives that the next build can reuse (see `build`): what the previous build derived and what
    this one derives, by a hash of what each entry is derived from. Every entry depends on the statutes, the
    templates and lawdiff's own code (``inputs["global"]``); an entry derived from proposals also on what they
    change (`_content`: not their rationale, so that editing the reasons never recomputes the texts)."""

    inputs: dict[str, Any]
    old: dict[str, Any]
    new: dict[str, Any]

    def key(self, what: str, *content: str) -> str:
        """Return the key of an entry: what it is, derived from the statutes and, in ``content``, the proposals."""
        return digest(what, self.inputs["global"], content)

    def cached(self, what: str, make: Callable[[], Any], *content: str) -> Any:
        """Return what ``make`` derives from the statutes and, in ``content``, the proposals (`_content`)."""
        key = self.key(what, *content)
        value = self.old[key] if key in self.old else make()
        self.new[key] = value
        return value


def _content(proposal: Proposal) -> str:
    """Return a hash of what a proposal changes: its base and its items (operations and line numbers, which
    messages cite) — not its title, sources or rationale."""
    return digest(proposal.id, proposal.path, proposal.base, proposal.items)


def _relative_file(root: Path, path: str) -> str:
    """Return the path of a project file from the project's root (as `_inputs` names it)."""
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def load_proposals(library: Library) -> list[Proposal]:
    """Return every proposal in ``proposals/``, oldest first."""
    folder = library.root / "proposals"
    return sorted((load_proposal(p) for p in sorted(folder.glob("*.md"))) if folder.is_dir() else [],
                  key=lambda p: (p.date, p.id))


def gather_proposals(library: Library, laws: list[LawView], derived: _Derived | None = None,
                     proposals: list[Proposal] | None = None) -> list[ProposalView]:
    """Return every proposal in ``proposals/`` (or those given) applied to its base, oldest first, with how it
    composes with the other proposals drafted against the same base; file each under the articles it touches
    (``derived``: what the previous build derived from unchanged proposals, reused)."""
    proposals = load_proposals(library) if proposals is None else proposals
    by_name = {law.name: law for law in laws}
    views: list[ProposalView] = []
    bases: dict[str, Statute] = {}
    base_refs: dict[str, Callable[[], list[Ref]]] = {}  # the references in each base, found once
    for proposal in proposals:
        law = by_name.get(proposal.law)
        if law is None:
            raise BuildError(f"proposal {proposal.id}: its base {proposal.base} is not a law in statutes/",
                             path=proposal.path)
        if proposal.base not in bases:
            base = library.proposal_base(proposal)
            bases[proposal.base] = base
            find = functools.partial(find_refs, base)
            base_refs[proposal.base] = functools.cache(
                functools.partial(derived.cached, f"references:{proposal.base}", find) if derived else find)
        views.append(_proposal_view(library, proposal, law, bases[proposal.base], derived, base_refs[proposal.base]))
    by_base = itertools.groupby(sorted(views, key=lambda v: v.proposal.base), key=lambda v: v.proposal.base)
    for base_ref, members in by_base:
        group = list(members)
        proposals_of = [v.proposal for v in group]
        matrix = conflict_matrix(proposals_of, bases[base_ref], None if derived is None else (
            lambda a, b, make: derived.cached("conflicts", make, _content(a), _content(b))))
        for view in group:
            view.conflicts = [(other.id, matrix.pair(view.id, other.id)) for other in group if other is not view]
    _file_touches(views)
    return views


def _file_touches(views: list[ProposalView]) -> None:
    """File each change of the proposals under the article it changes or inserts a new article after."""
    for view in views:
        for item in view.items:
            for change in item.changes:
                for article in (change.article, change.follows):
                    if article is not None:
                        article.proposals.append(ProposalTouch(view, item, change))


#: What pages about other things need of a proposal's changes: for each item, the eId of each article it changes
#: and the key of the article a new one follows (see `_summary`, `_light_view`).
Summary = dict[int, list[tuple[str, str | None]]]


def _summary(view: ProposalView) -> Summary:
    return {item.item.number: [(change.eid, change.follows.key if change.follows else None) for change in item.changes]
            for item in view.items}


def _light_view(proposal: Proposal, law: LawView, summary: Summary | None = None) -> ProposalView:
    """Return a proposal as the pages of other laws and the lists of proposals show it: title, status, date and
    (from ``summary``) the articles it changes — not applied, compared or checked (its own page does that)."""
    summary = summary or {}
    items = [ItemView(item, english, rationale, tuple(
        ProposalChange(eid, None, None, law.by_key.get(eid.removeprefix("art_")), None,
                       law.by_key.get(follows) if follows else None, None)
        for eid, follows in summary.get(item.number, ())), ())
        for item, english, rationale in zip(proposal.items, proposal.english, proposal.rationale, strict=True)]
    return ProposalView(proposal, law, _base_date(proposal), None, items, [], [])


def _base_date(proposal: Proposal) -> dt.date:
    """Return the date of the version a proposal was drafted against (its base: ``criminal-law@2021-03-01``)."""
    return dt.date.fromisoformat(proposal.base.split("@", 1)[1])


def _provision(statute: Statute, eid: str) -> Provision | None:
    el = statute.find(eid)
    return Provision(el) if el is not None else None


def _proposal_view(library: Library, proposal: Proposal, law: LawView, base: Statute,
                   derived: _Derived | None = None, base_refs: Callable[[], list[Ref]] | None = None) -> ProposalView:
    """Return a proposal applied to its base item by item: each item compared with the text before it."""
    base_date = _base_date(proposal)
    states = [base, *(apply_proposal(dataclasses.replace(proposal, items=proposal.items[:k]), base)
                      for k in range(1, len(proposal.items) + 1))]
    changed: dict[int, dict[str, None]] = {}
    for text in text_changes(proposal, base):
        if text.eid.startswith("art_") and text.before != text.after:
            changed.setdefault(text.item.number, {})[text.eid] = None
    items = []
    for k, (item, english, rationale) in enumerate(zip(proposal.items, proposal.english, proposal.rationale,
                                                       strict=True), 1):
        changes = tuple(_proposal_change(law, item, eid, states[k - 1], states[k], base_date)
                        for eid in changed.get(item.number, {}))
        terms = tuple(
            TermChange(op.old_term, op.new_term, op.article, tuple(term_impact(
                op.old_term, library.provision_texts,
                exclude={(law.name, numbering.ArticleNumber.parse(op.article).eid)})))
            for op in item.operations if op.kind is OpKind.REPLACE_TERM and op.old_term and op.new_term)
        items.append(ItemView(item, english, rationale, changes, terms))
    applied = states[-1]

    def rows() -> list[comparison_table.Row]:
        return comparison_table.comparison_rows(base, applied)

    def warnings() -> list[RefWarning]:
        return dangling_after(base, applied, before_refs=base_refs() if base_refs else None)

    own = _content(proposal)
    table = derived.cached("table", rows, own) if derived else rows()
    notes = proposal_notes(proposal)  # the 说明 column: from the rationale, never cached
    table = [dataclasses.replace(row, note=notes.get(row.eid, "")) for row in table]
    return ProposalView(proposal, law, base_date, law.instrument_at(base_date), items, table,
                        derived.cached("warnings", warnings, own) if derived else warnings())


def _proposal_change(law: LawView, item: Item, eid: str, before_state: Statute, after_state: Statute,
                     base_date: dt.date) -> ProposalChange:
    before, after = _provision(before_state, eid), _provision(after_state, eid)
    article = law.by_key.get(eid.removeprefix("art_"))
    version = next((v for v in article.versions if v.start <= base_date and (v.end is None or base_date <= v.end)),
                   None) if article else None
    follows = next((law.by_key.get(op.article) for op in item.operations if op.kind is OpKind.INSERT_ARTICLE
                    and op.new_article and numbering.ArticleNumber.parse(op.new_article).eid == eid), None)
    return ProposalChange(eid, before, after, article, version, follows, compare(before, after))


#: How the proposals' sources name the laws the site holds: a source whose title starts with one of these (or
#: with the law's own Chinese title) is linked to the law and to the articles its ``section`` names ("Arts. 4, 10").
CITED_LAWS = {
    "Criminal Law of the People's Republic of China": "criminal-law",
    "Personal Information Protection Law of the People's Republic of China": "personal-information-protection-law",
    "Cybersecurity Law of the People's Republic of China": "cybersecurity-law",
    "Data Security Law of the People's Republic of China": "data-security-law",
    "Civil Code of the People's Republic of China": "civil-code-personality-rights",
    "Interpretation on Several Issues concerning the Application of Law in Handling Criminal Cases of Infringing "
    "on Citizens' Personal Information": "spc-spp-interpretation-2017",
    "Provisions on Several Issues concerning the Application of Law in Civil Cases Involving the Use of Facial "
    "Recognition Technology": "spc-facial-recognition-provisions",
}

#: The definitions a proposal relies on when it cites the law they are in: (law, article key, interface string).
DEFINITIONS = (
    ("personal-information-protection-law", "4", "definition_personal_information"),
    ("personal-information-protection-law", "28", "definition_sensitive_information"),
    ("spc-spp-interpretation-2017", "1", "definition_citizens_information"),
)

_CITED_ARTICLES = re.compile(r"^\s*Arts?\.\s*(.+)$")


def source_law(source: Source, laws: list[LawView]) -> LawView | None:
    """Return the law held that a source is (see `CITED_LAWS`), or None."""
    for law in laws:
        names = [title for title, name in CITED_LAWS.items() if name == law.name] + [law.statute.title]
        if any(source.title.startswith(name) for name in names):
            return law
    return None


def source_articles(source: Source, law: LawView) -> list[ArticleView]:
    """Return the articles of a held law that a source's ``section`` names (``Arts. 4, 10, 71``)."""
    m = _CITED_ARTICLES.match(source.section)
    keys = re.findall(r"\d+(?:-\d+)?", m.group(1)) if m else []
    return [law.by_key[key] for key in dict.fromkeys(keys) if key in law.by_key]


_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_CITATION = re.compile(r"\[([^\[\]]*@[^\[\]]*)\]")
_CITATION_KEY = re.compile(r"@([A-Za-z0-9_][\w:.#$%+?~/-]*)")
_RATIONALE_TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "blockquote", "a", "h5", "h6"}


def source_anchor(key: str) -> str:
    """Return the anchor of a source in a proposal's bibliography: ``src-li2025``."""
    return f"src-{key}"


def rationale_html(markdown: str, sources: tuple[Source, ...], proposals: Collection[str] = ()) -> Markup:
    """Return rationale Markdown as sanitised HTML (markdown-it, then nh3), each citation ``[@key, §4.1]`` turned
    into ``[1, §4.1]`` with the number linking to the source in the bibliography (numbered in the order of
    ``sources``), and each mention of another proposal by its id a link to its page (a sibling page)."""
    numbers = {source.key: (k, source) for k, source in enumerate(sources, 1)}

    def cite(m: re.Match[str]) -> str:
        parts = []
        for part in m.group(1).split(";"):
            key = _CITATION_KEY.search(part)
            if key is None or key.group(1) not in numbers:
                return m.group(0)
            number, source = numbers[key.group(1)]
            locator = part[key.end():].strip().removeprefix(",").strip()
            title = html.escape(f"{source.author}, {source.title} ({source.year})")
            parts.append(f'<a class="cite" href="#{source_anchor(source.key)}" title="{title}">{number}</a>'
                         + (f", {locator}" if locator else ""))
        return "[" + "; ".join(parts) + "]"

    rendered = _CITATION.sub(cite, _MARKDOWN.render(markdown))
    if proposals:
        names = "|".join(re.escape(p) for p in sorted(proposals, key=lambda p: (-len(p), p)))  # longest first
        rendered = re.sub(rf"(?<![\w/#.-])({names})(?![\w-])", r'<a class="proposal-ref" href="\1.html">\1</a>',
                          rendered)
    return Markup(nh3.clean(rendered, tags=_RATIONALE_TAGS, attributes={"a": {"href", "class", "title"}},
                            link_rel=None))


# --- aligned comparisons: the seam for word-level diffs ----------------------------------------


@dataclass(frozen=True)
class Unit:
    """A block of an article as printed: a paragraph's lead-in or a point (with its number)."""

    eid: str
    num: str
    text: str

    @property
    def known(self) -> bool:
        return UNKNOWN not in self.text


@dataclass(frozen=True)
class Row:
    """One aligned row of a comparison: what stood before and after, as HTML for the two columns of the
    side-by-side view and for the one column of the inline view."""

    status: str  # same, changed, inserted, deleted
    old: Unit | None
    new: Unit | None
    old_html: Markup
    new_html: Markup
    inline_html: Markup


def units(article: Provision | None) -> list[Unit]:
    """Return the paragraphs and points of an article in reading order (none for an absent article)."""
    if article is None:
        return []
    out = []
    for para in article.paragraphs():
        if para.own_text or not para.points():
            out.append(Unit(para.eid, "", para.own_text))
        out.extend(Unit(point.eid, point.num, point.own_text) for point in para.points())
    return out


def translated(article: Provision, translation: dict[str, str]) -> list[str]:
    """Return the English rendering of an article's blocks, in order (empty when it has none)."""
    return [translation[u.eid] for u in units(article) if u.eid in translation]


#: How two texts are compared word by word: `diff.word_diff`, or what stands in for it (`WordDiffs`).
WordDiff = Callable[[str, str], list[Op]]


def compare_rows(old: Provision | None, new: Provision | None, t: Callable[..., Markup],
                 diff: WordDiff = word_diff) -> list[Row]:
    """Return the two texts aligned paragraph by paragraph (equal blocks matched, the others paired by likeness),
    each changed pair of blocks compared word by word (``diff``: `diff.word_diff`)."""
    a, b = units(old), units(new)
    matcher = difflib.SequenceMatcher(None, [u.text for u in a], [u.text for u in b], autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = zip(range(i1, i2), range(j1, j2), strict=True) if tag == "equal" else _pair(a[i1:i2], b[j1:j2], i1, j1)
        for i, j in pairs:
            x = a[i] if i is not None else None
            y = b[j] if j is not None else None
            if x and y:
                rows.append(_changed_row(x, y, t, diff))
            elif x:
                old_html = _cell(x, t, [(DELETE, x.num + x.text)])
                rows.append(Row("deleted", x, None, old_html, Markup(""), old_html))
            elif y:
                new_html = _cell(y, t, [(INSERT, y.num + y.text)])
                rows.append(Row("inserted", None, y, Markup(""), new_html, new_html))
    return rows


def _changed_row(x: Unit, y: Unit, t: Callable[..., Markup], diff: WordDiff = word_diff) -> Row:
    """Return the row of two paired blocks: equal, or compared word by word (never a text not in the corpus)."""
    if x.text == y.text and x.num == y.num:
        same = _cell(x, t, [(EQUAL, x.num + x.text)])
        return Row("same", x, y, same, same, same)
    if not (x.known and y.known):
        old_html, new_html = _cell(x, t, [(EQUAL, x.num + x.text)]), _cell(y, t, [(EQUAL, y.num + y.text)])
        return Row("changed", x, y, old_html, new_html, Markup("{} → {}").format(old_html, new_html))
    ops = diff(x.num + x.text, y.num + y.text)
    return Row("changed", x, y, _cell(x, t, ops, INSERT), _cell(y, t, ops, DELETE), _cell(y, t, ops))


class WordDiffs:
    """`diff.word_diff` with a memory: the diffs a previous build worked out (``known``: (old, new) → operations)
    are reused, so that a rebuild whose texts have not changed never segments them again — nor loads jieba.
    ``used`` holds every diff asked for since it was last emptied (what the next build is given as ``known``)."""

    def __init__(self, known: dict[tuple[str, str], list[Op]] | None = None) -> None:
        self.known = dict(known or {})
        self.used: dict[tuple[str, str], list[Op]] = {}

    def __call__(self, a: str, b: str) -> list[Op]:
        ops = self.known.get((a, b))
        if ops is None:
            ops = self.known[a, b] = word_diff(a, b)
        self.used[a, b] = ops
        return ops


#: How alike two blocks must be (difflib ratio) to be shown as one block changed rather than one deleted and
#: one inserted. A block whose text is not in the corpus pairs with whatever stands in its place.
LIKENESS = 0.3


def _pair(olds: list[Unit], news: list[Unit], i0: int, j0: int) -> list[tuple[int | None, int | None]]:
    """Return the order-keeping pairing of two runs of blocks with the greatest total likeness (None: unpaired)."""
    def likeness(x: Unit, y: Unit) -> float:
        if not x.known or not y.known:
            return LIKENESS
        return difflib.SequenceMatcher(None, x.text, y.text, autojunk=False).ratio()

    m, n = len(olds), len(news)
    like = [[likeness(x, y) for y in news] for x in olds]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            paired = best[i - 1][j - 1] + like[i - 1][j - 1] if like[i - 1][j - 1] >= LIKENESS else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], paired)
    out: list[tuple[int | None, int | None]] = []
    i, j = m, n
    while i or j:  # walking back, an unpaired block is preferred on a tie: pairs then form as early as they can
        if j and best[i][j] == best[i][j - 1]:
            out.append((None, j0 + j - 1))
            j -= 1
        elif i and best[i][j] == best[i - 1][j]:
            out.append((i0 + i - 1, None))
            i -= 1
        else:
            out.append((i0 + i - 1, j0 + j - 1))
            i, j = i - 1, j - 1
    return out[::-1]


#: Not a diff operation: given as the side to drop, `render._html_side` keeps both (the inline view).
_KEEP_BOTH = 2


def _cell(unit: Unit, t: Callable[..., Markup], ops: list[Op], dropped: int = _KEEP_BOTH) -> Markup:
    """Return a block as HTML: its words as `lawdiff.rendering.changes` marks them (``<del>``/``<ins>``, struck
    through and underlined, with text for screen readers), the side ``dropped`` left out; a text not in the corpus
    is said so."""
    if not unit.known:
        return Markup('<span class="unknown">{}</span>').format(t("not_in_corpus"))
    return _html_side(ops, True, dropped)


# --- rendering -----------------------------------------------------------------------------


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["date"] = _format_date
    env.filters["mark"] = _mark
    return env


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept with the site (`TEMPLATE_CACHE`): read from the previous site or the new one,
    written to the new one, so that a rebuild does not compile the templates again. Jinja checks each entry
    against its template's source (and Python's version) and compiles again when it does not match."""

    def __init__(self, old: Path | None, new: Path) -> None:
        self.old, self.new = old, new

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        for folder in (self.new, self.old):
            path = folder / bucket.key if folder is not None else None
            if path is not None and path.is_file():
                with open(path, "rb") as f:
                    bucket.load_bytecode(f)
                if bucket.code is not None and folder is self.old:
                    self.dump_bytecode(bucket)
                return

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # render workers may write the same entry at once: each writes a file of its own, then renames it
        self.new.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.new, prefix=".tmp")
        with os.fdopen(fd, "wb") as f:
            bucket.write_bytecode(f)
        os.replace(tmp, self.new / bucket.key)


def _mark(text: str, term: str) -> Markup:
    """Return text with each occurrence of a term highlighted (``<mark>``)."""
    return Markup.escape(text).replace(Markup.escape(term), Markup("<mark>{}</mark>").format(term))


@jinja2.pass_context
def _format_date(context: Any, value: dt.date | None) -> Markup:
    """Return a date in a <time> element, written as the page's language writes dates."""
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), _plain_date(value, context["lang"]))


def load_messages(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the interface strings of each language (``site/i18n/<lang>.yaml``)."""
    out = {}
    for lang in LANGS:
        path = folder / f"{lang}.yaml"
        try:
            out[lang] = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            raise BuildError(f"cannot read the interface strings: {exc}", path=str(path)) from None
    return out


def relative(target: str, page: str) -> str:
    """Return the link from one site path to another (both from the site root), fragment kept.

    >>> relative("laws/x/art_1.html#p", "laws/x/index.html"), relative("index.html", "en/laws/x/a.html")
    ('art_1.html#p', '../../../index.html')
    """
    path, _, fragment = target.partition("#")
    here = page.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return rel + ("#" + fragment if fragment else "")


class _Renderer:
    """Renders pages of one language: gives templates `t` (messages), `url` (relative links), `asset` and the
    helpers that turn library objects into HTML (`linked`, `penalty_summary`, `rationale` …)."""

    def __init__(self, env: jinja2.Environment, lang: str, messages: dict[str, dict[str, Any]],
                 assets: dict[str, str], laws: list[LawView], proposals: list[ProposalView],
                 diff: WordDiff = word_diff) -> None:
        self.env = env
        self.diff = diff
        self.lang = lang
        self.messages = messages[lang]
        self.all_messages = messages
        self.assets = assets
        self.laws = laws
        self.proposals = proposals
        self.by_name = {law.name: law for law in laws}
        self.proposal_by_id = {view.id: view for view in proposals}
        self.other = "en" if lang == "zh" else "zh"
        story_law = self.by_name.get(STORY[0])
        self.amendments_path = story_law.amendments_path if story_law else None

    def t(self, key: str, **fields: object) -> Markup:
        """Return an interface string, its {fields} filled in (escaped unless they are markup themselves)."""
        try:
            text = Markup.escape(str(self.messages[key]))
        except KeyError:
            raise BuildError(f"no interface string {key!r} for {self.lang}", path=str(SITE_DIR / "i18n")) from None
        return text.format(**fields) if fields else text

    def render(self, template: str, path: str, **context: Any) -> Page:
        out_path = LANG_PREFIX[self.lang] + path

        def url(target: str, lang: str | None = None) -> str:
            return relative(LANG_PREFIX[lang or self.lang] + target, out_path)

        def shared(target: str) -> str:  # a file both language trees link to (the downloads)
            return relative(target, out_path)

        html_text = self.env.get_template(template).render(
            lang=self.lang, html_lang=HTML_LANG[self.lang], other_lang=self.other,
            other_html_lang=HTML_LANG[self.other], other_language_name=self.all_messages[self.other]["language_name"],
            switch_url=url(path, self.other), t=self.t, url=url, shared=shared, page_path=path,
            asset=lambda name: relative(self.assets[name], out_path),
            messages=self.messages, all_messages=self.all_messages, laws=self.laws, proposals=self.proposals,
            proposals_path=PROPOSALS_INDEX if self.proposals else None, proposal_by_id=self.proposal_by_id,
            amendments_path=self.amendments_path, unknown=UNKNOWN, one_day=dt.timedelta(days=1), translated=translated,
            linked=lambda law, eid, text: self.linked(law, eid, text, url), provision_path=self.provision_path,
            penalty_summary=self.penalty_summary, verdicts=VERDICTS, outcomes=OUTCOMES, source_anchor=source_anchor,
            **context)
        return Page(out_path, html_text)

    def pages(self) -> Iterator[Page]:
        return (task.make() for task in self.tasks())

    def _task(self, shows: tuple[str, ...] | None, template: str, path: str,
              context: Callable[[], dict[str, Any]] | None = None, **fixed: Any) -> PageTask:
        """Return a page to render later: ``context()`` (the costly part of what it shows) is computed then."""
        def make() -> Page:
            return self.render(template, path, **fixed, **(context() if context else {}))
        return PageTask(LANG_PREFIX[self.lang] + path, shows, make)

    def tasks(self) -> Iterator[PageTask]:
        """Yield every page of this language, not yet rendered, with the proposals it shows (None: all of them),
        in the order of the site (the home page first)."""
        yield from self.front_tasks()
        for law in self.laws:
            yield from self.law_tasks(law)
        yield from self.proposal_tasks(self.proposals)

    def front_tasks(self) -> Iterator[PageTask]:
        """Yield the pages about the whole site: home, search and, when there are proposals, their index."""
        yield self._task(None, "index.html", "index.html", lambda: {"story": self._story()})
        labels = {"proposals": str(self.t("proposals_title"))} | {
            law.name: law.title(self.lang, self.messages) for law in self.laws}
        groups = [[relative(search_bundle(group), LANG_PREFIX[self.lang] + "search.html"), labels[group]]
                  for group, _ in search_groups(self.laws, self.proposals)]
        yield self._task(None, "search.html", "search.html", search_groups=groups)
        if self.proposals:
            yield self._task(None, "proposals.html", PROPOSALS_INDEX)

    def law_tasks(self, law: LawView) -> Iterator[PageTask]:
        """Yield the pages of one law: its table of contents, its articles, their comparisons, its instruments."""
        yield self._task((), "statute.html", law.path, law=law, toc=law.statute.containers())
        for i, article in enumerate(law.articles):
            yield self._task(tuple(sorted({touch.proposal.id for touch in article.proposals})),
                             "article.html", article.path,
                             functools.partial(self._article_context, article), law=law, article=article,
                             previous=law.articles[i - 1] if i else None,
                             next=law.articles[i + 1] if i + 1 < len(law.articles) else None)
            if article.compare_path:
                yield self._task((), "compare.html", article.compare_path, law=law, article=article)
                vs = article.in_force_versions
                following = dict(zip(map(id, vs[:-1]), vs[1:], strict=True))
                for old, new in article.pairs:
                    adjacent = following.get(id(old)) is new  # then the version's own penalty comparison
                    yield self._task((), "compare_pair.html", article.pair_path(old, new),
                                     functools.partial(self._pair_context, old, new, adjacent), law=law,
                                     article=article, old=old, new=new)
        if law.instruments:
            yield self._task((), "instruments.html", law.amendments_path or "", law=law)
            for iv in law.instruments:
                yield self._task((), "instrument.html", iv.path,
                                 functools.partial(self._instrument_context, law, iv), law=law, iv=iv)

    def proposal_tasks(self, views: list[ProposalView]) -> Iterator[PageTask]:
        """Yield the page of each proposal: it shows the proposals of its law (how they compose with it) and
        may link to any other by its id."""
        for view in views:
            same_law = tuple(sorted(other.id for other in self.proposals if other.proposal.law == view.proposal.law))
            yield dataclasses.replace(self._task(same_law, "proposal.html", view.path, functools.partial(
                self._proposal, view), view=view, law=view.law), names=True)

    def _article_context(self, article: ArticleView) -> dict[str, Any]:
        return {"art12": self._art12(article) if article.art12 else None}

    def _pair_context(self, old: VersionView, new: VersionView, adjacent: bool) -> dict[str, Any]:
        return {"rows": compare_rows(old.article, new.article, self.t, self.diff),
                "penalty": new.penalty if adjacent else None}

    def _instrument_context(self, law: LawView, iv: InstrumentView) -> dict[str, Any]:
        return {"changes": self._changes(law, iv)}

    # --- the pieces of pages -------------------------------------------------------------------

    def provision_path(self, law: LawView | str, eid: str) -> str:
        """Return the page (and anchor) of a provision of a law: its article's page, or the table of contents for a
        chapter or section (or a title, ``""``)."""
        law = self.by_name[law] if isinstance(law, str) else law
        article_eid = eid.split("__", 1)[0]
        article = law.by_key.get(article_eid.removeprefix("art_")) if article_eid.startswith("art_") else None
        if article is not None:
            return article.path if eid == article_eid else f"{article.path}#{eid}"
        return f"{law.path}#{eid}" if eid in law.container_ids else law.path

    def ref_path(self, ref: Ref) -> str | None:
        """Return where a reference points on the site (the first provision of a range), None if not held."""
        law = self.by_name.get(ref.law or "")
        if law is None or not ref.resolved:
            return None
        return self.provision_path(law, ref.targets[0]) if ref.targets else law.path

    def linked(self, law: LawView, eid: str, text: str, url: Callable[[str], str]) -> Markup:
        """Return the text of a provision in force with each resolved cross-reference a link (前款 → the paragraph,
        刑法第二百五十三条之一 → that article's page)."""
        out, at = [], 0
        for ref in sorted(law.refs.get(eid, ()), key=lambda r: r.start):
            target = self.ref_path(ref)
            if target is None or ref.start < at:
                continue
            out.append(Markup.escape(text[at:ref.start]))
            out.append(Markup('<a class="ref" href="{}">{}</a>').format(url(target), text[ref.start:ref.end]))
            at = ref.end
        out.append(Markup.escape(text[at:]))
        return Markup("").join(out)

    def penalty_summary(self, comparison: Comparison) -> Markup:
        """Return the statutory maximum and minimum before → after, each with its direction."""
        def zh(text: str) -> Markup:
            return Markup('<span lang="zh-Hans">{}</span>').format(text)

        old, new = comparison.old_range, comparison.new_range
        if new is not None and old is None:
            return self.t("penalty_range", low=zh(new[0].label), high=zh(new[1].label))
        if old is None or new is None:
            return Markup("")
        return self.t("penalty_summary", old_max=zh(old[1].label), new_max=zh(new[1].label),
                      max=self.t("direction_" + VERDICTS.get(comparison.maximum, "unknown")),
                      old_min=zh(old[0].label), new_min=zh(new[0].label),
                      min=self.t("direction_" + VERDICTS.get(comparison.minimum, "unknown")))

    def version_name(self, version: VersionView) -> str:
        """Return a version as plain text: its period and the instrument that made it."""
        start, end = _plain_date(version.start, self.lang), _plain_date(version.end, self.lang)
        period = self.t("version_period", start=start, end=end) if version.end else self.t(
            "version_period_open", start=start)
        made = version.instrument.name(self.lang) if version.instrument else self.t("version_original")
        return f"{period.unescape()} · {Markup(made).unescape()}"

    def _art12(self, article: ArticleView) -> dict[str, Any]:
        """Return what the article page shows of Art. 12: the worked example and the form's data."""
        view = article.art12
        assert view is not None
        versions = article.versions

        def index(decision: Decision) -> int | None:
            applied = view.applies(decision, versions)
            return versions.index(applied) if applied else None

        data = {
            "starts": [v.start.isoformat() for v in versions],
            "names": [self.version_name(v) for v in versions],
            "anchors": [v.anchor for v in versions],
            "decisions": {f"{i},{j}": {
                "outcome": OUTCOMES[d.outcome], "version": index(d),
                "penalties": self.penalty_summary(d.comparison).striptags() if d.comparison else ""}
                for (i, j), d in view.decisions.items()},
        }
        example = view.example
        return {"view": view, "example": example, "applies": view.applies(example, versions),
                "outcome": OUTCOMES[example.outcome], "at_act": self._version_on(versions, example.act_date),
                "at_judgment": self._version_on(versions, example.judgment_date), "data": data}

    @staticmethod
    def _version_on(versions: list[VersionView], date: dt.date) -> VersionView | None:
        return next((v for v in versions if v.start <= date and (v.end is None or date <= v.end)), None)

    def _story(self) -> dict[str, Any] | None:
        law = self.by_name.get(STORY[0])
        article = law.by_key.get(STORY[1]) if law else None
        if law is None or article is None:
            return None
        proposals = list({touch.proposal.id: touch.proposal for touch in article.proposals}.values())
        return {"law": law, "article": article, "proposals": proposals}

    def _changes(self, law: LawView, iv: InstrumentView) -> dict[int, list[dict[str, Any]]]:
        """Return, for each item of an instrument, each article it changed with the aligned before/after."""
        out: dict[int, list[dict[str, Any]]] = {}
        for item in iv.instrument.items:
            out[item.number] = []
            for key in touched(item):
                before = law.state_article(iv.index - 1, key)
                after = law.state_article(iv.index, key)
                article = law.by_key.get(key)
                version = article.version_at(iv.in_force) if article else None
                out[item.number].append({
                    "key": key, "label": numbering.article_label(key), "article": article, "version": version,
                    "before": before, "after": after, "rows": compare_rows(before, after, self.t, self.diff)})
        return out

    def _proposal(self, view: ProposalView) -> dict[str, Any]:
        """Return what a proposal page shows besides the view: the diffs, the rationale as HTML, the comparison
        table, the laws its sources are and the definitions it relies on."""
        sources = view.proposal.sources
        rows = {(item.item.number, change.eid): compare_rows(change.before, change.after, self.t, self.diff)
                for item in view.items for change in item.changes}
        rationale = {}
        for item in view.items:
            own = item.rationale.en if self.lang == "en" else item.rationale.zh
            text, lang = (own, self.lang) if own else (item.rationale.zh or item.rationale.en,
                                                       "zh" if item.rationale.zh else "en")
            rationale[item.item.number] = (rationale_html(text, sources, self.proposal_by_id.keys() - {view.id}),
                                           HTML_LANG[lang])
        # on the page, the 说明 column points at the rationale beside the diffs rather than repeating it
        items_of: dict[str, list[str]] = {}
        for item in view.items:
            for change in item.changes:
                items_of.setdefault(change.label, []).append(item.item.label if self.lang == "zh"
                                                             else str(item.item.number))

        def note(label: str) -> str:
            items = ("、" if self.lang == "zh" else ", ").join(items_of.get(label, ()))
            return self.t("table_note", items=items).unescape() if items else ""

        page_rows = [dataclasses.replace(row, note=note(row.label)) for row in view.table_rows]
        cited = {source.key: source_law(source, self.laws) for source in sources}
        definitions = [(key, law.by_key[article], law) for name, article, key in DEFINITIONS
                       if (law := self.by_name.get(name)) is not None and article in law.by_key
                       and any(c is law for c in cited.values())]
        return {"rows": rows, "rationale": rationale, "table": Markup(comparison_table.table_fragment(page_rows)),
                "cited": {s.key: (cited[s.key], source_articles(s, law) if (law := cited[s.key]) else [])
                          for s in sources},
                "definitions": definitions}


#: The index of the proposals (both language trees).
PROPOSALS_INDEX = "proposals/index.html"


def _plain_date(value: dt.date | None, lang: str) -> str:
    """Return a date as text, written as the language writes dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else f"{value.day} {value:%B} {value.year}"


def render_pages(library: Library, env: jinja2.Environment, assets: dict[str, str],
                 laws: list[LawView] | None = None, proposals: list[ProposalView] | None = None) -> list[Page]:
    """Return every page of the site in both languages, rendered (the Chinese home page first)."""
    laws = gather(library) if laws is None else laws
    proposals = gather_proposals(library, laws) if proposals is None else proposals
    return [task.make() for task in page_tasks(env, assets, laws, proposals)]


def page_tasks(env: jinja2.Environment, assets: dict[str, str], laws: list[LawView],
               proposals: list[ProposalView], diff: WordDiff = word_diff) -> list[PageTask]:
    """Return every page of the site in both languages, not yet rendered (the Chinese home page first); their
    texts are compared word by word with ``diff``."""
    messages = load_messages(SITE_DIR / "i18n")
    return [task for lang in LANGS for task in _Renderer(env, lang, messages, assets, laws, proposals, diff).tasks()]


def write_downloads(proposals: list[ProposalView], out: Path) -> list[str]:
    """Write each proposal's comparison table as DOCX and Markdown (byte-identical from one build to the next);
    return their paths below ``out``."""
    written = []
    for view in proposals:
        docx, md = out / view.download("docx"), out / view.download("md")
        docx.parent.mkdir(parents=True, exist_ok=True)
        comparison_table.table_docx(view.table_rows, view.table_title, docx)
        md.write_text(comparison_table.table_markdown(view.table_rows, view.table_title), encoding="utf-8")
        written += [view.download("docx"), view.download("md")]
    return written


# --- static assets, search, links, the build ---------------------------------------------------


def _copy_static(static: Path, out: Path) -> dict[str, str]:
    """Copy static assets with a content hash in their names; return logical name → fingerprinted path."""
    assets = {}
    for src in sorted(static.rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(static)
        fingerprint = hashlib.sha256(src.read_bytes()).hexdigest()[:10]
        target = Path("static") / rel.parent / f"{rel.stem}.{fingerprint}{rel.suffix}"
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / target)
        assets[rel.as_posix()] = target.as_posix()
    return assets


def pagefind_binary() -> Path:
    """Return Pagefind's extended binary (it segments Chinese); raise BuildError when it is not installed."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise BuildError("the search index needs Pagefind's extended build, which segments Chinese: "
                         "pip install 'pagefind[extended]' (or build without search)") from None
    return Path(get_executable())


#: What Pagefind writes that the site does not use (its ready-made interfaces): removed after indexing.
_PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def search_groups(laws: list[LawView], proposals: list[ProposalView] | None = None) -> list[tuple[str, str]]:
    """Return each search group — a law, and the proposals (after the first law, whose story they continue) —
    and the pages it indexes, as a glob below a language's root."""
    groups = [(law.name, f"laws/{law.name}/**/*.html") for law in laws]
    if proposals:
        groups.insert(1, ("proposals", "proposals/*.html"))
    return groups


def search_bundle(group: str) -> str:
    """Return the folder of one search index: ``pagefind/criminal-law/``."""
    return f"pagefind/{group}/"


@dataclass
class _Indexer:
    """One Pagefind run: the index it writes, its command and, once started, its process."""

    bundle: Path
    command: list[str]
    pages: Path  # the folder Pagefind reads: the group's pages, linked there in order (see `_pages_in_order`)
    process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if self.process is None:
            try:
                self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                text=True)
            except OSError as exc:
                raise BuildError(f"cannot run Pagefind: {exc.strerror}", path=self.command[0]) from None


def index_search(site: Path, groups: list[tuple[str, str]], at_once: int | None = None) -> list[_Indexer]:
    """Start indexing the built pages for client-side search; return the runs (finish them with
    `wait_for_search_index`).

    One Pagefind index per group (a law), so that results come grouped by law: separate indexes rather than
    Pagefind filters, whose files are not byte-identical from one run to the next (Pagefind issue #638). Only
    the Chinese tree is indexed, built as Chinese (``--force-language zh``; its segmenter splits English words
    too): its pages hold the English renderings as well, so the English search page uses the same indexes and
    points its results into ``en/``. Only pages marked ``data-pagefind-body`` (articles, instruments, proposals) count.
    """
    binary = pagefind_binary()
    runs = []
    try:
        for group, pattern in groups:
            pages, bundle = _pages_in_order(site, pattern), site / search_bundle(group)
            runs.append(_Indexer(bundle, [str(binary), "--site", str(pages), "--glob", pattern, "--output-path",
                                          str(bundle), "--force-language", "zh", "--silent"], pages))
        for run in runs[:at_once]:  # ``at_once`` runs at a time (all of them: None); the others as those end
            run.start()
    except BaseException:
        _stop(runs)
        raise
    return runs


def _pages_in_order(site: Path, pattern: str) -> Path:
    """Return a folder beside the site holding (hard links to) the site's pages that match ``pattern``, linked
    in the order of their paths. Pagefind's index files depend on the order it finds the pages in, which is the
    order the file system lists them: by name hash on most disks, but on some (tmpfs) by creation, and pages
    are written in whatever order the render processes finish them."""
    folder = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
    for page in sorted(site.glob(pattern)):
        if page.is_file():
            _reuse(page, folder / page.relative_to(site))
    return folder


def _stop(runs: list[_Indexer]) -> None:
    for run in runs:
        if run.process is not None:
            run.process.kill()
            run.process.communicate()
        shutil.rmtree(run.pages, ignore_errors=True)


def wait_for_search_index(runs: list[_Indexer], site: Path, done: Callable[[], None] = lambda: None) -> None:
    """Wait for every Pagefind run to finish, starting each one not started yet as an earlier one ends (as many
    at a time as `index_search` started); raise BuildError with the first failure's last message."""
    failure = None
    at_once = sum(run.process is not None for run in runs) or 1
    for i, run in enumerate(runs):
        try:
            for later in runs[i:i + at_once]:
                later.start()
            assert run.process is not None
            stdout, stderr = run.process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            _stop(runs)
            raise BuildError("Pagefind did not finish within 5 minutes", path=str(site)) from None
        if failure is None and (run.process.returncode != 0 or not (run.bundle / "pagefind.js").exists()):
            detail = (stderr or stdout).strip().splitlines()
            failure = f"Pagefind failed for {run.bundle.relative_to(site)}: " + (
                detail[-1] if detail else f"exit status {run.process.returncode}")
        for name in _PAGEFIND_UNUSED:
            (run.bundle / name).unlink(missing_ok=True)
        shutil.rmtree(run.pages, ignore_errors=True)
        done()
    if failure:
        raise BuildError(failure, path=str(site))


#: The attributes of a generated page that link somewhere or name an anchor. The build writes every attribute
#: value in double quotes, escaped (Jinja autoescape), so a pattern reads them exactly and much faster than a
#: full HTML parser over thousands of pages.
_ATTRIBUTE = re.compile(r'\s(href|src|action|id)="([^"]*)"')


def _links_and_ids(text: str) -> tuple[list[str], set[str]]:
    links, ids = [], set()
    for name, value in _ATTRIBUTE.findall(text):
        value = html.unescape(value)
        if name == "id":
            ids.add(value)
        elif not value.startswith(("http:", "https:", "mailto:", "data:")):
            links.append(value)
    return links, ids


def check_links(out: Path) -> list[str]:
    """Return every internal link or anchor in the site that points nowhere, as 'page: link'."""
    return _broken_links({f.relative_to(out).as_posix(): _links_and_ids(f.read_text(encoding="utf-8"))
                          for f in sorted(out.rglob("*.html"))}, out)


def _broken_links(pages: dict[str, tuple[list[str], set[str]]], out: Path,
                  only: Collection[str] | None = None) -> list[str]:
    """Return the links of pages (path → links, ids) that point nowhere: at no page and no file below ``out``,
    or at an anchor the page does not have (``only``: check the links of these pages only)."""
    resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (page's folder, link) → (target, fragment)
    broken = []
    for page in sorted(pages if only is None else only):
        folder = page.rpartition("/")[0]
        for link in pages[page][0]:
            key = (folder, link) if link and not link.startswith("#") else (page, link)
            if key not in resolved:
                target, fragment = urldefrag(urljoin(page, link))
                target = target or page
                if target.endswith("/"):
                    target += "index.html"
                resolved[key] = (target, fragment)
            target, fragment = resolved[key]
            if target not in pages and not (out / target).exists():
                broken.append(f"{page}: {link}")
            elif fragment and target in pages and fragment not in pages[target][1]:
                broken.append(f"{page}: {link} (no anchor #{fragment})")
    return broken


# --- incremental and parallel builds -----------------------------------------------------------

def _read_state(out: Path) -> tuple[dict[str, Any] | None, dict[str, Any], dict[str, Any]]:
    """Return the previous site's manifest, links and derived data (None, {}, {} when there is none usable)."""
    import json

    manifest = read_manifest(out)
    if manifest is None:
        return None, {}, {}
    try:
        links = json.loads((out / LINKS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}, {}
    intern = sys.intern
    links = {intern(page): ([intern(x) for x in found[0]], [intern(x) for x in found[1]])
             for page, found in links.items()}
    return manifest, links, _read_pickle(out / DERIVED)


def _write_state(staging: Path, manifest: dict[str, Any], links: dict[str, tuple[list[str], set[str]]],
                 derived: dict[str, Any]) -> None:
    import json

    (staging / STATE_DIR).mkdir(exist_ok=True)
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")
    (staging / LINKS).write_text(json.dumps({page: [links[page][0], sorted(links[page][1])] for page in links},
                                            ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    _write_pickle(staging / DERIVED, derived)


def _reuse(old: Path, new: Path) -> None:
    """Put a file of the previous site into the new one: a hard link (a copy where links are not possible)."""
    try:
        os.link(old, new)  # thousands of files, most in folders made already: make a folder only when missing
    except FileNotFoundError:
        new.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(old, new)
    except OSError:
        shutil.copy2(old, new)


def _link_or_copy(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _page_group(path: str, groups: list[tuple[str, str]]) -> str | None:
    """Return the search group whose index holds a page (None: no index holds it)."""
    if path.startswith("laws/"):
        name = path.split("/", 2)[1]
        return name if any(group == name for group, _ in groups) else None
    if path.startswith("proposals/") and path.count("/") == 1:
        return "proposals" if any(group == "proposals" for group, _ in groups) else None
    return None


#: What forked render workers share with the build that started them (set just before the pool starts).
_WORK: tuple[list[PageTask], Path, WordDiffs] | None = None


#: What rendering a page tells the rest of the build: its links, its anchors and the hash of its bytes.
_Rendered = tuple[list[str], set[str], str]


def _render_one(task: PageTask, staging: Path) -> _Rendered:
    page = task.make()
    target = staging / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = page.html.encode("utf-8")
    target.write_bytes(data)
    return (*_links_and_ids(page.html), hashlib.sha256(data).hexdigest())


def _render_chunk(indexes: list[int]) -> tuple[list[_Rendered], dict[tuple[str, str], list[Op]]] | str:
    """Render and write some pages in a worker; return their links and anchors and the word diffs they showed,
    or the error as a message."""
    assert _WORK is not None
    tasks, staging, diffs = _WORK
    diffs.used = {}
    try:
        return [_render_one(tasks[i], staging) for i in indexes], diffs.used
    except jinja2.TemplateError as exc:
        return f"template error: {exc}"
    except LawdiffError as exc:
        return exc.message


def _worker_start() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build that started the worker stops it
    # A build killed outright (SIGKILL) cannot stop its workers: have the kernel end them with it (Linux), so
    # no orphan keeps rendering into a staging folder or holding the build's output pipes open.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when they next find the pool gone
        pass


def _render(tasks: list[PageTask], todo: list[int], staging: Path, jobs: int, progress: Callable[[], None],
            diffs: WordDiffs) -> dict[int, _Rendered]:
    """Render and write the pages ``todo`` (indexes into ``tasks``), in ``jobs`` processes; return each one's
    links, anchors and hash (``diffs``: how the tasks compare texts; its ``used`` gathers what workers used)."""
    out: dict[int, _Rendered] = {}
    if jobs <= 1 or len(todo) < 64:
        for i in todo:
            try:
                out[i] = _render_one(tasks[i], staging)
            except jinja2.TemplateError as exc:
                raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
            progress()
        return out
    import concurrent.futures
    import multiprocessing

    global _WORK
    size = max(8, min(64, len(todo) // (jobs * 8)))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    _WORK = (tasks, staging, diffs)
    gc.freeze()  # the workers inherit the gathered data: a collection there would touch, and so copy, all of it
    pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=_worker_start)
    try:
        futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            result = future.result()
            if isinstance(result, str):
                raise BuildError(result, path=str(SITE_DIR / "templates"))
            rendered, used = result
            diffs.used.update(used)
            for i, found in zip(chunk, rendered, strict=True):
                out[i] = found
                progress()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _WORK = None
    return out


@dataclass
class _Build:
    """What every step of a build reads (the phases of `_law_phase` read it in a process of their own)."""

    library: Library
    env: jinja2.Environment
    assets: dict[str, str]
    laws: list[LawView]  # without their histories, but the story's (see `build`)
    proposals: list[Proposal]
    stubs: list[ProposalView]  # every proposal as `_light_view` shows it, without its changes
    inputs: dict[str, Any]
    cache: _Derived
    diffs: WordDiffs
    out: Path
    staging: Path
    jobs: int
    manifest: dict[str, Any] | None  # the previous site's (None: none, or a full build)
    links: dict[str, Any]  # the previous site's links and anchors, by page
    messages: dict[str, dict[str, Any]] = field(default_factory=lambda: load_messages(SITE_DIR / "i18n"))

    @cached_property
    def files(self) -> dict[str, str]:
        """Return each proposal's file, as the inputs name it, by proposal id."""
        return {p.id: _relative_file(self.library.root, p.path) for p in self.proposals}

    @cached_property
    def _every(self) -> str:
        return digest(sorted(self.inputs["proposals"].items()))

    def task_hash(self, task: PageTask) -> str:
        """Return the hash of what a page shows (see `PageTask`): it is rendered again when this changes."""
        proposals = self.inputs["proposals"]
        shown = self._every if task.shows is None else [(p, proposals.get(self.files[p])) for p in task.shows]
        return digest(self.inputs["global"], shown, *([sorted(proposals)] if task.names else []))

    def law_inputs(self, law: str) -> dict[str, Any]:
        """Return what a law's pages depend on besides the statutes and lawdiff (see `_kept_phase`): the
        proposals of the law (file → content hash) and which proposals there are."""
        return {"proposals": {self.files[p.id]: self.inputs["proposals"].get(self.files[p.id])
                              for p in self.proposals if p.law == law},
                "names": sorted(self.inputs["proposals"])}

    def keep(self, path: str, phase: _Phase) -> None:
        """Put a page of the previous site, unchanged, into the new one, with its links, anchors and hashes."""
        assert self.manifest is not None
        _reuse(self.out / path, self.staging / path)
        phase.pages[path] = self.manifest["pages"][path]
        phase.links[path] = (self.links[path][0], set(self.links[path][1]))
        phase.outputs[path] = self.manifest["outputs"][path]


@dataclass
class _Phase:
    """What the pages of one law (and of its proposals) came to: for each page the hash of its inputs, its links
    and anchors and the hash of its bytes; the pages rendered; the downloads written, with their input hash; what
    was derived; the word diffs shown; and the summary of each proposal of the law (`_summary`)."""

    pages: dict[str, str] = field(default_factory=dict)
    links: dict[str, tuple[list[str], set[str]]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)
    diffs: dict[tuple[str, str], list[Op]] = field(default_factory=dict)
    summaries: dict[str, Summary] = field(default_factory=dict)
    front: bool = False  # it holds the pages about the whole site (`_front_pages`)


def _render_tasks(b: _Build, tasks: list[PageTask], phase: _Phase) -> None:
    """Render the pages whose inputs changed since the previous site into the staging folder, link the others
    from it; record each in ``phase``."""
    old = b.manifest or {}
    old_pages, old_outputs = old.get("pages", {}), old.get("outputs", {})
    todo = []
    for i, task in enumerate(tasks):
        page_hash = b.task_hash(task)
        if (old_pages.get(task.path) == page_hash and task.path in b.links and task.path in old_outputs
                and (b.out / task.path).is_file()):
            b.keep(task.path, phase)
        else:
            phase.pages[task.path] = page_hash
            todo.append(i)
    b.diffs.used = {}
    for i, (found_links, found_ids, output) in _render(tasks, todo, b.staging, b.jobs, lambda: None, b.diffs).items():
        phase.links[tasks[i].path] = (found_links, found_ids)
        phase.outputs[tasks[i].path] = output
        phase.rendered.append(tasks[i].path)
    phase.diffs.update(b.diffs.used)


def _law_phase(b: _Build, law: LawView, others: dict[str, Summary] | None = None) -> _Phase:
    """Build the pages of one law and of the proposals that amend it: its history, its proposals applied and
    compared, its pages rendered (in ``b.jobs`` processes), its proposals' comparison tables written. Given the
    summaries of the ``others`` (every proposal of the other laws), also the pages about the whole site
    (`_front_pages`): the story law's phase comes last and does that, its history at hand."""
    phase = _Phase()
    # What the law's pages derive (its versions, its proposals' tables and conflicts, the word diffs shown) is
    # read from the previous site's file for the law and written to the new site's here, never sent back to the
    # build: it holds one law's at a time.
    b.cache.old = _read_pickle(_law_derived(b.out, law.name)) if b.manifest is not None else {}
    b.cache.new = phase.derived
    diffs_key = b.cache.key("word diffs")
    b.diffs.known = dict(b.cache.old.get(diffs_key, {}))
    with_history(law, b.library, b.cache)
    views = gather_proposals(b.library, b.laws, b.cache, [p for p in b.proposals if p.law == law.name])
    mine = {view.id: view for view in views}
    shown = [mine.get(stub.id, stub) for stub in b.stubs]
    tasks = [task for lang in LANGS
             for renderer in [_Renderer(b.env, lang, b.messages, b.assets, b.laws, shown, b.diffs)]
             for task in [*renderer.law_tasks(law), *renderer.proposal_tasks(views)]]
    _render_tasks(b, tasks, phase)
    old_files = (b.manifest or {}).get("files", {})
    for view in views:
        key = digest(b.inputs["global"], b.inputs["proposals"].get(b.files[view.id]))
        downloads = [view.download("docx"), view.download("md")]
        phase.files.update(dict.fromkeys(downloads, key))
        if all(old_files.get(path) == key and (b.out / path).is_file() for path in downloads):
            for path in downloads:
                _reuse(b.out / path, b.staging / path)
        else:
            write_downloads([view], b.staging)
        phase.summaries[view.id] = _summary(view)
    if others is not None:
        _front_pages(b, {**others, **phase.summaries}, phase)
    phase.derived[diffs_key] = dict(sorted({**b.diffs.known, **phase.diffs}.items()))
    _write_pickle(_law_derived(b.staging, law.name), phase.derived)
    phase.derived, phase.diffs = {}, {}
    return phase


def _law_derived(site: Path, law: str) -> Path:
    """Return the file where a site keeps what the pages of one law derived (see `_law_phase`)."""
    return site / STATE_DIR / "derived" / f"{law}.pickle"


def _read_pickle(path: Path) -> dict[str, Any]:
    """Return a cache's entries (empty when the file is missing or unusable: a cache is only ever a shortcut)."""
    import pickle

    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except Exception:  # anything wrong with a cache means deriving again what it held
        return {}
    return data if isinstance(data, dict) else {}


def _write_pickle(path: Path, data: dict[str, Any]) -> None:
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(dict(sorted(data.items())), f, protocol=4)


def _front_pages(b: _Build, summaries: dict[str, Summary], phase: _Phase) -> None:
    """Render the pages about the whole site — home (with the story, whose law's history it adds if need be),
    search, the list of proposals — into ``phase``, every proposal shown by its summary."""
    by_name = {law.name: law for law in b.laws}
    if STORY[0] in by_name:
        with_history(by_name[STORY[0]], b.library, b.cache)
    for law in b.laws:
        for article in law.articles:
            article.proposals.clear()  # the full views of a phase's proposals: the whole site shows summaries
    views = [_light_view(p, by_name[p.law], summaries.get(p.id)) for p in b.proposals]
    _file_touches(views)
    tasks = [t for lang in LANGS for t in _Renderer(b.env, lang, b.messages, b.assets, b.laws, views, b.diffs
                                                    ).front_tasks()]
    _render_tasks(b, tasks, phase)
    phase.front = True


def _kept_phase(b: _Build, law: LawView) -> _Phase | None:
    """Return the previous site's pages of a law as they are, when nothing they show has changed: the statutes,
    templates and lawdiff (``global``), the proposals of the law and which proposals there are (their pages link
    to any other by id); None when the law's pages must be built."""
    old = b.manifest
    if old is None or old["inputs"]["global"] != b.inputs["global"]:
        return None
    before = old.get("laws", {}).get(law.name)
    mine = [p for p in b.proposals if p.law == law.name]
    now = b.law_inputs(law.name)
    if before is None or {k: before[k] for k in now} != now:
        return None
    summaries = {p.id: b.cache.old.get(b.cache.key("summary", _content(p))) for p in mine}
    paths = [*before["pages"], *before["files"]]
    if any(v is None for v in summaries.values()) or not all((b.out / path).is_file() for path in paths) or any(
            path not in b.links or path not in old["outputs"] for path in before["pages"]):
        return None
    phase = _Phase(summaries={k: v for k, v in summaries.items() if v is not None})
    for path in before["pages"]:
        b.keep(path, phase)
    for path in before["files"]:
        _reuse(b.out / path, b.staging / path)
        phase.files[path] = old["files"][path]
    if _law_derived(b.out, law.name).is_file():
        _reuse(_law_derived(b.out, law.name), _law_derived(b.staging, law.name))
    return phase


def _compact(phase: _Phase) -> _Phase:
    """Return a phase's pages with every path, link and anchor interned: the pages of a law link to the same few
    thousand places (a tenth of their links are distinct), and a build of a hundred laws would otherwise hold
    millions of copies of them until its links are checked."""
    intern = sys.intern
    phase.pages = {intern(path): h for path, h in phase.pages.items()}
    phase.outputs = {intern(path): h for path, h in phase.outputs.items()}
    phase.links = {intern(path): ([intern(x) for x in links], {intern(x) for x in ids})
                   for path, (links, ids) in phase.links.items()}
    return phase


def _in_child(work: Callable[[], _Phase]) -> _Phase:
    """Return what ``work()`` returns, done in a forked process of its own: all it allocates (a law's timeline,
    its proposals applied) goes when it ends, so a build holds one law's history at a time."""
    import pickle
    import traceback

    read, write = os.pipe()
    gc.freeze()  # the child inherits the build's data: a collection there would touch, and so copy, all of it
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        code = 0
        try:
            _worker_start()
            import signal

            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                result: tuple[str, Any] = ("ok", work())
            except jinja2.TemplateError as exc:
                result = ("error", (BuildError, f"template error: {exc}", str(SITE_DIR / "templates"), None))
            except LawdiffError as exc:
                result = ("error", (type(exc), exc.message, exc.path, exc.line))
            except BaseException:  # a bug: its traceback, for the report
                result = ("crash", traceback.format_exc())
            with os.fdopen(write, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    try:
        with os.fdopen(read, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    finally:
        gc.unfreeze()
    if not data:
        raise BuildError(f"a build process ended without an answer (status {status})", path=None)
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "error":
        cls, message, path, line = value
        try:
            raise cls(message, path=path, line=line)
        except TypeError:
            raise BuildError(message, path=path, line=line) from None
    raise RuntimeError(f"the build of one law failed:\n{value}")


def _run_phase(b: _Build, law: LawView, others: dict[str, Summary] | None = None) -> _Phase:
    """Build a law's pages (`_law_phase`): in a process of its own (`_in_child`), or with ``jobs=1`` in this one,
    the law's history and proposals let go of afterwards."""
    if b.jobs > 1:
        return _in_child(functools.partial(_law_phase, b, law, others))
    old, new, known = b.cache.old, b.cache.new, b.diffs.known
    try:
        return _law_phase(b, law, others)
    finally:
        b.cache.old, b.cache.new, b.diffs.known = old, new, known
        for article in law.articles:
            article.proposals.clear()  # the proposals' full views: the site's pages show their summaries
        if law.name != STORY[0]:
            law.timeline = None
            b.library.forget_timeline(law.name)
            for article in law.articles:
                for name in ("versions", "art12", "in_force_versions"):
                    article.__dict__.pop(name, None)


def build(root: Path, out: Path, progress: Progress | None = None, *, search: bool = True,
          jobs: int | None = None, incremental: bool = True) -> BuildStats:
    """Build the site of the project at ``root`` into ``out``; return the number of pages written (a `BuildStats`:
    also how many were rendered and how many reused).

    ``progress`` is told of each phase (`lawdiff.site.progress`): the laws, built one after the other; the pages
    about the whole site; the search indexes; the link check. With ``search=False`` no search index is built (the
    search page then says so). Pages are rendered in ``jobs`` processes (default: one per core; the output is the
    same whatever the number). With ``incremental`` (the default), the manifest the previous build left in ``out``
    (`MANIFEST`) says which pages' inputs have not changed: those pages, the search indexes of groups whose pages
    have not changed and the derived data of unchanged proposals are reused, the rest rebuilt — the site is
    byte-identical to a build from scratch, and still swapped in atomically.

    The laws are built one at a time, each in a process of its own (`_in_child`): the build holds every law's
    text in force, but one law's history and proposals at a time, so its memory does not grow with the number of
    laws; a law none of whose inputs changed is not built again at all (`_kept_phase`).
    """
    library = Library(root)
    env = _environment(SITE_DIR / "templates")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if search:
        pagefind_binary()  # fail before rendering when search cannot be built
    library.names  # noqa: B018 — fail early on a project without statutes/
    inputs = build_inputs(library.root, search)
    if incremental and (unchanged := up_to_date(out, inputs)) is not None:
        return unchanged  # nothing changed: the site in ``out`` is what a build would write
    manifest, old_links, old_derived = _read_state(out) if incremental and out.is_dir() else (None, {}, {})
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        env.bytecode_cache = _TemplateCache(out / TEMPLATE_CACHE if manifest is not None else None,
                                            staging / TEMPLATE_CACHE)
        # 1. static assets first: pages link to their fingerprinted names
        assets = _copy_static(SITE_DIR / "static", staging)
        # 2. every law's text in force and references, every proposal read; the story's history (the home page
        #    tells it). What the previous build derived from the same statutes and proposals is reused; when
        #    they have not changed, the entries of laws not built again are kept.
        same = manifest is not None and manifest["inputs"]["global"] == inputs["global"]
        derived: dict[str, Any] = dict(old_derived) if same else {}
        cache = _Derived(inputs, old_derived, derived)
        laws = gather(library, cache, history=False)
        by_name = {law.name: law for law in laws}
        proposals = load_proposals(library)
        for proposal in proposals:
            if proposal.law not in by_name:
                raise BuildError(f"proposal {proposal.id}: its base {proposal.base} is not a law in statutes/",
                                 path=proposal.path)
        if any(op.kind is OpKind.REPLACE_TERM for p in proposals for item in p.items for op in item.operations):
            library.provision_texts  # noqa: B018 — read once here: every law's phase searches them for terms
        diffs = WordDiffs(cache.cached("word diffs", dict))
        b = _Build(library, env, assets, laws, proposals, [_light_view(p, by_name[p.law]) for p in proposals],
                   inputs, cache, diffs, out, staging, jobs, manifest, old_links)
        # 3. the laws one by one: the pages of each, and of its proposals, rendered where their inputs changed;
        #    the story's law last, with the pages about the whole site (which tell its story)
        phases: dict[str, _Phase] = {}
        summaries: dict[str, Summary] = {}  # every proposal's, as the phase of its law gives it
        progress = progress or Silent()
        progress.phase("laws", len(laws))
        for law in sorted(laws, key=lambda law: law.name == STORY[0]):
            phase = _kept_phase(b, law) or _run_phase(b, law, summaries if law.name == STORY[0] else None)
            phases[law.name] = phase = _compact(phase)
            summaries.update(phase.summaries)
            derived.update((cache.key("summary", _content(p)), phase.summaries[p.id]) for p in proposals
                           if p.id in phase.summaries)
            progress.advance()
        # 4. the pages about the whole site, unless the story's law was built (and they with it)
        cache.new = derived
        front = _Phase()
        if not any(phase.front for phase in phases.values()):
            progress.phase("site pages", 1)
            try:
                _front_pages(b, summaries, front)
            except jinja2.TemplateError as exc:
                raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
            progress.advance()
        everything = [front, *phases.values()]
        pages = {path: h for phase in everything for path, h in phase.pages.items()}
        links = {path: found for phase in everything for path, found in phase.links.items()}
        outputs = {path: h for phase in everything for path, h in phase.outputs.items()}
        rendered = [path for phase in everything for path in phase.rendered]
        files = {path: h for phase in everything for path, h in phase.files.items()}
        # what the next build may reuse: the diffs of the pages kept (the previous build's) and of those rendered
        # now (worked out in the phases, sent back with their pages)
        derived[cache.key("word diffs")] = dict(sorted({**diffs.known, **front.diffs}.items()))
        # 5. the search index of each group whose pages' bytes changed (Pagefind runs while the links are
        #    checked, a few at a time); the index of the others is the previous site's
        groups = search_groups(laws, b.stubs)
        members: dict[str, list[str]] = {}
        for path in sorted(pages):
            group = _page_group(path, groups)
            if group is not None:
                members.setdefault(group, []).append(f"{path} {outputs[path]}")
        group_hashes = {group: digest(members.get(group, [])) for group, _ in groups}
        old_groups: dict[str, str] = manifest["groups"] if manifest else {}
        stale = [(group, pattern) for group, pattern in groups
                 if old_groups.get(group) != group_hashes[group] or not (out / search_bundle(group)).is_dir()]
        if search:
            for group, _ in groups:
                if (group, _) not in stale:
                    for f in sorted((out / search_bundle(group)).rglob("*")):
                        if f.is_file():
                            _reuse(f, staging / f.relative_to(out))
        indexers = index_search(staging, stale, jobs) if search and stale else []
        try:
            # 6. every internal link and anchor must resolve. A page kept was checked by the build that rendered
            #    it, and still resolves unless a page went or lost an anchor: then every page is checked again,
            #    otherwise only the pages rendered now.
            old_pages: dict[str, str] = manifest["pages"] if manifest else {}
            lost = old_pages.keys() - links.keys() or any(
                not set(old_links[path][1]) <= links[path][1] for path in rendered if path in old_links)
            progress.phase("link check", 1)
            broken = _broken_links(links, staging, None if manifest is None or lost else rendered)
            progress.advance()
            if broken:
                raise BuildError(f"{len(broken)} broken internal link(s), first: {broken[0]}", path=str(out))
        except BaseException:
            _stop(indexers)
            raise
        if indexers:
            progress.phase("search index", len(indexers))
        wait_for_search_index(indexers, staging, progress.advance)
        # 7. what the next build reuses, then swap in
        laws_state = {name: {**b.law_inputs(name), "pages": sorted(phase.pages), "files": sorted(phase.files)}
                      for name, phase in phases.items()}
        _write_state(staging, {"inputs": inputs, "pages": pages, "outputs": outputs, "files": files,
                               "groups": group_hashes if search else {}, "laws": laws_state}, links, derived)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the site is for reading
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildStats(len(pages), len(rendered), len(pages) - len(rendered),
                      tuple(group for group, _ in stale) if search else ())


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so readers never see a half-built site."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
