"""An amending instrument as data: its items, and the operations each item makes (a closed set of kinds).

`lawdiff.importing.instructions` reads these from the drafting language, `lawdiff.importing.instrument_xml` stores
them as AKN, `lawdiff.amending.operations` applies them and `lawdiff.amending.timeline` inverts them.

>>> op = Operation(OpKind.INSERT_ARTICLE, "253", new_article="253-1", new_text=("……",))
>>> op.target, op.kind.akn_type, op.kind.whole_article
('253-1', 'insertion', True)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum


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
        """Return whether the kind changes the law rather than one article (the preamble, the numbering)."""
        return self in (OpKind.REPLACE_PREAMBLE, OpKind.RENUMBER_ALL)


_AKN_TYPES = {
    OpKind.REPLACE_ARTICLE: "substitution", OpKind.REPLACE_PARAGRAPHS: "substitution",
    OpKind.REPLACE_POINT: "substitution", OpKind.REPLACE_TERM: "substitution", OpKind.REPLACE_PREAMBLE: "substitution",
    OpKind.INSERT_ARTICLE: "insertion", OpKind.INSERT_PARAGRAPHS: "insertion", OpKind.INSERT_POINT: "insertion",
    OpKind.DELETE_ARTICLE: "repeal", OpKind.DELETE_PARAGRAPHS: "repeal", OpKind.DELETE_POINT: "repeal",
    OpKind.RENUMBER_PARAGRAPH: "renumbering", OpKind.RENUMBER_POINT: "renumbering", OpKind.RENUMBER_ALL: "renumbering",
}


@dataclass(frozen=True)
class Operation:
    """One change an instruction makes to the amended law.

    ``article`` is the article key (``253-1``); for ``insert_article`` it is the article the new one follows (for
    several new articles, each follows the one before), ``""`` for the kinds on the whole law. ``new_article`` is
    the new article's key (``insert_article``); ``new_number`` the number a renumbered paragraph or point takes
    (原第三款作为第四款: 4). ``new_text`` holds blocks as a consolidated statute prints them.
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
class Instrument:
    """An amending instrument read from national-database Markdown."""

    title: str
    header: tuple[str, ...]
    adopted: datetime.date | None
    preamble: tuple[str, ...]
    items: tuple[Item, ...]
    in_force: datetime.date | None
    in_force_text: str
    target: str
