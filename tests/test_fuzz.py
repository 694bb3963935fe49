"""Fuzzing the three readers of user text: whatever they are given, they fail only with a `LawdiffError`.

The Markdown importer (`import_markdown`), the instruction parser (`parse_instrument`, `parse_instructions`) and
the proposal loader (`load_proposal`) are fed random text, text assembled from the pieces of their grammar (article
headings, points, instructions, quotes, numerals — valid or garbled), and mutations of real files: the corpus
laws and amending instruments, and the shipped proposals (truncated, blocks deleted, duplicated or swapped, random
characters inserted, quotes removed, numerals and dates garbled, YAML broken, headings removed). Any exception but
a `LawdiffError` with a message is a bug. Whatever the importer accepts must export back to the exact input.

The runs are seeded (the derandomized profile of conftest.py) and short. For a longer run::

    LAWDIFF_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py

(see benchmarks/README.md for the figures of such a run).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, REPO, law_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawdiff.akn.model import Statute, schema_errors
from lawdiff.akn.numbering import to_chinese
from lawdiff.amending.proposals import load_proposal
from lawdiff.errors import LawdiffError, ParseError
from lawdiff.importing.instructions import parse_instructions, parse_instrument
from lawdiff.importing.markdown import export_markdown, import_markdown

#: Examples per test: a few seconds each by default; LAWDIFF_FUZZ_EXAMPLES=20000 for a long run.
LONG_RUN = int(os.environ.get("LAWDIFF_FUZZ_EXAMPLES", "0"))


def fuzz(examples: int) -> Callable[[Any], Any]:
    """Return the settings of a fuzz test: ``examples`` examples, or the long run's number when one is asked for."""
    return settings(max_examples=LONG_RUN or examples,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def reads_or_reports(read: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Return what ``read`` returns, or None when it reports a LawdiffError — which must carry a message."""
    try:
        return read(*args, **kwargs)
    except LawdiffError as exc:
        assert exc.message.strip(), f"{type(exc).__name__} without a message"
        assert "\n" not in str(exc), f"a message of several lines: {exc}"  # the CLI prints one line
        return None


def assert_round_trip(text: str, statute: Statute | None) -> None:
    """An imported text exports back to the exact input, also through the serialised XML (import, then export)."""
    if statute is None:
        return
    data = statute.to_bytes()  # pretty-printing changes the tree's whitespace: export must not mind
    assert export_markdown(statute) == text
    assert export_markdown(Statute.parse(data, "fuzz.xml")) == text


# --- material ---------------------------------------------------------------------------------------------

LAWS = {p.name: p.read_text(encoding="utf-8") for p in law_files() if p.stat().st_size < 80_000}
AMENDMENTS = {p.name: p.read_text(encoding="utf-8")
              for p in sorted((CORPUS / "prc-criminal-law" / "amendments").glob("*.md"))}
PROPOSALS = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "proposals").glob("*.md"))}

HEAD = "# 中华人民共和国测试法\n\n2000年1月1日 第九届全国人民代表大会常务委员会第十次会议通过\n\n<!-- INFO END -->\n\n"
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
#: Characters that carry the grammar of the three formats, and some that break it.
SYNTAX = "#第条之款项编分章节（）“”‘’：:，,。；;、 　\n\t-<>!附则件" + NUMERAL_CHARS
WORDS = ("将刑法", "本法", "修改为：", "增加一条，作为", "增加一款", "增加一项", "删去", "中的", "后", "作为",
         "原第二款作为第三款", "条文顺序作相应调整", "本修正案自公布之日起施行。", "本修正案自2015年11月1日起施行。",
         "违反国家规定", "情节严重的，处三年以下有期徒刑", "<!-- INFO END -->", "# ", "## ", "---", "\n\n")


def numerals() -> st.SearchStrategy[str]:
    """Return Chinese numerals: canonical ones mostly, arbitrary runs of numeral characters sometimes."""
    return st.one_of(st.integers(1, 1200).map(to_chinese), st.text(NUMERAL_CHARS, min_size=1, max_size=5))


def cjk_text(min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from("违反国家有关规定向他人出售或者提供公民个人信息情节严重的处三年以下有期徒刑拘役并单罚金"
                                   "，；、的人民法院单位犯罪"), min_size=min_size, max_size=max_size)


def noise() -> st.SearchStrategy[str]:
    """Return random text weighted towards the characters and words of the formats."""
    piece = st.one_of(st.text(max_size=8), st.text(SYNTAX, max_size=8), st.sampled_from(WORDS), numerals(),
                      cjk_text(0, 8))
    return st.lists(piece, max_size=12).map("".join)


# --- mutations of real files ------------------------------------------------------------------------------

Draw = Callable[[st.SearchStrategy[Any]], Any]


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


def truncate(draw: Draw, text: str) -> str:
    return text[:draw(st.integers(0, len(text)))]


def delete_block(draw: Draw, text: str) -> str:
    blocks = _blocks(text)
    del blocks[draw(st.integers(0, len(blocks) - 1))]
    return "\n\n".join(blocks)


def duplicate_block(draw: Draw, text: str) -> str:
    blocks = _blocks(text)
    i, j = draw(st.integers(0, len(blocks) - 1)), draw(st.integers(0, len(blocks)))
    blocks.insert(j, blocks[i])
    return "\n\n".join(blocks)


def swap_blocks(draw: Draw, text: str) -> str:
    blocks = _blocks(text)
    i, j = draw(st.integers(0, len(blocks) - 1)), draw(st.integers(0, len(blocks) - 1))
    blocks[i], blocks[j] = blocks[j], blocks[i]
    return "\n\n".join(blocks)


def insert_characters(draw: Draw, text: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.one_of(st.text(SYNTAX, min_size=1, max_size=3), st.text(min_size=1, max_size=2),
                                         st.sampled_from(WORDS))) + text[i:]
    return text


def delete_span(draw: Draw, text: str) -> str:
    i = draw(st.integers(0, len(text)))
    return text[:i] + text[i + draw(st.integers(1, 40)):]


def _replace_one(draw: Draw, text: str, pattern: str, replacement: st.SearchStrategy[str]) -> str:
    spots = [m.start() for m in re.finditer(pattern, text)]
    if not spots:
        return text
    i = draw(st.sampled_from(spots))
    return text[:i] + draw(replacement) + text[i + 1:]


def remove_quote(draw: Draw, text: str) -> str:
    return _replace_one(draw, text, "[“”]", st.sampled_from(["", "\"", "「", "”", "“"]))


def garble_numeral(draw: Draw, text: str) -> str:
    for _ in range(draw(st.integers(1, 3))):
        text = _replace_one(draw, text, f"[{NUMERAL_CHARS}之]", st.one_of(st.just(""), st.text(NUMERAL_CHARS + "之条款项",
                                                                                             min_size=1, max_size=2)))
    return text


def garble_digit(draw: Draw, text: str) -> str:
    """Dates and item numbers: 2015年13月32日, 0000年, 1. → 19."""
    return _replace_one(draw, text, "[0-9]", st.text("0123456789", max_size=3))


def garble_date(draw: Draw, text: str) -> str:
    """A date with a number out of range: 2015年8月29日 → 2015年13月29日, 0000年8月29日, 2015年2月30日."""
    dates = list(re.finditer(r"(\d+|[〇零一二三四五六七八九十]+)年(\d+|[一二三四五六七八九十]+)月(\d+|[一二三四五六七八九十]+)日",
                             text))
    if not dates:
        return text
    m = draw(st.sampled_from(dates))
    group = draw(st.integers(1, 3))
    number = draw(st.one_of(st.integers(0, 99).map(str), st.integers(0, 9999).map("{:04d}".format),
                            st.integers(1, 40).map(to_chinese), st.text("〇一二三四五六七八九十", min_size=1, max_size=4)))
    return text[:m.start(group)] + number + text[m.end(group):]


MUTATIONS = (truncate, delete_block, duplicate_block, swap_blocks, insert_characters, delete_span, remove_quote,
             garble_numeral, garble_digit, garble_date)


@st.composite
def mutated(draw: Draw, sources: dict[str, str], extra: tuple[Callable[[Draw, str], str], ...] = ()
            ) -> tuple[str, str]:
    """Return (file name, text) of a source file after one to four mutations."""
    name = draw(st.sampled_from(sorted(sources)))
    text = sources[name]
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS + extra), min_size=1, max_size=4)):
        text = mutation(draw, text)
    return name, text


# --- the Markdown importer --------------------------------------------------------------------------------

@fuzz(300)
@given(st.one_of(st.text(), noise(), noise().map(lambda t: HEAD + t)))
def test_import_random_text(text: str) -> None:
    assert_round_trip(text, reads_or_reports(import_markdown, text, path="fuzz.md", name="fuzz"))


def _law_block() -> st.SearchStrategy[str]:
    """Return one block of a law, well formed or not: headings, articles, points, plain text."""
    sep = st.sampled_from([" ", " ", "　", "  ", "", "\t"])
    return st.one_of(
        st.tuples(st.sampled_from(["", "#", "##", "###", "####"]), st.sampled_from([" ", ""]), numerals(),
                  st.sampled_from(["编", "分编", "章", "节", "条", "款"]), sep, cjk_text(0, 10))
        .map(lambda t: f"{t[0]}{t[1] if t[0] else ''}第{t[2]}{t[3]}{t[4]}{t[5]}"),
        st.tuples(numerals(), st.one_of(st.just(""), numerals().map("之".__add__)), sep, cjk_text(0))
        .map(lambda t: f"第{t[0]}条{t[1]}{t[2]}{t[3]}"),
        st.tuples(numerals(), cjk_text(0)).map(lambda t: f"（{t[0]}）{t[1]}"),
        st.sampled_from(["## 附则", "附则", "## 附件", "#", "## ", "", "（删去）", "<!-- INFO END -->"]),
        noise(),
    )


@fuzz(400)
@given(st.lists(_law_block(), max_size=25), st.sampled_from(["", "\n", "\n\n", "\n\n\n"]))
def test_import_law_like_blocks(blocks: list[str], end: str) -> None:
    text = HEAD + "\n\n".join(blocks) + end
    assert_round_trip(text, reads_or_reports(import_markdown, text, path="fuzz.md", name="fuzz"))


@pytest.mark.corpus
@fuzz(150)
@given(mutated(LAWS))
def test_import_mutated_corpus_laws(source: tuple[str, str]) -> None:
    name, text = source
    assert_round_trip(text, reads_or_reports(import_markdown, text, path=name, name="fuzz"))


@st.composite
def well_formed_laws(draw: Draw) -> str:
    """Return a law in regular national-database Markdown: 编/章/节 headings, articles (some 之N), paragraphs,
    points, an optional preamble, 附则, as the national database prints them."""
    out = [f"# 中华人民共和国{draw(cjk_text(1, 6))}法"]
    if draw(st.booleans()):
        out.append(f"# 第{to_chinese(draw(st.integers(1, 7)))}编 {draw(cjk_text(1, 6))}")
    year = draw(st.integers(1979, 2024))
    out.append(f"{year}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日 第十届全国人民代表大会常务委员会第"
               f"{to_chinese(draw(st.integers(1, 30)))}次会议通过")
    for i in range(draw(st.integers(0, 2))):
        out.append(f"{year + i + 1}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日 第十一届全国人民代表大会"
                   f"常务委员会第{to_chinese(i + 2)}次会议通过的《中华人民共和国{draw(cjk_text(1, 6))}法修正案》"
                   + draw(st.sampled_from(["", "修正", "，自公布之日起施行"])))
    out.append("<!-- INFO END -->")
    out += [draw(cjk_text()) + "。" for _ in range(draw(st.integers(0, 2)))]
    depth = draw(st.sampled_from([(), ("章",), ("编", "章"), ("章", "节"), ("编", "章", "节")]))
    article = [0]

    def articles() -> Iterator[str]:
        for _ in range(draw(st.integers(1, 4))):
            article[0] += 1
            numbers = [f"第{to_chinese(article[0])}条"]
            numbers += [f"第{to_chinese(article[0])}条之{to_chinese(n)}" for n in range(1, draw(st.integers(0, 2)) + 1)]
            for num in numbers:
                if draw(st.integers(0, 20)) == 0:
                    yield f"{num} （删去）"
                    continue
                for p in range(draw(st.integers(1, 3))):
                    points = draw(st.integers(0, 4)) if draw(st.integers(0, 3)) == 0 else 0
                    text = draw(cjk_text()) + ("：" if points else "。")
                    yield f"{num} {text}" if p == 0 else text
                    yield from (f"（{to_chinese(n)}）{draw(cjk_text())}；" for n in range(1, points + 1))

    def level(words: tuple[str, ...], hashes: int) -> Iterator[str]:
        if not words:
            yield from articles()
            return
        for n in range(1, draw(st.integers(1, 3)) + 1):
            yield f"{'#' * hashes} 第{to_chinese(n)}{words[0]} {draw(cjk_text(1, 8))}"
            yield from level(words[1:], hashes + 1)

    out += level(depth, 2)
    if draw(st.booleans()):
        out.append("## 附则" if depth else "附则")
        out += articles()
    return "\n\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))


@fuzz(150)
@given(well_formed_laws())
def test_well_formed_laws_import_validate_and_round_trip(text: str) -> None:
    statute = import_markdown(text, path="generated.md", name="generated")
    assert schema_errors(statute.root) == []
    assert_round_trip(text, statute)


@fuzz(100)
@given(well_formed_laws().flatmap(lambda text: mutated({"generated.md": text})))
def test_import_mutated_well_formed_laws(source: tuple[str, str]) -> None:
    name, text = source
    assert_round_trip(text, reads_or_reports(import_markdown, text, path=name, name="fuzz"))


# --- the instruction parser -------------------------------------------------------------------------------

INSTRUMENT_HEAD = "# 中华人民共和国刑法修正案（十二）\n\n2024年12月25日 第十四届全国人民代表大会常务委员会第十三次会议通过\n\n<!-- INFO END -->\n\n"


def _article() -> st.SearchStrategy[str]:
    return st.tuples(numerals(), st.one_of(st.just(""), numerals().map("之".__add__))).map(
        lambda t: f"第{t[0]}条{t[1]}")


def _instruction() -> st.SearchStrategy[str]:
    """Return an instruction of the drafting language, its numbers and quotes well formed or not."""
    law = st.sampled_from(["刑法", "本法", "《中华人民共和国刑法》", "", "民法典", "该法"])
    para = numerals().map(lambda n: f"第{n}款")
    point = numerals().map(lambda n: f"第{n}项")
    quote = st.tuples(st.sampled_from(["“", ""]), st.lists(cjk_text(0), min_size=1, max_size=3),
                      st.sampled_from(["”", "”。", ""])).map(lambda t: t[0] + "\n\n“".join(t[1]) + t[2])
    colon = st.sampled_from(["：", ":", ""])
    date = st.one_of(st.tuples(st.integers(0, 9999).map("{:04d}".format), st.integers(0, 19), st.integers(0, 39))
                     .map(lambda t: f"{t[0]}年{t[1]}月{t[2]}日"),
                     st.tuples(st.text("〇零一二三四五六七八九", min_size=1, max_size=5), numerals(), numerals())
                     .map(lambda t: f"{t[0]}年{t[1]}月{t[2]}日"))
    return st.one_of(
        st.tuples(law, _article(), st.lists(st.one_of(para, point), max_size=2), colon, quote)
        .map(lambda t: f"将{t[0]}{t[1]}{''.join(t[2])}修改为{t[3]}{t[4]}"),
        st.tuples(law, _article(), numerals(), st.lists(_article(), min_size=1, max_size=2), colon, quote)
        .map(lambda t: f"在{t[0]}{t[1]}后增加{t[2]}条，作为{'、'.join(t[3])}{t[4]}{t[5]}"),
        st.tuples(law, _article(), numerals(), st.lists(para, min_size=1, max_size=2), colon, quote)
        .map(lambda t: f"在{t[0]}{t[1]}中增加{t[2]}款作为{'、'.join(t[3])}{t[4]}{t[5]}"),
        st.tuples(law, _article(), st.one_of(st.just(""), para), numerals(), st.lists(point, min_size=1, max_size=2),
                  colon, quote)
        .map(lambda t: f"在{t[0]}{t[1]}{t[2]}中增加{t[3]}项，作为{'、'.join(t[4])}{t[5]}{t[6]}"),
        st.tuples(law, st.lists(st.one_of(_article(), para, point), min_size=1, max_size=3), cjk_text(0, 5),
                  cjk_text(0, 5)).map(lambda t: f"将{t[0]}{'、'.join(t[1])}中的“{t[2]}”修改为“{t[3]}”"),
        st.tuples(law, st.lists(st.one_of(_article(), para, point), min_size=1, max_size=3), cjk_text(0, 5))
        .map(lambda t: f"删去{t[0]}{''.join(t[1])}中的“{t[2]}”"),
        st.tuples(law, st.lists(st.one_of(_article(), para, point), max_size=3))
        .map(lambda t: f"删去{t[0]}{''.join(t[1])}。"),
        st.tuples(st.sampled_from("款项"), numerals(), numerals(), st.sampled_from(["", "，修改为：“文字。”"]))
        .map(lambda t: f"原第{t[1]}{t[0]}作为第{t[2]}{t[0]}{t[3]}"),
        st.tuples(st.sampled_from(["本修正案", "本决定", "本法"]), st.one_of(st.just("公布之日"), date))
        .map(lambda t: f"{t[0]}自{t[1]}起施行。"),
        st.just("将刑法引言修改为：“序言。”"), st.just("刑法条文顺序作相应调整。"),
        noise(),
    )


def _item() -> st.SearchStrategy[str]:
    number = st.one_of(numerals().map(lambda n: f"{n}、"), st.integers(0, 30).map(lambda n: f"{n}. "),
                       numerals().map(lambda n: f"（{n}）"), st.just(""))
    return st.tuples(number, st.sampled_from(["", "为了惩治犯罪，"]), st.lists(_instruction(), min_size=1, max_size=3),
                     st.sampled_from(["", "。", "；", "\n\n"])).map(lambda t: t[0] + t[1] + t[3].join(t[2]))


@fuzz(300)
@given(st.one_of(st.text(), noise(), noise().map(INSTRUMENT_HEAD.__add__)),
       st.sampled_from([None, "刑法", "中华人民共和国刑法", "民法典"]))
def test_parse_instrument_random_text(text: str, target: str | None) -> None:
    reads_or_reports(parse_instrument, text, "fuzz.md", target)


@fuzz(400)
@given(st.lists(_item(), max_size=6), st.sampled_from([None, "刑法"]))
def test_parse_instrument_generated_instructions(items: list[str], target: str | None) -> None:
    reads_or_reports(parse_instrument, INSTRUMENT_HEAD + "\n\n".join(items), "fuzz.md", target)


@fuzz(200)
@given(mutated({"head.md": INSTRUMENT_HEAD + "一、将刑法第一百条中的“五年”修改为“三年”。\n\n二、本修正案自2025年3月1日起施行。",
                "zh.md": INSTRUMENT_HEAD + "一、本决定自二〇二五年三月一日起施行。"}))
def test_parse_instrument_garbled_dates(source: tuple[str, str]) -> None:
    reads_or_reports(parse_instrument, source[1], source[0])


@fuzz(300)
@given(st.lists(st.one_of(_item(), noise()), max_size=6), st.integers(1, 500))
def test_parse_instructions_generated_blocks(blocks: list[str], first_line: int) -> None:
    reads_or_reports(parse_instructions, blocks, "fuzz.md", first_line)


@pytest.mark.corpus
@fuzz(200)
@given(mutated(AMENDMENTS), st.sampled_from([None, "刑法"]))
def test_parse_mutated_corpus_instruments(source: tuple[str, str], target: str | None) -> None:
    name, text = source
    reads_or_reports(parse_instrument, text, name, target)
    body = text.split("<!-- INFO END -->", 1)[-1].strip("\n")
    reads_or_reports(parse_instructions, body.split("\n\n"), name, 1)


# --- the proposal loader ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """Return a folder for generated proposal files (hypothesis runs many examples per test function)."""
    folder = Path(tempfile.mkdtemp(prefix="lawdiff-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _front_matter_end(text: str) -> int:
    end = text.find("\n---", 3)
    return end if end > 0 else len(text)


def break_yaml(draw: Draw, text: str) -> str:
    """Insert YAML syntax (a colon, a bracket, a tab, an anchor …) somewhere in the front matter."""
    i = draw(st.integers(0, _front_matter_end(text)))
    junk = draw(st.sampled_from([": ", "- ", "[", "]", "{", "}", "\t", "&a ", "*a", "!!python/object ", "? ", "|",
                                 ">", "'", "\"", "%", "@", "`", "\n  ", "\n- x", "\nid: twice", "\n---", "~", "#"]))
    return text[:i] + junk + text[i:]


def drop_line(draw: Draw, text: str) -> str:
    """Delete a line: a field of the front matter, a heading, the line --- ."""
    lines = text.split("\n")
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "\n".join(lines)


def remove_heading(draw: Draw, text: str) -> str:
    """Delete a ## / ### / #### heading, or change its level or name."""
    headings = [m.start() for m in re.finditer(r"(?m)^#{2,4} ", text)]
    if not headings:
        return text
    i = draw(st.sampled_from(headings))
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    new = draw(st.sampled_from(["", "#", "# Changes", "## Changes", "### 一", "#### zh", "#### fr", "## Rationale",
                                "### 九十九", "## 变更"]))
    return text[:i] + new + text[end:]


def garble_item(draw: Draw, text: str) -> str:
    """Mutate one block of the ## Changes section: its numbering, instruction words or quotes."""
    start = text.find("## Changes\n")
    stop = text.find("## Changes (English", start + 1)
    if start < 0 or stop < 0:
        return text
    section = text[start:stop]
    mutation = draw(st.sampled_from([garble_numeral, remove_quote, insert_characters, delete_span, delete_block,
                                     duplicate_block, swap_blocks]))
    return text[:start] + mutation(draw, section) + text[stop:]


PROPOSAL_MUTATIONS = (break_yaml, drop_line, remove_heading, garble_item)


def _load(folder: Path, name: str, data: str | bytes) -> None:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    reads_or_reports(load_proposal, path)


def test_shipped_proposals_load(scratch: Path) -> None:
    """The unmutated proposals are read: the mutations below start from files that are right."""
    for name, text in PROPOSALS.items():
        (scratch / name).write_text(text, encoding="utf-8")
        assert load_proposal(scratch / name).items


@fuzz(300)
@given(source=mutated(PROPOSALS, PROPOSAL_MUTATIONS))
def test_load_mutated_proposals(scratch: Path, source: tuple[str, str]) -> None:
    _load(scratch, *source)


@fuzz(200)
@given(text=st.one_of(st.text(), noise(), noise().map(lambda t: f"---\nid: fuzz\n{t}"), st.binary()))
def test_load_random_proposal_files(scratch: Path, text: str | bytes) -> None:
    _load(scratch, "fuzz.md", text)


@fuzz(200)
@given(items=st.lists(_item(), min_size=1, max_size=4), name=st.sampled_from(sorted(PROPOSALS)))
def test_load_proposals_with_generated_changes(scratch: Path, items: list[str], name: str) -> None:
    """A shipped proposal whose ## Changes are replaced by generated instructions."""
    text = PROPOSALS[name]
    start = text.index("## Changes\n") + len("## Changes\n")
    stop = text.index("## Changes (English")
    _load(scratch, name, text[:start] + "\n" + "\n\n".join(items) + "\n\n" + text[stop:])


# --- what fuzzing found: each a regression test -----------------------------------------------------------

LAW = HEAD + "第一条 为了测试，制定本法。"


@pytest.mark.parametrize(("text", "line"), [
    (LAW.replace("为了测试", "为了测\x01试"), 7), (LAW.replace("# 中华", "# \x00中华"), 1), (LAW + "\n\n\ud800", 9),
    (LAW + "\n\n\ufffe", 9),
])
def test_characters_xml_cannot_hold_are_reported(text: str, line: int) -> None:
    """They used to escape from lxml as ValueError / UnicodeEncodeError."""
    with pytest.raises(ParseError, match="cannot be kept in XML") as caught:
        import_markdown(text, path="law.md", name="law")
    assert caught.value.line == line


@pytest.mark.parametrize(("text", "line"), [(HEAD + "第一条 ", 7), (HEAD + "第一条 　", 7), (LAW + "\n\n\n\n（一）甲", 9),
                                            (LAW + "\n\n\n\n第二条 乙", 9)])
def test_an_empty_article_paragraph_is_reported(text: str, line: int) -> None:
    """An article line without text, or two blank lines in an article, used to import and then vanish on export."""
    with pytest.raises(ParseError, match="empty paragraph in 第一条") as caught:
        import_markdown(text, path="law.md", name="law")
    assert caught.value.line == line


@pytest.mark.parametrize("heading", ["## ", "##", "#", "### "])
def test_a_heading_without_text_round_trips(heading: str) -> None:
    """"## " used to come back as "##"."""
    text = HEAD + heading + "\n\n第一条 甲。"
    statute = import_markdown(text, path="law.md", name="law")
    assert schema_errors(statute.root) == []
    assert_round_trip(text, statute)


@pytest.mark.parametrize("end", ["\n", "\n\n\n"])
@pytest.mark.parametrize("info_end", [True, False])
def test_a_source_ending_in_newlines_or_without_info_end_is_valid_akn(end: str, info_end: bool) -> None:
    """The layout attributes were put on <act>, where the schema allows none: `import law` refused every file that
    ends with a newline."""
    text = (LAW if info_end else LAW.replace("<!-- INFO END -->\n\n", "")) + end
    statute = import_markdown(text, path="law.md", name="law", work_date=None if info_end else dt.date(2000, 1, 1))
    assert schema_errors(statute.root) == []
    assert_round_trip(text, statute)


@pytest.mark.parametrize("title", ["# 中华人民共和国测试法 ", "# \n# 第一编 总则", "#  中华人民共和国测试法"])
def test_a_title_with_spaces_round_trips(title: str) -> None:
    """Export used the stripped `Statute.title`."""
    text = LAW.replace("# 中华人民共和国测试法", title, 1)
    assert_round_trip(text, import_markdown(text, path="law.md", name="law"))


@pytest.mark.parametrize(("text", "line"), [
    (INSTRUMENT_HEAD.replace("2024年12月25日", "2024年13月25日") + "一、本修正案自公布之日起施行。", 3),
    (INSTRUMENT_HEAD.replace("2024年12月25日", "0000年12月25日") + "一、本修正案自公布之日起施行。", 3),
    (INSTRUMENT_HEAD + "一、删去刑法第一百条。\n\n二、本修正案自2025年2月30日起施行。", 9),
    (INSTRUMENT_HEAD + "一、删去刑法第一百条。\n\n二、本修正案自二〇二五年十三月一日起施行。", 9),
    (INSTRUMENT_HEAD + "一、删去刑法第一百条。\n\n二、本修正案自二〇二五年一一月一日起施行。", 9),
])
def test_an_impossible_date_in_an_instrument_is_reported(text: str, line: int) -> None:
    """Dates went to datetime.date unchecked: ValueError."""
    with pytest.raises(ParseError) as caught:
        parse_instrument(text, "instrument.md")
    assert caught.value.path == "instrument.md" and caught.value.line == line


def test_an_unreadable_instruction_is_reported_in_one_line() -> None:
    """The snippet of the instruction ran on over the line break."""
    with pytest.raises(ParseError) as caught:
        parse_instructions(["一、为了惩治犯罪，原第一款作为第一款\n\n将刑法第一条修改为：“”"], "p.md", 1)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("date: 2026-11-23", "date: 2026-21-23", 8, "'2026-21-23' is not a date: month must be in 1..12"),
    ("date: 2026-11-23", "date: 2026-02-30", 8, "'2026-02-30' is not a date: day is out of range for month"),
    ("year: 2025", "year: !!int MMXXV", 15, "'MMXXV' is not a whole number"),  # the first source's year
    ("status: published", "status: publi\x1fshed", 9, "character U+001F is not allowed"),
    ("status: published", "status: " + "[" * 5000, 1, "nested too deeply"),
    ("authors:\n  - lawdiff editors", "authors: &a\n  - *a", 6, "a field contains itself"),
])
def test_broken_front_matter_is_reported(scratch: Path, old: str, new: str, line: int, message: str) -> None:
    """ValueError (dates, tagged scalars), yaml's ReaderError and RecursionError used to escape."""
    name = "biometric-aggravation.md"
    assert old in PROPOSALS[name]
    path = scratch / name
    path.write_text(PROPOSALS[name].replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load_proposal(path)
    assert caught.value.line == line and message in caught.value.message
    assert "\n" not in str(caught.value)
