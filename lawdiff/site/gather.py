"""Gathering the views of a project: every law with its articles, versions and cross-references, and every
proposal applied to its base, compared, checked for conflicts and filed under the articles it touches."""


from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Callable
from pathlib import Path

from lawdiff.akn import numbering
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.proposals import (
    Proposal,
    apply_proposal,
    conflict_matrix,
    proposal_notes,
    text_changes,
    touched_articles,
)
from lawdiff.amending.timeline import Timeline, Version, in_force_on, touched
from lawdiff.analysis.applicable import (
    applicable,
)
from lawdiff.analysis.charges import proposed_names
from lawdiff.analysis.penalties import compare
from lawdiff.analysis.refs import Ref, RefWarning, dangling_after, find_refs
from lawdiff.analysis.terms import term_impact
from lawdiff.errors import BuildError
from lawdiff.importing.instrument import Item, OpKind
from lawdiff.importing.translations import load_translation
from lawdiff.library import Library
from lawdiff.rendering import table as comparison_table
from lawdiff.site.cache import Derived, proposal_content
from lawdiff.site.views import (
    STORY,
    Art12View,
    ArticleView,
    Citation,
    InstrumentView,
    ItemView,
    LawView,
    ProposalChange,
    ProposalTouch,
    ProposalView,
    Summary,
    TermChange,
    VersionView,
    amendment_number,
)


def load_translations(root: Path, name: str) -> dict[str, dict[str, str]]:
    """Return a law's unofficial English renderings: version name (``current``, ``amendment-07``) → eId → text."""
    path = root / "statutes" / "translations" / f"{name}.eng.yaml"
    return load_translation(path).versions if path.exists() else {}


def gather(library: Library, derived: Derived | None = None, *, history: bool = True) -> list[LawView]:
    """Return every law with its articles and their cross-references, and for laws with amending instruments
    every version of each article, with its penalty comparison and the Art. 12 answers (the last two worked out
    when a page first shows them). ``derived``: what the previous build derived from the same statutes — the
    versions of every article, the references — reused. With ``history=False`` the laws' histories are left out
    (the instruments are listed, no timeline is derived): `with_history` adds a law's when it is needed."""
    laws = []
    for statute in library.statutes():
        translations = load_translations(library.root, statute.name)
        instruments = [InstrumentView(k, ins, statute.name, amendment_number(ins.title))
                       for k, ins in enumerate(library.instruments(statute.name), 1)]
        law = LawView(statute, [], instruments, None, translations=translations, charges=library.charges_or_none(
            statute.name))
        law.articles = [ArticleView(statute.name, art, law.directory, translations.get("current", {}))
                        for art in statute.articles()]
        if history:
            with_history(law, library, derived)
        laws.append(law)
    cross_references(laws, derived)
    # The law whose history the site tells comes first (home page, search results); the rest by name.
    return sorted(laws, key=lambda law: law.name != STORY[0])


def with_history(law: LawView, library: Library, derived: Derived | None = None) -> None:
    """Give a law of `gather` its timeline, so that its articles have their versions (nothing for a law without
    amending instruments)."""
    if law.timeline is not None or not library.instrument_files(law.name):
        return
    timeline = library.timeline(law.name)
    law.timeline = timeline
    if derived is not None:
        derive = functools.partial(all_versions, timeline, [article.key for article in law.articles])
        timeline.seed_versions(derived.cached(f"versions:{law.name}", derive))
    interpretations = library.temporal_interpretations(law.name)
    for article in law.articles:
        article.history = functools.partial(article_versions, law=law, translations=law.translations)
        article.article12 = functools.partial(article12, library, law, interpretations)


def all_versions(timeline: Timeline, keys: list[str]) -> dict[str, list[Version]]:
    return {key: timeline.versions(key) for key in keys}


def article_versions(article: ArticleView, law: LawView, translations: dict[str, dict[str, str]]) -> list[VersionView]:
    """Return the versions of an article from the law's timeline, each with its text (as in force on its first
    day), instrument — stored, or not in the corpus with what the corpus shows it did — penalties and caveats."""
    timeline = law.timeline
    assert timeline is not None
    by_title = {iv.title: iv for iv in law.instruments}
    versions = timeline.versions(article.key)
    out: list[VersionView] = []
    previous: Provision | None = None
    for i, v in enumerate(versions):
        iv = by_title.get(v.instrument) if v.instrument and v.missing is None else None
        items = tuple(item for item in iv.instrument.items if article.key in touched(item)) if iv else ()
        current = v.end is None
        names = (["current"] if current else []) + ([iv.slug] if iv else [])
        translation = next((translations[n] for n in names if article.eid in translations.get(n, {})), {})
        start = v.start or timeline.start.date
        text = timeline.article_at(article.key, start) if v.in_force else None
        following = versions[i + 1] if i + 1 < len(versions) else None
        next_missing = law.missing_view(following.missing, article.key) \
            if following is not None and following.missing is not None and v.in_force and not v.determined else None
        out.append(VersionView(
            start, v.end, text, iv, items, translation, previous if text is not None else None,
            law.missing_view(v.missing, article.key) if v.missing is not None else None, next_missing,
            v.tail_unknown, v.known, (timeline, article.key, v)))
        previous = text if text is not None else previous
    return out


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


def article12(library: Library, law: LawView, interpretations: list[Statute],
              article: ArticleView) -> Art12View | None:
    """Return the Art. 12 view of an article that has changed while in force (None otherwise), the SPC's
    interpretations on the law's temporal effect (``interpretations``) quoted where they decide."""
    versions = article.versions
    if len(article.in_force_versions) < 2:
        return None
    timeline = library.timeline(law.name)
    decide = functools.partial(applicable, timeline, law.name, article.key, interpretations=interpretations)
    old, new = article.in_force_versions[-2:]
    example = decide(*example_dates(old, new))
    before = versions[0].start - dt.timedelta(days=1)
    starts = [before, *(v.start for v in versions)]
    decisions = {(i - 1, j - 1): decide(starts[i], starts[j]) for j in range(len(starts)) for i in range(j + 1)}
    return Art12View(example, old, new, decisions)


def cross_references(laws: list[LawView], derived: Derived | None = None) -> None:
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
                article_eid = numbering.article_eid_of(target) or ""
                key = article_eid.removeprefix("art_")
                article = target_law.by_key.get(key)
                here = ref.origin == target_law.name and numbering.article_eid_of(ref.source) == article_eid
                if article is not None and not here and key not in cited:  # an article citing itself is not news
                    cited.add(key)
                    article.cited_by.append(Citation(ref, target))


def relative_file(root: Path, path: str) -> str:
    """Return the path of a project file from the project's root (as `_inputs` names it)."""
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def gather_proposals(library: Library, laws: list[LawView], derived: Derived | None = None,
                     proposals: list[Proposal] | None = None) -> list[ProposalView]:
    """Return every proposal in ``proposals/`` (or those given) applied to its base, oldest first, with how it
    composes with the other proposals drafted against the same base; file each under the articles it touches
    (``derived``: what the previous build derived from unchanged proposals, reused)."""
    proposals = library.project_proposals()[0] if proposals is None else proposals
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
        views.append(proposal_view(library, proposal, law, bases[proposal.base], derived, base_refs[proposal.base]))
    by_base = itertools.groupby(sorted(views, key=lambda v: v.proposal.base), key=lambda v: v.proposal.base)
    for base_ref, members in by_base:
        group = list(members)
        proposals_of = [v.proposal for v in group]
        matrix = conflict_matrix(proposals_of, bases[base_ref], None if derived is None else (
            lambda a, b, make: derived.cached("conflicts", make, proposal_content(a), proposal_content(b))))
        for view in group:
            view.conflicts = [(other.id, matrix.pair(view.id, other.id)) for other in group if other is not view]
    file_touches(views)
    return views


def file_touches(views: list[ProposalView]) -> None:
    """File each change of the proposals under the article it changes or inserts a new article after."""
    for view in views:
        for item in view.items:
            for change in item.changes:
                for article in (change.article, change.follows):
                    if article is not None:
                        article.proposals.append(ProposalTouch(view, item, change))


def summary_of(view: ProposalView) -> Summary:
    return {item.item.number: [(change.eid, change.follows.key if change.follows else None) for change in item.changes]
            for item in view.items}


def light_view(proposal: Proposal, law: LawView, summary: Summary | None = None) -> ProposalView:
    """Return a proposal as the pages of other laws and the lists of proposals show it: title, status, date and
    (from ``summary``) the articles it changes — not applied, compared or checked (its own page does that)."""
    summary = summary or {}
    items = [ItemView(item, english, rationale, tuple(
        ProposalChange(eid, None, None, law.by_key.get(eid.removeprefix("art_")), None,
                       law.by_key.get(follows) if follows else None, None)
        for eid, follows in summary.get(item.number, ())), ())
        for item, english, rationale in zip(proposal.items, proposal.english, proposal.rationale, strict=True)]
    return ProposalView(proposal, law, proposal.base_date, None, items, [], [])


def _provision(statute: Statute, eid: str) -> Provision | None:
    el = statute.find(eid)
    return Provision(el) if el is not None else None


def proposal_view(library: Library, proposal: Proposal, law: LawView, base: Statute,
                   derived: Derived | None = None, base_refs: Callable[[], list[Ref]] | None = None) -> ProposalView:
    """Return a proposal applied to its base item by item: each item compared with the text before it."""
    base_date = proposal.base_date
    states = [base, *(apply_proposal(dataclasses.replace(proposal, items=proposal.items[:k], charges=()), base)
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
        return dangling_after(base, applied, before_refs=base_refs() if base_refs else None,
                              only=touched_articles(proposal, base, applied))

    own = proposal_content(proposal)
    table = derived.cached("table", rows, own) if derived else rows()
    notes = proposal_notes(proposal)  # the 说明 column: from the rationale, never cached
    table = [dataclasses.replace(row, note=notes.get(row.eid, "")) for row in table]
    return ProposalView(proposal, law, base_date, law.instrument_at(base_date), items, table,
                        derived.cached("warnings", warnings, own) if derived else warnings(),
                        charges=proposed_names(proposal, law.charges, base_date))


def _proposal_change(law: LawView, item: Item, eid: str, before_state: Statute, after_state: Statute,
                     base_date: dt.date) -> ProposalChange:
    before, after = _provision(before_state, eid), _provision(after_state, eid)
    article = law.by_key.get(eid.removeprefix("art_"))
    version = in_force_on(article.versions, base_date) if article else None
    follows = next((law.by_key.get(op.article) for op in item.operations if op.kind is OpKind.INSERT_ARTICLE
                    and op.new_article and numbering.ArticleNumber.parse(op.new_article).eid == eid), None)
    return ProposalChange(eid, before, after, article, version, follows, compare(before, after))
