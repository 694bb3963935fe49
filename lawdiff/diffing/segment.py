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

import hashlib
import logging
import os
import pickle
import re
import tempfile
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
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
    """Return lawdiff's own jieba tokenizer with the legal lexicon loaded (built once, on first use).

    jieba's prefix dictionary with the lexicon added is kept in lawdiff's cache folder (`dictionary_cache`): read
    from there it loads in about a third of the time jieba's own cache takes (0.16 s against 0.5 s), which is
    most of what a rebuild after a change of wording waits for. The cache is named after jieba's version, its
    dictionary and the lexicon, so any change to them builds it again; one that cannot be read or written is
    passed over (built the slow way)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
    tokenizer = jieba.Tokenizer()
    terms = lexicon()
    cache_file = dictionary_cache(tokenizer, terms)
    try:
        with cache_file.open("rb") as fh:
            freq, total = pickle.load(fh)
        if isinstance(freq, dict) and isinstance(total, int):
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
            return tokenizer
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    for term in terms:
        # as jieba's load_userdict does for a line without a frequency: just frequent enough to be kept whole
        tokenizer.add_word(term)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=cache_file.parent, prefix=".jieba-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((tokenizer.FREQ, tokenizer.total), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_file)
    except OSError:  # a read-only home: the next run builds it again
        pass
    return tokenizer


def dictionary_cache(tokenizer: jieba.Tokenizer, terms: list[str]) -> Path:
    """Return the file that holds jieba's prefix dictionary with the legal lexicon added, in lawdiff's cache folder
    (``$LAWDIFF_CACHE``, else ``$XDG_CACHE_HOME/lawdiff``, else ``~/.cache/lawdiff``), named after what it is
    made of: jieba's version, its dictionary file (path, size, time) and the lexicon's terms."""
    import jieba

    folder = os.environ.get("LAWDIFF_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "lawdiff")
    dictionary = tokenizer.get_dict_file()
    name = getattr(dictionary, "name", str(dictionary))
    dictionary.close()
    try:
        stat = os.stat(name)
        size, mtime = str(stat.st_size), str(stat.st_mtime_ns)
    except OSError:  # a dictionary inside an archive: named by its version and path alone
        size = mtime = ""
    made_of = "\n".join([jieba.__version__, name, size, mtime, *terms])
    return Path(folder) / f"jieba-{hashlib.sha256(made_of.encode('utf-8')).hexdigest()[:20]}.pickle"


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
