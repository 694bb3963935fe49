"""What a law's stored text tells of its own history: when that text took effect, and which instruments its header
lists that are not in the corpus — with the articles the corpus shows they changed.

The rules (tested against the real corpus in tests/test_sources.py):

1. **Header lines.** A dated line of the header that names an instrument in 《》 is an amending instrument, dated by
   its adoption (the line's date). Any other dated line is an event of the law itself: its adoption (通过, 发布),
   a revision (修订: a new text of the whole law), or the day it took effect (施行).
2. **Where the known text starts.** The stored text, with its amending instruments undone, is the text adopted or
   revised by the *last event of the law itself* in the header. It took effect on the day the law says in its own
   words (本法自1997年10月1日起施行; 自公布之日起施行: on publication, taken as the day of that event), else on a
   header 施行 line, else on the day of that event. A date the law's own article gives that is earlier than that
   event (an article left unchanged by a later revision) is not taken. Before the start: if the header records an
   earlier event (the law adopted before, then revised), the earlier text exists but is not in the corpus;
   otherwise the law was not yet in force.
3. **Instruments not in the corpus.** A header instrument after that event whose title is not the title of a
   stored instrument is missing: its text, its items and its entry into force are not in the corpus. It is taken to
   have changed the law on the day it was adopted (the only date the corpus gives).
4. **What a missing instrument changed** is found, at `lawdiff regenerate`, from the corpus's other documents and
   recorded in the law's AKN as passive modifications (`record_missing`), each with the line that shows it:
   - *changed*: a charge document (corpus ``charges/``) gives an article's offence name citing the instrument as
     its basis — ``第三百八十一条 （《全国人民代表大会常务委员会关于修改部分法律的决定》第二条）``;
   - *may have changed*: the instrument's title names the offences it concerns (关于惩治骗购外汇、逃汇和非法买卖外汇
     犯罪的决定) and a charge document gives an article one of those names (逃汇罪（第190条）).
   Nothing else is claimed: for the other articles the corpus cannot tell whether the instrument changed them, and
   `lawdiff.amending.timeline` says their text before it *may* differ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.model import NS, Statute, akn, ld

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_TITLE = re.compile(r"《([^》]+)》")
#: A law's own article on when it takes effect: 本法自1997年10月1日起施行, 本解释自公布之日起施行 …
_OWN_START = re.compile(r"本(?:法|解释|规定|条例|办法|决定|细则|规则)自"
                        r"(?:(\d{4})年(\d{1,2})月(\d{1,2})日|(公布|发布)之日)起施行")
#: The offences an instrument's title names: 关于惩治(骗购外汇、逃汇和非法买卖外汇)犯罪的决定.
_TITLE_OFFENCES = re.compile(r"惩治(.+?)犯罪")
_ARTICLE_CITE = re.compile(rf"第({numbering.NUMERAL}|\d+)条(?:之({numbering.NUMERAL}|\d+))?")
#: An entry of the SPP's 1997 opinion: 108．逃汇罪（第190条）.
_OPINION_ENTRY = re.compile(r"\d+．([^（\s]+?罪)（(第[^）]+)）")
#: A row of a supplementary provision's table: | 第三百八十一条 （《…》第二条） |战时拒绝军事征收、征用罪 … |
_TABLE_ROW = re.compile(r"^\|([^|]*)\|([^|]*)\|")


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _number(text: str) -> int:
    return int(text) if text.isdigit() else numbering.parse_chinese(text)


@dataclass(frozen=True)
class HeaderEvent:
    """One dated line of a law's header."""

    date: dt.date
    line: str
    title: str | None  # the instrument the line names (None: an event of the law itself)

    @property
    def takes_effect(self) -> bool:
        """Return whether the line only says when the law took effect (2021年8月1日 施行)."""
        return self.title is None and self.line[_DATE.match(self.line).end():].strip() == "施行"  # type: ignore[union-attr]


def header_events(statute: Statute) -> list[HeaderEvent]:
    """Return the dated lines of a law's header, in order (undated lines are left out)."""
    out = []
    for line in statute.history:
        m = _DATE.match(line)
        date = _date(m) if m else None
        if date is None:
            continue
        title = _TITLE.search(line)
        out.append(HeaderEvent(date, line, title.group(1) if title else None))
    return out


@dataclass(frozen=True)
class Start:
    """When the text a law's timeline knows takes effect, and what the law was before."""

    date: dt.date
    basis: str  # where the date comes from, quoted: "第四百五十二条: 本法自1997年10月1日起施行"
    earlier_text: bool  # True: the law existed before with a text not in the corpus; False: it was not in force
    name: str = "the original text"  # the base text, for people: "the 1997 revision"
    adopted: dt.date | None = None  # the day the base text was adopted or revised (None: the header gives none)
    revised: bool = False  # the base text is a revision of the whole law (修订), not its first text


def known_start(statute: Statute) -> Start:
    """Return when the law's base text (the stored text with its stored instruments undone) took effect."""
    events = header_events(statute)
    own = [e for e in events if e.title is None and not e.takes_effect]
    base = own[-1] if own else (events[0] if events else None)
    earlier = bool(base is not None and any(e.date < base.date and not e.takes_effect for e in events))
    since = base.date if base else None
    name = "the original text" if base is None else \
        f"the {base.date.year} revision" if "修订" in base.line else f"the text adopted on {base.date}"
    adopted, revised = (base.date, "修订" in base.line) if base is not None else (None, False)

    def start(date: dt.date, basis: str) -> Start:
        return Start(date, basis, earlier, name, adopted, revised)

    found = _own_start(statute)
    if found is not None:
        date, basis = found
        if date is None and base is not None:  # 自公布之日起施行: on publication, taken as the day of the event
            return start(base.date, f"{basis} (taken as {base.line})")
        if date is not None and (since is None or date >= since):
            return start(date, basis)
    effective = [e for e in events if e.takes_effect and (since is None or e.date >= since)]
    if effective:
        return start(effective[0].date, f"the header: {effective[0].line}")
    if base is not None:
        return start(base.date, f"the header: {base.line}")
    date = statute.expression_date or dt.date.min
    return Start(date, "the date of the stored expression (the law states no date)", False, name)


def _own_start(statute: Statute) -> tuple[dt.date | None, str] | None:
    """Return the date a law's own article says it takes effect (None: on publication) and that article's words."""
    for article in reversed(list(statute.articles())):
        for para in article.paragraphs():
            m = _OWN_START.search(para.own_text)
            if m:
                basis = f"{article.num}: {m.group(0)}"
                return (None, basis) if m.group(4) else (_date(m), basis)
    return None


# --- instruments not in the corpus ----------------------------------------------------------------

CHANGED, MAY_HAVE_CHANGED = "changed", "may have changed"


@dataclass(frozen=True)
class Evidence:
    """What the corpus shows an instrument not in it did to an article."""

    article: str  # the article key, 190
    certainty: str  # CHANGED or MAY_HAVE_CHANGED
    source: str  # the corpus file and line: charges/2015-10-30-supplement-6.md:39
    quote: str  # the words of that line that show it


@dataclass(frozen=True)
class MissingInstrument:
    """An amending instrument the law's header lists whose text is not in the corpus."""

    title: str
    adopted: dt.date
    line: str  # the header line
    evidence: tuple[Evidence, ...] = ()

    @property
    def in_force(self) -> dt.date:
        """Return the day the instrument is taken to change the law: its adoption (its entry into force is not in
        the corpus)."""
        return self.adopted

    def about(self, key: str) -> Evidence | None:
        """Return what the corpus shows the instrument did to an article (None: nothing)."""
        return next((e for e in self.evidence if e.article == key), None)

    def did(self, key: str) -> str:
        """Return, for people, what the corpus shows the instrument did to an article and the line that shows it:
        ``《title》 (adopted 2009-08-27), which is not in the corpus, changed it (charges/…:41: …)``."""
        evidence = self.about(key)
        did = "changed" if evidence is not None and evidence.certainty == CHANGED else "may have changed"
        shown = f" ({evidence.source}: {evidence.quote})" if evidence is not None else ""
        return f"《{self.title}》 (adopted {self.adopted}), which is not in the corpus, {did} it{shown}"


def missing_instruments(statute: Statute, stored_titles: set[str]) -> list[MissingInstrument]:
    """Return the header's instruments after the base text that are not stored, each with the evidence recorded
    in the statute (`record_missing`)."""
    events = header_events(statute)
    own = [e for e in events if e.title is None and not e.takes_effect]
    since = own[-1].date if own else dt.date.min
    recorded = read_evidence(statute)
    return [MissingInstrument(e.title, e.date, e.line, recorded.get(e.title, ()))
            for e in events if e.title and e.title not in stored_titles and e.date >= since]


def find_evidence(missing: list[MissingInstrument], charges: Path) -> list[MissingInstrument]:
    """Return the missing instruments with what the charge documents in ``charges`` show of each (rule 4)."""
    files = sorted(charges.glob("*.md")) if charges.is_dir() else []
    out = []
    for instrument in missing:
        found: dict[str, Evidence] = {}
        offences = _title_offences(instrument.title)
        for path in files:
            where = f"{charges.name}/{path.name}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for evidence in _cited(line, instrument.title, f"{where}:{n}"):
                    found[evidence.article] = evidence  # a document citing the instrument itself wins
                for evidence in _named(line, offences, f"{where}:{n}"):
                    found.setdefault(evidence.article, evidence)
        ordered = sorted(found.values(), key=lambda e: numbering.ArticleNumber.parse(e.article))
        out.append(MissingInstrument(instrument.title, instrument.adopted, instrument.line, tuple(ordered)))
    return out


def _title_offences(title: str) -> set[str]:
    """Return the offence names an instrument's title concerns: 惩治骗购外汇、逃汇和非法买卖外汇犯罪 → 逃汇罪 …"""
    m = _TITLE_OFFENCES.search(title)
    if not m:
        return set()
    return {word + "罪" for word in re.split(r"、|和|及", m.group(1)) if word}


def _cited(line: str, title: str, where: str) -> list[Evidence]:
    """Return the articles a table row gives a name for, citing the instrument as the basis."""
    row = _TABLE_ROW.match(line)
    if not row or f"《{title}》" not in row.group(1):
        return []
    return [Evidence(_key(m), CHANGED, where, line.strip()) for m in _ARTICLE_CITE.finditer(_provisions(row))]


def _named(line: str, offences: set[str], where: str) -> list[Evidence]:
    """Return the articles a charge document gives one of the names ``offences`` (an opinion entry or a row)."""
    if not offences:
        return []
    out = []
    for m in _OPINION_ENTRY.finditer(line):
        if m.group(1) in offences:
            out += [Evidence(_key(a), MAY_HAVE_CHANGED, where, m.group(0)) for a in _ARTICLE_CITE.finditer(m.group(2))]
    row = _TABLE_ROW.match(line)
    if row and any(name in offences for name in re.split(r"\s+", row.group(2).strip())):
        out += [Evidence(_key(a), MAY_HAVE_CHANGED, where, line.strip())
                for a in _ARTICLE_CITE.finditer(_provisions(row))]
    return out


def _provisions(row: re.Match[str]) -> str:
    """Return the Criminal Law provisions a table row cites, before the basis in brackets; "" for a row citing the
    article of another instrument (《决定》第1条: an offence of the instrument, not of the law)."""
    cell = row.group(1).split("（《", 1)[0].strip()
    return "" if "《" in cell else cell


def _key(m: re.Match[str]) -> str:
    return numbering.ArticleNumber(_number(m.group(1)), _number(m.group(2)) if m.group(2) else 0).key


# --- stored in the AKN: passive modifications -------------------------------------------------------


def record_missing(statute: Statute, missing: list[MissingInstrument]) -> None:
    """Record in the statute's AKN what the corpus shows each missing instrument changed: one ``textualMod`` per
    article in ``analysis/passiveModifications``, its source the header's reference to the instrument."""
    meta = statute.act.find("a:meta", NS)
    for old in meta.findall("a:analysis", NS):
        meta.remove(old)
    evidence = [(m, e) for m in missing for e in m.evidence]
    if not evidence:
        return
    analysis = etree.Element(akn("analysis"), source="#lawdiff")
    anchor = meta.find("a:lifecycle", NS)
    if anchor is None:
        anchor = meta.find("a:identification", NS)
    anchor.addnext(analysis)
    passive = etree.SubElement(analysis, akn("passiveModifications"))
    refs = {r.get("showAs"): r.get("eId") for r in meta.findall("a:references/a:passiveRef", NS)}
    for n, (instrument, e) in enumerate(evidence, 1):
        mod = etree.SubElement(passive, akn("textualMod"), eId=f"pmod_{n}", type="substitution")
        mod.set(ld("instrument"), instrument.title)
        mod.set(ld("certainty"), e.certainty)
        mod.set(ld("evidence"), e.source)
        mod.set(ld("quote"), e.quote)
        etree.SubElement(mod, akn("source"), href=f"#{refs.get(instrument.title, 'original')}")
        etree.SubElement(mod, akn("destination"), href=f"#{numbering.ArticleNumber.parse(e.article).eid}")


def read_evidence(statute: Statute) -> dict[str, tuple[Evidence, ...]]:
    """Return the evidence `record_missing` stored, by instrument title."""
    out: dict[str, list[Evidence]] = {}
    for mod in statute.act.xpath("a:meta/a:analysis/a:passiveModifications/a:textualMod", namespaces=NS):
        destination = mod.find("a:destination", NS).get("href", "").lstrip("#")
        key = numbering.ArticleNumber.parse(destination.removeprefix("art_")).key
        out.setdefault(mod.get(ld("instrument"), ""), []).append(
            Evidence(key, mod.get(ld("certainty"), MAY_HAVE_CHANGED), mod.get(ld("evidence"), ""),
                     mod.get(ld("quote"), "")))
    return {title: tuple(found) for title, found in out.items()}


__all__ = ["CHANGED", "MAY_HAVE_CHANGED", "Evidence", "HeaderEvent", "MissingInstrument", "Start", "find_evidence",
           "header_events", "known_start", "missing_instruments", "read_evidence", "record_missing"]
