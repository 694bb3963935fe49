"""Writing proposal files: a new one from what the drafting workbench holds (`proposal_file`), and the drafted
``## Changes`` put into an existing one with every other byte kept (`with_changes`).

>>> text = "---\\nid: x\\n---\\n\\n## Proposed text\\n\\n第一条 甲。\\n\\n## Rationale\\n\\n#### zh\\n\\n因为。\\n"
>>> print(with_changes(text, "一、将第一条修改为：“甲。”"))
---
id: x
---
<BLANKLINE>
## Proposed text
<BLANKLINE>
第一条 甲。
<BLANKLINE>
## Changes
<BLANKLINE>
一、将第一条修改为：“甲。”
<BLANKLINE>
## Rationale
<BLANKLINE>
#### zh
<BLANKLINE>
因为。
<BLANKLINE>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from lawdiff.akn import numbering
from lawdiff.amending.proposals.model import AUTHORS, PROPOSAL_ID, ProposedArticle, Rationale, Source, Title
from lawdiff.amending.proposals.proposed import proposed_markdown
from lawdiff.errors import ParseError

_SECTION = re.compile(r"^## +(.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _section_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Return (index, name) of every ``## `` heading outside HTML comments and after the front matter."""
    text = "\n".join(lines)
    cleaned = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).split("\n")
    start = 0
    if cleaned and cleaned[0].rstrip() == "---":
        start = next((i + 1 for i in range(1, len(cleaned)) if cleaned[i].rstrip() == "---"), len(cleaned))
    return [(i, m.group(1)) for i in range(start, len(cleaned)) if (m := _SECTION.match(cleaned[i]))]


def with_changes(text: str, changes: str, path: str = "<proposal>") -> str:
    """Return a proposal file's text with its ``## Changes`` section holding ``changes`` — replaced where there is
    one, else added after ``## Proposed text`` — and every other line as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    headings = _section_lines(lines)
    names = [name for _, name in headings]
    body = ["", *changes.split("\n"), ""]
    if "Changes" in names:
        at = names.index("Changes")
        start = headings[at][0] + 1
        end = headings[at + 1][0] if at + 1 < len(headings) else len(lines)
        new = lines[:start] + body + lines[end:]
    elif "Proposed text" in names:
        at = names.index("Proposed text")
        end = headings[at + 1][0] if at + 1 < len(headings) else len(lines)
        before = lines[:end]
        while before and before[-1] == "" and end < len(lines):  # the blank lines before the next heading
            before.pop()
        gap = lines[len(before):end]
        new = [*before, "", "## Changes", *body[:-1], *(gap or [""]), *lines[end:]]
    else:
        raise ParseError("no ## Proposed text to put the drafted ## Changes after", path=path)
    return newline.join(new)


@dataclass(frozen=True)
class ProposalDraft:
    """What a new proposal file says (see `proposal_file`): the workbench's form."""

    id: str
    title: Title
    base: str
    articles: tuple[ProposedArticle, ...]
    changes: str
    english: tuple[str, ...]
    rationale: Rationale
    authors: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    date: dt.date = field(default_factory=dt.date.today)
    status: str = "draft"
    charges: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (provision as written, names): the field ``charges``


def proposal_file(draft: ProposalDraft) -> str:
    """Return the text of a proposal file holding the draft: front matter (whose proposal it is: its authors), the
    proposed text, the drafted changes with their English, and the rationale for the whole proposal."""
    if not PROPOSAL_ID.match(draft.id):
        raise ParseError(f"proposal id {draft.id!r} is not lower-case words joined by hyphens (e.g. "
                         "rename-personal-information)")
    front = {
        "id": draft.id,
        "title": {"zh": draft.title.zh, "en": draft.title.en},
        "authors": list(draft.authors),
        "date": draft.date,
        "status": draft.status,
        "base": draft.base,
        "sources": [{k: v for k, v in (("key", s.key), ("author", s.author), ("title", s.title), ("year", s.year),
                                         ("section", s.section), ("url", s.url)) if v != ""} for s in draft.sources],
        "proposed_by": AUTHORS,
    }
    if draft.charges:
        front["charges"] = {provision: names[0] if len(names) == 1 else list(names)
                            for provision, names in draft.charges}
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    english = "\n\n".join(f"{n}. {text}" for n, text in enumerate(draft.english, 1))
    in_order = sorted(draft.articles, key=lambda a: numbering.ArticleNumber.parse(a.key))  # as the statute prints them
    parts = ["---", yaml_text.rstrip("\n"), "---", "", "## Proposed text", "", proposed_markdown(in_order), "",
             "## Changes", "", draft.changes, ""]
    if english:
        parts += ["## Changes (English, unofficial translation)", "", english, ""]
    parts += ["## Rationale", ""]
    for lang, text in (("zh", draft.rationale.zh), ("en", draft.rationale.en)):
        if text.strip():
            parts += [f"#### {lang}", "", _safe_markdown(text.strip()), ""]
    return "\n".join(parts)


def _safe_markdown(text: str) -> str:
    """Return rationale Markdown that cannot open a section of its own: a line starting ``#`` is a heading of the
    file (## Changes, ### 一), so headings inside the rationale are made level five or lower."""
    return "\n".join(re.sub(r"^#{1,4}(?=\s)", "#####", line) for line in text.replace("\r\n", "\n").split("\n"))


def rationale_sections(texts: Sequence[str]) -> str:
    """Return Markdown texts joined as one rationale (blank lines between)."""
    return "\n\n".join(t.strip() for t in texts if t.strip())


__all__ = ["ProposalDraft", "proposal_file", "rationale_sections", "with_changes"]
