"""Plain text for a terminal: how wide a text is (CJK characters take two cells) and tables in columns.

>>> display_width("第一款 a")
8
>>> print("\\n".join(columns([("条", "刑罚"), ("第二百五十三条之一", "三年")])))
条                  刑罚
第二百五十三条之一  三年
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def cell_width(ch: str) -> int:
    """Return how many terminal cells a character takes: two for CJK and full-width ones, none for marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Me", "Mn"):  # marks, format, control
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Return how many terminal cells a text takes (see `cell_width`)."""
    return sum(cell_width(ch) for ch in text)


def pad(text: str, width: int) -> str:
    """Return text padded with spaces to ``width`` cells."""
    return text + " " * (width - display_width(text))


def columns(rows: Sequence[Sequence[str]], *, rule: bool = False) -> list[str]:
    """Return rows of cells as lines of aligned columns two spaces apart (trailing spaces dropped); with ``rule``,
    a line of dashes under the first row."""
    widths = [max(display_width(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(pad(cell, widths[k]) for k, cell in enumerate(row)).rstrip() for row in rows]
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return lines
