"""The static site build: statutes and their amendment history → HTML pages in ``_site/``.

`build` is one linear function: gather the laws and resolve every version of every article → render each
page in Chinese and in English → copy static assets with fingerprinted names → index the pages for search
(Pagefind) → check every internal link and anchor → swap the new site in atomically, so a failed build
leaves the previous site untouched.

URL scheme (all links relative, so the site works from any folder or host; ``en/`` mirrors the whole tree
with the English interface, Chinese staying the authoritative text)::

    index.html                                        home: what the site is, the 253-1 story, laws, amendments
    search.html                                       search (Pagefind, client-side, offline)
    laws/criminal-law/zho@2020-12-26/index.html       table of contents by 编/章/节 of that expression
    laws/criminal-law/zho@2020-12-26/art_253-1.html   an article: text in force (#art_253-1__para_2 …) and its
                                                      versions (#v2009-02-28, #v2009-02-28-art_253-1__para_2 …)
    laws/criminal-law/zho@2020-12-26/compare/art_253-1.html                       the pairs of its versions
    laws/criminal-law/zho@2020-12-26/compare/art_253-1/2009-02-28_2015-11-01.html  one pair, side by side
    laws/criminal-law/amendments/index.html           the amending instruments of a law
    laws/criminal-law/amendments/amendment-07.html    an instrument: items verbatim (#item_7), before/after
    en/…                                              the same pages, English interface

Pages are built from plain view objects (`LawView`, `ArticleView`, `VersionView`, `InstrumentView`) so that
templates never reach into lxml or the timeline. Side-by-side comparisons go through one seam,
`compare_rows` → `partials/diff.html`: a list of aligned `Row`s, each with the old and the new HTML.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jinja2
import yaml
from markupsafe import Markup

from . import numbering
from .errors import LawdiffError
from .instructions import Instrument, Item
from .library import Library
from .model import NS, Provision, Statute, text_of
from .operations import UNKNOWN
from .timeline import REVISION_IN_FORCE, Timeline, touched

SITE_DIR = Path(__file__).resolve().parents[1] / "site"
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
    versions: list[VersionView] = field(default_factory=list)

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
    timeline: Timeline | None  # None when the law has no amending instruments

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
    from .translations import load_translation

    path = root / "statutes" / "translations" / f"{name}.eng.yaml"
    return load_translation(path).versions if path.exists() else {}


def gather(library: Library) -> list[LawView]:
    """Return every law with its articles, and for laws with amending instruments every version of each."""
    laws = []
    for statute in library.statutes():
        translations = load_translations(library.root, statute.name)
        timeline = library.timeline(statute.name) if library.instrument_files(statute.name) else None
        instruments = [InstrumentView(k, ins, statute.name, _amendment_number(ins.title))
                       for k, ins in enumerate(timeline.instruments if timeline else [], 1)]
        law = LawView(statute, [], instruments, timeline)
        law.articles = [ArticleView(statute.name, art, law.directory, translations.get("current", {}))
                        for art in statute.articles()]
        if timeline is not None:
            for article in law.articles:
                article.versions = _versions(law, article, translations)
        laws.append(law)
    # The law whose history the site tells comes first (home page, search results); the rest by name.
    return sorted(laws, key=lambda law: law.name != STORY[0])


def _versions(law: LawView, article: ArticleView, translations: dict[str, dict[str, str]]) -> list[VersionView]:
    """Return the versions of an article from the law's timeline, each with its text and instrument."""
    assert law.timeline is not None
    by_title = {iv.title: iv for iv in law.instruments}
    out = []
    for v in law.timeline.versions(article.key):
        iv = by_title.get(v.instrument) if v.instrument else None
        index = iv.index if iv else 0
        items = tuple(item for item in iv.instrument.items if article.key in touched(item)) if iv else ()
        current = v.end is None
        names = (["current"] if current else []) + ([iv.slug] if iv else [])
        translation = next((translations[n] for n in names if article.eid in translations.get(n, {})), {})
        start = v.start or REVISION_IN_FORCE
        out.append(VersionView(start, v.end, law.state_article(index, article.key) if v.in_force else None, iv,
                               items, translation))
    return out


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
    """One aligned row of a side-by-side comparison: what stood before and after, as HTML."""

    status: str  # same, changed, inserted, deleted
    old: Unit | None
    new: Unit | None
    old_html: Markup
    new_html: Markup


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


def compare_rows(old: Provision | None, new: Provision | None, t: Callable[..., Markup]) -> list[Row]:
    """Return the two texts aligned paragraph by paragraph: equal blocks matched, the others paired by likeness.

    Phase 2 replaces the cell HTML by word-level ``<ins>``/``<del>`` marking from `lawdiff.render`; the rows
    and `partials/diff.html` stay as they are.
    """
    a, b = units(old), units(new)
    matcher = difflib.SequenceMatcher(None, [u.text for u in a], [u.text for u in b], autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = zip(range(i1, i2), range(j1, j2), strict=True) if tag == "equal" else _pair(a[i1:i2], b[j1:j2], i1, j1)
        for i, j in pairs:
            x = a[i] if i is not None else None
            y = b[j] if j is not None else None
            if x and y:
                status = "same" if x.text == y.text and x.num == y.num else "changed"
                rows.append(Row(status, x, y, _cell(x, t), _cell(y, t)))
            elif x:
                rows.append(Row("deleted", x, None, _cell(x, t, "del"), Markup("")))
            elif y:
                rows.append(Row("inserted", None, y, Markup(""), _cell(y, t, "ins")))
    return rows


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


def _cell(unit: Unit, t: Callable[..., Markup], mark: str | None = None) -> Markup:
    """Return a block as HTML; a whole inserted or deleted block is marked so, with text for screen readers."""
    if not unit.known:
        return Markup('<span class="unknown">{}</span>').format(t("not_in_corpus"))
    body = Markup("{}{}").format(Markup('<span class="num">{}</span>').format(unit.num) if unit.num else "",
                                 unit.text)
    if mark is None:
        return body
    said = t("sr_inserted" if mark == "ins" else "sr_deleted")
    return Markup('<{0}><span class="sr-only">[{1}] </span>{2}<span class="sr-only"> [{1} {3}]</span></{0}>').format(
        Markup(mark), said, body, t("sr_end"))


# --- rendering -----------------------------------------------------------------------------


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["date"] = _format_date
    return env


@jinja2.pass_context
def _format_date(context: Any, value: dt.date | None) -> Markup:
    """Return a date in a <time> element, written as the page's language writes dates."""
    if value is None:
        return Markup("")
    if context["lang"] == "zh":
        text = f"{value.year}年{value.month}月{value.day}日"
    else:
        text = f"{value.day} {value:%B} {value.year}"
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), text)


def load_messages(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the interface strings of each language (``site/i18n/<lang>.yaml``)."""
    out = {}
    for lang in LANGS:
        path = folder / f"{lang}.yaml"
        try:
            out[lang] = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    """Renders pages of one language: gives templates `t` (messages), `url` (relative links) and `asset`."""

    def __init__(self, env: jinja2.Environment, lang: str, messages: dict[str, dict[str, Any]],
                 assets: dict[str, str], laws: list[LawView]) -> None:
        self.env = env
        self.lang = lang
        self.messages = messages[lang]
        self.all_messages = messages
        self.assets = assets
        self.laws = laws
        self.other = "en" if lang == "zh" else "zh"
        story_law = next((law for law in laws if law.name == STORY[0]), None)
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

        html_text = self.env.get_template(template).render(
            lang=self.lang, html_lang=HTML_LANG[self.lang], other_lang=self.other,
            other_html_lang=HTML_LANG[self.other], other_language_name=self.all_messages[self.other]["language_name"],
            switch_url=url(path, self.other), t=self.t, url=url, page_path=path,
            asset=lambda name: relative(self.assets[name], out_path),
            messages=self.messages, all_messages=self.all_messages, laws=self.laws,
            amendments_path=self.amendments_path, unknown=UNKNOWN, one_day=dt.timedelta(days=1), translated=translated,
            **context)
        return Page(out_path, html_text)

    def pages(self) -> Iterator[Page]:
        story = self._story()
        yield self.render("index.html", "index.html", story=story)
        groups = [[relative(search_bundle(group), LANG_PREFIX[self.lang] + "search.html"),
                   str(next(law.title(self.lang, self.messages) for law in self.laws if law.name == group))]
                  for group, _ in search_groups(self.laws)]
        yield self.render("search.html", "search.html", search_groups=groups)
        for law in self.laws:
            yield self.render("statute.html", law.path, law=law, toc=law.statute.containers())
            for i, article in enumerate(law.articles):
                yield self.render("article.html", article.path, law=law, article=article,
                                  previous=law.articles[i - 1] if i else None,
                                  next=law.articles[i + 1] if i + 1 < len(law.articles) else None)
                if article.compare_path:
                    yield self.render("compare.html", article.compare_path, law=law, article=article)
                    for old, new in article.pairs:
                        yield self.render("compare_pair.html", article.pair_path(old, new), law=law,
                                          article=article, old=old, new=new, rows=compare_rows(
                                              old.article, new.article, self.t))
            if law.instruments:
                yield self.render("instruments.html", law.amendments_path or "", law=law)
                for iv in law.instruments:
                    yield self.render("instrument.html", iv.path, law=law, iv=iv, changes=self._changes(law, iv))

    def _story(self) -> dict[str, Any] | None:
        law = next((law for law in self.laws if law.name == STORY[0]), None)
        article = law.by_key.get(STORY[1]) if law else None
        return None if law is None or article is None else {"law": law, "article": article}

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
                    "before": before, "after": after, "rows": compare_rows(before, after, self.t)})
        return out


def render_pages(library: Library, env: jinja2.Environment, assets: dict[str, str],
                 laws: list[LawView] | None = None) -> list[Page]:
    """Return every page of the site in both languages, rendered (the Chinese home page first)."""
    laws = gather(library) if laws is None else laws
    messages = load_messages(SITE_DIR / "i18n")
    return [page for lang in LANGS for page in _Renderer(env, lang, messages, assets, laws).pages()]


# --- static assets, search, links, the build ---------------------------------------------------


def _copy_static(static: Path, out: Path) -> dict[str, str]:
    """Copy static assets with a content hash in their names; return logical name → fingerprinted path."""
    assets = {}
    for src in sorted(static.rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(static)
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:10]
        target = Path("static") / rel.parent / f"{rel.stem}.{digest}{rel.suffix}"
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


def search_groups(laws: list[LawView]) -> list[tuple[str, str]]:
    """Return each search group (a law) and the pages it indexes, as a glob below a language's root."""
    return [(law.name, f"laws/{law.name}/**/*.html") for law in laws]


def search_bundle(group: str) -> str:
    """Return the folder of one search index: ``pagefind/criminal-law/``."""
    return f"pagefind/{group}/"


@dataclass
class _Indexer:
    """One Pagefind run: the index it writes and its process."""

    bundle: Path
    process: subprocess.Popen[str]


def index_search(site: Path, groups: list[tuple[str, str]]) -> list[_Indexer]:
    """Start indexing the built pages for client-side search; return the runs (finish them with
    `wait_for_search_index`).

    One Pagefind index per group (a law), so that results come grouped by law: separate indexes rather than
    Pagefind filters, whose files are not byte-identical from one run to the next (Pagefind issue #638). Only
    the Chinese tree is indexed, built as Chinese (``--force-language zh``; its segmenter splits English words
    too): its pages hold the English renderings as well, so the English search page uses the same indexes and
    points its results into ``en/``. Only pages marked ``data-pagefind-body`` (articles, instruments) count.
    """
    binary = pagefind_binary()
    runs: list[_Indexer] = []
    try:
        for group, pattern in groups:
            bundle = site / search_bundle(group)
            runs.append(_Indexer(bundle, subprocess.Popen(
                [str(binary), "--site", str(site), "--glob", pattern, "--output-path", str(bundle),
                 "--force-language", "zh", "--silent"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    except OSError as exc:
        _stop(runs)
        raise BuildError(f"cannot run Pagefind: {exc.strerror}", path=str(binary)) from None
    return runs


def _stop(runs: list[_Indexer]) -> None:
    for run in runs:
        run.process.kill()
        run.process.communicate()


def wait_for_search_index(runs: list[_Indexer], site: Path) -> None:
    """Wait for every Pagefind run to finish; raise BuildError with the first failure's last message."""
    failure = None
    for run in runs:
        try:
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
    pages = {f.relative_to(out).as_posix(): _links_and_ids(f.read_text(encoding="utf-8"))
             for f in sorted(out.rglob("*.html"))}
    broken = []
    for page, (links, _) in pages.items():
        for link in links:
            target, fragment = urldefrag(urljoin(page, link))
            target = target or page
            if target.endswith("/"):
                target += "index.html"
            if target not in pages and not (out / target).exists():
                broken.append(f"{page}: {link}")
            elif fragment and target in pages and fragment not in pages[target][1]:
                broken.append(f"{page}: {link} (no anchor #{fragment})")
    return broken


def build(root: Path, out: Path, progress: Callable[[int, int], None] | None = None, *, search: bool = True) -> int:
    """Build the site of the project at ``root`` into ``out``; return the number of pages written.

    ``progress(done, total)`` is called after each page is written. With ``search=False`` no search index is
    built (the search page then says so).
    """
    library = Library(root)
    env = _environment(SITE_DIR / "templates")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if search:
        pagefind_binary()  # fail before rendering when search cannot be built
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        # 1. static assets first: pages link to their fingerprinted names
        assets = _copy_static(SITE_DIR / "static", staging)
        # 2. gather the laws, resolve every version, render every page in both languages
        try:
            laws = gather(library)
            pages = render_pages(library, env, assets, laws)
        except jinja2.TemplateError as exc:
            raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
        # 3. write
        for i, page in enumerate(pages, 1):
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.html, encoding="utf-8")
            if progress:
                progress(i, len(pages))
        # 4. the search index, over the written pages (Pagefind runs while the links are checked)
        indexers = index_search(staging, search_groups(laws)) if search else []
        try:
            # 5. every internal link and anchor must resolve
            broken = check_links(staging)
            if broken:
                raise BuildError(f"{len(broken)} broken internal link(s), first: {broken[0]}", path=str(out))
        except BaseException:
            _stop(indexers)
            raise
        wait_for_search_index(indexers, staging)
        # 6. swap in
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the site is for reading
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)


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
