"""Word segmentation of statute text: the tokens a legal diff compares.

`tokens` cuts a text into pieces whose concatenation is exactly the text:

- Chinese by jieba (a private ``jieba.Tokenizer``, loaded on first use) with lawdiff's legal lexicon
  (``lawdiff/data/legal_lexicon.txt``, jieba user-dictionary format), so terms of art such as 单处罚金,
  有期徒刑 or 直接负责的主管人员 are never split — jieba alone cuts 单处罚金 as 单 / 处罚金;
- statutory citations as one token each: 第二百五十三条之一, 第二款, 第三项;
- words of letters in other scripts, runs of digits, runs of spaces (a line break ends its run, so a line
  boundary is always a token boundary);
- every other character (punctuation, symbols) as a token of its own.

Segmentation is deterministic: jieba runs without its HMM guesser, from its shipped dictionary and the lexicon.

>>> tokens("并处或者单处罚金；依照第二百五十三条之一第二款")
['并处', '或者', '单处罚金', '；', '依照', '第二百五十三条之一', '第二款']
>>> tokens("Article 253 (1)  reads")
['Article', ' ', '253', ' ', '(', '1', ')', '  ', 'reads']
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from lawdiff.akn.numbering import NUMERAL

if TYPE_CHECKING:
    import jieba

#: Han characters: the CJK unified ideographs (basic, extension A, compatibility, supplementary planes) and 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

_TOKEN = re.compile(
    rf"""
      (?P<han>[{HAN}]+)              # a run of Chinese: cut further by jieba
    | (?:(?![{HAN}])[^\W\d_])+       # a word of letters in any other script
    | \d+                            # a run of digits
    | [^\S\n]*\n                     # spaces up to and including a line break
    | [^\S\n]+                       # other spaces
    | .                              # anything else, punctuation included: one character
    """,
    re.VERBOSE | re.DOTALL,
)

#: A citation of a provision inside Chinese text, kept whole: 第二百五十三条之一, 第二款, 第三项, 第六章.
_CITATION = re.compile(rf"(第{NUMERAL}[编章节条款项](?:之{NUMERAL})?)")

LEXICON = "data/legal_lexicon.txt"


@cache
def _tokenizer() -> jieba.Tokenizer:
    """Return lawdiff's own jieba tokenizer with the legal lexicon loaded (built once, on first use)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
    tokenizer = jieba.Tokenizer()
    for term in lexicon():
        # as jieba's load_userdict does for a line without a frequency: just frequent enough to be kept whole
        tokenizer.add_word(term)
    return tokenizer


def warm_up() -> None:
    """Load the segmenter now (about half a second), so that no later diff waits for it — in a process that
    will diff again and again, or fork processes that will (`lawdiff serve`)."""
    _tokenizer().initialize()


def lexicon() -> list[str]:
    """Return the terms of the legal lexicon (a jieba user dictionary, one term a line), in file order."""
    text = resources.files("lawdiff").joinpath(LEXICON).read_text(encoding="utf-8")
    return [line.split()[0] for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=65536)
def han_words(run: str) -> tuple[str, ...]:
    """Return the words of a run of Chinese: citations whole, the rest as jieba cuts it."""
    out: list[str] = []
    for i, piece in enumerate(_CITATION.split(run)):
        if i % 2:
            out.append(piece)
        elif piece:
            out.extend(_tokenizer().cut(piece, HMM=False))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Return the tokens of a text, in order; their concatenation is exactly ``text``."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "han":
            out.extend(han_words(m.group()))
        else:
            out.append(m.group())
    return out
