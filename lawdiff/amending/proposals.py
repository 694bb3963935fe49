"""Reform proposals: read ``proposals/<id>.md``, compile them to AKN, apply, rebase and compose them.

A proposal file has YAML front matter (id, title zh/en, authors, date, status, base — the law and version it was
drafted against, e.g. ``criminal-law@2021-03-01`` — and the sources it cites) and three sections::

    ## Changes                                      numbered items in the NPC drafting language (一、…)
    ## Changes (English, unofficial translation)    one numbered paragraph per item (1. …)
    ## Rationale                                    ### 一 per item, each with #### zh and/or #### en (Markdown)

HTML comments (``<!-- … -->``) are ignored, so a scholar may keep the guidance of `new_proposal_template`.
Everything that is wrong is reported as a `ParseError` with the file and line: bad YAML, missing or unknown
fields, an unreadable instruction, an item without rationale, a citation ``[@key]`` whose key is not a source.

A proposal is a list of operations (read by `lawdiff.importing.instructions`, applied by
`lawdiff.amending.operations`) and, for each operation, the text change it makes to one provision (`TextChange`: the
article's text before and after, and the diff-match-patch patch between them). `apply_proposal` applies the
operations to the version the proposal was drafted against, checking every precondition. `rebase` applies it to
another version:

- term replacements (将…中的“A”修改为“B”) are applied again, as the drafting language defines them: every
  occurrence in the provision, wherever the text has moved;
- new articles are inserted again after the article they follow (which must exist; the new number must be free);
- every other change to a provision whose text is no longer what the proposal was drafted against is applied
  from its patch, checked twice: the changes made since (drafted → found) must not overlap or touch the
  proposal's own edits (drafted → proposed) unless they are the very same edit; and each hunk is placed at the
  exact match nearest its place, else by fuzzy matching (diff-match-patch's ``match_main``), a hunk whose result
  is already there counting as applied and a fuzzy match being refused when its differences come within
  ``Patch_Margin`` characters of the hunk's edit. `diff_match_patch.patch_apply` alone would report success for
  biometric-aggravation on top of public-legal-interest and write 依照前两两款 and a second 第二款 paragraph.

What cannot be applied cleanly raises `RebaseConflict` (a `PatchConflict`) listing every `Conflict` — proposal
item, provision, the text expected and the text found — and no partial result is returned.

`conflict_matrix` applies every pair of proposals in both orders and says whether they compose cleanly (both
orders apply and agree), differ, or fail; `term_impact` finds the other places a replaced term occurs.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml
from diff_match_patch import diff_match_patch
from lxml import etree

from lawdiff.akn import frbr, numbering
from lawdiff.akn.blocks import REMOVED
from lawdiff.akn.model import NS, NSMAP, Provision, Statute, akn, ld, text_of
from lawdiff.amending.operations import Context, apply_item
from lawdiff.errors import LawdiffError, OperationError, ParseError, PatchConflict, UnknownReference
from lawdiff.importing.instructions import parse_instructions
from lawdiff.importing.instrument import Item, Operation, OpKind
from lawdiff.library import Library

__all__ = [
    "STATUSES",
    "Conflict",
    "Matrix",
    "Occurrence",
    "Pair",
    "Proposal",
    "Rationale",
    "RebaseConflict",
    "Source",
    "TextChange",
    "Title",
    "apply_all",
    "apply_proposal",
    "compile_proposal",
    "conflict_matrix",
    "drafting_base",
    "format_matrix",
    "load_proposal",
    "new_proposal_template",
    "proposal_notes",
    "rationale_notes",
    "rebase",
    "resolve_proposal",
    "term_impact",
    "text_changes",
]

STATUSES = ("draft", "published", "withdrawn")
LAW_NAMES = ("刑法", "本法")
SECTIONS = ("Changes", "Changes (English, unofficial translation)", "Rationale")
LANGUAGES = ("zh", "en")
FIELDS = ("id", "title", "authors", "date", "status", "base", "sources")
SOURCE_FIELDS = ("key", "author", "title", "year", "section", "url")
_REQUIRED_SOURCE_FIELDS = ("key", "author", "title", "year")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BASE = re.compile(r"^(?P<law>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<date>\d{4}-\d{2}-\d{2})$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^(#{2,4}) +(.*?)\s*$")
_ENGLISH_ITEM = re.compile(r"^(\d+)\.\s+")
# A Pandoc-style citation group [@key], [@key, §3.1] or [see @a; @b]; keys as Pandoc allows them.
_CITATION_GROUP = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
_CITATION_KEY = re.compile(r"(?<![\w.])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")


# --- the proposal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """A proposal's title in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Source:
    """A work the rationale cites as ``[@key]``."""

    key: str
    author: str
    title: str
    year: int
    section: str = ""
    url: str = ""


@dataclass(frozen=True)
class Rationale:
    """The reasons for one change item, as Markdown ("" for a language not given)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Proposal:
    """A reform proposal read from ``proposals/<id>.md``.

    ``items`` are the change items with their operations; ``english`` and ``rationale`` hold one entry per item,
    in the same order. ``lines`` gives the line of each front-matter field, for messages about it.
    """

    id: str
    title: Title
    authors: tuple[str, ...]
    date: dt.date
    status: str
    base: str
    sources: tuple[Source, ...]
    items: tuple[Item, ...]
    english: tuple[str, ...]
    rationale: tuple[Rationale, ...]
    path: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def law(self) -> str:
        """Return the work name of the law the proposal amends (``criminal-law``)."""
        return self.base.split("@", 1)[0]


# --- reading a proposal file -------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True)
class _Block:
    line: int
    text: str


def load_proposal(path: str | Path) -> Proposal:
    """Return the proposal stored at ``path``; raise ParseError naming the file and line of any mistake."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParseError(f"cannot read the proposal: {exc.strerror}", path=str(p)) from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"cannot read the proposal: not UTF-8 ({exc.reason})", path=str(p)) from None
    return _Reader(text.replace("\r\n", "\n"), str(p), p.stem).read()


class _Reader:
    """Reads one proposal file: the front matter, then the three sections."""

    def __init__(self, text: str, path: str, stem: str) -> None:
        self.text = text
        self.path = path
        self.stem = stem
        self.field_lines: dict[str, int] = {}

    def error(self, message: str, line: int | None) -> ParseError:
        return ParseError(message, path=self.path, line=line)

    def read(self) -> Proposal:
        lines = self.text.split("\n")
        if lines[0].rstrip() != "---":
            raise self.error("expected YAML front matter opened by a line --- (see `new_proposal_template`)", 1)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            raise self.error("the front matter is not closed by a line ---", 1)
        data = self._yaml("\n".join(lines[1:end]))
        title, authors, date = self._title(data["title"]), self._authors(data["authors"]), self._date(data["date"])
        status, base, sources = self._status(data["status"]), self._base(data["base"]), self._sources(data["sources"])
        body = _without_comments("\n".join(lines[end + 1:]), self.path, end + 2)
        sections = self._sections([_Line(n, t) for n, t in enumerate(body.split("\n"), start=end + 2)], len(lines))
        items = self._items(sections["Changes"])
        english = self._english(sections["Changes (English, unofficial translation)"], items)
        rationale = self._rationale(sections["Rationale"][1], items)
        self._check_citations(sections["Rationale"][1], {s.key for s in sources})
        return Proposal(id=str(data["id"]), title=title, authors=authors, date=date, status=status, base=base,
                        sources=sources, items=items, english=english, rationale=rationale, path=self.path,
                        lines=dict(self.field_lines))

    # front matter -------------------------------------------------------------------------------

    def _yaml(self, text: str) -> dict[str, object]:
        """Return the front matter's fields, checked for presence; record the line of each."""
        loader = node = None
        try:
            loader = yaml.SafeLoader(text)
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except yaml.reader.ReaderError as exc:  # a control character
            code = ord(exc.character) if isinstance(exc.character, str) else exc.character
            raise self.error(f"invalid YAML in the front matter: character U+{code:04X} is not allowed ({exc.reason})",
                             text[: exc.position].count("\n") + 2) from None
        except ValueError as exc:  # a scalar its tag cannot hold: date: 2026-02-30, !!int x
            bad = _unconstructed(node)
            kind = bad.tag.rsplit(":", 1)[-1] if bad else ""
            what = f"{bad.value!r} is not a {_YAML_KINDS.get(kind, kind)}: " if bad else ""
            raise self.error(f"invalid YAML in the front matter: {what}{exc}", bad.start_mark.line + 2 if bad else 1
                             ) from None
        except RecursionError:
            raise self.error("invalid YAML in the front matter: nested too deeply", 1) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f" ({exc.context} at line {exc.context_mark.line + 2})" if exc.context and exc.context_mark else ""
            raise self.error(f"invalid YAML in the front matter: {exc.problem}{where}",
                             mark.line + 2 if mark else 1) from None
        except yaml.YAMLError as exc:
            raise self.error(f"invalid YAML in the front matter: {exc}", 1) from None
        finally:
            if loader is not None:
                loader.dispose()
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            raise self.error(f"the front matter must be a mapping of the fields {', '.join(FIELDS)}", 2)
        for key_node, value_node in node.value:
            self.field_lines[str(key_node.value)] = key_node.start_mark.line + 2
            self._nested_lines(str(key_node.value), value_node)
        for key in data:
            if key not in FIELDS:
                raise self.error(f"unknown field {key!r} (expected: {', '.join(FIELDS)})", self.field_lines[str(key)])
        missing = [key for key in FIELDS if key not in data]
        if missing:
            raise self.error(f"missing field(s) {', '.join(missing)} in the front matter", 1)
        if data["id"] != self.stem:
            raise self.error(f"id {data['id']!r} differs from the file name (expected id: {self.stem})",
                             self.field_lines["id"])
        if not isinstance(data["id"], str) or not _ID.match(data["id"]):
            raise self.error(f"id {data['id']!r} is not lower-case words joined by hyphens", self.field_lines["id"])
        return data

    def _nested_lines(self, prefix: str, node: yaml.Node, seen: frozenset[int] = frozenset()) -> None:
        """Record the lines of nested fields: ``title.zh``, ``sources.0.key``, ``authors.1``."""
        if id(node) in seen:  # an alias of an enclosing node (&a … *a): the fields are not a tree
            raise self.error("invalid front matter: a field contains itself (an alias *… of an enclosing anchor &…)",
                             node.start_mark.line + 2)
        seen |= {id(node)}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                self.field_lines[f"{prefix}.{key_node.value}"] = key_node.start_mark.line + 2
                self._nested_lines(f"{prefix}.{key_node.value}", value_node, seen)
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                self.field_lines[f"{prefix}.{i}"] = child.start_mark.line + 2
                self._nested_lines(f"{prefix}.{i}", child, seen)

    def _title(self, value: object) -> Title:
        line = self.field_lines["title"]
        if not isinstance(value, dict):
            raise self.error("title must have zh: and en: lines", line)
        for key in value:
            if key not in LANGUAGES:
                raise self.error(f"unknown title language {key!r} (expected zh and en)",
                                 self.field_lines.get(f"title.{key}", line))
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                raise self.error(f"title.{lang} is missing or empty", self.field_lines.get(f"title.{lang}", line))
        return Title(value["zh"].strip(), value["en"].strip())

    def _authors(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.error("authors must be a list with at least one name", self.field_lines["authors"])
        for i, name in enumerate(value):
            if not isinstance(name, str) or not name.strip():
                raise self.error(f"author {i + 1} is not a name", self.field_lines.get(f"authors.{i}"))
        return tuple(name.strip() for name in value)

    def _date(self, value: object) -> dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.error(f"date {value!r} is not a date (expected YYYY-MM-DD)", self.field_lines["date"])
        return value

    def _status(self, value: object) -> str:
        if value not in STATUSES:
            raise self.error(f"status {value!r} is not one of {', '.join(STATUSES)}", self.field_lines["status"])
        return str(value)

    def _base(self, value: object) -> str:
        m = _BASE.match(value) if isinstance(value, str) else None
        valid = False
        if m:
            try:
                dt.date.fromisoformat(m["date"])
                valid = True
            except ValueError:
                pass
        if not valid:
            raise self.error(f"base {value!r} is not a reference to a law on a date (expected e.g. "
                             "criminal-law@2021-03-01)", self.field_lines["base"])
        return str(value)

    def _sources(self, value: object) -> tuple[Source, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error("sources must be a list (use [] when nothing is cited)", self.field_lines["sources"])
        out: list[Source] = []
        for i, entry in enumerate(value):
            line = self.field_lines.get(f"sources.{i}")
            if not isinstance(entry, dict):
                raise self.error(f"source {i + 1} must have the fields {', '.join(SOURCE_FIELDS)}", line)
            for key in entry:
                if key not in SOURCE_FIELDS:
                    raise self.error(f"unknown source field {key!r} (expected: {', '.join(SOURCE_FIELDS)})",
                                     self.field_lines.get(f"sources.{i}.{key}", line))
            for key in _REQUIRED_SOURCE_FIELDS:
                if entry.get(key) in (None, ""):
                    raise self.error(f"source {i + 1} lacks {key}", line)
            if not isinstance(entry["year"], int):
                raise self.error(f"source {entry['key']!r}: year {entry['year']!r} is not a year",
                                 self.field_lines.get(f"sources.{i}.year", line))
            if any(s.key == str(entry["key"]) for s in out):
                raise self.error(f"source key {entry['key']!r} is used twice", line)
            out.append(Source(str(entry["key"]), str(entry["author"]), str(entry["title"]), entry["year"],
                              str(entry.get("section") or ""), str(entry.get("url") or "")))
        return tuple(out)

    # sections ------------------------------------------------------------------------------------

    def _sections(self, lines: list[_Line], last_line: int) -> dict[str, tuple[int, list[_Line]]]:
        """Return each ``## `` section's heading line and content lines."""
        sections: dict[str, tuple[int, list[_Line]]] = {}
        current: list[_Line] | None = None
        for line in lines:
            m = _HEADING.match(line.text)
            if m and len(m.group(1)) == 2:
                name = m.group(2)
                if name not in SECTIONS:
                    raise self.error(f"unknown section ## {name} (expected: {', '.join('## ' + s for s in SECTIONS)})",
                                     line.number)
                if name in sections:
                    raise self.error(f"section ## {name} appears twice", line.number)
                current = []
                sections[name] = (line.number, current)
            elif current is not None:
                current.append(line)
            elif line.text.strip():
                raise self.error("text before the first section (expected ## Changes)", line.number)
        for name in SECTIONS:
            if name not in sections:
                raise self.error(f"missing section ## {name}", last_line)
        return sections

    def _items(self, section: tuple[int, list[_Line]]) -> tuple[Item, ...]:
        heading, lines = section
        blocks = _blocks(lines)
        if not blocks:
            raise self.error("## Changes holds no change items", heading)
        # parse_instructions counts lines as if blocks were separated by exactly one blank line; map back.
        virtual: dict[int, int] = {}
        line = blocks[0].line
        for block in blocks:
            virtual[line] = block.line
            line += block.text.count("\n") + 2
        try:
            items = parse_instructions([b.text for b in blocks], self.path, blocks[0].line, LAW_NAMES)
        except ParseError as exc:
            raise self.error(exc.message, virtual.get(exc.line or 0, exc.line)) from None
        if not items:
            raise self.error("## Changes holds no change items (expected 一、将刑法…)", heading)
        if items[0].line != blocks[0].line:
            raise self.error("text before the first change item (explanations belong in ## Rationale)",
                             blocks[0].line)
        for item in items:
            if not item.label:
                raise self.error("number the change items (一、…), so that each can have its rationale",
                                 virtual.get(item.line, item.line))
        return tuple(replace(item, line=virtual.get(item.line, item.line)) for item in items)

    def _english(self, section: tuple[int, list[_Line]], items: tuple[Item, ...]) -> tuple[str, ...]:
        heading, lines = section
        texts: list[list[str]] = []
        for block in _blocks(lines):
            m = _ENGLISH_ITEM.match(block.text)
            if m and int(m.group(1)) == len(texts) + 1:
                texts.append([block.text[m.end():]])
            elif texts:
                texts[-1].append(block.text)
            else:
                raise self.error("the English translation must start with item 1. (numbered 1. 2. …)", block.line)
        if len(texts) != len(items):
            raise self.error(f"the English translation has {len(texts)} item(s) but ## Changes has {len(items)}",
                             heading)
        return tuple("\n\n".join(text) for text in texts)

    def _rationale(self, lines: list[_Line], items: tuple[Item, ...]) -> tuple[Rationale, ...]:
        found: dict[str, tuple[int, dict[str, list[_Line]]]] = {}
        subsection: dict[str, list[_Line]] | None = None
        language: list[_Line] | None = None
        labels = [item.label for item in items]
        for line in lines:
            m = _HEADING.match(line.text)
            level = len(m.group(1)) if m else 0
            if level == 3:
                label = m.group(2) if m else ""
                if label not in labels:
                    raise self.error(f"rationale for item {label}, but ## Changes has no item {label} (items: "
                                     f"{'、'.join(labels)})", line.number)
                if label in found:
                    raise self.error(f"a second rationale for item {label}", line.number)
                subsection, language = {}, None
                found[label] = (line.number, subsection)
            elif level == 4 and subsection is not None:
                lang = m.group(2) if m else ""
                if lang not in LANGUAGES or lang in subsection:
                    raise self.error(f"unexpected #### {lang} (expected #### zh and/or #### en, once each)",
                                     line.number)
                language = subsection[lang] = []
            elif language is not None:
                language.append(line)
            elif line.text.strip():
                where = "#### zh or #### en" if subsection is not None else "### 一 (the item's number)"
                raise self.error(f"rationale text outside a subsection (expected {where} first)", line.number)
        out = []
        for item in items:
            if item.label not in found:
                raise self.error(f"item {item.label} has no rationale (expected ### {item.label} with #### zh and/or"
                                 " #### en under ## Rationale)", item.line)
            heading, texts = found[item.label]
            rationale = Rationale(*(_markdown(texts.get(lang, [])) for lang in LANGUAGES))
            if not rationale.zh and not rationale.en:
                raise self.error(f"the rationale for item {item.label} is empty", heading)
            out.append(rationale)
        return tuple(out)

    def _check_citations(self, lines: list[_Line], keys: set[str]) -> None:
        for line in lines:
            for group in _CITATION_GROUP.findall(line.text):
                for key in _CITATION_KEY.findall(group):
                    if key not in keys:
                        known = ", ".join(sorted(keys)) or "none"
                        raise self.error(f"citation [@{key}] names no source (sources: {known})", line.number)


_YAML_KINDS = {"timestamp": "date", "int": "whole number", "float": "number", "bool": "yes/no value"}


def _unconstructed(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """Return the first scalar whose tag cannot hold its text (a date 2026-02-30, !!int x), or None."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(current)
            except ValueError:
                return current
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in current.value for n in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _without_comments(text: str, path: str, first_line: int) -> str:
    """Return text with HTML comments blanked out, line breaks kept so that line numbers stay right."""
    opened = text.find("<!--")
    cleaned = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if "<!--" in cleaned:
        raise ParseError("an HTML comment <!-- is not closed by -->", path=path,
                         line=first_line + text[:opened].count("\n"))
    return cleaned


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Return the blocks (runs of non-blank lines) of a section with the line each starts on."""
    out: list[_Block] = []
    for blank, run in itertools.groupby(lines, key=lambda line: not line.text.strip()):
        if not blank:
            group = list(run)
            out.append(_Block(group[0].number, "\n".join(line.text.rstrip() for line in group)))
    return out


def _markdown(lines: list[_Line]) -> str:
    """Return a subsection's Markdown without leading and trailing blank lines."""
    return "\n".join(line.text.rstrip() for line in lines).strip("\n")


def new_proposal_template(proposal_id: str, today: dt.date | None = None) -> str:
    """Return the text of a new proposal file, with comments saying what to fill in.

    It does not load until the base and at least one item (with translation and rationale) are filled in;
    the title and author are placeholders to replace.
    """
    if not _ID.match(proposal_id):
        raise ParseError(f"proposal id {proposal_id!r} is not lower-case words joined by hyphens (e.g. "
                         "rename-personal-information)")
    date = (today or dt.date.today()).isoformat()
    return f"""---
# A reform proposal for lawdiff. Save as proposals/{proposal_id}.md; lines starting with # are comments.
id: {proposal_id}  # must equal the file name
title:
  zh: 标题  # replace: the title in Chinese
  en: Title  # replace: the title in English
authors:
  - Name  # replace; one line per author
date: {date}
status: draft  # draft, published or withdrawn
base: LAW@YYYY-MM-DD  # the version drafted against, e.g. criminal-law@2021-03-01 (the law in force that day)
sources: []  # works the rationale cites as [@key] or [@key, §3.1]: replace [] by a list like this:
#  - key: li2025
#    author: Li Guanzheng
#    title: Research on …
#    year: 2025
#    section: "§3.1"
#    url: ""
---

## Changes

<!-- Numbered items (一、二、…) in the drafting language of the NPC's amendments, one item per article, e.g.

一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。

二、在刑法第二百五十三条之一后增加一条，作为第二百五十三条之二：“……。”

Further forms: 将刑法第X条修改为：“……” / 将刑法第X条第N款修改为：“……” / 删去刑法第X条第N款 /
在刑法第X条中增加一款作为第N款：“……”. New text is quoted, one paragraph per block. -->

## Changes (English, unofficial translation)

<!-- One numbered paragraph per item, in the same order: 1. Replace "…" with "…" in Article 253-1 … -->

## Rationale

<!-- One subsection per item, headed with its number, holding the reasons in Chinese and/or English (Markdown);
cite sources as [@key] or [@key, §3.1]:

### 一

#### zh

……

#### en

…
-->
"""


# --- text changes -------------------------------------------------------------------------------

_DMP = diff_match_patch()


@dataclass(frozen=True)
class TextChange:
    """The change one operation makes to one provision: its text before and after, and the patch between them.

    ``eid`` is the article (``art_253-1``), ``preamble``, or ``""`` for a renumbering of the whole text (which
    changes no text of its own). Texts are the provision's blocks joined by newlines (points with their （N）);
    ``before`` is ``""`` for a new article.
    """

    item: Item
    index: int
    eid: str
    before: str
    after: str
    patch: str


def _provision_of(op: Operation) -> str:
    """Return the eId of the provision an operation changes (see `TextChange.eid`)."""
    if op.kind is OpKind.RENUMBER_ALL:
        return ""
    if op.kind is OpKind.REPLACE_PREAMBLE:
        return "preamble"
    return numbering.ArticleNumber.parse(op.target).eid


def _text(statute: Statute, eid: str) -> str:
    """Return the text of a provision (see `TextChange`), ``""`` if there is none."""
    if eid == "preamble":
        return "\n".join(text_of(p) for p in statute.act.xpath("a:preamble/a:p", namespaces=NS))
    el = statute.find(eid) if eid else None
    return "" if el is None else "\n".join(Provision(el).lines())


def _apply_ops(statute: Statute, proposal: Proposal, item: Item, ops: Sequence[Operation]) -> None:
    """Apply operations of an item in place, as the item does; raise OperationError naming file, line and item."""
    try:
        apply_item(statute, replace(item, operations=tuple(ops)), Context(path=proposal.path))
    except OperationError as exc:
        raise OperationError(f"item {item.label}: {exc.message}", path=proposal.path, line=item.line) from None


def text_changes(proposal: Proposal, base: Statute) -> list[TextChange]:
    """Return the text change of every operation, in order, as applied to ``base`` (the version drafted against).

    Raise OperationError (file, line, item and provision) if an operation's precondition fails on ``base``.
    """
    out: list[TextChange] = []
    state = base
    for item in proposal.items:
        before_item = state
        for index, op in enumerate(item.operations):
            # Applying the item's first operations together keeps the item's numbering (原第N款) right.
            after = before_item.copy()
            _apply_ops(after, proposal, item, item.operations[:index + 1])
            eid = _provision_of(op)
            old, new = _text(state, eid), _text(after, eid)
            out.append(TextChange(item, index, eid, old, new, _DMP.patch_toText(_DMP.patch_make(old, new))))
            state = after
    return out


# --- applying ------------------------------------------------------------------------------------


def apply_proposal(proposal: Proposal, base: Statute) -> Statute:
    """Return a new statute: ``base`` (the version the proposal was drafted against) with every item applied.

    Every operation checks its precondition; a failure raises OperationError naming the proposal file, the item's
    line and label, and the provision. ``base`` is not modified.
    """
    result = base.copy()
    for item in proposal.items:
        _apply_ops(result, proposal, item, item.operations)
    return result


@dataclass(frozen=True)
class Conflict:
    """A change of a proposal that cannot be applied cleanly to the chosen version."""

    proposal: str
    path: str
    line: int
    item: str
    provision: str  # as the statute cites it: 第二百五十三条之一第一款
    expected: str  # the provision's text the proposal was drafted against ("" for a new provision)
    found: str  # the provision's text in the chosen version ("" where there is none)
    reason: str

    def format(self) -> str:
        """Return the conflict as one line: ``file:line: item 一, 第…条第一款: reason``."""
        return f"{self.path}:{self.line}: item {self.item}, {self.provision}: {self.reason}"


class RebaseConflict(PatchConflict):
    """A proposal's changes cannot all be applied cleanly to another version; ``conflicts`` says which."""

    def __init__(self, proposal: Proposal, conflicts: Sequence[Conflict]) -> None:
        self.conflicts = tuple(conflicts)
        first = self.conflicts[0]
        more = f" (and {len(self.conflicts) - 1} more)" if len(self.conflicts) > 1 else ""
        super().__init__(f"item {first.item}, {first.provision}: {first.reason}{more}", path=proposal.path,
                         line=first.line)


def _label(eid: str) -> str:
    """Return how the statute cites a provision eId (引言 for the preamble)."""
    return "引言" if eid == "preamble" else numbering.provision_label(eid) if eid else "全文"


def _line_eids(statute: Statute, eid: str) -> list[str]:
    """Return the eId of the paragraph or point behind each line of an article's `_text` ([] for no article)."""
    el = statute.find(eid) if eid.startswith("art_") else None
    if el is None:
        return []
    out = []
    for para in Provision(el).paragraphs():
        if para.own_text:
            out.append(para.eid)
        out.extend(point.eid for point in para.points())
    return out


def _provision_text(statute: Statute, eid: str) -> str:
    """Return the printed text of a paragraph or point (with its （N）), or of an article; "" if absent."""
    el = statute.find(eid)
    if el is None:
        return ""
    prov = Provision(el)
    if prov.kind == "point":
        return prov.num + prov.own_text
    if prov.kind == "paragraph":
        return prov.own_text
    return "\n".join(prov.lines())


class _Rebase:
    """Applies one proposal to another version, collecting conflicts (see the module docstring)."""

    def __init__(self, proposal: Proposal, base: Statute) -> None:
        self.proposal = proposal
        self.base = base
        self.changes = text_changes(proposal, base)
        self.conflicts: list[Conflict] = []

    @cached_property
    def drafted(self) -> dict[int, Statute]:
        """Return the version drafted against as each item (by number) found it, for conflicts' expected text."""
        out = {}
        state = self.base
        for item in self.proposal.items:
            out[item.number] = state
            state = state.copy()
            _apply_ops(state, self.proposal, item, item.operations)
        return out

    def run(self, onto: Statute) -> Statute:
        """Return ``onto`` with every item applied; raise RebaseConflict listing what does not apply."""
        result = onto
        for item in self.proposal.items:
            groups: dict[str, list[tuple[Operation, TextChange]]] = {}
            for op, change in zip(item.operations, [c for c in self.changes if c.item is item], strict=True):
                groups.setdefault(change.eid, []).append((op, change))
            before = len(self.conflicts)
            trial = result
            for eid, entries in groups.items():
                trial = self.group(trial, item, eid, entries)
            if len(self.conflicts) == before:
                result = trial
        if self.conflicts:
            raise RebaseConflict(self.proposal, self.conflicts)
        return result

    def group(self, statute: Statute, item: Item, eid: str, entries: list[tuple[Operation, TextChange]]) -> Statute:
        """Return the statute with an item's operations on one provision applied — as written, or from their
        patches (see the module docstring); record a conflict and return it unchanged if they do not apply."""
        ops = [op for op, _ in entries]
        drafted = entries[0][1].before
        found = _text(statute, eid)
        result = statute.copy()
        if (found == drafted or all(op.kind is OpKind.REPLACE_TERM for op in ops)
                or any(op.kind in (OpKind.INSERT_ARTICLE, OpKind.RENUMBER_ALL) for op in ops)):
            try:
                _apply_ops(result, self.proposal, item, ops)
            except OperationError as exc:
                self.operation_failed(statute, item, eid, ops, exc)
                return statute
            return result
        # Both the version's own changes and the proposal's touch this provision: they must not overlap.
        drafted_eids = _line_eids(self.drafted[item.number], eid)
        clashes = _clashes(drafted, found, entries[-1][1].after)
        for position in clashes:
            self.text_conflict(statute, item, eid, drafted, drafted_eids, position,
                               "this text has been changed since the proposal was drafted, and the proposal "
                               "changes it too")
        if clashes:
            return statute
        text = found
        failures = 0
        for n, (_, change) in enumerate(entries):
            text, failed = _apply_patch(change.patch, text)
            for position in failed:
                self.text_conflict(statute, item, eid, change.before, drafted_eids if n == 0 else [], position,
                                   "the text this change was drafted against is not there: it has changed since")
            failures += len(failed)
        if failures:
            return statute
        try:
            _apply_ops(result, self.proposal, item, [_restatement(eid, text)])
        except OperationError as exc:
            self.conflict(item, eid, drafted, found, _reason(exc, item))
            return statute
        return result

    def conflict(self, item: Item, eid: str, expected: str, found: str, reason: str) -> None:
        self.conflicts.append(Conflict(self.proposal.id, self.proposal.path, item.line, item.label, _label(eid),
                                       expected, found, reason))

    def operation_failed(self, statute: Statute, item: Item, eid: str, ops: list[Operation],
                         exc: OperationError) -> None:
        """Record an operation that failed as written; a missing term is placed in the paragraph that had it."""
        drafted = self.drafted[item.number]
        where, expected = eid, _text(drafted, eid)
        for op in ops:
            if op.kind is OpKind.REPLACE_TERM and op.old_term and op.old_term not in _text(statute, eid):
                lines = zip(_line_eids(drafted, eid), expected.split("\n"), strict=False)
                hits = [line_eid for line_eid, line in lines if op.old_term in line]
                if hits:
                    where, expected = hits[0], _provision_text(drafted, hits[0])
                break
        self.conflict(item, where, expected, _provision_text(statute, where), _reason(exc, item))

    def text_conflict(self, statute: Statute, item: Item, eid: str, before: str, line_eids: list[str],
                      position: int, reason: str) -> None:
        """Record a conflict at a position of a provision's drafted-against text: at its paragraph or point where
        ``line_eids`` (the eId of each line) says which it is, else at the whole provision."""
        line = before[:position].count("\n")
        where = line_eids[line] if line < len(line_eids) else eid
        expected = before.split("\n")[line] if where != eid else before
        self.conflict(item, where, expected, _provision_text(statute, where) if where != "preamble"
                      else _text(statute, where), reason)


def _reason(exc: OperationError, item: Item) -> str:
    """Return an error of `_apply_ops` without the item it names (a conflict names it)."""
    return exc.message.removeprefix(f"item {item.label}: ")


def _restatement(eid: str, text: str) -> Operation:
    """Return the operation that gives a provision the text a patch produced."""
    blocks = tuple(text.split("\n"))
    if eid == "preamble":
        return Operation(OpKind.REPLACE_PREAMBLE, "", new_text=blocks, source="(patched)")
    key = numbering.parse_eid(eid)[0]
    if blocks == (REMOVED,):
        return Operation(OpKind.DELETE_ARTICLE, key, source="(patched)")
    return Operation(OpKind.REPLACE_ARTICLE, key, new_text=blocks, source="(patched)")


def _edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """Return the edits turning old into new: (start, end) in old and the text put there."""
    diffs = _DMP.diff_main(old, new)
    _DMP.diff_cleanupSemantic(diffs)
    edits: list[tuple[int, int, str]] = []
    at = 0
    for op, data in diffs:
        if op == _DMP.DIFF_EQUAL:
            at += len(data)
            continue
        start, end, text = (edits.pop() if edits and edits[-1][1] == at and op == _DMP.DIFF_INSERT
                            else (at, at, ""))
        if op == _DMP.DIFF_DELETE:
            at += len(data)
            edits.append((start, at, text))
        else:
            edits.append((start, end, text + data))
    return edits


def _clashes(drafted: str, found: str, proposed: str) -> list[int]:
    """Return where (in the drafted-against text) the proposal edits text that the version found has edited
    differently: edits that overlap or touch, other than the very same edit made on both sides."""
    drift = _edits(drafted, found)
    return [start for start, end, text in _edits(drafted, proposed)
            if any(a <= end and start <= b and (a, b, t) != (start, end, text) for a, b, t in drift)]


def _edit_spans(diffs: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    """Return the spans of the old text that diffs change (an insertion is an empty span at its place)."""
    spans, i = [], 0
    for op, data in diffs:
        if op == _DMP.DIFF_INSERT:
            spans.append((i, i))
        else:
            if op == _DMP.DIFF_DELETE:
                spans.append((i, i + len(data)))
            i += len(data)
    return spans


def _nearest(text: str, pattern: str, loc: int) -> int | None:
    """Return the start of the exact occurrence of pattern nearest to loc, or None (also for an empty pattern)."""
    if not pattern:
        return None
    best = None
    i = text.find(pattern)
    while i != -1:
        if best is None or abs(i - loc) < abs(best - loc):
            best = i
        i = text.find(pattern, i + 1)
    return best


def _apply_patch(patch: str, text: str) -> tuple[str, list[int]]:
    """Return (the text with the patch applied, where in the patch's old text each hunk that does not apply
    makes its edit).

    Hunk by hunk as `diff_match_patch.patch_apply` does — an exact match nearest the expected place, else a fuzzy
    one — except that a hunk whose result is already there counts as applied, and a fuzzy match is refused when the
    differences from the expected text come within ``Patch_Margin`` characters of the hunk's own edit (dmp would
    splice the edit in regardless, and place an insertion after a paragraph another change put in the same place).
    """
    hunks = _DMP.patch_fromText(patch)
    _DMP.patch_splitMax(hunks)
    failed: list[int] = []
    delta = 0
    for hunk in hunks:
        expected = hunk.start2 + delta
        old, new = _DMP.diff_text1(hunk.diffs), _DMP.diff_text2(hunk.diffs)
        at_old, at_new = _nearest(text, old, expected), _nearest(text, new, expected)
        if at_new is not None and (at_old is None or abs(at_new - expected) < abs(at_old - expected)):
            delta = at_new - expected
            continue
        if at_old is not None:
            text = text[:at_old] + new + text[at_old + len(old):]
            delta = at_old - expected
            continue
        start = _DMP.match_main(text, old, expected) if len(old) <= _DMP.Match_MaxBits else -1
        drift = _DMP.diff_main(old, text[start:start + len(old)], False) if start != -1 else []
        _DMP.diff_cleanupSemanticLossless(drift)
        edits, drifts = _edit_spans(hunk.diffs), _edit_spans(drift)
        margin = _DMP.Patch_Margin
        if start == -1 or any(a - margin <= d and c <= b + margin for a, b in edits for c, d in drifts):
            failed.append(hunk.start1 + (edits[0][0] if edits else 0))
            delta -= hunk.length2 - hunk.length1
            continue
        delta = start - expected
        index = 0
        for op, data in hunk.diffs:
            at = start + _DMP.diff_xIndex(drift, index)
            if op == _DMP.DIFF_INSERT:
                text = text[:at] + data + text[at:]
            elif op == _DMP.DIFF_DELETE:
                text = text[:at] + text[start + _DMP.diff_xIndex(drift, index + len(data)):]
            if op != _DMP.DIFF_DELETE:
                index += len(data)
    return text, failed


def rebase(proposal: Proposal, onto: Statute, base: Statute) -> Statute:
    """Return ``onto`` — any version of the law — with the proposal applied; ``base`` is the version it was drafted
    against (`drafting_base`). Structural targets are found again in ``onto``, text changes to provisions that
    differ from ``base`` are applied from their patches (see the module docstring). Raise RebaseConflict listing
    every change that does not apply cleanly; nothing partial is returned, and neither statute is modified."""
    return _Rebase(proposal, base).run(onto)


def apply_all(proposals: Sequence[Proposal], base: Statute) -> Statute:
    """Return ``base`` with the proposals applied in order, each (drafted against ``base``) rebased onto the
    result of those before it; raise RebaseConflict for the first that does not apply cleanly."""
    result = base
    for proposal in proposals:
        result = rebase(proposal, result, base)
    return result


# --- the conflict matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """Two proposals applied one after the other, in both orders.

    ``forward`` is the error of applying ``first`` then ``second`` ("" when it applies), ``backward`` of the other
    order; ``differing`` the provisions whose text the two orders leave different.
    """

    first: str
    second: str
    shared: tuple[str, ...]
    forward: str
    backward: str
    differing: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """Return ``clean`` (both orders apply and agree), ``differ`` (both apply, results differ) or ``fail``."""
        if self.forward or self.backward:
            return "fail"
        return "differ" if self.differing else "clean"


@dataclass(frozen=True)
class Matrix:
    """How every pair of proposals composes (see `conflict_matrix`)."""

    proposals: tuple[str, ...]
    pairs: tuple[Pair, ...]

    def pair(self, a: str, b: str) -> Pair:
        """Return the pair of two proposals, in either order of naming."""
        for pair in self.pairs:
            if {pair.first, pair.second} == {a, b}:
                return pair
        raise KeyError(f"no pair {a} × {b} (proposals: {', '.join(self.proposals)})")


def _provisions(statute: Statute) -> dict[str, str]:
    """Return the text of every article (and the preamble) by eId."""
    out = {art.eid: "\n".join(art.lines()) for art in statute.articles()}
    out["preamble"] = _text(statute, "preamble")
    return out


def _sort_key(eid: str) -> tuple[int, int, str]:
    """Order eIds as the statute does (the preamble first)."""
    if not eid.startswith("art_"):
        return (0, 0, eid)
    number = numbering.ArticleNumber.parse(eid.split("__", 1)[0])
    return (number.base, number.sub, eid)


def _after(first: Statute | str, second: Proposal, base: Statute) -> Statute | str:
    """Return ``second`` rebased onto ``first`` — a statute, or the error that kept it from being made — or the
    error of doing so."""
    if isinstance(first, str):
        return first
    try:
        return rebase(second, first, base)
    except LawdiffError as exc:
        return exc.format()


def conflict_matrix(proposals: Sequence[Proposal], base: Statute,
                    cached: Callable[[Proposal, Proposal, Callable[[], Pair]], Pair] | None = None) -> Matrix:
    """Return, for every pair of proposals (all drafted against ``base``), the provisions both change and whether
    applying them in either order works and gives the same text.

    ``cached(a, b, make)``, when given, returns the pair of ``a`` and ``b`` — what ``make()`` works out, or what it
    worked out before for the same two proposals (a build's cache): a proposal is applied only for pairs made anew.
    """
    @functools.cache
    def alone(i: int) -> tuple[Statute | str, set[str]]:
        try:
            changes = text_changes(proposals[i], base)
            return apply_proposal(proposals[i], base), {c.eid for c in changes if c.eid and c.before != c.after}
        except LawdiffError as exc:
            return exc.format(), set()

    def pair(i: int, j: int) -> Pair:
        a, b = proposals[i], proposals[j]
        (first, touched_a), (second, touched_b) = alone(i), alone(j)
        forward, backward = _after(first, b, base), _after(second, a, base)
        differing: list[str] = []
        if isinstance(forward, Statute) and isinstance(backward, Statute):
            left, right = _provisions(forward), _provisions(backward)
            differing = sorted((eid for eid in left.keys() | right.keys() if left.get(eid) != right.get(eid)),
                               key=_sort_key)
        shared = sorted(touched_a & touched_b, key=_sort_key)
        return Pair(a.id, b.id, tuple(_label(e) for e in shared),
                    forward if isinstance(forward, str) else "", backward if isinstance(backward, str) else "",
                    tuple(_label(e) for e in differing))

    pairs = []
    for i, j in itertools.combinations(range(len(proposals)), 2):
        make = functools.partial(pair, i, j)
        pairs.append(cached(proposals[i], proposals[j], make) if cached else make())
    return Matrix(tuple(p.id for p in proposals), tuple(pairs))


def format_matrix(matrix: Matrix) -> str:
    """Return the matrix as a text table (one row per pair) followed by what went wrong for each pair."""
    rows = [("proposal A", "proposal B", "both change", "A then B", "B then A", "result")]
    for pair in matrix.pairs:
        rows.append((pair.first, pair.second, "、".join(pair.shared) or "—", "fails" if pair.forward else "applies",
                     "fails" if pair.backward else "applies", pair.status))
    widths = [max(_width(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (widths[k] - _width(cell)) for k, cell in enumerate(row)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = []
    for pair in matrix.pairs:
        if pair.status == "differ":
            notes.append(f"{pair.first} × {pair.second}: the two orders give different text in "
                         f"{'、'.join(pair.differing)}")
        for first, second, error in ((pair.first, pair.second, pair.forward), (pair.second, pair.first,
                                                                                pair.backward)):
            if error:
                notes.append(f"{first} then {second}: {error}")
    return "\n".join([*lines, "", *notes] if notes else lines) + "\n"


def _width(text: str) -> int:
    """Return the width of text in a terminal (CJK characters take two columns)."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


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


# --- other occurrences of a term -----------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a term in a statute: where, and the words around it."""

    law: str  # the work name (criminal-law)
    title: str  # the statute's title
    eid: str  # the paragraph or point ("" for the title)
    label: str  # as the statute cites it: 第二百五十三条之一第一款
    snippet: str


def term_impact(term: str, library: Library, exclude: Collection[tuple[str, str]] = (),
                context: int = 12) -> list[Occurrence]:
    """Return every occurrence of a term in the statutes of the library (their latest versions): in titles,
    paragraphs and points, in document order, each with ``context`` characters either side.

    ``exclude`` holds (law, article eId) pairs to leave out — the article a term replacement already changes.
    """
    out: list[Occurrence] = []
    for statute, texts in library.provision_texts:
        if term in statute.title:
            out.extend(Occurrence(statute.name, statute.title, "", "标题", s)
                       for s in _snippets(statute.title, term, context))
        for prov, text in texts:
            if term not in text or (statute.name, prov.eid.split("__", 1)[0]) in exclude:
                continue
            out.extend(Occurrence(statute.name, statute.title, prov.eid, prov.label, s)
                       for s in _snippets(text, term, context))
    return out


def _snippets(text: str, term: str, context: int) -> list[str]:
    """Return the term with ``context`` characters either side, for each occurrence (… where cut)."""
    out = []
    at = text.find(term)
    while at != -1:
        start, end = max(0, at - context), min(len(text), at + len(term) + context)
        out.append(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
        at = text.find(term, at + len(term))
    return out


# --- proposals in a project ----------------------------------------------------------------------


def drafting_base(proposal: Proposal, library: Library) -> Statute:
    """Return the version of the law the proposal was drafted against; a base that names nothing is reported at the
    proposal's base line, a statute that cannot be read at its own file and line."""
    try:
        return library.resolve(proposal.base)
    except UnknownReference as exc:
        raise UnknownReference(f"base {proposal.base}: {exc.message}", path=proposal.path,
                               line=proposal.lines.get("base")) from None


def _library_proposal(library: Library, proposal_id: str) -> Proposal:
    """Return the proposal ``proposals/<id>.md`` of the library's project; UnknownReference if there is none."""
    folder = library.root / "proposals"
    path = folder / f"{proposal_id}.md"
    if not _ID.match(proposal_id) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.md"))) or "none"
        raise UnknownReference(f"no proposal {proposal_id!r} (known: {known})", path=str(folder))
    return load_proposal(path)


def resolve_proposal(library: Library, proposal_id: str) -> Statute:
    """Return the law as the proposal ``proposals/<id>.md`` of the library's project would make it: its base
    with the proposal applied."""
    proposal = _library_proposal(library, proposal_id)
    return apply_proposal(proposal, drafting_base(proposal, library))


def rationale_notes(library: Library, proposal_id: str) -> dict[str, str]:
    """Return the rationale (Chinese, else English Markdown) of a proposal's items by the eId of each article
    they change — the 说明 column of a 修改前后对照表; an article several items change gets each in turn."""
    return proposal_notes(_library_proposal(library, proposal_id))


def proposal_notes(proposal: Proposal) -> dict[str, str]:
    """Return the 说明 column of a proposal read already (see `rationale_notes`)."""
    notes: dict[str, list[str]] = {}
    for item, rationale in zip(proposal.items, proposal.rationale, strict=True):
        for eid in dict.fromkeys(_provision_of(op) for op in item.operations):
            if eid:
                notes.setdefault(eid, []).append(rationale.zh or rationale.en)
    return {eid: "\n\n".join(texts) for eid, texts in notes.items()}
