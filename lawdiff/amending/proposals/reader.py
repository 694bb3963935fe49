"""Reading ``proposals/<id>.md``: front matter, changes, English, rationale; the template of a new one."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from lawdiff.akn.numbering import NUMERAL, ArticleNumber, parse_chinese
from lawdiff.amending.proposals.model import (
    AUTHORS,
    CITATION_GROUP,
    CITATION_KEY,
    EDITORS,
    PROPOSAL_ID,
    STATUSES,
    WORK_ORIGIN,
    Origin,
    Proposal,
    ProposedArticle,
    ProposedCharge,
    Rationale,
    Source,
    Title,
    is_commencement,
)
from lawdiff.amending.proposals.proposed import english_item, parse_proposed
from lawdiff.errors import LawdiffError, ParseError
from lawdiff.files import read_text
from lawdiff.importing.instructions import parse_instructions
from lawdiff.importing.instrument import Item, short_title

#: Looks up the title of a law by its name in references (``personal-information-protection-law``), None if unknown.
LawTitles = Callable[[str], "str | None"]
#: Drafts the change items of a proposal that gives only its ``## Proposed text``: (its base reference, the articles
#: proposed) → the items' blocks in the drafting language (一、…), as `lawdiff.diffing.redraft` writes them.
Drafter = Callable[[str, "tuple[ProposedArticle, ...]"], "list[str]"]
SECTIONS = ("Proposed text", "Changes", "Changes (English, unofficial translation)", "Rationale")
#: The sections a proposal may leave out: its changes, where its proposed text gives them (lawdiff drafts them),
#: and then their English (lawdiff words the drafted items); or its proposed text.
OPTIONAL = ("Proposed text", "Changes", "Changes (English, unofficial translation)")
LANGUAGES = ("zh", "en")
FIELDS = ("id", "title", "authors", "date", "status", "base", "sources", "proposed_by", "charges")
#: The fields a proposal may leave out: the charge names it proposes (most proposals propose none).
OPTIONAL_FIELDS = ("charges",)
SOURCE_FIELDS = ("key", "author", "title", "year", "section", "url")
_REQUIRED_SOURCE_FIELDS = ("key", "author", "title", "year")

#: The key under which `Proposal.lines` gives the line of each section's heading.
_SECTION_KEYS = dict(zip(SECTIONS, ("proposed_text", "changes", "english", "rationale"), strict=True))
_BASE = re.compile(r"^(?P<law>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<date>\d{4}-\d{2}-\d{2})$")
#: A source's address as the site links it: the web only (not javascript:, data:, file: …).
#: A provision a proposed charge name belongs to: an article (第二百五十三条之二, 253-2), a paragraph after it
#: (第二百五十三条之一第一款, 253-1 第一款).
_CHARGE_PROVISION = re.compile(rf"^(?P<article>.+?)\s*(?:第(?P<para>{NUMERAL}|\d+)款)?$")
#: A charge name: Chinese words (with 、 between them) ending in 罪, as the SPC and SPP write them.
_CHARGE_NAME = re.compile(r"^[\u3400-\u9fff、]{1,40}罪$")
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^(#{2,4}) +(.*?)\s*$")
_ENGLISH_ITEM = re.compile(r"^(\d+)\.\s+")


# --- reading a proposal file -------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True)
class _Block:
    line: int
    text: str


def declared_status(path: str | Path) -> str | None:
    """Return the status a proposal file declares in its front matter (``draft`` …), read leniently — None when the
    file or its front matter cannot be read that far."""
    try:
        lines = read_text(path).replace("\r\n", "\n").split("\n")
    except ParseError:
        return None
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return None
    status = data.get("status") if isinstance(data, dict) else None
    return status if isinstance(status, str) else None


def load_proposal(path: str | Path, titles: LawTitles | None = None, draft: Drafter | None = None) -> Proposal:
    """Return the proposal stored at ``path``; raise ParseError naming the file and line of any mistake.

    Its changes are written in the style of the law it amends (`lawdiff.importing.styles`) and may name that law by
    its own title or short title (个人信息保护法, 刑法), 本法, or — a decision — not at all: ``titles`` gives the title
    of the base law; without it, the changes may name one law, whichever they name first. A proposal that gives
    only its ``## Proposed text`` has its changes drafted by ``draft`` (without it, that is an error)."""
    p = Path(path)
    return read_proposal(read_text(p), str(p), titles, draft)


def read_proposal(text: str, path: str, titles: LawTitles | None = None, draft: Drafter | None = None) -> Proposal:
    """Return the proposal a text holds, as if read from ``path`` (its id must be the file name's stem): see
    `load_proposal`."""
    return _Reader(text.replace("\r\n", "\n"), path, Path(path).stem, titles, draft).read()


class _Reader:
    """Reads one proposal file: the front matter, then the sections."""

    def __init__(self, text: str, path: str, stem: str, titles: LawTitles | None = None,
                 draft: Drafter | None = None) -> None:
        self.text = text
        self.path = path
        self.stem = stem
        self.titles = titles
        self.draft = draft
        self.law_names: tuple[str, ...] | None = None
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
        law_title = self.titles(base.split("@", 1)[0]) if self.titles else None
        self.law_names = (short_title(law_title), "本法") if law_title else None
        body = _without_comments("\n".join(lines[end + 1:]), self.path, end + 2)
        sections = self._sections([_Line(n, t) for n, t in enumerate(body.split("\n"), start=end + 2)], len(lines))
        proposed = self._proposed(sections.get("Proposed text"))
        drafted = "Changes" not in sections
        items = self._drafted(base, proposed, sections["Proposed text"][0]) if drafted else \
            self._items(sections["Changes"])
        english_section = sections.get("Changes (English, unofficial translation)")
        english = self._english(english_section, items) if english_section else tuple(map(english_item, items))
        general, rationale = self._rationale(sections["Rationale"][1], items)
        self._check_citations(sections["Rationale"][1], {s.key for s in sources})
        if drafted and isinstance(data["proposed_by"], dict):
            raise self.error("proposed_by names items, but lawdiff drafts the items of this proposal from its ## "
                             "Proposed text: say whose the whole proposal is (e.g. proposed_by: authors)",
                             self.field_lines["proposed_by"])
        origins = self._origins(data["proposed_by"], items, {s.key for s in sources})
        charges = self._charges(data.get("charges"))
        return Proposal(id=str(data["id"]), title=title, authors=authors, date=date, status=status, base=base,
                        sources=sources, items=items, english=english, rationale=rationale, origins=origins,
                        path=self.path, lines=dict(self.field_lines), proposed=proposed, drafted=drafted,
                        general=general, charges=charges)

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
        missing = [key for key in FIELDS if key not in data and key not in OPTIONAL_FIELDS]
        if missing:
            raise self.error(f"missing field(s) {', '.join(missing)} in the front matter", 1)
        if data["id"] != self.stem:
            raise self.error(f"id {data['id']!r} differs from the file name (expected id: {self.stem})",
                             self.field_lines["id"])
        if not isinstance(data["id"], str) or not PROPOSAL_ID.match(data["id"]):
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
            url = str(entry.get("url") or "")
            if url and not _WEB_ADDRESS.match(url):
                raise self.error(f"source {entry['key']!r}: url {url!r} is not a web address (expected http:// or "
                                 "https://…)", self.field_lines.get(f"sources.{i}.url", line))
            out.append(Source(str(entry["key"]), str(entry["author"]), str(entry["title"]), entry["year"],
                              str(entry.get("section") or ""), str(entry.get("url") or "")))
        return tuple(out)

    def _charges(self, value: object) -> tuple[ProposedCharge, ...]:
        """Return the charge names proposed (``charges:``): a mapping from a provision (第二百五十三条之二, 253-2,
        第二百五十三条之一第一款) to a name or a list of names, each ending in 罪. Whether the proposal creates or
        changes each provision is checked where it is applied (`apply_proposal`)."""
        if value is None:
            return ()
        line = self.field_lines["charges"]
        if not isinstance(value, dict) or not value:
            raise self.error("charges must map a provision to its proposed charge name, e.g. "
                             "charges: {第二百五十三条之二: 非法使用个人信息罪}", line)
        out: list[ProposedCharge] = []
        for key, names in value.items():
            where = self.field_lines.get(f"charges.{key}", line)
            m = _CHARGE_PROVISION.match(str(key).strip())
            try:
                article = ArticleNumber.parse(m["article"]).key if m else ""
            except LawdiffError:
                article = ""
            if not article or not m:
                raise self.error(f"charges: {key!r} is not a provision (expected an article such as 第二百五十三条之二 "
                                 "or 253-2, or a paragraph such as 第二百五十三条之一第一款)", where)
            para = m["para"]
            paragraph = None if para is None else int(para) if para.isdigit() else parse_chinese(para)
            listed = names if isinstance(names, list) else [names]
            if not listed:
                raise self.error(f"charges: {key} names no charge", where)
            for name in listed:
                if not isinstance(name, str) or not _CHARGE_NAME.match(name.strip()):
                    raise self.error(f"charges: {key}: {name!r} is not a charge name (expected Chinese words ending "
                                     "in 罪, e.g. 非法使用个人信息罪)", where)
            charge = ProposedCharge(article, paragraph, tuple(dict.fromkeys(n.strip() for n in listed)), where)
            if any((c.article, c.paragraph) == (charge.article, charge.paragraph) for c in out):
                raise self.error(f"charges: {charge.label} is given twice", where)
            out.append(charge)
        return tuple(out)

    def _origins(self, value: object, items: tuple[Item, ...], keys: set[str]) -> tuple[tuple[Origin, ...], ...]:
        """Return whose proposal each item is, from ``proposed_by``: one value or a list of them for the whole
        proposal, or a mapping from item labels to values when the items differ. A value is ``editors`` (lawdiff's
        editors' own proposal) or a source key and the section that makes the proposal (``li2025 §4.1``). Every
        change item is attributed; the commencement item needs no attribution."""
        line = self.field_lines["proposed_by"]
        changes = [item for item in items if not is_commencement(item)]
        if isinstance(value, dict):
            labels = [item.label for item in items]
            for label in value:
                if str(label) not in labels:
                    raise self.error(f"proposed_by names item {label}, but ## Changes has no item {label} (items: "
                                     f"{'、'.join(labels)})", self.field_lines.get(f"proposed_by.{label}", line))
            for item in changes:
                if item.label not in value:
                    raise self.error(f"proposed_by does not say whose proposal item {item.label} is (expected "
                                     f"{item.label}: editors or {item.label}: KEY §SECTION)", line)
            by_item = {item.label: self._origin_list(value.get(item.label), f"proposed_by.{item.label}", keys)
                       for item in items if item.label in value}
        else:
            whole = self._origin_list(value, "proposed_by", keys)
            by_item = {item.label: whole for item in changes}
        return tuple(by_item.get(item.label, ()) for item in items)

    def _origin_list(self, value: object, name: str, keys: set[str]) -> tuple[Origin, ...]:
        values = value if isinstance(value, list) else [value]
        if not values:
            raise self.error(f"{name} is empty (expected editors or KEY §SECTION, e.g. li2025 §4.1)",
                             self.field_lines.get(name))
        out: list[Origin] = []
        for i, entry in enumerate(values):
            line = self.field_lines.get(f"{name}.{i}", self.field_lines.get(name))
            m = WORK_ORIGIN.match(entry) if isinstance(entry, str) else None
            if entry == EDITORS:
                out.append(Origin())
            elif entry == AUTHORS:
                out.append(Origin(by_authors=True))
            elif m and m["key"] in keys:
                out.append(Origin(m["key"], m["section"]))
            elif m:
                raise self.error(f"{name}: {entry!r} names no source (sources: {', '.join(sorted(keys)) or 'none'})",
                                 line)
            else:
                raise self.error(f"{name}: {entry!r} is neither {EDITORS}, {AUTHORS} nor a source key with the "
                                 "section that makes the proposal (e.g. li2025 §4.1)", line)
        return tuple(dict.fromkeys(out))

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
                self.field_lines[_SECTION_KEYS[name]] = line.number
            elif current is not None:
                current.append(line)
            elif line.text.strip():
                raise self.error("text before the first section (expected ## Changes)", line.number)
        for name in SECTIONS:
            if name in sections or name == "Proposed text":
                continue
            if name in OPTIONAL and "Proposed text" in sections:
                continue  # drafted from the proposed text, or translated by lawdiff
            raise self.error(f"missing section ## {name}" + (" (or ## Proposed text, the text as it should read)"
                                                             if name == "Changes" else ""), last_line)
        return sections

    def _proposed(self, section: tuple[int, list[_Line]] | None) -> tuple[ProposedArticle, ...]:
        """Return the articles of ``## Proposed text`` (none when the proposal has no such section)."""
        if section is None:
            return ()
        heading, lines = section
        articles = parse_proposed([(line.number, line.text) for line in lines], self.path)
        if not articles:
            raise self.error("## Proposed text holds no article (expected 第X条 … as the law should read)", heading)
        return articles

    def _drafted(self, base: str, proposed: tuple[ProposedArticle, ...], heading: int) -> tuple[Item, ...]:
        """Return the items lawdiff drafts from the proposed text (the file has no ``## Changes``), each at the line
        of ``## Proposed text``."""
        if self.draft is None:
            raise self.error("no ## Changes: lawdiff drafts them from ## Proposed text against the base, which "
                             "needs the project's statutes (run lawdiff in the project, or lawdiff draft "
                             f"proposal:{self.stem} --write)", heading)
        blocks = self.draft(base, proposed)
        if not blocks:
            raise self.error("## Proposed text changes nothing: every article reads as in the base text", heading)
        items = parse_instructions(blocks, self.path, heading, self.law_names)
        return tuple(replace(item, line=heading) for item in items)

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
            items = parse_instructions([b.text for b in blocks], self.path, blocks[0].line, self.law_names)
        except ParseError as exc:
            raise self.error(exc.message, virtual.get(exc.line or 0, exc.line)) from None
        if not items:
            raise self.error("## Changes holds no change items (expected 一、将刑法…)", heading)
        if items[0].line != blocks[0].line:
            raise self.error("text before the first change item (explanations belong in ## Rationale)",
                             blocks[0].line)
        for n, item in enumerate(items, 1):
            line = virtual.get(item.line, item.line)
            if not item.label:
                raise self.error("number the change items (一、…), so that each can have its rationale", line)
            if not item.operations and not is_commencement(item):
                raise self.error(f"item {item.label} changes nothing (expected an instruction, or 本修正案自……起施行。 "
                                 "as the last item)", line)
            if is_commencement(item) and n != len(items):
                raise self.error(f"item {item.label}: the commencement item (本修正案自……起施行。) must be the last "
                                 "item", line)
        return tuple(replace(item, line=virtual.get(item.line, item.line)) for item in items)

    def _english(self, section: tuple[int, list[_Line]], items: tuple[Item, ...]) -> tuple[str, ...]:
        """Return the English of each item, from ``## Changes (English, unofficial translation)``."""
        heading, lines = section
        texts: list[list[str]] = []
        for block in _blocks(lines):
            for offset, text in _numbered_lines(block.text, len(texts) + 1):
                m = _ENGLISH_ITEM.match(text)
                if m and int(m.group(1)) == len(texts) + 1:
                    texts.append([text[m.end():]])
                elif texts:
                    texts[-1].append(text)
                else:
                    raise self.error("the English translation must start with item 1. (numbered 1. 2. …)",
                                     block.line + offset)
        if len(texts) != len(items):
            raise self.error(f"the English translation has {len(texts)} item(s) but ## Changes has {len(items)}",
                             heading)
        return tuple("\n\n".join(text) for text in texts)

    def _rationale(self, lines: list[_Line], items: tuple[Item, ...]) -> tuple[Rationale | None, tuple[Rationale, ...]]:
        """Return the rationale given for the whole proposal (``#### zh`` / ``#### en`` before any ``### 一``; None
        if there is none) and each item's: its own, or — for the first item without one — the whole proposal's."""
        found: dict[str, tuple[int, dict[str, list[_Line]]]] = {}
        whole: dict[str, list[_Line]] = {}
        subsection: dict[str, list[_Line]] | None = None
        language: list[_Line] | None = None
        labels = [item.label for item in items]
        for line in lines:
            m = _HEADING.match(line.text)
            level = len(m.group(1)) if m else 0
            if level == 4 and subsection is None and not found:
                lang = m.group(2) if m else ""
                if lang not in LANGUAGES or lang in whole:
                    raise self.error(f"unexpected #### {lang} (expected #### zh and/or #### en, once each)",
                                     line.number)
                language = whole[lang] = []
            elif level == 3:
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
        general = Rationale(*(_markdown(whole.get(lang, [])) for lang in LANGUAGES)) if whole else None
        if whole and general is not None and not general.zh and not general.en:
            raise self.error("the rationale for the whole proposal is empty", lines[0].number if lines else None)
        out = []
        pending = general  # shown with the first item that has no reasons of its own
        for item in items:
            if item.label not in found and is_commencement(item):
                out.append(Rationale("", ""))  # the commencement item needs no reasons; it may have some
                continue
            if item.label not in found and general is not None:
                out.append(pending or Rationale("", ""))
                pending = None
                continue
            if item.label not in found:
                raise self.error(f"item {item.label} has no rationale (expected ### {item.label} with #### zh and/or"
                                 " #### en under ## Rationale, or reasons for the whole proposal under #### zh / "
                                 "#### en before the first ###)", item.line)
            heading, texts = found[item.label]
            rationale = Rationale(*(_markdown(texts.get(lang, [])) for lang in LANGUAGES))
            if not rationale.zh and not rationale.en:
                raise self.error(f"the rationale for item {item.label} is empty", heading)
            out.append(rationale)
        return general, tuple(out)

    def _check_citations(self, lines: list[_Line], keys: set[str]) -> None:
        for line in lines:
            for group in CITATION_GROUP.findall(line.text):
                for key in CITATION_KEY.findall(group):
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


def _numbered_lines(text: str, first: int) -> list[tuple[int, str]]:
    """Return a block cut where a line opens the next numbered item (a Markdown list ``1. …`` / ``2. …`` written on
    consecutive lines), as (line offset, text) pieces."""
    pieces: list[tuple[int, list[str]]] = []
    expected = first
    for offset, line in enumerate(text.split("\n")):
        m = _ENGLISH_ITEM.match(line)
        if m and int(m.group(1)) == expected and (pieces or offset == 0):
            pieces.append((offset, [line]))
            expected += 1
        elif pieces:
            pieces[-1][1].append(line)
        else:
            pieces.append((offset, [line]))
    return [(offset, "\n".join(lines)) for offset, lines in pieces]


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
    if not PROPOSAL_ID.match(proposal_id):
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
proposed_by: editors  # whose proposal this is: editors (lawdiff's editors' own), or a source and the section that
# makes it (li2025 §4.1), or a list of both; per item when items differ:  proposed_by: {{一: li2025 §4.1, 二: editors}}
# charges:  # optional: the charge name (罪名) proposed for a provision the proposal creates or changes, e.g.
#   第二百五十三条之二: 非法使用个人信息罪
---

## Changes

<!-- Numbered items (一、二、…) in the drafting language of the NPC's amendments, one item per article, e.g.

一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。

二、在刑法第二百五十三条之一后增加一条，作为第二百五十三条之二：“……。”

Further forms: 将刑法第X条修改为：“……” / 将刑法第X条第N款修改为：“……” / 删去刑法第X条第N款 /
在刑法第X条中增加一款作为第N款：“……”. New text is quoted, one paragraph per block.

End, as every amendment does, with the commencement item: N、本修正案自公布之日起施行。 (or 自2027年1月1日起施行。).
It needs a translation but no rationale. -->

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


