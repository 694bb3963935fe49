"""Rendering change sets: terminal (inline, side by side), HTML, JSON — exact, reversible, CJK-width aware."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
from conftest import STATUTES, corpus_files
from hypothesis import given
from hypothesis import strategies as st

from lawdiff.akn.model import Statute
from lawdiff.amending.timeline import Timeline, build_timeline
from lawdiff.diffing.diff import Change, ChangeSet, diff_statutes, word_diff
from lawdiff.importing.instructions import parse_instrument
from lawdiff.rendering.changes import render_html, render_json, render_terminal
from lawdiff.rendering.text import display_width

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI = re.compile(r"\x1b\[([0-9;]*)m")

FRAGMENTS = ["单处罚金", "并处", "或者", "罚金", "有期徒刑", "三年", "的", "，", "。", "、", "公民个人信息", "Article",
             "253", " ", "-", "+", "<b>", "&amp;", "\n", "（一）", "ａ", "é"]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
                          st.characters(codec="ascii", exclude_categories=("Cc",))), max_size=25).map("".join)
#: Without brackets and braces, the plain-text markers [-…-] and {+…+} are unambiguous.
UNBRACKETED = TEXT.map(lambda s: re.sub(r"[\[\]{}]", "", s))
#: Without spaces and line breaks, a wrapped column reads back as the text itself.
UNSPACED = UNBRACKETED.map(lambda s: re.sub(r"\s", "", s))


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    """Return every version of the Criminal Law, built from the consolidation and the corpus's instruments."""
    paths = corpus_files("prc-criminal-law/amendments/*.md")
    instruments = [parse_instrument(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    return build_timeline(Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml"), instruments)


@pytest.fixture(scope="module")
def amendment_ix(timeline: Timeline) -> ChangeSet:
    """Return Article 253-1 before and after Amendment IX (in force 2015-11-01)."""
    return diff_statutes(timeline.states[8], timeline.states[9], only=["253-1"])


def one_paragraph(a: str, b: str) -> ChangeSet:
    """Return a change set of one article with one paragraph changing from ``a`` to ``b``."""
    para = Change("paragraph", "replaced" if a != b else "unchanged", "art_1__para_1", "art_1__para_1", "第一款",
                  "第一款", a, b, word_diff(a, b) if a != b else None)
    return ChangeSet("old", "new", [Change("article", "replaced", "art_1", "art_1", "第一条", "第一条",
                                           children=[para])])


def body(rendered: str) -> str:
    """Return the text lines of the paragraph in a one-paragraph inline rendering, without their indentation."""
    lines = rendered.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("  第一款")) + 1
    end = len(lines) - 3  # a blank line, the summary, the final newline
    assert all(line.startswith("    ") for line in lines[start:end])
    return "\n".join(line[4:] for line in lines[start:end])


def unmark_plain(text: str) -> tuple[str, str]:
    old = re.sub(r"\{\+.*?\+\}", "", text, flags=re.S)
    new = re.sub(r"\[-.*?-\]", "", text, flags=re.S)
    return re.sub(r"\[-(.*?)-\]", r"\1", old, flags=re.S), re.sub(r"\{\+(.*?)\+\}", r"\1", new, flags=re.S)


def unmark_ansi(text: str) -> tuple[str, str]:
    text = text.replace("↵\x1b[0m\n", "\n\x1b[0m")  # a changed line break belongs to its change
    old, new, style = [], [], "0"
    for i, piece in enumerate(ANSI.split(text)):
        if i % 2:
            style = piece
            continue
        if style != "32;4":
            old.append(piece)
        if style != "31;9":
            new.append(piece)
    return "".join(old), "".join(new)


class _Cells(html.parser.HTMLParser):
    """Collects the text of each table cell, leaving out visually hidden screen-reader text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.in_cell = False
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self.cells.append("")
            self.in_cell = True
        elif self.hidden or ("class", "visually-hidden") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_cell = False
        elif self.hidden and tag == "span":
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.in_cell and not self.hidden:
            self.cells[-1] += data


def columns(line: str, width: int) -> tuple[str, str]:
    """Return the two columns of a side-by-side line (ANSI codes removed), split by display cells."""
    plain = ANSI.sub("", line)
    left_width, used = (width - 3) // 2, 0
    for i, ch in enumerate(plain):
        if used == left_width:
            assert plain[i:i + 3] == " | "
            return plain[:i], plain[i + 3:]
        used += display_width(ch)
    raise AssertionError(f"no column separator in {line!r}")


# --- properties -----------------------------------------------------------------------------


@given(UNBRACKETED, UNBRACKETED)
def test_plain_terminal_reconstructs_both_texts(a: str, b: str) -> None:
    assert unmark_plain(body(render_terminal(one_paragraph(a, b), color=False))) == (a, b)


@given(TEXT, TEXT)
def test_colour_terminal_reconstructs_both_texts(a: str, b: str) -> None:
    assert unmark_ansi(body(render_terminal(one_paragraph(a, b), color=True))) == (a, b)


@given(TEXT, TEXT)
def test_html_reconstructs_both_texts(a: str, b: str) -> None:
    cells = _Cells()
    cells.feed(render_html(one_paragraph(a, b), "测试"))
    assert cells.cells == [a, b]


@given(UNSPACED, UNSPACED, st.integers(min_value=30, max_value=90), st.booleans())  # labels fit in one line
def test_side_by_side_fits_and_reconstructs(a: str, b: str, width: int, color: bool) -> None:
    lines = render_terminal(one_paragraph(a, b), color=color, side_by_side=True, width=width).splitlines()
    assert {display_width(ANSI.sub("", line)) for line in lines} == {width}
    rule = max(i for i, line in enumerate(lines) if set(line) == {"-"})  # before the summary
    rows = [columns(line, width) for line in lines[:rule] if set(line) != {"-"}]
    text_rows = rows[next(i for i, (_, right) in enumerate(rows) if right.startswith("第一款")) + 1:]
    old = "".join(left.rstrip() for left, _ in text_rows)
    new = "".join(right.rstrip() for _, right in text_rows)
    if not color:
        old, new = unmark_plain(old)[0], unmark_plain(new)[1]
    assert (old, new) == (a, b)


def test_control_characters_never_reach_the_terminal() -> None:
    changes = one_paragraph("第一\t款\x1b[2J\r", "第一款\x9b")
    for side_by_side in (False, True):
        out = render_terminal(changes, color=False, side_by_side=side_by_side, width=40)
        assert not any(ch in out for ch in "\t\x1b\r\x9b")
        assert "␉" in out and "␛[2J␍" in out
    out = render_terminal(changes, color=True, side_by_side=True, width=40)
    assert {display_width(ANSI.sub("", line)) for line in out.splitlines()} == {40}


def test_display_width_counts_cjk_double() -> None:
    assert display_width("刑法") == 4
    assert display_width("（一）") == 6  # full-width brackets
    assert display_width("ａ") == 2
    assert display_width("e\u0301") == 1  # a combining accent takes no cell
    assert display_width("abc") == 3


# --- the Criminal Law -----------------------------------------------------------------------


def test_side_by_side_lines_are_exactly_the_width(amendment_ix: ChangeSet) -> None:
    for width in (20, 41, 80, 100, 131):
        for color in (False, True):
            out = render_terminal(amendment_ix, color=color, side_by_side=True, width=width)
            assert {display_width(ANSI.sub("", line)) for line in out.splitlines()} == {width}


def test_html_is_standalone_escaped_and_accessible(amendment_ix: ChangeSet) -> None:
    page = render_html(amendment_ix, "刑法 <第二百五十三条之一> & 修正案（九）")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>刑法 &lt;第二百五十三条之一&gt; &amp; 修正案（九）</title>" in page
    assert not re.search(r"""(src|href)=|@import|url\(""", page)  # nothing fetched from anywhere
    assert '<del><span class="visually-hidden">删除：</span>前两款</del>' in page
    assert '<ins><span class="visually-hidden">增加：</span>前三款</ins>' in page
    assert "text-decoration: line-through" in page and "text-decoration: underline" in page
    escaped = render_html(one_paragraph("<script>alert(1)</script>", "a & b"), "t")
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped and "a &amp; b" in escaped


def test_render_json_is_the_change_set_json(amendment_ix: ChangeSet) -> None:
    assert render_json(amendment_ix) == amendment_ix.to_json()


def test_undetermined_text_is_shown_as_not_in_corpus(timeline: Timeline) -> None:
    changes = diff_statutes(timeline.states[0], timeline.states[-1], only=["38", "50"])
    out = render_terminal(changes, color=False)
    assert "第五十条  文本不在语料中\n  〔文本不在语料中〕 → 判处死刑缓期执行的" in out
    assert "  第二款  文本不在语料中\n    〔文本不在语料中〕 → 判处管制" in out
    assert "本款文本不在语料中" not in out + render_html(changes, "t")


@pytest.mark.parametrize(("name", "render"), [
    ("253-1.amendment-09.txt", lambda c: render_terminal(c, color=False)),
    ("253-1.amendment-09.side-by-side-100.txt", lambda c: render_terminal(c, color=False, side_by_side=True,
                                                                          width=100)),
    ("253-1.amendment-09.html", lambda c: render_html(c, "中华人民共和国刑法第二百五十三条之一：刑法修正案（九）前后对照")),
])
def test_snapshots(amendment_ix: ChangeSet, name: str, render) -> None:
    """Article 253-1 before and after Amendment IX, compared with golden files checked by hand."""
    assert render(amendment_ix) == (SNAPSHOTS / name).read_text(encoding="utf-8")
