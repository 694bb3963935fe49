"""A proposal compiled to an Akoma Ntoso ``amendment`` document."""

from __future__ import annotations

import re

from lxml import etree

from lawdiff.akn import frbr, numbering
from lawdiff.akn.model import NSMAP, Statute, akn, ld
from lawdiff.amending.proposals.model import Proposal
from lawdiff.amending.proposals.patches import TextChange, text_changes
from lawdiff.importing.instrument import Operation, OpKind

# --- compiling to Akoma Ntoso --------------------------------------------------------------------



def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, akn(tag), attrs)
    if text is not None:
        el.text = text
    return el


def _paragraphs(markdown: str) -> list[str]:
    """Return the paragraphs (blank-line separated blocks) of a Markdown text."""
    return [block.strip("\n") for block in re.split(r"\n\s*\n", markdown) if block.strip()]


def compile_proposal(proposal: Proposal, base: Statute) -> etree._Element:
    """Return the proposal as an AKN 3.0 ``amendment`` document (the ``akomaNtoso`` root).

    The body holds the change items verbatim (``amendmentContent``), the English translation, and the rationale
    (``amendmentJustification``, Markdown paragraphs as ``p``). ``analysis/activeModifications`` holds one
    ``textualMod`` per operation with its destination in ``base``, the provision's text before and after
    (``ld:text`` in ``old`` / ``new``) and the diff-match-patch patch between them (``ld:patch``), so that the
    change can be applied again to a version that has drifted (`rebase`).
    """
    changes = text_changes(proposal, base)
    day = proposal.date.isoformat()
    work = frbr.work_uri("amendment", day, proposal.id)
    expression = frbr.expression_uri("amendment", day, proposal.id, day)
    root = etree.Element(akn("akomaNtoso"), nsmap=NSMAP)
    doc = _sub(root, "amendment", name=proposal.id, contains="originalVersion")

    meta = _sub(doc, "meta")
    authors = [f"#author_{i}" for i in range(1, len(proposal.authors) + 1)]
    frbr.identification(meta, work=work, expression=expression, title=proposal.title.zh, levels=(
        frbr.Level(day, "proposal", authors), frbr.Level(day, "proposal", authors),
        frbr.Level(day, "proposal", ["#lawdiff"])))
    mods = _sub(_sub(meta, "analysis", source="#lawdiff"), "activeModifications")
    by_item = {(c.item.number, c.index): c for c in changes}
    for n, item in enumerate(proposal.items, 1):
        for j, op in enumerate(item.operations):
            _textual_mod(mods, f"mod_{n}_{j + 1}", f"#item_{n}", op, by_item[(item.number, j)],
                         base.expression_uri)
    refs = _sub(meta, "references", source="#lawdiff")
    _sub(refs, "activeRef", eId="base", href=base.expression_uri, showAs=proposal.base)
    for source in proposal.sources:
        _sub(refs, "TLCReference", eId=f"src_{source.key}", href=source.url or f"/ontology/reference/{source.key}",
             name="source", showAs=f"{source.author}, {source.title} ({source.year})")
    for author, name in zip(authors, proposal.authors, strict=True):
        _sub(refs, "TLCPerson", eId=author[1:], href=f"/ontology/person/{author[1:]}", showAs=name)
    _sub(refs, "TLCOrganization", eId="lawdiff", href="/ontology/organization/lawdiff", showAs="lawdiff")
    etree.SubElement(_sub(meta, "proprietary", source="#lawdiff"), ld("proposal"), status=proposal.status,
                     base=proposal.base)

    preface = _sub(doc, "preface")
    _sub(_sub(_sub(preface, "longTitle"), "p"), "docTitle", proposal.title.zh)
    _sub(preface, "p", proposal.title.en, **{"class": "subtitle"})

    body = _sub(doc, "amendmentBody")
    _sub(_sub(body, "amendmentHeading"), "p", proposal.title.zh)
    content = _sub(body, "amendmentContent", eId="changes")
    for n, item in enumerate(proposal.items, 1):
        container = _sub(content, "blockContainer", eId=f"item_{n}")
        _sub(container, "num", item.prefix)
        for block in item.blocks:
            _sub(container, "p", block)
    english = _sub(body, "amendmentContent", eId="changes_eng", **{"class": "translation"})
    for n, text in enumerate(proposal.english, 1):
        container = _sub(english, "blockContainer", eId=f"item_{n}_eng")
        _sub(container, "num", f"{n}.")
        for paragraph in _paragraphs(text):
            _sub(container, "p", paragraph)
    justification = _sub(body, "amendmentJustification", eId="rationale")
    for n, (item, rationale) in enumerate(zip(proposal.items, proposal.rationale, strict=True), 1):
        if not rationale.zh and not rationale.en:
            continue  # the commencement item, given no reasons
        container = _sub(justification, "blockContainer", eId=f"rationale_{n}")
        _sub(container, "num", item.label)
        for lang, text in (("zh", rationale.zh), ("en", rationale.en)):
            if text:
                part = _sub(container, "blockContainer", eId=f"rationale_{n}_{lang}", **{"class": lang})
                for paragraph in _paragraphs(text):
                    _sub(part, "p", paragraph)
    return root


def _textual_mod(mods: etree._Element, eid: str, source: str, op: Operation, change: TextChange,
                 base_uri: str) -> None:
    """Add the textualMod of one operation: destination, old and new text, and the patch."""
    mod = _sub(mods, "textualMod", eId=eid, type=op.kind.akn_type)
    mod.set(ld("operation"), str(op.kind))
    _sub(mod, "source", href=source)
    if op.kind is OpKind.INSERT_ARTICLE:
        _sub(mod, "destination", href=f"{base_uri}/~{numbering.ArticleNumber.parse(op.article).eid}", pos="after")
    else:
        _sub(mod, "destination", href=f"{base_uri}/~{change.eid}" if change.eid else base_uri)
    if not change.eid:
        return
    if change.before:
        etree.SubElement(_sub(mod, "old"), ld("text")).text = change.before
    new = _sub(mod, "new")
    etree.SubElement(new, ld("text")).text = change.after
    etree.SubElement(new, ld("patch")).text = change.patch


