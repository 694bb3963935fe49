r"""An amending instrument as data: its items, and the operations each item makes (a closed set of kinds).

An omnibus decision amends several documents: its items come in `Section`\ s, each headed by the title of the
document it amends (一、修改《…》); `Instrument.for_document` returns the instrument as it amends one of them.

`lawdiff.importing.instructions` reads these from the drafting language, `lawdiff.importing.instrument_xml` stores
them as AKN, `lawdiff.amending.operations` applies them and `lawdiff.amending.timeline` inverts them.

>>> op = Operation(OpKind.INSERT_ARTICLE, "253", new_article="253-1", new_text=("……",))
>>> op.target, op.kind.akn_type, op.kind.whole_article
('253-1', 'insertion', True)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from lawdiff.errors import LawdiffError


class OpKind(StrEnum):
    """What an operation does; the value is the name stored in AKN (``ld:kind``) and in messages."""

    REPLACE_ARTICLE = "replace_article"
    REPLACE_PARAGRAPHS = "replace_paragraphs"
    REPLACE_POINT = "replace_point"
    INSERT_ARTICLE = "insert_article"
    INSERT_PARAGRAPHS = "insert_paragraphs"
    INSERT_POINT = "insert_point"
    DELETE_ARTICLE = "delete_article"
    DELETE_PARAGRAPHS = "delete_paragraphs"
    DELETE_POINT = "delete_point"
    RENUMBER_PARAGRAPH = "renumber_paragraph"
    RENUMBER_POINT = "renumber_point"
    REPLACE_TERM = "replace_term"
    REPLACE_PREAMBLE = "replace_preamble"
    DELETE_PREAMBLE = "delete_preamble"
    REPLACE_TITLE = "replace_title"
    RENUMBER_ARTICLE = "renumber_article"
    REPLACE_HEADING = "replace_heading"
    INSERT_HEADING = "insert_heading"
    DELETE_HEADING = "delete_heading"
    RENUMBER_ALL = "renumber_all"

    @property
    def akn_type(self) -> str:
        """Return the AKN ``textualMod/@type`` of the kind: substitution, insertion, repeal or renumbering."""
        return _AKN_TYPES[self]

    @property
    def whole_article(self) -> bool:
        """Return whether the kind sets, adds or removes a whole article."""
        return self in (OpKind.REPLACE_ARTICLE, OpKind.INSERT_ARTICLE, OpKind.DELETE_ARTICLE)

    @property
    def on_points(self) -> bool:
        """Return whether the kind works on the points (项) of a paragraph."""
        return self in (OpKind.REPLACE_POINT, OpKind.INSERT_POINT, OpKind.DELETE_POINT, OpKind.RENUMBER_POINT)

    @property
    def on_whole_law(self) -> bool:
        """Return whether the kind changes the law rather than one article (the title, the preamble, the headings,
        the numbering)."""
        return self in (OpKind.REPLACE_PREAMBLE, OpKind.DELETE_PREAMBLE, OpKind.REPLACE_TITLE, OpKind.RENUMBER_ALL,
                        *HEADING_KINDS)


_AKN_TYPES = {
    OpKind.REPLACE_ARTICLE: "substitution", OpKind.REPLACE_PARAGRAPHS: "substitution",
    OpKind.REPLACE_POINT: "substitution", OpKind.REPLACE_TERM: "substitution", OpKind.REPLACE_PREAMBLE: "substitution",
    OpKind.INSERT_ARTICLE: "insertion", OpKind.INSERT_PARAGRAPHS: "insertion", OpKind.INSERT_POINT: "insertion",
    OpKind.DELETE_ARTICLE: "repeal", OpKind.DELETE_PARAGRAPHS: "repeal", OpKind.DELETE_POINT: "repeal",
    OpKind.RENUMBER_PARAGRAPH: "renumbering", OpKind.RENUMBER_POINT: "renumbering", OpKind.RENUMBER_ALL: "renumbering",
    OpKind.DELETE_PREAMBLE: "repeal", OpKind.REPLACE_TITLE: "substitution", OpKind.RENUMBER_ARTICLE: "renumbering",
    OpKind.REPLACE_HEADING: "substitution", OpKind.INSERT_HEADING: "insertion", OpKind.DELETE_HEADING: "repeal",
}
#: The kinds that change the headings of the law (编, 分编, 章, 节 and headings without a number).
HEADING_KINDS = (OpKind.REPLACE_HEADING, OpKind.INSERT_HEADING, OpKind.DELETE_HEADING)


@dataclass(frozen=True)
class Operation:
    """One change an instruction makes to the amended law.

    ``article`` is the article key (``253-1``) as numbered before the instrument; for ``insert_article`` it is the
    article the new one follows (for several new articles, each follows the one before; ``""`` when the
    instruction names none), ``""`` for the kinds on the whole law. ``new_article`` is the new article's key
    (``insert_article``): ``253-1`` (之N) is placed at once; a plain number (``58``) is the number it has in the
    text as renumbered at the end of the instrument (增加一条，作为第五十八条). ``new_number`` the number a renumbered
    paragraph, point or article takes (原第三款作为第四款: 4; 将第十条改为第十一条: 11). ``within`` is the heading a
    new article goes under (在第三章中增加一条: ``chp_3``). ``new_text`` holds blocks as a consolidated statute prints
    them.

    The headings: ``article`` names the heading by its eId before the instrument (``chp_2__sec_1``; ``""`` with the
    heading's words in ``old_term`` for a heading without a number); ``new_text`` is the new heading and the lines
    printed under it; an inserted heading stands before the article numbered ``new_article`` once renumbered.
    """

    kind: OpKind
    article: str
    paragraphs: tuple[int, ...] = ()
    point: int | None = None
    new_article: str | None = None
    new_text: tuple[str, ...] = ()
    old_term: str | None = None
    new_term: str | None = None
    source: str = ""
    new_number: int | None = None
    within: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", OpKind(self.kind))  # a kind given by its name is checked here

    @property
    def target(self) -> str:
        """Return the key of the article the operation changes: the new article's for an insertion ("" for the
        kinds on the whole law)."""
        return (self.new_article or "") if self.kind is OpKind.INSERT_ARTICLE else self.article


@dataclass(frozen=True)
class Item:
    """One numbered item of an instrument: its text verbatim and the operations it makes.

    ``prefix`` is the numbering exactly as written (``七、``, ``1．``, ``""`` when unnumbered), so that
    ``prefix + blocks[0]`` is the item's first source line.
    """

    number: int
    label: str
    blocks: tuple[str, ...]
    operations: tuple[Operation, ...]
    line: int
    prefix: str = ""


@dataclass(frozen=True)
class Section:
    """One section of an omnibus decision: the heading naming the document it amends, then its items.

    ``heading`` is the heading as written, numbering included (``一、修改《…》``; ``""`` for the items of a decision
    that names the law in each item instead); ``target`` the title of the amended document as named there.
    """

    heading: str
    target: str
    line: int
    items: tuple[Item, ...]
    preamble: tuple[str, ...] = ()  # blocks between the heading and the first item


@dataclass(frozen=True)
class Instrument:
    """An amending instrument read from national-database Markdown.

    ``target`` is the short name of the document it amends (刑法; ``""`` when it amends several). An omnibus decision
    keeps its items in ``sections``; its ``items`` are then the closing sentences after the last section.
    """

    title: str
    header: tuple[str, ...]
    adopted: datetime.date | None
    preamble: tuple[str, ...]
    items: tuple[Item, ...]
    in_force: datetime.date | None
    in_force_text: str
    target: str
    sections: tuple[Section, ...] = ()

    @property
    def date(self) -> datetime.date | None:
        """Return the date the instrument is identified by: its adoption, its entry into force, or (a draft, neither
        adopted nor in force) the first date of its header."""
        if self.adopted or self.in_force:
            return self.adopted or self.in_force
        for line in self.header:
            m = _HEADER_DATE.match(line)
            if m:
                try:
                    return datetime.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    continue
        return None

    @property
    def targets(self) -> tuple[str, ...]:
        """Return the titles of the documents the instrument amends, as it names them."""
        if not self.sections:
            return (self.target,) if self.target else ()
        return tuple(dict.fromkeys(section.target for section in self.sections))

    def for_document(self, title: str) -> Instrument:
        """Return the instrument as it amends the document titled ``title``: for an omnibus decision, the items of
        the sections naming it and the closing sentences that concern it (naming it or no document).

        Raise LawdiffError, listing the documents amended, if the decision amends no document of that title.
        """
        if not self.sections:
            return self
        wanted = [s for s in self.sections if same_document(s.target, title)]
        if not wanted:
            named = "、".join(f"《{t}》" for t in self.targets)
            raise LawdiffError(f"《{self.title}》 does not amend 《{title}》: it amends {named}")
        items = [item for section in wanted for item in section.items]
        for item in self.items:
            laws = {short_title(t) for t in _NAMED.findall(" ".join(item.blocks))}
            if not laws or short_title(title) in laws:
                items.append(item if item.label else replace(item, number=len(items) + 1))
        headings = tuple(s.heading for s in wanted[:1] if s.heading)
        return replace(self, preamble=self.preamble + headings, items=tuple(items),
                       target=short_title(wanted[0].target), sections=())


_NAMED = re.compile(r"《([^》]+)》")
_HEADER_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日")


def short_title(title: str) -> str:
    """Return a document's title as cited in instructions: 《中华人民共和国刑法》 → 刑法; 〈〉 and <> (a title
    nested in another's) read as 《》.

    >>> short_title("《中华人民共和国刑法》"), short_title("关于修改〈中华人民共和国立法法〉的决定")
    ('刑法', '关于修改《中华人民共和国立法法》的决定')
    """
    title = title.strip().translate(_NESTED_TITLE)
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]
    return title.removeprefix("中华人民共和国").strip()


_NESTED_TITLE = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》"})


def same_document(a: str, b: str) -> bool:
    """Return whether two titles name the same document (with or without 中华人民共和国, 《》 or 〈〉)."""
    return short_title(a) == short_title(b)
