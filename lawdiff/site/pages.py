"""Pages: the Jinja environment, interface strings, relative links, and the renderer of every page of the site.

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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from lawdiff.akn import numbering
from lawdiff.akn.blocks import UNKNOWN
from lawdiff.amending.timeline import in_force_on, touched
from lawdiff.analysis.applicable import ACT_VERSION, JUDGMENT_VERSION, Citation, Decision, TierAnswer
from lawdiff.analysis.penalties import Comparison
from lawdiff.analysis.refs import Ref, RefWarning
from lawdiff.diffing.diff import word_diff
from lawdiff.errors import BuildError, ParseError
from lawdiff.files import read_yaml
from lawdiff.locations import SITE_DIR
from lawdiff.rendering import table as comparison_table
from lawdiff.site.compare import WordDiff, compare_rows, translated
from lawdiff.site.rationale import legal_data, rationale_html, source_anchor, source_articles, source_law
from lawdiff.site.search import DIRECTORY_FILE, directory, search_bundle, search_groups
from lawdiff.site.views import (
    CITATION_OUTCOMES,
    HTML_LANG,
    LANG_PREFIX,
    LANGS,
    OUTCOMES,
    PROPOSALS_INDEX,
    STORY,
    TIER_DIRECTIONS,
    VERDICTS,
    ArticleView,
    InstrumentView,
    LawView,
    ProposalView,
    VersionView,
    outcome_key,
)


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


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["date"] = _format_date
    env.filters["mark"] = _mark
    return env


class TemplateCache(jinja2.BytecodeCache):
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
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), plain_date(value, context["lang"]))


def load_messages(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the interface strings of each language (``site/i18n/<lang>.yaml``)."""
    out = {}
    for lang in LANGS:
        path = folder / f"{lang}.yaml"
        try:
            out[lang] = read_yaml(path)
        except ParseError as exc:
            raise BuildError(f"cannot read the interface strings: {exc.message}", path=str(path),
                             line=exc.line) from None
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


class Renderer:
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
            penalty_summary=self.penalty_summary, ref_warning=self.ref_warning, verdicts=VERDICTS, outcomes=OUTCOMES,
            source_anchor=source_anchor, base_name=self.base_name, tier_directions=TIER_DIRECTIONS,
            citation_outcomes=CITATION_OUTCOMES, outcome_key=outcome_key, provision_label=numbering.provision_label,
            citation_path=self.citation_path, tier_answer=self.tier_answer,
            **context)
        return Page(out_path, html_text)

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
        yield self._task(None, "search.html", "search.html", search_groups=groups,
                         directory_path=relative(LANG_PREFIX[self.lang] + DIRECTORY_FILE,
                                                 LANG_PREFIX[self.lang] + "search.html"))
        yield self._task(None, "search_directory.js", DIRECTORY_FILE, lambda: {
            "directory": directory(self.laws, self.proposals, self.lang, self.all_messages)})
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

    def ref_warning(self, warning: RefWarning) -> Markup:
        """Return a reference warning worded in the page's language (the provisions cited as the statute cites
        them, in Chinese on either page)."""
        def cited(labels: tuple[str, ...]) -> Markup:
            parts = [Markup('<span lang="zh-Hans">{}</span>').format(label) if label else self.t("provision_gone")
                     for label in labels]
            return self.t("list_separator").join(parts)

        where = Markup('<span lang="zh-Hans">{}</span>').format(warning.where)
        words = Markup('<span lang="zh-Hans">{}</span>').format(warning.words)
        return self.t(f"warning_{warning.kind}", where=where, words=words, now=cited(warning.now_cited),
                      was=cited(warning.was_cited))

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

    def base_name(self, law: LawView) -> Markup:
        """Return the name of a law's base text, the version no instrument made: the 1997 revision."""
        start = law.start
        if start.adopted is None:
            return self.t("version_base_original")
        if start.revised:
            return self.t("version_base_revised", year=start.adopted.year)
        return self.t("version_base_adopted", date=plain_date(start.adopted, self.lang))

    def version_name(self, version: VersionView, law: LawView) -> str:
        """Return a version as plain text: its period and what made it."""
        start, end = plain_date(version.start, self.lang), plain_date(version.end, self.lang)
        period = self.t("version_period", start=start, end=end) if version.end else self.t(
            "version_period_open", start=start)
        if version.instrument:
            made = Markup.escape(version.instrument.name(self.lang))
        elif version.missing:
            made = self.t("missing_name", title=f"《{version.missing.title}》")
        else:
            made = self.base_name(law)
        return f"{period.unescape()} · {made.unescape()}"

    def citation_path(self, citation: Citation) -> str | None:
        """Return the page of the interpretation's article a citation quotes (None: the site does not hold it)."""
        law = next((law for law in self.laws if law.statute.title == citation.title), None)
        if law is None:
            return None
        article = law.by_key.get(numbering.article_key(citation.article))
        return article.path if article else law.path

    def tier_answer(self, tier: TierAnswer) -> Markup:
        """Return what applies to one tier of conduct, in words (with the condition where the elements changed)."""
        if tier.if_offence is not None:
            return self.t("tier_if_offence", outcome=self.t(f"tier_{OUTCOMES[tier.if_offence]}"))
        return self.t(f"tier_{OUTCOMES[tier.outcome]}")

    def _art12(self, article: ArticleView) -> dict[str, Any]:
        """Return what the article page shows of Art. 12: the worked example and the form's data (every answer
        with its tiers, for the form to show without deciding anything)."""
        view = article.art12
        assert view is not None
        versions = article.versions
        law = self.by_name[article.law]

        def index(decision: Decision) -> int | None:
            applied = view.applies(decision, versions)
            return versions.index(applied) if applied else None

        def tiers(decision: Decision) -> list[dict[str, Any]]:
            out = []
            for tier in decision.tiers:
                date = {ACT_VERSION: decision.act_date, JUDGMENT_VERSION: decision.judgment_date}.get(tier.outcome)
                applied = in_force_on(versions, date) if date else None
                out.append({"label": f"[{tier.number}] {tier.label}", "spans": tier.change.spans() if
                            tier.change.old or tier.change.new else "", "answer": str(self.tier_answer(tier)),
                            "version": versions.index(applied) if applied else None})
            return out

        def cited(decision: Decision) -> list[str]:
            return [f"《{c.title}》{c.article} — {self.t('citation_' + CITATION_OUTCOMES[c.outcome])}"
                    for c in decision.citations]

        data = {
            "starts": [v.start.isoformat() for v in versions],
            "names": [self.version_name(v, law) for v in versions],
            "anchors": [v.anchor for v in versions],
            "all_tiers": str(self.t("art12_tier_all")),
            "decisions": {f"{i},{j}": {
                "outcome": outcome_key(d), "version": index(d),
                "penalties": self.penalty_summary(d.comparison).striptags() if d.comparison else "",
                "tiers": tiers(d),
                "citations": cited(d)}
                for (i, j), d in view.decisions.items()},
        }
        example = view.example
        return {"view": view, "example": example, "applies": view.applies(example, versions),
                "outcome": outcome_key(example), "at_act": self._version_on(versions, example.act_date),
                "at_judgment": self._version_on(versions, example.judgment_date), "data": data}

    @staticmethod
    def _version_on(versions: list[VersionView], date: dt.date) -> VersionView | None:
        return in_force_on(versions, date)

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
        before_state, after_state = law.around(iv)
        for item in iv.instrument.items:
            out[item.number] = []
            for key in touched(item):
                before = law.event_article(before_state, key)
                after = law.event_article(after_state, key)
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
        data = legal_data()
        cited = {source.key: source_law(source, self.laws, data) for source in sources}
        definitions = [(d.label, law.by_key[d.article], law) for d in data.definitions
                       if (law := self.by_name.get(d.law)) is not None and d.article in law.by_key
                       and any(c is law for c in cited.values())]
        return {"rows": rows, "rationale": rationale, "table": Markup(comparison_table.table_fragment(page_rows)),
                "cited": {s.key: (cited[s.key], source_articles(s, law) if (law := cited[s.key]) else [])
                          for s in sources},
                "definitions": definitions}


def plain_date(value: dt.date | None, lang: str) -> str:
    """Return a date as text, written as the language writes dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else f"{value.day} {value:%B} {value.year}"


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


#: Assets of the drafting workbench, which `lawdiff serve` serves itself: never copied into a built site.
STUDIO_ASSETS = ("studio.css", "studio.js")


def fingerprinted(static: Path) -> dict[str, str]:
    """Return the site's static assets (logical name → path in the site, a content hash in the name), the
    workbench's left out."""
    assets = {}
    for src in sorted(static.rglob("*")):
        rel = src.relative_to(static)
        if not src.is_file() or rel.as_posix() in STUDIO_ASSETS:
            continue
        fingerprint = hashlib.sha256(src.read_bytes()).hexdigest()[:10]
        assets[rel.as_posix()] = (Path("static") / rel.parent / f"{rel.stem}.{fingerprint}{rel.suffix}").as_posix()
    return assets


def copy_static(static: Path, out: Path) -> dict[str, str]:
    """Copy static assets with a content hash in their names; return logical name → fingerprinted path."""
    assets = fingerprinted(static)
    for name, target in assets.items():
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static / name, out / target)
    return assets
