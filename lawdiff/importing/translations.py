"""English renderings (our own, unofficial) as AKN expressions aligned provision by provision with the Chinese.

Translations are written in ``statutes/translations/<law>.eng.yaml`` — one entry per eId, per version
of the Chinese text (``current``, or ``amendment-07`` for the law right after that instrument) — and
compiled by `lawdiff regenerate` into ``statutes/<law>/eng@<date>.xml``: an AKN expression in English
holding the translated articles with the same eIds as the Chinese expression of that date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lawdiff.akn.model import NS, Provision, Statute, akn, ld, text_of
from lawdiff.errors import LawdiffError, ParseError
from lawdiff.files import read_yaml

LABEL = "unofficial translation"
_POINT = re.compile(r"^(\(\d+\))\s*")


@dataclass(frozen=True)
class Translation:
    """The English renderings of one law: for each version name, eId → text."""

    law: str
    language: str
    note: str
    versions: dict[str, dict[str, str]]
    path: str


def load_translation(path: Path) -> Translation:
    """Return the translation file's content; raise ParseError naming the file and line if malformed."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("versions"), dict):
        raise ParseError("expected keys law, language, note and versions", path=str(path))
    versions = {str(name): {str(k): str(v) for k, v in (entries or {}).items()}
                for name, entries in data["versions"].items()}
    return Translation(str(data.get("law", "")), str(data.get("language", "eng")), str(data.get("note", "")),
                       versions, str(path))


def version_ref(law: str, version: str) -> str:
    """Return the reference of the Chinese version a translation version renders (``current`` → the law)."""
    return law if version == "current" else f"{law}@{version}"


def alignment_errors(translation: Translation, chinese: Statute, version: str) -> list[str]:
    """Return every English key with no Chinese provision, and every Chinese provision of a translated article
    with no English key (empty when aligned)."""
    entries = translation.versions[version]
    errors = [f"{translation.path}: {version}: {eid} has no Chinese provision" for eid in entries
              if chinese.find(eid) is None]
    articles = sorted({eid.split("__", 1)[0] for eid in entries})
    for art_eid in articles:
        el = chinese.find(art_eid)
        if el is None:
            continue
        wanted = [art_eid] + [p.eid for p in Provision(el).walk_provisions()]
        errors += [f"{translation.path}: {version}: {eid} ({Provision(chinese.find(eid)).label}) is not translated"
                   for eid in wanted if eid not in entries]
    return errors


def build_expression(translation: Translation, version: str, chinese: Statute) -> Statute:
    """Return the English AKN expression of one version: the translated articles, eIds as in the Chinese."""
    errors = alignment_errors(translation, chinese, version)
    if errors:
        raise LawdiffError(errors[0])
    entries = translation.versions[version]
    result = chinese.copy()
    act = result.act
    for el in act.xpath("a:meta/a:identification/*/*[@value or @date or @language]", namespaces=NS):
        for attr in ("value",):
            if el.get(attr) and "/zho@" in el.get(attr):
                el.set(attr, el.get(attr).replace("/zho@", "/eng@"))
        if el.tag == akn("FRBRlanguage"):
            el.set("language", translation.language)
    preface = act.find("a:preface", NS)
    for child in list(preface):
        preface.remove(child)
    etree.SubElement(etree.SubElement(etree.SubElement(preface, akn("longTitle")), akn("p")),
                     akn("docTitle")).text = f"{chinese.title} ({LABEL})"
    etree.SubElement(preface, akn("p"), {"class": "note"}).text = translation.note
    preamble = act.find("a:preamble", NS)
    if preamble is not None:
        act.remove(preamble)
    body = act.find("a:body", NS)
    keep = [el for eid in sorted({e.split("__", 1)[0] for e in entries}, key=_article_order(chinese))
            if (el := result.find(eid)) is not None]
    for child in list(body):
        body.remove(child)
    for art in keep:
        art.find(akn("num")).text = entries[art.get("eId")]
        for prov in Provision(art).walk_provisions():
            _set_text(prov.el, entries[prov.eid])
        body.append(art)
    return result


def _article_order(chinese: Statute):
    order = {a.eid: i for i, a in enumerate(chinese.articles())}
    return lambda eid: order.get(eid, 0)


def _set_text(el: etree._Element, text: str) -> None:
    """Put the English text in a paragraph's lead-in/content, or a point's number and content."""
    if el.tag == akn("point"):
        m = _POINT.match(text)
        if m:
            el.find(akn("num")).text = m.group(1)
            el.set(ld("sep"), " ")
            text = text[m.end():]
    for p in el.xpath("a:content/a:p | a:intro/a:p", namespaces=NS):
        for child in list(p):
            p.remove(child)
        p.text = text


def english_blocks(statute: Statute, eid: str) -> list[str]:
    """Return an English article as blocks: ``Article 253-1 text``, then its paragraphs and points."""
    art = Provision(statute.find(eid))
    lines = art.lines()
    first = f"{text_of(art.el.find(akn('num')))} {lines[0]}" if lines else art.num
    return [first, *lines[1:]]
