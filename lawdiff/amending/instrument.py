"""Apply a whole amending instrument to a statute and record it there: a line in the header, a lifecycle event, a
reference, the new expression date.

`apply_instrument` works on a copy: the base statute is never modified, whatever fails. An omnibus decision is
applied to a law by the section that names it (`Instrument.for_document`). A law whose header already records the
instrument is not amended twice: the instrument's new texts are checked to be there.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from lawdiff.akn import outline
from lawdiff.akn.frbr import set_expression_date
from lawdiff.akn.model import NS, Provision, Statute, akn, text_of
from lawdiff.amending.operations import Context, Session, apply_item, finish
from lawdiff.errors import OperationError
from lawdiff.importing.instrument import Instrument, OpKind, same_document, short_title
from lawdiff.importing.styles import history_line as styled_history_line
from lawdiff.importing.styles import style_of


def history_line(instrument: Instrument, amended: str = "") -> str:
    """Return the line the national database adds to the header of the law titled ``amended`` for an instrument
    (in the style that law is amended in: see `lawdiff.importing.styles.history_line`)."""
    return styled_history_line(style_of(amended or instrument.target), instrument.header, instrument.title)


def apply_instrument(base: Statute, instrument: Instrument, path: str | None = None, *, once: bool = False,
                     warnings: list[str] | None = None) -> Statute:
    """Return a new statute: the base with every item of the instrument applied and the instrument recorded
    (a lifecycle event, a history line in the header, the new expression date). The base is not modified.

    An omnibus decision is applied by the section naming the base (`Instrument.for_document`). With ``once``, a
    base whose header already records the instrument is returned unchanged once the instrument's new texts are
    found in it (an instrument is not applied twice: `lawdiff amend`); the message saying so is appended to
    ``warnings``. (The versions `lawdiff.amending.timeline` derives keep the header of the latest one.)
    """
    instrument = instrument.for_document(base.title)
    if instrument.target and not same_document(instrument.target, base.title) and base.title:
        raise OperationError(f"《{instrument.title}》 amends {instrument.target}, not 《{base.title}》", path=path)
    line = recorded_at(base, instrument) if once else None
    if line is not None:
        check_incorporated(base, instrument, path)
        if warnings is not None:
            warnings.append(f"{base.path or base.name}: line {line} of its header already records this instrument, "
                            "and the texts it gives are there: nothing applied")
        return base.copy()
    result = base.copy()
    session = Session()
    for item in instrument.items:
        apply_item(result, item, Context(instrument.title, item.label, path), session)
    if session.pending:
        finish(result, session)
    record_instrument(result, instrument)
    return result


def recorded_at(statute: Statute, instrument: Instrument) -> int | None:
    """Return the number (1-based) of the header line recording the instrument by its title, or None."""
    title = short_title(instrument.title)
    for n, line in enumerate(statute.history, 1):
        if any(short_title(named) == title for named in re.findall(r"《((?:[^《》]|《[^《》]*》)*)》",
                                                                    line.translate(_NESTED))):
            return n
    return None


_NESTED = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》"})


def check_incorporated(statute: Statute, instrument: Instrument, path: str | None = None) -> None:
    """Check that a statute holds the new texts an instrument gives (whole articles, the preamble, headings);
    raise OperationError naming the item of the first that it does not."""
    articles = {tuple(Provision(a).lines()) for a in statute.body.iter(akn("article"))}
    preamble = tuple(text_of(p) for p in statute.act.xpath("a:preamble/a:p", namespaces=NS))
    headings = {outline.Entry(el, 0).label for el in statute.body.iter() if isinstance(el.tag, str)
                and outline.is_heading(el)} | {text_of(p) for p in statute.body.iter(akn("p"))}
    for item in instrument.items:
        for op in item.operations:
            if op.kind in (OpKind.REPLACE_ARTICLE, OpKind.INSERT_ARTICLE):
                found = tuple(op.new_text) in articles
            elif op.kind is OpKind.REPLACE_PREAMBLE:
                found = tuple(op.new_text) == preamble
            elif op.kind is OpKind.REPLACE_HEADING:
                found = any(h.endswith(op.new_text[0]) for h in headings)
            else:
                continue
            if not found:
                raise Context(instrument.title, item.label, path).fail(
                    f"{statute.title}'s header records the instrument, but the text does not hold what "
                    f"“{op.source}” gives")


def record_instrument(statute: Statute, instrument: Instrument) -> None:
    """Add the instrument to the statute's header, lifecycle and references; move its expression date."""
    act = statute.act
    history = act.find("a:preface/a:container[@name='history']", NS)
    if history is None:
        preface = act.find("a:preface", NS)
        history = etree.SubElement(preface, akn("container"), name="history")
    etree.SubElement(history, akn("p")).text = history_line(instrument, statute.title)
    n = len(history)
    date = instrument.date or dt.date.today()
    meta = act.find("a:meta", NS)
    lifecycle = meta.find("a:lifecycle", NS)
    if lifecycle is None:
        lifecycle = etree.Element(akn("lifecycle"), source="#lawdiff")
        meta.find("a:identification", NS).addnext(lifecycle)
    etree.SubElement(lifecycle, akn("eventRef"), eId=f"evt_{n}", date=date.isoformat(), source=f"#ref_{n}",
                     type="amendment")
    refs = meta.find("a:references", NS)
    anchor = refs.findall("a:passiveRef", NS)
    ref = etree.Element(akn("passiveRef"), eId=f"ref_{n}", href=f"#instrument-{n}", showAs=instrument.title)
    (anchor[-1] if anchor else refs.find("a:original", NS)).addnext(ref)
    set_expression_date(statute, date)


__all__ = ["apply_instrument", "check_incorporated", "history_line", "record_instrument", "recorded_at"]
