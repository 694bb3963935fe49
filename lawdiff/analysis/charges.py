"""Offence names (罪名) as data: which name the charge documents give each provision of the Criminal Law, and when.

The names are not in the statute. They are fixed by the Supreme People's Procuratorate's 1997 opinion (one list per
chapter, ``N．罪名（第X条第Y款）``) and by the SPC/SPP supplementary provisions I–VIII (tables ``刑法条文 | 罪名``,
supplement VIII in prose), all in ``corpus/charges/``. The SPC's own 1997 provisions (法释〔1997〕9号) are not in the
corpus; the SPP opinion lists the same names except where a supplement says otherwise (corpus SOURCES.md), and
where a supplement cancels a name that only the SPC's provisions used, the table says so (a note) and invents none.

`read_corpus` turns those files into a `ChargeTable`: one `Charge` per name and period — the provision(s) it
belongs to, the day it applied from and to, the row of the document that gave it and the one that ended it.
`lawdiff regenerate` writes the table to ``statutes/criminal-law/charges.yaml`` (`write_charges`); the library reads
that file (`load_charges`), never the corpus.

The rules (each tested against the real documents in tests/test_charges.py):

1. **From.** A name applies from the day its document took effect: the 施行 date the file states (header or last
   line); else its publication date; else — the 1997 opinion, whose file states only its adoption — the date of
   issue in its file name, since an interpretation takes effect on publication unless it says otherwise
   (``related/temporal/spc-spp-judicial-interpretation-temporal-2001-12-16.md``, line 9).
2. **To.** A name ends the day before a later document that ends it takes effect; ``None``: still the name.
3. **Cancellation.** ``（取消X罪名）`` ends the name X wherever it is listed, not only under the row's provision
   (supplement II cancels 走私固体废物罪 of Art. 155 in its row for Art. 152(2)). A row with a cancellation ends
   nothing else: supplement VI's row for the whole of Art. 410 cancels one of the two names listed for it, and the
   other (非法低价出让国有土地使用权罪) is still a name today.
4. **Replacement.** A row without a cancellation gives the names of exactly its provision(s): names listed for
   exactly the same provision(s) end (supplement I, Art. 127: 盗窃、抢夺枪支、弹药、爆炸物罪 becomes …、危险物质罪).
   A row for a paragraph therefore leaves the names listed for the whole article: supplement VII's 袭警罪 (Art.
   277(5)) joins 妨害公务罪 (Art. 277), as 强令违章冒险作业罪 (134(2)) joined 重大责任事故罪 (134) and
   利用未公开信息交易罪 (180(4)) joined 内幕交易、泄露内幕信息罪 (180).
5. **Restatement.** A row that gives a name already in force in the same article keeps it when the provisions are
   the same (supplement I restates 民事、行政枉法裁判罪 for 399(2)), and otherwise moves it: the old entry ends and
   a new one starts (supplement I's row for Art. 236 names 强奸罪, which the opinion listed for 236(1)).
6. **One document at a time.** Rows of one document act only on names from earlier documents, never on each
   other.

Reading the cells: a row citing several groups of provisions for as many names pairs them in order (supplement I,
``第229条第1款、第2款 第3款``: two names); otherwise every name belongs to every provision of the row. A row with an
empty 刑法条文 cell continues the row above; a name broken by a stray space is read whole; the opinion's
``第371条第2条`` is read as 第2款; each of these irregularities is kept as a note in the table. A query for a
paragraph also returns the names listed for its whole article (they are listed without a paragraph).

Where the documents are silent, lookups say so instead of choosing (`ChargeTable.lookup`): a provision an amendment
made before any document named it had no name yet; a name replaced after the amendment that changed its provision
took effect was, in between, still the name but for a changed text; a name cancelled without a successor was
abolished. The amendments' dates come from the instruments shipped in ``statutes/`` (`Library.charges`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from lawdiff.akn.numbering import (
    NUMERAL,
    ArticleNumber,
    article_label,
    paragraph_label,
    parse_chinese,
    point_label,
)
from lawdiff.amending.proposals.model import Proposal, ProposedCharge
from lawdiff.errors import ParseError
from lawdiff.files import read_text, read_yaml

#: The 1998 NPCSC decision that supplement I cites as 《决定》 (its line 7); not a part of the Criminal Law.
FOREIGN_EXCHANGE_DECISION = "全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定"
OPINION_ID = "spp-opinion-1997"
SPC_1997 = "the SPC's 1997 provisions, 法释〔1997〕9号, not in the corpus"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI",
         12: "XII", 13: "XIII", 14: "XIV", 15: "XV"}
HEADER = ("# The offence names (罪名) of the Criminal Law's special part: one entry per name and period.\n"
          "# Written by `lawdiff regenerate` from the corpus (charges/);\n"
          "# the rules are in lawdiff/analysis/charges.py.\n"
          "# Do not edit by hand: change the rules or the corpus and regenerate.\n")
_DAY = dt.timedelta(days=1)


# --- provisions ------------------------------------------------------------------------------

_NUM = rf"(?:\d+|{NUMERAL})"
_LABEL = re.compile(rf"^(?:《(?P<inst>[^》]+)》)?第(?P<art>{NUMERAL})条(?:之(?P<sub>{NUMERAL}))?"
                    rf"(?:第(?P<para>{NUMERAL})款)?(?:第(?P<point>{NUMERAL})项)?$")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese(text)


@dataclass(frozen=True)
class ProvisionRef:
    """A provision a charge name belongs to: an article key (``253-1``), optionally a paragraph and a point.

    ``instrument`` is None for the Criminal Law; supplement I also names an offence of the 1998 decision.
    A point cited without its paragraph (the opinion's 第155条第3项) has ``paragraph`` None.

    >>> ProvisionRef("253-1", 1).label
    '第二百五十三条之一第一款'
    >>> ProvisionRef.parse('第一百五十五条第三项')
    ProvisionRef(article='155', paragraph=None, point=3, instrument=None)
    """

    article: str
    paragraph: int | None = None
    point: int | None = None
    instrument: str | None = None

    @property
    def label(self) -> str:
        """Return the provision as a statute cites it: 第二百五十三条之一第一款."""
        out = f"《{self.instrument}》" if self.instrument else ""
        out += article_label(self.article)
        if self.paragraph is not None:
            out += paragraph_label(self.paragraph)
        if self.point is not None:
            out += point_label(self.point)
        return out

    @classmethod
    def parse(cls, label: str) -> ProvisionRef:
        """Return the provision a `label` names; raise ParseError otherwise."""
        m = _LABEL.match(label)
        if not m:
            raise ParseError(f"not a provision: {label!r} (expected e.g. 第二百五十三条之一第一款)")
        sub = parse_chinese(m["sub"]) if m["sub"] else 0
        return cls(ArticleNumber(parse_chinese(m["art"]), sub).key,
                   parse_chinese(m["para"]) if m["para"] else None,
                   parse_chinese(m["point"]) if m["point"] else None, m["inst"])

    def sort_key(self) -> tuple[int, str, ArticleNumber, int, int]:
        return (self.instrument is not None, self.instrument or "", ArticleNumber.parse(self.article),
                self.paragraph or 0, self.point or 0)

    def within(self, article: str, paragraph: int | None = None) -> bool:
        """Return whether this provision is in the Criminal Law article (and paragraph: a provision cited without
        a paragraph counts as in every paragraph of its article)."""
        return (self.instrument is None and self.article == article
                and (paragraph is None or self.paragraph in (None, paragraph)))


def labels(provisions: Iterable[ProvisionRef]) -> str:
    """Return provisions cited as a statute cites a list: 第一百二十七条第一款、第二款."""
    out: list[str] = []
    previous: ProvisionRef | None = None
    for p in provisions:
        label = p.label
        if previous is not None and (p.instrument, p.article) == (previous.instrument, previous.article):
            label = label.removeprefix(replace(p, paragraph=None, point=None).label)
            if p.point is not None and p.paragraph is not None and p.paragraph == previous.paragraph:
                label = point_label(p.point)
        out.append(label or p.label)
        previous = p
    return "、".join(out)


_CITE = re.compile(rf"第(?P<n>{_NUM})(?P<kind>[条款项])(?:之(?P<sub>{_NUM}))?|(?P<sep>、)|(?P<space>\s+)")


def parse_provisions(text: str, where: str = "", line: int | None = None, notes: list[str] | None = None,
                     article: str | None = None) -> list[ProvisionRef]:
    """Return the provisions a cell such as ``第114条、第115条第1款`` or ``第二百三十七条第一款、第二款`` cites.

    ``第3款`` after a separator keeps the previous article (or `article`, when the text begins with it);
    ``第371条第2条`` (an article cited twice) is read as paragraph 2 and reported in `notes`.

    >>> [p.label for p in parse_provisions('第127条第1款、第2款')]
    ['第一百二十七条第一款', '第一百二十七条第二款']
    """
    out: list[ProvisionRef] = []
    pos = 0
    last: str | None = None  # the kind of the previous number, None after a separator
    for m in _CITE.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        if m["sep"] or m["space"]:
            last = None
            continue
        n, kind = _number(m["n"]), m["kind"]
        if kind == "条" and last == "条":  # 第371条第2条: a slip for 第2款
            if notes is not None:
                notes.append(f"cites {text}, 第{m['n']}条 right after the article; read as {paragraph_label(n)}")
            kind = "款"
        if kind == "条":
            out.append(ProvisionRef(ArticleNumber(n, _number(m["sub"]) if m["sub"] else 0).key))
        elif not out and article is None:
            break
        elif kind == "款":
            prev = out[-1] if out else ProvisionRef(article or "")
            if last == "条":
                out[-1] = replace(prev, paragraph=n)
            else:
                out.append(ProvisionRef(prev.article, n))
        else:
            prev = out[-1] if out else ProvisionRef(article or "")
            if last in ("条", "款"):
                out[-1] = replace(prev, point=n)
            else:
                out.append(ProvisionRef(prev.article, prev.paragraph, n))
        last = kind
    if pos != len(text) or not out:
        raise ParseError(f"cannot read the provisions {text!r} (expected e.g. 第114条、第115条第1款)", path=where,
                         line=line)
    return out


# --- the table -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A line of a charge document."""

    document: str  # a ChargeDocument id
    line: int


@dataclass(frozen=True)
class ChargeDocument:
    """A document that fixes charge names: the 1997 opinion or a supplement, with its dates as the file gives them."""

    id: str  # spp-opinion-1997, supplement-1 … supplement-8
    label: str  # SPP opinion (1997), supplement I …
    title: str
    file: str  # below the corpus folder: charges/2009-10-14-supplement-4.md
    adopted: tuple[dt.date, ...]  # the meetings that adopted it, as listed
    published: dt.date | None
    in_force: dt.date | None  # the 施行 date the file states
    effective: dt.date  # the day its names apply from (rule 1)
    effective_basis: str  # where that date comes from


@dataclass(frozen=True)
class Charge:
    """One charge name for one period: the provisions it belongs to, from and to (inclusive; None: still in use)."""

    name: str
    provisions: tuple[ProvisionRef, ...]
    start: dt.date
    end: dt.date | None
    source: Source
    basis: str | None = None  # the amendment item the source row cites: 《刑法修正案（七）》第7条第1款
    ended_by: Source | None = None
    notes: tuple[str, ...] = ()

    def in_force(self, date: dt.date) -> bool:
        return self.start <= date and (self.end is None or date <= self.end)

    def within(self, article: str, paragraph: int | None = None) -> bool:
        return any(p.within(article, paragraph) for p in self.provisions)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.article for p in self.provisions if p.instrument is None))

    def sort_key(self) -> tuple[object, ...]:
        """Order by article, then by date, then by provision: each article's names read as its history (a stable
        sort keeps names of one line in the order of the line)."""
        first = self.provisions[0].sort_key()
        return (first[:3], self.start, [p.sort_key() for p in self.provisions])


@dataclass(frozen=True)
class TableNote:
    """Something irregular or unresolved in a charge document, at a line (and the article it concerns, if any)."""

    document: str
    line: int
    text: str
    article: str | None = None


@dataclass(frozen=True)
class ChargeLookup:
    """The charge names of an article (or of every article) on a date, and what the documents leave open then."""

    article: str | None
    paragraph: int | None
    date: dt.date
    charges: tuple[Charge, ...]
    notes: tuple[str, ...]


@dataclass
class ChargeTable:
    """Every charge name of a law with its period and source; queries by article and date."""

    law: str
    documents: dict[str, ChargeDocument]
    charges: list[Charge]
    notes: list[TableNote] = field(default_factory=list)
    #: in-force date of each amendment by number, to tell where a name lagged behind its provision
    amendments: Mapping[int, dt.date] = field(default_factory=dict)
    #: the entries of each article (see `_by_article`), with the number of entries it was built from
    _index: tuple[int, dict[str, list[Charge]]] | None = field(default=None, init=False, repr=False, compare=False)

    # --- queries ---

    def of(self, article: str | None = None, paragraph: int | None = None) -> list[Charge]:
        """Return every entry (all periods) of an article — or of the whole table — in table order."""
        if article is None:
            return list(self.charges)
        key = ArticleNumber.parse(article).key
        return [c for c in self._by_article().get(key, ()) if c.within(key, paragraph)]

    def _by_article(self) -> dict[str, list[Charge]]:
        """Return the entries of each article in table order (built again if entries were added since)."""
        cached = self._index
        if cached is None or cached[0] != len(self.charges):
            index: dict[str, list[Charge]] = {}
            for c in self.charges:
                for key in dict.fromkeys(p.article for p in c.provisions if p.instrument is None):
                    index.setdefault(key, []).append(c)
            cached = (len(self.charges), index)
            self._index = cached
        return cached[1]

    def at(self, date: dt.date, article: str | None = None, paragraph: int | None = None) -> list[Charge]:
        """Return the names in force on a date, of an article (and paragraph) or of every provision."""
        return [c for c in self.of(article, paragraph) if c.in_force(date)]

    def current(self, article: str | None = None, paragraph: int | None = None) -> list[Charge]:
        """Return the names no later document has ended."""
        return [c for c in self.of(article, paragraph) if c.end is None]

    def history(self, article: str, paragraph: int | None = None) -> list[tuple[Charge, list[Charge]]]:
        """Return the names of an article that changed: each ended entry, oldest first, with the entries that the
        row ending it started (empty: abolished without a successor)."""
        ended = sorted((c for c in self.of(article, paragraph) if c.end is not None), key=lambda c: (c.start, c.end))
        return [(c, self.successors(c)) for c in ended]

    def successors(self, charge: Charge) -> list[Charge]:
        """Return the entries started by the row that ended `charge`."""
        return [c for c in self.charges if charge.ended_by is not None and c.source == charge.ended_by]

    def predecessors(self, charge: Charge) -> list[Charge]:
        """Return the entries that the row starting `charge` ended."""
        return [c for c in self.charges if c.ended_by == charge.source]

    def articles(self, date: dt.date | None = None) -> list[str]:
        """Return the Criminal Law articles with a name (on a date, or ever), in statute order."""
        keys = {a for c in self.charges if date is None or c.in_force(date) for a in c.articles}
        return sorted(keys, key=ArticleNumber.parse)

    def knows(self, article: str, paragraph: int | None = None) -> bool:
        return bool(self.of(article, paragraph))

    def amendment_date(self, basis: str | None) -> tuple[int | None, dt.date | None]:
        """Return the amendment a row's basis cites and its in-force date (None where not known)."""
        number = amendment_number(basis)
        return number, self.amendments.get(number) if number is not None else None

    def lookup(self, date: dt.date, article: str | None = None, paragraph: int | None = None) -> ChargeLookup:
        """Return the names of an article (or of all) on a date, with a note wherever the documents were silent
        or behind the statute then (see the module docstring)."""
        scope = self.of(article, paragraph)
        names = [c for c in scope if c.in_force(date)]
        notes: list[str] = []
        first = min(d.effective for d in self.documents.values())
        if date < first:
            notes.append(f"{date} is before the first charge document in the corpus "
                         f"({self.documents[OPINION_ID].label}, from {first}); {SPC_1997} may have fixed names "
                         "earlier")
        rows: dict[Source, list[Charge]] = {}
        for c in scope:
            if c.start > date:
                rows.setdefault(c.source, []).append(c)
        for source, started in rows.items():
            preds = self.predecessors(started[0])
            doc = self.documents[source.document]
            named = "、".join(c.name for c in started)
            provisions = labels(dict.fromkeys(p for c in started for p in c.provisions
                                               if article is None or p.within(article, paragraph)))
            number, made = self.amendment_date(started[0].basis)
            # worded only where the amendment's date is known (made is not None)
            amendment = f"{started[0].basis} (Amendment {ROMAN.get(number or 0, number)}, in force {made})"
            pending = [p for p in preds if p.in_force(date)]
            if pending:
                if made is not None and made <= date:
                    notes.append(f"{'、'.join(p.name for p in pending)} was still the name on {date}, though "
                                 f"{amendment} had changed {provisions}: {doc.label} replaced it by {named} from "
                                 f"{started[0].start} (line {source.line})")
            elif not any(p.start > date for p in preds):  # the next naming, not one after it
                later = f"{doc.label} named it {named} from {started[0].start} (line {source.line})"
                if made is not None and made <= date:
                    notes.append(f"no charge name had been fixed yet for {provisions}, made by {amendment}: {later}")
                elif made is not None and not names:
                    notes.append(f"{provisions} was not yet in force on {date}: made by {amendment}; {later}")
                elif not names:
                    basis = f" ({started[0].basis}: its date is not known here)" if started[0].basis else ""
                    notes.append(f"no charge name had been fixed yet for {provisions}{basis}: {later}")
        for c in scope:
            if c.end is not None and c.end < date and c.ended_by and not self.successors(c):
                doc = self.documents[c.ended_by.document]
                notes.append(f"{c.name} ({labels(c.provisions)}) was abolished from {c.end + _DAY} by {doc.label} "
                             f"(line {c.ended_by.line})")
        key = ArticleNumber.parse(article).key if article else None
        return ChargeLookup(key, paragraph, date, tuple(names), tuple(notes))


_AMENDMENT = re.compile(rf"《(?:刑法)?修正案(?:（({NUMERAL})）?)?》")


# --- names a proposal proposes --------------------------------------------------------------


@dataclass(frozen=True)
class ProposedName:
    """A charge name a proposal proposes for a provision, and the names in use there on its base date that it would
    replace (none for a new offence)."""

    proposed: ProposedCharge
    replaces: tuple[Charge, ...]


def proposed_names(proposal: Proposal, table: ChargeTable | None, on: dt.date) -> list[ProposedName]:
    """Return the charge names a proposal proposes (front matter ``charges:``), each with the names in use for its
    provision on ``on`` (the proposal's base date) that it would replace; ``table`` None for a law without charge
    names."""
    return [ProposedName(p, tuple(table.at(on, p.article, p.paragraph)) if table else ()) for p in proposal.charges]


def check_proposed_names(proposal: Proposal, table: ChargeTable, on: dt.date) -> None:
    """Raise ParseError (the proposal's file, the line of the entry) when a proposed charge name is a name in use
    on ``on`` for a provision the entry does not cover: one name, one offence."""
    for p in proposal.charges:
        for name in p.names:
            clash = [c for c in table.at(on) if c.name == name and not c.within(p.article, p.paragraph)]
            if clash:
                c = clash[0]
                source = table.documents[c.source.document].label
                raise ParseError(f"charges: {name} is already the charge name of {labels(c.provisions)} (in use "
                                 f"since {c.start}, {source}); a proposed name names one offence",
                                 path=proposal.path, line=p.line)


def amendment_number(basis: str | None) -> int | None:
    """Return the number of the Criminal Law amendment a row cites (《修正案》 is the first; supplement I, line 7).

    >>> amendment_number('《刑法修正案（七）》第7条第1款'), amendment_number('《修正案》第1条')
    (7, 1)
    """
    m = _AMENDMENT.search(basis or "")
    if not m:
        return None
    return parse_chinese(m.group(1)) if m.group(1) else 1


# --- reading the corpus ----------------------------------------------------------------------

_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_IN_FORCE = re.compile(rf"(?:自{_DATE}起施行|{_DATE}\s*施行)")
_PUBLISHED = re.compile(rf"{_DATE}\s*\S*公告公布")
_OPINION_ENTRY = re.compile(r"(?:(?P<n>\d+)．)?(?P<name>\S+?)（(?P<cite>第[^（）]*)）(?=\s|$)")
_CANCEL = re.compile(r"（\s*(取消[^（）]*)）|^\s*(取消.*)$")
_FORMER = re.compile(rf"^刑法原(第{_NUM}条(?:第{_NUM}[款项])*)")
_PROSE = re.compile(r"将《中华人民共和国刑法》(?P<cite>第\S+?条)"
                    r"（(?P<basis>[^（）]*(?:（[^（）]*）[^（）]*)*)）"  # the amendment item, with its own brackets
                    r"的罪名由“(?P<old>[^”]+)”修改为“(?P<new>[^”]+)”")


def _date(m: re.Match[str]) -> dt.date:
    """Return the date of a match whose (only) matched groups are year, month and day."""
    year, month, day = (int(g) for g in m.groups() if g is not None)
    return dt.date(year, month, day)


def _body(lines: list[str]) -> int:
    """Return the index of the first line after ``<!-- INFO END -->``."""
    for i, text in enumerate(lines):
        if text.strip() == "<!-- INFO END -->":
            return i + 1
    return 0


def read_document(path: Path, corpus: Path) -> tuple[ChargeDocument, list[str]]:
    """Return a charge document's metadata (rule 1) and its lines."""
    text = read_text(path)
    lines = text.splitlines()
    where = path.relative_to(corpus).as_posix()
    if not lines or not lines[0].startswith("# "):
        raise ParseError("expected the title as the first line ('# …')", path=str(path), line=1)
    title = lines[0][2:].strip()
    stem = path.stem
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-(spp-opinion|supplement-(\d+))", stem)
    if not m:
        raise ParseError("not a charge document name (expected DATE-spp-opinion.md or DATE-supplement-N.md)",
                         path=str(path))
    if m.group(3):
        number = int(m.group(3))
        doc_id, label = f"supplement-{number}", f"supplement {ROMAN.get(number, number)}"
    else:
        doc_id, label = OPINION_ID, "SPP opinion (1997)"
    header = lines[:_body(lines)]
    adopted = tuple(dt.date(int(y), int(mo), int(d)) for line in header if "通过" in line
                    for y, mo, d in re.findall(_DATE, line))
    published = in_force = None
    basis = published_basis = ""
    for n, line in enumerate(lines, 1):
        if in_force is None and (found := _IN_FORCE.search(line)):
            in_force = _date(found)
            basis = f"施行 date stated on line {n}"
        if published is None and (pub := _PUBLISHED.search(line)):
            published = _date(pub)
            published_basis = f"no 施行 date: its publication date, line {n}"
    if in_force is not None:
        effective = in_force
    elif published is not None:
        effective, basis = published, published_basis
    else:
        effective = dt.date.fromisoformat(m.group(1))
        basis = ("no 施行 or publication date in the file (only its adoption): the date of issue in its file name; "
                 "an interpretation takes effect on publication unless it says otherwise "
                 "(related/temporal/spc-spp-judicial-interpretation-temporal-2001-12-16.md, line 9)")
    return ChargeDocument(doc_id, label, title, where, adopted, published, in_force, effective, basis), lines


@dataclass
class _Row:
    """One row of a supplement: (provisions, names) groups, the names it cancels and the amendment it cites."""

    line: int
    groups: list[tuple[tuple[ProvisionRef, ...], list[str]]]
    cancels: list[tuple[str, ProvisionRef | None]]
    basis: str | None
    notes: list[str] = field(default_factory=list)


def _split_names(text: str) -> tuple[list[str], bool]:
    """Return the names in a cell: separated by spaces, ；, or 、 after a name's 罪 (滥用职权罪、玩忽职守罪) — not
    after 犯罪 inside a name (拒绝提供间谍犯罪、恐怖主义犯罪…证据罪). A piece not ending in 罪 is a name broken by a
    stray space (为境外窃取、刺探、收买、非法提供 商业秘密罪) and is joined to the next."""
    pieces = [p for p in re.split(r"\s+|；|(?<=[^犯]罪)、", text) if p]
    names: list[str] = []
    carry = ""
    joined = False
    for piece in pieces:
        joined = joined or bool(carry)
        carry += piece
        if carry.endswith("罪"):
            names.append(carry)
            carry = ""
    if carry:
        names.append(carry)
    return names, joined


def _cancelled(text: str) -> tuple[ProvisionRef | None, list[str]]:
    """Return the names in ``取消…罪名`` (joined by 和), and the former provision it cites (刑法原第155条第3项)."""
    body = text.strip().removeprefix("取消")
    if body.endswith("罪名"):
        body = body[:-2]
    former = None
    m = _FORMER.match(body)
    if m:
        former = parse_provisions(m.group(1))[0]
        body = body[m.end():]
    return former, [n for n in re.split(r"(?<=[^犯]罪)和", body) if n]


def _supplement_rows(doc: ChargeDocument, lines: list[str], table_notes: list[TableNote]) -> list[_Row]:
    rows: list[_Row] = []
    previous: _Row | None = None
    for n, line in enumerate(lines, 1):
        prose = _PROSE.search(line)
        if prose:
            provisions = tuple(parse_provisions(prose["cite"], doc.file, n))
            rows.append(_Row(n, [(provisions, [prose["new"]])], [(prose["old"], None)], prose["basis"]))
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or re.fullmatch(r"-+", cells[0]) or cells == ["刑法条文", "罪名"]:
            continue
        cite_cell, name_cell = cells
        if previous is not None and lines[n - 2].strip() == "<!-- TABLE -->":
            table_notes.append(TableNote(doc.id, n, "a data row stands where a table's header row belongs; read as "
                                         "data"))
        m = re.fullmatch(r"(?P<cite>[^（]*?)\s*(?:（(?P<basis>.*)）)?", cite_cell)
        if m is None:
            raise ParseError(f"cannot read the provision cell {cite_cell!r}", path=doc.file, line=n)
        cite, basis = m["cite"].strip(), m["basis"]
        row_notes: list[str] = []
        if not cite:
            if previous is None:
                raise ParseError("a row without provisions and no row above it", path=doc.file, line=n)
            groups_cites = [p for p, _ in previous.groups]
            basis = previous.basis
            table_notes.append(TableNote(doc.id, n, "a row with an empty 刑法条文 cell: read as continuing the row "
                                         f"above (line {previous.line})", groups_cites[0][0].article))
        elif cite.startswith("《决定》"):
            number = _number(re.fullmatch(rf"《决定》第({_NUM})条", cite).group(1))  # type: ignore[union-attr]
            groups_cites = [(ProvisionRef(str(number), instrument=FOREIGN_EXCHANGE_DECISION),)]
        else:
            groups_cites = []
            for part in cite.split():
                context = groups_cites[-1][0].article if groups_cites else None
                groups_cites.append(tuple(parse_provisions(part, doc.file, n, row_notes, context)))
        if basis and re.search(r"修正案（[^）》]*》", basis):
            table_notes.append(TableNote(doc.id, n, f"the amendment is cited as {basis} (a closing bracket missing)",
                                         groups_cites[0][0].article))
        cancels: list[tuple[str, ProvisionRef | None]] = []
        kept = []
        last = 0
        for cm in _CANCEL.finditer(name_cell):
            kept.append(name_cell[last:cm.start()])
            last = cm.end()
            former, names = _cancelled(cm.group(1) or cm.group(2))
            cancels += [(name, former) for name in names]
        kept.append(name_cell[last:])
        names, joined = _split_names(" ".join(kept))
        if joined:
            table_notes.append(TableNote(doc.id, n, "a name broken by a stray space; read as one name",
                                         groups_cites[0][0].article))
        if len(groups_cites) > 1 and len(groups_cites) == len(names):
            groups = [(g, [name]) for g, name in zip(groups_cites, names, strict=True)]
        else:
            flat = tuple(dict.fromkeys(p for g in groups_cites for p in g))
            groups = [(flat, names)] if names else [(flat, [])]
        row = _Row(n, groups, cancels, basis, row_notes)
        rows.append(row)
        previous = row
    return rows


def _opinion_entries(doc: ChargeDocument, lines: list[str], table_notes: list[TableNote]) -> list[Charge]:
    out: list[Charge] = []
    expected = 1
    for n, line in enumerate(lines[_body(lines):], _body(lines) + 1):
        if not line.strip() or line.startswith("#") or "（第" not in line:
            continue
        pos = 0
        for m in _OPINION_ENTRY.finditer(line):
            if line[pos:m.start()].strip():
                raise ParseError(f"cannot read {line[pos:m.start()].strip()!r} (expected N．罪名（第X条）)",
                                 path=doc.file, line=n)
            pos = m.end()
            if m["n"] is None:
                table_notes.append(TableNote(doc.id, n, f"{m['name']} is listed without its number (read as "
                                             f"{expected})"))
            elif int(m["n"]) != expected:
                raise ParseError(f"entry {m['n']} where {expected} was expected", path=doc.file, line=n)
            expected += 1
            notes: list[str] = []
            provisions = tuple(parse_provisions(m["cite"], doc.file, n, notes))
            notes = [f"the opinion {note}" for note in notes]
            out.append(Charge(m["name"], provisions, doc.effective, None, Source(doc.id, n), notes=tuple(notes)))
        if line[pos:].strip():
            raise ParseError(f"cannot read {line[pos:].strip()!r} (expected N．罪名（第X条）)", path=doc.file, line=n)
    return out


def _same_article(a: Iterable[ProvisionRef], b: Iterable[ProvisionRef]) -> bool:
    return bool({(p.instrument, p.article) for p in a} & {(p.instrument, p.article) for p in b})


def _apply(doc: ChargeDocument, rows: list[_Row], charges: list[Charge], table_notes: list[TableNote]) -> None:
    """Apply a supplement's rows to the names from earlier documents (rules 2–6)."""
    earlier = len(charges)
    end = doc.effective - _DAY

    def close(i: int, row: _Row) -> None:
        if charges[i].end is None:
            charges[i] = replace(charges[i], end=end, ended_by=Source(doc.id, row.line))

    def open_earlier() -> list[int]:
        return [i for i in range(earlier) if charges[i].end is None]

    for row in rows:
        first = row.groups[0][0][0]
        article = first.article if first.instrument is None else None
        for name, former in row.cancels:
            hits = [i for i in open_earlier() if charges[i].name == name]
            if not hits:
                table_notes.append(TableNote(doc.id, row.line, f"cancels {name}, which no earlier document in the "
                                             f"corpus lists (it may be a name of {SPC_1997}); nothing ends",
                                             article))
            for i in hits:
                if former is not None and not any(p.within(former.article, former.paragraph)
                                                  for p in charges[i].provisions):
                    table_notes.append(TableNote(doc.id, row.line, f"cancels {name} of {former.label}, listed for "
                                                 f"{labels(charges[i].provisions)}", article))
                close(i, row)
        for provisions, names in row.groups:
            for name in names:
                same = [i for i in open_earlier() if charges[i].name == name
                        and _same_article(charges[i].provisions, provisions)]
                if same and all(charges[i].provisions == provisions for i in same):
                    for i in same:
                        charges[i] = replace(charges[i], notes=(*charges[i].notes,
                                                                f"restated by {doc.label}, line {row.line}"))
                    continue
                for i in same:
                    close(i, row)
                charges.append(Charge(name, provisions, doc.effective, None, Source(doc.id, row.line), row.basis,
                                      notes=tuple(f"{doc.label} {note}" for note in row.notes)))
            if not row.cancels:
                for i in open_earlier():
                    if charges[i].provisions == provisions and charges[i].name not in names:
                        close(i, row)


def read_corpus(folder: Path, law: str = "criminal-law") -> ChargeTable:
    """Return the charge table read from ``corpus/charges/`` (the folder), applying the documents in date order."""
    corpus = folder.parent
    files = sorted(folder.glob("*.md"))
    if not files:
        raise ParseError("no charge documents (*.md) in the folder", path=str(folder))
    docs = [read_document(path, corpus) for path in files]
    docs.sort(key=lambda d: d[0].effective)
    if docs[0][0].id != OPINION_ID:
        raise ParseError("expected the SPP opinion of 1997 as the first document", path=str(folder))
    charges: list[Charge] = []
    table_notes: list[TableNote] = []
    for doc, lines in docs:
        if doc.id == OPINION_ID:
            charges += _opinion_entries(doc, lines, table_notes)
        else:
            rows = _supplement_rows(doc, lines, table_notes)
            if not rows:
                raise ParseError("no charge names found (expected a table 刑法条文 | 罪名, or 将…的罪名由“…”修改为“…”)",
                                 path=doc.file)
            _apply(doc, rows, charges, table_notes)
    charges.sort(key=Charge.sort_key)
    table_notes.sort(key=lambda t: ([d.id for d, _ in docs].index(t.document), t.line, t.text))
    return ChargeTable(law, {d.id: d for d, _ in docs}, charges, table_notes)


# --- the shipped file ------------------------------------------------------------------------

def dump(table: ChargeTable) -> str:
    """Return the table as the YAML shipped in ``statutes/<law>/charges.yaml`` (stable order, one entry per name)."""
    documents = [{"id": d.id, "label": d.label, "title": d.title, "file": d.file, "adopted": list(d.adopted),
                  "published": d.published, "in_force": d.in_force, "effective": d.effective,
                  "effective_basis": d.effective_basis} for d in table.documents.values()]
    charges = []
    for c in table.charges:
        entry: dict[str, object] = {"name": c.name, "provisions": [p.label for p in c.provisions], "from": c.start,
                                    "to": c.end, "source": {"document": c.source.document, "line": c.source.line}}
        if c.basis:
            entry["basis"] = c.basis
        if c.ended_by:
            entry["ended_by"] = {"document": c.ended_by.document, "line": c.ended_by.line}
        if c.notes:
            entry["notes"] = list(c.notes)
        charges.append(entry)
    notes = [{"document": t.document, "line": t.line, **({"article": t.article} if t.article else {}),
              "note": t.text} for t in table.notes]
    # Entries keep their short lists and sources on one line; documents and notes are written out in blocks.
    return HEADER + "".join(yaml.dump(part, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                                      default_flow_style=flow)
                            for part, flow in (({"law": table.law}, False), ({"documents": documents}, False),
                                               ({"charges": charges}, None), ({"notes": notes}, False)))


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors: a date shared by many entries is written out each time."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write_charges(folder: Path, out: Path, law: str = "criminal-law") -> Path:
    """Read the charge documents in `folder` and write the table to `out`; return `out`."""
    from lawdiff.files import write_atomic

    write_atomic(out, dump(read_corpus(folder, law)).encode("utf-8"))
    return out


def load_charges(path: Path, amendments: Mapping[int, dt.date] | None = None) -> ChargeTable:
    """Return the table stored in a ``charges.yaml`` (`amendments`: in-force dates of the law's amendments)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in ("documents", "charges", "notes")):
        raise ParseError("expected the keys law, documents, charges and notes", path=str(path))
    try:
        documents = {d["id"]: ChargeDocument(d["id"], d["label"], d["title"], d["file"], tuple(d["adopted"]),
                                             d["published"], d["in_force"], d["effective"], d["effective_basis"])
                     for d in data["documents"]}
        charges = [Charge(c["name"], tuple(ProvisionRef.parse(p) for p in c["provisions"]), c["from"], c["to"],
                          Source(c["source"]["document"], c["source"]["line"]), c.get("basis"),
                          Source(c["ended_by"]["document"], c["ended_by"]["line"]) if c.get("ended_by") else None,
                          tuple(c.get("notes", ())))
                   for c in data["charges"]]
        notes = [TableNote(t["document"], t["line"], t["note"], t.get("article")) for t in data["notes"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise ParseError(f"malformed charges table: missing or wrong {exc}", path=str(path)) from None
    return ChargeTable(str(data.get("law", path.parent.name)), documents, charges, notes, dict(amendments or {}))
