"""Synthetic statutes for the scale benchmark: laws shaped like the Criminal Law, the amending instruments that
made them and reform proposals against them — written as the national database and the NPC write them.

One unit (scale 1) is the size of the shipped Criminal Law and what comes with it: a law of 452 articles in
编/章/节 (about 500 once amended), eleven amending instruments of 1 to 52 items (about 210 operations, 之N
articles among them) and five proposals. Scale 10 and 100 are ten and a hundred such laws (100 × ≈ 50,000
articles). Every shape and length is sampled from the real Criminal Law (statutes/criminal-law): articles per
chapter or section, paragraphs per article, points per paragraph, paragraph lengths, the items per instrument
and the kinds of their operations; the text is made of the law's own clauses in a new order, so the vocabulary is
that of statutes.

Citations of other articles (依照本法第二百六十四条的规定定罪处罚: 77 of the law's 4,220 clauses) are kept, at
the rate the real text has them, and point at articles of the synthetic law: a cited number is kept when the law
has that article at the time the text is written (in force, and not the citing article itself); a 之N article it
does not have yet is cited by its base article (第二百五十三条之一 → 第二百五十三条), any other missing number by
the nearest article that exists. A 第N款 or 第N项 written onto the number is kept only if the article cited has that
paragraph or point. As a first text has the Criminal Law's 452 articles, its citations keep the real numbers: the
web of citations has the real one's shape (circles included, which `penalties` must survive) over other text.

Instruments also replace terms (将…第N条中的“A”修改为“B”) at the rate the Criminal Law's own history has them: its
eleven amendments have none, but the NPCSC's 2009 decision amending several laws replaced 征用 by 征收、征用 in
Articles 381 and 410 — two operations beside the amendments' 217, so about two per synthetic law. The terms are
terms of art (lawdiff's legal lexicon) that the Criminal Law uses. A term replaced in an article a later instrument
restates cannot be replayed by `verify` (the earlier text is not in the corpus): such an item is counted
undetermined, not as a disagreement.

The laws are made the way the real one was: a first text, then each instrument applied to it in turn by lawdiff
(which checks that every instruction can be applied); the consolidated text after the last instrument is the
source to import, as the national database publishes it. Everything is seeded: ``random.Random(seed)`` per law.

    python benchmarks/synthetic.py generate --scale 10 --seed 1 DIR   # DIR/corpus/*.md, DIR/project/proposals
    python benchmarks/synthetic.py import DIR      # corpus → DIR/project/statutes (as `lawdiff regenerate` does)
    python benchmarks/synthetic.py validate DIR    # schema and lawdiff's rules on every statute and instrument
    python benchmarks/synthetic.py verify DIR      # every law's timeline derived and replayed (`lawdiff verify`)
    python benchmarks/synthetic.py proposals DIR   # every proposal loaded and applied to its base

Each command prints one JSON line of counts; `benchmarks/run.py` runs them as separate processes and times them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lawdiff.akn.model import Provision, Statute  # noqa: E402
from lawdiff.akn.numbering import NUMERAL, ArticleNumber, parse_chinese, to_chinese  # noqa: E402
from lawdiff.amending.instrument import apply_instrument  # noqa: E402
from lawdiff.diffing.segment import lexicon  # noqa: E402
from lawdiff.importing.instructions import parse_instrument  # noqa: E402
from lawdiff.importing.markdown import export_markdown, import_markdown  # noqa: E402

CRIMINAL_LAW = REPO / "statutes" / "criminal-law" / "zho@2020-12-26.xml"
#: Items per instrument in Amendments I–XI (the in-force item included).
ITEMS_PER_INSTRUMENT = (9, 1, 9, 9, 4, 21, 15, 50, 52, 1, 48)
#: Operations of Amendments I–XI by kind (the few renumberings and point operations left out), and the two term
#: replacements of the 2009 decision amending several laws (Arts. 381 and 410: “征用” → “征收、征用”), which
#: statutes/criminal-law/amendments does not hold: none of the eleven amendments replaces a term.
OPERATION_WEIGHTS = {"replace_article": 94, "insert_article": 53, "replace_paragraphs": 47, "insert_paragraphs": 18,
                     "delete_paragraphs": 4, "replace_term": 2, "delete_article": 1}
PROPOSALS_PER_LAW = 5
#: Syllables of the synthetic laws' names (中华人民共和国…法); never 法 itself, so that a name is cited unambiguously.
NAME_WORDS = ("数据", "网络", "金融", "能源", "交通", "海洋", "森林", "草原", "水利", "矿产", "税收", "海关", "港口",
              "航空", "铁路", "电力", "邮政", "气象", "测绘", "档案", "统计", "审计", "价格", "广告", "商标", "专利",
              "种子", "渔业", "畜牧", "粮食", "药品", "疫苗", "食品", "教育", "体育", "旅游", "文物", "出版")
#: Words of the legal lexicon that cite (前款, 本条, 本法): never replaced as terms, that would garble references.
_CITING_WORD = r"(?:前.?|本|该|各该)[款条项法]"


# --- what the Criminal Law looks like --------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Distributions measured on the real Criminal Law, sampled by the generator."""

    chapters_per_book: tuple[int, ...]
    sections_per_chapter: tuple[int, ...]  # 0: the chapter holds its articles directly
    articles_per_leaf: tuple[int, ...]  # base articles (not 之N) per chapter without sections, or per section
    paragraphs_per_article: tuple[int, ...]
    points_per_paragraph: tuple[int, ...]
    paragraph_lengths: tuple[int, ...]
    clauses: tuple[str, ...]  # pieces of paragraphs ending in ，；。 (none starting like a heading or a point)
    points: tuple[str, ...]  # point texts without their number
    terms: tuple[str, ...]  # terms of art the law uses (lawdiff's legal lexicon), for term replacements


@cache
def profile() -> Profile:
    """Return the distributions of the shipped Criminal Law."""
    statute = Statute.load(CRIMINAL_LAW)
    books = [c for c in statute.containers() if c.kind == "book"]
    chapters = [c for b in books for c in b.children() if c.kind == "chapter"]
    leaves = [s for c in chapters for s in (c.children() if any(x.kind == "section" for x in c.children()) else [c])
              if s.kind in ("chapter", "section")]
    articles = [a for a in statute.articles() if not a.removed]
    paragraphs = [p for a in articles for p in a.paragraphs()]
    texts = [p.own_text for p in paragraphs]
    # Clauses citing other articles stay in (the writer points them at the new law's articles: see cite()).
    clauses = [c for t in texts for c in re.findall(r"[^，；。：]+[，；。]", t)
               if not c.startswith(("第", "（", "#", "“")) and "“" not in c and "”" not in c]
    # Terms replaced are terms of art, as 征用 was: those of lawdiff's legal lexicon that the law uses, but not the
    # words of citations (前款, 本条, 本法), whose replacement would garble the references.
    full = "".join(texts)
    terms = [t for t in lexicon() if t in full and not re.fullmatch(_CITING_WORD, t)]
    return Profile(
        chapters_per_book=tuple(sum(1 for c in b.children() if c.kind == "chapter") for b in books),
        sections_per_chapter=tuple(sum(1 for x in c.children() if x.kind == "section") for c in chapters),
        articles_per_leaf=tuple(sum(1 for a in s.children() if a.kind == "article"
                                    and "之" not in a.num) for s in leaves),
        paragraphs_per_article=tuple(len(a.paragraphs()) for a in articles),
        points_per_paragraph=tuple(len(p.points()) for p in paragraphs),
        paragraph_lengths=tuple(len(t) for t in texts if t),
        clauses=tuple(clauses),
        points=tuple(pt.own_text for p in paragraphs for pt in p.points()),
        terms=tuple(terms),
    )


# --- writing text -----------------------------------------------------------------------------------------

#: What citations may point at: article key (253, 253-1) → the number of points of each of its paragraphs.
Shape = dict[str, tuple[int, ...]]
#: A citation of an article, with the paragraph and point written onto it: 第一百五十一条之一第一款第二项.
CITATION = re.compile(rf"第(?P<base>{NUMERAL})条(?:之(?P<sub>{NUMERAL}))?(?:第(?P<para>{NUMERAL})款)?"
                      rf"(?:第(?P<point>{NUMERAL})项)?")


def shape_of(statute: Statute) -> Shape:
    """Return the articles in force of a statute and the points of their paragraphs."""
    return {a.eid.removeprefix("art_"): tuple(len(p.points()) for p in a.paragraphs())
            for a in statute.articles() if not a.removed}


class Writer:
    """Writes statute text from the profile with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.p = profile()

    def sentence(self, ending: str = "。") -> str:
        """Return a paragraph of a length drawn from the law's, made of its clauses, ending with ``ending``."""
        length = self.rng.choice(self.p.paragraph_lengths)
        out = ""
        while len(out) < length:
            out += self.rng.choice(self.p.clauses)
        return out[:-1] + ending

    def article(self) -> list[str]:
        """Return an article's blocks: paragraphs, each maybe with points (the paragraph then leads into them)."""
        blocks = []
        for _ in range(self.rng.choice(self.p.paragraphs_per_article)):
            points = self.rng.choice(self.p.points_per_paragraph)
            blocks.append(self.sentence("：" if points else "。"))
            for n in range(1, points + 1):
                blocks.append(f"（{to_chinese(n)}）{self.rng.choice(self.p.points)}")
        return blocks

    def cite(self, text: str, shape: Shape, own: str = "") -> str:
        """Return ``text`` with every citation pointing at an article of ``shape`` other than ``own``: the number
        kept if it is there, a 之N article missing cited by its base, any other by the nearest article; a paragraph
        or point written onto the number is kept only if the article cited has it."""
        def nearest(base: int) -> str:
            return min((ArticleNumber.parse(k) for k in shape if k != own),
                       key=lambda n: (abs(n.base - base), n)).key

        def one(m: re.Match[str]) -> str:
            base = parse_chinese(m["base"])
            key = f"{base}-{parse_chinese(m['sub'])}" if m["sub"] else str(base)
            if key not in shape or key == own:
                key = str(base) if str(base) in shape and str(base) != own else nearest(base)
            out = ArticleNumber.parse(key).label
            paragraphs = shape[key]
            para = parse_chinese(m["para"]) if m["para"] else 0
            if 0 < para <= len(paragraphs):
                out += f"第{m['para']}款"
                if m["point"] and parse_chinese(m["point"]) <= paragraphs[para - 1]:
                    out += f"第{m['point']}项"
            return out

        return CITATION.sub(one, text) if len(shape) > 1 else text

    def heading(self) -> str:
        return "".join(self.rng.choice(NAME_WORDS) for _ in range(self.rng.randint(1, 3)))

    def date(self, after: dt.date, days: tuple[int, int]) -> dt.date:
        return after + dt.timedelta(days=self.rng.randint(*days))


def law_name(index: int) -> str:
    """Return the Chinese short name of synthetic law ``index`` (数据网络法 …): distinct for every index."""
    n = len(NAME_WORDS)
    return NAME_WORDS[index % n] + NAME_WORDS[(index // n + index) % n] + ("" if index < n * n else str(index)) + "法"


def work_name(index: int) -> str:
    return f"synthetic-law-{index:03d}"


def zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def first_text(w: Writer, index: int, adopted: dt.date) -> str:
    """Return the first text of a law (before any amendment) in national-database Markdown."""
    out = [f"# 中华人民共和国{law_name(index)}", f"{zh_date(adopted)} 第八届全国人民代表大会第五次会议通过",
           "<!-- INFO END -->"]
    # The Criminal Law's skeleton — its books and chapters, its sections and their articles — shuffled: the same
    # totals (452 articles before any amendment), a different arrangement for every law.
    sections = w.rng.sample(w.p.sections_per_chapter, len(w.p.sections_per_chapter))
    leaves = w.rng.sample(w.p.articles_per_leaf, len(w.p.articles_per_leaf))
    # Articles are written first and their citations pointed at the law once all its articles are known.
    articles: dict[str, list[str]] = {}
    for b, chapters in enumerate(w.p.chapters_per_book, 1):
        out.append(f"## 第{to_chinese(b)}编 {w.heading()}")
        for c in range(1, chapters + 1):
            out.append(f"### 第{to_chinese(c)}章 {w.heading()}")
            count = sections.pop()
            for s in range(1, count + 1) if count else [0]:
                if s:
                    out.append(f"#### 第{to_chinese(s)}节 {w.heading()}")
                for _ in range(leaves.pop()):
                    key = str(len(articles) + 1)
                    articles[key] = w.article()
                    out.append(key)  # replaced below by the article's blocks
    closing = str(len(articles) + 1)
    shape = {key: _points_per_paragraph(blocks) for key, blocks in articles.items()} | {closing: (0,)}
    text = []
    for line in out:
        if line in articles:
            blocks = [w.cite(block, shape, own=line) for block in articles[line]]
            text += [f"第{to_chinese(int(line))}条 {blocks[0]}", *blocks[1:]]
        else:
            text.append(line)
    text += ["## 附则", f"第{to_chinese(int(closing))}条 本法自{zh_date(adopted + dt.timedelta(days=201))}起施行。"]
    return "\n\n".join(text)


def _points_per_paragraph(blocks: list[str]) -> tuple[int, ...]:
    """Return the number of points of each paragraph of an article's blocks (a point opens with （N）)."""
    counts: list[int] = []
    for block in blocks:
        if block.startswith("（"):
            counts[-1] += 1
        else:
            counts.append(0)
    return tuple(counts)


# --- amending instruments ---------------------------------------------------------------------------------


def _quoted(blocks: list[str]) -> str:
    """Return new text as instructions quote it: every block opens with “, the last closes with ”."""
    return "\n\n".join("“" + b for b in blocks) + "”"


def _free_sub(statute: Statute, key: str) -> tuple[str, str]:
    """Return (the article a new 之N article follows, its number): 253 → (253, 253-1), or (253-1, 253-2)."""
    base = ArticleNumber.parse(key).base
    sub = 1
    while statute.find(f"art_{base}-{sub}") is not None:
        sub += 1
    return (f"{base}-{sub - 1}" if sub > 1 else str(base)), f"{base}-{sub}"


def instruction(w: Writer, statute: Statute, law: str, key: str, kind: str, shape: Shape) -> str | None:
    """Return one instruction of ``kind`` on article ``key`` (None if it does not fit the article); the new text
    cites articles of ``shape`` (the statute's articles in force)."""
    article = statute.article(key)
    label = ArticleNumber.parse(key).label
    paragraphs = article.paragraphs()

    def quoted(blocks: list[str], own: str = key) -> str:
        return _quoted([w.cite(b, shape, own) for b in blocks])

    if kind == "replace_article":
        return f"将{law}{label}修改为：{quoted(w.article())}"
    if kind == "insert_article":
        after, new = _free_sub(statute, key)
        return (f"在{law}{ArticleNumber.parse(after).label}后增加一条，作为{ArticleNumber.parse(new).label}："
                f"{quoted(w.article(), new)}")
    if kind == "replace_paragraphs":
        plain = [i for i, p in enumerate(paragraphs, 1) if not p.points()]
        if not plain:
            return None
        return f"将{law}{label}第{to_chinese(w.rng.choice(plain))}款修改为：{quoted([w.sentence()])}"
    if kind == "insert_paragraphs":
        return f"在{law}{label}中增加一款作为第{to_chinese(len(paragraphs) + 1)}款：{quoted([w.sentence()])}"
    if kind == "delete_paragraphs":
        return f"删去{law}{label}第{to_chinese(len(paragraphs))}款。" if len(paragraphs) > 1 else None
    if kind == "delete_article":
        return f"删去{law}{label}。"
    text = article.text
    terms = [t for t in w.p.terms if t in text]
    if not terms:
        return None
    new = next((t for t in w.rng.sample(w.p.terms, 20) if t not in text and not any(t in o for o in terms)), None)
    return f"将{law}{label}中的“{w.rng.choice(terms)}”修改为“{new}”。" if new else None


def instructions(w: Writer, statute: Statute, law: str, count: int, weights: dict[str, int]) -> list[str]:
    """Return ``count`` instructions, each on a different article (never the closing one), of kinds drawn by
    ``weights``; at most one new 之N article after each article."""
    shape = shape_of(statute)
    keys = list(shape)
    out = []
    inserted: set[int] = set()
    for key in w.rng.sample(keys[:-1], min(count, len(keys) - 1)):
        for kind in w.rng.choices(list(weights), list(weights.values()), k=4):  # a kind the article allows
            base = ArticleNumber.parse(key).base
            if kind == "insert_article" and base in inserted:
                continue
            text = instruction(w, statute, law, key, kind, shape)
            if text:
                inserted |= {base} if kind == "insert_article" else set()
                out.append(text)
                break
    return out


def instrument(w: Writer, statute: Statute, index: int, number: int, adopted: dt.date, in_force: dt.date,
               items: int) -> str:
    """Return amending instrument ``number`` of a law as national-database Markdown: ``items`` items, the last one
    the entry into force; each item changes a different article."""
    law = law_name(index)
    lines = instructions(w, statute, law, items - 1, OPERATION_WEIGHTS)
    when = "公布之日" if in_force == adopted else zh_date(in_force)
    lines.append(f"本修正案自{when}起施行。")
    items_md = [f"{to_chinese(n)}、{text}" for n, text in enumerate(lines, 1)]
    return "\n\n".join([f"# 中华人民共和国{law}修正案（{to_chinese(number)}）",
                        f"{zh_date(adopted)} 第十届全国人民代表大会常务委员会第{to_chinese(number + 3)}次会议通过",
                        "<!-- INFO END -->", *items_md])


# --- proposals --------------------------------------------------------------------------------------------


def proposal(w: Writer, statute: Statute, index: int, number: int, base: dt.date) -> tuple[str, str]:
    """Return (id, file text) of a proposal against the law's consolidated text: one to three changes."""
    changes = instructions(w, statute, "本法", w.rng.randint(1, 3),
                           {"replace_article": 2, "insert_article": 2, "replace_term": 1, "replace_paragraphs": 1})
    pid = f"{work_name(index)}-p{number}"
    front = [
        "---", f"id: {pid}", "title:", f"  zh: 关于修改{law_name(index)}的建议（{to_chinese(number)}）",
        f"  en: Proposal {number} on synthetic law {index}", "authors:", "  - lawdiff benchmarks",
        f"date: {base.isoformat()}", "status: draft", f"base: {work_name(index)}@{base.isoformat()}", "sources: []",
        "proposed_by: editors", "---",
    ]
    body = ["## Changes", *(f"{to_chinese(n)}、{c}" for n, c in enumerate(changes, 1)),
            "## Changes (English, unofficial translation)",
            *(f"{n}. Change {n} (synthetic)." for n in range(1, len(changes) + 1)), "## Rationale"]
    for n in range(1, len(changes) + 1):
        body += [f"### {to_chinese(n)}", "#### zh", w.sentence(), "#### en", "A synthetic rationale."]
    return pid, "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


# --- one law, all of it -------------------------------------------------------------------------------------


def generate_law(seed: int, index: int, out: Path) -> dict[str, int]:
    """Write one synthetic law (consolidated Markdown), its instruments and its proposals under ``out``."""
    w = Writer(random.Random(seed * 1_000_003 + index))
    adopted = dt.date(1997, 3, 14)
    statute = import_markdown(first_text(w, index, adopted), path=f"{work_name(index)}.md", name=work_name(index),
                              work_date=dt.date(1979, 7, 1))
    folder = out / "corpus" / work_name(index)
    folder.mkdir(parents=True, exist_ok=True)
    date = dt.date(1999, 1, 1)
    operations = 0
    for number, items in enumerate(ITEMS_PER_INSTRUMENT, 1):
        date = w.date(date, (300, 700))
        in_force = date if w.rng.random() < 0.6 else w.date(date, (30, 200))
        text = instrument(w, statute, index, number, date, in_force, items)
        path = folder / f"amendment-{number:02d}.md"
        path.write_text(text, encoding="utf-8")
        parsed = parse_instrument(text, str(path))
        operations += sum(len(item.operations) for item in parsed.items)
        statute = apply_instrument(statute, parsed, str(path))
    (out / "corpus" / f"{work_name(index)}.md").write_text(export_markdown(statute), encoding="utf-8")
    proposals = out / "project" / "proposals"
    proposals.mkdir(parents=True, exist_ok=True)
    for number in range(1, PROPOSALS_PER_LAW + 1):
        pid, text = proposal(w, statute, index, number, w.date(date, (400, 800)))
        (proposals / f"{pid}.md").write_text(text, encoding="utf-8")
    return dict(counts(statute), instruments=len(ITEMS_PER_INSTRUMENT), operations=operations,
                proposals=PROPOSALS_PER_LAW)


def counts(statute: Statute) -> Counter[str]:
    """Return the numbers of articles, paragraphs and points (and their sum, provisions) of a statute."""
    c = Counter(Provision(el).kind for el in statute.body.iter() if isinstance(el.tag, str))
    out = Counter(articles=c["article"], paragraphs=c["paragraph"], points=c["point"])
    out["provisions"] = out["articles"] + out["paragraphs"] + out["points"]
    return out


def _generate_one(args: tuple[int, int, str]) -> dict[str, int]:
    return generate_law(args[0], args[1], Path(args[2]))


def generate(scale: int, seed: int, out: Path, workers: int = os.cpu_count() or 1) -> Counter[str]:
    """Write ``scale`` synthetic laws with their instruments and proposals under ``out`` (in parallel: each law has
    its own seed, so the result does not depend on the number of workers)."""
    total: Counter[str] = Counter(laws=scale)
    jobs = [(seed, i, str(out)) for i in range(1, scale + 1)]
    if workers > 1 and scale > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_generate_one, jobs))
    else:
        results = [_generate_one(job) for job in jobs]
    for result in results:
        total.update(result)
    return total


# --- the stages run.py times ------------------------------------------------------------------------------


def laws(root: Path) -> Iterator[tuple[str, Path]]:
    for src in sorted((root / "corpus").glob("*.md")):
        yield src.stem, src


def import_all(root: Path) -> Counter[str]:
    """Import every law and instrument of the corpus into project/statutes, as `lawdiff regenerate` does."""
    from lawdiff.importing.instrument_xml import save_instrument

    statutes = root / "project" / "statutes"
    total: Counter[str] = Counter()
    for name, src in laws(root):
        statute = import_markdown(src.read_text(encoding="utf-8"), path=str(src), name=name,
                                  work_date=dt.date(1979, 7, 1))
        statute.save(statutes / name / f"zho@{statute.expression_date.isoformat()}.xml")
        total.update(counts(statute))
        for path in sorted((root / "corpus" / name).glob("*.md")):
            parsed = parse_instrument(path.read_text(encoding="utf-8"), str(path))
            save_instrument(parsed, statutes / name / "amendments" / f"{path.stem}.xml", name=f"{name}-{path.stem}",
                            amends=statute.work_uri)
            total["instruments"] += 1
    return total


def validate_all(root: Path) -> Counter[str]:
    """Validate every statute and instrument XML (schema and lawdiff's rules); count the findings."""
    from lawdiff.validate import validate_path

    total: Counter[str] = Counter()
    for path in sorted((root / "project" / "statutes").rglob("*.xml")):
        total["files"] += 1
        for finding in validate_path(path):
            total[finding.severity] += 1
    return total


def verify_all(root: Path) -> Counter[str]:
    """Derive every law's timeline and replay its instruments: `lawdiff verify --law` for every law, each with a
    library of its own (as each command has), so that memory is that of one law at a time."""
    from lawdiff.library import Library

    total: Counter[str] = Counter()
    for name in Library(root / "project").names:
        report = Library(root / "project").timeline(name).verify()
        total.update(laws=1, operations=report.operations, checked=report.checked, agreeing=report.agreeing,
                     undetermined=report.undetermined, disagreements=len(report.disagreements))
    return total


def proposals_all(root: Path) -> Counter[str]:
    """Load every proposal and apply it to the version it was drafted against."""
    from lawdiff.amending.proposals import apply_proposal, load_proposal
    from lawdiff.library import Library

    total: Counter[str] = Counter()
    libraries: dict[str, Library] = {}
    for path in sorted((root / "project" / "proposals").glob("*.md")):  # grouped by law: synthetic-law-NNN-pM
        p = load_proposal(path)
        if p.law not in libraries:  # one law's timeline at a time, as `lawdiff apply` would hold
            libraries = {p.law: Library(root / "project")}
        apply_proposal(p, libraries[p.law].proposal_base(p))
        total.update(proposals=1, operations=sum(len(item.operations) for item in p.items))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["generate", "import", "validate", "verify", "proposals"])
    parser.add_argument("root", type=Path, help="the folder of a synthetic corpus (created by generate)")
    parser.add_argument("--scale", type=int, default=1, help="multiple of the shipped Criminal Law (generate)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (generate)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.command == "generate":
        result = generate(args.scale, args.seed, args.root, args.workers)
    else:
        result = {"import": import_all, "validate": validate_all, "verify": verify_all,
                  "proposals": proposals_all}[args.command](args.root)
    print(json.dumps(dict(result, seconds=round(time.perf_counter() - started, 3)), sort_keys=True))


if __name__ == "__main__":
    main()
