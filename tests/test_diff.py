"""Word segmentation, the word-aware text diff, and the structural alignment of two statute versions."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import jieba
import pytest
from conftest import STATUTES, corpus_files
from diff_match_patch import diff_match_patch
from hypothesis import given
from hypothesis import strategies as st

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED, UNKNOWN, build_article
from lawdiff.akn.model import Provision, Statute
from lawdiff.amending.timeline import Timeline, build_timeline, touched
from lawdiff.diffing import diff
from lawdiff.diffing.diff import KINDS, LEVELS, Change, ChangeSet, diff_statutes, word_diff
from lawdiff.diffing.segment import lexicon, tokens
from lawdiff.errors import UnknownProvision
from lawdiff.importing.instructions import parse_instrument

# --- fixtures and helpers ------------------------------------------------------------------

#: Fragments that make diffs interesting: legal terms, function words, Latin words, digits, punctuation.
FRAGMENTS = ["单处罚金", "并处", "或者", "罚金", "有期徒刑", "三年", "以下", "情节严重", "的", "，", "。", "、",
             "公民个人信息", "违反国家有关规定", "第二款", "Article", "253", " ", "-", "a", "b", "\n", "（一）"]
FRAGMENT = st.one_of(st.sampled_from(FRAGMENTS), st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
                     st.characters(codec="ascii", exclude_categories=("Cc",)))
TEXT = st.lists(FRAGMENT, max_size=30).map("".join)
#: One line of a text of several lines (a paragraph): no line break of its own.
LINE = st.lists(FRAGMENT, max_size=12).map(lambda parts: "".join(parts).replace("\n", ""))


@st.composite
def versions(draw: st.DrawFn) -> tuple[str, str]:
    """Return two versions of a text of several lines: lines kept, edited, deleted or inserted, one perhaps moved."""
    old = draw(st.lists(LINE, min_size=2, max_size=8))
    new = []
    for line in old:
        action = draw(st.sampled_from(["keep", "keep", "edit", "delete", "insert"]))
        if action == "edit":
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, len(line)))
            line = line[:start] + draw(LINE) + line[end:]
        elif action == "insert":
            new.append(draw(LINE))
        if action != "delete":
            new.append(line)
    if len(new) > 1 and draw(st.booleans()):
        new.insert(draw(st.integers(0, len(new) - 1)), new.pop(draw(st.integers(0, len(new) - 1))))
    end = draw(st.sampled_from(["", "\n"]))
    return "\n".join(old) + end, "\n".join(new) + end


@contextmanager
def line_mode() -> Iterator[None]:
    """Compare every text of several lines line by line first, however short (as only long texts are)."""
    with mock.patch.object(diff, "LINE_MODE_CHARS", 0):
        yield


@contextmanager
def segmenting() -> Iterator[list[str]]:
    """Yield the list of the texts the word diff cuts into tokens, in order."""
    texts: list[str] = []

    def recording(text: str) -> list[str]:
        texts.append(text)
        return tokens(text)

    with mock.patch.object(diff, "tokens", recording):
        yield texts


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    """Return every version of the Criminal Law, built from the consolidation and the corpus's instruments."""
    paths = corpus_files("prc-criminal-law/amendments/*.md")
    instruments = [parse_instrument(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    return build_timeline(Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml"), instruments)


def boundaries(text: str) -> set[int]:
    """Return the offsets at which a token of the text starts or ends."""
    out, pos = {0}, 0
    for tok in tokens(text):
        pos += len(tok)
        out.add(pos)
    return out


def split_edits(ops: list[tuple[int, str]], a: str, b: str) -> tuple[int, int]:
    """Return (edits, edits with a boundary inside a token of either text)."""
    ba, bb = boundaries(a), boundaries(b)
    i = j = edits = split = 0
    for op, text in ops:
        n = len(text)
        if op == 0:
            i, j = i + n, j + n
            continue
        edits += 1
        if op < 0:
            split += not (i in ba and i + n in ba and j in bb)
            i += n
        else:
            split += not (j in bb and j + n in bb and i in ba)
            j += n
    return edits, split


def changed_tokens(ops: list[tuple[int, str]], a: str, b: str) -> int:
    """Return how many tokens of ``a`` and ``b`` a diff changes, rounding every change out to whole tokens.

    A token counts as unchanged only if an equality of the diff holds it whole and it stands opposite the same
    token of the other text; every other token of either text counts as changed.
    """
    ta, b_spans = tokens(a), set()
    pos = 0
    for tok in tokens(b):
        b_spans.add((pos, pos + len(tok)))
        pos += len(tok)
    equal, i, j = [], 0, 0
    for op, text in ops:
        if op == 0:
            equal.append((i, j, len(text)))
        i += len(text) * (op <= 0)
        j += len(text) * (op >= 0)
    kept, pos = 0, 0
    for tok in ta:
        for ia, jb, n in equal:
            if ia <= pos and pos + len(tok) <= ia + n:
                kept += (jb + pos - ia, jb + pos - ia + len(tok)) in b_spans
                break
        pos += len(tok)
    return len(ta) + len(b_spans) - 2 * kept


def char_diff(a: str, b: str) -> list[tuple[int, str]]:
    """Return the minimal character diff (diff-match-patch, no deadline, no cleanup)."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    return engine.diff_main(a, b, False)


def own_texts(statute: Statute, key: str) -> dict[str, str]:
    """Return the own text of every paragraph and point of an article, by eId (empty if it is not there)."""
    el = statute.find(numbering.eid(key))
    out: dict[str, str] = {}
    for para in Provision(el).paragraphs() if el is not None else []:
        out[para.eid] = para.own_text
        out.update((pt.eid, pt.own_text) for pt in para.points())
    return out


def amended_text_pairs(timeline: Timeline) -> list[tuple[str, str, str]]:
    """Return (where, old, new) for every paragraph and point of every article an instrument touched, where both
    texts are determined: paired by eId, and as the structural alignment pairs them."""
    pairs: dict[tuple[int, str | None, str | None], tuple[str, str]] = {}
    for k, instrument in enumerate(timeline.instruments, 1):
        before, after = timeline.states[k - 1], timeline.states[k]
        keys = sorted({key for item in instrument.items for key in touched(item)}, key=numbering.ArticleNumber.parse)
        for key in keys:
            old, new = own_texts(before, key), own_texts(after, key)
            pairs.update(((k, eid, eid), (old[eid], new[eid])) for eid in old.keys() & new.keys())
        for article in diff_statutes(before, after, only=keys).articles:
            pairs.update(((k, c.old_eid, c.new_eid), (c.old_text or "", c.new_text or ""))
                         for c in article.walk() if c.ops is not None)
    return sorted((f"{k}:{o}→{n}", a, b) for (k, o, n), (a, b) in pairs.items() if UNKNOWN not in a + b)


def statute_of(keys: str, texts: list[str]) -> Statute:
    """Return the Criminal Law with its body replaced by these articles (keys comma-separated, paragraphs and
    points one a line), for synthetic diffs."""
    statute = Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml")
    for el in list(statute.body):
        statute.body.remove(el)
    for key, text in zip(keys.split(","), texts, strict=True):
        statute.body.append(build_article(key, text.split("\n")))
    return statute


# --- segmentation ---------------------------------------------------------------------------


@given(st.text())
def test_tokens_concatenate_to_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text
    assert all(tokens(text))


def test_legal_terms_are_whole() -> None:
    assert tokens("并处或者单处罚金") == ["并处", "或者", "单处罚金"]
    assert list(jieba.Tokenizer().cut("单处罚金", HMM=False)) == ["单", "处罚金"]  # why the lexicon exists
    for term in lexicon():
        assert tokens(term) == [term], term


def test_citations_latin_digits_punctuation() -> None:
    assert tokens("依照第二百五十三条之一第二款") == ["依照", "第二百五十三条之一", "第二款"]
    assert tokens("Article 253-1, para. 2\n\n") == ["Article", " ", "253", "-", "1", ",", " ", "para", ".", " ", "2",
                                                  "\n", "\n"]
    assert tokens("（一）“数据”") == ["（", "一", "）", "“", "数据", "”"]


def test_jieba_loads_lazily_and_quietly() -> None:
    script = ("import sys; import lawdiff.diffing.diff, lawdiff.rendering.changes; assert 'jieba' not in sys.modules; "
              "from lawdiff.diffing.segment import tokens; print('/'.join(tokens('单处罚金')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("单处罚金\n", "")


def test_private_tokenizer_leaves_jieba_alone() -> None:
    tokens("单处罚金")
    assert "单处罚金" not in jieba.dt.FREQ


_CACHE_SCRIPT = ("from lawdiff.diffing import segment; t = segment._tokenizer(); "
                 "print(len(t.FREQ), t.total, t.FREQ.get('单处罚金', 0) > 0, '/'.join(segment.tokens('单处罚金生物识别')))")


def test_the_segmenter_s_dictionary_is_kept_in_lawdiff_s_cache_and_read_back_the_same(tmp_path: Path) -> None:
    """The first run builds jieba's dictionary with the lexicon and keeps it in $LAWDIFF_CACHE; a later run reads
    it back (the same words, frequencies and cuts); a file there that is not one is passed over and replaced; a
    cache folder that cannot be written is no error."""
    env = {**os.environ, "LAWDIFF_CACHE": str(tmp_path / "cache")}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", _CACHE_SCRIPT], capture_output=True, text=True, check=True,
                              env=env)
        assert done.stderr == ""
        return done.stdout

    first = run()
    (kept,) = (tmp_path / "cache").glob("jieba-*.pickle")
    assert first.endswith(" True 单处罚金/生物/识别\n")
    stamp = kept.stat().st_mtime_ns
    assert run() == first and kept.stat().st_mtime_ns == stamp  # read, not written again
    kept.write_bytes(b"not a pickle")
    assert run() == first and kept.read_bytes() != b"not a pickle"  # rebuilt and replaced
    (tmp_path / "a-file").write_text("")
    env["LAWDIFF_CACHE"] = str(tmp_path / "a-file" / "cache")  # a folder that cannot be made
    assert run() == first


def test_no_legal_term_split_in_amended_provisions(timeline: Timeline) -> None:
    """Every occurrence of a lexicon term in the amended provisions is one token, or part of a longer term."""
    terms = set(lexicon())
    split = []
    for _, a, b in amended_text_pairs(timeline):
        for text in (a, b):
            spans, pos = [], 0
            for tok in tokens(text):
                spans.append((pos, pos + len(tok), tok))
                pos += len(tok)
            for term in terms:
                start = text.find(term)
                while start >= 0:
                    end = start + len(term)
                    inside = [s for s in spans if s[0] < end and s[1] > start]
                    if len(inside) > 1 and not any(t in terms and (s < start or e > end) for s, e, t in inside):
                        split.append((term, text))
                    start = text.find(term, start + 1)
    assert split == []


# --- word diff ------------------------------------------------------------------------------


def sides(ops: list[tuple[int, str]]) -> tuple[str, str]:
    return "".join(t for op, t in ops if op <= 0), "".join(t for op, t in ops if op >= 0)


@given(TEXT, TEXT)
def test_word_diff_reconstructs_both_texts(a: str, b: str) -> None:
    ops = word_diff(a, b)
    assert sides(ops) == (a, b)
    assert all(text for _, text in ops)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(ops))


@given(TEXT, TEXT)
def test_word_diff_never_splits_a_token(a: str, b: str) -> None:
    assert split_edits(word_diff(a, b), a, b)[1] == 0


@given(TEXT, TEXT)
def test_word_diff_changes_no_more_than_the_character_diff(a: str, b: str) -> None:
    assert changed_tokens(word_diff(a, b), a, b) <= changed_tokens(char_diff(a, b), a, b)


def test_word_diff_examples() -> None:
    assert word_diff("单位犯前两款罪的", "单位犯前三款罪的") == [(0, "单位犯"), (-1, "前两款"), (1, "前三款"), (0, "罪的")]
    # an insertion goes after the comma, not before it
    assert word_diff("金融、交通", "金融、电信、交通") == [(0, "金融、"), (1, "电信、"), (0, "交通")]
    assert word_diff("处罚金", "处罚金") == [(0, "处罚金")]
    assert word_diff("", "") == []


@given(st.lists(st.sampled_from("abc的，"), max_size=40), st.lists(st.sampled_from("abcd的。"), max_size=40))
def test_lcs_diff_is_minimal(a: list[str], b: list[str]) -> None:
    runs = diff._lcs(a, b)
    assert [x for op, items in runs if op <= 0 for x in items] == a
    assert [x for op, items in runs if op >= 0 for x in items] == b
    assert all(items for _, items in runs)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(runs))

    def changed(runs: list[tuple[int, list[str]]]) -> int:
        return sum(len(items) for op, items in runs if op)

    assert changed(runs) == changed(diff._myers(a, b))


@given(versions())
def test_line_mode_keeps_the_guarantees(texts: tuple[str, str]) -> None:
    """Compared line by line first, the word diff still rebuilds both texts, never splits a token, and changes no
    more tokens than replacing each changed line whole would."""
    a, b = texts
    with line_mode():
        ops = word_diff(a, b)
    assert sides(ops) == (a, b)
    assert all(text for _, text in ops)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(ops))
    assert split_edits(ops, a, b)[1] == 0
    line_ops = [(op, "".join(lines)) for op, lines in diff._lcs(diff._lines(a), diff._lines(b))]
    assert changed_tokens(ops, a, b) <= changed_tokens(line_ops, a, b)


@given(st.lists(LINE.filter(lambda line: len(line) <= 20), min_size=2, max_size=6), st.data())
def test_line_mode_changes_a_paragraph_as_the_paragraph_alone(lines: list[str], data: st.DataObject) -> None:
    """With one line edited, the line-by-line diff is exactly the plain token diff (the same words marked)."""
    old = [f"{k}.{line}" for k, line in enumerate(lines, 1)]  # numbered, as articles are: no two lines alike
    k = data.draw(st.integers(0, len(old) - 1))
    start = data.draw(st.integers(len(str(k + 1)) + 1, len(old[k])))
    end = data.draw(st.integers(start, len(old[k])))
    new = [*old[:k], old[k][:start] + data.draw(LINE.filter(lambda line: len(line) <= 20)) + old[k][end:],
           *old[k + 1:]]
    a, b = "\n".join(old), "\n".join(new)
    with line_mode():
        ops = word_diff(a, b)
    assert ops == word_diff(a, b)


def test_line_mode_example() -> None:
    a = "第一条　甲的规定。\n第二条　处三年以下有期徒刑或者拘役。\n第三条　乙的规定。"
    b = "第一条　甲的规定。\n第二条　处五年以下有期徒刑、拘役或者管制。\n第二条之一　新增的一条。\n第三条　乙的规定。"
    with line_mode(), segmenting() as segmented:
        ops = word_diff(a, b)
    assert ops == [(0, "第一条　甲的规定。\n第二条　处"), (-1, "三年"), (1, "五年"), (0, "以下有期徒刑"), (1, "、拘役"),
                   (0, "或者"), (-1, "拘役"), (1, "管制。\n第二条之一　新增的一条"), (0, "。\n第三条　乙的规定。")]
    assert ops == word_diff(a, b)  # the same as compared token by token throughout
    # only the changed block of lines was cut into words
    assert segmented == ["第二条　处三年以下有期徒刑或者拘役。\n",
                         "第二条　处五年以下有期徒刑、拘役或者管制。\n第二条之一　新增的一条。\n"]


def test_line_mode_segments_only_changed_lines() -> None:
    kept = "以营利为目的，有下列侵犯著作权或者与著作权有关的权利的情形之一，违法所得数额较大的，处三年以下有期徒刑。\n"
    a, b = "1.甲\n" + kept + "2.乙\n", "1.丙\n" + kept + "2.丁\n"
    with line_mode(), segmenting() as segmented:
        ops = word_diff(a, b)
    assert ops == [(0, "1."), (-1, "甲"), (1, "丙"), (0, "\n" + kept + "2."), (-1, "乙"), (1, "丁"), (0, "\n")]
    assert segmented == ["1.甲\n", "1.丙\n", "2.乙\n", "2.丁\n"]


def test_line_mode_moved_line_beside_an_edit() -> None:
    """[甲, 乙] → [乙, 甲′]: the minimal line diff keeps 乙 and replaces 甲 whole; the word diff keeps 甲's words."""
    first = "窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。\n"
    a, b = first + "本条另有规定。\n", "本条另有规定。\n" + first.replace("第一款", "第二款")
    with line_mode():
        ops = word_diff(a, b)
    assert ops == [(1, "本条另有规定。\n"), (0, "窃取或者以其他方法非法获取公民个人信息的，依照"), (-1, "第一款"),
                   (1, "第二款"), (0, "的规定处罚。\n"), (-1, "本条另有规定。\n")]
    assert changed_tokens(ops, a, b) == changed_tokens(word_diff(a, b), a, b)


def test_amended_provisions_no_split_tokens_and_minimal(timeline: Timeline) -> None:
    """Over every paragraph and point Amendments I–XI changed: no edit splits a token, none is bigger than the
    character diff rounded out to whole tokens."""
    pairs = amended_text_pairs(timeline)
    edits = split = worse = 0
    for _, a, b in pairs:
        ops = word_diff(a, b)
        assert sides(ops) == (a, b)
        e, s = split_edits(ops, a, b)
        edits, split = edits + e, split + s
        worse += changed_tokens(ops, a, b) > changed_tokens(char_diff(a, b), a, b)
    print(f"\n{len(pairs)} text pairs, {edits} edits examined, {split} split a token, {worse} bigger than the "
          "character diff")
    assert split == 0
    assert worse == 0
    assert edits >= 200  # 213 when written


def test_whole_text_diff_is_fast(timeline: Timeline) -> None:
    """The whole Criminal Law, 1997 against 2020, as one text: aligned by lines first, well under a second."""
    old = "\n".join(a.text for a in timeline.states[0].articles())
    new = "\n".join(a.text for a in timeline.states[-1].articles())
    word_diff("预热", "热身")
    start = time.perf_counter()
    ops = word_diff(old, new)
    elapsed = time.perf_counter() - start
    assert sides(ops) == (old, new)
    assert split_edits(ops, old, new)[1] == 0
    print(f"\nwhole-text word diff: {elapsed:.3f} s")
    assert elapsed < 2


# --- structural alignment -------------------------------------------------------------------


def test_amendment_ix_article_253_1(timeline: Timeline) -> None:
    changes = diff_statutes(timeline.states[8], timeline.states[9], only=["253-1"])
    [art] = changes.articles
    assert (art.kind, art.old_eid, art.new_eid) == ("replaced", "art_253-1", "art_253-1")
    got = [(c.kind, c.old_eid, c.new_eid) for c in art.children]
    assert got == [("replaced", "art_253-1__para_1", "art_253-1__para_1"),
                   ("inserted", None, "art_253-1__para_2"),
                   ("replaced", "art_253-1__para_2", "art_253-1__para_3"),  # shifted down and amended
                   ("replaced", "art_253-1__para_3", "art_253-1__para_4")]
    assert art.children[3].ops == [(0, "单位犯"), (-1, "前两款"), (1, "前三款"),
                                   (0, "罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。")]
    assert changes.summary()["paragraph"] == {**dict.fromkeys(KINDS, 0), "inserted": 1, "replaced": 3}


def test_only_accepts_any_article_number_form(timeline: Timeline) -> None:
    a, b = timeline.states[8], timeline.states[9]
    assert diff_statutes(a, b, only=["第二百五十三条之一"]) == diff_statutes(a, b, only=["253-1"])
    with pytest.raises(UnknownProvision, match="no article 999"):
        diff_statutes(a, b, only=["999"])


def test_placeholder_counts_as_deleted_text(timeline: Timeline) -> None:
    # Amendment IX deleted Article 199; the national database keeps its number with the text （删去）
    [art] = diff_statutes(timeline.states[8], timeline.states[9], only=["199"]).articles
    assert (art.kind, art.old_eid, art.new_eid) == ("deleted", "art_199", "art_199")
    assert [c.kind for c in art.children] == ["deleted"]
    assert art.children[0].old_text.startswith("犯本节第一百九十二条")
    assert art.children[0].new_text is None


def test_moved_article_is_a_move_not_delete_and_insert() -> None:
    text = "窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。\n单位犯前款罪的，依照前款的规定处罚。"
    old = statute_of("10,11", ["总则的一条。", text])
    new = statute_of("10,11,12", ["总则的一条。", REMOVED, text.replace("前款罪", "前两款罪")])
    changes = diff_statutes(old, new)
    moved = [a for a in changes.articles if a.kind != "unchanged"]
    assert [(a.kind, a.old_eid, a.new_eid) for a in moved] == [("moved", "art_11", "art_12")]
    assert [c.kind for c in moved[0].children] == ["unchanged", "replaced"]
    assert changes.summary()["article"]["deleted"] == changes.summary()["article"]["inserted"] == 0


def test_renumbered_law_is_all_moves(timeline: Timeline) -> None:
    """Every article shifted to the next number (as 条文顺序作相应调整 can do): all moves, nothing rewritten."""
    old, new = timeline.states[-1], timeline.states[-1].copy()
    articles = list(new.articles())
    for art, following in zip(articles, [*articles[1:], None], strict=True):
        art.el.set("eId", following.eid if following else "art_9999")
    new.__dict__.pop("_articles", None)  # the eId index of Statute.find
    counts = diff_statutes(old, new).summary()["article"]
    # a （删去） placeholder has no text to move
    assert counts == {**dict.fromkeys(KINDS, 0), "moved": len([a for a in articles if not a.removed])}


def test_paragraph_shifted_by_an_insertion_is_renumbered() -> None:
    old = statute_of("20", ["甲款的文本，处三年以下有期徒刑。\n乙款的文本，依照前款的规定处罚。"])
    new = statute_of("20", ["新增的一款，情节严重的，处拘役。\n甲款的文本，处三年以下有期徒刑。\n乙款的文本，依照前款的规定处罚。"])
    [art] = diff_statutes(old, new).articles
    assert [(c.kind, c.old_num, c.new_num) for c in art.children] == [
        ("inserted", None, "第一款"), ("renumbered", "第一款", "第二款"), ("renumbered", "第二款", "第三款")]
    assert all(c.ops is None for c in art.children)


def test_points_are_aligned_inside_their_paragraph() -> None:
    old = statute_of("30", ["有下列情形之一的，处罚：\n（一）甲情形的；\n（二）乙情形的。"])
    new = statute_of("30", ["有下列情形之一的，处罚：\n（一）甲情形的；\n（二）新的丙情形的；\n（三）乙情形的。"])
    [art] = diff_statutes(old, new).articles
    [para] = art.children
    assert para.kind == "replaced" and para.ops is None  # its lead-in is the same; its points changed
    assert [(c.kind, c.old_num, c.new_num) for c in para.children] == [
        ("unchanged", "（一）", "（一）"), ("inserted", None, "（二）"), ("renumbered", "（二）", "（三）")]


def test_unknown_text_is_undetermined_never_diffed(timeline: Timeline) -> None:
    changes = diff_statutes(timeline.states[0], timeline.states[-1])
    nodes = [c for a in changes.articles for c in a.walk()]
    assert any(c.kind == "undetermined" for c in nodes)
    for c in nodes:
        assert UNKNOWN not in (c.old_text or "") + (c.new_text or "")
        assert not any(UNKNOWN in t for _, t in c.ops or [])
        if c.kind == "undetermined":
            assert c.ops is None


def test_identical_versions_have_no_changes(timeline: Timeline) -> None:
    changes = diff_statutes(timeline.states[-1], timeline.states[-1])
    assert {a.kind for a in changes.articles} == {"unchanged"}
    assert all(not a.children for a in changes.articles)
    assert changes.summary()["article"]["unchanged"] == len(list(timeline.states[-1].articles()))


def test_json_is_stable_and_complete(timeline: Timeline) -> None:
    changes = diff_statutes(timeline.states[8], timeline.states[9], only=["253-1", "199"])
    text = changes.to_json()
    assert text == diff_statutes(timeline.states[8], timeline.states[9], only=["199", "253-1"]).to_json()
    assert "公民个人信息" in text  # not \\u-escaped
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert set(data["summary"]) == set(LEVELS)
    assert [a["new_eid"] for a in data["articles"]] == ["art_199", "art_253-1"]  # in the order of the law
    assert data["articles"][1]["children"][3]["ops"][1] == [-1, "前两款"]
    assert ChangeSet("a", "b", [Change("article", "unchanged")]).to_dict()["articles"][0]["children"] == []


def test_whole_law_diff_is_fast(timeline: Timeline) -> None:
    diff_statutes(timeline.states[8], timeline.states[9], only=["253-1"])  # jieba loaded
    start = time.perf_counter()
    changes = diff_statutes(timeline.states[0], timeline.states[-1])
    elapsed = time.perf_counter() - start
    print(f"\nwhole Criminal Law, 1997 → 2020: {elapsed:.3f} s, {changes.summary()['article']}")
    assert elapsed < 2
