"""Cross-references: the words in a provision that point at other provisions, resolved to eIds.

Forms recognised (as PRC statutes and judicial interpretations write them):

- numbered, in the same law: 本法第二百三十四条, 第一百五十二条第二款、第三款, 第一款, 第三项, ranges
  第一百四十一条至第一百四十八条 / 第三项至第五项, with 本法 / 本解释 / 本规定 / 本节 / 本章 as scope;
- relative, resolved from the provision they stand in: 前款, 前款第三项, 前两款, 前三款, 前条第一款, 前项, 各该款 and
  各该条 (the paragraphs or articles the preceding reference in the same provision named), 本条, 本条各款,
  本节, 本章;
- other laws: 《中华人民共和国个人信息保护法》第十三条, 刑法第二百五十三条之一, 民法典第一千零三十四条, and a
  whole law, 《中华人民共和国网络安全法》 — resolved where we hold the law *and* the provision (the Civil
  Code is held for its personality-rights book only, articles 989–1039);
- 国家规定 / 国家有关规定: rules the text does not name (never resolved).

A later part of a list inherits what it leaves out from the part before: in 第一百五十二条第二款、第三款 the
第三款 is that of article 152; in 前款第三项、第四项 the 第四项 is a point of the preceding paragraph. A bare
第N项 is a point of the provision's own paragraph, else of the paragraph an earlier reference in the provision
named (第三百八十三条第三款: 犯第一款罪……有第一项规定情形的), else of the article's only paragraph with points.

Examples, in 第二百五十三条之一 as amended by Amendment IX: 前款 in the second paragraph → ``art_253-1__para_1``;
依照第一款 in the third → ``art_253-1__para_1``; 前三款 and 各该款 in the fourth → paragraphs 1 to 3.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.align import PARAGRAPH_SIMILARITY, align
from lawdiff.akn.model import NS, PROVISIONS, Provision, Statute, akn, ld
from lawdiff.errors import NumberingError

#: What a reference is, by its form.
INTERNAL = "internal"  # a numbered provision of the same law: 本法第X条, 第N款, 第M项
RELATIVE = "relative"  # words that mean something only where they stand: 前款, 前两款, 各该款, 本条
EXTERNAL = "external"  # a provision of another law: 刑法第X条, 《…》第X条
LAW = "law"  # another law as a whole: 《中华人民共和国网络安全法》
UNSPECIFIED = "unspecified"  # 国家规定, 国家有关规定: rules the text does not name

#: Short names under which laws we do not hold are cited without 《》 (a held law is also recognised by its
#: title without 中华人民共和国: 刑法, 民法典, 个人信息保护法 …).
CITED_LAWS = ("刑事诉讼法", "民事诉讼法", "行政诉讼法", "消费者权益保护法", "治安管理处罚法", "行政处罚法")

#: How a document names itself before a number (本法第X条, 本解释第X条).
_SELF = ("本法", "本解释", "本规定", "本条例", "本决定")
_COUNTRY = "中华人民共和国"

_N = numbering.NUMERAL
_ART, _PARA, _POINT = numbering.ARTICLE, numbering.PARAGRAPH, numbering.POINT
_ITEM = rf"(?:{_ART}(?:{_PARA})?(?:{_POINT})?|{_PARA}(?:{_POINT})?|{_POINT})"
_REL_WORD = rf"(?:前款|前条|前{_N}[款条]|前(?:{_N})?项|各该款|各该条|各款)"
_SEP = r"(?:、|和|或者|以及|及|至)"
_BODY = rf"(?:{_ITEM}|{_REL_WORD}(?:{_PARA})?(?:{_POINT})?)(?:{_SEP}{_ITEM})*"
_TOKEN = re.compile(rf"(?P<sep>{_SEP})|(?P<rel>{_REL_WORD})|(?P<art>{_ART})|(?P<para>{_PARA})|(?P<point>{_POINT})")
_TITLE = r"《(?P<title>(?:[^《》〈〉\n]|〈[^〈〉\n]*〉)+)》"

Address = tuple[str, int | None, int | None]  # (article key, paragraph, point)


@dataclass(frozen=True)
class Ref:
    """One reference: where its words stand and what they point at.

    ``origin`` is the name of the law the words stand in, ``source`` the eId of their provision there;
    ``start``/``end`` are offsets in the source provision's own text (`Provision.own_text`: a paragraph's
    lead-in or a point's text). ``law`` is the name (``statutes/<name>``) of the held law the words point into —
    None when that law, or the provision in it, is not held, or no law is named. ``targets`` are the eIds pointed
    at, in document order, empty when unresolved. ``cited_law`` is the law as written (``民法典``,
    ``中华人民共和国治安管理处罚法``), empty for the law itself.
    """

    origin: str
    source: str
    start: int
    end: int
    words: str
    kind: str
    law: str | None
    targets: tuple[str, ...]
    cited_law: str = ""

    @property
    def resolved(self) -> bool:
        """Return True when the reference names something we hold (a provision, or a whole held law)."""
        return bool(self.targets) or (self.kind == LAW and self.law is not None)


@dataclass(frozen=True)
class RefWarning:
    """A reference whose words, after a change, point at something else than before (or at nothing).

    ``kind`` is ``elsewhere`` (the words now mean ``now``, not ``was``) or ``deleted`` (they mean provisions the
    change deletes). The ``cited`` fields say it as the statute cites provisions (第二百五十三条之一第二款、第三款),
    a provision that is gone as ``""``, so that a page can word the warning in its own language; ``message`` words
    it in English for the command line.
    """

    source: str  # eId of the provision the words stand in, after the change
    words: str
    was: tuple[str, ...]  # what the words meant before, as eIds after the change ("" where that provision is gone)
    now: tuple[str, ...]  # what the same words mean after the change
    message: str
    kind: str = "elsewhere"
    where: str = ""  # the provision the words stand in, cited
    now_cited: tuple[str, ...] = ()
    was_cited: tuple[str, ...] = ()  # "" for a provision that is gone


# --- parsing ---------------------------------------------------------------------------------------


@dataclass
class _Cite:
    """One part of a reference expression: a numbered address or relative words, maybe the start of a range."""

    start: int
    end: int
    rel: str | None = None
    art: str | None = None
    para: int | None = None
    point: int | None = None
    upto: _Cite | None = None


@dataclass
class _Laws:
    """The laws references resolve to: the citing statute and others, under the titles they are cited by."""

    by_title: dict[str, Statute] = field(default_factory=dict)
    short: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, this: Statute, others: Iterable[Statute]) -> _Laws:
        laws = cls()
        for statute in [*others, this]:
            title = statute.title
            laws.by_title[title] = statute
            if title.startswith(_COUNTRY):
                laws.short.add(title.removeprefix(_COUNTRY))
                laws.by_title[title.removeprefix(_COUNTRY)] = statute
        return laws

    def named(self, name: str) -> Statute:
        return next(s for s in self.by_title.values() if s.name == name)

    def pattern(self) -> re.Pattern[str]:
        """Return the expression matching one reference (or nothing, at positions where there is none)."""
        short = "|".join(map(re.escape, sorted(self.short | set(CITED_LAWS), key=len, reverse=True)))
        this = "|".join(_SELF)
        named = (rf"(?:{_TITLE}|(?:{_COUNTRY})?(?P<short>{short})(?={_ART})|(?P<self>{this})(?=第)"
                 rf"|(?P<here>本条(?!例)|本节|本章))?(?P<body>{_BODY})?")
        # Both parts of the second alternative are optional: the lookahead (the same expressions, groups unnamed)
        # keeps it from matching the empty string at every character, which cost a Python step per character.
        some = re.sub(r"\(\?P<\w+>", "(?:", rf"(?:{_TITLE}|(?:{_COUNTRY})?(?:{short})(?={_ART})|(?:{this})(?=第)"
                                             rf"|本条(?!例)|本节|本章|{_BODY})")
        return re.compile(rf"(?P<unspecified>国家有关规定|国家规定)|(?={some}){named}")


def _cites(body: str, offset: int) -> list[_Cite]:
    """Return the parts of a reference body (``第一百五十二条第二款、第三款``), each range joined into one."""
    out: list[_Cite] = []
    current: _Cite | None = None
    ranged = False
    for m in _TOKEN.finditer(body):
        start, end = offset + m.start(), offset + m.end()
        if m.group("sep"):
            current, ranged = None, m.group("sep") == "至"
            continue
        if current is None:
            current = _Cite(start, end)
            if ranged and out:
                out[-1].upto = current
            else:
                out.append(current)
        current.end = end
        if m.group("rel"):
            current.rel = m.group("rel")
        elif m.group("art"):
            current.art = numbering.article_key(m.group("art"))
        elif m.group("para"):
            current.para = numbering.parse_ordinal(m.group("para"))[0]
        else:
            current.point = numbering.parse_ordinal(m.group("point"))[0]
    for cite in out:
        if cite.upto is not None:
            cite.end = cite.upto.end
    return out


class _Resolver:
    """Finds and resolves the references of one provision, in order (later ones depend on earlier ones)."""

    def __init__(self, laws: _Laws, this: Statute, source: Provision) -> None:
        self.laws = laws
        self.this = this
        self.source = source
        self.art, self.para, self.point = numbering.parse_eid(source.eid)
        self.last_paras: tuple[str, ...] = ()  # the paragraphs the latest reference named (for 各该款)
        self.last_articles: tuple[str, ...] = ()  # the articles it named (for 各该条)

    def _ref(self, start: int, end: int, kind: str, law: str | None, targets: tuple[str, ...] = (),
             cited: str = "") -> Ref:
        return Ref(self.this.name, self.source.eid, start, end, self.source.own_text[start:end], kind, law, targets,
                   cited)

    def refs(self, pattern: re.Pattern[str]) -> list[Ref]:
        out: list[Ref] = []
        for m in pattern.finditer(self.source.own_text):
            if m.group("unspecified"):
                out.append(self._ref(m.start(), m.end(), UNSPECIFIED, None))
            elif m.group("body") or m.group("title") or m.group("here"):
                out.extend(self._expression(m))
        return out

    def _expression(self, m: re.Match[str]) -> list[Ref]:
        title, short, here = m.group("title"), m.group("short"), m.group("here")
        cited = title or (m.string[m.start():m.end("short")] if short else "")
        target = self.laws.by_title.get(title or short) if cited else self.this
        if not m.group("body"):
            if here:  # 本条, 本节, 本章 standing alone
                return [self._ref(m.start(), m.end(), RELATIVE, self.this.name, self._here(here))]
            return [self._ref(m.start(), m.end(), LAW, target.name if target else None, (), cited)]
        try:
            cites = _cites(m.group("body"), m.start("body"))
        except NumberingError:
            return []  # a numeral no statute writes (第一十条): not a reference
        kind = INTERNAL if target is self.this else EXTERNAL
        out: list[Ref] = []
        named: list[str] = []
        previous: Address | None = None
        for i, cite in enumerate(cites):
            start = m.start() if i == 0 else cite.start
            if cite.rel == "各款" and here != "本条":
                continue
            targets: tuple[str, ...] = ()
            if target is not None:
                targets, previous = self._targets(target, cite, previous)
            held = target is self.this or bool(targets)
            out.append(self._ref(start, cite.end, RELATIVE if cite.rel or here == "本条" else kind,
                                 target.name if target is not None and held else None, targets, cited))
            named.extend(targets)
        if target is self.this:
            paras = tuple(t for t in named if "__para_" in t and "__point_" not in t)
            articles = tuple(t for t in named if "__" not in t)
            self.last_paras = paras or self.last_paras
            self.last_articles = articles or self.last_articles
        return out

    def _here(self, word: str) -> tuple[str, ...]:
        article = self.this.find(numbering.eid(self.art))
        if word == "本条" or article is None:
            return (numbering.eid(self.art),) if article is not None else ()
        kind = "section" if word == "本节" else "chapter"
        return tuple(a.eid for a in Provision(article).ancestors() if a.kind == kind)

    def _targets(self, law: Statute, cite: _Cite, previous: Address | None) -> tuple[tuple[str, ...], Address | None]:
        """Return the eIds a part of an expression points at, and the address a following part inherits from."""
        first: Address | None
        if cite.rel == "前款":
            first = (self.art, self.para - 1, cite.point) if self.para and self.para > 1 else None
        elif cite.rel == "前条":
            before = self._previous_articles(1)
            para = cite.para if cite.para or cite.point is None else self._points_paragraph(before[0] if before else "")
            first = (before[0], para, cite.point) if before and (para or cite.point is None) else None
        elif cite.rel:
            return tuple(t for t in self._relative(cite.rel) if law.find(t) is not None), None
        else:
            first = self._address(cite, previous)
        if first is None:
            return (), previous
        if cite.upto is not None:
            last = self._address(cite.upto, first)
            return (_expand(law, first, last) if last else ()), first
        eid = numbering.eid(*first)
        return ((eid,) if law.find(eid) is not None else ()), first

    def _address(self, cite: _Cite, previous: Address | None) -> Address | None:
        """Return the full (article, paragraph, point) of a numbered part, filling in what it leaves out."""
        if cite.art:
            return cite.art, cite.para, cite.point
        if cite.para is not None:
            return (previous[0] if previous else self.art), cite.para, cite.point
        if previous and previous[1] is not None:
            return previous[0], previous[1], cite.point
        para = self._points_paragraph(self.art)
        return (self.art, para, cite.point) if para is not None else None

    def _points_paragraph(self, art: str) -> int | None:
        """Return the paragraph of an article whose points a 第N项 without a paragraph names (see the module
        docstring)."""
        if art == self.art and (self.point is not None or self.source.points()):
            return self.para
        if art == self.art and len(self.last_paras) == 1:
            return numbering.parse_eid(self.last_paras[0])[1]
        article = self.this.find(numbering.eid(art)) if art else None
        with_points = [p for p in Provision(article).paragraphs() if p.points()] if article is not None else []
        return numbering.parse_eid(with_points[0].eid)[1] if len(with_points) == 1 else None

    def _previous_articles(self, n: int) -> list[str]:
        """Return the keys of the n articles before this one (前条, 前两条), in order; empty if there are fewer."""
        keys = [numbering.parse_eid(a.eid)[0] for a in self.this.articles()]
        i = keys.index(self.art) if self.art in keys else 0
        return keys[i - n:i] if i >= n else []

    def _relative(self, rel: str) -> tuple[str, ...]:
        """Return what 前N款, 前N条, 前项, 前N项, 各该款, 各该条 or (本条)各款 point at, from where they stand."""
        art, para, point = self.art, self.para, self.point
        if rel == "各该款":
            return self.last_paras
        if rel == "各该条":
            return self.last_articles
        if rel == "各款":  # 本条各款: every other paragraph of this article
            article = self.this.find(numbering.eid(art))
            return tuple(p.eid for p in Provision(article).paragraphs() if p.eid != self.source.eid) \
                if article is not None else ()
        n = numbering.parse_chinese(rel[1:-1]) if len(rel) > 2 else 1
        if rel.endswith("条"):
            return tuple(numbering.eid(key) for key in self._previous_articles(n))
        if rel.endswith("款"):
            return tuple(numbering.eid(art, k) for k in range(para - n, para)) if para and para - n >= 1 else ()
        return tuple(numbering.eid(art, para, k) for k in range(point - n, point)) if point and point - n >= 1 else ()


def _expand(law: Statute, first: Address, last: Address) -> tuple[str, ...]:
    """Return the eIds from ``first`` to ``last`` inclusive (articles, paragraphs or points) that the law holds."""
    if first[1] is None and last[1] is None:
        lo, hi = numbering.ArticleNumber.parse(first[0]), numbering.ArticleNumber.parse(last[0])
        return tuple(a.eid for a in law.articles() if lo <= numbering.ArticleNumber.parse(a.eid) <= hi)
    if first[0] != last[0] or first[1] is None or last[1] is None:
        return ()
    if first[2] is None and last[2] is None:
        eids = [numbering.eid(first[0], k) for k in range(first[1], last[1] + 1)]
    elif first[1] == last[1] and first[2] is not None and last[2] is not None:
        eids = [numbering.eid(first[0], first[1], k) for k in range(first[2], last[2] + 1)]
    else:
        return ()
    return tuple(eids) if all(law.find(e) is not None for e in eids) else ()


def _is_provision_eid(eid: str) -> bool:
    try:
        numbering.parse_eid(eid)
    except NumberingError:
        return False
    return True


def _sources(root: etree._Element) -> list[Provision]:
    """Return the paragraphs and points under an element (their own texts hold the references), in order."""
    return [Provision(el) for el in root.iter(akn("paragraph"), akn("point")) if _is_provision_eid(el.get("eId", ""))]


def refs_in(statute: Statute, provision: Provision, laws: Iterable[Statute] = ()) -> list[Ref]:
    """Return the references in one provision of a statute (for an article: in all its paragraphs and points);
    references into the laws in ``laws`` are resolved too."""
    index = _Laws.of(statute, laws)
    pattern = index.pattern()
    sources = [provision] if provision.kind in ("paragraph", "point") else _sources(provision.el)
    return [ref for source in sources if _is_provision_eid(source.eid)
            for ref in _Resolver(index, statute, source).refs(pattern)]


def find_refs(statute: Statute, laws: Iterable[Statute] = ()) -> list[Ref]:
    """Return every reference in a statute, in document order; references into ``laws`` are resolved too."""
    index = _Laws.of(statute, laws)
    pattern = index.pattern()
    return [ref for source in _sources(statute.body) for ref in _Resolver(index, statute, source).refs(pattern)]


# --- queries -----------------------------------------------------------------------------------------


def _within(eid: str, scope: str) -> bool:
    return eid == scope or eid.startswith(scope + "__")


def outgoing(statute: Statute, eid: str, laws: Iterable[Statute] = ()) -> list[Ref]:
    """Return the references made in a provision (for an article: in any of its paragraphs and points)."""
    return refs_in(statute, statute.provision(eid), laws)


def incoming(statute: Statute, eid: str, laws: Sequence[Statute] = ()) -> list[Ref]:
    """Return the references, made in the statute or in ``laws``, that point at a provision or at a part of it
    (a reference to a whole article is not taken to point at each of its paragraphs)."""
    everyone = [statute, *laws]
    return [ref for citing in everyone for ref in find_refs(citing, [s for s in everyone if s is not citing])
            if ref.law == statute.name and any(_within(t, eid) for t in ref.targets)]


# --- marking references up as AKN inline elements ---------------------------------------------------------


def _markup(ref: Ref, this: Statute, laws: _Laws) -> etree._Element | None:
    """Return the inline element for a resolved reference (None for one that is not resolved)."""
    if not ref.resolved or ref.law is None:
        return None
    target = laws.named(ref.law)

    def href(eid: str) -> str:
        return f"#{eid}" if target is this else f"{target.work_uri}/~{eid}"

    if ref.kind == LAW:
        el = etree.Element(akn("ref"), href=target.work_uri)
    elif len(ref.targets) == 1:
        el = etree.Element(akn("ref"), href=href(ref.targets[0]))
    elif _contiguous(target, ref.targets):
        el = etree.Element(akn("rref"))
        el.set("from", href(ref.targets[0]))
        el.set("upTo", href(ref.targets[-1]))
    else:  # 各该条 after a list: several provisions that are not a range
        el = etree.Element(akn("mref"))
        el.set(ld("targets"), " ".join(href(t) for t in ref.targets))
    el.text = ref.words
    return el


def _contiguous(law: Statute, eids: tuple[str, ...]) -> bool:
    """Return True if the eIds are every provision from the first to the last (a range)."""
    first = law.find(eids[0])
    if first is None:
        return False
    if first.tag == akn("article"):
        siblings = [a.eid for a in law.articles()]
    else:
        siblings = [el.get("eId") for el in first.getparent().iterchildren(first.tag)]
    if eids[-1] not in siblings:
        return False
    i, j = siblings.index(eids[0]), siblings.index(eids[-1])
    return tuple(siblings[i:j + 1]) == eids


def mark_refs(statute: Statute, laws: Iterable[Statute] = ()) -> Statute:
    """Return a copy of the statute with every resolved reference marked up inline: ``<ref href="#art_1__para_1">``
    within the law, ``<ref href="/akn/cn/act/…/~art_N">`` into another, ``<rref from= upTo=>`` for a range
    (前三款), ``<mref ld:targets=…>`` for several provisions that are not a range. Marking again replaces earlier
    marks; the text (`Provision.text`) is unchanged."""
    marked = statute.copy()
    index = _Laws.of(marked, laws)
    pattern = index.pattern()
    for source in _sources(marked.body):
        ps = source.el.xpath("a:content/a:p | a:intro/a:p | a:wrapUp/a:p", namespaces=NS)
        for p in ps:
            _unmark(p)
        if any(len(p) for p in ps):
            continue  # inline markup other than ours: left alone rather than guessed at
        refs = _Resolver(index, marked, source).refs(pattern)
        base = 0
        for p in ps:
            text = p.text or ""
            spans = [(r.start - base, r.end - base, _markup(r, marked, index)) for r in refs
                     if base <= r.start and r.end <= base + len(text)]
            _wrap(p, text, [(s, e, el) for s, e, el in spans if el is not None])
            base += len(text) + 1  # own_text joins the <p>s with a newline
    return marked


def _unmark(p: etree._Element) -> None:
    """Remove the ref/rref/mref elements of a <p>, keeping their text."""
    for el in p.findall("*"):
        if el.tag in (akn("ref"), akn("rref"), akn("mref")):
            text = (el.text or "") + (el.tail or "")
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + text
            else:
                p.text = (p.text or "") + text
            p.remove(el)


def _wrap(p: etree._Element, text: str, spans: list[tuple[int, int, etree._Element]]) -> None:
    """Set a <p>'s content to ``text`` with each element wrapping its span (spans in order, not overlapping)."""
    if not spans:
        return
    p.text = text[:spans[0][0]]
    for k, (_, end, el) in enumerate(spans):
        el.tail = text[end:spans[k + 1][0]] if k + 1 < len(spans) else text[end:]
        p.append(el)


# --- references that a change makes point elsewhere -----------------------------------------------------


def _aligned(before: list[Provision], after: list[Provision]) -> dict[str, str]:
    """Return before→after eIds of sibling provisions, paired by the rule every comparison uses (`akn.align`: an
    amended paragraph is still the same paragraph)."""
    pairs = align(before, after, lambda p: p.text, PARAGRAPH_SIMILARITY)
    return {before[i].eid: after[j].eid for i, j in pairs if i is not None and j is not None}


def correspondence(before: Statute, after: Statute, renumbering: dict[str, str] | None = None) -> dict[str, str]:
    """Return which provision of ``after`` each provision of ``before`` became (eId → eId; absent: gone).

    Containers (编, 章, 节) and articles keep their eId unless ``renumbering`` (old eId → new eId, as
    `operations.renumber_all` returns) says otherwise; paragraphs and points are matched by text within their
    article (`_aligned`); an explicit renumbering of paragraphs or points takes precedence."""
    renumbering = renumbering or {}
    out = {p.eid: p.eid for p in before.walk() if p.kind not in PROVISIONS and after.find(p.eid) is not None}
    for art in before.articles():
        new_eid = renumbering.get(art.eid, art.eid)
        new = after.find(new_eid)
        if new is None:
            continue
        out[art.eid] = new_eid
        paras = _aligned(art.paragraphs(), Provision(new).paragraphs())
        out.update(paras)
        for para in art.paragraphs():
            if para.eid in paras:
                out.update(_aligned(para.points(), after.provision(paras[para.eid]).points()))
    out.update((old, new) for old, new in renumbering.items() if after.find(new) is not None)
    return out


def _cited(statute: Statute, eids: Iterable[str]) -> tuple[str, ...]:
    """Return how the statute would cite each provision (the article said once: 第二百五十三条之一第二款, 第三款 …);
    ``""`` for a provision that is gone."""
    out: list[str] = []
    article = ""
    for eid in eids:
        label = statute.provision(eid).label if eid else ""
        same = article and eid.startswith(article + "__") and label.startswith(numbering.provision_label(article))
        out.append(label.removeprefix(numbering.provision_label(article)) if same else label)
        article = eid.split("__")[0] if eid.startswith("art_") else ""
    return tuple(out)


def _labels(cited: tuple[str, ...]) -> str:
    """Return cited provisions in one English phrase (for the command line's messages)."""
    return "、".join(label or "a provision that is gone" for label in cited) or "nothing"


def _article_of(eid: str) -> str:
    return eid.split("__", 1)[0]


def _document_order(eid: str) -> tuple[int, int, str]:
    """Order article eIds as the statute does (what is not an article number last, by name)."""
    try:
        number = numbering.ArticleNumber.parse(eid)
    except NumberingError:
        return (10**6, 0, eid)
    return (number.base, number.sub, eid)


def _local_correspondence(before: Statute, after: Statute, articles: Collection[str]) -> dict[str, str]:
    """Return `correspondence` for a change that touched only ``articles`` (eIds) and renumbered nothing: their
    paragraphs and points matched by text, every other provision still itself."""
    out: dict[str, str] = {}
    for eid in articles:
        old, new = before.find(eid), after.find(eid)
        if old is None or new is None:
            continue
        out[eid] = eid
        paras = _aligned(Provision(old).paragraphs(), Provision(new).paragraphs())
        out.update(paras)
        for para in Provision(old).paragraphs():
            if para.eid in paras:
                out.update(_aligned(para.points(), after.provision(paras[para.eid]).points()))
    return out


class _Unchanged(dict[str, str]):
    """A correspondence that takes every provision outside the changed articles to be itself (where it is)."""

    def __init__(self, known: dict[str, str], changed: Collection[str], after: Statute) -> None:
        super().__init__(known)
        self.changed, self.after = set(changed), after

    def __missing__(self, eid: str) -> str:
        return eid if _article_of(eid) not in self.changed and self.after.find(eid) is not None else ""

    def get(self, eid: str, default: str | None = None) -> str | None:  # type: ignore[override]
        value = self[eid]
        return value if value or default is None else default


def dangling_after(before: Statute, after: Statute, renumbering: dict[str, str] | None = None,
                   before_refs: list[Ref] | None = None, only: Collection[str] | None = None) -> list[RefWarning]:
    """Return a warning for each reference in ``after`` that now points elsewhere or nowhere.

    Only references standing in provisions whose text the change left alone are checked (the source matched to
    its earlier self by `correspondence`): if what their words resolve to is not what the provision they resolved
    to before became — a paragraph inserted before a 依照前款, a renumbering, a deletion — the words now mean
    something the drafter did not write them for. ``before_refs``: `find_refs(before)`, when the caller has it
    already (several proposals drafted against one base).

    ``only``: the eIds of the articles the change touched, when it touched no other and renumbered nothing (the
    drafting workbench knows them): then only the references standing in those articles, or pointing into them
    before, are read again — the same warnings, for a fraction of the work."""
    earlier_refs = find_refs(before) if before_refs is None else before_refs
    if only is None or renumbering:
        corr: dict[str, str] = correspondence(before, after, renumbering)
        after_refs = find_refs(after)
        back = {new: old for old, new in corr.items()}
    else:
        changed = set(only)
        scope = changed | {_article_of(r.source) for r in earlier_refs
                           if any(_article_of(t) in changed for t in r.targets)}
        corr = _Unchanged(_local_correspondence(before, after, changed), changed, after)
        after_refs = [ref for eid in sorted(scope, key=_document_order) if (el := after.find(eid)) is not None
                      for ref in refs_in(after, Provision(el))]
        back = {new: old for old, new in dict(corr).items()}
        back.update((p.eid, p.eid) for eid in scope - changed if (el := after.find(eid)) is not None
                    for p in Provision(el).walk_provisions())
    earlier: dict[tuple[str, int, str], Ref] = {(r.source, r.start, r.words): r for r in earlier_refs}
    warnings: list[RefWarning] = []
    for ref in after_refs:
        old_source = back.get(ref.source)
        if ref.kind not in (INTERNAL, RELATIVE) or ref.law != after.name or old_source is None:
            continue
        if before.provision(old_source).own_text != after.provision(ref.source).own_text:
            continue  # rewritten by the change: its references are the drafter's new words
        old = earlier.get((old_source, ref.start, ref.words))
        if old is None or not old.targets:
            continue
        was = tuple(corr.get(t, "") for t in old.targets)
        deleted = tuple(t for t in ref.targets if after.provision(t).removed and t in back
                        and not before.provision(back[t]).removed)
        where = numbering.provision_label(ref.source)
        if was != ref.targets:
            now_cited, was_cited = _cited(after, ref.targets), _cited(after, was)
            message = (f"{where}: “{ref.words}” now refers to {_labels(now_cited)}, not to {_labels(was_cited)} as "
                       "before")
            warnings.append(RefWarning(ref.source, ref.words, was, ref.targets, message, "elsewhere", where,
                                       now_cited, was_cited))
        elif deleted:
            now_cited = _cited(after, deleted)
            message = f"{where}: “{ref.words}” refers to {_labels(now_cited)}, which the change deletes"
            warnings.append(RefWarning(ref.source, ref.words, was, ref.targets, message, "deleted", where,
                                       now_cited))
    return warnings


@dataclass(frozen=True)
class ArticleRefs:
    """The references an article makes (``outgoing``) and those made to it (``incoming``)."""

    law: str
    eid: str
    outgoing: list[Ref]
    incoming: list[Ref]
