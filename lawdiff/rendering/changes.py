"""Render a ChangeSet for people: in a terminal (inline or side by side), as a standalone HTML page, or as JSON.

Every renderer shows, for each changed article, its paragraphs and points with their word diffs: deleted words
struck through (red in a terminal, ``[-…-]`` without colour), inserted words underlined (green, ``{+…+}``). The old
side of a diff is its equal and deleted text, the new side its equal and inserted text — nothing else is added
inside a provision's text (but ``↵``, in colour, where a line break itself was deleted or inserted), so both
versions can be read back from the output exactly.

Side by side, columns are measured in terminal cells: Chinese characters and full-width punctuation take two
(`display_width`), and every line is padded to exactly the width asked for.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from lawdiff.diffing.diff import DELETE, EQUAL, INSERT, KINDS, LEVELS, Change, ChangeSet, Op
from lawdiff.rendering.markup import side
from lawdiff.rendering.text import cell_width

#: How a kind of change is named in the output (the Chinese drafting terms).
KIND_LABELS = {"unchanged": "未修改", "inserted": "新增", "deleted": "删去", "replaced": "修改",
               "renumbered": "序号调整", "moved": "移动", "undetermined": "文本不在语料中"}
LEVEL_LABELS = {"article": "条", "paragraph": "款", "point": "项"}
#: Shown in place of a text the corpus does not hold.
NOT_IN_CORPUS = "〔文本不在语料中〕"

_ANSI = {DELETE: "\x1b[31;9m", INSERT: "\x1b[32;4m"}  # red struck through; green underlined
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_MARKERS = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}
_CHANGED_BREAK = "↵"  # a deleted or inserted line break, drawn in colour
_MIN_WIDTH = 20
_NO_LINE_START = set("，。、；：？！）》」』”’…,.;:?!)")
#: Control characters are shown as their Unicode pictures (␉, ␛ …): never sent raw to a terminal, where they
#: would break the layout or be taken as commands. Line breaks stay.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c != 0x0A} | {0x7F: 0x2421} | dict.fromkeys(
    range(0x80, 0xA0), 0xFFFD)
_SEPARATOR = " | "  # ASCII: box-drawing characters are of ambiguous width in CJK terminals


# --- what each provision shows --------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One provision as displayed: its labels, kind and depth, and its text as diff operations."""

    old_label: str
    new_label: str
    kind: str
    depth: int
    ops: list[Op]
    has_text: bool  # False for an article row (its text is in its paragraphs) unless one side is wholly unknown
    old_known: bool  # False where the provision is there but its text is not in the corpus
    new_known: bool

    @property
    def label(self) -> str:
        """Return the provision's number, ``old → new`` where it changed."""
        if self.old_label and self.new_label and self.old_label != self.new_label:
            return f"{self.old_label} → {self.new_label}"
        return self.new_label or self.old_label

    @property
    def kind_label(self) -> str:
        return "" if self.kind == "unchanged" else KIND_LABELS[self.kind]

    @property
    def heading(self) -> str:
        """Return the label line: the number and the kind of change."""
        return f"{self.label}  {self.kind_label}" if self.kind_label else self.label


def _ops(change: Change) -> list[Op]:
    """Return a provision's text as diff operations: its word diff, or its whole text deleted, inserted or equal."""
    if change.ops is not None:
        return change.ops
    if change.kind == "deleted":
        return [(DELETE, change.old_text)] if change.old_text else []
    if change.kind == "inserted":
        return [(INSERT, change.new_text)] if change.new_text else []
    text = change.new_text if change.new_text is not None else change.old_text
    return [(EQUAL, text)] if text else []


def _rows(change: Change, depth: int = 0, prefix_old: str = "", prefix_new: str = "") -> Iterator[_Row]:
    """Yield the rows of a change and of everything below it, depth first (a point's label after its paragraph's)."""
    old_label = prefix_old + change.old_num if change.old_num else ""
    new_label = prefix_new + change.new_num if change.new_num else ""
    unknown = change.kind == "undetermined"
    yield _Row(old_label, new_label, change.kind, depth, _ops(change),
               has_text=change.level != "article" or (unknown and not change.children),
               old_known=not (unknown and change.old_eid and change.old_text is None),
               new_known=not (unknown and change.new_eid and change.new_text is None))
    if change.level == "article":
        old_label = new_label = ""
    for child in change.children:
        yield from _rows(child, depth + 1, old_label, new_label)


def summary_line(changeset: ChangeSet) -> str:
    """Return the counts of changes in one line: ``条：修改 1；款：新增 1、修改 3``."""
    parts = []
    counts = changeset.summary()
    for level in LEVELS:
        kinds = [f"{KIND_LABELS[kind]} {counts[level][kind]}" for kind in KINDS if counts[level][kind]]
        if kinds:
            parts.append(f"{LEVEL_LABELS[level]}：" + "、".join(kinds))
    return "；".join(parts) or "没有变化"


def _shown(changeset: ChangeSet) -> list[Change]:
    """Return the articles worth showing: every one but those left unchanged."""
    return [a for a in changeset.articles if a.kind != "unchanged"]


# --- terminal -------------------------------------------------------------------------------


def _styled(op: int, text: str, color: bool) -> str:
    """Return a run of text marked as deleted, inserted or equal.

    In colour, each line of the run is styled on its own, and a line break inside the run is drawn as ``↵`` at the
    end of its line, so that a deleted or inserted line break can be seen. Control characters become pictures.
    """
    text = text.translate(_CONTROL_PICTURES)
    if op == EQUAL or not text:
        return text
    if not color:
        start, end = _MARKERS[op]
        return start + text + end
    *broken, last = text.split("\n")
    return "\n".join([*(_ANSI[op] + line + _CHANGED_BREAK + _RESET for line in broken),
                      _ANSI[op] + last + _RESET if last else ""])


def _inline_text(row: _Row, color: bool) -> str:
    """Return a row's text with its deletions and insertions marked in place."""
    text = "".join(_styled(op, t, color) for op, t in row.ops)
    if not row.old_known:
        return f"{NOT_IN_CORPUS} → {text}" if text else NOT_IN_CORPUS
    if not row.new_known:
        return f"{text} → {NOT_IN_CORPUS}" if text else NOT_IN_CORPUS
    return text


def render_terminal(changeset: ChangeSet, color: bool = True, side_by_side: bool = False,
                    width: int | None = None) -> str:
    """Return the change set as terminal text: inline diffs, or two columns fitting ``width`` cells.

    ``width`` (side by side only) defaults to the terminal's; with ``color`` off, deletions read ``[-…-]`` and
    insertions ``{+…+}``.
    """
    if side_by_side:
        return _render_columns(changeset, color, width or shutil.get_terminal_size().columns)
    lines = [_styled(EQUAL, f"--- {changeset.old}", color), _styled(EQUAL, f"+++ {changeset.new}", color)]
    for article in _shown(changeset):
        lines.append("")
        for row in _rows(article):
            indent = "  " * row.depth
            heading = _styled(EQUAL, row.heading, color)
            lines.append(indent + (_BOLD + heading + _RESET if color and row.depth == 0 else heading))
            text = _inline_text(row, color) if row.has_text else ""
            lines += [indent + "  " + line for line in text.split("\n")] if text else []
    lines += ["", summary_line(changeset)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Atom:
    """The smallest piece of a column line: one character, or a whole marker such as ``[-``."""

    text: str
    op: int
    width: int


def _atoms(ops: list[Op], color: bool) -> list[_Atom]:
    """Return the atoms of one side of a diff: its characters, with markers (or, in colour, ``↵``) for changes."""
    out = []
    for op, text in ops:
        marked = op != EQUAL and not color
        if marked:
            out.append(_Atom(_MARKERS[op][0], EQUAL, 2))
        for ch in text.translate(_CONTROL_PICTURES):
            if ch == "\n" and op != EQUAL and color:
                out.append(_Atom(_CHANGED_BREAK, op, 1))
            out.append(_Atom(ch, op, cell_width(ch)))
        if marked:
            out.append(_Atom(_MARKERS[op][1], EQUAL, 2))
    return out


def _wrap(atoms: list[_Atom], width: int) -> list[list[_Atom]]:
    """Return the atoms broken into lines of at most ``width`` cells (a line break in the text forces one).

    As Chinese typesetting wants, a closing punctuation mark never starts a line: the character before it comes
    along to the next line.
    """
    lines: list[list[_Atom]] = [[]]
    used = 0
    for atom in atoms:
        if atom.text == "\n":
            lines.append([])
            used = 0
            continue
        if used + atom.width > width and lines[-1]:
            carried = [lines[-1].pop()] if atom.text in _NO_LINE_START and len(lines[-1]) > 1 else []
            lines.append(carried)
            used = sum(a.width for a in carried)
        lines[-1].append(atom)
        used += atom.width
    return lines


def _paint(line: list[_Atom], width: int, color: bool) -> str:
    """Return a column line as text padded with spaces to exactly ``width`` cells, styles closed at its end."""
    out = []
    used = 0
    run_op, run = EQUAL, ""
    for atom in [*line, _Atom("", EQUAL, 0)]:  # the empty atom at the end flushes the last run
        if atom.op != run_op:
            out.append(_ANSI[run_op] + run + _RESET if color and run_op != EQUAL and run else run)
            run_op, run = atom.op, ""
        run += atom.text
        used += atom.width
    out.append(run)
    return "".join(out) + " " * (width - used)


def _column(ops: list[Op], width: int, color: bool) -> list[str]:
    return [_paint(line, width, color) for line in _wrap(_atoms(ops, color), width)]


def _render_columns(changeset: ChangeSet, color: bool, width: int) -> str:
    width = max(width, _MIN_WIDTH)
    left_width = (width - len(_SEPARATOR)) // 2
    right_width = width - len(_SEPARATOR) - left_width

    def pair(left: list[Op], right: list[Op]) -> list[str]:
        lc, rc = _column(left, left_width, color), _column(right, right_width, color)
        lc += [" " * left_width] * (len(rc) - len(lc))
        rc += [" " * right_width] * (len(lc) - len(rc))
        return [a + _SEPARATOR + b for a, b in zip(lc, rc, strict=True)]

    def plain(text: str) -> list[Op]:
        return [(EQUAL, text)] if text else []

    lines = pair(plain(f"--- {changeset.old}"), plain(f"+++ {changeset.new}"))
    for article in _shown(changeset):
        lines.append("-" * width)
        for row in _rows(article):
            indent = "  " * max(row.depth - 1, 0)  # points under their paragraph
            kind = f"  {row.kind_label}" if row.kind_label else ""
            # the kind of change goes with the newer number, or the older one for a provision now gone
            lines += pair(plain(indent + row.old_label + (kind if not row.new_label else "")) if row.old_label else [],
                          plain(indent + row.new_label + kind) if row.new_label else [])
            if row.has_text:
                old = [(op, t) for op, t in row.ops if op != INSERT] if row.old_known else plain(NOT_IN_CORPUS)
                new = [(op, t) for op, t in row.ops if op != DELETE] if row.new_known else plain(NOT_IN_CORPUS)
                lines += pair(old, new) if old or new else []
    lines.append("-" * width)
    lines += pair(plain(summary_line(changeset)), [])
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------

_PAGE = """\
<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; margin: 2rem auto;
  max-width: 72rem; padding: 0 1rem; line-height: 1.7; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.versions { color: #555; font-size: .9rem; word-break: break-all; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: .4rem .6rem; vertical-align: top; text-align: left; }
thead th { background: #f3f3f3; }
th[scope=row] { width: 9rem; font-weight: normal; white-space: nowrap; }
td { white-space: pre-wrap; word-break: break-all; }
.depth-2 th[scope=row] { padding-left: 1.6rem; }
.kind { display: inline-block; font-size: .8rem; color: #555; }
del { text-decoration: line-through; background: #fde2e1; color: #8a1c16; }
ins { text-decoration: underline; background: #ddf4e0; color: #135e23; }
.unknown { font-style: italic; color: #666; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media print { del, ins { background: none; } }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p class="versions">修改前：{{ old }}<br>修改后：{{ new }}</p>
<p class="summary">{{ summary }}</p>
{% for article in articles %}
<section aria-labelledby="{{ article.id }}">
<h2 id="{{ article.id }}">{{ article.heading }}</h2>
<table>
<thead><tr><th scope="col">条款</th><th scope="col">修改前</th><th scope="col">修改后</th></tr></thead>
<tbody>
{% for row in article.rows %}
<tr class="depth-{{ row.depth }} {{ row.kind }}"><th scope="row">{{ row.label }}{% if row.kind_label %} \
<span class="kind">{{ row.kind_label }}</span>{% endif %}</th><td>{{ row.old }}</td><td>{{ row.new }}</td></tr>
{% endfor %}
</tbody>
</table>
</section>
{% endfor %}
</main>
</body>
</html>
"""

def _html_side(ops: list[Op], known: bool, dropped: int) -> Markup:
    """Return one side of a diff as HTML (`markup.side`), or say that its text is not in the corpus."""
    if not known:
        return Markup('<span class="unknown">{}</span>').format(NOT_IN_CORPUS)
    return side(ops, dropped)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


def render_html(changeset: ChangeSet, title: str) -> str:
    """Return the change set as a standalone HTML page: a side-by-side table per changed article (no network)."""
    articles = []
    for article in _shown(changeset):
        head, *rows = _rows(article)
        if head.has_text:  # an article one side of which is not in the corpus: its text in one row
            rows.insert(0, head)
        articles.append({
            "id": f"change-{article.new_eid or article.old_eid}",
            "heading": head.heading,
            "rows": [{"depth": row.depth, "kind": row.kind, "label": row.label, "kind_label": row.kind_label,
                      "old": _html_side(row.ops, row.old_known, INSERT),
                      "new": _html_side(row.ops, row.new_known, DELETE)} for row in rows],
        })
    return _environment().from_string(_PAGE).render(title=title, old=changeset.old, new=changeset.new,
                                                    summary=summary_line(changeset), articles=articles)


def render_json(changeset: ChangeSet) -> str:
    """Return the change set as stable JSON (`ChangeSet.to_json`)."""
    return changeset.to_json()


def render(changeset: ChangeSet, fmt: str, *, names: tuple[str, str] | None = None, color: bool = False,
           side_by_side: bool = False, width: int | None = None) -> str:
    """Return the change set in a format — ``terminal`` (see `render_terminal`), ``html`` or ``json`` — the two
    texts named as the user named them (``names``)."""
    if names is not None:
        changeset.old, changeset.new = names
    if fmt == "html":
        return render_html(changeset, f"{changeset.old} → {changeset.new}")
    if fmt == "json":
        return render_json(changeset)
    return render_terminal(changeset, color=color, side_by_side=side_by_side, width=width)
