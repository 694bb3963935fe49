"""NPC drafting language → operations: read amending instruments and proposals' change lists.

An amending instrument (刑法修正案, 关于修改…的决定) is a list of numbered items (一、二、… or 1. 2. …), each made of
one or more instructions in a closed drafting language, most followed by the new text in quotation marks::

    七、在刑法第二百五十三条后增加一条，作为第二百五十三条之一：“……。
    “……。”

Each instruction becomes one :class:`Operation` (an instruction that adds several articles, or replaces several
terms, becomes one operation per article or term), with the new text split into blocks exactly as a consolidated
statute prints them: one per paragraph (款), one per point (项, starting with （一）), quotes stripped.

>>> item, = parse_instructions(["将刑法第一百条中的“五年”修改为“三年”。"], "proposal.md", 1)
>>> op, = item.operations
>>> str(op.kind), op.article, op.old_term, op.new_term
('replace_term', '100', '五年', '三年')

Irregularities of the national-database text that are read as the drafters meant them: ASCII ``:`` after an
instruction; points with no opening quote; a paragraph with no closing quote (the quote ends with the item, or
where the next instruction begins); a further instruction after the closing quote in the same block; ``处罚”。``
(the full stop outside the quote is kept with the text); points written inline after ``：`` (split into blocks);
in the Criminal Law's amendments, ASCII ``:`` ``,`` ``;`` after a Chinese character inside the new text (printed
full-width, as the statute has them; a decision's new text is kept as typed).
Items keep their text verbatim; only operations' ``new_text`` is normalised so.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from lawdiff.akn.numbering import (
    ArticleNumber,
    parse_chinese,
    parse_ordinal,
    point_num,
)
from lawdiff.errors import LawdiffError, NumberingError, ParseError
from lawdiff.importing import grammar as g
from lawdiff.importing.instrument import Instrument, Item, Operation, OpKind, Section
from lawdiff.importing.styles import Style, style_of

__all__ = [
    "Instrument",
    "Item",
    "OpKind",
    "Operation",
    "parse_instructions",
    "parse_instrument",
]


class _Block(NamedTuple):
    text: str
    line: int


class _RawItem(NamedTuple):
    number: int
    label: str
    prefix: str
    blocks: list[_Block]


# --- reading one item --------------------------------------------------------------------------

class _ItemReader:
    """Reads the blocks of one item statement by statement, turning each instruction into operations."""

    def __init__(self, raw: _RawItem, path: str, law_names: Sequence[str] | None, named: set[str] | None = None
                 ) -> None:
        self.blocks = raw.blocks
        self.name = raw.label or str(raw.number)
        self.path = path
        # The names the law may be cited by; None: any one law, the first named (kept in ``named`` for the items
        # that follow).
        self.law_names = None if law_names is None else {g.short_law_name(name) for name in law_names}
        self.named = set() if named is None else named
        self.index = 0
        self.offset = 0
        self.article: str | None = None  # the article the item is about, for 该条 and follow-on instructions
        self.paragraphs: tuple[int, ...] = ()  # the paragraphs a term replacement named last, for follow-on points
        self.source = ""
        self.line = self.blocks[0].line if self.blocks else 0  # where the instruction being read starts
        self.ops: list[Operation] = []

    def read(self) -> tuple[Operation, ...]:
        """Return the operations of every instruction in the item, in order."""
        while self._skip_separators():
            self._statement()
        return tuple(self.ops)

    # position ---------------------------------------------------------------------------------

    def _rest(self) -> str:
        return self.blocks[self.index].text[self.offset:]

    def _next_block(self) -> None:
        self.index += 1
        self.offset = 0

    def _skip_separators(self) -> bool:
        """Move past punctuation and empty block ends; return False at the end of the item."""
        while self.index < len(self.blocks):
            m = g.SEPARATORS.match(self._rest())
            self.offset += m.end() if m else 0
            if self._rest():
                return True
            self._next_block()
        return False

    def _error(self, message: str) -> ParseError:
        return ParseError(f"item {self.name}: {message}", path=self.path, line=self.line)

    # statements -------------------------------------------------------------------------------

    def _statement(self) -> None:
        self.line = self.blocks[self.index].line
        text = self._rest()
        if self.offset == 0 and text.startswith("为"):
            self.offset += _purpose_clause_length(text)
            text = self._rest()
        for form, handler in _FORMS:
            m = form.match(text)
            if m:
                self.source = m.group(0).strip()
                self.offset += m.end()
                try:
                    handler(self, m)
                except NumberingError as e:
                    raise self._error(f"{e.message} in \"{self.source}\"") from None
                return
        raise self._error(f'cannot read instruction: "{g.snippet(text)}"')

    def _check_law(self, law: str | None) -> None:
        """Raise ParseError if an instruction names a law other than the one amended."""
        if not law or g.short_law_name(law) in _OWN_LAW:
            return
        expected = self.law_names if self.law_names is not None else self.named
        if expected and g.short_law_name(law) not in expected:
            raise self._error(f"names another law: {law} (expected {' or '.join(sorted(expected))})")
        if self.law_names is None:
            self.named.add(g.short_law_name(law))

    def _target(self, law: str | None, label: str | None) -> str:
        """Return the key of the article an instruction names, or of the item's article when it names none."""
        self._check_law(law)
        if label:
            self.article = ArticleNumber.parse(label).key
        elif self.article is None:
            raise self._error(f'"{self.source}" does not say which article it amends')
        return self.article

    def _emit(self, kind: OpKind, article: str, **fields: object) -> None:
        self.ops.append(Operation(kind, article, source=self.source, **fields))  # type: ignore[arg-type]

    def _no_op(self, m: re.Match[str]) -> None:
        """Entry into force and republication change no text."""

    def _replace(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = g.ordinals(m["paras"])
        blocks = self._quote()
        if m["point"]:
            point = parse_ordinal(m["point"])[0]
            self._emit(OpKind.REPLACE_POINT, article, paragraphs=paragraphs, point=point,
                       new_text=self._point_texts([point], blocks)[0])
        elif paragraphs:
            self._check_paragraph_count(paragraphs, blocks)
            self._emit(OpKind.REPLACE_PARAGRAPHS, article, paragraphs=paragraphs, new_text=tuple(blocks))
        else:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=g.without_label(blocks, article))

    def _replace_preamble(self, m: re.Match[str]) -> None:
        """将引言修改为 / 增加引言."""
        self._check_law(m["law"])
        self._emit(OpKind.REPLACE_PREAMBLE, "", new_text=tuple(self._quote(sentence=False, empty=True)))

    def _delete_preamble(self, m: re.Match[str]) -> None:
        """删去引言."""
        self._check_law(m["law"])
        self._emit(OpKind.DELETE_PREAMBLE, "")

    def _replace_title(self, m: re.Match[str]) -> None:
        """将名称修改为“…”."""
        blocks = self._quote(sentence=False)
        if len(blocks) != 1:
            raise self._error(f'"{self.source}": the new title is {len(blocks)} blocks, expected one')
        self._emit(OpKind.REPLACE_TITLE, "", new_text=tuple(blocks))

    def _insert_articles(self, m: re.Match[str]) -> None:
        """在第X条后增加一条，作为第X条之一 (placed at once) / 增加一条，作为第Y条 (numbered as renumbered)."""
        after = self._target(m["law"], m["article"]) if m["article"] else ""
        keys = [ArticleNumber.parse(label).key for label in re.findall(g.ART, m["new"])]
        self._check_count(m["count"], keys)
        for key in keys:
            number = ArticleNumber.parse(key)
            # 之N: placed after the article named; a plain number: the number in the text as renumbered.
            if number.sub and (not after or number.base != ArticleNumber.parse(after).base):
                where = f"after {ArticleNumber.parse(after).label}" if after else "without the article it follows"
                raise self._error(f"a new article {where} cannot be {number.label}")
        within = g.container_eid(m["within"]) if m["within"] else ""
        texts = self._article_texts(keys, self._quote())
        for key, text in zip(keys, texts, strict=True):
            self._emit(OpKind.INSERT_ARTICLE, after, new_article=key, new_text=text, within=within)
            after = key if ArticleNumber.parse(key).sub else after  # several new articles follow one another

    def _renumber_article(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        new = ArticleNumber.parse(m["new"])
        if new.sub:
            raise self._error(f'"{self.source}": an article is renumbered as a whole number, not {new.label}')
        self._emit(OpKind.RENUMBER_ARTICLE, article, new_number=new.base)
        if m["amend"]:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=g.without_label(self._quote(), new.key))

    def _heading(self, m: re.Match[str]) -> tuple[str, str | None]:
        """Return (eId, words) of the heading an instruction names: by number, or by its words (no number) and,
        where several headings have those words, the article it stands before (第十条前的标题“…”: ``art_10``)."""
        if m["path"]:
            return g.container_eid(m["path"]), None
        if m["old"] is None:
            return "", m.groupdict().get("words")
        return (ArticleNumber.parse(m["before"]).eid if m["before"] else ""), m["old"]

    def _replace_heading(self, m: re.Match[str]) -> None:
        eid, words = self._heading(m)
        self._emit(OpKind.REPLACE_HEADING, eid, old_term=words, new_text=tuple(self._quote(sentence=False)))

    def _delete_heading(self, m: re.Match[str]) -> None:
        eid, words = self._heading(m)
        self._emit(OpKind.DELETE_HEADING, eid, old_term=words)

    def _insert_heading(self, m: re.Match[str]) -> None:
        anchor = ArticleNumber.parse(m["anchor"])
        blocks = self._quote(sentence=False)
        if m["word"]:
            if not m["num"] or not m["num"].endswith(m["word"]):
                raise self._error(f'"{self.source}": say which {m["word"]} it is (作为第N{m["word"]})')
            if not blocks[0].startswith(m["num"]):
                blocks[0] = f"{m['num']} {blocks[0]}"
        self._emit(OpKind.INSERT_HEADING, "", new_article=anchor.key, new_text=tuple(blocks))

    def _insert_container(self, m: re.Match[str]) -> None:
        """增加一章，作为第五章：“第五章 名称 第X条 …”: a new heading and the new articles under it."""
        blocks = self._quote()
        head = blocks[0] if blocks[0].startswith(m["num"]) else f"{m['num']} {blocks[0]}"
        labels = [(i, match) for i, b in enumerate(blocks) if (match := g.LABELLED.match(b))]
        if not labels or labels[0][0] < 1:
            raise self._error(f'"{self.source}": the new {m["word"]} holds no article (expected 第X条 … after its '
                              'name)')
        first = ArticleNumber.parse(labels[0][1].group(1))
        self._emit(OpKind.INSERT_HEADING, "", new_article=first.key, new_text=(head, *blocks[1:labels[0][0]]))
        bounds = [i for i, _ in labels] + [len(blocks)]
        for (start, match), end in zip(labels, bounds[1:], strict=True):
            key = ArticleNumber.parse(match.group(1)).key
            self._emit(OpKind.INSERT_ARTICLE, "", new_article=key,
                       new_text=(blocks[start][match.end():], *blocks[start + 1:end]))

    def _insert_paragraphs(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = g.ordinals(m["paras"])
        self._check_count(m["count"], paragraphs)
        blocks = self._quote()
        if m["restate"]:
            self._emit(OpKind.REPLACE_ARTICLE, article, new_text=g.without_label(blocks, article))
            return
        self._check_paragraph_count(paragraphs, blocks)
        self._emit(OpKind.INSERT_PARAGRAPHS, article, paragraphs=paragraphs, new_text=tuple(blocks))

    def _insert_points(self, m: re.Match[str]) -> None:
        article = self._target(m["law"], m["article"])
        paragraphs = g.ordinals(m["para"])
        points = g.ordinals(m["points"])
        self._check_count(m["count"], points)
        for point, text in zip(points, self._point_texts(points, self._quote()), strict=True):
            self._emit(OpKind.INSERT_POINT, article, paragraphs=paragraphs, point=point, new_text=text)

    def _renumber(self, m: re.Match[str]) -> None:
        article = self._target(None, None)
        olds, news = g.ordinals(m["olds"]), g.ordinals(m["news"])
        if len(olds) != len(news):
            raise self._error(f'"{self.source}" renumbers {len(olds)} provisions as {len(news)}')
        if m["amend"] and len(olds) != 1:
            raise self._error(f'"{self.source}" gives one new text for several provisions')
        blocks = self._quote() if m["amend"] else []
        for old, new in zip(olds, news, strict=True):
            if m["unit"] == "款":
                self._emit(OpKind.RENUMBER_PARAGRAPH, article, paragraphs=(old,), new_number=new,
                           new_text=tuple(blocks))
            else:
                text = self._point_texts([new], blocks)[0] if blocks else ()
                self._emit(OpKind.RENUMBER_POINT, article, point=old, new_number=new, new_text=text)

    def _delete(self, m: re.Match[str]) -> None:
        for article, paragraphs, point in self._refs(m):
            if point is not None:
                self._emit(OpKind.DELETE_POINT, article, paragraphs=paragraphs, point=point)
            elif paragraphs:
                self._emit(OpKind.DELETE_PARAGRAPHS, article, paragraphs=paragraphs)
            else:
                self._emit(OpKind.DELETE_ARTICLE, article)

    def _replace_term(self, m: re.Match[str]) -> None:
        refs = self._refs(m)
        for change in g.TERM_CHANGE.finditer(m["changes"]):
            for old in g.TERM.findall(change["olds"]):
                self._emit_terms(refs, old, change["new"])

    def _following_term(self, m: re.Match[str]) -> None:
        """A further term replacement in the item's article: 将第十条第一款中的“A”修改为“B”，第二款中的“C”修改为“D”."""
        article = self._target(None, None)
        refs: list[tuple[str, tuple[int, ...], int | None]] = []
        for token in re.findall(rf"{g.PARA}|{g.POINT}", m["refs"]):
            number, unit = parse_ordinal(token)
            if unit == "款":
                refs.append((article, (number,), None))
            elif refs and refs[-1][2] is None:
                refs[-1] = (article, refs[-1][1], number)
            else:  # 第三项 after 第二款第一项: of the paragraph named before
                refs.append((article, refs[-1][1] if refs else self.paragraphs, number))
        for change in g.TERM_CHANGE.finditer(m["changes"]):
            for old in g.TERM.findall(change["olds"]):
                self._emit_terms(refs, old, change["new"])

    def _delete_term(self, m: re.Match[str]) -> None:
        refs = self._refs(m)
        for old in g.TERM.findall(m["terms"]):
            self._emit_terms(refs, old, "")

    def _renumber_all(self, m: re.Match[str]) -> None:
        self._emit(OpKind.RENUMBER_ALL, "")

    # helpers ----------------------------------------------------------------------------------

    def _refs(self, m: re.Match[str]) -> list[tuple[str, tuple[int, ...], int | None]]:
        """Return (article, paragraphs, point) for each provision an instruction names: ``名称`` for the title,
        ``""`` for the whole text (本法中的)."""
        if m["refs"] == "该条":
            return [(self._target(m["law"], None), (), None)]
        self._check_law(m["law"])
        if re.fullmatch(g.WHOLE, m["refs"]):
            return [("", (), None)]
        refs: list[tuple[str, tuple[int, ...], int | None]] = []
        for token in re.findall(rf"{g.ART}|{g.PARA}|{g.POINT}|名称|至", m["refs"]):
            if token == "名称":
                refs.append(("名称", (), None))
                continue
            if token == "至":
                refs.append(("至", (), None))
                continue
            if "条" in token:
                key = self._target(m["law"], token)
                if refs and refs[-1][0] == "至":  # 第十条至第十二条: every article between
                    refs.pop()
                    first, last = ArticleNumber.parse(refs[-1][0]), ArticleNumber.parse(key)
                    if first.sub or last.sub or not first.base < last.base:
                        raise self._error(f'"{self.source}": {first.label}至{last.label} is not a range of articles')
                    refs += [(str(n), (), None) for n in range(first.base + 1, last.base)]
                refs.append((key, (), None))
                continue
            if not refs:
                refs.append((self._target(m["law"], None), (), None))
            article, paragraphs, point = refs[-1]
            number, unit = parse_ordinal(token)
            if unit == "款":
                refs[-1] = (article, (*paragraphs, number), point)
            elif point is None:
                refs[-1] = (article, paragraphs, number)
            else:
                refs.append((article, paragraphs, number))
        return refs

    def _emit_terms(self, refs: list[tuple[str, tuple[int, ...], int | None]], old: str, new: str) -> None:
        if not old:
            raise self._error(f'"{self.source}" replaces an empty term')
        old, new = g.inner_quotes(old), g.inner_quotes(new)
        for article, paragraphs, point in refs:
            self.paragraphs = paragraphs
            if article == "名称":
                self._emit(OpKind.REPLACE_TITLE, "", old_term=old, new_term=new)
            else:
                self._emit(OpKind.REPLACE_TERM, article, paragraphs=paragraphs, point=point, old_term=old,
                           new_term=new)

    def _check_count(self, count: str, numbers: Sequence[object]) -> None:
        if parse_chinese(count) != len(numbers):
            raise self._error(f'"{self.source}" adds {count} but numbers {len(numbers)}')

    def _check_paragraph_count(self, paragraphs: tuple[int, ...], blocks: list[str]) -> None:
        found = sum(1 for block in blocks if not g.POINT_START.match(block))
        if found != len(paragraphs):
            raise self._error(f'"{self.source}" names {len(paragraphs)} paragraph(s) but the quoted text has {found}')

    def _point_texts(self, points: Sequence[int], blocks: list[str]) -> list[tuple[str, ...]]:
        """Return each point's block, numbered （N） as a consolidated statute prints it."""
        if len(blocks) != len(points):
            raise self._error(f'"{self.source}" names {len(points)} point(s) but the quoted text has {len(blocks)}')
        return [(block if g.POINT_START.match(block) else point_num(n) + block,)
                for n, block in zip(points, blocks, strict=True)]

    def _article_texts(self, keys: list[str], blocks: list[str]) -> list[tuple[str, ...]]:
        """Return the blocks of each new article; several new articles each open with their number."""
        if len(keys) == 1:
            return [g.without_label(blocks, keys[0])]
        texts: list[list[str]] = []
        for block in blocks:
            label = g.label_at(block, keys[len(texts)]) if len(texts) < len(keys) else None
            if label:
                texts.append([block[len(label):]])
            elif texts:
                texts[-1].append(block)
            else:
                break
        if len(texts) != len(keys):
            missing = ArticleNumber.parse(keys[len(texts)]).label
            raise self._error(f'"{self.source}": the quoted text of {missing} does not start with its number')
        return [tuple(text) for text in texts]

    def _starts_statement(self, text: str) -> bool:
        return any(form.match(text) for form, _ in _FORMS)

    def _quote(self, sentence: bool = True, empty: bool = False) -> list[str]:
        """Return the quoted new text that follows an instruction, as blocks; move past it. ``sentence``: a full
        stop right after the closing quote belongs to the text (not for a heading or a title); ``empty``: the text
        may be an empty line (a preamble or a heading's lines printed as one)."""
        if not self._rest().strip():
            self._next_block()
        paragraphs: list[str] = []
        while self.index < len(self.blocks):
            text = self._rest()
            if not text.startswith("“") and self._starts_statement(text):
                break  # no (closing) quote: the next instruction begins here
            body, rest, closed = g.unquote(text, sentence)
            paragraphs.append(body)
            if closed:
                self.offset += len(text) - len(rest)
                break
            self._next_block()
        if not paragraphs or not (paragraphs[0] or empty):
            raise self._error(f'"{self.source}" is not followed by the new text')
        return [block for paragraph in paragraphs
                for block in g.split_points(self._printed(g.inner_quotes(paragraph)))]

    def _printed(self, text: str) -> str:
        """Return new text as the amended law prints it. The national database's 修正案 (the Criminal Law's) type
        ASCII , : ; after Chinese characters where the consolidated law prints them full-width; a decision's new
        text is kept as typed (a law may print them in ASCII: a draft must give it back exactly)."""
        names = self.law_names if self.law_names is not None else self.named
        if any(style_of(name) is Style.AMENDMENT for name in names):
            return g.full_width(text)
        return text


_Handler = Callable[[_ItemReader, re.Match[str]], None]

# Instruction forms, tried in this order (term forms before the plain forms they begin like).
_INSTRUCTIONS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (g.REPLACE_TERM, _ItemReader._replace_term),
    (g.DELETE_TERM, _ItemReader._delete_term),
    (g.REPLACE_PREAMBLE, _ItemReader._replace_preamble),
    (g.DELETE_PREAMBLE, _ItemReader._delete_preamble),
    (g.REPLACE_TITLE, _ItemReader._replace_title),
    (g.REPLACE_HEADING, _ItemReader._replace_heading),
    (g.DELETE_HEADING, _ItemReader._delete_heading),
    (g.INSERT_HEADING, _ItemReader._insert_heading),
    (g.INSERT_CONTAINER, _ItemReader._insert_container),
    (g.RENUMBER_ARTICLE, _ItemReader._renumber_article),
    (g.REPLACE, _ItemReader._replace),
    (g.INSERT_ARTICLES, _ItemReader._insert_articles),
    (g.INSERT_PARAGRAPHS, _ItemReader._insert_paragraphs),
    (g.INSERT_POINTS, _ItemReader._insert_points),
    (g.RENUMBER, _ItemReader._renumber),
    (g.DELETE, _ItemReader._delete),
    (g.FOLLOWING_TERM, _ItemReader._following_term),
)
# Every statement an item may hold: the loose sentence forms last, so that no instruction is read as one of them.
_FORMS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (g.IN_FORCE, _ItemReader._no_op),
    *_INSTRUCTIONS,
    (g.RENUMBER_ALL, _ItemReader._renumber_all),
    (g.REPUBLISH, _ItemReader._no_op),
)


def _purpose_clause_length(text: str) -> int:
    """Return the length of a leading 为了……， clause that an instruction follows, or 0 if none does."""
    for m in re.finditer(r"[，,]", text.split("“", 1)[0]):
        if any(form.match(text[m.end():]) for form, _ in _INSTRUCTIONS):
            return m.end()
    return 0




def _starts_instruction(text: str) -> bool:
    """Return whether a block is or contains (after a purpose clause) an instruction."""
    return any(form.match(text) for form, _ in _INSTRUCTIONS) or _purpose_clause_length(text) > 0


# --- items and sections -------------------------------------------------------------------------

def _split_items(blocks: list[_Block]) -> tuple[list[_Block], list[_RawItem]]:
    """Return (preamble blocks, items): items numbered 一、/1./（一） in sequence, or one unnumbered item."""
    items: list[_RawItem] = []
    first = _first_item(blocks)
    if first is None:
        start = next((i for i, b in enumerate(blocks) if _starts_instruction(b.text)), len(blocks))
        if start < len(blocks):
            items.append(_RawItem(1, "", "", blocks[start:]))
        return blocks[:start], items
    start, style = first
    quote_open = False
    for block in blocks[start:]:
        numbering = g.item_number(block.text)
        expected = len(items) + 1
        # Inside a quotation (new text numbering its lines 1. 2. …) a number opens an item only if an instruction
        # follows it: amendments leave some quotations unclosed.
        opens = numbering and numbering[0] == style and numbering[1] == expected and (
            not quote_open or (style != "paren" and _starts_instruction(block.text[len(numbering[3]):])))
        if opens:
            assert numbering is not None
            _, number, label, prefix = numbering
            items.append(_RawItem(number, label, prefix, [_Block(block.text[len(prefix):], block.line)]))
            quote_open = False
        else:
            items[-1].blocks.append(block)
        quote_open = g.quote_open_after(block.text, quote_open)
    return blocks[:start], items


def _first_item(blocks: list[_Block]) -> tuple[int, str] | None:
    """Return (index, numbering style) of the block that opens item 1, or None if items are not numbered."""
    quote_open = False
    for i, block in enumerate(blocks):
        numbering = g.item_number(block.text)
        if numbering and numbering[1] == 1 and not quote_open:
            return i, numbering[0]
        quote_open = g.quote_open_after(block.text, quote_open)
    return None


def _section_title(text: str) -> str | None:
    """Return the document a section heading (一、对《中华人民共和国X法》作出修改 / 一、修改《…》) names, or None."""
    numbering = g.item_number(text)
    m = g.SECTION_HEADING.fullmatch(text[len(numbering[3]):] if numbering else text)
    return (m["title"] or m["modified"]) if m else None


def _closing_statement(text: str) -> bool:
    """Return whether a block (after its numbering) is an entry-into-force or republication sentence."""
    numbering = g.item_number(text)
    rest = text[len(numbering[3]):] if numbering else text
    return any(form.match(rest) for form in (g.IN_FORCE, g.REPUBLISH, g.RENUMBER_ALL))


def _sections(blocks: list[_Block]) -> tuple[list[tuple[str, int, list[_Block]]], list[_Block]]:
    """Return the sections of an omnibus decision as (document title, heading index, blocks), and the decision's
    closing sentences (entry into force, republication) that follow the last section; ([], []) if none."""
    headings = []
    quote_open = False
    for i, block in enumerate(blocks):
        if not quote_open and not block.text.startswith("“") and _section_title(block.text):
            headings.append(i)
        quote_open = g.quote_open_after(block.text, quote_open)
    sections = []
    closing: list[_Block] = []
    for n, start in enumerate(headings):
        body = blocks[start + 1:headings[n + 1] if n + 1 < len(headings) else len(blocks)]
        if n + 1 == len(headings):
            while body and _closing_statement(body[-1].text):
                closing.insert(0, body.pop())
        sections.append((_section_title(blocks[start].text) or "", start, body))
    return sections, closing


def _closing_items(blocks: list[_Block], after: int) -> list[_RawItem]:
    """Return closing sentences as items numbered after ``after`` (those without a number of their own)."""
    items: list[_RawItem] = []
    for block in blocks:
        numbering = g.item_number(block.text)
        _, number, label, prefix = numbering or ("", after + len(items) + 1, "", "")
        items.append(_RawItem(number, label, prefix, [_Block(block.text[len(prefix):], block.line)]))
    return items


def _laws_named(raw: _RawItem) -> set[str]:
    """Return the short names of the laws an item's instructions name (quoted text left out: each block up to
    its first opening quote and after its last closing one)."""
    words = []
    for block in raw.blocks:
        text = block.text
        opened, closed = text.find("“"), text.rfind("”")
        words.append(text if opened < 0 else text[:opened] + (text[closed + 1:] if closed > opened else ""))
    return {g.short_law_name(title) for title in g.LAW_TITLE.findall("\n".join(words))}


def _law_of_title(title: str) -> str | None:
    """Return the short name of the law an instrument's title amends: 中华人民共和国刑法修正案（七） → 刑法."""
    m = g.LAW_TITLE.search(title) or g.AMENDMENT_TITLE.match(title)
    return g.short_law_name(m.group(1)) if m else None


def _section(heading: _Block | None, target: str, blocks: list[_Block], raws: list[_RawItem] | None,
             path: str) -> Section:
    """Return one section: its heading, the blocks before its first item and its items, read for ``target``."""
    preamble: list[_Block] = []
    if raws is None:
        preamble, raws = _split_items(blocks)
    items = _read_items(raws, path, (target, "本法"))
    line = heading.line if heading else raws[0].blocks[0].line
    return Section(heading.text if heading else "", target, line, items, tuple(b.text for b in preamble))


def _read_body(blocks: list[_Block], title: str, path: str
               ) -> tuple[list[_Block], tuple[Item, ...], tuple[Section, ...], str]:
    """Return (preamble, items, sections, target) of an instrument's body.

    An omnibus decision amends several documents: in sections headed 《title》 (一、修改《…》, 一、对《…》作出修改),
    or in items each naming the law they amend (一、将《中华人民共和国土地管理法》第二条…); its items are then the
    closing sentences after the last section. Any other instrument amends the document its title names.
    """
    found, closing = _sections(blocks)
    if found:
        sections = tuple(_section(blocks[start], heading, body, None, path) for heading, start, body in found)
        items = _read_items(_closing_items(closing, 0), path, ())
        return blocks[:found[0][1]], items, sections, ""
    preamble, raws = _split_items(blocks)
    named = [_laws_named(raw) for raw in raws]
    laws = {law for names in named for law in names}
    if len(laws) > 1:  # items naming the laws they amend: consecutive items of one law make a section
        groups: list[tuple[str, list[_RawItem]]] = []
        for raw, names in zip(raws, named, strict=True):
            if len(names) == 1:
                law = next(iter(names))
                if groups and groups[-1][0] == law:
                    groups[-1][1].append(raw)
                else:
                    groups.append((law, [raw]))
            elif groups and not names:
                groups[-1][1].append(raw)
            else:
                groups.append(("", [raw]))
        tail: list[_RawItem] = []
        while groups and all(not _laws_named(raw) for raw in groups[-1][1][-1:]):
            tail.insert(0, groups[-1][1].pop())
            if not groups[-1][1]:
                groups.pop()
        sections = tuple(_section(None, law, [], group, path) for law, group in groups)
        return preamble, _read_items(tail, path, ()), sections, ""
    amended = next(iter(laws), None) or _law_of_title(title)
    return preamble, _read_items(raws, path, (amended, "本法") if amended else ("本法",)), (), amended or ""


def _in_force(blocks: list[_Block], adopted: datetime.date | None, path: str) -> tuple[str, datetime.date | None]:
    """Return (sentence, date) of the instrument's entry into force; a law in force on promulgation takes the
    adoption date (NPC Standing Committee instruments are promulgated the day they are adopted)."""
    for block in reversed(blocks):
        numbering = g.item_number(block.text)
        sentence = block.text[len(numbering[3]):] if numbering else block.text
        m = g.IN_FORCE.match(sentence)
        if m:
            if m["when"] == "公布之日":
                return m.group(0), adopted
            return m.group(0), g.checked_date(m, path, block.line) if m["y"] else None  # None: a draft's blank date
    return "", None


# --- public API ----------------------------------------------------------------------------------

def _blocks(texts: Sequence[str], first_line: int) -> list[_Block]:
    """Return blocks with their line numbers, blocks being separated by one blank line."""
    blocks: list[_Block] = []
    line = first_line
    for text in texts:
        blocks.append(_Block(text, line))
        line += text.count("\n") + 2
    return blocks


#: How an item cites the law it amends without naming it.
_OWN_LAW = ("本法", "该法", "本解释", "本规定", "本条例", "本办法", "本决定")


def _read_items(raws: list[_RawItem], path: str, law_names: Sequence[str] | None) -> tuple[Item, ...]:
    """Return the items with their operations read (``law_names`` None: the law is whichever one the items name)."""
    named: set[str] = set()
    return tuple(
        Item(raw.number, raw.label, tuple(b.text for b in raw.blocks),
             _ItemReader(raw, path, law_names, named).read(), raw.blocks[0].line, raw.prefix)
        for raw in raws
    )



def parse_instructions(blocks: Sequence[str], path: str, first_line: int,
                       law_names: Sequence[str] | None = ("刑法", "本法")) -> tuple[Item, ...]:
    """Return the items (with operations) of a list of instruction blocks, e.g. a proposal's "## Changes".

    Blocks are numbered items (一、 / 1. / （一）) or, unnumbered, one item. Blocks before the first item that are
    not instructions (an introduction) are not part of any item. ``first_line`` is the line of the first block;
    blocks are taken to be separated by one blank line. ``law_names`` are the names the amended law may be cited
    by (本法, 该法 and the 中华人民共和国 form are always accepted); None accepts one law, the first the items name.
    """
    _, raws = _split_items(_blocks(blocks, first_line))
    return _read_items(raws, path, law_names)


def parse_instrument(text: str, path: str = "<string>", target: str | None = None) -> Instrument:
    """Return the instrument read from national-database Markdown (``# title``, history, ``<!-- INFO END -->``).

    An omnibus decision keeps every section (see `Instrument.sections`); ``target`` (``中华人民共和国刑法`` or
    ``刑法``) returns the instrument as it amends that document only (`Instrument.for_document`). Raise ParseError
    naming the file, line and item of anything that cannot be read.
    """
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ParseError("expected the title as the first line (# 中华人民共和国…)", path=path, line=1)
    try:
        end = lines.index("<!-- INFO END -->")
    except ValueError:
        raise ParseError("expected a line <!-- INFO END --> after the history lines", path=path, line=2) from None
    title = lines[0][2:].strip()
    header = tuple(line for line in lines[1:end] if line.strip())
    body = [_Block(line, n) for n, line in enumerate(lines[end + 1:], start=end + 2) if line.strip()]
    preamble, items, sections, law = _read_body(body, title, path)
    adopted = next((g.checked_date(m, path, n) for n, m in enumerate(map(g.ADOPTED.search, lines[1:end]), start=2)
                    if m), None)
    in_force_text, in_force = _in_force(body, adopted, path)
    instrument = Instrument(title, header, adopted, tuple(b.text for b in preamble), items, in_force, in_force_text,
                            law, sections)
    if target is None:
        return instrument
    try:
        return instrument.for_document(target)
    except LawdiffError as exc:
        line = sections[0].line if sections else (items[0].line if items else 1)
        raise ParseError(exc.message, path=path, line=line) from None
